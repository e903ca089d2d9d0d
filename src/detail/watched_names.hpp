//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_WATCHED_NAMES_HPP
#define DURABLE_SRC_DETAIL_WATCHED_NAMES_HPP

#include <boost/system/error_code.hpp>

#include <filesystem>
#include <map>
#include <new>
#include <set>
#include <stdexcept>
#include <system_error>

namespace durable {
namespace detail {

/// The names that matter in each directory to watch.
using watched_directories = std::map<std::filesystem::path, std::set<std::filesystem::path::string_type>>;

/** The directories to watch for `file` (absolute), each with the names
    in it whose change can change what `file` leads to.

    The names are every symbolic link met while resolving the path,
    component by component as the kernel does, and the name it ends at.
    Directories on the way that are not links are not watched: replacing
    one of those is not how anyone updates a configuration.

    It looks paths up, and so blocks as long as the file system takes.
    A link that cannot be read (just removed) ends the resolution there:
    the link itself is watched, and its change resolves again. Where the
    standard library cannot see links (MinGW's, on Windows), the one name
    is the path's last.
*/
watched_directories directories_to_watch(std::filesystem::path const& file);

/** Calls `place()`, which may throw, where nothing may escape (a thread of
    the blocking executor): a failure of memory or of a path operation
    becomes the error returned.
*/
template<class Place>
boost::system::error_code place_without_throwing(Place&& place) noexcept
{
    try
    {
        place();
    }
    catch(std::system_error const& e)
    {
        return e.code();
    }
    catch(std::bad_alloc const&)
    {
        return make_error_code(std::errc::not_enough_memory);
    }
    catch(std::length_error const&)
    {
        return make_error_code(std::errc::filename_too_long);
    }
    return {};
}

} // namespace detail
} // namespace durable

#endif
