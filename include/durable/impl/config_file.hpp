//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_CONFIG_FILE_HPP
#define DURABLE_IMPL_CONFIG_FILE_HPP

#include <durable/detail/blocking_job.hpp>
#include <durable/detail/config_core.hpp>

#include <boost/asio/compose.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <memory>
#include <tuple>
#include <utility>

namespace durable {

template<class T>
struct config_file<T>::async_load_op
{
    std::shared_ptr<detail::config_core<T>> file;

    template<class Self>
    void operator()(Self& self)
    {
        // Loading changes nothing that an abort would need to undo, but it
        // is short: it runs to the end once started.
        auto not_cancelled = std::make_shared<std::atomic<bool>>(false);
        executor_type const io = file->get_executor();
        // A plain pointer: `self` owns the file and travels with the job,
        // then back to the caller's executor, where the last reference may
        // be dropped; the saver inside must never be destroyed on a pool
        // thread.
        detail::run_blocking(std::move(self), io, file->options().saving.blocking_executor,
            std::move(not_cancelled), [file = file.get()] {
                try
                {
                    return std::make_tuple(std::exception_ptr(), file->load());
                }
                catch(...)
                {
                    return std::make_tuple(std::current_exception(), file->options().defaults);
                }
            });
    }

    template<class Self>
    void operator()(Self& self, std::exception_ptr error, T value)
    {
        self.complete(error, std::move(value));
    }
};

template<class T>
template<class Function>
struct config_file<T>::async_update_op
{
    std::shared_ptr<detail::config_core<T>> file;
    Function fn;

    template<class Self>
    void operator()(Self& self)
    {
        // Like async_load_op: it runs to the end once started (an abort
        // while the lock is held would have to release it half-way).
        auto not_cancelled = std::make_shared<std::atomic<bool>>(false);
        executor_type const io = file->get_executor();
        detail::config_core<T>* const f = file.get(); // see async_load_op
        detail::run_blocking(std::move(self), io, f->options().saving.blocking_executor,
            std::move(not_cancelled), [f, fn = std::move(fn)]() mutable {
                try
                {
                    return std::make_tuple(std::exception_ptr(), f->update(fn));
                }
                catch(...)
                {
                    return std::make_tuple(std::current_exception(), f->options().defaults);
                }
            });
    }

    template<class Self>
    void operator()(Self& self, std::exception_ptr error, T value)
    {
        self.complete(error, std::move(value));
    }
};

template<class T>
config_file<T>::config_file(executor_type executor, std::filesystem::path path, config_options<T> options)
    : state_(std::make_shared<detail::config_core<T>>(std::move(executor), std::move(path), std::move(options)))
{
}

template<class T>
T config_file<T>::load()
{
    return state_->load();
}

template<class T>
T config_file<T>::load(boost::system::error_code& ec)
{
    try
    {
        ec.clear();
        return state_->load();
    }
    catch(boost::system::system_error const& e)
    {
        ec = e.code();
        return state_->options().defaults;
    }
}

template<class T>
boost::system::result<T, config_error> config_file<T>::try_load()
{
    try
    {
        return state_->load();
    }
    catch(config_error const& e)
    {
        return e;
    }
}

template<class T>
T config_file<T>::load(config_version& version)
{
    typename detail::config_core<T>::file_seen seen;
    T value = state_->load(&seen);
    version = seen.version;
    return value;
}

template<class T>
template<class Function>
T config_file<T>::update(Function&& fn)
{
    return state_->update(fn);
}

template<class T>
template<class Function, class CompletionToken>
auto config_file<T>::async_update(Function fn, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(std::exception_ptr, T)>(
        async_update_op<Function>{state_, std::move(fn)}, token, state_->get_executor());
}

template<class T>
config_version config_file<T>::save_if_unchanged(T const& value, config_version const& version)
{
    return state_->save_if_unchanged(value, version);
}

template<class T>
template<class CompletionToken>
auto config_file<T>::async_load(CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(std::exception_ptr, T)>(
        async_load_op{state_}, token, state_->get_executor());
}

template<class T>
void config_file<T>::save(T const& value)
{
    state_->save(value);
}

template<class T>
void config_file<T>::save(T const& value, boost::system::error_code& ec)
{
    try
    {
        ec.clear();
        state_->save(value);
    }
    catch(boost::system::system_error const& e)
    {
        ec = e.code();
    }
}

template<class T>
template<class CompletionToken>
auto config_file<T>::async_save(T value, CompletionToken&& token)
{
    return detail::config_core<T>::async_save(
        state_, std::make_shared<T const>(std::move(value)), nullptr, std::forward<CompletionToken>(token));
}

template<class T>
void config_file<T>::flush()
{
    state_->flush();
}

template<class T>
void config_file<T>::flush(boost::system::error_code& ec)
{
    state_->flush(ec);
}

template<class T>
void config_file<T>::discard()
{
    state_->discard();
}

template<class T>
template<class CompletionToken>
auto config_file<T>::async_flush(CompletionToken&& token)
{
    return state_->async_flush(std::forward<CompletionToken>(token));
}

template<class T>
std::filesystem::path const& config_file<T>::path() const noexcept
{
    return state_->path();
}

template<class T>
typename config_file<T>::executor_type config_file<T>::get_executor() const noexcept
{
    return state_->get_executor();
}

} // namespace durable

#endif
