//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SAVER_HPP
#define DURABLE_SAVER_HPP

#include <durable/detail/executor_constraints.hpp>
#include <durable/detail/export.hpp>
#include <durable/detail/failure.hpp>
#include <durable/drop_handler.hpp>
#include <durable/saver_options.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/compose.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace durable {
namespace detail {
class saver_state;
template<class T>
class config_core;
} // namespace detail

/** Saves one file, again and again, from any thread, without blocking.

    save() hands the new content over and returns at once; the saver writes
    it with the replace protocol of write_file() on the blocking executor.
    Saves to the one path are written one at a time, in the order they were
    made; while a write is in flight, later saves coalesce, so the next write
    carries only the newest state and no state newer than the last write is
    ever dropped.

    @code
    durable::saver settings(io, "settings.json");
    settings.save(to_json(config));            // returns at once
    co_await settings.async_flush(asio::use_awaitable); // now durable
    @endcode

    Each save() returns a generation number, counting from 1;
    durable_generation() is the newest generation known to be on disk.

    Use one saver per path: two savers of the same path each keep their own
    saves in order, not each other's.

    @par The flush guard
    Destroying a saver that holds saves not yet flushed is the drop hazard:
    the program believes it saved, and may exit before it did. In a debug
    build of the program (without NDEBUG), the destructor reports the drop to
    the drop handler (set_drop_handler(); by default: a message and abort),
    then flushes. In a release build it flushes, waiting for the write, and
    reports a failure of that flush to the drop handler. Flush before
    destroying a saver, and the guard never fires.

    A program that was told its saves failed (a flush threw, a completion
    or on_error reported the error) has handled the failure: its saver
    tries once more in the destructor and reports only a failure of that
    last flush, whatever the build. discard() gives the unsaved state up,
    and the destructor reports nothing.

    @par Failures
    A write that fails leaves the file as it was, and its state stays in
    the saver: the next save replaces it, and the next flush writes it
    again; with `options.retry`, the saver writes it again by itself. The
    options' on_error hears of the first failure of an episode, and
    on_recovered of the write that ends it.

    @par Thread safety
    save(), async_flush(), flush(), discard(), durable_generation() and write_count()
    may be called from any thread at the same time.

    @par Lifetime
    No pending operation keeps the saver alive: the flush guard runs when
    the program destroys it. If its execution context is destroyed first,
    the handlers of flushes still waiting are destroyed unrun, as the
    context destroys all of its own, and a commit delay in progress ends:
    the saves it held are written by the next save, flush or the
    destructor. If its blocking executor is shut down first, the writes it
    drops unrun fail with `operation_aborted`. When the destructor returns,
    no write runs on the saver's behalf any more.
*/
class DURABLE_DECL saver
{
public:
    using executor_type = boost::asio::any_io_executor;

    /// Binds a saver to an executor (for flush completions and the commit delay) and a path.
    saver(executor_type executor, std::filesystem::path path, saver_options options = {});

    /// Binds a saver to an execution context's executor.
    template<
        class ExecutionContext,
        class = detail::require_execution_context<ExecutionContext>>
    saver(ExecutionContext& context, std::filesystem::path path, saver_options options = {})
        : saver(executor_type(context.get_executor()), std::move(path), std::move(options))
    {
    }

    saver(saver const&) = delete;
    saver& operator=(saver const&) = delete;
    saver(saver&&) noexcept = default;
    saver& operator=(saver&&) = delete;

    /// The flush guard (see the class notes).
    ~saver()
    {
        // Inline, so that the program's NDEBUG decides, not the library's.
        if(state_)
            close(detail::debug_build);
    }

    /** Makes `bytes` the content to save, and returns its generation.

        Never touches the disk on the calling thread. Returns at once.
    */
    std::uint64_t save(std::string bytes);

    /** Waits until every save made before this call is durable.

        A commit delay in progress is cut short: the pending state is written
        at once. A state whose write failed is written once more.

        @par Completion signature
        @code
        void(boost::system::error_code ec)
        @endcode
        `ec` is empty when every generation up to the newest at the time of
        the call is durable; otherwise the error of the write that failed to
        save it. The handler runs through its associated executor (by default
        the saver's), never from within this call. The operation does not
        support cancellation.
    */
    template<class CompletionToken = boost::asio::default_completion_token_t<executor_type>>
    auto async_flush(CompletionToken&& token = boost::asio::default_completion_token_t<executor_type>());

    /** Blocks until every save made before this call is durable; throws save_error.

        Writes a pending state on the calling thread, and a state whose
        write failed once more. Do not call it on an
        event loop thread; use async_flush() there.
    */
    void flush();

    /// As above, reporting failure through `ec`.
    void flush(boost::system::error_code& ec);

    /** Gives up every save not written yet.

        For a program that knows it cannot save (a failed flush it told the
        user of, a path gone for good) and will not try again: nothing more
        is written of those saves (a write already in flight ends as it
        ends), the flushes waiting for them complete with
        `boost::asio::error::operation_aborted`, and the destructor reports
        nothing. Saves made afterwards are saved as usual.
    */
    void discard();

    /// The newest generation known to be durable on disk; 0 before the first.
    std::uint64_t durable_generation() const noexcept;

    /// How many writes were made so far: saves made during a write coalesce into one.
    std::uint64_t write_count() const noexcept;

    /// The path saved.
    std::filesystem::path const& path() const noexcept;

    /// The executor of flush completions.
    executor_type get_executor() const noexcept;

private:
    // The core of a config_file and a live_config runs the flush guard of
    // its saver when its owner is destroyed, whatever still refers to the
    // core, and waits for its saves with handlers of its own.
    template<class>
    friend class detail::config_core;

    using flush_handler = boost::asio::any_completion_handler<void(detail::failure)>;
    struct flush_op;

    // A save whose text is rendered when it is written, on the writing
    // thread; `render` may throw a config_error (the save fails at step
    // render).
    std::uint64_t save_rendered(std::function<std::string()> render);

    // Static: a deferred flush may start after the saver was moved.
    // `urgent`: a flush cuts the commit delay short; the wait for a save does not.
    static void start_flush(std::shared_ptr<detail::saver_state> state, flush_handler handler, bool urgent);
    void close(bool debug_build) noexcept;

    std::shared_ptr<detail::saver_state> state_;
};

// Holds the state only until it starts: a waiting operation that held it
// would keep the saver's state, and so itself, alive.
struct saver::flush_op
{
    std::shared_ptr<detail::saver_state> state;

    template<class Self>
    void operator()(Self& self)
    {
        auto s = std::move(state); // before `self`, which holds this operation, moves
        start_flush(std::move(s), flush_handler(std::move(self)), true);
    }

    template<class Self>
    void operator()(Self& self, detail::failure outcome)
    {
        self.complete(outcome.code);
    }
};

template<class CompletionToken>
auto saver::async_flush(CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(boost::system::error_code)>(
        flush_op{state_}, token, get_executor());
}

} // namespace durable

#endif
