//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Latency of one durable save, durable against the least a program can do.
//
// Three ways to replace a file durably are timed, each save from start to
// return, for payloads of 4 KiB and 1 MiB:
//
//   c            the bare sequence written by hand: open, write, fdatasync,
//                close, rename, open the directory, fsync it, close it;
//   write_file   durable::write_file with the default options;
//   atomic_file  durable::atomic_file, written in 64 KiB pieces, commit();
//   glib         GLib's g_file_set_contents_full, consistent and durable: the
//                library most Linux desktop programs save their settings
//                with, as a second baseline (built where CMake finds GLib;
//                ./build.sh bench installs libglib2.0-dev).
//
// The cost of a save is dominated by the two syncs, whose latency wanders
// with the device, its cache, the journal and whatever else the machine
// writes. Running each variant as its own block would measure the disk's
// mood during that block as much as the code, so the variants take turns:
// every iteration saves once with each of them, the first of the turn
// rotating so that none always follows the same other. Each writes its own
// target, so that no variant ever replaces a file another has just written.
//
// Before timing, one untimed round creates every target and lets
// write_file and atomic_file do their once-per-target sweep of orphans;
// so every timed save replaces an existing file, and a run with
// `--iterations 0` does exactly the start-up work of a longer run (for
// subtracting it from `strace -c -f` counts).
//
// Usage:
//   durable_bench_replace [--iterations N] [--dir DIR]
//                         [--only c|write_file|atomic_file|glib] [--size 4k|1m]

#include "measure.hpp"

#include <durable/atomic_file.hpp>
#include <durable/write_file.hpp>

#if defined(DURABLE_BENCH_GLIB)
#include <glib.h>
#endif

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_replace";
char const durable_bench::program_options[] =
    "[--iterations N] [--dir DIR]\n"
    "                             [--only c|write_file|atomic_file|glib] [--size 4k|1m]";

namespace {

namespace fs = std::filesystem;
using durable_bench::all;
using durable_bench::clock_type;
using durable_bench::percentile;
using durable_bench::save_c;
using slot = durable_bench::save_slot; // one variant at one payload size

// atomic_file is fed in pieces of this size, as a program streaming a
// large payload would.
constexpr std::size_t piece_size = 64 * 1024;

// The variants, as indices of the arrays below.
constexpr std::size_t variant_c = 0;
constexpr std::size_t variant_write_file = 1;
constexpr std::size_t variant_atomic_file = 2;

#if defined(DURABLE_BENCH_GLIB)
constexpr std::size_t variant_glib = 3;
constexpr std::array<char const*, 4> variant_names = {"c", "write_file", "atomic_file", "glib"};
#else
constexpr std::array<char const*, 3> variant_names = {"c", "write_file", "atomic_file"};
#endif
constexpr std::size_t variant_count = variant_names.size();

struct payload_size
{
    char const* name;
    char const* label;
    std::size_t bytes;
};

constexpr std::array<payload_size, 2> payload_sizes = {{
    {"4k", "4 KiB", 4 * 1024},
    {"1m", "1 MiB", 1024 * 1024},
}};

void save_write_file(std::string const& target, std::string_view bytes)
{
    durable::write_file(target, bytes);
}

void save_atomic_file(std::string const& target, std::string_view bytes)
{
    durable::atomic_file file(target);
    for(std::size_t at = 0; at < bytes.size(); at += piece_size)
        file.write(bytes.substr(at, piece_size));
    file.commit();
}

#if defined(DURABLE_BENCH_GLIB)
// A temporary file beside the target, its data synced, renamed, and the
// directory synced: GLib's promise of a durable replacement (2.66 and later).
void save_glib(std::string const& target, std::string_view bytes)
{
    GError* error = nullptr;
    auto const flags = static_cast<GFileSetContentsFlags>(G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE);
    if(!g_file_set_contents_full(target.c_str(), bytes.data(), static_cast<gssize>(bytes.size()), flags, 0644, &error))
    {
        // GLib's message names the path and the cause.
        std::fprintf(stderr, "%s: g_file_set_contents_full: %s\n", durable_bench::program_name, error->message);
        std::abort();
    }
}
#endif

struct options
{
    long iterations = 200;
    fs::path dir;
    std::size_t only = all; // a variant, or all
    std::size_t size = all; // an index in payload_sizes, or all
};

options parse_options(int argc, char** argv)
{
    options opt;
    for(durable_bench::command_line args(argc, argv); args.next();)
    {
        if(args.is("--iterations"))
            opt.iterations = args.count();
        else if(args.is("--dir"))
            opt.dir = args.value();
        else if(args.is("--only"))
            opt.only = args.choice(variant_names);
        else if(args.is("--size"))
            opt.size = args.choice(payload_sizes);
        else
            args.unknown();
    }
    return opt;
}

void print_table(
    payload_size const& size, std::array<slot, variant_count> const& slots,
    std::array<bool, variant_count> const& active, long iterations)
{
    std::printf("\npayload %s, %ld saves per variant\n", size.label, iterations);
    std::printf("%-12s %12s %12s %10s %10s\n",
        "variant", "median (us)", "p99 (us)", "median/c", "p99/c");
    double base_median = 0;
    double base_p99 = 0;
    if(active[variant_c])
    {
        base_median = percentile(slots[variant_c].micros, 0.50);
        base_p99 = percentile(slots[variant_c].micros, 0.99);
    }
    for(std::size_t v = 0; v < variant_count; ++v)
    {
        if(!active[v])
            continue;
        double const median = percentile(slots[v].micros, 0.50);
        double const p99 = percentile(slots[v].micros, 0.99);
        if(active[variant_c])
            std::printf("%-12s %12.1f %12.1f %10.2f %10.2f\n",
                variant_names[v], median, p99, median / base_median, p99 / base_p99);
        else
            std::printf("%-12s %12.1f %12.1f %10s %10s\n",
                variant_names[v], median, p99, "-", "-");
    }
}

int run(options const& opt)
{
    durable_bench::scratch_directory scratch(opt.dir);
    fs::path const& dir = scratch.path();

    std::array<bool, variant_count> active{};
    for(std::size_t v = 0; v < variant_count; ++v)
        active[v] = opt.only == all || opt.only == v;

    std::vector<std::string> payloads;
    std::vector<std::array<slot, variant_count>> slots;
    std::vector<payload_size> sizes;
    for(std::size_t s = 0; s < payload_sizes.size(); ++s)
    {
        if(opt.size != all && opt.size != s)
            continue;
        payload_size const& size = payload_sizes[s];
        sizes.push_back(size);
        payloads.push_back(durable_bench::make_payload(size.bytes));
        std::array<slot, variant_count> row;
        for(std::size_t v = 0; v < variant_count; ++v)
            row[v] = slot(scratch, std::string(variant_names[v]) + "-" + size.name,
                static_cast<std::size_t>(opt.iterations));
        slots.push_back(std::move(row));
    }

    std::string const dir_string = dir.string();
    auto save = [&](std::size_t v, slot const& where, std::string_view bytes)
    {
        switch(v)
        {
        case variant_c:
            save_c(dir_string, where.tmp, where.target, bytes);
            break;
        case variant_write_file:
            save_write_file(where.target, bytes);
            break;
        case variant_atomic_file:
            save_atomic_file(where.target, bytes);
            break;
#if defined(DURABLE_BENCH_GLIB)
        case variant_glib:
            save_glib(where.target, bytes);
            break;
#endif
        }
    };

    // The untimed round: creates the targets (so that the timed saves all
    // replace a file, as a program saving its state does) and runs the
    // library's once-per-target orphan sweep.
    for(std::size_t s = 0; s < sizes.size(); ++s)
        for(std::size_t v = 0; v < variant_count; ++v)
            if(active[v])
                save(v, slots[s][v], payloads[s]);

    for(std::size_t i = 0; i < static_cast<std::size_t>(opt.iterations); ++i)
    {
        for(std::size_t s = 0; s < sizes.size(); ++s)
        {
            std::string& payload = payloads[s];
            durable_bench::stamp(payload, i);

            for(std::size_t k = 0; k < variant_count; ++k)
            {
                std::size_t const v = (i + k) % variant_count;
                if(!active[v])
                    continue;
                slot& where = slots[s][v];
                auto const start = clock_type::now();
                save(v, where, payload);
                auto const stop = clock_type::now();
                where.micros.push_back(durable_bench::micros(stop - start));
            }
        }
    }

    std::printf("directory %s\n", dir_string.c_str());
    if(opt.iterations > 0)
        for(std::size_t s = 0; s < sizes.size(); ++s)
            print_table(sizes[s], slots[s], active, opt.iterations);

    // Remove what we made, and only that, when the directory was given.
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
