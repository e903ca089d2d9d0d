//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "file_locking.hpp"

#include <durable/config_options.hpp>

#include <charconv>
#include <chrono>
#include <cmath>

namespace durable_cli {

namespace {

// A day: longer is a mistake (a number of milliseconds given as seconds).
constexpr double max_lock_seconds = 86400;

std::chrono::milliseconds lock_timeout_of(command_line const& line)
{
    auto const text = line.value("--lock-timeout");
    if(!text)
        return durable::config_policy().lock_timeout;
    double seconds = -1;
    char const* const end = text->data() + text->size();
    auto const result = std::from_chars(text->data(), end, seconds, std::chars_format::fixed);
    if(result.ec != std::errc() || result.ptr != end || !(seconds >= 0 && seconds <= max_lock_seconds))
        throw usage_error(line.command(), "--lock-timeout needs a number of seconds from 0 to 86400");
    return std::chrono::milliseconds(std::llround(seconds * 1000));
}

} // namespace

durable::file_lock lock_file(command_line const& line, std::filesystem::path const& file, durable::symlink_policy symlinks)
{
    return durable::file_lock(file, lock_timeout_of(line), symlinks);
}

} // namespace durable_cli
