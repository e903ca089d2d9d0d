//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_LOCK_FILE_HPP
#define DURABLE_SRC_DETAIL_LOCK_FILE_HPP

// The system's half of file_lock: opening the lock file, taking and
// releasing its lock, and naming who holds it. flock on POSIX
// (lock_file_posix.cpp), LockFileEx on Windows (lock_file_windows.cpp);
// src/file_lock.cpp holds the rest, the same on both: where the lock file
// is, which one may be locked, and the wait.
//
// The lock file is opened with the system's own calls, not through the
// file_system seam: the seam creates files only exclusively (for temporary
// files) and has no lock. Its `dir` is a directory handle of the default
// file_system; a file_system whose handles are something else cannot be
// locked (the open fails, EBADF on POSIX).

#include <durable/file_system.hpp>

#include <boost/system/error_code.hpp>

#include <string>

namespace durable {
namespace detail {

// Opens the entry `name` of `dir` for locking, creating an empty file with
// `mode` if there is none. A final link is never followed: it is refused
// (POSIX) or opened as itself (Windows), which the caller's check of the
// kind refuses. invalid_handle and `ec` on failure.
native_handle open_lock_file(native_handle dir, std::string const& name, unsigned mode,
    boost::system::error_code& ec);

// Takes the exclusive lock of the open lock file without waiting: true if
// taken; false if another open file holds it (`ec` clear) or on failure.
bool try_lock(native_handle file, boost::system::error_code& ec) noexcept;

// Gives the lock file root has just created to the owner of the file it
// locks, on POSIX (see lock_file_posix.cpp); nothing on Windows.
void give_to_owner(native_handle file, file_status const& target) noexcept;

// Releases the lock, if held, and closes the lock file.
void close_lock_file(native_handle file) noexcept;

// What a timeout's message adds about the holder of the lock of `lock`:
// " held by pid N" where the system shows it, else nothing.
std::string lock_holder(file_status const& lock);

} // namespace detail
} // namespace durable

#endif
