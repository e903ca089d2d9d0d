//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_ASYNC_WRITE_FILES_HPP
#define DURABLE_IMPL_ASYNC_WRITE_FILES_HPP

#include <durable/detail/blocking_op.hpp>
#include <durable/detail/write_files.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>

#include <atomic>
#include <tuple>
#include <utility>

namespace durable {

template<class Executor, class CompletionToken, class>
auto async_write_files(
    Executor const& ex,
    std::vector<file_content> files,
    async_write_options options,
    CompletionToken&& token)
{
    boost::asio::any_io_executor blocking = options.blocking_executor;
    return boost::asio::async_compose<CompletionToken,
        void(boost::system::error_code, std::vector<file_write_result>)>(
        detail::blocking_op(ex, std::move(blocking),
            [files = std::move(files), options = std::move(options)](std::atomic<bool> const& cancelled) {
                boost::system::error_code aborted;
                std::vector<file_write_result> results = detail::write_files(files, options, cancelled, aborted);
                return std::make_tuple(aborted, std::move(results));
            }),
        token, ex);
}

template<class ExecutionContext, class CompletionToken, class>
auto async_write_files(
    ExecutionContext& context,
    std::vector<file_content> files,
    async_write_options options,
    CompletionToken&& token)
{
    return async_write_files(context.get_executor(), std::move(files), std::move(options),
        std::forward<CompletionToken>(token));
}

} // namespace durable

#endif
