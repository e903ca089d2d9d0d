//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_ATOMIC_FILE_HPP
#define DURABLE_ATOMIC_FILE_HPP

#include <durable/detail/export.hpp>
#include <durable/detail/replacement.hpp>
#include <durable/drop_handler.hpp>
#include <durable/write_options.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <filesystem>
#include <string_view>
#include <utility>

namespace durable {

/** A file whose new content replaces the old one all at once, on commit().

    Constructing an atomic_file creates a temporary file beside the target;
    write() appends to it in pieces of any size, so a large payload never
    needs to be in memory whole; commit() makes it durable and renames it over
    the target (the replace protocol of write_file()). Until then, every
    reader of the target sees the old content, and any failure leaves it in
    place and removes the temporary file.

    @code
    durable::atomic_file file("settings.json");
    for(auto const& chunk : chunks)
        file.write(chunk);
    file.commit(); // now visible, atomic and durable
    @endcode

    An atomic_file destroyed while open, neither committed nor aborted,
    removes its temporary file and reports the drop to the drop handler (see
    set_drop_handler(); by default a debug build aborts, a release build
    does not report). Call abort() to discard on purpose. A destruction caused by an exception unwinding the
    stack is an abort, not a drop.

    Pieces smaller than 64 KiB are gathered in a buffer before they reach
    the file, so writing line by line costs one system call per 64 KiB; the
    failure to write a buffered piece is reported by a later write() or by
    commit(), with the step `write`.

    Each operation has a throwing form (save_error) and an error_code form.
    After a failure the object is closed: the temporary file is gone.
*/
class DURABLE_DECL atomic_file
{
public:
    /// Constructs a closed file.
    atomic_file() noexcept = default;

    /// Opens a replacement for `target`; throws save_error.
    explicit atomic_file(std::filesystem::path target, write_options const& options = {});

    /// Opens a replacement for `target`; on failure `is_open()` is false.
    atomic_file(
        std::filesystem::path target,
        write_options const& options,
        boost::system::error_code& ec);

    atomic_file(atomic_file&& other) noexcept;

    /// Takes over `other`; an open replacement held before is dropped, as by the destructor.
    atomic_file& operator=(atomic_file&& other) noexcept
    {
        if(this != &other)
        {
            drop(detail::debug_build);
            take(std::move(other));
        }
        return *this;
    }

    /// Removes the temporary file if still open; reports a drop (see the class notes).
    ~atomic_file() { drop(detail::debug_build); }

    /// Appends to the new content; throws save_error.
    void write(void const* data, std::size_t size);

    /// Appends to the new content.
    void write(void const* data, std::size_t size, boost::system::error_code& ec);

    /// Appends to the new content; throws save_error.
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }

    /// Appends to the new content.
    void write(std::string_view bytes, boost::system::error_code& ec)
    {
        write(bytes.data(), bytes.size(), ec);
    }

    /** Replaces the target with what was written; throws save_error.

        On return the new content is visible to every process and, with
        `durability::durable`, durable. If only the final directory sync
        failed, the target is replaced but the error is
        `error::durability_unknown`. The file is closed either way.
    */
    void commit();

    /// Replaces the target with what was written; see commit().
    void commit(boost::system::error_code& ec);

    /// Discards what was written and removes the temporary file; the target is untouched.
    void abort() noexcept;

    /// Whether a replacement is in progress: opened, neither committed, aborted nor failed.
    bool is_open() const noexcept { return replacement_.is_open(); }

    /// The target, as given to the constructor.
    std::filesystem::path const& path() const noexcept { return path_; }

private:
    // Discards an open replacement; tells the drop handler if `report`.
    void drop(bool report) noexcept;
    void take(atomic_file&& other) noexcept;

    std::filesystem::path path_;
    detail::replacement replacement_;
    int uncaught_exceptions_ = 0; // at construction, to tell unwinding from a drop
};

} // namespace durable

#endif
