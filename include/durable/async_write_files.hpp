//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_ASYNC_WRITE_FILES_HPP
#define DURABLE_ASYNC_WRITE_FILES_HPP

#include <durable/async_write_options.hpp>
#include <durable/detail/executor_constraints.hpp>
#include <durable/write_files.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include <vector>

namespace durable {

/** Replaces the content of several files asynchronously, with the guarantees of write_files().

    The batch of write_files() runs on the blocking executor
    (`options.blocking_executor`, by default `default_blocking_executor()`),
    never on the thread that calls this function nor on `ex`: each file is
    written to its temporary file, all are synced together (on up to 64
    threads the batch starts for its syncs, beside the executor's), then
    each is renamed in the order given and each directory synced once.
    When the operation completes, each file whose result is clear holds
    its new content, visible to every process and durable (atomic and
    visible only, with `durability::atomic`); each file that failed keeps
    its old content.

    The operation owns what it writes: `files` is taken by value, each
    file_content with its bytes, so that the caller's strings may go as
    soon as this call returns. Build the vector for the call and move it
    in: nothing is copied.

    @par Completion signature
    @code
    void(boost::system::error_code ec, std::vector<file_write_result> results)
    @endcode
    `results` holds one result per file, in the order of `files`: a file
    that failed fails alone, as with write_files(). `ec` is about the batch
    as a whole: empty when it ran, `boost::asio::error::operation_aborted`
    when it was cancelled before its first rename (then no target has
    changed, and the result of every file that had not failed yet is
    `operation_aborted` too). With `use_future` or `use_awaitable` the
    results are the value, and an `ec` is thrown. The handler is invoked
    exactly once, through its associated executor (by default `ex`), never
    from within this call; its associated allocator is used for the
    operation's state.

    @par Per-operation cancellation
    All cancellation types (terminal, partial, total) are supported. Until
    the first rename, cancelling gives up every file: every target is left
    untouched, every temporary file removed, and the operation completes
    with `operation_aborted`. Once the renames have started, the batch
    completes as if not cancelled: stopping half-way would leave some files
    new and others old.

    @par Shutdown
    If the execution context of `ex` is destroyed while the operation runs,
    the operation is cancelled as above, the destructor waits for its system
    calls to end, and the handler is destroyed without being invoked. If the
    blocking executor is destroyed before the operation started there, the
    handler is destroyed without being invoked and nothing was changed.

    @param ex The executor of the caller (or an execution context, whose executor is used).
    @param files The files to replace or create, with their complete new content.
    @param options Durability, symbolic-link policy, mode, file system, blocking executor; for every file.
    @param token The completion token: a callback, `use_future`, `use_awaitable`, `deferred`, ...
*/
template<
    class Executor,
    class CompletionToken = boost::asio::default_completion_token_t<Executor>,
    class = detail::require_executor<Executor>>
auto async_write_files(
    Executor const& ex,
    std::vector<file_content> files,
    async_write_options options,
    CompletionToken&& token = boost::asio::default_completion_token_t<Executor>());

/// As above, on the executor of an execution context such as an io_context.
template<
    class ExecutionContext,
    class CompletionToken =
        boost::asio::default_completion_token_t<typename ExecutionContext::executor_type>,
    class = detail::require_execution_context<ExecutionContext>>
auto async_write_files(
    ExecutionContext& context,
    std::vector<file_content> files,
    async_write_options options,
    CompletionToken&& token =
        boost::asio::default_completion_token_t<typename ExecutionContext::executor_type>());

} // namespace durable

#include <durable/impl/async_write_files.hpp>

#endif
