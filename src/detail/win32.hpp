//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_WIN32_HPP
#define DURABLE_SRC_DETAIL_WIN32_HPP

// What durable's Windows code shares of Win32: its errors and times,
// handles closed on every path, and the *at calls that Win32 lacks, made of
// a directory handle's path and a name.

#include <durable/file_system.hpp>

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <windows.h>

namespace durable {
namespace detail {

inline void set_last_error(boost::system::error_code& ec) noexcept
{
    ec.assign(static_cast<int>(::GetLastError()), boost::system::system_category());
}

// A time of Windows (100 ns ticks since 1601) in seconds since 1970.
inline std::int64_t seconds_since_1970(FILETIME t) noexcept
{
    std::uint64_t const ticks = (std::uint64_t(t.dwHighDateTime) << 32) | t.dwLowDateTime;
    constexpr std::int64_t from_1601_to_1970 = 11644473600;
    return static_cast<std::int64_t>(ticks / 10000000) - from_1601_to_1970;
}

// A handle opened for one call and closed when it returns.
struct handle_closer
{
    void operator()(void* h) const noexcept { ::CloseHandle(h); }
};
using scoped_handle = std::unique_ptr<void, handle_closer>;

// Every other program may read, write, rename and delete what we hold open:
// a handle of ours never makes another program's save or delete fail, as a
// handle without FILE_SHARE_DELETE would make ours fail.
constexpr DWORD share_all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

// `path` made absolute and normal as Windows makes any path it is given,
// by GetFullPathNameW: from the current directory if relative, "." and
// ".." resolved, "/" made "\\", trailing dots and spaces dropped from
// names, "\\server\share\..." kept a network path (which the library's
// std::filesystem would make a path on the current drive), and a device
// name (CON, NUL, COM1...) its device, "\\.\CON".
inline std::filesystem::path full_path(std::filesystem::path const& path, boost::system::error_code& ec)
{
    std::wstring buffer(MAX_PATH, L'\0');
    for(;;)
    {
        DWORD const n =
            ::GetFullPathNameW(path.c_str(), static_cast<DWORD>(buffer.size()), buffer.data(), nullptr);
        if(n == 0)
        {
            set_last_error(ec);
            return {};
        }
        if(n < buffer.size())
        {
            buffer.resize(n);
            ec.clear();
            return buffer;
        }
        buffer.resize(n); // the size needed, the terminating null included
    }
}

// Whether a full path names a device ("\\.\CON"), not a file.
inline bool is_device_path(std::wstring const& full) noexcept
{
    return full.rfind(L"\\\\.\\", 0) == 0;
}

// The "\\?\" form of a full path (full_path()), which Windows takes beyond
// MAX_PATH (without it, only programs that declare themselves long-path
// aware can) and does not normalise again. A path in that form is kept.
inline std::filesystem::path extended_path(std::filesystem::path const& full)
{
    std::wstring const& given = full.native();
    if(given.rfind(L"\\\\?\\", 0) == 0)
        return full;
    // \\server\share\... is \\?\UNC\server\share\...
    if(given.rfind(L"\\\\", 0) == 0)
        return L"\\\\?\\UNC\\" + given.substr(2);
    return L"\\\\?\\" + given;
}

// A path in its "\\?\" form given back in the form full_path() gives.
inline std::wstring without_prefix(std::wstring const& extended)
{
    if(extended.rfind(L"\\\\?\\UNC\\", 0) == 0)
        return L"\\\\" + extended.substr(8);
    if(extended.rfind(L"\\\\?\\", 0) == 0)
        return extended.substr(4);
    return extended;
}

// The path of an open handle, in its "\\?\C:\..." form: what the POSIX
// calls get from a directory descriptor, names relative to it. Windows
// has no *at calls in its Win32 API, so a name is made a path again; the
// "\\?\" form keeps paths longer than MAX_PATH working.
inline std::filesystem::path path_of(native_handle h, boost::system::error_code& ec)
{
    std::wstring buffer(MAX_PATH, L'\0');
    for(;;)
    {
        DWORD const n = ::GetFinalPathNameByHandleW(
            h, buffer.data(), static_cast<DWORD>(buffer.size()), FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
        if(n == 0)
        {
            set_last_error(ec);
            return {};
        }
        if(n < buffer.size())
        {
            buffer.resize(n);
            return buffer;
        }
        buffer.resize(n); // the size needed, the terminating null included
    }
}

// The entry `name` of the directory `dir`: "." is the directory itself and
// ".." its parent, which the "\\?\" form does not resolve by itself.
// Any other name is read as Windows reads it in any other program's path
// (full_path()): "settings.json. " is settings.json, which the "\\?\"
// form would otherwise create as a file no other program opens by that
// name. A name that Windows reads as no entry of `dir` (a device, "...",
// an alternate data stream "file:stream") is ERROR_INVALID_NAME.
inline std::filesystem::path entry_path(native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    std::filesystem::path base = path_of(dir, ec);
    if(ec || name == ".")
        return base;
    if(name == "..")
        return base.parent_path();
    std::wstring folder = without_prefix(base.native());
    if(folder.empty() || folder.back() != L'\\')
        folder += L'\\';
    std::wstring const wide = std::filesystem::u8path(name).native();
    std::wstring const full = full_path(folder + wide, ec).native();
    if(ec)
        return {};
    std::wstring const read_as = full.compare(0, folder.size(), folder) == 0 ? full.substr(folder.size()) : L"";
    if(read_as.empty() || read_as.find_first_of(L"\\/:") != std::wstring::npos || is_device_path(full))
    {
        ec.assign(ERROR_INVALID_NAME, boost::system::system_category());
        return {};
    }
    return base / read_as;
}

} // namespace detail
} // namespace durable

#endif
