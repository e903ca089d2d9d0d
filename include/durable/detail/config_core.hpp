//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_CONFIG_CORE_HPP
#define DURABLE_DETAIL_CONFIG_CORE_HPP

#include <durable/config_document.hpp>
#include <durable/config_error.hpp>
#include <durable/config_options.hpp>
#include <durable/config_version.hpp>
#include <durable/detail/config_codec.hpp>
#include <durable/detail/config_document.hpp>
#include <durable/detail/fnv1a.hpp>
#include <durable/error.hpp>
#include <durable/file_lock.hpp>
#include <durable/saver.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>

#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace durable {
namespace detail {

inline config_version version_of(std::string_view bytes) noexcept
{
    return {true, bytes.size(), fnv1a(bytes)};
}

// What a config_file<T> is, and what a live_config<T> loads, reloads and
// saves through: the options, the keys kept from the last load, the saver.
// One of each per file, so that both read the same way, keep the same keys
// and write through the same saver, in one order, under one flush guard.
//
// Shared with the asynchronous operations, so that its owner can be moved
// while they run; no operation waiting in the saver holds it (it would keep
// the saver, which holds the operation, alive).
template<class T>
class config_core
{
public:
    // Told the text of a save on the writing thread, before the file changes.
    using rendered_hook = std::function<void(std::string const& text)>;

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
            version = version_of(bytes);
            if(keep_text)
                text = bytes;
        }
    };

    config_core(boost::asio::any_io_executor executor, std::filesystem::path path, config_options<T> o)
        : format_(std::make_shared<codec>(path, std::move(o)))
        , saver_(std::move(executor), std::move(path), saver_options_of(format_->options))
    {
    }

    config_options<T> const& options() const noexcept { return format_->options; }
    std::filesystem::path const& path() const noexcept { return saver_.path(); }
    boost::asio::any_io_executor get_executor() const noexcept { return saver_.get_executor(); }

    // Applies the policies of a missing and a corrupt file.
    T load(file_seen* seen = nullptr)
    {
        try
        {
            return read(path(), seen);
        }
        catch(config_error const& e)
        {
            if(seen)
                *seen = file_seen{seen->keep_text, {}, {}};
            if(e.code() == std::errc::no_such_file_or_directory &&
               options().missing_file == durable::missing_file::use_defaults)
                return load_defaults(seen);
            if(e.code() == error::invalid_config && options().corrupt_file == durable::corrupt_file::quarantine)
                return recover(e);
            throw;
        }
    }

    // Maps `bytes`, already read from the file, or throws config_error: a
    // reload, which keeps the last good value rather than the policies'.
    T decode(std::string bytes)
    {
        return format_->decode(config_document::parse(path(), std::move(bytes), options()));
    }

    // Renders on the calling thread, saves and flushes; returns the text saved.
    std::string save(T const& value)
    {
        format_->check(value);
        return write(format_->render(value));
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
        format_->check(value);
        file_lock const held = lock();
        std::optional<std::string> current;
        try
        {
            current = config_document::read_bytes(path(), options());
        }
        catch(config_error const& e)
        {
            if(e.code() != std::errc::no_such_file_or_directory)
                throw;
        }
        if((current ? version_of(*current) : config_version()) != expected)
            throw save_error(path(), step::resolve, make_error_code(error::changed_on_disk));
        return version_of(save_over(value, current));
    }

    /** Checks `value`, then saves it through the saver, rendered when it is written.

        A burst of saves renders only the value that is written. `rendered`,
        if set, is told the text on the writing thread, before the file
        changes. Completes with `void(std::exception_ptr)` as
        config_file::async_save() documents.
    */
    template<class CompletionToken>
    static auto async_save(
        std::shared_ptr<config_core> const& core,
        std::shared_ptr<T const> value,
        rendered_hook rendered,
        CompletionToken&& token)
    {
        return boost::asio::async_compose<CompletionToken, void(std::exception_ptr)>(
            async_save_op{core, std::move(value), std::move(rendered), nullptr}, token, core->get_executor());
    }

    void flush() { saver_.flush(); }
    void flush(boost::system::error_code& ec) { saver_.flush(ec); }
    void discard() { saver_.discard(); }

    template<class CompletionToken>
    auto async_flush(CompletionToken&& token)
    {
        return saver_.async_flush(std::forward<CompletionToken>(token));
    }

    // The flush guard, now: its owner goes, and an asynchronous operation
    // may still hold the core a while.
    void close(bool debug_build) noexcept { saver_.close(debug_build); }

private:
    // What the file's text is made from and read into: the options and the
    // keys kept from the last load. Shared with the renders that the saver
    // runs when it writes, which must not hold the saver, their owner,
    // themselves.
    struct codec
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
            std::vector<kept_key> kept;
            T value = map_document(document, options, kept);
            std::lock_guard<std::mutex> lock(mutex);
            kept_keys = std::move(kept);
            return value;
        }

        // Throws config_error if options.validate refuses the value.
        void check(T const& value) const
        {
            check_value(value, options, path);
        }

        // The text of a checked value, or config_error if it has none: the
        // canonical form, spliced into the file's text with options.keep_layout.
        // The file is read here, on the thread that writes it (the blocking
        // executor, for a save rendered by the saver), so the text edited is
        // the last one written.
        std::string render(T const& value)
        {
            return keep_layout(path, canonical(value), options);
        }

        // The same, over `existing`, the file's text as it was just read on
        // this thread under the path's lock (nullptr: there is no file).
        std::string render_over(T const& value, std::string const* existing)
        {
            if(!existing)
                return canonical(value);
            return splice_values(*existing, canonical(value), options);
        }

        std::string canonical(T const& value)
        {
            std::vector<kept_key> kept;
            {
                std::lock_guard<std::mutex> lock(mutex);
                kept = kept_keys;
            }
            return render_value(value, options, kept, path);
        }

        std::filesystem::path const path;
        config_options<T> const options;
        std::mutex mutex;
        std::vector<kept_key> kept_keys; // guarded by mutex
    };

    struct async_save_op;

    // Maps one file (the file itself, or its backup) or throws config_error.
    T read(std::filesystem::path const& file, file_seen* seen = nullptr)
    {
        std::string bytes = config_document::read_bytes(file, options());
        if(seen)
            seen->see(bytes);
        return format_->decode(config_document::parse(file, std::move(bytes), options()));
    }

    T load_defaults(file_seen* seen)
    {
        if(options().write_defaults)
        {
            std::string const text = save(options().defaults);
            if(seen)
                seen->see(text);
        }
        return options().defaults;
    }

    // The bad file goes aside first, so that whatever is loaded instead
    // is never mistaken for it, nor it for a good file on the next start.
    T recover(config_error const& cause)
    {
        config_quarantine quarantine{cause, quarantine_file(path(), options()), false};
        T value = options().defaults;
        if(options().keep_backup)
        {
            std::filesystem::path backup = path();
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
        report_quarantine(quarantine, options());
        return value;
    }

    // The same as save(), over the text the file was just seen to hold under the lock.
    std::string save_over(T const& value, std::optional<std::string> const& existing)
    {
        format_->check(value);
        return write(format_->render_over(value, existing ? &*existing : nullptr));
    }

    std::string write(std::string text)
    {
        saver_.save(text);
        saver_.flush();
        return text;
    }

    // The lock of update() and save_if_unchanged().
    file_lock lock() const
    {
        return file_lock(path(), options().lock_timeout, options().saving.symlinks, options().saving.fs);
    }

    void save_later(std::shared_ptr<T const> value, rendered_hook rendered)
    {
        saver_.save_rendered([format = format_, value = std::move(value), rendered = std::move(rendered)] {
            std::string text = format->render(*value);
            if(rendered)
                rendered(text);
            return text;
        });
    }

    std::shared_ptr<codec> const format_;
    durable::saver saver_;
};

// Holds the core only until it starts: waiting in the saver, it would keep
// the saver, and so itself, alive.
template<class T>
struct config_core<T>::async_save_op
{
    std::shared_ptr<config_core> core;
    std::shared_ptr<T const> value;
    rendered_hook rendered;
    std::shared_ptr<codec> format; // for the error's path; it holds no saver

    template<class Self>
    void operator()(Self& self)
    {
        auto const c = std::move(core);
        format = c->format_;
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
        c->save_later(std::move(value), std::move(rendered));
        // The commit delay runs its course: a burst of saves makes one write.
        saver::start_flush(c->saver_.state_, saver::flush_handler(std::move(self)), false);
    }

    template<class Self>
    void operator()(Self& self, std::exception_ptr refused)
    {
        self.complete(refused);
    }

    template<class Self>
    void operator()(Self& self, failure outcome)
    {
        self.complete(exception_of(outcome, format->path));
    }
};

} // namespace detail
} // namespace durable

#endif
