//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "watched_names.hpp"

#include <durable/detail/target.hpp>
#include <durable/file_system.hpp>
#include <durable/printable.hpp>

#include <deque>
#include <optional>
#include <utility>

namespace durable {
namespace detail {

namespace {

namespace fs = std::filesystem;

// Linux's own limit on symbolic links followed in one resolution.
constexpr int max_links = 40;

// What the link `name` of `directory` leads to: nothing if it is no link
// (or `directory` cannot be opened), an empty path if it is one that cannot
// be read (just removed). Read through the platform's file system, as the
// saves read links: MinGW's std::filesystem sees no link on Windows.
std::optional<fs::path> link_at(fs::path const& directory, fs::path const& name)
{
    file_system& files = default_file_system();
    boost::system::error_code ec;
    native_handle const dir = files.open_directory(directory, ec);
    if(ec)
        return std::nullopt;
    std::string const entry = path_text(name);
    std::optional<fs::path> target;
    if(files.status(dir, entry, ec).kind == file_kind::symlink && !ec)
        target = files.read_link(dir, entry, ec);
    close_handle(files, dir);
    return target;
}

} // namespace

watched_directories directories_to_watch(fs::path const& file)
{
    watched_directories wanted;
    std::deque<fs::path> left;
    for(fs::path const& part : file.relative_path())
        left.push_back(part);
    fs::path directory = file.root_path();
    int links = 0;
    while(!left.empty())
    {
        fs::path const name = std::move(left.front());
        left.pop_front();
        if(name.empty() || name == ".")
            continue;
        if(name == "..")
        {
            directory = directory.parent_path();
            continue;
        }
        std::optional<fs::path> const target = links < max_links ? link_at(directory, name) : std::nullopt;
        if(target || left.empty())
            wanted[directory].insert(name.native());
        if(!target)
        {
            directory /= name;
            continue;
        }
        ++links;
        if(target->empty())
            break;
        fs::path const parts = target->relative_path();
        left.insert(left.begin(), parts.begin(), parts.end());
        if(target->is_absolute())
            directory = target->root_path();
    }
    return wanted;
}

} // namespace detail
} // namespace durable
