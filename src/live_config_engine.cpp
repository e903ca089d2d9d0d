//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/live_config_engine.hpp>

#include <durable/config_document.hpp>
#include <durable/detail/blocking_job.hpp>
#include <durable/detail/fnv1a.hpp>
#include <durable/error.hpp>
#include <durable/systemd_notify.hpp>
#include "detail/file_watch.hpp"

#include <boost/asio/any_completion_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>

namespace durable {
namespace detail {

// Everything a live_config is but for T. The triggers, the debounce and the
// reload sequence live on one strand. The snapshot, which readers on any
// thread ask for, is behind a mutex of its own, held only to copy or swap a
// pointer, so that a reader never waits for a reload, nor for anything but
// another reader's copy; the status and what the blocking part looks at are
// behind a second one.
//
// What blocks (reading the file, looking up the paths the watch follows)
// runs on the blocking executor, never on the strand (G6): a path lookup on
// a remote or FUSE file system can stall for minutes, and the event loop must
// still hear SIGTERM meanwhile.
//
// Lifetime: the asynchronous waits and the blocking step in flight hold the
// state; stop() cancels the waits, so the state goes once the last of them
// has completed. The blocking part of a step holds a plain pointer: its
// operation holds the state and brings it back to the strand. The state
// holds the typed steps, and so the config_file core they use.
struct live_config_engine::state : std::enable_shared_from_this<state>
{
    using strand_type = boost::asio::strand<executor_type>;

    // What the blocking part of a reload found.
    struct outcome
    {
        enum kind_type
        {
            published, // a new snapshot, in `value`
            unchanged, // the content of the running snapshot
            repeated,  // the content of the last failed reload, again
            failed     // `error` says why
        };
        kind_type kind = failed;
        snapshot value;
        std::uint64_t hash = 0;
        bool own_save = false;
        std::optional<config_error> error;

        // Keeps the hash: the content that failed is known next time.
        outcome& fail(config_error e)
        {
            kind = failed;
            error = std::move(e);
            return *this;
        }
    };

    struct waiter
    {
        reload_completion handler;
        // Keep the handler's executor running until the reload completes,
        // as every pending asynchronous operation does.
        boost::asio::any_completion_executor work;
    };

    static waiter make_waiter(reload_completion handler, executor_type const& io)
    {
        auto work = boost::asio::prefer(
            boost::asio::get_associated_executor(handler, io), boost::asio::execution::outstanding_work.tracked);
        return {std::move(handler), std::move(work)};
    }

    // The values saved through this live_config and not yet seen back, by
    // the hash of their text. Shared with the renders of the saver, which
    // tell it on the writing thread, before the file changes, so that the
    // reload the change causes finds it; it holds nothing that owns the
    // saver.
    class own_saves_type
    {
    public:
        void remember(std::uint64_t hash, snapshot value)
        {
            std::lock_guard<std::mutex> lock(mutex_);
            entry& e = saves_[hash];
            e.value = std::move(value);
            ++e.saves;
        }

        void forget(std::uint64_t hash)
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto const e = saves_.find(hash);
            if(e != saves_.end() && --e->second.saves == 0)
                saves_.erase(e);
        }

        snapshot find(std::uint64_t hash) const
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto const e = saves_.find(hash);
            return e == saves_.end() ? nullptr : e->second.value;
        }

    private:
        struct entry
        {
            snapshot value;
            unsigned saves = 0; // renders of this content not yet forgotten
        };

        mutable std::mutex mutex_;
        std::map<std::uint64_t, entry> saves_;
    };

    state(executor_type executor, std::filesystem::path p, reload_options o, std::shared_ptr<typed_steps> s)
        : options(std::move(o))
        , path(std::move(p))
        , steps(std::move(s))
        , io(executor)
        , strand(boost::asio::make_strand(executor))
        , signals(strand)
        , debounce_timer(strand)
        , retry_timer(strand)
        , settle_timer(strand)
        , poll_timer(strand)
    {
    }

    // The second half of the construction: it needs shared_from_this().
    // The triggers are set up before the load, so that a change made while
    // the load reads is not missed.
    void start()
    {
        for(int signal : options.reload_signals)
            signals.add(signal);
        // Without a watch (inotify limits reached, a file system that
        // cannot tell its changes) the daemon still runs on its signals, async_reload and the
        // poll, and the watch is retried. A path that cannot lead to a file
        // (a directory missing or unreadable, a typo) fails the start: the
        // daemon would run on defaults with its real file elsewhere.
        boost::system::error_code const watch_error = options.watch_file ? arm_watch() : boost::system::error_code();
        if(is_path_error(watch_error))
            throw config_error(path, watch_error, "watch");
        status.watching = options.watch_file && !watch_error;
        current = steps->load(status.content_hash);
        status.generation = 1;
        status.ok = true;
        status.time = std::chrono::system_clock::now();
        // The waits start on the strand, where everything that touches the
        // I/O objects runs, even if the executor already runs elsewhere.
        boost::asio::post(strand, [self = shared_from_this(), watch_error] {
            self->wait_for_signal();
            self->wait_for_events();
            // Reported once the program has had the chance to add its callbacks.
            if(watch_error)
                self->watch_failed(watch_error);
        });
    }

    static bool is_path_error(boost::system::error_code const& ec)
    {
        return ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory ||
            ec == std::errc::permission_denied || ec == std::errc::too_many_symbolic_link_levels;
    }

    // Opens the watch (an inotify instance on Linux) and places it, on this thread.
    boost::system::error_code arm_watch()
    {
        try
        {
            watch.emplace(strand, path);
        }
        catch(config_error const& e)
        {
            return e.code();
        }
        return watch->arm();
    }

    // Triggers, on the strand.

    void wait_for_signal()
    {
        if(stopped || options.reload_signals.empty())
            return;
        signals.async_wait([self = shared_from_this()](boost::system::error_code ec, int) {
            if(ec || self->stopped)
                return;
            self->request_reload(true, std::nullopt);
            self->wait_for_signal();
        });
    }

    // One wait at a time: both the event loop and a recovered watch call it.
    void wait_for_events()
    {
        if(stopped || !watch || waiting_for_events)
            return;
        waiting_for_events = true;
        watch->async_wait([self = shared_from_this()](boost::system::error_code ec) {
            self->waiting_for_events = false;
            if(self->stopped || ec == boost::asio::error::operation_aborted)
                return;
            if(!ec && self->watch->take_events(ec))
            {
                self->place_watch();
                self->schedule_debounced();
            }
            if(ec)
                return self->watch_failed(ec);
            self->wait_for_events();
        });
    }

    // Links may now lead elsewhere: the watches follow them, placed off the
    // strand, one placement at a time.
    void place_watch()
    {
        if(!watch)
        {
            // No watch yet: opening one does not block.
            if(boost::system::error_code const ec = arm_watch())
                return watch_failed(ec);
            set_watching(true);
            wait_for_events();
            return request_reload(false, std::nullopt);
        }
        if(placing)
        {
            place_again = true;
            return;
        }
        run_step<file_watch::placement>(
            [placer = watch->make_placer()](std::atomic<bool> const&) { return placer(); },
            &state::watch_placed, &state::placement_dropped);
        placing = true;
    }

    // Events of a directory are taken only once its watch is installed, so
    // while a placement runs, those of the directories it adds are lost: a
    // link moved there, or the directory removed. A placement that moved the
    // watches is therefore followed by another, until one installs nothing
    // new: all of its watches were taken before it began to resolve, so
    // whatever changed after that is either an event taken or seen by its
    // resolution. And a reload follows, for the content changed meanwhile.
    void watch_placed(file_watch::placement p)
    {
        placing = false;
        if(stopped)
            return;
        // A placement that failed part-way installs what it set (what it no
        // longer wants ends), so that no watch is left behind unused.
        boost::system::error_code ec;
        bool const moved = watch->install(std::move(p), ec);
        if(ec)
        {
            // The retry places all of it again.
            place_again = false;
            return watch_failed(ec);
        }
        if(std::exchange(place_again, false) || moved)
            place_watch();
        if(!set_watching(true))
        {
            // The file may have changed while it was not watched.
            wait_for_events();
            request_reload(false, std::nullopt);
        }
        else if(moved)
            schedule_debounced();
    }

    file_watch::placement placement_dropped() const
    {
        file_watch::placement p;
        p.error = boost::asio::error::operation_aborted;
        return p;
    }

    // Each cause is reported once, when it begins (a new cause is news:
    // the directory came back, the inotify limit is reached now), kept in
    // status().watch_error, and retried quietly until the watch works
    // (watch_placed then reloads); not when the blocking executor is gone.
    // Meanwhile the file is polled, if the options ask for it.
    void watch_failed(boost::system::error_code ec)
    {
        config_error const error(path, ec, "watch");
        bool news = false;
        {
            std::lock_guard<std::mutex> lock(mutex);
            status.watching = false;
            news = !status.watch_error || status.watch_error->code() != ec;
            status.watch_error = error;
        }
        if(!blocking_gone)
        {
            retry_timer.expires_after(options.watch_retry);
            retry_timer.async_wait([self = shared_from_this()](boost::system::error_code e) {
                if(e || self->stopped)
                    return;
                self->place_watch();
            });
        }
        if(!polling && options.poll_interval.count() > 0)
            poll();
        if(news)
            call_failure_handlers(error);
    }

    // While the file is not watched: a reload every poll_interval, which
    // reads the file and finds it unchanged at the cost of a hash.
    void poll()
    {
        polling = true;
        poll_timer.expires_after(options.poll_interval);
        poll_timer.async_wait([self = shared_from_this()](boost::system::error_code e) {
            if(e || self->stopped || self->status_watching())
            {
                self->polling = false;
                return;
            }
            self->request_reload(false, std::nullopt);
            self->poll();
        });
    }

    bool status_watching() const
    {
        std::lock_guard<std::mutex> lock(mutex);
        return status.watching;
    }

    // Returns what it was. A watch that works clears the cause it had.
    bool set_watching(bool watching)
    {
        std::lock_guard<std::mutex> lock(mutex);
        if(watching)
            status.watch_error.reset();
        return std::exchange(status.watching, watching);
    }

    // A burst of events makes one reload: each event restarts the wait,
    // up to the limit counted from the burst's first event.
    void schedule_debounced()
    {
        auto const now = std::chrono::steady_clock::now();
        if(!burst_start)
            burst_start = now;
        debounce_timer.expires_at(std::min(now + options.debounce, *burst_start + options.debounce_limit));
        debounce_timer.async_wait([self = shared_from_this(), epoch = ++debounce_epoch](boost::system::error_code ec) {
            // A restarted wait cancels this one; if it had fired already,
            // the epoch tells it apart.
            if(ec || self->stopped || epoch != self->debounce_epoch)
                return;
            self->burst_start.reset();
            self->request_reload(false, std::nullopt);
        });
    }

    // The live_config is gone: no callback may run from now on (they may
    // refer to what its owner destroys next), and no trigger either.
    void detach()
    {
        // At once, not on the strand: a held failure's wait that ended just
        // before, its handler queued, must see it too.
        detached = true;
        {
            std::lock_guard<std::mutex> lock(mutex);
            change_handlers.clear();
            failure_handlers.clear();
            reload_handlers.clear();
        }
        boost::asio::dispatch(strand, [self = shared_from_this()] { self->stop_triggers(); });
    }

    void stop_triggers()
    {
        stopped = true;
        signals.cancel();
        if(watch)
            watch->close();
        debounce_timer.cancel();
        retry_timer.cancel();
        poll_timer.cancel();
        settle_timer.cancel();
        set_watching(false);
    }

    // Reloads, on the strand.

    // From any thread.
    void request(std::optional<waiter> w, bool asked)
    {
        boost::asio::dispatch(strand, [self = shared_from_this(), w = std::move(w), asked]() mutable {
            self->request_reload(asked, std::move(w));
        });
    }

    // `asked`: a signal, async_reload() or a save wants an answer, so the
    // failure of a content that failed before is reported again.
    void request_reload(bool asked, std::optional<waiter> w)
    {
        if(w)
            next_waiters.push_back(std::move(*w));
        if(reloading)
        {
            // The reload in flight may have read the file before the change
            // that asked for this one: one more follows it.
            again = true;
            again_asked = again_asked || asked;
            return;
        }
        start_reload(asked);
    }

    void start_reload(bool asked);

    // Runs `work` on the blocking executor, then `finish` with its result
    // on the strand; `dropped` makes the result of a job that its executor
    // destroyed unrun. An executor drops jobs only as it goes away (a
    // thread_pool destroyed): from then on, no job is sent to it, and every
    // step ends at once with that result.
    template<class Result, class Work>
    void run_step(Work work, void (state::*finish)(Result), Result (state::*dropped)() const);

    void finish_reload(outcome o)
    {
        bool const confirming = std::exchange(settle_read, false);
        if(o.kind == outcome::failed && hold(confirming, o.hash))
            return;
        settle_start.reset();
        settle_asked = false;
        snapshot old_value;
        snapshot new_value;
        reload_status after;
        {
            std::lock_guard<std::mutex> lock(mutex);
            record_locked(o, old_value);
            new_value = current_snapshot();
            after = status;
        }
        std::exception_ptr const error = after.ok ? nullptr : std::make_exception_ptr(*after.error);
        for(waiter& w : current_waiters)
            boost::asio::post(io, boost::asio::append(std::move(w.handler), error, after));
        current_waiters.clear();
        notify_systemd(after);
        reloading = false;
        // After stop(), only a request that waits for an answer reloads.
        bool const asked_again = std::exchange(again_asked, false);
        if(std::exchange(again, false) && (!stopped || !next_waiters.empty()))
            start_reload(asked_again);
        // Last, so that a callback that throws leaves everything consistent.
        // A content that failed before is not news: no callback hears of it.
        if(o.kind == outcome::repeated)
            return;
        if(o.kind == outcome::published)
            call_change_handlers(old_value, new_value);
        else if(o.kind == outcome::failed)
            call_failure_handlers(*o.error);
        for(reload_handler const& h : handlers_copy(reload_handlers))
            h(after);
    }

    // A text that fails to load may be one still being written: the failure
    // is held (nothing reported, the waiters wait) and the file read again
    // settle_quiet later, with no event in between, or at once if one came. It
    // is reported when that confirming read finds the same text, or once
    // settle_timeout has passed since the episode's first failed read, or
    // after stop(); a text that loads ends it without a word. After the
    // destructor it is dropped, unless a waiter waits (settle_wait_over()).
    bool hold(bool confirming, std::uint64_t hash)
    {
        auto const now = std::chrono::steady_clock::now();
        // A change that came during the confirming read makes it no proof.
        bool const settled = confirming && hash == unsettled_hash && !again;
        bool const timed_out = settle_start && now - *settle_start >= options.settle_timeout;
        if(settled || timed_out || stopped || options.settle_quiet.count() <= 0)
            return false;
        if(!settle_start)
            settle_start = now;
        unsettled_hash = hash;
        settle_asked = settle_asked || reading_asked;
        // The waiters of this read are answered by the read that settles it.
        next_waiters.insert(next_waiters.begin(), std::make_move_iterator(current_waiters.begin()),
            std::make_move_iterator(current_waiters.end()));
        current_waiters.clear();
        reloading = false;
        if(std::exchange(again, false))
        {
            // A change came while this read ran: the text moved on already.
            start_reload(std::exchange(again_asked, false) || settle_asked);
            return true;
        }
        settle_timer.expires_after(options.settle_quiet);
        settle_timer.async_wait([self = shared_from_this(), epoch = settle_epoch](boost::system::error_code) {
            // A trigger's read started meanwhile; it takes the hold over.
            if(epoch != self->settle_epoch || self->reloading)
                return;
            self->settle_wait_over();
        });
        return true;
    }

    // The held failure's wait is over: its time came, or stop() or the
    // destructor cut it short. The read that follows confirms the failure;
    // after stop() it reports it (hold() holds no more): the program runs
    // on, and its status and callbacks must tell.
    void settle_wait_over()
    {
        if(detached && next_waiters.empty())
            return drop_hold();
        // An async_reload or an async_save's reload waits, and outlived the
        // live_config: it is answered by that read, as a reload in flight at
        // the destruction answers its waiters, and as after stop(). Not by
        // the held failure: the text may have been completed since.
        settle_read = true;
        start_reload(settle_asked);
    }

    // The live_config is gone and nobody waits for an answer: a read would
    // tell no one but systemd, of a reload, after the program's STOPPING=1,
    // and keep the state alive until it ends.
    void drop_hold()
    {
        settle_start.reset();
        settle_asked = false;
        unsettled_hash = 0;
    }

    void record_locked(outcome const& o, snapshot& old_value)
    {
        status.time = std::chrono::system_clock::now();
        switch(o.kind)
        {
        case outcome::published:
        {
            std::lock_guard<std::mutex> swap(current_mutex);
            old_value = std::exchange(current, o.value);
        }
            ++status.generation;
            status.content_hash = o.hash;
            status.successes += o.own_save ? 0 : 1;
            break;
        case outcome::unchanged:
            ++status.unchanged;
            break;
        case outcome::repeated:
            ++status.unchanged;
            return;
        case outcome::failed:
            status.ok = false;
            status.error = o.error;
            ++status.failures;
            failed_hash = o.hash;
            return;
        }
        status.ok = true;
        status.error.reset();
        failed_hash = 0;
    }

    // Runs on the blocking executor: reads, and parses only content it has
    // not seen. `cancelled`: the io context is being destroyed, and waits.
    outcome examine(bool asked, std::atomic<bool> const& cancelled)
    {
        outcome o;
        try
        {
            std::string bytes = config_document::read_bytes(path, steps->policy());
            o.hash = fnv1a(bytes);
            if(recognise(o, asked))
                return o;
            if(cancelled)
                return o.fail(aborted());
            o.value = steps->decode(std::move(bytes));
            o.kind = outcome::published;
        }
        catch(config_error const& e)
        {
            if(e.code() == std::errc::no_such_file_or_directory && runs_on_no_file())
                o.kind = outcome::unchanged;
            else
                o.fail(e);
        }
        catch(std::exception const& e)
        {
            // A validation hook or a conversion that throws something else:
            // the reload fails like any other, and the daemon runs on.
            o.fail(config_error(path, make_error_code(error::invalid_config),
                {{{}, 0, 0, std::string("the reload failed: ") + e.what()}}));
        }
        catch(...)
        {
            o.fail(config_error(path, make_error_code(error::invalid_config),
                {{{}, 0, 0, "the reload failed: an exception that is no std::exception"}}));
        }
        return o;
    }

    // A reload that did not run to its end.
    config_error aborted() const
    {
        return config_error(path, make_error_code(boost::asio::error::operation_aborted), "reload");
    }

    outcome reload_dropped() const
    {
        return outcome().fail(aborted());
    }

    // A configuration that came from no file (the defaults, or what
    // replaced a quarantined file) still matches a file that is still not
    // there: nothing changed.
    bool runs_on_no_file()
    {
        std::lock_guard<std::mutex> lock(mutex);
        return status.content_hash == 0;
    }

    snapshot current_snapshot() const
    {
        std::lock_guard<std::mutex> lock(current_mutex);
        return current;
    }

    // Content seen before: the running snapshot's, a save's of this object,
    // or the last failure's.
    bool recognise(outcome& o, bool asked)
    {
        std::lock_guard<std::mutex> lock(mutex);
        if(o.hash == status.content_hash)
        {
            o.kind = outcome::unchanged;
            return true;
        }
        if(snapshot own = own_saves->find(o.hash))
        {
            o.kind = outcome::published;
            o.value = std::move(own);
            o.own_save = true;
            return true;
        }
        if(!asked && status.error && o.hash == failed_hash)
        {
            o.kind = outcome::repeated;
            return true;
        }
        return false;
    }

    void notify_systemd_reloading()
    {
        if(options.notify_systemd)
            systemd_notify(systemd_reloading_message());
    }

    // A failed notification fails nothing: systemd times the reload out
    // and says so in its own log.
    void notify_systemd(reload_status const& after)
    {
        if(!options.notify_systemd)
            return;
        std::string message = "READY=1\nSTATUS=";
        if(after.ok)
            message += "configuration generation " + std::to_string(after.generation) + " running";
        else
            // STATUS= ends at a newline.
            message += "reload failed, generation " + std::to_string(after.generation) +
                " still running: " + after.error->single_line();
        systemd_notify(message);
    }

    void call_change_handlers(snapshot const& old_value, snapshot const& new_value)
    {
        for(change_handler const& h : handlers_copy(change_handlers))
            h(old_value, new_value);
    }

    void call_failure_handlers(config_error const& e)
    {
        for(failure_handler const& h : handlers_copy(failure_handlers))
            h(e);
    }

    // A copy, so that a callback may add callbacks.
    template<class Handler>
    std::vector<Handler> handlers_copy(std::vector<Handler> const& handlers)
    {
        std::lock_guard<std::mutex> lock(mutex);
        return handlers;
    }

    template<class Result, class Work>
    struct step_op;
    template<class Result>
    struct step_done;

    reload_options const options;
    std::filesystem::path const path;
    std::shared_ptr<typed_steps> const steps;
    executor_type io;
    strand_type strand;

    // On the strand only.
    boost::asio::signal_set signals;
    std::optional<file_watch> watch;
    boost::asio::steady_timer debounce_timer;
    boost::asio::steady_timer retry_timer;
    boost::asio::steady_timer settle_timer;
    boost::asio::steady_timer poll_timer;
    bool polling = false;
    std::optional<std::chrono::steady_clock::time_point> burst_start;
    // A held failure (see hold()): since when, the hash of the text that
    // failed last, whether a read of it was asked for, whether the read in
    // flight is the one that confirms it, and which wait is the current one.
    std::optional<std::chrono::steady_clock::time_point> settle_start;
    std::uint64_t unsettled_hash = 0;
    bool settle_asked = false;
    bool settle_read = false;
    std::uint64_t settle_epoch = 0;
    bool reading_asked = false;
    std::uint64_t debounce_epoch = 0;
    bool waiting_for_events = false;
    bool placing = false;
    bool place_again = false;
    bool blocking_gone = false;
    bool stopped = false;
    // The live_config is gone (stopped is set too, on the strand): set by
    // its destructor's thread, read on the strand.
    std::atomic<bool> detached{false};
    bool reloading = false;
    bool again = false;
    bool again_asked = false;
    std::vector<waiter> next_waiters;
    std::vector<waiter> current_waiters;

    std::shared_ptr<own_saves_type> const own_saves = std::make_shared<own_saves_type>();

    // What current() returns, guarded by its own mutex.
    mutable std::mutex current_mutex;
    snapshot current;

    // Guarded by the mutex: the status, and what the blocking part looks at.
    mutable std::mutex mutex;
    reload_status status;
    std::uint64_t failed_hash = 0;
    std::vector<change_handler> change_handlers;
    std::vector<failure_handler> failure_handlers;
    std::vector<reload_handler> reload_handlers;
};

// The blocking part of a step, as a composed operation on the strand, so
// that it is tracked like every other (run_blocking): the io
// context's destruction waits for it or abandons it cleanly.
template<class Result, class Work>
struct live_config_engine::state::step_op
{
    std::shared_ptr<state> live;
    Work work;

    template<class Self>
    void operator()(Self& self)
    {
        state* const s = live.get();
        auto cancelled = std::make_shared<std::atomic<bool>>(false);
        auto job = [work = std::move(work), cancelled] { return std::make_tuple(work(*cancelled)); };
        run_blocking(std::move(self), s->strand, s->steps->policy().saving.blocking_executor,
            std::move(cancelled), std::move(job));
    }

    template<class Self>
    void operator()(Self& self, Result r)
    {
        self.complete(std::move(r));
    }
};

// The end of a step, on the strand. A blocking executor that drops the job
// unrun (a thread_pool the program stopped) destroys it uncalled: the step
// still ends, with the result `dropped` makes, so that neither the reloads
// nor the watch stop for good without a word.
template<class Result>
struct live_config_engine::state::step_done
{
    using finish_type = void (state::*)(Result);
    using dropped_type = Result (state::*)() const;

    std::shared_ptr<state> live;
    finish_type finish;
    dropped_type dropped;

    step_done(std::shared_ptr<state> s, finish_type f, dropped_type d)
        : live(std::move(s)), finish(f), dropped(d)
    {
    }
    step_done(step_done&&) noexcept = default;
    step_done& operator=(step_done&&) = delete;

    ~step_done()
    {
        if(!live)
            return;
        auto const strand = live->strand;
        boost::asio::post(strand, [s = std::move(live), f = finish, d = dropped] {
            s->blocking_gone = true;
            ((*s).*f)(((*s).*d)());
        });
    }

    void operator()(Result r)
    {
        auto const s = std::exchange(live, nullptr);
        ((*s).*finish)(std::move(r));
    }
};

template<class Result, class Work>
void live_config_engine::state::run_step(Work work, void (state::*finish)(Result), Result (state::*dropped)() const)
{
    auto self = shared_from_this();
    if(blocking_gone)
    {
        // Never inline: the caller may not expect `finish` before it returns.
        boost::asio::post(strand, [self, finish, dropped] { ((*self).*finish)(((*self).*dropped)()); });
        return;
    }
    auto done = boost::asio::bind_executor(strand, step_done<Result>(self, finish, dropped));
    // Passed as an lvalue, as async_compose asks; it is moved from.
    boost::asio::async_compose<decltype(done), void(Result)>(
        step_op<Result, Work>{std::move(self), std::move(work)}, done, strand);
}

void live_config_engine::state::start_reload(bool asked)
{
    reloading = true;
    reading_asked = asked;
    // Whatever started this read ends the wait of a held failure.
    ++settle_epoch;
    current_waiters = std::move(next_waiters);
    next_waiters.clear();
    // A held failure's reads are one reload to systemd: it heard RELOADING=1.
    if(!settle_start)
        notify_systemd_reloading();
    state* const s = this;
    run_step<outcome>([s, asked](std::atomic<bool> const& cancelled) { return s->examine(asked, cancelled); },
        &state::finish_reload, &state::reload_dropped);
}

void live_config_engine::initiate_reload::operator()(reload_completion handler) const
{
    engine->request(state::make_waiter(std::move(handler), engine->io), true);
}

live_config_engine::own_save::own_save(std::weak_ptr<state> engine)
    : engine_(std::move(engine))
    , rendered_(std::make_shared<std::atomic<std::uint64_t>>(0))
{
}

std::shared_ptr<void const> live_config_engine::own_save::lock() const
{
    return engine_.lock();
}

live_config_engine::rendered_hook live_config_engine::own_save::hook(snapshot value) const
{
    auto const live = engine_.lock();
    return [saves = live->own_saves, value = std::move(value), rendered = rendered_](std::string const& text) {
        std::uint64_t const hash = fnv1a(text);
        saves->remember(hash, value);
        rendered->store(hash);
    };
}

void live_config_engine::own_save::await_reload(reload_completion handler) const
{
    auto const live = engine_.lock();
    live->request(state::make_waiter(std::move(handler), live->io), true);
}

void live_config_engine::own_save::forget() const
{
    std::uint64_t const hash = rendered_->load();
    auto const live = engine_.lock();
    if(live && hash != 0)
        live->own_saves->forget(hash);
}

live_config_engine::live_config_engine(
    executor_type executor,
    std::filesystem::path path,
    reload_options triggers,
    std::shared_ptr<typed_steps> steps)
    : state_(std::make_shared<state>(std::move(executor), std::move(path), std::move(triggers), std::move(steps)))
{
    state_->start();
}

live_config_engine::~live_config_engine()
{
    if(state_)
        state_->detach();
}

live_config_engine::snapshot live_config_engine::current() const
{
    return state_->current_snapshot();
}

reload_status live_config_engine::status() const
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->status;
}

void live_config_engine::on_change(change_handler handler)
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->change_handlers.push_back(std::move(handler));
}

void live_config_engine::on_failure(failure_handler handler)
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->failure_handlers.push_back(std::move(handler));
}

void live_config_engine::on_reload(reload_handler handler)
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->reload_handlers.push_back(std::move(handler));
}

live_config_engine::initiate_reload live_config_engine::reload_initiation() const
{
    return {state_};
}

live_config_engine::own_save live_config_engine::track_save() const
{
    return own_save(state_);
}

void live_config_engine::stop()
{
    boost::asio::dispatch(state_->strand, [live = state_] { live->stop_triggers(); });
}

live_config_engine::executor_type live_config_engine::get_executor() const noexcept
{
    return state_->io;
}

} // namespace detail
} // namespace durable
