//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_SAVER_REGISTRY_HPP
#define DURABLE_SRC_DETAIL_SAVER_REGISTRY_HPP

#include <boost/asio/execution_context.hpp>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace durable {
namespace detail {

// The savers of one execution context, told when it shuts down.
//
// A saver keeps the flush operations that wait for a write, and its commit
// delay timer, outside the context's queues: the context cannot destroy them
// as it destroys every other pending handler (Asio's channels keep their
// waiting operations in a service for the same reason). So the context
// tells each saver, which destroys them then, while the context still
// exists, and posts nothing to it from then on.
//
// It holds weak pointers: a saver never has to sign out, so neither of the
// two can outlive the other unsafely.
template<class State>
class saver_registry : public boost::asio::execution_context::service
{
public:
    using key_type = saver_registry;
    static inline boost::asio::execution_context::id id;

    explicit saver_registry(boost::asio::execution_context& context)
        : boost::asio::execution_context::service(context)
    {
    }

    // False if the context is already shutting down.
    bool add(std::weak_ptr<State> state)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if(shut_down_)
            return false;
        // Savers of the past are forgotten as the list grows, so that a
        // program that makes many savers in turn keeps a short list.
        if(states_.size() >= 2 * live_at_last_prune_)
            prune_locked();
        states_.push_back(std::move(state));
        return true;
    }

private:
    void prune_locked()
    {
        std::vector<std::weak_ptr<State>> live;
        for(auto& s : states_)
            if(!s.expired())
                live.push_back(std::move(s));
        states_.swap(live);
        live_at_last_prune_ = std::max<std::size_t>(states_.size(), 8);
    }

    void shutdown() override
    {
        std::vector<std::weak_ptr<State>> states;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            shut_down_ = true;
            states.swap(states_);
        }
        // Outside the lock: what a saver destroys may destroy another saver.
        for(auto const& weak : states)
            if(auto const state = weak.lock())
                state->context_shutdown();
    }

    std::mutex mutex_;
    bool shut_down_ = false;
    std::size_t live_at_last_prune_ = 8;
    std::vector<std::weak_ptr<State>> states_;
};

} // namespace detail
} // namespace durable

#endif
