//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_BLOCKING_JOB_HPP
#define DURABLE_DETAIL_BLOCKING_JOB_HPP

#include <durable/blocking_executor.hpp>
#include <durable/detail/operation_tracker.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>

namespace durable {
namespace detail {

// The blocking part of a composed operation: runs `work` on the blocking
// executor and hands its results back to the operation, which resumes on
// the caller's executor as `self(results...)`. `work` returns a tuple.
//
// The operation is signed in with the io context's operation_tracker for as
// long as any of it lives on the blocking side, so that destroying the
// context waits for it or abandons it cleanly. `work` counts as part of
// the operation: whatever it holds (it may own I/O objects of the context)
// is destroyed before the sign-out, never on a pool thread after the
// context is gone.
//
// This is the one way an operation's blocking part runs: async_write_file
// and async_write_files (through blocking_op), config_file's load and
// update, live_config's reads and watch placements. Each belongs to its
// caller's io context, lives as long as its completion handler, and may be
// cancelled or abandoned when that context shuts down.
// The saver's writes run another way (saver_state::background_write), on
// purpose: a write belongs to the saver, not to any operation or context.
// It serves many waiters and the synchronous flush(), must progress with no
// event loop running, must finish even when the context is destroyed first
// (the flush guard writes the newest state then), and the saver's
// destructor waits for it; a tracker would cancel it at the context's
// shutdown and tie it to a context the saver may outlive.
template<class Self, class Work>
class blocking_job
{
public:
    blocking_job(operation_tracker& tracker, std::shared_ptr<std::atomic<bool>> cancelled, Work work, Self&& self)
        : tracker_(&tracker)
        , cancelled_(std::move(cancelled))
        , work_(std::move(work))
        , self_(std::move(self))
    {
    }

    blocking_job(blocking_job&& other) noexcept
        : tracker_(std::exchange(other.tracker_, nullptr))
        , cancelled_(std::move(other.cancelled_))
        , work_(std::move(other.work_))
        , self_(std::move(other.self_))
    {
        other.work_.reset();
        other.self_.reset();
    }

    blocking_job& operator=(blocking_job&&) = delete;

    ~blocking_job()
    {
        if(!tracker_)
            return;
        work_.reset();
        self_.reset();
        tracker_->leave(*cancelled_);
    }

    void operator()()
    {
        auto results = (*work_)();
        work_.reset();
        operation_tracker* tracker = std::exchange(tracker_, nullptr);
        // The shell of the appended completion goes at the end of this
        // statement, the shell in self_ on the next: both before leave().
        std::apply(
            [&](auto&&... r) {
                tracker->hand_back(boost::asio::append(std::move(*self_), std::move(r)...));
            },
            std::move(results));
        self_.reset();
        tracker->leave(*cancelled_);
    }

private:
    operation_tracker* tracker_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    std::optional<Work> work_;
    std::optional<Self> self_;
};

// Sends `work` of the operation `self`, started on `io`, to `blocking` (the
// default blocking executor when empty). `cancelled` is the flag the
// tracker sets when the io context shuts down.
template<class Self, class IoExecutor, class Work>
void run_blocking(
    Self&& self,
    IoExecutor const& io,
    boost::asio::any_io_executor blocking,
    std::shared_ptr<std::atomic<bool>> cancelled,
    Work work)
{
    auto const allocator = boost::asio::get_associated_allocator(self);
    auto& tracker = boost::asio::use_service<operation_tracker>(
        boost::asio::query(io, boost::asio::execution::context));
    tracker.enter(*cancelled);
    if(!blocking)
        blocking = default_blocking_executor();
    boost::asio::post(blocking, boost::asio::bind_allocator(allocator,
        blocking_job<std::decay_t<Self>, Work>(tracker, std::move(cancelled), std::move(work), std::move(self))));
}

} // namespace detail
} // namespace durable

#endif
