//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_CONFIG_VERSION_HPP
#define DURABLE_CONFIG_VERSION_HPP

#include <cstdint>

namespace durable {

/** Which content a configuration file held when it was loaded.

    Given by config_file::load(config_version&) and checked by
    config_file::save_if_unchanged(). Two versions are equal when the
    file's bytes have the same size and the same 64-bit FNV-1a hash: a
    change is missed only by a collision of that hash at equal size, which
    an accident will not produce (it is no defence against someone who
    writes colliding files on purpose; they could write the file anyway).
    A file that does not exist has its own version, `exists == false`,
    equal to every other missing file's and to no file's, even an empty one.
*/
struct config_version
{
    bool exists = false;
    std::uint64_t size = 0;
    std::uint64_t hash = 0;

    friend bool operator==(config_version const& a, config_version const& b) noexcept
    {
        return a.exists == b.exists && a.size == b.size && a.hash == b.hash;
    }

    friend bool operator!=(config_version const& a, config_version const& b) noexcept { return !(a == b); }
};

} // namespace durable

#endif
