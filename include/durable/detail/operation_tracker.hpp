//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_OPERATION_TRACKER_HPP
#define DURABLE_DETAIL_OPERATION_TRACKER_HPP

#include <durable/detail/export.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace durable {
namespace detail {

// Keeps an execution context (the caller's io_context) alive for the
// operations whose blocking part runs elsewhere. Each operation enters
// before it leaves for the blocking executor, hands back its completion,
// and leaves once nothing of it remains on the blocking side. When the context is destroyed, shutdown() cancels the
// operations in flight (they stop before the rename and remove their
// temporary files), waits for their blocking parts to end, and destroys
// their completions unrun, as Asio does with every pending handler.
class DURABLE_DECL operation_tracker : public boost::asio::execution_context::service
{
public:
    using key_type = operation_tracker;
    // Defined in the library, not inline here: a program and a shared
    // build of the library must find one service, and Asio tells services
    // of this kind apart by the address of their id.
    static boost::asio::execution_context::id id;

    explicit operation_tracker(boost::asio::execution_context& context)
        : boost::asio::execution_context::service(context)
    {
    }

    // Registers an operation about to start its blocking part; setting
    // `cancelled` asks it to stop before the rename.
    void enter(std::atomic<bool>& cancelled)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if(shut_down_)
            cancelled = true;
        in_flight_.push_back(&cancelled);
    }

    // Hands an operation's completion back: posts it to its associated
    // executor or, if the context is shutting down, keeps it to be
    // destroyed there. The operation is still in flight until leave().
    template<class Completion>
    void hand_back(Completion&& completion)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        // Under the lock: the context cannot complete its shutdown between
        // the test and the post.
        if(!shut_down_)
            boost::asio::post(std::forward<Completion>(completion));
        else
            abandoned_.push_back(
                std::make_unique<abandoned_completion<std::decay_t<Completion>>>(
                    std::forward<Completion>(completion)));
    }

    // Ends an operation: its completion was handed back, or its blocking
    // part was destroyed without running (its executor was destroyed) and
    // the completion went with it. Nothing of it may remain after this.
    void leave(std::atomic<bool>& cancelled)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        leave_locked(cancelled);
    }

private:
    struct abandoned
    {
        virtual ~abandoned() = default;
    };

    template<class Completion>
    struct abandoned_completion : abandoned
    {
        explicit abandoned_completion(Completion&& c)
            : completion(std::move(c))
        {
        }
        Completion completion;
    };

    void leave_locked(std::atomic<bool>& cancelled)
    {
        in_flight_.erase(std::find(in_flight_.begin(), in_flight_.end(), &cancelled));
        if(in_flight_.empty())
            idle_.notify_all();
    }

    void shutdown() override
    {
        std::vector<std::unique_ptr<abandoned>> unrun;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            shut_down_ = true;
            for(std::atomic<bool>* cancelled : in_flight_)
                *cancelled = true;
            idle_.wait(lock, [this] { return in_flight_.empty(); });
            unrun.swap(abandoned_);
        }
        // Destroyed here, on the thread destroying the context, while it
        // still exists: they may hold work on it.
    }

    std::mutex mutex_;
    std::condition_variable idle_;
    bool shut_down_ = false;
    std::vector<std::atomic<bool>*> in_flight_;
    std::vector<std::unique_ptr<abandoned>> abandoned_;
};

} // namespace detail
} // namespace durable

#endif
