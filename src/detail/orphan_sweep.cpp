//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "orphan_sweep.hpp"
#include "temp_name.hpp"
#include <durable/detail/fnv1a.hpp>
#include <durable/printable.hpp>

#include <array>
#include <atomic>
#include <string>

namespace durable {
namespace detail {

namespace {

// Whether the temporary file `name` of `t` is provably left by a process
// that is gone: judged by its name, and for a name of another boot by its
// age too, since a file written before this boot began has no live owner.
bool is_orphan(file_system& fs, target const& t, std::string const& name)
{
    switch(owner_of(name, t.name))
    {
    case temp_owner::gone:
        return true;
    case temp_owner::other_boot:
    {
        boost::system::error_code ec;
        file_status status;
        retry_interrupted([&](auto& e) { status = fs.status(t.dir, name, e); }, ec);
        return !ec && status.kind == file_kind::regular && status.modified < boot_time();
    }
    case temp_owner::not_ours:
    case temp_owner::alive:
        break;
    }
    return false;
}

// The targets swept already, as a direct-mapped table of hashes of their
// paths: a fixed 32 KiB however many targets a process saves. A target
// whose slot another took is swept again, which costs a directory listing
// and removes nothing that should stay.
constexpr std::size_t swept_slots = 4096;
std::array<std::atomic<std::uint64_t>, swept_slots> swept{};

// Marks `t` swept; false if it already was.
bool first_sweep_of(target const& t)
{
    std::uint64_t const key = fnv1a(path_text(t.dir_path / t.name)) | 1; // never the empty slot's 0
    std::atomic<std::uint64_t>& slot = swept[key % swept_slots];
    return slot.exchange(key, std::memory_order_relaxed) != key;
}

} // namespace

std::size_t sweep_orphans(file_system& fs, target const& t, boost::system::error_code& ec)
{
    ec.clear();
    std::vector<std::string> names;
    retry_interrupted([&](auto& e) { names = fs.list_directory(t.dir, e); }, ec);
    std::size_t removed = 0;
    for(std::string const& name : names)
    {
        if(!is_orphan(fs, t, name))
            continue;
        boost::system::error_code unlink_ec;
        retry_interrupted([&](auto& e) { fs.unlink(t.dir, name, e); }, unlink_ec);
        if(!unlink_ec)
            ++removed;
        else if(!ec)
            ec = unlink_ec;
    }
    return removed;
}

void sweep_orphans_once(file_system& fs, target const& t) noexcept
{
    try
    {
        if(!first_sweep_of(t))
            return;
        boost::system::error_code ignored;
        sweep_orphans(fs, t, ignored);
    }
    catch(std::bad_alloc const&)
    {
        // Out of memory for the listing: skip the sweep, not the save.
    }
}

} // namespace detail
} // namespace durable
