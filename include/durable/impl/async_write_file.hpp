//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_ASYNC_WRITE_FILE_HPP
#define DURABLE_IMPL_ASYNC_WRITE_FILE_HPP

#include <durable/detail/blocking_job.hpp>
#include <durable/detail/replacement.hpp>

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/compose.hpp>

#include <atomic>
#include <memory>
#include <tuple>
#include <utility>

namespace durable {
namespace detail {

// What the blocking part of a save needs; shared with the cancellation
// handler, which may run on another thread.
template<class IoExecutor>
class async_write_file_op
{
public:
    async_write_file_op(
        IoExecutor const& io,
        std::filesystem::path path,
        std::string bytes,
        async_write_options options)
        : io_(io)
        , path_(std::move(path))
        , bytes_(std::move(bytes))
        , options_(std::move(options))
    {
    }

    // Started: leave for the blocking executor.
    template<class Self>
    void operator()(Self& self)
    {
        // Every cancellation type can be honoured: until the rename, nothing
        // has changed that an abort would need to undo.
        auto cancelled = std::allocate_shared<std::atomic<bool>>(
            boost::asio::get_associated_allocator(self), false);
        self.reset_cancellation_state(boost::asio::enable_total_cancellation());
        auto slot = self.get_cancellation_state().slot();
        if(slot.is_connected())
            slot.assign([cancelled](boost::asio::cancellation_type) { *cancelled = true; });

        boost::asio::any_io_executor blocking = options_.blocking_executor;
        run_blocking(std::move(self), io_, std::move(blocking), cancelled,
            [path = std::move(path_), bytes = std::move(bytes_), options = std::move(options_), cancelled] {
                failure const f = replace_file(path, bytes, options, cancelled.get());
                return std::make_tuple(f.code);
            });
    }

    // Back on the caller's executor, through the tracker.
    template<class Self>
    void operator()(Self& self, boost::system::error_code ec)
    {
        self.complete(ec);
    }

private:
    IoExecutor io_;
    std::filesystem::path path_;
    std::string bytes_;
    async_write_options options_;
};

} // namespace detail

template<class Executor, class CompletionToken, class>
auto async_write_file(
    Executor const& ex,
    std::filesystem::path path,
    std::string bytes,
    async_write_options options,
    CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(boost::system::error_code)>(
        detail::async_write_file_op<Executor>(ex, std::move(path), std::move(bytes), std::move(options)),
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
