//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Many files for the price of few flushes: durable::write_files against the
// same files saved by write_file one after another, and by hand (below), in
// rounds that take turns (measure.hpp's time_sides). Each save of the first
// is durable: its own data sync, its directory synced after its rename. The batch shares
// the file system's commits by syncing side by side and syncing the
// directory once; the figure is how many times faster that is.
//
// The same batch written by hand is the floor write_files is measured
// against, as the C sequence is write_file's: every temporary file made and
// written, their data synced side by side on as many threads as
// write_files uses, each renamed, the directory synced once. Nothing else:
// no check, no unique name, no cleanup. The one-after-another figures say
// what a batch buys; the ratio to the hand-written batch says what the
// library adds to it.
//
// With --durability atomic, every side skips the syncs (write_options::
// durability): what a batch costs when nothing waits on the disk.
//
// With --by-hand syncfs, the hand-written batch syncs the data of all its
// files with one syncfs(2) instead of a sync per file: one flush for the
// whole file system, what sharing every flush could give at most. The
// library does not do this, since syncfs waits for every other program's
// unwritten data on that file system as well, however much there is.
//
// Usage:
//   durable_bench_batch [--files N] [--size BYTES] [--rounds N] [--dir DIR]
//                       [--durability durable|atomic] [--by-hand files|syncfs]

#include "measure.hpp"

#include <durable/write_file.hpp>
#include <durable/write_files.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_batch";
char const durable_bench::program_options[] =
    "[--files N] [--size BYTES] [--rounds N] [--dir DIR]\n"
    "                           [--durability durable|atomic] [--by-hand files|syncfs]";

namespace {

using durable_bench::percentile;

// What write_files starts for a batch at most, a thread per file syncing
// (max_syncing_threads in src/write_files.cpp: the two change together).
constexpr std::size_t syncing_threads = 64;

// The batch by hand (see the top): no unique names, a thread per file.
struct c_batch
{
    std::string dir;
    std::vector<std::string> temporaries;
    std::vector<std::string> targets;
    bool sync = true;
    bool syncfs = false;

    void save(std::string_view bytes) const
    {
        std::size_t const count = targets.size();
        std::vector<int> files(count);
        for(std::size_t i = 0; i < count; ++i)
            files[i] = durable_bench::create_and_write_c(temporaries[i], bytes);
        // Data before names: each file's synced beside the others', or
        // all of the file system's at once.
        if(sync && syncfs && count > 0 && ::syncfs(files[0]) != 0)
            durable_bench::die("syncfs", temporaries[0]);
        bool const each = sync && !syncfs;
        std::atomic<std::size_t> next{0};
        auto const sync_and_close = [&] {
            for(std::size_t i = next++; i < count; i = next++)
            {
                if(each && ::fdatasync(files[i]) != 0)
                    durable_bench::die("fdatasync", temporaries[i]);
                if(::close(files[i]) != 0)
                    durable_bench::die("close", temporaries[i]);
            }
        };
        std::vector<std::thread> helpers;
        for(std::size_t k = 1; each && k < std::min(count, syncing_threads); ++k)
            helpers.emplace_back(sync_and_close);
        sync_and_close();
        for(std::thread& t : helpers)
            t.join();
        for(std::size_t i = 0; i < count; ++i)
            if(::rename(temporaries[i].c_str(), targets[i].c_str()) != 0)
                durable_bench::die("rename", targets[i]);
        if(sync && count > 0)
            durable_bench::sync_directory_c(dir);
    }
};

struct options
{
    long files = 64;
    long size = 4096;
    long rounds = 20;
    std::filesystem::path dir;
    durable::durability durability = durable::durability::durable;
    bool by_hand_syncfs = false;
};

constexpr char const* durability_names[] = {"durable", "atomic"};
constexpr char const* by_hand_names[] = {"files", "syncfs"};

options parse_options(int argc, char** argv)
{
    options opt;
    for(durable_bench::command_line args(argc, argv); args.next();)
    {
        if(args.is("--files"))
            opt.files = args.count();
        else if(args.is("--size"))
            opt.size = args.count();
        else if(args.is("--rounds"))
            opt.rounds = args.count();
        else if(args.is("--dir"))
            opt.dir = args.value();
        else if(args.is("--by-hand"))
            opt.by_hand_syncfs = args.choice(by_hand_names) == 1;
        else if(args.is("--durability"))
            opt.durability = args.choice(durability_names) == 0
                ? durable::durability::durable
                : durable::durability::atomic;
        else
            args.unknown();
    }
    // A percentile needs a sample, and each round writes its number into
    // the payload.
    if(opt.rounds < 1)
        durable_bench::usage("--rounds wants at least 1");
    if(opt.size < 20)
        durable_bench::usage("--size wants at least 20 bytes, room for the round's number");
    return opt;
}

int run(options const& opt)
{
    durable_bench::scratch_directory scratch(opt.dir);
    std::string payload = durable_bench::make_payload(static_cast<std::size_t>(opt.size));
    // Each side writes its own files, so that neither replaces what the
    // other has just written.
    std::vector<durable::file_write> one_by_one;
    std::vector<durable::file_write> batch;
    c_batch by_hand{
        scratch.path().string(), {}, {}, opt.durability == durable::durability::durable, opt.by_hand_syncfs};
    for(long i = 0; i < opt.files; ++i)
    {
        std::string const n = std::to_string(i);
        one_by_one.push_back({scratch.file("single-" + n + ".dat"), payload});
        batch.push_back({scratch.file("batch-" + n + ".dat"), payload});
        by_hand.temporaries.push_back(scratch.file("c-" + n + ".tmp"));
        by_hand.targets.push_back(scratch.file("c-" + n + ".dat"));
    }
    durable::write_options options;
    options.durability = opt.durability;
    std::size_t round = 0;
    auto const save_batch = [&] {
        durable_bench::stamp(payload, ++round);
        for(durable::file_write_result const& r : durable::write_files(batch, options))
            if(r.failed())
                throw std::runtime_error("write_files: " + r.error.message());
    };
    std::vector<std::vector<double>> const samples =
        durable_bench::time_sides(static_cast<std::size_t>(opt.rounds), durable_bench::millis,
            {[&] {
                 for(durable::file_write const& f : one_by_one)
                     durable::write_file(f.path, f.bytes, options);
             },
                save_batch, [&] { by_hand.save(payload); }});
    double const single = percentile(samples[0], 0.50);
    double const together = percentile(samples[1], 0.50);
    double const c = percentile(samples[2], 0.50);
    durable_bench::pair_ratio const floor = durable_bench::ratio_of({samples[2], samples[1]});
    std::printf("directory %s\n%ld files of %ld bytes, %ld rounds, durability %s, by hand %s\n",
        scratch.path().c_str(), opt.files, opt.size, opt.rounds,
        durability_names[opt.durability == durable::durability::durable ? 0 : 1],
        !by_hand.sync ? "without syncs" : by_hand.syncfs ? "with one syncfs" : "with a sync per file");
    std::printf("%-40s %12s %12s\n", "", "median (ms)", "p90 (ms)");
    std::printf("%-40s %12.2f %12.2f\n", "write_file, one after another", single, percentile(samples[0], 0.90));
    std::printf("%-40s %12.2f %12.2f\n", "write_files, one batch", together, percentile(samples[1], 0.90));
    std::printf("%-40s %12.2f %12.2f\n", "c, the same batch by hand", c, percentile(samples[2], 0.90));
    std::printf("speed-up over one after another (medians): write_files %.2fx, by hand %.2fx\n", single / together,
        single / c);
    std::printf("write_files / c (ratio of medians, per-round p10-p90): %.2f (%.2f-%.2f)\n", floor.medians,
        floor.p10, floor.p90);
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
