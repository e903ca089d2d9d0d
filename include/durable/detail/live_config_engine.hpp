//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_LIVE_CONFIG_ENGINE_HPP
#define DURABLE_DETAIL_LIVE_CONFIG_ENGINE_HPP

#include <durable/config_error.hpp>
#include <durable/config_options.hpp>
#include <durable/detail/export.hpp>
#include <durable/reload_options.hpp>
#include <durable/reload_status.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace durable {
namespace detail {

/** What a live_config<T> is, but for T: compiled once, in the library.

    The triggers (signals, the inotify watch and its placement, the poll),
    the debounce, the coalescing of reload requests, the hold of a failure
    that may be a file half-written, the status, systemd's notifications,
    the callbacks, and the blocking steps that run off the event loop and
    come back to it. The snapshots it publishes are a T's, type-erased: it
    never looks inside them. What needs T (the load at start, mapping the
    text a reload reads) it asks of the typed_steps that live_config gives
    it; a save is live_config's operation, which the engine follows
    (own_save).

    A handle: the state it refers to lives on while its asynchronous waits
    and steps do. Its destructor is live_config's (see its Lifetime): it
    stops the callbacks and the triggers.
*/
class DURABLE_DECL live_config_engine
{
public:
    using executor_type = boost::asio::any_io_executor;

    /// A published configuration: a `std::shared_ptr<T const>` to the typed shell.
    using snapshot = std::shared_ptr<void const>;

    using change_handler = std::function<void(snapshot const& old_config, snapshot const& new_config)>;
    using failure_handler = std::function<void(config_error const& error)>;
    using reload_handler = std::function<void(reload_status const& status)>;

    /// Told the text of a save on the writing thread, before the file changes.
    using rendered_hook = std::function<void(std::string const& text)>;

    using reload_completion = boost::asio::any_completion_handler<void(std::exception_ptr, reload_status)>;

    /// The steps of a reload that know T. The engine holds them as long as its state lives.
    class typed_steps
    {
    public:
        /// The options of the file, for its reads.
        virtual config_policy const& policy() const noexcept = 0;

        /** The load at start, with the policies of a missing and a corrupt file.

            Sets `content_hash` to the hash of the bytes loaded, 0 if none.
            @throws config_error
        */
        virtual snapshot load(std::uint64_t& content_hash) = 0;

        /** Maps the text a reload read, on the blocking executor.

            @throws config_error, or whatever a validation hook throws.
        */
        virtual snapshot decode(std::string bytes) = 0;

    protected:
        ~typed_steps() = default;
    };

private:
    struct state;

public:
    /// The initiation of live_config::async_reload(); it holds the state.
    struct initiate_reload
    {
        std::shared_ptr<state> engine;
        void operator()(reload_completion handler) const;
    };

    /** A save made through the live_config, as the engine follows it.

        The save itself is the typed shell's composed operation, over the
        user's handler: type-erased here, a handler would be erased twice on
        its way through the saver, which Boost 1.81's any_completion_handler
        does not survive (its allocator refers to the inner handler it has
        just destroyed). It holds the state weakly: waiting in the saver, or
        for the reload, a strong reference would keep the state, which owns
        both, alive.
    */
    class own_save
    {
    public:
        /// The state, kept alive while the result is; null once it is gone.
        std::shared_ptr<void const> lock() const;

        /** While lock() holds the state: the hook the render calls with the text of `value`.

            On the writing thread, before the file changes: so that the
            reload the change causes publishes `value` without reading it.
        */
        rendered_hook hook(snapshot value) const;

        /// While lock() holds the state: the next reload answers `handler`.
        void await_reload(reload_completion handler) const;

        /// The save is answered: its text is no longer this object's own.
        void forget() const;

    private:
        friend class live_config_engine;
        explicit own_save(std::weak_ptr<state> engine);

        std::weak_ptr<state> engine_;
        // The hash of the text, once rendered; 0 for a save that a newer
        // one replaced before it was written.
        std::shared_ptr<std::atomic<std::uint64_t>> rendered_;
    };

    /** Sets up the triggers, loads (through `steps`), then starts waiting for the triggers.

        @throws config_error as live_config's constructor documents.
    */
    live_config_engine(
        executor_type executor,
        std::filesystem::path path,
        reload_options triggers,
        std::shared_ptr<typed_steps> steps);

    live_config_engine(live_config_engine&&) noexcept = default;
    live_config_engine& operator=(live_config_engine&&) = delete;

    /// No callback starts after it returns, no trigger either (see live_config's Lifetime).
    ~live_config_engine();

    snapshot current() const;
    reload_status status() const;
    void on_change(change_handler handler);
    void on_failure(failure_handler handler);
    void on_reload(reload_handler handler);
    initiate_reload reload_initiation() const;
    own_save track_save() const;
    void stop();
    executor_type get_executor() const noexcept;

private:
    std::shared_ptr<state> state_;
};

} // namespace detail
} // namespace durable

#endif
