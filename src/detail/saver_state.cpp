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
#include <durable/error.hpp>

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
//
// Not a detail::run_blocking operation, as asynchronous operations are
// (see blocking_job.hpp): the write is the saver's own work, not an
// operation of its execution context. No completion handler travels with
// it (the waiters stay in the saver, settled under its mutex); it must
// run to its end when the context shuts down first, where the tracker
// would cancel it, since the saver outlives its context for the flush
// guard; and close() waits for it on write_done_, because a write holds a
// plain pointer and nothing else keeps the saver alive.
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
    releases_ = std::make_shared<release_queue<render_function>>(options_.blocking_executor);
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
        urgent_waiters_ = 0;
        // Its wait holds a weak pointer only; the wait is destroyed unrun.
        timer_armed_ = false;
        timer_.reset();
    }
    // Destroyed outside the lock: a handler may own what owns this saver.
}

std::uint64_t saver_state::save(std::string bytes)
{
    std::lock_guard<std::mutex> lock(mutex_);
    return save_locked({std::move(bytes), nullptr}).generation;
}

std::uint64_t saver_state::save(render_function render)
{
    saved s;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        s = save_locked({{}, std::move(render)});
    }
    // A typed value may take far longer to free than the save takes: it
    // goes on the blocking executor, not on the caller's thread.
    if(s.superseded.render)
        releases_->release(std::move(s.superseded.render));
    return s.generation;
}

saver_state::saved saver_state::save_locked(content c)
{
    // Coalescing: a state still pending is replaced, never written; a state
    // held after a failure too, and its retry is no longer due.
    if(std::exchange(held_, false))
        cancel_timer_locked();
    saved s{std::exchange(pending_, std::move(c)), ++issued_};
    pending_generation_ = issued_;
    schedule_pending_locked();
    return s;
}

void saver_state::async_flush(flush_handler handler, bool urgent)
{
    std::lock_guard<std::mutex> lock(mutex_);
    // A flush writes a state that failed once more: the disk may have room now.
    if(urgent && held_)
        release_hold_locked();
    if(auto const outcome = outcome_locked(issued_))
        return post_locked(std::move(handler), *outcome);
    waiters_.push_back({issued_, std::move(handler), urgent});
    urgent_waiters_ += urgent ? 1 : 0;
    // A state held back by the commit delay goes now, if a flush waits.
    schedule_pending_locked();
}

failure saver_state::flush()
{
    std::unique_lock<std::mutex> lock(mutex_);
    if(held_)
        release_hold_locked();
    std::uint64_t const target = issued_;
    for(;;)
    {
        if(auto const outcome = outcome_locked(target))
        {
            if(*outcome)
                told_ = std::max(told_, failed_generation_);
            return *outcome;
        }
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

void saver_state::discard()
{
    std::lock_guard<std::mutex> lock(mutex_);
    discarded_ = issued_;
    held_ = false;
    cancel_timer_locked();
    pending_ = {};
    pending_generation_ = 0;
    complete_waiters_locked();
}

void saver_state::close(bool debug_build) noexcept
{
    std::uint64_t unflushed = 0;
    bool told = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        // The guard runs once per owner (a config_file's, then its saver's
        // when the last operation holding the state lets it go): a save it
        // has met is reported and written once; one made since, by an
        // operation that outlived the first owner, is met now.
        if(durable_.load() < issued_ && discarded_ < issued_ && guarded_ < issued_)
            unflushed = issued_;
        told = told_ >= issued_;
        guarded_ = issued_;
    }
    if(unflushed != 0)
    {
        // A program that never flushed has a bug a debug build must show; one
        // that was told of the failure has handled it, and the state gets one
        // more chance.
        if(debug_build && !told)
            report_drop({dropped_object::saver, path_, unflushed});
        failure const outcome = flush();
        if(outcome && (!debug_build || told))
            report_drop({dropped_object::saver, path_, unflushed, outcome.code,
                told ? drop_reason::flush_failed : drop_reason::not_flushed});
    }
    std::unique_lock<std::mutex> lock(mutex_);
    cancel_timer_locked();
    // A write started by a save racing with the flush above, or one still
    // finishing, must end before the state goes: it holds a plain pointer.
    write_done_.wait(lock, [this] { return !writing_; });
}

// Starts what is pending, if nothing is in flight: at once when there is no
// commit delay or a flush waits, else when the delay is over. A held state
// waits for a flush, its retry or a newer save.
void saver_state::schedule_pending_locked()
{
    if(pending_generation_ == 0 || writing_ || held_)
        return;
    // Without its execution context, nothing would end the delay.
    if(options_.commit_delay.count() == 0 || urgent_waiters_ > 0 || context_gone_)
        write_in_background_locked();
    else if(!timer_armed_)
        arm_timer_locked(options_.commit_delay);
}

// The newest state becomes the job; from now on a write is in flight, and a
// timer armed for the state has nothing left to do.
saver_state::write_job saver_state::take_pending_locked()
{
    write_job job{std::move(pending_), pending_generation_};
    pending_ = {};
    pending_generation_ = 0;
    writing_ = true;
    cancel_timer_locked();
    return job;
}

void saver_state::write_in_background_locked()
{
    boost::asio::post(options_.blocking_executor, background_write(*this, take_pending_locked()));
}

// For the commit delay, Chromium's pattern: the delay starts with the first
// change after a write and later changes do not restart it, so a state
// waits at most the delay plus the write in flight when it was saved.
void saver_state::arm_timer_locked(std::chrono::steady_clock::duration delay)
{
    timer_armed_ = true;
    std::uint64_t const epoch = ++timer_epoch_;
    timer_->expires_after(delay);
    timer_->async_wait([weak = weak_from_this(), epoch](boost::system::error_code) {
        if(auto const self = weak.lock())
            self->on_timer(epoch);
    });
}

void saver_state::cancel_timer_locked()
{
    if(std::exchange(timer_armed_, false))
        timer_->cancel();
}

void saver_state::on_timer(std::uint64_t epoch)
{
    std::lock_guard<std::mutex> lock(mutex_);
    // A write or a flush took the state first; this wait has nothing to do.
    if(epoch != timer_epoch_ || !timer_armed_)
        return;
    timer_armed_ = false;
    if(held_)
        release_hold_locked();
    if(pending_generation_ != 0 && !writing_)
        write_in_background_locked();
}

void saver_state::run(write_job job)
{
    failure outcome = render(job.content);
    if(!outcome)
        outcome = replace_file(path_, job.content.bytes, options_);
    std::lock_guard<std::mutex> lock(mutex_);
    settle_locked(std::move(job), outcome);
}

// Renders on the writing thread, so that a burst of saves costs one render
// per write and none on the callers'. The function goes before the state is
// settled: what it holds must not outlive the saver's owner on this thread.
failure saver_state::render(content& c) const
{
    if(!c.render)
        return {};
    failure outcome;
    try
    {
        c.bytes = c.render();
    }
    catch(boost::system::system_error const& e)
    {
        outcome = failure(step::render, e.code());
        outcome.refusal = std::current_exception();
    }
    catch(...)
    {
        outcome = failure(step::render, make_error_code(error::invalid_config));
        outcome.refusal = std::current_exception();
    }
    c.render = nullptr;
    return outcome;
}

void saver_state::settle_locked(write_job job, failure const& outcome)
{
    writing_ = false;
    writes_.fetch_add(1);
    if(!outcome)
        succeed_locked(job.generation);
    else
        fail_locked(std::move(job), outcome);
    complete_waiters_locked();
    schedule_pending_locked();
    // Under the lock: once close() sees no write in flight, the state may go.
    write_done_.notify_all();
}

void saver_state::succeed_locked(std::uint64_t generation)
{
    durable_.store(generation);
    backoff_ = {};
    if(std::exchange(failing_, false) && options_.on_recovered && !context_gone_)
        boost::asio::post(executor_, [callback = options_.on_recovered, generation] { callback(generation); });
}

// The failure is told once per episode; the state is kept for the next
// flush, retry or save, unless a newer one replaced it, the program gave it
// up, or it was refused (a second render would refuse it again).
void saver_state::fail_locked(write_job job, failure const& outcome)
{
    failed_generation_ = job.generation;
    failure_ = outcome;
    if(!std::exchange(failing_, true) && options_.on_error && !context_gone_)
    {
        told_ = std::max(told_, job.generation);
        boost::asio::post(executor_,
            [callback = options_.on_error,
             error = save_error(path_, outcome.step, outcome.code, outcome.cause),
             generation = job.generation] { callback(error, generation); });
    }
    if(outcome.refusal || pending_generation_ != 0 || job.generation <= discarded_)
        return;
    pending_ = std::move(job.content);
    pending_generation_ = job.generation;
    held_ = true;
    auto const& retry = options_.retry;
    if(retry.initial_delay.count() <= 0 || context_gone_)
        return;
    backoff_ = backoff_.count() == 0 ? retry.initial_delay : std::min(2 * backoff_, retry.max_delay);
    arm_timer_locked(backoff_);
}

// The held state is pending again, as if never written: its generations
// are no longer failed.
void saver_state::release_hold_locked()
{
    held_ = false;
    cancel_timer_locked();
    failed_generation_ = durable_.load();
}

// The blocking executor dropped a write unrun: it will run nothing more, so
// every generation saved so far fails, and later saves start over.
void saver_state::abandon_locked()
{
    writing_ = false;
    failed_generation_ = issued_;
    failure_ = failure(step::open, boost::asio::error::operation_aborted);
    pending_ = {};
    pending_generation_ = 0;
    held_ = false;
    complete_waiters_locked();
    write_done_.notify_all();
}

void saver_state::complete_waiters_locked()
{
    // Rebuilt rather than erased from: erasing move-assigns the handlers,
    // and Boost 1.81's any_completion_handler move assignment recurses
    // until the stack overflows (it wraps the handler in itself).
    std::vector<flush_waiter> still_waiting;
    urgent_waiters_ = 0;
    for(flush_waiter& w : waiters_)
    {
        if(auto const outcome = outcome_locked(w.generation))
            post_locked(std::move(w.handler), *outcome);
        else
        {
            urgent_waiters_ += w.urgent ? 1 : 0;
            still_waiting.push_back(std::move(w));
        }
    }
    waiters_.swap(still_waiting);
}

// Completions run through their own executors, by default the saver's, never
// on the thread that settled them: posting never runs them inline, so it is
// safe under the lock. Once the execution context is gone, the handler is
// destroyed unrun, as the context destroyed every other.
void saver_state::post_locked(flush_handler handler, failure const& outcome)
{
    if(context_gone_)
        return;
    if(outcome)
        told_ = std::max(told_, failed_generation_);
    boost::asio::post(executor_, boost::asio::append(std::move(handler), outcome));
}

// Whether `generation` is settled: durable (an empty failure), its write
// failed and no newer state is durable yet (that failure), or it was
// discarded. Empty while it may still be written.
std::optional<failure> saver_state::outcome_locked(std::uint64_t generation) const
{
    if(durable_.load() >= generation)
        return failure();
    if(failed_generation_ >= generation)
        return failure_;
    if(discarded_ >= generation)
        return failure(step::open, boost::asio::error::operation_aborted);
    return std::nullopt;
}

} // namespace detail
} // namespace durable
