//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_LIVE_CONFIG_HPP
#define DURABLE_LIVE_CONFIG_HPP

#include <durable/config_error.hpp>
#include <durable/config_file.hpp>
#include <durable/detail/executor_constraints.hpp>
#include <durable/detail/live_config_engine.hpp>
#include <durable/live_config_options.hpp>
#include <durable/reload_status.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include <exception>
#include <filesystem>
#include <functional>
#include <memory>

namespace durable {

/** A daemon's configuration: loaded at start, reloaded when told or when the file changes.

    The configuration that runs is an immutable snapshot, a
    `std::shared_ptr<T const>`. A reload reads, parses and validates the file
    on the blocking executor, off the event loop; only a configuration that
    passes all of it is published, atomically, as the new snapshot. A reload
    that fails keeps the last good snapshot running and says why.

    @code
    durable::live_config<settings> config(io, "/etc/app/settings.json"); // throws config_error
    config.on_change([](auto const& old_config, auto const& new_config) { apply(*new_config); });
    config.on_failure([](durable::config_error const& e) { log(e.what()); });
    io.run();
    // On any thread, at any time:
    std::shared_ptr<settings const> now = config.current();
    @endcode

    @par Triggers
    - the signals of `options.reload_signals` (SIGHUP by default);
    - changes of the file, seen by inotify in the directories on the way to
      it, symbolic links re-resolved at every change (so a Kubernetes
      ConfigMap's `..data` swap is seen), debounced by `options.debounce`;
    - async_reload().

    A reload whose content has the hash of the running snapshot publishes
    nothing and calls no change callback (it counts as `unchanged`, clears a
    failed status and is reported to the reload callbacks). A file this
    object saved itself (async_save()) is not parsed either: the saved value
    is published as it is. A configuration that came from no file (the
    defaults) is unchanged by a reload that still finds no file.

    @par Callbacks
    Change, failure and reload callbacks run on the live_config's executor,
    one at a time, after the snapshot is published (or kept): a change
    callback gets the old and the new snapshot; a failure callback gets the
    error, whose what() is one line per problem,
    `file:line:column: pointer: message`; a reload callback gets the status.
    A failure to watch the file (its directory removed, the inotify limits
    reached) comes to the failure callbacks too, with the step "watch"; the
    watch is set up again every `options.watch_retry` until it works.
    Callbacks must not throw: an exception escapes from the executor's
    `run()`, as from any handler, and the callbacks after it miss that event.

    @par systemd
    With `options.notify_systemd` and `NOTIFY_SOCKET` set, each reload sends
    `RELOADING=1` and `MONOTONIC_USEC=` before, and `READY=1` with a `STATUS=`
    after, as `Type=notify-reload` expects. The first `READY=1`, once the
    daemon has started, is the program's own (see systemd_notify()): send it
    before the executor runs, so that no reload answers READY=1 first. Of
    several live_configs in one service, let one notify: systemd expects one
    READY=1 per reload of the service.

    @par Thread safety
    current() and status() may be called from any thread at any time; they
    never wait for a reload in progress. The other members may be called from
    any thread.

    @par Lifetime
    Once the destructor has returned, no callback starts (one already
    running on another thread of the executor may still be finishing), and
    no trigger starts a reload; a reload in flight finishes unseen, and
    pending async_reload() operations complete. A failure held then (see
    live_config_options::settle_quiet) is dropped, the file not read again,
    unless an async_reload() waits for it. Like every Asio I/O object, a
    live_config must be destroyed before its execution context. Saves made
    through it are under the flush guard of its config_file's saver.

    The validation hook of the options runs on the blocking executor for a
    reload and on the calling thread for a save, possibly at the same time:
    it must be safe to call concurrently.
*/
template<class T>
class live_config
{
public:
    using executor_type = boost::asio::any_io_executor;

    /// A configuration as published: immutable, and kept alive by whoever holds it.
    using snapshot = std::shared_ptr<T const>;

    /// Called with the snapshot replaced and the one that replaced it.
    using change_handler = std::function<void(snapshot const& old_config, snapshot const& new_config)>;

    /// Called with the reason a reload failed, or the watch did.
    using failure_handler = std::function<void(config_error const& error)>;

    /// Called with the status after a reload, whatever its outcome.
    using reload_handler = std::function<void(reload_status const& status)>;

    /** Loads the file, then starts watching for reload triggers.

        Blocks for the load: construct it at start-up. The missing-file and
        corrupt-file policies of `options` apply to this load.

        @throws config_error if the load fails, or the watch cannot be set up
        (step "watch"); `boost::system::system_error` if a signal cannot be
        handled.
    */
    live_config(executor_type executor, std::filesystem::path path, live_config_options<T> options = {});

    /// As above, on an execution context's executor.
    template<
        class ExecutionContext,
        class = detail::require_execution_context<ExecutionContext>>
    live_config(ExecutionContext& context, std::filesystem::path path, live_config_options<T> options)
        : live_config(executor_type(context.get_executor()), std::move(path), std::move(options))
    {
    }

    /// As above, with the default options: an overload, for the reason config_file gives.
    template<
        class ExecutionContext,
        class = detail::require_execution_context<ExecutionContext>>
    live_config(ExecutionContext& context, std::filesystem::path path)
        : live_config(executor_type(context.get_executor()), std::move(path), live_config_options<T>())
    {
    }

    live_config(live_config const&) = delete;
    live_config& operator=(live_config const&) = delete;

    /// The moved-from object may only be destroyed.
    live_config(live_config&&) noexcept = default;
    live_config& operator=(live_config&&) = delete;

    /// Stops the triggers and the callbacks (see Lifetime).
    ~live_config();

    /// The configuration that runs now. Never null; never waits.
    snapshot current() const;

    /// Where the configuration stands; see reload_status.
    reload_status status() const;

    /// Adds a callback for each new snapshot. Add them before the executor runs to see every change.
    void on_change(change_handler handler);

    /// Adds a callback for each failed reload and each watch failure.
    void on_failure(failure_handler handler);

    /** Adds a callback for each reload, after the change or failure callbacks.

        For logs and metrics: it hears of reloads that changed nothing too.
        A reload that finds again the content that failed last is not
        reported to any callback.
    */
    void on_reload(reload_handler handler);

    /** Reloads now, and completes with the outcome of that reload.

        A request made while a reload is in flight is served by the next
        one, which reads the file again.

        @par Completion signature
        @code
        void(std::exception_ptr error, reload_status status)
        @endcode
        `error` holds the config_error of a failed reload (the snapshot is
        kept), or is null; `status` is the status after the reload. With
        `use_awaitable` or `use_future` the error is thrown. The handler runs
        through its associated executor (by default the live_config's), never
        from within this call. The operation does not support cancellation.
    */
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_reload(CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /** Saves `value` through the config_file, then publishes it as the new snapshot.

        The reload that the file's change would cause recognises the
        content as this save's, and publishes the saved value without reading
        it back. The change callbacks are called once. The value is rendered
        when it is written, and the commit delay of `options.saving` holds,
        as for config_file::async_save().

        @par Completion signature
        @code
        void(std::exception_ptr error)
        @endcode
        `error` is null once the value is durable and current() returns it
        (unless the file changed again meanwhile); otherwise it holds what
        config_file::async_save() would: a config_error for a refused value,
        a save_error for a failed write. The handler runs through its
        associated executor, never from within this call. The operation does
        not support cancellation.
    */
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_save(T value, CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /// Blocks until every save made so far is durable; as config_file::flush(). Not on the event loop.
    void flush();

    /// As above, reporting failure through `ec`.
    void flush(boost::system::error_code& ec);

    /// Waits until every save made so far is durable; as config_file::async_flush().
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_flush(CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /// Gives up every save not written yet; as saver::discard().
    void discard();

    /** Stops the triggers: signals, the watch, a reload waiting for its debounce.

        async_reload() still works, and a failure held (see
        live_config_options::settle_quiet) is reported at once, by one more
        read. A reload signal that arrives later is taken and ignored: its
        default action (SIGHUP ends the process) does not come back until
        the live_config is destroyed.
    */
    void stop();

    /// The file's path.
    std::filesystem::path const& path() const noexcept;

    /// The executor of callbacks and completions.
    executor_type get_executor() const noexcept;

private:
    struct steps;
    struct async_save_op;

    // The core the saves go through, shared with the engine, which reloads
    // through it too (see steps).
    std::shared_ptr<detail::config_core<T>> file_;
    detail::live_config_engine engine_;
};

} // namespace durable

#include <durable/impl/live_config.hpp>

#endif
