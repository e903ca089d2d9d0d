//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_FILE_SYSTEM_HPP
#define DURABLE_FILE_SYSTEM_HPP

#include <durable/detail/enum_output.hpp>
#include <durable/detail/export.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace durable {

#ifdef _WIN32
/// A handle handed out by a file_system: a Windows `HANDLE` (`void*`, so that this header needs no <windows.h>).
using native_handle = void*;

/// The value of a native_handle that refers to nothing: null, as the handles of most Win32 calls.
constexpr native_handle invalid_handle = nullptr;
#else
/// A file descriptor handed out by a file_system.
using native_handle = int;

/// The value of a native_handle that refers to nothing.
constexpr native_handle invalid_handle = -1;
#endif

/// The type of a directory entry, as seen without following symbolic links.
enum class file_kind
{
    none,      ///< there is no entry of that name
    regular,   ///< a regular file
    directory, ///< a directory
    symlink,   ///< a symbolic link
    other      ///< a FIFO, a socket or a device
};
BOOST_DESCRIBE_ENUM(file_kind, none, regular, directory, symlink, other)

/// What the replace protocol needs to know of a directory entry.
struct file_status
{
    file_kind kind = file_kind::none;
    unsigned mode = 0; ///< permission bits, including set-id and sticky bits (07777)
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint64_t size = 0;
    std::uint64_t device = 0;   ///< with `inode`, which file this is
    std::uint64_t inode = 0;
    std::int64_t modified = 0;  ///< the time of the last change of its data, in seconds since 1970
};

/// Extended attributes of a file: each name with its value.
using attribute_list = std::vector<std::pair<std::string, std::string>>;

/** The system calls the library makes, behind one interface.

    Every file operation of durable goes through a file_system, so that tests
    can fail any single call, record the sequence of calls, or simulate a
    crash (see `durable::test::fault_file_system`). The default is
    `posix_file_system`.

    Each function reports failure through `ec` (cleared on success) and never
    throws. The functions of one system call report exactly what it did:
    they do not retry after EINTR and do not loop on short writes; the
    replace protocol above does both, so that both can be tested through
    this interface. read_file(), list_directory() and list_attributes() are whole operations.

    An implementation must be safe to call from several threads at once.
*/
class file_system
{
public:
    virtual ~file_system() = default;

    /** Opens a directory for the `*at` calls and for sync_directory().

        No component of `dir` may be a symbolic link: a path through one
        fails with `errc::too_many_symbolic_link_levels`. Links are followed
        by the library itself, one at a time, so that it can judge each as
        the kernel's `fs.protected_symlinks` would (see resolve_target).
    */
    virtual native_handle open_directory(
        std::filesystem::path const& dir, boost::system::error_code& ec) = 0;

    /** Opens the entry `name` of `dir` as a directory, without following a symbolic link.

        `name` is one component, or "." or "..". An entry that is a symbolic
        link or not a directory fails with `errc::not_a_directory`.
    */
    virtual native_handle open_directory(
        native_handle dir, std::string const& name, boost::system::error_code& ec) = 0;

    /** Creates a new file in a directory, open for writing.

        The name must not exist (O_EXCL), must not be a symbolic link
        (O_NOFOLLOW), and the handle is not inherited by child processes
        (O_CLOEXEC). The mode is subject to the umask, as for open(2).

        `attributes` are the extended attributes the file is to have. A
        system that can give a file some of them as it creates it does, so
        that no moment exists in which the new file has others; the caller
        reads them back and sets what is still missing (write_attribute).
        Linux cannot create a file with attributes: posix_file_system gives
        none. windows_file_system gives the DACL it lists (see there).
    */
    virtual native_handle create_file(
        native_handle dir, std::string const& name, unsigned mode,
        attribute_list const& attributes, boost::system::error_code& ec) = 0;

    /// Writes at the current position; returns how much was written, which may be less than size.
    virtual std::size_t write(
        native_handle file, void const* data, std::size_t size,
        boost::system::error_code& ec) = 0;

    /// Changes the owner of an open file (fchown).
    virtual void change_owner(
        native_handle file, std::uint32_t uid, std::uint32_t gid,
        boost::system::error_code& ec) = 0;

    /// Changes the permission bits of an open file (fchmod); not subject to the umask.
    virtual void change_mode(
        native_handle file, unsigned mode, boost::system::error_code& ec) = 0;

    /// Makes the file's data, and the metadata needed to read it back, durable (fdatasync).
    virtual void sync_data(native_handle file, boost::system::error_code& ec) = 0;

    /// Makes a directory's entries durable: creations, renames and removals in it (fsync).
    virtual void sync_directory(native_handle dir, boost::system::error_code& ec) = 0;

    /** Releases a handle.

        As on Linux, the handle is released even when an error is reported:
        it must never be closed again.
    */
    virtual void close(native_handle handle, boost::system::error_code& ec) = 0;

    /// Renames an entry over another in the same directory, atomically (renameat).
    virtual void rename(
        native_handle dir, std::string const& from, std::string const& to,
        boost::system::error_code& ec) = 0;

    /// Removes a non-directory entry (unlinkat).
    virtual void unlink(
        native_handle dir, std::string const& name, boost::system::error_code& ec) = 0;

    /// Describes an entry without following a final symbolic link; a missing entry is `file_kind::none`, not an error.
    virtual file_status status(
        native_handle dir, std::string const& name, boost::system::error_code& ec) = 0;

    /** Describes an open file (fstat): the file held, whatever its name now is.

        Its time is not read, and `modified` is 0: on Linux 6.13 and later a
        file whose time was read gets a fine-grained time at its next
        change, which then costs a metadata update of its own.
    */
    virtual file_status status(native_handle file, boost::system::error_code& ec) = 0;

    /// Returns the target of a symbolic link (readlinkat).
    virtual std::filesystem::path read_link(
        native_handle dir, std::string const& name, boost::system::error_code& ec) = 0;

    /** Reads a regular file of `dir` whole, without following a symbolic link.

        The file is opened without blocking and without becoming a
        controlling terminal, then inspected: anything but a regular file
        (a FIFO, a device, a socket, a directory) is refused before a byte is
        read, with `error::not_a_regular_file` (`errc::is_a_directory` for a
        directory). At most `limit` + 1 bytes are read: a file that holds
        more than `limit` fails with `error::file_too_large`. `opened`
        receives the status of the file that was opened (also on failure,
        once it was opened), so that the caller can check it is the one it
        means to read.
    */
    virtual std::string read_file(
        native_handle dir, std::string const& name, std::uint64_t limit,
        file_status& opened, boost::system::error_code& ec) = 0;

    /** Returns the names of the extended attributes of the entry `name` of `dir`, not following a link.

        A file system without extended attributes has none: the result is
        empty, not an error.
    */
    virtual std::vector<std::string> list_attributes(
        native_handle dir, std::string const& name, boost::system::error_code& ec) = 0;

    /** Returns the value of one extended attribute of the entry `name` of `dir`, not following a link.

        An attribute the file does not have fails with
        `errc::no_message_available` (ENODATA).
    */
    virtual std::string read_attribute(
        native_handle dir, std::string const& name, std::string const& attribute,
        boost::system::error_code& ec) = 0;

    /** Returns the value of one extended attribute of an open file (fgetxattr).

        An attribute the file does not have fails with
        `errc::no_message_available` (ENODATA); a file system without
        extended attributes with `errc::operation_not_supported`.
    */
    virtual std::string read_attribute(
        native_handle file, std::string const& attribute, boost::system::error_code& ec) = 0;

    /// Sets an extended attribute of an open file (fsetxattr).
    virtual void write_attribute(
        native_handle file, std::string const& attribute, std::string const& value,
        boost::system::error_code& ec) = 0;

    /// Removes an extended attribute of an open file (fremovexattr); removing one it does not have is no error.
    virtual void remove_attribute(
        native_handle file, std::string const& attribute, boost::system::error_code& ec) = 0;

    /// Returns the names in a directory, without "." and "..".
    virtual std::vector<std::string> list_directory(
        native_handle dir, boost::system::error_code& ec) = 0;
};

/// Returns the file system used when the options name none: a process-wide posix_file_system (windows_file_system on Windows).
DURABLE_DECL file_system& default_file_system() noexcept;

} // namespace durable

#endif
