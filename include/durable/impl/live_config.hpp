//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_LIVE_CONFIG_HPP
#define DURABLE_IMPL_LIVE_CONFIG_HPP

#include <durable/detail/config_core.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>

#include <exception>
#include <memory>
#include <utility>

namespace durable {

// A live_config is the engine (detail::live_config_engine, compiled in the
// library: triggers, watch, debounce, status, callbacks, the blocking
// steps) over the core of a config_file. Only what needs T is here: the
// load and the mapping of a text read, which the engine asks for through
// these steps, the save, and the casts of the engine's type-erased
// snapshots back to T.
//
// The engine's state holds the steps, and they the core: a reload in
// flight after the destructor still has what it maps the text with.
template<class T>
struct live_config<T>::steps final : detail::live_config_engine::typed_steps
{
    explicit steps(std::shared_ptr<detail::config_core<T>> f)
        : file(std::move(f))
    {
    }

    config_policy const& policy() const noexcept override
    {
        return file->options();
    }

    detail::live_config_engine::snapshot load(std::uint64_t& content_hash) override
    {
        typename detail::config_core<T>::file_seen seen;
        auto value = std::make_shared<T const>(file->load(&seen));
        content_hash = seen.version.hash;
        return value;
    }

    detail::live_config_engine::snapshot decode(std::string bytes) override
    {
        return std::make_shared<T const>(file->decode(std::move(bytes)));
    }

    std::shared_ptr<detail::config_core<T>> const file;
};

// The core's save, which renders the value when it writes it and tells the
// engine its text; once durable, the engine's next reload answers it, and
// publishes the value. Holds the core weakly: waiting in the saver, or for
// the reload, a strong reference would keep the saver alive, which holds
// it (the engine's state, which holds the core, is held weakly by `save`).
template<class T>
struct live_config<T>::async_save_op
{
    std::weak_ptr<detail::config_core<T>> file;
    detail::live_config_engine::own_save save;
    std::shared_ptr<T const> value;

    template<class Self>
    void operator()(Self& self)
    {
        auto const live = save.lock();
        auto const f = file.lock();
        if(!live || !f)
            return boost::asio::post(boost::asio::append(std::move(self),
                std::make_exception_ptr(boost::system::system_error(boost::asio::error::operation_aborted))));
        auto rendered = save.hook(value);
        detail::config_core<T>::async_save(f, std::move(value), std::move(rendered), std::move(self));
    }

    // Durable: a reload publishes the saved value, unless the watch's has
    // already, before the save completes. A live_config destroyed
    // meanwhile publishes nothing more: the save is all there is.
    template<class Self>
    void operator()(Self& self, std::exception_ptr error)
    {
        auto const live = save.lock();
        if(error || !live)
        {
            save.forget();
            return self.complete(error);
        }
        // Out of the operation before `self`, which holds it, moves.
        auto const s = save;
        s.await_reload(std::move(self));
    }

    template<class Self>
    void operator()(Self& self, std::exception_ptr, reload_status)
    {
        save.forget();
        self.complete(nullptr);
    }
};

template<class T>
live_config<T>::live_config(executor_type executor, std::filesystem::path path, live_config_options<T> options)
    : file_(std::make_shared<detail::config_core<T>>(executor, std::move(path), options))
    , engine_(std::move(executor), file_->path(), options, std::make_shared<steps>(file_))
{
}

template<class T>
live_config<T>::~live_config()
{
    // The flush guard of the saver runs now, as a saver's or a
    // config_file's would: the triggers' waits may hold the core a while.
    // Then the engine's destructor stops the callbacks and the triggers.
    if(file_)
        file_->close(detail::debug_build);
}

template<class T>
typename live_config<T>::snapshot live_config<T>::current() const
{
    return std::static_pointer_cast<T const>(engine_.current());
}

template<class T>
reload_status live_config<T>::status() const
{
    return engine_.status();
}

template<class T>
void live_config<T>::on_change(change_handler handler)
{
    engine_.on_change([handler = std::move(handler)](
                          detail::live_config_engine::snapshot const& old_config,
                          detail::live_config_engine::snapshot const& new_config) {
        handler(std::static_pointer_cast<T const>(old_config), std::static_pointer_cast<T const>(new_config));
    });
}

template<class T>
void live_config<T>::on_failure(failure_handler handler)
{
    engine_.on_failure(std::move(handler));
}

template<class T>
void live_config<T>::on_reload(reload_handler handler)
{
    engine_.on_reload(std::move(handler));
}

template<class T>
template<class CompletionToken>
auto live_config<T>::async_reload(CompletionToken&& token)
{
    return boost::asio::async_initiate<CompletionToken, void(std::exception_ptr, reload_status)>(
        engine_.reload_initiation(), token);
}

template<class T>
template<class CompletionToken>
auto live_config<T>::async_save(T value, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(std::exception_ptr)>(
        async_save_op{file_, engine_.track_save(), std::make_shared<T const>(std::move(value))}, token,
        engine_.get_executor());
}

template<class T>
void live_config<T>::flush()
{
    file_->flush();
}

template<class T>
void live_config<T>::flush(boost::system::error_code& ec)
{
    file_->flush(ec);
}

template<class T>
void live_config<T>::discard()
{
    file_->discard();
}

template<class T>
template<class CompletionToken>
auto live_config<T>::async_flush(CompletionToken&& token)
{
    return file_->async_flush(std::forward<CompletionToken>(token));
}

template<class T>
void live_config<T>::stop()
{
    engine_.stop();
}

template<class T>
std::filesystem::path const& live_config<T>::path() const noexcept
{
    return file_->path();
}

template<class T>
typename live_config<T>::executor_type live_config<T>::get_executor() const noexcept
{
    return engine_.get_executor();
}

} // namespace durable

#endif
