//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_WRITE_FILE_HPP
#define DURABLE_WRITE_FILE_HPP

#include <durable/detail/export.hpp>
#include <durable/write_options.hpp>

#include <boost/system/error_code.hpp>

#include <filesystem>
#include <string_view>

namespace durable {

/** Replaces the content of a file so that it is never torn, stale or lost.

    The bytes go to a new temporary file in the target's directory, which is
    given the target's mode and owner, written, synced, closed and renamed
    over the target; then the directory is synced. When the function returns
    successfully:

    - every process that opens `path` reads exactly `bytes` (visible);
    - at no instant, even across a crash or a power loss, did `path` hold
      anything but the complete old or the complete new content (atomic);
    - with `durability::durable`, the new content survives a power loss.

    On failure the old content is untouched and no temporary file remains,
    except after `error::durability_unknown`: the content was replaced but
    the directory sync failed. Temporary files left by processes that died
    are removed by the first save of the same target in a process.

    @param path The file to replace or create. Its directory must exist.
    @param bytes The complete new content.
    @param options Durability, symbolic-link policy, mode, file system.
    @throws save_error naming the path, the step and the cause.
*/
DURABLE_DECL void write_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options = {});

/// As above, reporting failure through `ec` instead of throwing.
DURABLE_DECL void write_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options,
    boost::system::error_code& ec);

} // namespace durable

#endif
