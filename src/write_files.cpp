//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/write_files.hpp>
#include <durable/detail/replacement.hpp>
#include <durable/detail/write_files.hpp>

#include <boost/asio/error.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace durable {

namespace {

// More syncs in flight than this gain nothing a journal can show (it
// commits those waiting when one ends), and cost a thread each.
constexpr std::size_t max_syncing_threads = 64;

// Runs `work(i)` for every i below `count`, on the calling thread and on
// up to `threads` - 1 more, each taking the next index until none is left.
// The syncs of a batch wait on the disk, not on a core: run side by side,
// they reach the file system together and share its commits.
template<class Work>
void run_side_by_side(std::size_t count, std::size_t threads, Work const& work)
{
    std::atomic<std::size_t> next{0};
    auto const take = [&] {
        for(std::size_t i = next++; i < count; i = next++)
            work(i);
    };
    std::vector<std::thread> helpers;
    std::size_t const wanted = std::min(count, threads);
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

// The files of one batch, each with its save, its outcome so far, and the
// step it has reached (what a file given up reports).
struct batch_state
{
    explicit batch_state(std::size_t count) : saves(count), outcomes(count), reached(count, step::open) {}

    std::vector<detail::replacement> saves;
    std::vector<detail::failure> outcomes;
    std::vector<step> reached;
};

// Renamed in the order given, so that the same path named twice ends with
// the later content; each directory is synced once, after the last rename
// into it, which makes all of its renames durable. A target renamed into
// twice keeps, with write_options::keep_backup, the backup of its first
// rename: what it held before the batch. (The later save's backup would
// find the target changed since it was opened, and fail.)
void publish(batch_state& b)
{
    std::size_t const count = b.saves.size();
    std::map<std::filesystem::path, std::size_t> last_into;
    std::set<std::pair<std::filesystem::path, std::string>> renamed;
    for(std::size_t i = 0; i < count; ++i)
    {
        if(b.outcomes[i])
            continue;
        std::pair<std::filesystem::path, std::string> target{b.saves[i].directory(), b.saves[i].name()};
        if(renamed.count(target) != 0)
            b.saves[i].skip_backup();
        b.outcomes[i] = b.saves[i].rename();
        if(!b.outcomes[i])
        {
            last_into[target.first] = i;
            renamed.insert(std::move(target));
        }
    }
    std::map<std::filesystem::path, detail::failure> directory_outcomes;
    for(auto const& [directory, i] : last_into)
        directory_outcomes[directory] = b.saves[i].sync_directory();
    for(std::size_t i = 0; i < count; ++i)
    {
        if(!b.outcomes[i])
        {
            // Its directory was synced through another handle on it.
            b.outcomes[i] = directory_outcomes[b.saves[i].directory()];
            b.saves[i].discard();
        }
    }
}

// Nothing was renamed: every file that has not failed is given up, and its
// temporary file removed.
void give_up(batch_state& b)
{
    for(std::size_t i = 0; i < b.saves.size(); ++i)
    {
        if(!b.outcomes[i])
        {
            b.saves[i].discard();
            b.outcomes[i] = {b.reached[i], boost::asio::error::operation_aborted};
        }
    }
}

file_write_result result_of(detail::failure const& f)
{
    if(!f)
        return {};
    return {f.step, f.code, f.cause};
}

// write_files() for `File`s that borrow their bytes (file_write) or own them
// (file_content), stopped before the first rename if `cancelled` is set.
template<class File>
std::vector<file_write_result> write_batch(
    std::vector<File> const& files,
    write_options const& options,
    std::atomic<bool> const* cancelled,
    boost::system::error_code& aborted)
{
    auto const stop = [cancelled] { return cancelled && cancelled->load(); };
    std::size_t const count = files.size();
    batch_state b(count);

    // Each temporary file is made and written before any is synced: the
    // syncs then find all the data they can share a commit with.
    for(std::size_t i = 0; i < count && !stop(); ++i)
    {
        b.outcomes[i] = b.saves[i].open(files[i].path, options);
        if(!b.outcomes[i])
            b.outcomes[i] = b.saves[i].write(files[i].bytes.data(), files[i].bytes.size());
        b.reached[i] = step::sync;
    }

    // The data of each is synced (and the file closed) before any name
    // points at it, as for one file; a failed sync fails its file alone.
    // Without syncs (durability::atomic) nothing waits on the disk (but a
    // close on NFS, which sends the data), and threads would only cost
    // their start: 64 files took 2.1-2.4 times as long on tmpfs with them
    // as without (durable_bench_batch --durability atomic).
    std::size_t const threads = options.durability == durability::durable ? max_syncing_threads : 1;
    run_side_by_side(count, threads, [&](std::size_t i) {
        if(!b.outcomes[i] && b.reached[i] == step::sync && !stop())
        {
            b.outcomes[i] = b.saves[i].prepare();
            b.reached[i] = step::rename;
        }
    });

    // The last moment to stop: past it, some targets would be new and
    // others old.
    if(stop())
    {
        give_up(b);
        aborted = boost::asio::error::operation_aborted;
    }
    else
    {
        publish(b);
    }

    std::vector<file_write_result> results(count);
    std::transform(b.outcomes.begin(), b.outcomes.end(), results.begin(), result_of);
    return results;
}

} // namespace

std::vector<file_write_result> write_files(std::vector<file_write> const& files, write_options const& options)
{
    boost::system::error_code never_aborted;
    return write_batch(files, options, nullptr, never_aborted);
}

namespace detail {

std::vector<file_write_result> write_files(
    std::vector<file_content> const& files,
    write_options const& options,
    std::atomic<bool> const& cancelled,
    boost::system::error_code& aborted)
{
    return write_batch(files, options, &cancelled, aborted);
}

} // namespace detail

} // namespace durable
