//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_WRITE_OPTIONS_HPP
#define DURABLE_WRITE_OPTIONS_HPP

#include <durable/detail/enum_output.hpp>

#include <optional>

namespace durable {

class file_system;

/// How much a successful save promises.
enum class durability
{
    /** Visible, atomic and durable (the default).

        The temporary file's data is synced before the rename, so that the
        name never points at data still in the page cache, and the directory
        is synced after it, so that the rename itself survives a power loss.
    */
    durable,

    /** Visible and atomic, but not durable: the rename only, no syncs.

        For tests, tmpfs and caches that can be rebuilt. A power loss may
        leave the old content, or (on some file systems) an empty file.
    */
    atomic
};
BOOST_DESCRIBE_ENUM(durability, durable, atomic)

/// What to do when the target path is a symbolic link.
enum class symlink_policy
{
    /** Write through the link (the default).

        The link stays; the file it points at, resolved through every level
        of links, is replaced, with its temporary file and its directory sync
        in that file's own directory. A dangling link creates its target.

        A link in a sticky directory that others can write (such as /tmp) is
        followed only if it belongs to this user or to the directory's
        owner, whatever `fs.protected_symlinks` says; otherwise the save
        fails with `error::unsafe_symlink`. A link in a directory another
        user owns is followed wherever it leads: a privileged program saving
        there should use `replace` or `refuse`. See doc/security.md.
    */
    follow,

    /// Replace the link itself with a regular file, created as a new file; safe in any directory.
    replace,

    /// Fail with `error::symlink_refused`, changing nothing.
    refuse
};
BOOST_DESCRIBE_ENUM(symlink_policy, follow, replace, refuse)

/// Options of write_file(), atomic_file and the functions built on them.
struct write_options
{
    /// How much success promises.
    durable::durability durability = durable::durability::durable;

    /// What to do when the target is a symbolic link.
    symlink_policy symlinks = symlink_policy::follow;

    /** The permission bits of the new content.

        When empty (the default), a replaced file keeps its mode and owner,
        and a new file gets 0666 less the process umask (or the directory's
        default ACL), as any newly created file does. When set, the file gets
        exactly these bits, whether it existed or not; the umask does not apply.
    */
    std::optional<unsigned> mode;

    /** Keep the target's previous content as `<target>.bak`.

        Just before the rename, the content the target holds is saved as
        `<target>.bak` with this same protocol (synced, atomic), so that the
        backup is durable before the target changes: at every instant,
        even across a power cut, the target holds the old content, or the
        new content with the old one in the backup. A new target has no
        previous content and leaves the backup as it is. A failure of the
        backup fails the save at step::backup, with the target untouched.
    */
    bool keep_backup = false;

    /// The file system to use; null means `default_file_system()`.
    file_system* fs = nullptr;
};

} // namespace durable

#endif
