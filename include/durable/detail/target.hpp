//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_TARGET_HPP
#define DURABLE_DETAIL_TARGET_HPP

#include <durable/detail/failure.hpp>
#include <durable/file_system.hpp>
#include <durable/write_options.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace durable {
namespace detail {

// Where a save really goes: the directory that will hold the new content
// (open, for the *at calls and the directory sync) and the name in it.
struct target
{
    native_handle dir = invalid_handle;
    std::filesystem::path dir_path; // as the path and its links spell it: for messages and keys
    std::string name;
    file_status status; // of `name`; kind none when the content is new
};

// Applies the symlink policy to `path` and opens the resulting directory.
//
// Every symbolic link on the way, in the directories of the path and (under
// symlink_policy::follow) at its end, is followed by this function, one at
// a time, relative to the directory that holds it, and only where the
// kernel's fs.protected_symlinks would follow it, whatever that setting
// is: a link in a sticky directory that others can write is followed only
// if this user or the directory's owner owns it (error::unsafe_symlink).
// On success the caller owns `result.dir`; on failure nothing stays open.
failure resolve_target(
    file_system& fs,
    std::filesystem::path const& path,
    symlink_policy policy,
    target& result);

// As above, for the entry `name` of the open directory `dir` (which it
// takes, also on failure), spelled `dir_path`.
failure resolve_target(
    file_system& fs,
    native_handle dir,
    std::filesystem::path dir_path,
    std::string name,
    symlink_policy policy,
    target& result);

// The user the kernel acts for, whom the rules of sticky directories trust.
std::uint32_t acting_user() noexcept;

// The rule of fs.protected_regular, for a save by the user `caller` into
// `file`, an entry of `dir`: a regular file owned by neither that user nor the
// directory's owner, in a sticky directory that others (or its group) can
// write, is refused with error::unsafe_file, since a save keeps the file's
// owner. Costs a call only for a file the caller does not own.
failure check_replaceable(file_system& fs, native_handle dir, file_status const& file, std::uint32_t caller);

// Reads the regular file `path` leads to, found as a save under
// symlink_policy::follow finds it (so with the same rules for links), at
// most `limit` bytes: see file_system::read_file(). A missing file is
// `no_such_file_or_directory`. `status` receives the file's status.
std::string read_target(
    file_system& fs,
    std::filesystem::path const& path,
    std::uint64_t limit,
    file_status& status,
    boost::system::error_code& ec);

// Error-code retry loop shared by every call of the protocol but close():
// EINTR means the call did nothing and is repeated, never reported.
template<class Call>
void retry_interrupted(Call&& call, boost::system::error_code& ec)
{
    do
    {
        ec.clear();
        call(ec);
    } while(ec == boost::system::errc::interrupted);
}

// Releases a handle. EINTR from close(2) still releases it on Linux, so it is
// success; retrying could close a descriptor another thread has just opened.
boost::system::error_code close_handle(file_system& fs, native_handle h) noexcept;

} // namespace detail
} // namespace durable

#endif
