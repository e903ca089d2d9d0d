//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The lock of a file_lock is LockFileEx on every byte the lock file could
// have: it belongs to the handle, so two handles in one process exclude
// each other as two processes do, and Windows releases it when its holder
// exits, however it exits. The lock file stays empty, so that the lock,
// which Windows enforces on reads and writes of the range, keeps nobody
// from anything but the lock.

#include "lock_file.hpp"
#include "win32.hpp"

namespace durable {
namespace detail {

namespace {

// The whole range, as Rust's standard library locks a file.
constexpr DWORD every_byte = MAXDWORD;

} // namespace

native_handle open_lock_file(native_handle dir, std::string const& name, unsigned,
    boost::system::error_code& ec)
{
    ec.clear();
    std::filesystem::path const path = entry_path(dir, name, ec);
    if(ec)
        return invalid_handle;
    // Read access is what LockFileEx needs, and all: whoever may read the
    // lock file may lock. OPEN_ALWAYS creates it if missing;
    // FILE_FLAG_OPEN_REPARSE_POINT opens a link planted there as itself,
    // never where it leads. Hidden: the name starts with a dot, which hides
    // a file on POSIX desktops, and Explorer goes by the attribute. Shared
    // for everything, so that no program is ever refused the file.
    HANDLE const h = ::CreateFileW(path.c_str(), GENERIC_READ, share_all, nullptr, OPEN_ALWAYS,
        FILE_ATTRIBUTE_HIDDEN | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if(h == INVALID_HANDLE_VALUE)
    {
        set_last_error(ec);
        return invalid_handle;
    }
    return h;
}

bool try_lock(native_handle file, boost::system::error_code& ec) noexcept
{
    ec.clear();
    OVERLAPPED from_the_start{};
    if(::LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, every_byte, every_byte,
           &from_the_start))
        return true;
    if(::GetLastError() != ERROR_LOCK_VIOLATION)
        set_last_error(ec);
    return false;
}

void give_to_owner(native_handle, file_status const&) noexcept
{
    // A new file inherits the directory's ACL. Nothing is given away: the
    // seam carries no owners on Windows. What root meets on POSIX can happen
    // here too: an administrator who makes the lock file of a file that its
    // owner reads through an explicit ACE alone leaves them a lock file they
    // may not be able to open; their update then fails at step::lock,
    // naming it.
}

void close_lock_file(native_handle file) noexcept
{
    // Unlocked before it is closed: Windows releases the locks of a closed
    // handle "when resources permit", and a waiter should not wait for that.
    OVERLAPPED from_the_start{};
    ::UnlockFileEx(file, 0, every_byte, every_byte, &from_the_start);
    ::CloseHandle(file);
}

std::string lock_holder(file_status const&)
{
    // Windows does not say which process holds a byte-range lock.
    return {};
}

} // namespace detail
} // namespace durable
