//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE write_files
#include "support.hpp"

#include <durable/error.hpp>
#include <durable/test/fault_file_system.hpp>
#include <durable/write_files.hpp>

#include <cerrno>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace {

using namespace durable_test;
using durable::test::fault_file_system;
using durable::test::fs_call;
using durable::test::recorded_call;

// A batch over `names` in `dir`, each file's content its name and `tag`.
struct batch
{
    std::vector<fs::path> paths;
    std::vector<std::string> contents;

    batch(std::vector<fs::path> targets, std::string const& tag) : paths(std::move(targets))
    {
        for(fs::path const& p : paths)
            contents.push_back(p.filename().string() + " " + tag + "\n");
    }

    std::vector<durable::file_write> files() const
    {
        std::vector<durable::file_write> writes;
        for(std::size_t i = 0; i < paths.size(); ++i)
            writes.push_back({paths[i], contents[i]});
        return writes;
    }
};

// Every file of `saves` reported saved and holding its new content.
void check_every_file_saved(std::vector<durable::file_write_result> const& results, batch const& saves)
{
    BOOST_TEST_REQUIRE(results.size() == saves.paths.size());
    for(std::size_t i = 0; i < saves.paths.size(); ++i)
    {
        BOOST_TEST_CONTEXT(saves.paths[i])
        {
            BOOST_TEST(!results[i].failed());
            BOOST_TEST(read_file(saves.paths[i]) == std::optional<std::string>(saves.contents[i]));
        }
    }
}

std::vector<fs::path> names_in(fs::path const& dir, int count)
{
    std::vector<fs::path> paths;
    for(int i = 0; i < count; ++i)
        paths.push_back(dir / ("f" + std::to_string(i) + ".json"));
    return paths;
}

std::size_t count_of(std::vector<recorded_call> const& calls, fs_call which)
{
    return static_cast<std::size_t>(
        std::count_if(calls.begin(), calls.end(), [&](recorded_call const& c) { return c.call == which; }));
}

// Where in `calls` the first and the last call of `which` are.
std::pair<std::size_t, std::size_t> span_of(std::vector<recorded_call> const& calls, fs_call which)
{
    std::size_t first = calls.size();
    std::size_t last = 0;
    for(std::size_t i = 0; i < calls.size(); ++i)
    {
        if(calls[i].call == which)
        {
            first = std::min(first, i);
            last = i;
        }
    }
    return {first, last};
}

} // namespace

BOOST_AUTO_TEST_SUITE(write_files_test)

// The shape of a batch: every data sync before the first rename (no name
// points at data that is not on disk), every rename before the directory
// syncs, one directory sync per directory.
BOOST_FIXTURE_TEST_CASE(every_file_is_saved_and_each_directory_synced_once, temp_dir)
{
    fs::create_directory(path() / "a");
    fs::create_directory(path() / "b");
    std::vector<fs::path> targets = names_in(path() / "a", 10);
    for(fs::path const& p : names_in(path() / "b", 10))
        targets.push_back(p);
    for(std::size_t i = 0; i < targets.size(); i += 2)
        put_file(targets[i], "old\n");
    batch const saves(targets, "new");
#if !defined(_WIN32)
    std::vector<std::string> const descriptors = open_descriptors();
#endif

    fault_file_system fault;
    durable::write_options options;
    options.fs = &fault;
    std::vector<durable::file_write_result> const results = durable::write_files(saves.files(), options);

    check_every_file_saved(results, saves);
    BOOST_TEST(list_dir(path() / "a").size() == 10u); // no temporary file left
    BOOST_TEST(list_dir(path() / "b").size() == 10u);
#if !defined(_WIN32) // descriptors are POSIX's; Windows handles are not counted
    BOOST_TEST(open_descriptors() == descriptors, boost::test_tools::per_element());
#endif

    std::vector<recorded_call> const calls = fault.calls();
    BOOST_TEST(count_of(calls, fs_call::sync_data) == 20u);
    BOOST_TEST(count_of(calls, fs_call::rename) == 20u);
    BOOST_TEST(count_of(calls, fs_call::sync_directory) == 2u);
    BOOST_TEST(span_of(calls, fs_call::sync_data).second < span_of(calls, fs_call::rename).first);
    BOOST_TEST(span_of(calls, fs_call::rename).second < span_of(calls, fs_call::sync_directory).first);
}

// durability::atomic: every file replaced whole, nothing synced, and no
// thread started for syncs there are none of: each temporary file is
// closed on the calling thread.
BOOST_FIXTURE_TEST_CASE(an_atomic_batch_saves_every_file_and_syncs_nothing, temp_dir)
{
    std::vector<fs::path> const targets = names_in(path(), 12);
    for(std::size_t i = 0; i < targets.size(); i += 3)
        put_file(targets[i], "old\n");
    batch const saves(targets, "new");

    fault_file_system fault;
    std::mutex closers_mutex;
    std::set<std::thread::id> closers;
#if !defined(_WIN32) // a started thread that takes no work is seen too
    std::size_t const threads_before = threads_of_this_process();
    std::size_t most_threads = 0;
#endif
    fault.before_call(fs_call::close, [&] {
        std::lock_guard<std::mutex> lock(closers_mutex);
        closers.insert(std::this_thread::get_id());
#if !defined(_WIN32)
        most_threads = std::max(most_threads, threads_of_this_process());
#endif
    });
    durable::write_options options;
    options.fs = &fault;
    options.durability = durable::durability::atomic;
    std::vector<durable::file_write_result> const results = durable::write_files(saves.files(), options);

    check_every_file_saved(results, saves);
    BOOST_TEST(closers == std::set<std::thread::id>{std::this_thread::get_id()}, boost::test_tools::per_element());
#if !defined(_WIN32)
    BOOST_TEST(most_threads <= threads_before); // fewer if an earlier test's thread was still ending
#endif
    BOOST_TEST(list_dir(path()).size() == targets.size()); // no temporary file left
    std::vector<recorded_call> const calls = fault.calls();
    BOOST_TEST(count_of(calls, fs_call::sync_data) == 0u);
    BOOST_TEST(count_of(calls, fs_call::sync_directory) == 0u);
    BOOST_TEST(count_of(calls, fs_call::rename) == targets.size());
}

BOOST_FIXTURE_TEST_CASE(a_file_that_fails_fails_alone_at_its_step, temp_dir)
{
    std::vector<fs::path> targets = names_in(path(), 6);
    for(fs::path const& p : targets)
        put_file(p, "old\n");
    targets.insert(targets.begin() + 2, path() / "missing" / "x.json");
    batch const saves(targets, "new");

    fault_file_system fault;
    fault.fail_call(fs_call::sync_data, 3, EIO); // one of the six, whichever syncs third
    durable::write_options options;
    options.fs = &fault;
    std::vector<durable::file_write_result> const results = durable::write_files(saves.files(), options);

    BOOST_TEST_REQUIRE(results.size() == targets.size());
    BOOST_TEST(results[2].failed());
    BOOST_TEST(results[2].step == durable::step::open);
    BOOST_TEST(results[2].error == boost::system::errc::no_such_file_or_directory);
    std::size_t failed_syncs = 0;
    for(std::size_t i = 0; i < targets.size(); ++i)
    {
        if(i == 2)
            continue;
        BOOST_TEST_CONTEXT(targets[i])
        {
            if(results[i].failed())
            {
                ++failed_syncs;
                BOOST_TEST(results[i].step == durable::step::sync);
                BOOST_TEST(results[i].error == boost::system::errc::io_error);
                BOOST_TEST(read_file(targets[i]) == std::optional<std::string>("old\n"));
            }
            else
            {
                BOOST_TEST(read_file(targets[i]) == std::optional<std::string>(saves.contents[i]));
                BOOST_TEST(fault.crash_image().read(targets[i]) == std::optional<std::string>(saves.contents[i]));
            }
        }
    }
    BOOST_TEST(failed_syncs == 1u);
    BOOST_TEST(list_dir(path()).size() == 6u); // no temporary file left
}

// Each call of a batch failed in turn, of 3 files in 2 directories, 2 of
// them replacing a file. Whatever fails, each file keeps G1-G4 on its own:
// reported saved, its new content is on disk; durability_unknown, its new
// content is visible; any other failure, its old content is there. Only
// one file fails otherwise than durability_unknown, no temporary file is
// left, and no descriptor is leaked.
BOOST_AUTO_TEST_CASE(any_call_that_fails_fails_only_its_file)
{
    auto const run = [](std::size_t nth) {
        temp_dir dir;
        fs::create_directory(dir / "a");
        fs::create_directory(dir / "b");
        std::vector<fs::path> const targets = {dir / "a" / "one.json", dir / "a" / "two.json", dir / "b" / "three.json"};
        std::vector<std::optional<std::string>> const old = {"old\n", std::nullopt, "old\n"};
        put_file(targets[0], *old[0]);
        put_file(targets[2], *old[2]);
        batch const saves(targets, "new");
#if !defined(_WIN32)
        std::vector<std::string> const descriptors = open_descriptors();
#endif
        fault_file_system fault;
        if(nth > 0)
            fault.fail_call(nth, EIO);
        durable::write_options options;
        options.fs = &fault;
        std::vector<durable::file_write_result> const results = durable::write_files(saves.files(), options);
        std::vector<recorded_call> const calls = fault.calls();
        BOOST_TEST_CONTEXT("call " << nth << " of " << calls.size() << ": "
                                   << (nth > 0 && nth <= calls.size() ? durable::test::to_string(calls[nth - 1].call) : "none"))
        {
            BOOST_TEST_REQUIRE(results.size() == targets.size());
            std::size_t failed = 0;
            for(std::size_t i = 0; i < targets.size(); ++i)
            {
                BOOST_TEST_CONTEXT(targets[i].filename())
                {
                    if(!results[i].failed())
                    {
                        BOOST_TEST(read_file(targets[i]) == std::optional<std::string>(saves.contents[i]));
                        BOOST_TEST(fault.crash_image().read(targets[i]) == std::optional<std::string>(saves.contents[i]));
                    }
                    else if(results[i].error == durable::error::durability_unknown)
                    {
                        BOOST_TEST(read_file(targets[i]) == std::optional<std::string>(saves.contents[i]));
                    }
                    else
                    {
                        ++failed;
                        BOOST_TEST(read_file(targets[i]) == old[i]);
                    }
                }
            }
            BOOST_TEST(failed <= 1u);
            for(fs::path const& folder : {dir / "a", dir / "b"})
                for(std::string const& name : list_dir(folder))
                    BOOST_TEST(name.find(".durable-") == std::string::npos, name);
#if !defined(_WIN32)
            BOOST_TEST(open_descriptors() == descriptors, boost::test_tools::per_element());
#endif
        }
        return calls.size();
    };
    std::size_t const total = run(0);
    BOOST_TEST_REQUIRE(total > 20u);
    for(std::size_t nth = 1; nth <= total; ++nth)
        run(nth);
}

// The directory sync makes the renames into its directory durable, and only
// those: its failure is theirs, not that of the files of another directory.
BOOST_FIXTURE_TEST_CASE(a_failed_directory_sync_is_the_failure_of_its_directory, temp_dir)
{
    fs::create_directory(path() / "a");
    fs::create_directory(path() / "b");
    std::vector<fs::path> targets = names_in(path() / "a", 3);
    for(fs::path const& p : names_in(path() / "b", 3))
        targets.push_back(p);
    batch const saves(targets, "new");

    fault_file_system fault;
    fault.fail_call(fs_call::sync_directory, 1, EIO); // the first directory synced
    durable::write_options options;
    options.fs = &fault;
    std::vector<durable::file_write_result> const results = durable::write_files(saves.files(), options);

    // The other directory is still synced: what is reported saved survives
    // a power cut.
    BOOST_TEST(count_of(fault.calls(), fs_call::sync_directory) == 2u);
    std::size_t unknown = 0;
    for(std::size_t i = 0; i < targets.size(); ++i)
    {
        BOOST_TEST_CONTEXT(targets[i])
        {
            // Visible either way: the rename was done.
            BOOST_TEST(read_file(targets[i]) == std::optional<std::string>(saves.contents[i]));
            if(results[i].failed())
            {
                ++unknown;
                BOOST_TEST(results[i].error == durable::error::durability_unknown);
                BOOST_TEST(results[i].step == durable::step::dirsync);
                BOOST_TEST(results[i].cause == boost::system::errc::io_error);
            }
            else
            {
                BOOST_TEST(fault.crash_image().read(targets[i]) == std::optional<std::string>(saves.contents[i]));
            }
        }
    }
    BOOST_TEST(unknown == 3u);
    BOOST_TEST(results[0].failed() == results[1].failed());
    BOOST_TEST(results[0].failed() == results[2].failed());
    BOOST_TEST(results[0].failed() != results[3].failed());
}

BOOST_FIXTURE_TEST_CASE(the_same_path_named_twice_ends_with_the_later_content, temp_dir)
{
    fs::path const target = path() / "twice.json";
    std::vector<durable::file_write> const files = {{target, "first\n"}, {target, "second\n"}};
    std::vector<durable::file_write_result> const results = durable::write_files(files);
    BOOST_TEST(!results[0].failed());
    BOOST_TEST(!results[1].failed());
    BOOST_TEST(read_file(target) == std::optional<std::string>("second\n"));
    BOOST_TEST(list_dir(path()).size() == 1u);
}

// A batch with backups keeps, for a path it saves twice, the backup of what
// the path held before the batch, and ends with the later content.
BOOST_FIXTURE_TEST_CASE(the_same_path_named_twice_keeps_the_backup_from_before_the_batch, temp_dir)
{
    fs::path const target = path() / "twice.json";
    put_file(target, "old\n");
    std::vector<durable::file_write> const files = {{target, "first\n"}, {target, "second\n"}};
    durable::write_options options;
    options.keep_backup = true;
    std::vector<durable::file_write_result> const results = durable::write_files(files, options);
    BOOST_TEST_REQUIRE(results.size() == 2u);
    BOOST_TEST(!results[0].failed(), results[0].error.message());
    BOOST_TEST(!results[1].failed(), results[1].error.message());
    BOOST_TEST(read_file(target) == std::optional<std::string>("second\n"));
    BOOST_TEST(read_file(path() / "twice.json.bak") == std::optional<std::string>("old\n"));
    BOOST_TEST(list_dir(path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_empty_batch_has_no_results)
{
    BOOST_TEST(durable::write_files({}).empty());
}

// G2 and G3 for every file of a batch: a crash after any call leaves each
// file old or new, whole; after the last, every file is new.
BOOST_FIXTURE_TEST_CASE(a_crash_at_any_point_leaves_each_file_old_or_new, temp_dir)
{
    fs::create_directory(path() / "a");
    fs::create_directory(path() / "b");
    std::vector<fs::path> const targets = {path() / "a" / "x.json", path() / "a" / "y.json", path() / "b" / "z.json"};
    batch const saves(targets, "new, longer than the old");
    auto const set_up = [&] {
        put_file(targets[0], "old\n");
        put_file(targets[2], "old\n");
        fs::remove(targets[1]);
    };
    set_up();
    std::size_t calls = 0;
    {
        fault_file_system counting;
        durable::write_options options;
        options.fs = &counting;
        durable::write_files(saves.files(), options);
        calls = counting.call_count();
    }
    for(std::size_t nth = 1; nth <= calls; ++nth)
    {
        set_up();
        fault_file_system fault;
        fault.crash_after(nth);
        durable::write_options options;
        options.fs = &fault;
        durable::write_files(saves.files(), options);
        durable::test::disk_image const image = fault.crash_image();
        for(std::size_t i = 0; i < targets.size(); ++i)
        {
            BOOST_TEST_CONTEXT("crash after call " << nth << " of " << calls << ", " << targets[i])
            {
                std::optional<std::string> const after = image.read(targets[i]);
                std::optional<std::string> const old = i == 1 ? std::nullopt : std::optional<std::string>("old\n");
                if(nth == calls)
                    BOOST_TEST(after == std::optional<std::string>(saves.contents[i]));
                else
                    BOOST_TEST((after == old || after == std::optional<std::string>(saves.contents[i])));
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
