//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What a lock is, the same on every system: the lock file beside the target,
// which lock files may be locked, and the wait. How a file is locked is the
// system's (detail/lock_file.hpp). The directory is found through the seam
// (resolve_target), so symbolic links are judged by the same rules as a
// save's, and the ownership rule is the protocol's own (check_replaceable).

#include <durable/file_lock.hpp>
#include <durable/detail/target.hpp>
#include <durable/error.hpp>
#include <durable/printable.hpp>
#include <durable/save_error.hpp>

#include "detail/lock_file.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace durable {

namespace {

// Closes the directory that resolve_target opened, whatever happens.
struct directory_guard
{
    file_system& fs;
    native_handle dir;
    ~directory_guard() { detail::close_handle(fs, dir); }
};

class lock_failure
{
public:
    lock_failure(std::filesystem::path const& path, std::filesystem::path const& lock_path)
        : path_(path)
        , lock_path_(printable(lock_path))
    {
    }

    [[noreturn]] void raise(step where, boost::system::error_code ec, std::string const& more = {}) const
    {
        throw save_error(path_, where, ec, lock_path_ + more);
    }

private:
    std::filesystem::path const& path_;
    std::string lock_path_;
};

// What stands at the lock file's name, if it is not a file that may be
// locked: not a regular file (a link is refused as a save refuses one), or,
// in a sticky directory that others can write, a file owned by neither this
// user nor the directory's owner (the protocol's fs.protected_regular rule:
// a lock file planted there by someone else would let them hold every update
// up, or learn when updates happen).
detail::failure check_lock_file(file_system& fs, native_handle dir, file_status const& s)
{
    if(s.kind == file_kind::symlink)
        return {step::lock, make_error_code(error::symlink_refused)};
    if(s.kind != file_kind::regular)
        return {step::lock, make_error_code(error::not_a_regular_file)};
    return detail::check_replaceable(fs, dir, s, detail::acting_user());
}

// An open lock file, closed (and so unlocked) on every way out unless kept.
class owned_lock_file
{
public:
    explicit owned_lock_file(native_handle file) noexcept
        : file_(file)
    {
    }

    owned_lock_file(owned_lock_file&& other) noexcept
        : file_(std::exchange(other.file_, invalid_handle))
    {
    }

    owned_lock_file& operator=(owned_lock_file&&) = delete;

    ~owned_lock_file()
    {
        if(file_ != invalid_handle)
            detail::close_lock_file(file_);
    }

    native_handle get() const noexcept { return file_; }

    native_handle release() noexcept { return std::exchange(file_, invalid_handle); }

private:
    native_handle file_;
};

// Whether an open refused with `ec` may have been refused for what stands
// at the name: a link (ELOOP on POSIX), a directory (EISDIR; access denied
// on Windows), a socket (ENXIO), another's file in a sticky directory
// (fs.protected_regular refuses O_CREAT on it with EACCES). Other errors
// (EMFILE, EIO) are told as they are.
bool refused_for_what_is_there(boost::system::error_code const& ec) noexcept
{
    return ec == boost::system::errc::too_many_symbolic_link_levels ||
        ec == boost::system::errc::is_a_directory || ec == boost::system::errc::no_such_device_or_address ||
        ec == boost::system::errc::permission_denied;
}

// Opens (creating if need be) the lock file and checks it is one to lock.
owned_lock_file open_lock_file(file_system& fs, detail::target const& t, std::string const& name, lock_failure const& fail)
{
    // Whoever can read the target may lock it; nobody needs to write the lock file.
    unsigned const mode = t.status.kind == file_kind::regular ? (t.status.mode & 0644) | 0600 : 0644;
    boost::system::error_code ec;
    owned_lock_file file(detail::open_lock_file(t.dir, name, mode, ec));
    if(ec)
    {
        if(refused_for_what_is_there(ec))
        {
            boost::system::error_code e;
            file_status const s = fs.status(t.dir, name, e);
            if(!e && s.kind != file_kind::none)
                if(detail::failure f = check_lock_file(fs, t.dir, s))
                    fail.raise(step::lock, f.code);
        }
        fail.raise(step::lock, ec);
    }
    file_status const s = default_file_system().status(file.get(), ec);
    if(ec)
        fail.raise(step::lock, ec);
    if(detail::failure f = check_lock_file(fs, t.dir, s))
        fail.raise(step::lock, f.code);
    detail::give_to_owner(file.get(), t.status);
    return file;
}

// True if the entry `name` of `dir` is still the file `file` has open: the
// lock file is never deleted by durable, but a person or a cleaner may
// delete it, and a lock on a file nobody else can open any more protects
// nothing.
bool still_named(file_system& fs, native_handle dir, std::string const& name, native_handle file)
{
    boost::system::error_code ec;
    file_status const open = default_file_system().status(file, ec);
    if(ec)
        return false;
    file_status const named = fs.status(dir, name, ec);
    return !ec && named.kind != file_kind::none && open.device == named.device && open.inode == named.inode;
}

// The name of the lock file of the entry `name`.
std::string lock_file_name(std::string const& name)
{
    return "." + name + ".lock";
}

} // namespace

file_lock::file_lock(
    std::filesystem::path const& path,
    std::chrono::milliseconds timeout,
    symlink_policy symlinks,
    file_system* fs_or_null)
{
    file_system& fs = fs_or_null ? *fs_or_null : default_file_system();
    detail::target t;
    if(detail::failure f = detail::resolve_target(fs, path, symlinks, t))
        throw save_error(path, f.step, f.code, f.cause);
    directory_guard const guard{fs, t.dir};
    std::string const name = lock_file_name(t.name);
    std::filesystem::path lock_path = t.dir_path / name;
    lock_failure const fail(path, lock_path);

    auto const deadline = std::chrono::steady_clock::now() + timeout;
    // Polled, not a blocking lock: a blocking one cannot be given a timeout
    // without a signal or a thread. The pause grows to 10 ms, so that a lock
    // held briefly is taken within a fraction of a millisecond and a long
    // wait costs little.
    std::chrono::microseconds pause(50);
    for(;;)
    {
        file_status held;
        {
            owned_lock_file file = open_lock_file(fs, t, name, fail);
            boost::system::error_code ec;
            if(detail::try_lock(file.get(), ec) && still_named(fs, t.dir, name, file.get()))
            {
                lock_path_ = std::move(lock_path);
                handle_ = file.release();
                return;
            }
            if(ec)
                fail.raise(step::lock, ec);
            boost::system::error_code e;
            held = default_file_system().status(file.get(), e);
        } // closed before the wait: a lock taken on a file no longer named is let go
        if(std::chrono::steady_clock::now() >= deadline)
            fail.raise(step::lock, make_error_code(error::lock_timeout), detail::lock_holder(held));
        std::this_thread::sleep_for(pause);
        pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(10));
    }
}

file_lock::file_lock(file_lock&& other) noexcept
    : handle_(std::exchange(other.handle_, invalid_handle))
    , lock_path_(std::move(other.lock_path_))
{
}

file_lock& file_lock::operator=(file_lock&& other) noexcept
{
    if(this != &other)
    {
        unlock();
        handle_ = std::exchange(other.handle_, invalid_handle);
        lock_path_ = std::move(other.lock_path_);
    }
    return *this;
}

file_lock::~file_lock()
{
    unlock();
}

void file_lock::unlock() noexcept
{
    if(handle_ != invalid_handle)
        detail::close_lock_file(std::exchange(handle_, invalid_handle));
}

} // namespace durable
