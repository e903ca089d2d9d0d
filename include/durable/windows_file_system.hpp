//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_WINDOWS_FILE_SYSTEM_HPP
#define DURABLE_WINDOWS_FILE_SYSTEM_HPP

#include <durable/detail/export.hpp>
#include <durable/file_system.hpp>

#include <chrono>

namespace durable {

/** The file_system of Windows: the Win32 call that does what each POSIX call does.

    Handles are `HANDLE`s; a handle that refers to nothing is null
    (`invalid_handle`), never INVALID_HANDLE_VALUE. Names are UTF-8, as
    `std::filesystem::path` gives them on Windows, and become UTF-16 for
    the system; paths are used in their `\\?\` form, so that long paths
    work, once read as Windows reads any path (GetFullPathNameW: trailing
    dots and spaces dropped, a network path kept one); a name that Windows
    reads as a device, a stream or no name is ERROR_INVALID_NAME. Errors
    are the `GetLastError()` values of the calls, in
    `boost::system::system_category()`.

    What POSIX has and Windows lacks, and what this does instead (as
    Chromium's and Qt's Windows code do):

    - **No directory sync.** sync_directory() succeeds without a call: Windows
      cannot sync a directory. NTFS journals the rename; the data is flushed
      (FlushFileBuffers) before it, so the name never points at data that is
      not on disk, but a power cut right after a save may bring the old
      content back (doc/guide.md, "On Windows").
    - **Mode bits** are the read-only attribute: a mode without any write bit
      makes the file read-only, any other is an ordinary file; status()
      reports 0444 or 0666 for files, 0777 for directories.
    - **The DACL** (who may do what with the file) is the one extended
      attribute: list_attributes() lists it as `security.dacl` where the
      volume keeps DACLs (NTFS, ReFS; not FAT), and its value is the DACL
      in SDDL, protection included ("D:P(A;;FA;;;SY)..."). create_file()
      gives it to the new file as Windows creates it, so that a replaced
      file keeps its DACL with no moment under its folder's. An unprotected
      DACL gives its own entries where Windows, adding what the folder
      passes on, makes exactly the target's entries of them; else (or if
      the folder's DACL cannot be read) all its entries are given,
      protected: the new file then no longer follows its folder's changes.
      write_attribute() gives a file a DACL's entries, protected, never
      adding the folder's, unless the file's DACL lets in the same already;
      changing it takes WRITE_DAC, which the owner has. A new file gets the
      DACL its folder gives, as a file any program creates there does.
    - **Owners** are not carried: every owner reads as 0, and
      change_owner() is not supported. The new file is the saver's, as
      with Windows's ReplaceFileW for a caller without the right to
      restore another owner.
    - **Symbolic links.** status() reports a symbolic link (a reparse point
      of that tag) as one, so that the library's link policy applies to the
      target's name; read_link() gives the fully resolved target. Directories
      are opened as Windows resolves them: creating a link takes a privilege
      there, and it has no sticky directories whose links the library would
      judge.
    - **Files in use.** Another program holding the target open without
      FILE_SHARE_DELETE (an editor, a virus scanner, a std::ifstream) makes
      the rename fail with a sharing violation or with access denied, and
      where the rename cannot take POSIX semantics (FAT, SMB, Windows before
      10 1607) any program holding it does. rename() tries again for up to
      `in_use_wait`, the target untouched meanwhile: with create_file()'s
      check below, the one place of the seam that retries, because no
      POSIX system has this failure to test it against. Then it reports ERROR_SHARING_VIOLATION ("being used by
      another process") if a program still holds the target without sharing
      its deletion, and ERROR_ACCESS_DENIED otherwise (a right missing, a
      holder that shares deletion, a target being deleted). A directory in
      the way is reported at once, as ERROR_ACCESS_DENIED.
    - **A temporary file that could not be renamed.** create_file() tries
      to open the new file by name for deletion, as rename() will: a file
      denied that (its DACL, kept from the target, grants no DELETE, and
      its folder no FILE_DELETE_CHILD) is removed through the handle that
      created it, and the creation fails with ERROR_ACCESS_DENIED, since
      the target could not be replaced either. A denial is tried again for
      up to `in_use_wait` too, so that such a save fails after that time.
*/
class DURABLE_DECL windows_file_system final : public file_system
{
public:
    /// How long a rename (or the creation's check, above) waits for other programs, by default.
    static constexpr std::chrono::milliseconds default_in_use_wait{2000};

    explicit windows_file_system(std::chrono::milliseconds in_use_wait = default_in_use_wait) noexcept
        : in_use_wait_(in_use_wait)
    {
    }

    native_handle open_directory(
        std::filesystem::path const& dir, boost::system::error_code& ec) override;
    native_handle open_directory(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    native_handle create_file(
        native_handle dir, std::string const& name, unsigned mode,
        attribute_list const& attributes, boost::system::error_code& ec) override;
    std::size_t write(
        native_handle file, void const* data, std::size_t size,
        boost::system::error_code& ec) override;
    void change_owner(
        native_handle file, std::uint32_t uid, std::uint32_t gid,
        boost::system::error_code& ec) override;
    void change_mode(
        native_handle file, unsigned mode, boost::system::error_code& ec) override;
    void sync_data(native_handle file, boost::system::error_code& ec) override;
    void sync_directory(native_handle dir, boost::system::error_code& ec) override;
    void close(native_handle handle, boost::system::error_code& ec) override;
    void rename(
        native_handle dir, std::string const& from, std::string const& to,
        boost::system::error_code& ec) override;
    void unlink(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    file_status status(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    file_status status(native_handle file, boost::system::error_code& ec) override;
    std::filesystem::path read_link(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    std::string read_file(
        native_handle dir, std::string const& name, std::uint64_t limit,
        file_status& opened, boost::system::error_code& ec) override;
    std::vector<std::string> list_attributes(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    std::string read_attribute(
        native_handle dir, std::string const& name, std::string const& attribute,
        boost::system::error_code& ec) override;
    std::string read_attribute(
        native_handle file, std::string const& attribute, boost::system::error_code& ec) override;
    void write_attribute(
        native_handle file, std::string const& attribute, std::string const& value,
        boost::system::error_code& ec) override;
    void remove_attribute(
        native_handle file, std::string const& attribute, boost::system::error_code& ec) override;
    std::vector<std::string> list_directory(
        native_handle dir, boost::system::error_code& ec) override;

private:
    std::chrono::milliseconds in_use_wait_;
};

} // namespace durable

#endif
