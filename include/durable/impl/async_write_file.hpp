//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_ASYNC_WRITE_FILE_HPP
#define DURABLE_IMPL_ASYNC_WRITE_FILE_HPP

#include <durable/detail/blocking_op.hpp>
#include <durable/detail/replacement.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>

#include <atomic>
#include <tuple>
#include <utility>

namespace durable {

template<class Executor, class CompletionToken, class>
auto async_write_file(
    Executor const& ex,
    std::filesystem::path path,
    std::string bytes,
    async_write_options options,
    CompletionToken&& token)
{
    boost::asio::any_io_executor blocking = options.blocking_executor;
    return boost::asio::async_compose<CompletionToken, void(boost::system::error_code)>(
        detail::blocking_op(ex, std::move(blocking),
            [path = std::move(path), bytes = std::move(bytes), options = std::move(options)](
                std::atomic<bool> const& cancelled) {
                detail::failure const f = detail::replace_file(path, bytes, options, &cancelled);
                return std::make_tuple(f.code);
            }),
        token, ex);
}

template<class ExecutionContext, class CompletionToken, class>
auto async_write_file(
    ExecutionContext& context,
    std::filesystem::path path,
    std::string bytes,
    async_write_options options,
    CompletionToken&& token)
{
    return async_write_file(context.get_executor(), std::move(path), std::move(bytes),
        std::move(options), std::forward<CompletionToken>(token));
}

} // namespace durable

#endif
