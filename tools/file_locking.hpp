//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TOOLS_FILE_LOCKING_HPP
#define DURABLE_TOOLS_FILE_LOCKING_HPP

#include "command_line.hpp"

#include <durable/file_lock.hpp>
#include <durable/write_options.hpp>

#include <filesystem>

namespace durable_cli {

/** The lock of FILE that config_file::update() takes, for set, fmt and write.

    Waited for as long as --lock-timeout SECONDS says (a decimal number, 0
    to try once), else as long as a program's update waits by default.

    @throws usage_error for a malformed --lock-timeout; durable::save_error
    at step::lock when the lock is not taken.
*/
durable::file_lock lock_file(command_line const& line, std::filesystem::path const& file,
    durable::symlink_policy symlinks = durable::symlink_policy::follow);

} // namespace durable_cli

#endif
