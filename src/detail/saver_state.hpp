//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_SAVER_STATE_HPP
#define DURABLE_SRC_DETAIL_SAVER_STATE_HPP

#include <durable/detail/failure.hpp>
#include <durable/saver_options.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace durable {
namespace detail {

// Everything a saver is.
//
// One mutex guards the state, the commit-delay timer included (a timer is
// not thread safe; the mutex serialises every use of it). At most one write
// is in flight: on the blocking executor, or on the thread of a synchronous
// flush. The newest state saved meanwhile waits in `pending_`, replacing
// any older one.
//
// Lifetime: the saver owns the state, and nothing else holds it strongly.
// A write on the blocking executor holds a plain pointer, and close() waits
// for it to end, so that the last reference is never dropped on a pool
// thread after the saver's execution context is gone. A timer wait holds a
// weak pointer: it may outlive the state, which it then finds gone. The
// operations waiting for a flush are kept here, and an operation must not
// hold its saver (or an owner of it): the owner could then never be
// destroyed. When the execution context shuts down first, its
// saver_registry destroys them, with the timer, and from then on nothing
// is posted to it.
class saver_state : public std::enable_shared_from_this<saver_state>
{
public:
    using flush_handler = boost::asio::any_completion_handler<void(failure)>;

    saver_state(
        boost::asio::any_io_executor executor,
        std::filesystem::path path,
        saver_options options);

    // Signs the state in with its execution context's saver_registry: the
    // second half of the construction, which needs weak_from_this().
    void attach();

    std::uint64_t save(std::string bytes);

    // Completes once every save made so far is durable or failed. `urgent`:
    // a state held back by the commit delay is written now (a flush); else
    // the delay runs its course (the completion of a save).
    void async_flush(flush_handler handler, bool urgent);
    failure flush();

    // The execution context shuts down: its handlers go, unrun.
    void context_shutdown() noexcept;

    // The saver's destructor: reports (debug build) or flushes and reports
    // a failure (release build); then waits until no write is in flight.
    void close(bool debug_build) noexcept;

    std::uint64_t durable_generation() const noexcept { return durable_.load(); }
    std::uint64_t write_count() const noexcept { return writes_.load(); }
    std::filesystem::path const& path() const noexcept { return path_; }
    boost::asio::any_io_executor const& executor() const noexcept { return executor_; }

private:
    struct write_job
    {
        std::string bytes;
        std::uint64_t generation = 0;
    };

    class background_write;

    // The handler keeps its executors running until it completes (the
    // operations of the saver and of config_file are composed operations).
    struct flush_waiter
    {
        std::uint64_t generation;
        flush_handler handler;
        bool urgent;
    };

    write_job take_pending_locked();
    void write_in_background_locked();
    void arm_timer_locked();
    void on_timer(std::uint64_t epoch);
    void run(write_job job);
    void settle_locked(std::uint64_t generation, failure const& outcome);
    void abandon_locked();
    void complete_waiters_locked();
    void post_locked(flush_handler handler, failure const& outcome);
    void schedule_pending_locked();
    std::optional<failure> outcome_locked(std::uint64_t generation) const;

    boost::asio::any_io_executor executor_;
    std::filesystem::path path_;
    saver_options options_;

    mutable std::mutex mutex_;
    std::condition_variable write_done_;
    std::optional<boost::asio::steady_timer> timer_; // gone with the execution context
    bool context_gone_ = false;
    std::uint64_t issued_ = 0;
    std::string pending_;
    std::uint64_t pending_generation_ = 0; // 0: nothing pending
    bool writing_ = false;
    bool timer_armed_ = false;
    std::uint64_t timer_epoch_ = 0;
    std::uint64_t failed_generation_ = 0;
    failure failure_;
    std::vector<flush_waiter> waiters_;
    std::atomic<std::uint64_t> durable_{0};
    std::atomic<std::uint64_t> writes_{0};
};

} // namespace detail
} // namespace durable

#endif
