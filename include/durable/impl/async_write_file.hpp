//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_ASYNC_WRITE_FILE_HPP
#define DURABLE_IMPL_ASYNC_WRITE_FILE_HPP

#include <durable/blocking_executor.hpp>
#include <durable/detail/operation_tracker.hpp>
#include <durable/detail/replacement.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/query.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <utility>

namespace durable {
namespace detail {

// What the blocking part of a save needs; shared with the cancellation
// handler, which may run on another thread.
struct async_save_state
{
    async_save_state(std::filesystem::path p, std::string b, async_write_options o)
        : path(std::move(p))
        , bytes(std::move(b))
        , options(std::move(o))
    {
    }

    std::filesystem::path path;
    std::string bytes;
    async_write_options options;
    std::atomic<bool> cancelled{false};
};

// The part of a save that runs on the blocking executor. It owns the
// composed operation until it hands it back to the tracker; destroyed
// unrun (its executor went away), it still signs out of the tracker.
//
// Moving an operation leaves a shell behind that can still hold copies of
// its executors: Asio's executor_binder copies its executor when moved, and
// a strand's copy keeps a reference into the strand service of the
// caller's context. Nothing keeps that context alive for a shell, so every
// shell is destroyed before the operation signs out of the tracker, which
// the context's destruction waits for.
template<class Self>
class blocking_save
{
public:
    blocking_save(operation_tracker& tracker, std::shared_ptr<async_save_state> state, Self&& self)
        : tracker_(&tracker)
        , state_(std::move(state))
        , self_(std::move(self))
    {
    }

    blocking_save(blocking_save&& other) noexcept
        : tracker_(std::exchange(other.tracker_, nullptr))
        , state_(std::move(other.state_))
        , self_(std::move(other.self_))
    {
        other.self_.reset();
    }

    blocking_save& operator=(blocking_save&&) = delete;

    ~blocking_save()
    {
        if(!tracker_)
            return;
        self_.reset();
        tracker_->leave(state_->cancelled);
    }

    void operator()()
    {
        failure const f = replace_file(state_->path, state_->bytes, state_->options, &state_->cancelled);
        operation_tracker* tracker = std::exchange(tracker_, nullptr);
        // The shell of the appended completion goes at the end of this
        // statement, the shell in self_ on the next: both before leave().
        tracker->hand_back(boost::asio::append(std::move(*self_), f.code));
        self_.reset();
        tracker->leave(state_->cancelled);
    }

private:
    operation_tracker* tracker_;
    std::shared_ptr<async_save_state> state_;
    std::optional<Self> self_;
};

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
        auto const allocator = boost::asio::get_associated_allocator(self);
        auto state = std::allocate_shared<async_save_state>(
            allocator, std::move(path_), std::move(bytes_), std::move(options_));

        // Every cancellation type can be honoured: until the rename, nothing
        // has changed that an abort would need to undo.
        self.reset_cancellation_state(boost::asio::enable_total_cancellation());
        auto slot = self.get_cancellation_state().slot();
        if(slot.is_connected())
            slot.assign([state](boost::asio::cancellation_type) { state->cancelled = true; });

        auto& tracker = boost::asio::use_service<operation_tracker>(
            boost::asio::query(io_, boost::asio::execution::context));
        tracker.enter(state->cancelled);
        boost::asio::any_io_executor blocking = state->options.blocking_executor;
        if(!blocking)
            blocking = default_blocking_executor();
        boost::asio::post(blocking, boost::asio::bind_allocator(allocator,
            blocking_save<Self>(tracker, std::move(state), std::move(self))));
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
