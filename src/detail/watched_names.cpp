//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "watched_names.hpp"

#include <deque>
#include <utility>

namespace durable {
namespace detail {

namespace {

namespace fs = std::filesystem;

// Linux's own limit on symbolic links followed in one resolution.
constexpr int max_links = 40;

bool is_link(fs::path const& p)
{
    std::error_code ec;
    return fs::is_symlink(fs::symlink_status(p, ec));
}

// Empty if it cannot be read: the resolution stops at the link.
fs::path link_target(fs::path const& link)
{
    std::error_code ec;
    fs::path target = fs::read_symlink(link, ec);
    return ec ? fs::path() : target;
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
        fs::path const here = directory / name;
        bool const followed = is_link(here) && ++links <= max_links;
        if(followed || left.empty())
            wanted[directory].insert(name.native());
        if(!followed)
        {
            directory = here;
            continue;
        }
        fs::path const target = link_target(here);
        if(target.empty())
            break;
        fs::path const parts = target.relative_path();
        left.insert(left.begin(), parts.begin(), parts.end());
        if(target.is_absolute())
            directory = target.root_path();
    }
    return wanted;
}

} // namespace detail
} // namespace durable
