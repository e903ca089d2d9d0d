//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_ASYNC_WRITE_FILE_HPP
#define DURABLE_ASYNC_WRITE_FILE_HPP

#include <durable/async_write_options.hpp>
#include <durable/detail/executor_constraints.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include <filesystem>
#include <string>

namespace durable {

/** Replaces the content of a file asynchronously, with the guarantees of write_file().

    The replace protocol of write_file() runs on the blocking executor
    (`options.blocking_executor`, by default `default_blocking_executor()`),
    never on the thread that calls this function nor on `ex`. When the
    operation completes with success, the new content is visible to every
    process that opens `path`, and durable (atomic and visible only, with
    `durability::atomic`): no read after completion can see the old file.

    @par Completion signature
    @code
    void(boost::system::error_code ec)
    @endcode
    `ec` is empty on success; an operating-system code, `error::durability_unknown`
    (the content was replaced, the directory sync failed) or another
    `durable::error` on failure; `boost::asio::error::operation_aborted` if
    cancelled. The handler is invoked exactly once, through its associated
    executor (by default `ex`), never from within this call; its associated
    allocator is used for the operation's state.

    @par Per-operation cancellation
    All cancellation types (terminal, partial, total) are supported. Until
    the rename, cancelling leaves the target untouched, removes the
    temporary file and completes with `operation_aborted`. Once the rename
    has started, the save cannot be undone: the operation completes as if
    not cancelled, with success or the error of the save.

    @par Shutdown
    If the execution context of `ex` is destroyed while the operation runs,
    the operation is cancelled as above, the destructor waits for its system
    calls to end, and the handler is destroyed without being invoked. If the
    blocking executor is destroyed before the operation started there, the
    handler is destroyed without being invoked and nothing was changed.

    @param ex The executor of the caller (or an execution context, whose executor is used).
    @param path The file to replace or create.
    @param bytes The complete new content, owned by the operation until it completes.
    @param options Durability, symbolic-link policy, mode, file system, blocking executor.
    @param token The completion token: a callback, `use_future`, `use_awaitable`, `deferred`, ...
*/
template<
    class Executor,
    class CompletionToken = boost::asio::default_completion_token_t<Executor>,
    class = detail::require_executor<Executor>>
auto async_write_file(
    Executor const& ex,
    std::filesystem::path path,
    std::string bytes,
    async_write_options options,
    CompletionToken&& token = boost::asio::default_completion_token_t<Executor>());

/// As above, on the executor of an execution context such as an io_context.
template<
    class ExecutionContext,
    class CompletionToken =
        boost::asio::default_completion_token_t<typename ExecutionContext::executor_type>,
    class = detail::require_execution_context<ExecutionContext>>
auto async_write_file(
    ExecutionContext& context,
    std::filesystem::path path,
    std::string bytes,
    async_write_options options,
    CompletionToken&& token =
        boost::asio::default_completion_token_t<typename ExecutionContext::executor_type>());

} // namespace durable

#include <durable/impl/async_write_file.hpp>

#endif
