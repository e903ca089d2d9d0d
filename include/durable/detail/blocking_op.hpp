//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_BLOCKING_OP_HPP
#define DURABLE_DETAIL_BLOCKING_OP_HPP

#include <durable/detail/blocking_job.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/cancellation_type.hpp>

#include <atomic>
#include <memory>
#include <utility>

namespace durable {
namespace detail {

// The body of an async_compose operation that is all blocking work:
// async_write_file and async_write_files. `work(cancelled)` runs on the
// blocking executor and returns the tuple of the completion's arguments;
// the operation completes with them on the caller's executor.
//
// `cancelled` is set by a cancellation of the operation, of any type, and
// by the shutdown of the io context (run_blocking). The work decides what
// it can still honour: a save looks at it up to its first rename and
// ignores it after, as nothing before the rename needs undoing and nothing
// after it can be undone.
template<class IoExecutor, class Work>
class blocking_op
{
public:
    blocking_op(IoExecutor const& io, boost::asio::any_io_executor blocking, Work work)
        : io_(io)
        , blocking_(std::move(blocking))
        , work_(std::move(work))
    {
    }

    // Started: leave for the blocking executor.
    template<class Self>
    void operator()(Self& self)
    {
        // Shared with the cancellation handler, which may run on another thread.
        auto cancelled = std::allocate_shared<std::atomic<bool>>(
            boost::asio::get_associated_allocator(self), false);
        self.reset_cancellation_state(boost::asio::enable_total_cancellation());
        auto slot = self.get_cancellation_state().slot();
        if(slot.is_connected())
            slot.assign([cancelled](boost::asio::cancellation_type) { *cancelled = true; });

        run_blocking(std::move(self), io_, std::move(blocking_), cancelled,
            [work = std::move(work_), cancelled]() mutable { return work(*cancelled); });
    }

    // Back on the caller's executor, through the tracker.
    template<class Self, class... Results>
    void operator()(Self& self, Results... results)
    {
        self.complete(std::move(results)...);
    }

private:
    IoExecutor io_;
    boost::asio::any_io_executor blocking_;
    Work work_;
};

} // namespace detail
} // namespace durable

#endif
