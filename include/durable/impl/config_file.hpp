//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_IMPL_CONFIG_FILE_HPP
#define DURABLE_IMPL_CONFIG_FILE_HPP

#include <durable/config_document.hpp>
#include <durable/detail/blocking_job.hpp>
#include <durable/detail/config_codec.hpp>
#include <durable/detail/config_document.hpp>
#include <durable/detail/fnv1a.hpp>
#include <durable/error.hpp>
#include <durable/file_lock.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace durable {

namespace detail {

inline config_version version_of(std::string_view bytes) noexcept
{
    return {true, bytes.size(), fnv1a(bytes)};
}

} // namespace detail

// What the file's text is made from and read into: the options and the
// keys kept from the last load. Shared with the renders that the saver runs
// when it writes, which must not hold the saver, their owner, themselves.
template<class T>
struct config_file<T>::codec
{
    codec(std::filesystem::path p, config_options<T> o)
        : path(std::move(p))
        , options(std::move(o))
    {
    }

    // Maps a parsed document, or throws config_error. The keys that
    // unknown_keys::keep holds for the next save become this document's.
    T decode(config_document const& document)
    {
        std::vector<detail::kept_key> kept;
        T value = detail::map_document(document, options, kept);
        std::lock_guard<std::mutex> lock(mutex);
        kept_keys = std::move(kept);
        return value;
    }

    // Throws config_error if options.validate refuses the value.
    void check(T const& value) const
    {
        detail::check_value(value, options, path);
    }

    // The text of a checked value, or config_error if it has none: the
    // canonical form, spliced into the file's text with options.keep_layout.
    // The file is read here, on the thread that writes it (the blocking
    // executor, for a save rendered by the saver), so the text edited is
    // the last one written.
    std::string render(T const& value)
    {
        return detail::keep_layout(path, canonical(value), options);
    }

    // The same, over `existing`, the file's text as it was just read on
    // this thread under the path's lock (nullptr: there is no file).
    std::string render_over(T const& value, std::string const* existing)
    {
        if(!existing)
            return canonical(value);
        return detail::splice_values(*existing, canonical(value), options);
    }

    std::string canonical(T const& value)
    {
        std::vector<detail::kept_key> kept;
        {
            std::lock_guard<std::mutex> lock(mutex);
            kept = kept_keys;
        }
        return detail::render_value(value, options, kept, path);
    }

    std::filesystem::path const path;
    config_options<T> const options;
    std::mutex mutex;
    std::vector<detail::kept_key> kept_keys; // guarded by mutex
};

// Shared with the asynchronous operations, so that a config_file can be
// moved while they run.
template<class T>
struct config_file<T>::state
{
    state(executor_type executor, std::filesystem::path path, config_options<T> o)
        : format(std::make_shared<codec>(path, std::move(o)))
        , options(format->options)
        , saver(std::move(executor), std::move(path), detail::saver_options_of(options))
    {
    }

    // What the file holds once a load is done: its version (whose hash a
    // live_config compares) and, when `keep_text` asks for it, its text (over
    // which an update saves, without reading the file again). No text, and
    // a version that does not exist, when there is no file (defaults not
    // written, or a file quarantined).
    struct file_seen
    {
        bool keep_text = false;
        config_version version;
        std::optional<std::string> text;

        void see(std::string const& bytes)
        {
            version = detail::version_of(bytes);
            if(keep_text)
                text = bytes;
        }
    };

    // Maps one file (the file itself, or its backup) or throws config_error.
    T read(std::filesystem::path const& file, file_seen* seen = nullptr)
    {
        std::string bytes = config_document::read_bytes(file, options);
        if(seen)
            seen->see(bytes);
        return format->decode(config_document::parse(file, std::move(bytes), options));
    }

    // Applies the policies of a missing and a corrupt file.
    T load(file_seen* seen = nullptr)
    {
        try
        {
            return read(saver.path(), seen);
        }
        catch(config_error const& e)
        {
            if(seen)
                *seen = file_seen{seen->keep_text, {}, {}};
            if(e.code() == std::errc::no_such_file_or_directory &&
               options.missing_file == durable::missing_file::use_defaults)
                return load_defaults(seen);
            if(e.code() == error::invalid_config && options.corrupt_file == durable::corrupt_file::quarantine)
                return recover(e);
            throw;
        }
    }

    T load_defaults(file_seen* seen)
    {
        if(options.write_defaults)
        {
            std::string const text = save(options.defaults);
            if(seen)
                seen->see(text);
        }
        return options.defaults;
    }

    // The bad file goes aside first, so that whatever is loaded instead
    // is never mistaken for it, nor it for a good file on the next start.
    T recover(config_error const& cause)
    {
        config_quarantine quarantine{cause, detail::quarantine_file(saver.path(), options), false};
        T value = options.defaults;
        if(options.keep_backup)
        {
            std::filesystem::path backup = saver.path();
            backup += ".bak";
            try
            {
                value = read(backup);
                quarantine.used_backup = true;
            }
            catch(config_error const&)
            {
                // Reported below as "loaded the defaults".
            }
        }
        detail::report_quarantine(quarantine, options);
        return value;
    }

    // Renders on the calling thread, saves and flushes; returns the text saved.
    std::string save(T const& value)
    {
        format->check(value);
        return write(format->render(value));
    }

    // The same, over the text the file was just seen to hold under the lock.
    std::string save_over(T const& value, std::optional<std::string> const& existing)
    {
        format->check(value);
        return write(format->render_over(value, existing ? &*existing : nullptr));
    }

    std::string write(std::string text)
    {
        saver.save(text);
        saver.flush();
        return text;
    }

    // The lock of update() and save_if_unchanged().
    file_lock lock() const
    {
        return file_lock(saver.path(), options.lock_timeout, options.saving.symlinks, options.saving.fs);
    }

    // Load, change, save, all under the lock: the file read is the file as
    // every other holder of the lock left it.
    template<class Function>
    T update(Function& fn)
    {
        file_lock const held = lock();
        file_seen seen;
        seen.keep_text = true;
        T value = load(&seen);
        fn(value);
        save_over(value, seen.text);
        return value;
    }

    config_version save_if_unchanged(T const& value, config_version const& expected)
    {
        // Refused values are refused before the lock is waited for.
        format->check(value);
        file_lock const held = lock();
        std::optional<std::string> current;
        try
        {
            current = config_document::read_bytes(saver.path(), options);
        }
        catch(config_error const& e)
        {
            if(e.code() != std::errc::no_such_file_or_directory)
                throw;
        }
        if((current ? detail::version_of(*current) : config_version()) != expected)
            throw save_error(saver.path(), step::resolve, make_error_code(error::changed_on_disk));
        return detail::version_of(save_over(value, current));
    }

    // Saves a checked value, rendered when the saver writes it: a burst of
    // saves renders only the value that is written. `rendered`, if set, is
    // told the text on the writing thread, before the file changes.
    void save_later(std::shared_ptr<T const> value, rendered_hook rendered)
    {
        saver.save_rendered([format = format, value = std::move(value), rendered = std::move(rendered)] {
            std::string text = format->render(*value);
            if(rendered)
                rendered(text);
            return text;
        });
    }

    std::shared_ptr<codec> const format;
    config_options<T> const& options;
    durable::saver saver;
};

// Holds the file's state only until it starts: waiting in the saver, it
// would keep the saver, and so itself, alive.
template<class T>
struct config_file<T>::async_save_op
{
    std::shared_ptr<state> file;
    std::shared_ptr<T const> value;
    rendered_hook rendered;
    std::shared_ptr<codec> format; // for the error's path; it holds no saver

    template<class Self>
    void operator()(Self& self)
    {
        auto const f = std::move(file);
        format = f->format;
        try
        {
            format->check(*value);
        }
        catch(config_error const&)
        {
            // Refused before it could replace a state waiting to be written.
            // Completed from the executor, never from within async_save().
            return boost::asio::post(boost::asio::append(std::move(self), std::current_exception()));
        }
        f->save_later(std::move(value), std::move(rendered));
        // The commit delay runs its course: a burst of saves makes one write.
        saver::start_flush(f->saver.state_, saver::flush_handler(std::move(self)), false);
    }

    template<class Self>
    void operator()(Self& self, std::exception_ptr refused)
    {
        self.complete(refused);
    }

    template<class Self>
    void operator()(Self& self, detail::failure outcome)
    {
        self.complete(detail::exception_of(outcome, format->path));
    }
};

template<class T>
struct config_file<T>::async_load_op
{
    std::shared_ptr<state> file;

    template<class Self>
    void operator()(Self& self)
    {
        // Loading changes nothing that an abort would need to undo, but it
        // is short: it runs to the end once started.
        auto not_cancelled = std::make_shared<std::atomic<bool>>(false);
        executor_type const io = file->saver.get_executor();
        // A plain pointer: `self` owns the file and travels with the job,
        // then back to the caller's executor, where the last reference may
        // be dropped; the saver inside must never be destroyed on a pool
        // thread.
        detail::run_blocking(std::move(self), io, file->options.saving.blocking_executor,
            std::move(not_cancelled), [file = file.get()] {
                try
                {
                    return std::make_tuple(std::exception_ptr(), file->load());
                }
                catch(...)
                {
                    return std::make_tuple(std::current_exception(), file->options.defaults);
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
    std::shared_ptr<state> file;
    Function fn;

    template<class Self>
    void operator()(Self& self)
    {
        // Like async_load_op: it runs to the end once started (an abort
        // while the lock is held would have to release it half-way).
        auto not_cancelled = std::make_shared<std::atomic<bool>>(false);
        executor_type const io = file->saver.get_executor();
        state* const f = file.get(); // see async_load_op
        detail::run_blocking(std::move(self), io, f->options.saving.blocking_executor,
            std::move(not_cancelled), [f, fn = std::move(fn)]() mutable {
                try
                {
                    return std::make_tuple(std::exception_ptr(), f->update(fn));
                }
                catch(...)
                {
                    return std::make_tuple(std::current_exception(), f->options.defaults);
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
    : state_(std::make_shared<state>(std::move(executor), std::move(path), std::move(options)))
{
}

template<class T>
void config_file<T>::close(bool debug_build) noexcept
{
    state_->saver.close(debug_build);
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
        return state_->options.defaults;
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
    typename state::file_seen seen;
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
        async_update_op<Function>{state_, std::move(fn)}, token, state_->saver.get_executor());
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
        async_load_op{state_}, token, state_->saver.get_executor());
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
    return async_save(std::make_shared<T const>(std::move(value)), nullptr, std::forward<CompletionToken>(token));
}

template<class T>
template<class CompletionToken>
auto config_file<T>::async_save(std::shared_ptr<T const> value, rendered_hook rendered, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(std::exception_ptr)>(
        async_save_op{state_, std::move(value), std::move(rendered), nullptr}, token, state_->saver.get_executor());
}

template<class T>
void config_file<T>::flush()
{
    state_->saver.flush();
}

template<class T>
void config_file<T>::flush(boost::system::error_code& ec)
{
    state_->saver.flush(ec);
}

template<class T>
void config_file<T>::discard()
{
    state_->saver.discard();
}

template<class T>
template<class CompletionToken>
auto config_file<T>::async_flush(CompletionToken&& token)
{
    return state_->saver.async_flush(std::forward<CompletionToken>(token));
}

template<class T>
std::filesystem::path const& config_file<T>::path() const noexcept
{
    return state_->saver.path();
}

template<class T>
typename config_file<T>::executor_type config_file<T>::get_executor() const noexcept
{
    return state_->saver.get_executor();
}

} // namespace durable

#endif
