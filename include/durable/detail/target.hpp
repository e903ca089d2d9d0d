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

#include <filesystem>
#include <string>

namespace durable {
namespace detail {

// Where a save really goes: the directory that will hold the new content
// (open, for the *at calls and the directory sync) and the name in it.
struct target
{
    native_handle dir = invalid_handle;
    std::filesystem::path dir_path;
    std::string name;
    file_status status; // of `name`; kind none when the content is new
};

// Applies the symlink policy to `path` and opens the resulting directory.
// On success the caller owns `result.dir`; on failure nothing stays open.
failure resolve_target(
    file_system& fs,
    std::filesystem::path const& path,
    symlink_policy policy,
    target& result);

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
