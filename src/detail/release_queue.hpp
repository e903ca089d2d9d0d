//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_RELEASE_QUEUE_HPP
#define DURABLE_SRC_DETAIL_RELEASE_QUEUE_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace durable {
namespace detail {

// Destroys, on an executor, what a caller lets go and must not pay for: a
// superseded typed state may be a 1 MiB config, thousands of allocations,
// a hundred microseconds to free against a save's one. At most one drain is
// queued at a time, so a burst of saves posts once, not once per save. The
// queue owns only what it is given: a drain may outlive whoever fed it.
template<class Item>
class release_queue : public std::enable_shared_from_this<release_queue<Item>>
{
public:
    explicit release_queue(boost::asio::any_io_executor executor)
        : executor_(std::move(executor))
    {
    }

    void release(Item item)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        items_.push_back(std::move(item));
        if(!std::exchange(draining_, true))
            boost::asio::post(executor_, drain_job{this->shared_from_this()});
    }

private:
    // Drains where it runs, or where it is destroyed unrun (an executor shut
    // down), so that nothing stays queued with no drain to come.
    struct drain_job
    {
        std::shared_ptr<release_queue> queue;

        drain_job(std::shared_ptr<release_queue> q) : queue(std::move(q)) {}
        drain_job(drain_job&& other) noexcept = default;
        drain_job& operator=(drain_job&&) = delete;
        ~drain_job()
        {
            if(queue)
                queue->drain();
        }

        void operator()() { std::exchange(queue, nullptr)->drain(); }
    };

    void drain()
    {
        std::vector<Item> gone;
        std::lock_guard<std::mutex> lock(mutex_);
        gone.swap(items_);
        draining_ = false;
        // `gone` is destroyed here, after the lock: a new release may post.
    }

    boost::asio::any_io_executor executor_;
    std::mutex mutex_;
    std::vector<Item> items_;
    bool draining_ = false;
};

} // namespace detail
} // namespace durable

#endif
