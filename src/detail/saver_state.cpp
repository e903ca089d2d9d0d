//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "saver_state.hpp"
#include "saver_registry.hpp"

#include <durable/blocking_executor.hpp>
#include <durable/detail/replacement.hpp>
#include <durable/drop_handler.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>
#include <boost/assert.hpp>

#include <algorithm>
#include <utility>

namespace durable {
namespace detail {

// The write posted to the blocking executor. Destroyed unrun (the executor
// was shut down), it settles its generation as aborted, so that no flush
// and no destructor waits for it forever.
class saver_state::background_write
{
public:
    background_write(saver_state& state, write_job job)
        : state_(&state)
        , job_(std::move(job))
    {
    }

    background_write(background_write&& other) noexcept
        : state_(std::exchange(other.state_, nullptr))
        , job_(std::move(other.job_))
    {
    }

    background_write& operator=(background_write&&) = delete;

    ~background_write()
    {
        if(!state_)
            return;
        std::lock_guard<std::mutex> lock(state_->mutex_);
        state_->abandon_locked();
    }

    void operator()() { std::exchange(state_, nullptr)->run(std::move(job_)); }

private:
    saver_state* state_;
    write_job job_;
};

saver_state::saver_state(
    boost::asio::any_io_executor executor,
    std::filesystem::path path,
    saver_options options)
    : executor_(std::move(executor))
    , path_(std::move(path))
    , options_(std::move(options))
    , timer_(std::in_place, executor_)
{
    if(!options_.blocking_executor)
        options_.blocking_executor = default_blocking_executor();
}

void saver_state::attach()
{
    auto& context = boost::asio::query(executor_, boost::asio::execution::context);
    if(!boost::asio::use_service<saver_registry<saver_state>>(context).add(weak_from_this()))
        context_shutdown();
}

void saver_state::context_shutdown() noexcept
{
    std::vector<flush_waiter> unrun;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        context_gone_ = true;
        unrun.swap(waiters_);
        // Its wait holds a weak pointer only; the wait is destroyed unrun.
        timer_armed_ = false;
        timer_.reset();
    }
    // Destroyed outside the lock: a handler may own what owns this saver.
}

std::uint64_t saver_state::save(std::string bytes)
{
    std::lock_guard<std::mutex> lock(mutex_);
    // Coalescing: a state still pending is replaced, never written.
    pending_ = std::move(bytes);
    pending_generation_ = ++issued_;
    schedule_pending_locked();
    return issued_;
}

void saver_state::async_flush(flush_handler handler, bool urgent)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if(auto const outcome = outcome_locked(issued_))
        return post_locked(std::move(handler), *outcome);
    waiters_.push_back({issued_, std::move(handler), urgent});
    // A state held back by the commit delay goes now, if a flush waits.
    schedule_pending_locked();
}

failure saver_state::flush()
{
    std::unique_lock<std::mutex> lock(mutex_);
    std::uint64_t const target = issued_;
    for(;;)
    {
        if(auto const outcome = outcome_locked(target))
            return *outcome;
        if(writing_)
        {
            write_done_.wait(lock);
            continue;
        }
        // Not settled and nothing in flight: the target is pending. It is
        // written here, so that a flush needs no other thread to progress
        // (the saver's event loop may not be running at all).
        BOOST_ASSERT(pending_generation_ != 0);
        write_job job = take_pending_locked();
        lock.unlock();
        run(std::move(job));
        lock.lock();
    }
}

void saver_state::close(bool debug_build) noexcept
{
    std::uint64_t unflushed = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if(durable_.load() < issued_)
            unflushed = issued_;
    }
    if(unflushed != 0)
    {
        if(debug_build)
            report_drop({dropped_object::saver, path_, unflushed});
        failure const outcome = flush();
        if(!debug_build && outcome)
            report_drop({dropped_object::saver, path_, unflushed, outcome.code});
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if(timer_armed_)
    {
        timer_armed_ = false;
        timer_->cancel();
    }
    // A write started by a save racing with the flush above, or one still
    // finishing, must end before the state goes: it holds a plain pointer.
    write_done_.wait(lock, [this] { return !writing_; });
}

// Starts what is pending, if nothing is in flight: at once when there is no
// commit delay or a flush waits, else when the delay is over.
void saver_state::schedule_pending_locked()
{
    if(pending_generation_ == 0 || writing_)
        return;
    // Without its execution context, nothing would end the delay.
    bool const flush_waits = std::any_of(waiters_.begin(), waiters_.end(), [](auto const& w) { return w.urgent; });
    if(options_.commit_delay.count() == 0 || flush_waits || context_gone_)
        write_in_background_locked();
    else if(!timer_armed_)
        arm_timer_locked();
}

// The newest state becomes the job; from now on a write is in flight, and a
// timer armed for the state has nothing left to do.
saver_state::write_job saver_state::take_pending_locked()
{
    write_job job{std::move(pending_), pending_generation_};
    pending_.clear();
    pending_generation_ = 0;
    writing_ = true;
    if(timer_armed_)
    {
        timer_armed_ = false;
        timer_->cancel();
    }
    return job;
}

void saver_state::write_in_background_locked()
{
    boost::asio::post(options_.blocking_executor, background_write(*this, take_pending_locked()));
}

// Chromium's pattern: the delay starts with the first change after a write
// and later changes do not restart it, so a state waits at most the delay
// plus the write in flight when it was saved.
void saver_state::arm_timer_locked()
{
    timer_armed_ = true;
    std::uint64_t const epoch = ++timer_epoch_;
    timer_->expires_after(options_.commit_delay);
    timer_->async_wait([weak = weak_from_this(), epoch](boost::system::error_code) {
        if(auto const self = weak.lock())
            self->on_timer(epoch);
    });
}

void saver_state::on_timer(std::uint64_t epoch)
{
    std::lock_guard<std::mutex> lock(mutex_);
    // A write or a flush took the state first; this wait has nothing to do.
    if(epoch != timer_epoch_ || !timer_armed_)
        return;
    timer_armed_ = false;
    if(pending_generation_ != 0 && !writing_)
        write_in_background_locked();
}

void saver_state::run(write_job job)
{
    failure const outcome = replace_file(path_, job.bytes, options_);
    std::lock_guard<std::mutex> lock(mutex_);
    settle_locked(job.generation, outcome);
}

void saver_state::settle_locked(std::uint64_t generation, failure const& outcome)
{
    writing_ = false;
    writes_.fetch_add(1);
    if(!outcome)
    {
        durable_.store(generation);
    }
    else
    {
        failed_generation_ = generation;
        failure_ = outcome;
        if(options_.on_error && !context_gone_)
            boost::asio::post(executor_,
                [callback = options_.on_error,
                 error = save_error(path_, outcome.step, outcome.code, outcome.cause),
                 generation] { callback(error, generation); });
    }
    complete_waiters_locked();
    schedule_pending_locked();
    // Under the lock: once close() sees no write in flight, the state may go.
    write_done_.notify_all();
}

// The blocking executor dropped a write unrun: it will run nothing more, so
// every generation saved so far fails, and later saves start over.
void saver_state::abandon_locked()
{
    writing_ = false;
    failed_generation_ = issued_;
    failure_ = failure(step::open, boost::asio::error::operation_aborted);
    pending_.clear();
    pending_generation_ = 0;
    complete_waiters_locked();
    write_done_.notify_all();
}

void saver_state::complete_waiters_locked()
{
    // Rebuilt rather than erased from: erasing move-assigns the handlers,
    // and Boost 1.81's any_completion_handler move assignment recurses
    // until the stack overflows (it wraps the handler in itself).
    std::vector<flush_waiter> still_waiting;
    for(flush_waiter& w : waiters_)
    {
        if(auto const outcome = outcome_locked(w.generation))
            post_locked(std::move(w.handler), *outcome);
        else
            still_waiting.push_back(std::move(w));
    }
    waiters_.swap(still_waiting);
}

// Completions run through their own executors, by default the saver's, never
// on the thread that settled them: posting never runs them inline, so it is
// safe under the lock. Once the execution context is gone, the handler is
// destroyed unrun, as the context destroyed every other.
void saver_state::post_locked(flush_handler handler, failure const& outcome)
{
    if(!context_gone_)
        boost::asio::post(executor_, boost::asio::append(std::move(handler), outcome));
}

// Whether `generation` is settled: durable (an empty failure), or its write
// failed and no newer state is durable yet (that failure). Empty while it
// may still be written.
std::optional<failure> saver_state::outcome_locked(std::uint64_t generation) const
{
    if(durable_.load() >= generation)
        return failure();
    if(failed_generation_ >= generation)
        return failure_;
    return std::nullopt;
}

} // namespace detail
} // namespace durable
