//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_PATH_LOCK_HPP
#define DURABLE_DETAIL_PATH_LOCK_HPP

#include <durable/file_system.hpp>
#include <durable/write_options.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace durable {
namespace detail {

// An exclusive lock tied to a path, for read-modify-write: config_file's
// update() and save_if_unchanged(), and the tool's set and fmt.
//
// The lock is flock(LOCK_EX) on a lock file beside the file the path
// resolves to (by the symlink policy, as a save resolves it): `.<name>.lock`
// in that directory. Not the target itself: a save replaces the target by
// rename, and a lock on the old inode would not stop a writer that opens the
// new one. The lock file is never deleted: a holder that unlinked it on
// release would let a waiter keep a lock on the unlinked inode while a third
// process created a new file and locked that, two holders at once. The
// kernel releases the lock when its holder dies, however it dies.
//
// Throws save_error at step::lock (or at the step of the resolution that
// failed), naming `path` and, in the message, the lock file and, on a
// timeout, the holder's pid where /proc/locks shows it.
class path_lock
{
public:
    path_lock() noexcept = default;

    path_lock(
        std::filesystem::path const& path,
        symlink_policy symlinks,
        std::chrono::milliseconds timeout,
        file_system* fs = nullptr);

    path_lock(path_lock&& other) noexcept;
    path_lock& operator=(path_lock&& other) noexcept;
    path_lock(path_lock const&) = delete;
    path_lock& operator=(path_lock const&) = delete;

    // Releases the lock (by closing the lock file).
    ~path_lock();

    bool owns_lock() const noexcept { return fd_ != -1; }

    // The lock file, as the path and its links spell it.
    std::filesystem::path const& lock_path() const noexcept { return lock_path_; }

    void unlock() noexcept;

private:
    int fd_ = -1;
    std::filesystem::path lock_path_;
};

// The name of the lock file of the entry `name`.
std::string lock_file_name(std::string const& name);

// The pid that holds a flock on the file (device, inode), from /proc/locks;
// 0 when it is not known (no /proc, another pid namespace, already released).
long lock_holder(std::uint64_t device, std::uint64_t inode);

} // namespace detail
} // namespace durable

#endif
