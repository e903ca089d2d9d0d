//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/windows_file_system.hpp>

#include "detail/bounded_read.hpp"
#include "detail/win32.hpp"
#include "detail/windows_dacl.hpp"

#include <durable/error.hpp>

#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include <windows.h>

namespace durable {

namespace {

using boost::system::error_code;
using detail::entry_path;
using detail::extended_path;
using detail::path_of;
using detail::scoped_handle;
using detail::seconds_since_1970;
using detail::set_last_error;
using detail::share_all;
namespace fs = std::filesystem;

// CreateFileW's failure is INVALID_HANDLE_VALUE; the seam's is null.
native_handle handle_or_null(HANDLE h) noexcept
{
    return h == INVALID_HANDLE_VALUE ? invalid_handle : h;
}

// Opens an entry to look at it, never through a final link, whatever it is.
scoped_handle open_entry(fs::path const& path, DWORD access, error_code& ec)
{
    HANDLE const h = ::CreateFileW(path.c_str(), access, share_all, nullptr, OPEN_EXISTING,
        FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if(h == INVALID_HANDLE_VALUE)
    {
        set_last_error(ec);
        return nullptr;
    }
    return scoped_handle(h);
}

bool is_symbolic_link(HANDLE h, DWORD attributes) noexcept
{
    if(!(attributes & FILE_ATTRIBUTE_REPARSE_POINT))
        return false;
    FILE_ATTRIBUTE_TAG_INFO tag{};
    if(!::GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag))
        return false;
    // A junction is a link too; other reparse points (cloud files,
    // deduplicated files) are ordinary files to whoever reads them.
    return tag.ReparseTag == IO_REPARSE_TAG_SYMLINK || tag.ReparseTag == IO_REPARSE_TAG_MOUNT_POINT;
}

// Which file `h` is on its volume. ReFS numbers files with 128 bits, which
// GetFileInformationByHandle's 64-bit index cannot carry (it is then not
// unique, or all ones); FileIdInfo (Windows 8 and later) gives them all. An
// id that fits in 64 bits, as NTFS's always do, is that index; a wider one
// is folded into 64, which two files share only by a collision of the
// fold, never because of how their volume numbers them.
std::uint64_t file_index(HANDLE h, BY_HANDLE_FILE_INFORMATION const& info) noexcept
{
    FILE_ID_INFO id{};
    if(!::GetFileInformationByHandleEx(h, FileIdInfo, &id, sizeof id))
        return (std::uint64_t(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    std::memcpy(&low, id.FileId.Identifier, sizeof low);
    std::memcpy(&high, id.FileId.Identifier + sizeof low, sizeof high);
    // An odd multiplier (2^64 divided by the golden ratio) spreads the high
    // half over all 64 bits, so that ids differing only there stay apart.
    return high == 0 ? low : low ^ (high * 0x9e3779b97f4a7c15u);
}

file_status status_of(HANDLE h, error_code& ec)
{
    BY_HANDLE_FILE_INFORMATION info{};
    if(!::GetFileInformationByHandle(h, &info))
    {
        set_last_error(ec);
        return {};
    }
    file_status result;
    if(is_symbolic_link(h, info.dwFileAttributes))
        result.kind = file_kind::symlink;
    else if(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        result.kind = file_kind::directory;
    else if(::GetFileType(h) == FILE_TYPE_DISK)
        result.kind = file_kind::regular;
    else
        result.kind = file_kind::other;
    if(result.kind == file_kind::directory)
        result.mode = 0777;
    else
        result.mode = info.dwFileAttributes & FILE_ATTRIBUTE_READONLY ? 0444 : 0666;
    result.size = (std::uint64_t(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
    result.device = info.dwVolumeSerialNumber;
    result.inode = file_index(h, info);
    result.modified = seconds_since_1970(info.ftLastWriteTime);
    return result;
}

bool is_missing(DWORD e) noexcept
{
    return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND;
}

// The attributes of the entry at `path`, none if there is none.
DWORD attributes_of(fs::path const& path) noexcept
{
    DWORD const attributes = ::GetFileAttributesW(path.c_str());
    return attributes == INVALID_FILE_ATTRIBUTES ? 0 : attributes;
}

// Whether a rename may succeed if tried again. Another program holding the
// target (or the temporary file) refuses it with a sharing violation, or
// with access denied: where the rename cannot take POSIX semantics (FAT,
// SMB, Windows before 10 1607), a target open in any way, a file mapped,
// a target being deleted all deny it, as does a right that is missing.
// Only a directory in the way is known to be denied for good.
bool may_pass(DWORD e, fs::path const& target) noexcept
{
    if(e == ERROR_ACCESS_DENIED)
        return !(attributes_of(target) & FILE_ATTRIBUTE_DIRECTORY);
    return e == ERROR_SHARING_VIOLATION || e == ERROR_LOCK_VIOLATION;
}

// What a rename refused until the deadline is reported as: the sharing
// violation ("being used by another process") when a program holds the
// target without sharing its deletion, which an attempt to open it for
// deletion tells; else the denial as it came. Asked once, at the end,
// since that open refuses for its moment whoever opens the target without
// sharing deletion.
DWORD final_refusal(DWORD e, fs::path const& target)
{
    if(e != ERROR_ACCESS_DENIED)
        return ERROR_SHARING_VIOLATION;
    error_code probe;
    open_entry(target, DELETE, probe);
    return probe == error_code(ERROR_SHARING_VIOLATION, boost::system::system_category()) ? ERROR_SHARING_VIOLATION
                                                                                          : ERROR_ACCESS_DENIED;
}

// Whether a rename by handle is not known here (older Windows, another file
// system, Wine): the next way is tried.
bool is_unsupported(DWORD e) noexcept
{
    return e == ERROR_INVALID_PARAMETER || e == ERROR_NOT_SUPPORTED || e == ERROR_INVALID_FUNCTION ||
        e == ERROR_CALL_NOT_IMPLEMENTED;
}

// FILE_RENAME_INFO as Windows 10 1607 declares it, and the information
// class and flags it came with: MinGW-w64 declares them only for a
// _WIN32_WINNT that no release of Windows has.
struct rename_information
{
    union
    {
        BOOLEAN replace_if_exists; // FileRenameInfo
        DWORD flags;               // FileRenameInfoEx
    };
    HANDLE root_directory;
    DWORD file_name_length;
    WCHAR file_name[1];
};
constexpr auto file_rename_info_ex = static_cast<FILE_INFO_BY_HANDLE_CLASS>(22);
constexpr DWORD rename_flag_replace_if_exists = 0x1;
constexpr DWORD rename_flag_posix_semantics = 0x2;

// Renames the open file `h` to `to`, with FileRenameInfoEx or FileRenameInfo.
bool rename_by_handle(HANDLE h, fs::path const& to, FILE_INFO_BY_HANDLE_CLASS info_class)
{
    std::wstring const& name = to.native();
    std::size_t const bytes = sizeof(rename_information) + name.size() * sizeof(wchar_t);
    auto storage = std::make_unique<unsigned char[]>(bytes);
    auto* info = reinterpret_cast<rename_information*>(storage.get());
    if(info_class == file_rename_info_ex)
        // POSIX semantics: the old target's name is free at once, even
        // while other programs that share delete still hold it open.
        info->flags = rename_flag_posix_semantics | rename_flag_replace_if_exists;
    else
        info->replace_if_exists = TRUE;
    info->root_directory = nullptr;
    info->file_name_length = static_cast<DWORD>(name.size() * sizeof(wchar_t));
    std::memcpy(info->file_name, name.c_str(), (name.size() + 1) * sizeof(wchar_t));
    return ::SetFileInformationByHandle(h, info_class, info, static_cast<DWORD>(bytes)) != 0;
}

// Opens the temporary file by its name to rename it: how rename_once
// starts, and what create_file tries before anything is written.
HANDLE open_to_rename(fs::path const& path) noexcept
{
    return ::CreateFileW(
        path.c_str(), DELETE | SYNCHRONIZE, share_all, nullptr, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
}

// Tries `attempt` until it succeeds, is refused for good (see may_pass), or
// `wait` is out: then its refusal is told as final_refusal tells it.
template<class Attempt>
DWORD until_passed(Attempt attempt, fs::path const& target, std::chrono::milliseconds wait)
{
    auto const deadline = std::chrono::steady_clock::now() + wait;
    std::chrono::milliseconds pause(1);
    for(;;)
    {
        DWORD const e = attempt();
        if(e == ERROR_SUCCESS || !may_pass(e, target))
            return e;
        if(std::chrono::steady_clock::now() >= deadline)
            return final_refusal(e, target);
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

// Whether the file just created at `path` can be opened to be renamed; if
// not, it is removed through `created`, which its creator was given DELETE
// on whatever its DACL says, and the save fails as denied. Such a file
// (its DACL, kept from a target, grants this account no DELETE, and the
// folder no FILE_DELETE_CHILD) could be neither renamed nor removed by its
// name, so every attempt of the save would leave one behind. The save
// could not succeed anyway: replacing the target takes the same right over
// a file with the same entries, or over a file its folder's entries make.
// A denial is tried again as the rename's is (a scanner may hold a new
// file for a moment); anything else is left to the rename.
bool can_be_renamed(fs::path const& path, HANDLE created, std::chrono::milliseconds wait, error_code& ec)
{
    DWORD const e = until_passed(
        [&] {
            scoped_handle const h(handle_or_null(open_to_rename(path)));
            return h || ::GetLastError() != ERROR_ACCESS_DENIED ? DWORD(ERROR_SUCCESS) : DWORD(ERROR_ACCESS_DENIED);
        },
        path, wait);
    if(e != ERROR_ACCESS_DENIED)
        return true;
    // Windows removes no read-only file: the attribute goes first.
    FILE_BASIC_INFO basic{};
    basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    FILE_DISPOSITION_INFO remove{TRUE};
    ::SetFileInformationByHandle(created, FileBasicInfo, &basic, sizeof basic);
    ::SetFileInformationByHandle(created, FileDispositionInfo, &remove, sizeof remove);
    ec.assign(ERROR_ACCESS_DENIED, boost::system::system_category());
    return false;
}

// One attempt of the rename, in three ways, the first Windows knows:
// renaming the temporary file by a handle of it (Windows 10 1607 and later
// with POSIX semantics, before it without), which renames that very file
// whatever happens to the name meanwhile; else MoveFileExW, which Windows
// has always had. Its MOVEFILE_WRITE_THROUGH promises a flush only for a
// move made by copying, which a rename within one folder is not; it is
// asked for all the same, for a file system that honours it more widely.
// Reports the error of the last way tried.
DWORD rename_once(fs::path const& from, fs::path const& to)
{
    HANDLE const h = open_to_rename(from);
    if(h == INVALID_HANDLE_VALUE)
        return ::GetLastError();
    scoped_handle const file(h);
    for(FILE_INFO_BY_HANDLE_CLASS info_class : {file_rename_info_ex, FileRenameInfo})
    {
        if(rename_by_handle(h, to, info_class))
            return ERROR_SUCCESS;
        DWORD const e = ::GetLastError();
        if(!is_unsupported(e))
            return e;
    }
    if(::MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return ERROR_SUCCESS;
    return ::GetLastError();
}

// Whether the entry at `path` is read-only: Windows refuses to replace such
// a file, and no wait changes that.
bool is_read_only(fs::path const& path) noexcept
{
    return (attributes_of(path) & FILE_ATTRIBUTE_READONLY) != 0;
}

void not_supported(error_code& ec) noexcept
{
    ec.assign(ERROR_NOT_SUPPORTED, boost::system::system_category());
}

// The UTF-8 of a name, or nothing if it is no valid UTF-16: NTFS takes any
// 16-bit units as a name, an unpaired surrogate too, which UTF-8 cannot
// carry (and u8string() throws on). No file of the library has such a name.
std::optional<std::string> utf8_of(wchar_t const* name)
{
    int const n = ::WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, name, -1, nullptr, 0, nullptr, nullptr);
    if(n <= 0)
        return std::nullopt;
    std::string utf8(static_cast<std::size_t>(n), '\0');
    ::WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, name, -1, utf8.data(), n, nullptr, nullptr);
    utf8.pop_back(); // the terminating null
    return utf8;
}

// A search of FindFirstFileExW, closed on every path.
struct search_closer
{
    void operator()(void* h) const noexcept { ::FindClose(h); }
};

} // namespace

native_handle windows_file_system::open_directory(fs::path const& dir, error_code& ec)
{
    ec.clear();
    // The "\\?\" form of the full path (long paths), from the path as the
    // program gave it, relative or not, read as Windows reads it.
    fs::path const full = detail::full_path(dir, ec);
    if(ec)
        return invalid_handle;
    if(detail::is_device_path(full.native()))
    {
        ec.assign(ERROR_INVALID_NAME, boost::system::system_category());
        return invalid_handle;
    }
    fs::path const extended = extended_path(full);
    HANDLE const h = ::CreateFileW(extended.c_str(), FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
        share_all, nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if(h == INVALID_HANDLE_VALUE)
    {
        set_last_error(ec);
        return invalid_handle;
    }
    // FILE_FLAG_BACKUP_SEMANTICS opens files too. What was opened is
    // checked by its handle, not by the name, which another program may
    // have pointed elsewhere meanwhile.
    scoped_handle opened(h);
    file_status const s = status_of(h, ec);
    if(ec)
        return invalid_handle;
    if(s.kind != file_kind::directory)
    {
        ec = make_error_code(boost::system::errc::not_a_directory);
        return invalid_handle;
    }
    return opened.release();
}

native_handle windows_file_system::open_directory(native_handle dir, std::string const& name, error_code& ec)
{
    ec.clear();
    fs::path const path = entry_path(dir, name, ec);
    if(ec)
        return invalid_handle;
    scoped_handle entry = open_entry(path, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE, ec);
    if(ec)
        return invalid_handle;
    file_status const s = status_of(entry.get(), ec);
    if(ec)
        return invalid_handle;
    if(s.kind != file_kind::directory)
    {
        ec = make_error_code(boost::system::errc::not_a_directory);
        return invalid_handle;
    }
    return entry.release();
}

native_handle windows_file_system::create_file(
    native_handle dir, std::string const& name, unsigned mode, attribute_list const& attributes, error_code& ec)
{
    ec.clear();
    fs::path const path = entry_path(dir, name, ec);
    if(ec)
        return invalid_handle;
    detail::creation_security security(attributes, path.parent_path(), ec);
    if(ec)
        return invalid_handle;
    // CREATE_NEW is O_CREAT|O_EXCL, and fails on any existing entry, a link
    // included (O_NOFOLLOW); a handle is not inherited by child processes
    // unless asked (O_CLOEXEC). Shared for delete, so that the temporary
    // file can be renamed and removed while it is open; opened for DELETE,
    // so that it can be removed even where its name cannot (see
    // can_be_renamed).
    DWORD const kind = mode & 0222 ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_READONLY;
    HANDLE const h =
        ::CreateFileW(path.c_str(), GENERIC_WRITE | DELETE, share_all, security.get(), CREATE_NEW, kind, nullptr);
    if(h == INVALID_HANDLE_VALUE)
    {
        set_last_error(ec);
        return invalid_handle;
    }
    scoped_handle file(h);
    if(!can_be_renamed(path, h, in_use_wait_, ec))
        return invalid_handle;
    return file.release();
}

std::size_t windows_file_system::write(native_handle file, void const* data, std::size_t size, error_code& ec)
{
    ec.clear();
    // WriteFile takes a 32-bit size: a larger piece is a short write.
    DWORD const piece = static_cast<DWORD>(std::min<std::size_t>(size, 1u << 30));
    DWORD written = 0;
    if(!::WriteFile(file, data, piece, &written, nullptr))
    {
        set_last_error(ec);
        return 0;
    }
    return written;
}

void windows_file_system::change_owner(native_handle, std::uint32_t, std::uint32_t, error_code& ec)
{
    // Owners are SIDs on Windows, which the seam's uid and gid cannot name;
    // the protocol never asks, since every owner reads as 0.
    not_supported(ec);
}

void windows_file_system::change_mode(native_handle file, unsigned mode, error_code& ec)
{
    ec.clear();
    FILE_BASIC_INFO info{};
    if(!::GetFileInformationByHandleEx(file, FileBasicInfo, &info, sizeof info))
    {
        set_last_error(ec);
        return;
    }
    // The read-only attribute is the only mode bit Windows has.
    if(mode & 0222)
        info.FileAttributes &= ~DWORD(FILE_ATTRIBUTE_READONLY);
    else
        info.FileAttributes |= FILE_ATTRIBUTE_READONLY;
    if(info.FileAttributes == 0)
        info.FileAttributes = FILE_ATTRIBUTE_NORMAL; // 0 would mean "leave unchanged"
    if(!::SetFileInformationByHandle(file, FileBasicInfo, &info, sizeof info))
        set_last_error(ec);
}

void windows_file_system::sync_data(native_handle file, error_code& ec)
{
    ec.clear();
    // Writes the file's data and metadata through the system's cache and
    // asks the drive to flush its own: Windows's fsync.
    if(!::FlushFileBuffers(file))
        set_last_error(ec);
}

void windows_file_system::sync_directory(native_handle, error_code& ec)
{
    // Windows cannot sync a directory: FlushFileBuffers refuses a directory
    // handle opened for reading, and NTFS journals the rename itself. What
    // "durable" means there is in doc/guide.md, "On Windows".
    ec.clear();
}

void windows_file_system::close(native_handle handle, error_code& ec)
{
    ec.clear();
    if(!::CloseHandle(handle))
        set_last_error(ec);
}

void windows_file_system::rename(native_handle dir, std::string const& from, std::string const& to, error_code& ec)
{
    ec.clear();
    fs::path const source = entry_path(dir, from, ec);
    fs::path const target = ec ? fs::path() : entry_path(dir, to, ec);
    if(ec)
        return;
    // A program holding the target without FILE_SHARE_DELETE blocks the
    // rename until it closes it, usually within moments (a scanner, an
    // editor reading it): try again, more and more slowly, until the time
    // allowed is out. The target is untouched meanwhile, and after.
    // A read-only target is refused, as MoveFileExW and a rename by handle
    // without FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE refuse it on
    // Windows (not on every file system under Wine): the read-only attribute
    // is the mode that says "do not change this file".
    if(is_read_only(target))
    {
        ec.assign(ERROR_ACCESS_DENIED, boost::system::system_category());
        return;
    }
    if(DWORD const e = until_passed([&] { return rename_once(source, target); }, target, in_use_wait_))
        ec.assign(static_cast<int>(e), boost::system::system_category());
}

void windows_file_system::unlink(native_handle dir, std::string const& name, error_code& ec)
{
    ec.clear();
    fs::path const path = entry_path(dir, name, ec);
    if(ec || ::DeleteFileW(path.c_str()))
        return;
    // Windows refuses to delete a read-only file, which unlink(2) removes
    // (a temporary file given the mode 0444 of its target): clear the
    // attribute and try again, as Chromium's DeleteFile does.
    if(::GetLastError() == ERROR_ACCESS_DENIED && is_read_only(path) &&
       ::SetFileAttributesW(path.c_str(), FILE_ATTRIBUTE_NORMAL) && ::DeleteFileW(path.c_str()))
        return;
    set_last_error(ec);
}

file_status windows_file_system::status(native_handle dir, std::string const& name, error_code& ec)
{
    ec.clear();
    if(name == ".")
        return status_of(dir, ec);
    fs::path const path = entry_path(dir, name, ec);
    if(ec)
        return {};
    scoped_handle const entry = open_entry(path, FILE_READ_ATTRIBUTES, ec);
    if(ec)
    {
        if(is_missing(static_cast<DWORD>(ec.value())))
            ec.clear();
        return {};
    }
    return status_of(entry.get(), ec);
}

file_status windows_file_system::status(native_handle file, error_code& ec)
{
    ec.clear();
    // The seam promises no time here, as the POSIX one reads none.
    file_status result = status_of(file, ec);
    result.modified = 0;
    return result;
}

fs::path windows_file_system::read_link(native_handle dir, std::string const& name, error_code& ec)
{
    ec.clear();
    fs::path const path = entry_path(dir, name, ec);
    if(ec)
        return {};
    // Opened through the link (no FILE_FLAG_OPEN_REPARSE_POINT): Windows
    // resolves every level, and the final path is the one to write.
    HANDLE const h = ::CreateFileW(path.c_str(), 0, share_all, nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if(h == INVALID_HANDLE_VALUE)
    {
        set_last_error(ec);
        return {};
    }
    scoped_handle const target(h);
    std::wstring result = path_of(h, ec).native();
    // "\\?\C:\..." to "C:\...": the library walks to it from the root of its drive.
    std::wstring_view const prefix = L"\\\\?\\";
    if(result.compare(0, prefix.size(), prefix) == 0 && result.size() > prefix.size() + 1 &&
       result[prefix.size() + 1] == L':')
        result.erase(0, prefix.size());
    return result;
}

std::string windows_file_system::read_file(
    native_handle dir, std::string const& name, std::uint64_t limit, file_status& opened, error_code& ec)
{
    ec.clear();
    opened = {};
    fs::path const path = entry_path(dir, name, ec);
    if(ec)
        return {};
    scoped_handle const file = open_entry(path, GENERIC_READ, ec);
    if(ec)
        return {};
    opened = status_of(file.get(), ec);
    if(ec)
        return {};
    if(opened.kind != file_kind::regular)
    {
        ec = opened.kind == file_kind::directory
            ? make_error_code(boost::system::errc::is_a_directory)
            : opened.kind == file_kind::symlink ? make_error_code(boost::system::errc::too_many_symbolic_link_levels)
                                                : make_error_code(error::not_a_regular_file);
        return {};
    }
    HANDLE const h = file.get();
    return detail::read_bounded(opened.size, limit, [h](char* buffer, std::size_t size, error_code& e) {
        DWORD n = 0;
        if(!::ReadFile(h, buffer, static_cast<DWORD>(std::min<std::size_t>(size, 1u << 30)), &n, nullptr))
            set_last_error(e);
        return std::size_t(n);
    }, ec);
}

std::vector<std::string> windows_file_system::list_attributes(native_handle dir, std::string const&, error_code& ec)
{
    // The DACL is the one attribute a file keeps, where its volume keeps
    // DACLs (not FAT, not exFAT): every file there has one.
    ec.clear();
    DWORD flags = 0;
    if(!::GetVolumeInformationByHandleW(dir, nullptr, 0, nullptr, nullptr, &flags, nullptr, 0))
    {
        set_last_error(ec);
        return {};
    }
    if(!(flags & FILE_PERSISTENT_ACLS))
        return {};
    return {detail::dacl_attribute};
}

std::string windows_file_system::read_attribute(
    native_handle dir, std::string const& name, std::string const& attribute, error_code& ec)
{
    ec.clear();
    if(attribute != detail::dacl_attribute)
    {
        ec = make_error_code(boost::system::errc::no_message_available);
        return {};
    }
    fs::path const path = entry_path(dir, name, ec);
    if(ec)
        return {};
    scoped_handle const entry = open_entry(path, READ_CONTROL, ec);
    if(ec)
        return {};
    return detail::read_dacl(entry.get(), ec);
}

std::string windows_file_system::read_attribute(native_handle file, std::string const& attribute, error_code& ec)
{
    // Any other attribute: what the seam says a file system without
    // extended attributes reports, which the protocol reads as "nothing
    // inherited to remove".
    if(attribute != detail::dacl_attribute)
    {
        ec = make_error_code(boost::system::errc::operation_not_supported);
        return {};
    }
    return detail::read_dacl(file, ec);
}

void windows_file_system::write_attribute(
    native_handle file, std::string const& attribute, std::string const& value, error_code& ec)
{
    if(attribute != detail::dacl_attribute)
        return not_supported(ec);
    ec.clear();
    detail::write_dacl(file, value, ec);
}

void windows_file_system::remove_attribute(native_handle, std::string const&, error_code& ec)
{
    // A file without the attribute: removing it is no error.
    ec.clear();
}

std::vector<std::string> windows_file_system::list_directory(native_handle dir, error_code& ec)
{
    ec.clear();
    fs::path const pattern = entry_path(dir, ".", ec) / L"*";
    if(ec)
        return {};
    WIN32_FIND_DATAW found;
    HANDLE const first = ::FindFirstFileExW(pattern.c_str(), FindExInfoBasic, &found, FindExSearchNameMatch, nullptr, 0);
    if(first == INVALID_HANDLE_VALUE)
    {
        set_last_error(ec);
        return {};
    }
    std::unique_ptr<void, search_closer> const search(first);
    std::vector<std::string> names;
    do
    {
        if(std::wcscmp(found.cFileName, L".") == 0 || std::wcscmp(found.cFileName, L"..") == 0)
            continue;
        if(std::optional<std::string> name = utf8_of(found.cFileName))
            names.push_back(std::move(*name));
    } while(::FindNextFileW(search.get(), &found));
    if(::GetLastError() != ERROR_NO_MORE_FILES)
    {
        set_last_error(ec);
        names.clear();
    }
    return names;
}

file_system& default_file_system() noexcept
{
    static windows_file_system instance;
    return instance;
}

} // namespace durable
