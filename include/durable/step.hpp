//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_STEP_HPP
#define DURABLE_STEP_HPP

#include <durable/detail/enum_output.hpp>
#include <durable/detail/export.hpp>

namespace durable {

/** The steps of a save, in the order they run (but `lock`, listed last so
    that the others keep their values, runs first): the replace protocol, after
    the rendering of a typed value.

    A failure names the step it happened in, so that "No space left on
    device" can be told apart between creating the temporary file and
    writing it, and so that a failed `dirsync` (after the rename) is never
    mistaken for a failure that left the old content in place.
*/
enum class step
{
    render,  ///< turning a typed value into its text, as config_file and live_config save it at write time
    open,    ///< opening the target's directory
    resolve, ///< inspecting the target: its type, mode, owner and symbolic links
    sweep,   ///< removing temporary files that dead processes left (sweep_orphans)
    create,  ///< creating the temporary file
    chown,   ///< giving the temporary file the target's owner
    chmod,   ///< giving the temporary file the target's mode
    write,   ///< writing the content
    sync,    ///< syncing the temporary file's data
    close,   ///< closing the temporary file
    backup,  ///< keeping the target's previous content as `<name>.bak` (write_options::keep_backup)
    rename,  ///< renaming the temporary file over the target
    dirsync, ///< syncing the directory, which makes the rename durable
    lock     ///< taking the lock of a read-modify-write, before all the others (config_file::update, the tool's set and fmt)
};
BOOST_DESCRIBE_ENUM(step, render, open, resolve, sweep, create, chown, chmod, write, sync, close, backup, rename, dirsync, lock)

/// Returns the name of a step as it appears in messages: "create", "dirsync", ...
DURABLE_DECL char const* to_string(step s) noexcept;

} // namespace durable

#endif
