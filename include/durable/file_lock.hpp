//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_FILE_LOCK_HPP
#define DURABLE_FILE_LOCK_HPP

#include <durable/detail/export.hpp>
#include <durable/file_system.hpp>
#include <durable/write_options.hpp>

#include <chrono>
#include <filesystem>

namespace durable {

/** The exclusive lock of a file's read-modify-write, shared by every program.

    config_file's update() and save_if_unchanged() and the tool's set, fmt
    and write take it; a program that changes a file with a saver or
    write_file, and must not lose another's change, takes it around its
    own read and save:

    @code
    durable::file_lock const held("app.json", std::chrono::seconds(10));
    std::string text = read_my_file("app.json");
    durable::write_file("app.json", change(text));
    @endcode

    The lock is flock(LOCK_EX) (on Windows, LockFileEx over every byte)
    on a lock file beside the file the path resolves to (by `symlinks`, as a save resolves it): `.<name>.lock` in
    that directory. Not the target itself: a save replaces the target by
    rename, and a lock on the old inode would not stop a writer that opens
    the new one. The lock file is never deleted: a holder that unlinked it
    on release would let a waiter keep a lock on the unlinked inode while a
    third process created a new file and locked that, two holders at once.
    The system releases the lock when its holder dies, however it dies.
    doc/config.md (Many writers) says who takes it, and what NFS does.

    @throws save_error at step::lock (or at the step of the resolution that
    failed), naming `path` and, in the message, the lock file and, on a
    timeout (error::lock_timeout), the holder's pid where /proc/locks shows
    it (Windows does not tell).
*/
class DURABLE_DECL file_lock
{
public:
    /// No lock held.
    file_lock() noexcept = default;

    /// Waits up to `timeout` for the lock of `path`; `fs` is the file_system its directory is found through.
    file_lock(
        std::filesystem::path const& path,
        std::chrono::milliseconds timeout,
        symlink_policy symlinks = symlink_policy::follow,
        file_system* fs = nullptr);

    file_lock(file_lock&& other) noexcept;
    file_lock& operator=(file_lock&& other) noexcept;
    file_lock(file_lock const&) = delete;
    file_lock& operator=(file_lock const&) = delete;

    /// Releases the lock.
    ~file_lock();

    bool owns_lock() const noexcept { return handle_ != invalid_handle; }

    /// The lock file, as the path and its links spell it.
    std::filesystem::path const& lock_path() const noexcept { return lock_path_; }

    /// Releases the lock (by closing the lock file); nothing if none is held.
    void unlock() noexcept;

private:
    native_handle handle_ = invalid_handle;
    std::filesystem::path lock_path_;
};

} // namespace durable

#endif
