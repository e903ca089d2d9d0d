//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_ERROR_HPP
#define DURABLE_ERROR_HPP

#include <durable/detail/enum_output.hpp>
#include <durable/detail/export.hpp>

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace durable {

/** Conditions that durable reports itself.

    Failures of the operating system are never translated into these: they
    keep their `boost::system::system_category()` codes, so they compare
    equal to `std::errc` values (`ec == std::errc::no_space_on_device`).
*/
enum class error
{
    /** The new content replaced the target, but syncing its directory failed.

        Every process that opens the path now reads the new content, but the
        rename may not survive a power loss. The operating-system error of the
        directory sync is available as `save_error::cause()`.
    */
    durability_unknown = 1,

    /// The target is a symbolic link and the policy is `symlink_policy::refuse`.
    symlink_refused,

    /** The target exists and is neither a regular file nor a directory; or
        a file to read is not a regular file (a FIFO, a device, a socket),
        and was refused before a byte of it was read.
    */
    not_a_regular_file,

    /// An object was destroyed holding work that was neither committed nor flushed.
    dropped_without_commit,

    /// The operation needs an open file, and this one was committed, aborted or failed.
    not_open,

    /** A configuration is not valid: its text, its types or its values.

        The config_error that carries this code lists every problem found,
        each with its place in the file.
    */
    invalid_config,

    /// A configuration file was written by a newer version of its schema than this program knows.
    newer_config_version,

    /** A symbolic link was not followed: it sits in a sticky directory that
        others can write (such as /tmp), and is owned by neither this user
        nor the directory's owner.

        The rule of the kernel's `fs.protected_symlinks`, which durable
        applies to every link it follows itself, whatever the setting: such
        a link may have been planted by another user to make this program
        write or read a file of their choosing.
    */
    unsafe_symlink,

    /** The target is a file owned by someone else in a sticky directory
        that others can write, and is owned by neither this user nor the
        directory's owner.

        The rule of the kernel's `fs.protected_regular`: a save keeps the
        target's owner, so saving into such a file would hand the new
        content to a user who may have put it there for that.
    */
    unsafe_file,

    /// A file is larger than the limit its reader sets.
    file_too_large,

    /** The target was replaced or changed by someone else while the save ran.

        Reported when the previous content is read for a backup and the
        file is no longer the one the save found; nothing is changed.
    */
    target_changed,

    /** The lock of a file was not free within the time allowed.

        Reported at step::lock by config_file::update() and the tool, with
        the lock file's path and, where /proc/locks shows it, the pid of
        the process that holds it.
    */
    lock_timeout,

    /** The file is no longer the version the caller loaded.

        Reported by config_file::save_if_unchanged() when another writer
        changed (or created, or removed) the file since; nothing is written.
    */
    changed_on_disk
};
BOOST_DESCRIBE_ENUM(error, durability_unknown, symlink_refused, not_a_regular_file, dropped_without_commit,
    not_open, invalid_config, newer_config_version, unsafe_symlink, unsafe_file, file_too_large, target_changed,
    lock_timeout, changed_on_disk)

/// Returns the category of `durable::error` codes; its name is "durable".
DURABLE_DECL boost::system::error_category const& durable_category() noexcept;

/// Makes an error code of `durable_category()`; found by argument-dependent lookup.
DURABLE_DECL boost::system::error_code make_error_code(error e) noexcept;

} // namespace durable

template<>
struct boost::system::is_error_code_enum<durable::error> : std::true_type
{
};

#endif
