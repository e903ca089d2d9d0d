//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Many files for the price of few flushes: durable::write_files against the
// same files saved by write_file one after another, in rounds that take
// turns (measure.hpp's time_pair). Each save of either side is durable: its
// own data sync, its directory synced after its rename. The batch shares
// the file system's commits by syncing side by side and syncing the
// directory once; the figure is how many times faster that is.
//
// With --durability atomic, both sides skip the syncs (write_options::
// durability): what a batch costs when nothing waits on the disk.
//
// Usage:
//   durable_bench_batch [--files N] [--size BYTES] [--rounds N] [--dir DIR]
//                       [--durability durable|atomic]

#include "measure.hpp"

#include <durable/write_file.hpp>
#include <durable/write_files.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_batch";
char const durable_bench::program_options[] =
    "[--files N] [--size BYTES] [--rounds N] [--dir DIR]\n"
    "                           [--durability durable|atomic]";

namespace {

using durable_bench::percentile;

struct options
{
    long files = 64;
    long size = 4096;
    long rounds = 20;
    std::filesystem::path dir;
    durable::durability durability = durable::durability::durable;
};

constexpr char const* durability_names[] = {"durable", "atomic"};

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
        else if(args.is("--durability"))
            opt.durability = args.choice(durability_names) == 0
                ? durable::durability::durable
                : durable::durability::atomic;
        else
            args.unknown();
    }
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
    for(long i = 0; i < opt.files; ++i)
    {
        one_by_one.push_back({scratch.file("single-" + std::to_string(i) + ".dat"), payload});
        batch.push_back({scratch.file("batch-" + std::to_string(i) + ".dat"), payload});
    }
    durable::write_options options;
    options.durability = opt.durability;
    std::size_t round = 0;
    durable_bench::pair_samples const samples = durable_bench::time_pair(
        static_cast<std::size_t>(opt.rounds), durable_bench::millis,
        [&] {
            for(durable::file_write const& f : one_by_one)
                durable::write_file(f.path, f.bytes, options);
        },
        [&] {
            durable_bench::stamp(payload, ++round);
            for(durable::file_write_result const& r : durable::write_files(batch, options))
                if(r.failed())
                    throw std::runtime_error("write_files: " + r.error.message());
        });
    double const single = percentile(samples.baseline, 0.50);
    double const together = percentile(samples.subject, 0.50);
    std::printf("directory %s\n%ld files of %ld bytes, %ld rounds each way, durability %s\n",
        scratch.path().c_str(), opt.files, opt.size, opt.rounds,
        durability_names[opt.durability == durable::durability::durable ? 0 : 1]);
    std::printf("%-40s %12s %12s\n", "", "median (ms)", "p90 (ms)");
    std::printf("%-40s %12.2f %12.2f\n", "write_file, one after another", single, percentile(samples.baseline, 0.90));
    std::printf("%-40s %12.2f %12.2f\n", "write_files, one batch", together, percentile(samples.subject, 0.90));
    std::printf("speed-up (median one after another / median batch): %.2fx\n", single / together);
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
