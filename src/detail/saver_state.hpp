//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_SAVER_STATE_HPP
#define DURABLE_SRC_DETAIL_SAVER_STATE_HPP

#include "release_queue.hpp"

#include <durable/detail/failure.hpp>
#include <durable/saver_options.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace durable {
namespace detail {

// Everything a saver is.
//
// One mutex guards the state, the timer included (a timer is not thread
// safe; the mutex serialises every use of it). At most one write is in
// flight: on the blocking executor, or on the thread of a synchronous
// flush. The newest state saved meanwhile waits in `pending_`, replacing
// any older one.
//
// A state whose write failed goes back to `pending_`, held: it is written
// again by the next flush, by the retry timer, or replaced by a newer save,
// but a wait for a save does not write it again (that would fail in a loop).
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

    // Renders a state's text when it is written. It may throw (a config_error
    // for a value that has no text): the save then fails at step render.
    using render_function = std::function<std::string()>;

    saver_state(
        boost::asio::any_io_executor executor,
        std::filesystem::path path,
        saver_options options);

    // Signs the state in with its execution context's saver_registry: the
    // second half of the construction, which needs weak_from_this().
    void attach();

    std::uint64_t save(std::string bytes);
    std::uint64_t save(render_function render);

    // Completes once every save made so far is durable or failed. `urgent`:
    // a state held back by the commit delay, or held after a failure, is
    // written now (a flush); else the delay runs its course and a failure
    // stands (the completion of a save).
    void async_flush(flush_handler handler, bool urgent);
    failure flush();

    // Gives up every state not written yet: nothing more is written of it,
    // its waits end with operation_aborted, and close() reports nothing.
    void discard();

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
    // A state to write: its text, or the function that renders it.
    struct content
    {
        std::string bytes;
        render_function render;
    };

    struct write_job
    {
        struct content content;
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

    // What a save replaced, and the generation it made.
    struct saved
    {
        content superseded;
        std::uint64_t generation = 0;
    };

    saved save_locked(content c);
    write_job take_pending_locked();
    void write_in_background_locked();
    void arm_timer_locked(std::chrono::steady_clock::duration delay);
    void cancel_timer_locked();
    void on_timer(std::uint64_t epoch);
    void run(write_job job);
    failure render(content& c) const;
    void settle_locked(write_job job, failure const& outcome);
    void succeed_locked(std::uint64_t generation);
    void fail_locked(write_job job, failure const& outcome);
    void release_hold_locked();
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
    content pending_;
    std::uint64_t pending_generation_ = 0; // 0: nothing pending
    bool held_ = false;                    // pending_ failed; waits for a flush, a retry or a newer save
    bool writing_ = false;
    bool timer_armed_ = false; // for the commit delay, or for a retry when held_
    std::uint64_t timer_epoch_ = 0;
    std::chrono::steady_clock::duration backoff_{0}; // the retry's current wait
    std::uint64_t failed_generation_ = 0;
    failure failure_;
    bool failing_ = false;          // between on_error and on_recovered
    std::uint64_t told_ = 0;        // the newest failed generation the program was told of
    std::uint64_t discarded_ = 0;   // every generation up to it was given up
    std::uint64_t guarded_ = 0;     // every generation up to it met the flush guard
    std::vector<flush_waiter> waiters_;
    std::size_t urgent_waiters_ = 0; // how many of waiters_ are flushes
    std::shared_ptr<release_queue<render_function>> releases_;
    std::atomic<std::uint64_t> durable_{0};
    std::atomic<std::uint64_t> writes_{0};
};

} // namespace detail
} // namespace durable

#endif
