//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/write_files.hpp>
#include <durable/detail/replacement.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <map>
#include <system_error>
#include <thread>
#include <vector>

namespace durable {

namespace {

// More syncs in flight than this gain nothing a journal can show (it
// commits those waiting when one ends), and cost a thread each.
constexpr std::size_t max_syncing_threads = 64;

// Runs `work(i)` for every i below `count`, on the calling thread and on
// up to max_syncing_threads - 1 more, each taking the next index until none
// is left. The syncs of a batch wait on the disk, not on a core: run side
// by side, they reach the file system together and share its commits.
template<class Work>
void run_side_by_side(std::size_t count, Work const& work)
{
    std::atomic<std::size_t> next{0};
    auto const take = [&] {
        for(std::size_t i = next++; i < count; i = next++)
            work(i);
    };
    std::vector<std::thread> helpers;
    std::size_t const wanted = std::min(count, max_syncing_threads);
    helpers.reserve(wanted > 0 ? wanted - 1 : 0);
    // The threads are joined before anything they use goes.
    struct joiner
    {
        std::vector<std::thread>& threads;
        ~joiner()
        {
            for(std::thread& t : threads)
                t.join();
        }
    } const join_all{helpers};
    while(helpers.size() + 1 < wanted)
    {
        try
        {
            helpers.emplace_back(take);
        }
        catch(std::system_error const&)
        {
            break; // no more threads now: those running, and this one, take the rest
        }
    }
    take();
}

file_write_result result_of(detail::failure const& f)
{
    if(!f)
        return {};
    return {f.step, f.code, f.cause};
}

} // namespace

std::vector<file_write_result> write_files(std::vector<file_write> const& files, write_options const& options)
{
    std::size_t const count = files.size();
    std::vector<detail::replacement> saves(count);
    std::vector<detail::failure> outcomes(count);

    // Each temporary file is made and written before any is synced: the
    // syncs then find all the data they can share a commit with.
    for(std::size_t i = 0; i < count; ++i)
    {
        outcomes[i] = saves[i].open(files[i].path, options);
        if(!outcomes[i])
            outcomes[i] = saves[i].write(files[i].bytes.data(), files[i].bytes.size());
    }

    // The data of each is synced (and the file closed) before any name
    // points at it, as for one file; a failed sync fails its file alone.
    run_side_by_side(count, [&](std::size_t i) {
        if(!outcomes[i])
            outcomes[i] = saves[i].prepare();
    });

    // Renamed in the order given, so that the same path named twice ends
    // with the later content; each directory is synced once, after the
    // last rename into it, which makes all of its renames durable.
    std::map<std::filesystem::path, std::size_t> last_into;
    for(std::size_t i = 0; i < count; ++i)
    {
        if(!outcomes[i])
            outcomes[i] = saves[i].rename();
        if(!outcomes[i])
            last_into[saves[i].directory()] = i;
    }
    std::map<std::filesystem::path, detail::failure> directory_outcomes;
    for(auto const& [directory, i] : last_into)
        directory_outcomes[directory] = saves[i].sync_directory();

    std::vector<file_write_result> results(count);
    for(std::size_t i = 0; i < count; ++i)
    {
        if(!outcomes[i])
        {
            // Its directory was synced through another handle on it.
            outcomes[i] = directory_outcomes[saves[i].directory()];
            saves[i].discard();
        }
        results[i] = result_of(outcomes[i]);
    }
    return results;
}

} // namespace durable
