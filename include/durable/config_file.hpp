//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_CONFIG_FILE_HPP
#define DURABLE_CONFIG_FILE_HPP

#include <durable/config_error.hpp>
#include <durable/config_options.hpp>
#include <durable/config_version.hpp>
#include <durable/detail/executor_constraints.hpp>
#include <durable/render_config.hpp>
#include <durable/saver.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace durable {
namespace detail {
template<class T>
class config_core;
} // namespace detail

/** A typed configuration file: a described struct, loaded and saved as JSON.

    `T` is a struct described with `BOOST_DESCRIBE_STRUCT`. Its members may
    be described structs, `bool`, any integer or floating-point type (a
    value out of the member's range is a problem, never wrapped),
    `std::string`, described enums (written as their names),
    `std::chrono::duration`s (written as "30s", "1500ms": a whole number
    and one of ns, us, ms, s, min, h, in the member's own unit),
    `std::optional`, `std::vector`, `std::map` and `std::unordered_map`
    with string keys, and any type that Boost.JSON converts through its
    `tag_invoke` customisation (`value_to`, `value_from`).

    @code
    struct server { std::string host = "localhost"; std::uint16_t port = 8080; };
    BOOST_DESCRIBE_STRUCT(server, (), (host, port))

    durable::config_file<server> file(io, "server.json");
    server s = file.load();           // every problem, with line:column
    s.port = 9090;
    file.save(s);                     // durable when it returns
    @endcode

    @par Loading
    A key the file leaves out keeps its value from `options.defaults`
    (an absent optional is empty). Keys that name no member follow
    `options.unknown_keys`. A key repeated in one object is a problem, not
    a silent last-wins. A load reports every problem it finds, up to
    `options.max_problems`, each with its line, column and JSON pointer
    (see config_error). A missing file and a corrupt file follow
    `options.missing_file` and `options.corrupt_file`.

    @par Saving
    Every save validates the value, writes it in the canonical form (members
    in declaration order, `options.indent` spaces, a final newline; a
    save of a load of a save is byte for byte the same) and replaces the
    file with the protocol of write_file(), through a saver: saves are
    written in the order made, the failures are the saver's (kept for the
    next flush, told once per episode, retried with `options.saving.retry`)
    and the flush guard of the saver applies. render_config() gives the
    text without saving it.

    @par Thread safety
    Distinct objects: safe. Shared objects: save(), async_save(),
    flush() and async_flush() may be called from any thread at the same
    time; a load may run at the same time as saves.

    @par Lifetime
    As a saver's (see saver): the destructor runs the flush guard of the
    saver, whatever operations are still pending, and none of them keeps
    the config_file alive; the handlers of an execution context destroyed
    first are destroyed unrun.
*/
template<class T>
class config_file
{
public:
    using executor_type = boost::asio::any_io_executor;

    /// Binds a configuration file to an executor (for completions) and a path.
    config_file(executor_type executor, std::filesystem::path path, config_options<T> options = {});

    /// Binds a configuration file to an execution context's executor.
    template<
        class ExecutionContext,
        class = detail::require_execution_context<ExecutionContext>>
    config_file(ExecutionContext& context, std::filesystem::path path, config_options<T> options)
        : config_file(executor_type(context.get_executor()), std::move(path), std::move(options))
    {
    }

    /** As above, with the default options.

        An overload rather than a default argument: GCC 12 at -O2 warns
        (-Wmaybe-uninitialized, from Asio's any_executor) where a default
        argument's temporary options die in a caller's coroutine; made here,
        they never reach the caller's code.
    */
    template<
        class ExecutionContext,
        class = detail::require_execution_context<ExecutionContext>>
    config_file(ExecutionContext& context, std::filesystem::path path)
        : config_file(executor_type(context.get_executor()), std::move(path), config_options<T>())
    {
    }

    config_file(config_file const&) = delete;
    config_file& operator=(config_file const&) = delete;

    /// The moved-from object may only be destroyed.
    config_file(config_file&&) noexcept = default;
    config_file& operator=(config_file&&) = delete;

    /// The flush guard of the saver (see saver).
    ~config_file()
    {
        // Inline, so that the program's NDEBUG decides, not the library's.
        if(state_)
            state_->close(detail::debug_build);
    }

    /** Reads, parses, migrates, maps and validates the file.

        Blocks: call it at start-up, or use async_load() on an event loop.

        @throws config_error with every problem found, or the
        operating-system error of the read.
    */
    T load();

    /// As above; on failure sets `ec` and returns the defaults.
    T load(boost::system::error_code& ec);

    /// As above, with the whole error on failure.
    boost::system::result<T, config_error> try_load();

    /** As load(), and tells which content the file held: see save_if_unchanged().

        `version` is that of the bytes the value was loaded from. When the
        file is missing and the defaults are returned, it is the missing
        file's version (`exists == false`), unless `write_defaults` saved
        them: then it is that of the text saved. A file moved aside by
        corrupt_file::quarantine leaves the missing file's version.
    */
    T load(config_version& version);

    /** Reads the file as it is now, changes it with `fn`, saves it; under the file's lock.

        Takes the lock `.<name>.lock` beside the file (waiting at most
        `options.lock_timeout`), loads the file (not a value cached from an
        earlier load; a missing file gives the defaults as load() does),
        calls `fn(T&)`, saves the result durably, releases the lock and
        returns the value saved. Other update() calls, save_if_unchanged()
        and the tool's `set` and `fmt`, in this process or any other, wait
        for the lock: none of their changes is lost. save() and async_save()
        do not take it (see "Many writers" in doc/config.md).

        Blocks: use async_update() on an event loop. An exception from `fn`
        is thrown as it is, after the lock is released; nothing is saved.

        @throws config_error as load() and save() throw it. @throws
        save_error as save() throws it; a lock not taken is a save_error at
        step::lock: `error::lock_timeout` (the message names the lock file
        and the pid holding it, where known), or the lock file's own
        problem (`unsafe_file`, `symlink_refused`, `not_a_regular_file`, or
        the operating system's error, such as a directory that cannot be
        written). Nothing is written then.
    */
    template<class Function>
    T update(Function&& fn);

    /** As update(), on the blocking executor.

        The wait for the lock, the load, `fn` itself and the save all run
        there, on a thread of `options.saving.blocking_executor`: `fn` must
        not touch what the caller's threads use without a lock of its own.

        @par Completion signature
        @code
        void(std::exception_ptr error, T value)
        @endcode
        `error` is null on success, and `value` is the value saved;
        otherwise it holds what update() would throw, and `value` holds the
        defaults. The handler runs through its associated executor (by
        default the file's), never from within this call. The operation
        does not support cancellation.
    */
    template<class Function, class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_update(Function fn, CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /** Saves `value` if the file still holds the content `version` names.

        For a program that cannot hold the lock while a person edits: load
        with load(config_version&), let the person change the value, then
        save it only if nobody changed the file meanwhile. Under the file's
        lock (as update()), the file's current bytes are read and compared
        with `version`; if they differ, nothing is written and a save_error
        with `error::changed_on_disk` is thrown: load again and merge.

        @returns the version of the content now saved, for the next call.

        @throws config_error if the value is refused (as save()) or the
        current file cannot be read; save_error as update().
    */
    config_version save_if_unchanged(T const& value, config_version const& version);

    /** Loads on the blocking executor.

        @par Completion signature
        @code
        void(std::exception_ptr error, T value)
        @endcode
        `error` is null on success; otherwise it holds the config_error that
        load() would throw, and `value` holds the defaults. With
        `use_awaitable` or `use_future` the error is thrown. The handler runs
        through its associated executor (by default the file's), never from
        within this call. The operation does not support cancellation.
    */
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_load(CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /** Validates, writes and saves `value`, blocking until it is durable.

        @throws config_error if the value fails validation or has no JSON
        form (a NaN); nothing is written. @throws save_error if the write
        failed; the file is untouched.
    */
    void save(T const& value);

    /// As above, reporting failure through `ec`.
    void save(T const& value, boost::system::error_code& ec);

    /** Validates `value` on the calling thread, then saves it through the saver.

        Returns at once: the value is moved in, checked by `options.validate`
        (keep it cheap), and rendered to its text later, on the blocking
        executor, when the saver writes it. Saves made during a write or the
        commit delay of `options.saving` coalesce: only the newest is
        rendered and written. The value is read there, through a const
        reference, while the program goes on: it must not share mutable
        parts with the program (a `shared_ptr` member it changes later).

        @par Completion signature
        @code
        void(std::exception_ptr error)
        @endcode
        `error` is null once the value (or a newer one) is durable. A
        config_error means the value was refused: by `options.validate`,
        before anything was queued, or at step render (a NaN, a text larger
        than `options.max_size`), and a newer save may replace it. A
        save_error (path, step and cause) means the write failed: the file
        is as it was, the state is kept for the next save, flush or retry,
        and `options.saving.on_error` hears of it once per episode. The
        handler runs through its associated executor, never from within
        this call. The operation does not support cancellation.
    */
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_save(T value, CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /** Blocks until every save made so far is durable.

        A state whose write failed is written once more.

        @throws save_error if the write failed; config_error if the newest
        value was refused at step render.
    */
    void flush();

    /// As above, reporting failure through `ec`.
    void flush(boost::system::error_code& ec);

    /// Waits until every save made so far is durable; as saver::async_flush().
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_flush(CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /// Gives up every save not written yet; as saver::discard().
    void discard();

    /// The file's path.
    std::filesystem::path const& path() const noexcept;

    /// The executor of completions.
    executor_type get_executor() const noexcept;

private:
    struct async_load_op;
    template<class Function>
    struct async_update_op;

    std::shared_ptr<detail::config_core<T>> state_;
};

} // namespace durable

#include <durable/impl/config_file.hpp>

#endif
