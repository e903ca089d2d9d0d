//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/orphan_sweep.hpp>
#include <durable/detail/temp_name.hpp>

#include <mutex>
#include <set>
#include <string>

namespace durable {
namespace detail {

std::size_t sweep_orphans(file_system& fs, target const& t, boost::system::error_code& ec)
{
    ec.clear();
    std::vector<std::string> names;
    retry_interrupted([&](auto& e) { names = fs.list_directory(t.dir, e); }, ec);
    std::size_t removed = 0;
    for(std::string const& name : names)
    {
        if(!is_orphan_of(name, t.name))
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
    static std::mutex mutex;
    static std::set<std::string> swept;
    try
    {
        std::string key = (t.dir_path / t.name).string();
        {
            std::lock_guard<std::mutex> lock(mutex);
            if(!swept.insert(std::move(key)).second)
                return;
        }
        boost::system::error_code ignored;
        sweep_orphans(fs, t, ignored);
    }
    catch(std::bad_alloc const&)
    {
        // Out of memory for the bookkeeping: skip the sweep, not the save.
    }
}

} // namespace detail
} // namespace durable
