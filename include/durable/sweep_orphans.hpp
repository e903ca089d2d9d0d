//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SWEEP_ORPHANS_HPP
#define DURABLE_SWEEP_ORPHANS_HPP

#include <durable/detail/export.hpp>
#include <durable/write_options.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <filesystem>

namespace durable {

/** Removes the temporary files that dead processes left beside a target.

    A process killed during a save leaves its temporary file behind. Its name
    tells which target it was for and which process (and boot) owned it; this
    function removes those of `path` whose owner is gone, and nothing else:
    not the temporary files of live processes, not those of other targets,
    not any file durable did not create. Symbolic links in `path` are followed
    as `options.symlinks` says, as a save would.

    The first save of each target in a process does this by itself; call it
    directly to clean up at start-up or after a save failed.

    @return How many files were removed.
*/
DURABLE_DECL std::size_t sweep_orphans(
    std::filesystem::path const& path,
    write_options const& options,
    boost::system::error_code& ec);

/// As above; throws save_error.
DURABLE_DECL std::size_t sweep_orphans(
    std::filesystem::path const& path,
    write_options const& options = {});

} // namespace durable

#endif
