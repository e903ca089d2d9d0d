//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What saving asynchronously costs, and what it buys: the four figures of
// issue 3, each printed with the target it is meant to meet. Nothing here
// asserts a timing: the figures depend on the disk, the kernel and the
// machine's other work, and a benchmark that fails on a slow day teaches
// nothing a table does not.
//
//   latency     one 4 KiB save, from the call to its return, by the
//               hand-written sequence (c, as in durable_bench_replace),
//               durable::write_file, and co_await durable::async_write_file
//               from a coroutine on an io_context that this thread runs,
//               timed from the call to the coroutine's resumption: the
//               price of the hop to the blocking executor and back. As in
//               durable_bench_replace, the variants take turns, so that the
//               disk's mood weighs on all of them alike.
//
//   timer       what saving does to the event loop it is started from: a
//               1 ms steady_timer, re-armed at absolute deadlines (start +
//               k ms), so that the loop's own work never shifts the
//               schedule: each tick's lateness (wake-up minus deadline) is
//               measured against where it should have been, and a stall
//               longer than a period makes every tick it swallowed late.
//               Three runs on a fresh io_context each: nothing else on the
//               loop (the baseline), a coroutine saving back to back with
//               async_write_file, and one saving through a saver (save()
//               then co_await async_flush()). They take turns a second at a
//               time, as the variants of `latency` do.
//
//   save-cost   what saver::save() costs the calling thread while a write
//               is always in flight, so that nearly every save coalesces.
//               save() takes its string by value: the caller moves a string
//               built beforehand into it, so that the figure is the save and
//               not the building of 4 KiB. The calls are timed in groups of
//               64 (two clock reads per group, not per call: a clock read
//               costs a sizeable part of what is measured), and the time of
//               a group divided by 64 is one sample.
//
//   concurrent  64 different files, each saved with async_write_file on the
//               default blocking executor: all 64 in flight at once, against
//               one after another (each awaited before the next starts). The
//               two ways take turns round by round, as the variants of
//               `latency` do.
//
// Before timing, every target is saved once untimed: the timed saves all
// replace an existing file, and the library's once-per-target orphan sweep
// and the start of its thread pool are not in any figure.
//
// Usage:
//   durable_bench_async [--iterations N] [--rounds N] [--seconds S] [--dir DIR]
//                       [--only latency|timer|save-cost|concurrent]
//
//   --iterations  timed saves per variant in `latency` (default 6000)
//   --rounds      rounds of 64 saves each way in `concurrent` (default 150)
//   --seconds     seconds of each of the three `timer` runs; `save-cost`
//                 runs half as long (default 4)

#include "event_loop.hpp"
#include "measure.hpp"

#include <durable/async_write_file.hpp>
#include <durable/saver.hpp>
#include <durable/write_file.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_async";
char const durable_bench::program_options[] =
    "[--iterations N] [--rounds N] [--seconds S] [--dir DIR]\n"
    "                           [--only latency|timer|save-cost|concurrent]";

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using durable_bench::all;
using durable_bench::clock_type;
using durable_bench::micros;
using durable_bench::percentile;
using durable_bench::save_c;
using durable_bench::spawn;
using slot = durable_bench::save_slot;
using durable_bench::seconds;
using durable_bench::stamp;
using durable_bench::verdict;

// Issue 3 asks about small saves: a settings file, a checkpoint.
constexpr std::size_t payload_bytes = 4 * 1024;

// The parts, in the order they run (see `parts` in run()).
constexpr std::size_t part_count = 4;

constexpr std::array<char const*, part_count> part_names = {
    "latency", "timer", "save-cost", "concurrent"};

// The targets of issue 3.
constexpr double target_async_ratio = 1.10; // async median / c median, at most
constexpr double target_timer_p99_us = 200; // timer lateness p99 while saving, below
constexpr double target_save_ns = 200;      // saver::save() median, below
constexpr double target_concurrency = 1.8;  // concurrent / one-by-one throughput, at least

// The timer of `timer`: the period of a frame-rate or heartbeat timer.
constexpr auto tick_period = 1ms;

// How long each run of `timer` lasts before the next takes its turn.
constexpr auto timer_slice = 1s;

// save() calls timed together in `save-cost`.
constexpr std::size_t save_group = 64;

// Files saved at once in `concurrent`: many times the 8 threads of the
// default blocking executor, so that the pool, not the caller, limits the
// concurrency.
constexpr std::size_t concurrent_files = 64;

// Defaults for about 40 s on a VM disk whose fdatasync takes half a
// millisecond or so; most of it is `latency` and `timer`.
using options = durable_bench::loop_options;

options parse_options(int argc, char** argv)
{
    return durable_bench::parse_loop_options(argc, argv, {6000, 150, 4, {}, all}, part_names);
}

//
// latency
//

constexpr std::size_t variant_c = 0;
constexpr std::size_t variant_write_file = 1;
constexpr std::size_t variant_async = 2;
constexpr std::size_t variant_count = 3;

constexpr std::array<char const*, variant_count> variant_names = {
    "c", "write_file", "async_write_file"};

// Round 0 is the untimed one. Every variant runs on this coroutine, so the
// synchronous ones block the io_context's thread as they would in a
// program; nothing else runs on it meanwhile.
asio::awaitable<void> time_saves(
    std::string dir, std::array<slot, variant_count>& slots, std::size_t iterations)
{
    auto const ex = co_await asio::this_coro::executor;
    std::string payload = durable_bench::make_payload(payload_bytes);
    for(std::size_t i = 0; i <= iterations; ++i)
    {
        stamp(payload, i);
        for(std::size_t k = 0; k < variant_count; ++k)
        {
            std::size_t const v = (i + k) % variant_count;
            slot& where = slots[v];
            auto const start = clock_type::now();
            switch(v)
            {
            case variant_c:
                save_c(dir, where.tmp, where.target, payload);
                break;
            case variant_write_file:
                durable::write_file(where.target, payload);
                break;
            case variant_async:
                // The copy of the path and the bytes is in the time: a
                // caller pays it.
                co_await durable::async_write_file(
                    ex, where.target, payload, {}, asio::use_awaitable);
                break;
            }
            auto const stop = clock_type::now();
            if(i > 0)
                where.micros.push_back(micros(stop - start));
        }
    }
}

void measure_latency(durable_bench::scratch_directory& scratch, options const& opt)
{
    std::array<slot, variant_count> slots;
    for(std::size_t v = 0; v < variant_count; ++v)
        slots[v] = slot(scratch, std::string("latency-") + variant_names[v],
            static_cast<std::size_t>(opt.iterations));

    asio::io_context io;
    spawn(io, time_saves(scratch.path().string(), slots, static_cast<std::size_t>(opt.iterations)));
    io.run();

    std::printf("\n1. latency: one save of %zu KiB, from the call to its return (for\n"
                "   async_write_file: to the coroutine's resumption); %ld saves each, interleaved\n",
        payload_bytes / 1024, opt.iterations);
    if(opt.iterations == 0)
        return;
    std::printf("%-18s %12s %12s %10s %10s\n",
        "variant", "median (us)", "p99 (us)", "median/c", "p99/c");
    double const base_median = percentile(slots[variant_c].micros, 0.50);
    double const base_p99 = percentile(slots[variant_c].micros, 0.99);
    for(std::size_t v = 0; v < variant_count; ++v)
    {
        double const median = percentile(slots[v].micros, 0.50);
        double const p99 = percentile(slots[v].micros, 0.99);
        std::printf("%-18s %12.1f %12.1f %10.2f %10.2f\n",
            variant_names[v], median, p99, median / base_median, p99 / base_p99);
    }
    double const ratio = percentile(slots[variant_async].micros, 0.50) / base_median;
    std::printf("target: async_write_file median <= %.2f x c: %.3f, %s\n",
        target_async_ratio, ratio, verdict(ratio <= target_async_ratio));
}

//
// timer
//

// The timer of a run, then the savers told to stop.
asio::awaitable<void> tick_then_stop(std::vector<double>& lateness, bool& stop)
{
    co_await durable_bench::tick(timer_slice, tick_period, lateness);
    stop = true;
}

asio::awaitable<void> save_back_to_back(
    std::string const& target, bool const& stop, std::uint64_t& saves)
{
    auto const ex = co_await asio::this_coro::executor;
    std::string payload = durable_bench::make_payload(payload_bytes);
    while(!stop)
    {
        stamp(payload, saves);
        co_await durable::async_write_file(ex, target, payload, {}, asio::use_awaitable);
        ++saves;
    }
}

// Each save is flushed before the next: a saver that only ever coalesced
// would write less often than async_write_file, and the two runs would not
// load the loop alike.
asio::awaitable<void> save_through_saver(
    durable::saver& saver, bool const& stop, std::uint64_t& saves)
{
    std::string payload = durable_bench::make_payload(payload_bytes);
    while(!stop)
    {
        stamp(payload, saves);
        saver.save(payload);
        co_await saver.async_flush(asio::use_awaitable);
        ++saves;
    }
}

constexpr std::size_t load_none = 0;
constexpr std::size_t load_async = 1;
constexpr std::size_t load_saver = 2;
constexpr std::size_t load_count = 3;

constexpr std::array<char const*, load_count> load_names = {
    "no saving", "async_write_file", "saver"};

void measure_timer(durable_bench::scratch_directory& scratch, options const& opt)
{
    std::string const async_target = scratch.file("timer-async_write_file.dat");
    std::string const saver_target = scratch.file("timer-saver.dat");
    // The untimed first saves.
    std::string const payload = durable_bench::make_payload(payload_bytes);
    durable::write_file(async_target, payload);
    durable::write_file(saver_target, payload);

    // The runs take turns, a second at a time, the first of the turn
    // rotating: the machine's other work, which a timer feels at once,
    // then weighs on the three alike.
    std::array<std::vector<double>, load_count> lateness;
    std::array<std::uint64_t, load_count> saves{};
    for(std::size_t second = 0; second < static_cast<std::size_t>(opt.seconds); ++second)
    {
        for(std::size_t k = 0; k < load_count; ++k)
        {
            std::size_t const load = (second + k) % load_count;
            // A fresh loop each time: nothing left over from the last.
            asio::io_context io;
            std::optional<durable::saver> saver;
            bool stop = false;
            if(load == load_async)
            {
                spawn(io, save_back_to_back(async_target, stop, saves[load]));
            }
            else if(load == load_saver)
            {
                saver.emplace(io, saver_target);
                spawn(io, save_through_saver(*saver, stop, saves[load]));
            }
            spawn(io, tick_then_stop(lateness[load], stop));
            io.run();
        }
    }

    std::printf("\n2. timer: lateness of a %lld ms steady_timer re-armed at absolute deadlines,\n"
                "   while a coroutine on the same io_context saves %zu KiB back to back; %ld s per run,\n"
                "   the runs taking turns a second at a time\n",
        static_cast<long long>(tick_period.count()), payload_bytes / 1024, opt.seconds);
    if(lateness[load_none].empty())
        return;
    std::printf("%-18s %8s %10s %10s %10s %10s\n",
        "saving", "ticks", "p50 (us)", "p99 (us)", "max (us)", "saves/s");
    for(std::size_t load = 0; load < load_count; ++load)
    {
        std::vector<double> const& l = lateness[load];
        std::printf("%-18s %8zu %10.1f %10.1f %10.1f %10.0f\n",
            load_names[load], l.size(), percentile(l, 0.50), percentile(l, 0.99),
            *std::max_element(l.begin(), l.end()),
            static_cast<double>(saves[load]) / static_cast<double>(opt.seconds));
    }
    for(std::size_t load : {load_async, load_saver})
    {
        double const p99 = percentile(lateness[load], 0.99);
        std::printf("target: p99 lateness while saving (%s) < %.0f us: %.1f, %s\n",
            load_names[load], target_timer_p99_us, p99, verdict(p99 < target_timer_p99_us));
    }
}

//
// save-cost
//

void measure_save_cost(durable_bench::scratch_directory& scratch, options const& opt)
{
    // Half the length of a timer run: long enough for many writes, and
    // a saver writing flat out for longer only wears the disk.
    auto const length = std::chrono::duration_cast<clock_type::duration>(
        std::chrono::duration<double>(static_cast<double>(opt.seconds) / 2));
    std::string const target = scratch.file("save-cost.dat");
    std::string const payload = durable_bench::make_payload(payload_bytes);
    durable::write_file(target, payload);

    // The saver's executor receives nothing here (no commit delay, no
    // async_flush): the loop need not run, and this thread is the caller.
    asio::io_context io;
    durable::saver saver(io, target);
    std::vector<std::string> prepared(save_group);
    std::vector<double> nanos_per_call;
    std::uint64_t saves = 0;
    auto const start = clock_type::now();
    auto now = start;
    while(now - start < length)
    {
        // Untimed: the strings a program would have built anyway.
        for(std::string& s : prepared)
        {
            s = payload;
            stamp(s, saves++);
        }
        auto const group_start = clock_type::now();
        for(std::string& s : prepared)
            saver.save(std::move(s));
        now = clock_type::now();
        nanos_per_call.push_back(durable_bench::nanos(now - group_start) / save_group);
    }
    // Before the flush: the writes made while saving, not the last one.
    std::uint64_t const writes = saver.write_count();
    double const elapsed = seconds(now - start);
    saver.flush();

    std::printf("\n3. save-cost: saver::save() of a prepared %zu KiB string moved in, on one thread,\n"
                "   flat out for %.1f s; timed in groups of %zu calls, a sample is a group's time / %zu\n",
        payload_bytes / 1024, seconds(length), save_group, save_group);
    if(nanos_per_call.empty())
        return;
    std::printf("%10s %12s %12s %10s %10s %12s\n",
        "saves", "median (ns)", "p99 (ns)", "writes", "writes/s", "saves/write");
    double const median = percentile(nanos_per_call, 0.50);
    std::printf("%10llu %12.1f %12.1f %10llu %10.0f %12.0f\n",
        static_cast<unsigned long long>(saves), median, percentile(nanos_per_call, 0.99),
        static_cast<unsigned long long>(writes), static_cast<double>(writes) / elapsed,
        writes > 0 ? static_cast<double>(saves) / static_cast<double>(writes) : 0.0);
    std::printf("target: median < %.0f ns per save: %.1f, %s\n",
        target_save_ns, median, verdict(median < target_save_ns));
}

//
// concurrent
//

// All of `files` at once.
asio::awaitable<void> save_all_at_once(std::vector<std::string> const& files, std::string const& payload)
{
    auto const ex = co_await asio::this_coro::executor;
    boost::system::error_code first_error;
    co_await durable_bench::all_at_once(files.size(), [&](std::size_t i, auto const& done) {
        durable::async_write_file(ex, files[i], payload, {}, [&, done](boost::system::error_code ec) {
            if(ec && !first_error)
                first_error = ec;
            done();
        });
    });
    if(first_error)
        throw boost::system::system_error(first_error, "async_write_file");
}

asio::awaitable<void> save_one_by_one(std::vector<std::string> const& files, std::string const& payload)
{
    auto const ex = co_await asio::this_coro::executor;
    for(std::string const& file : files)
        co_await durable::async_write_file(ex, file, payload, {}, asio::use_awaitable);
}

// Round 0 is the untimed one; then each round saves every file both ways,
// the way that goes first alternating.
asio::awaitable<void> time_rounds(
    std::vector<std::string> const& files, std::size_t rounds,
    clock_type::duration& one_by_one, clock_type::duration& at_once)
{
    std::string payload = durable_bench::make_payload(payload_bytes);
    co_await save_one_by_one(files, payload);
    for(std::size_t round = 1; round <= rounds; ++round)
    {
        for(std::size_t k = 0; k < 2; ++k)
        {
            stamp(payload, 2 * round + k);
            bool const concurrently = (round + k) % 2 == 0;
            auto const start = clock_type::now();
            if(concurrently)
                co_await save_all_at_once(files, payload);
            else
                co_await save_one_by_one(files, payload);
            (concurrently ? at_once : one_by_one) += clock_type::now() - start;
        }
    }
}

void measure_concurrent(durable_bench::scratch_directory& scratch, options const& opt)
{
    std::vector<std::string> files;
    for(std::size_t i = 0; i < concurrent_files; ++i)
        files.push_back(scratch.file("concurrent-" + std::to_string(i) + ".dat"));
    clock_type::duration one_by_one{};
    clock_type::duration at_once{};
    asio::io_context io;
    spawn(io, time_rounds(files, static_cast<std::size_t>(opt.rounds), one_by_one, at_once));
    io.run();

    std::printf("\n4. concurrent: %zu files of %zu KiB saved with async_write_file on the default\n"
                "   blocking executor (8 threads), %ld rounds each way, interleaved; %u CPUs\n",
        concurrent_files, payload_bytes / 1024, opt.rounds, std::thread::hardware_concurrency());
    if(opt.rounds == 0)
        return;
    double const saves = static_cast<double>(concurrent_files * static_cast<std::size_t>(opt.rounds));
    double const serial_rate = saves / seconds(one_by_one);
    double const parallel_rate = saves / seconds(at_once);
    std::printf("%-18s %10s %10s %10s %10s\n", "way", "saves", "seconds", "saves/s", "ratio");
    std::printf("%-18s %10.0f %10.2f %10.0f %10.2f\n",
        "one after another", saves, seconds(one_by_one), serial_rate, 1.0);
    std::printf("%-18s %10.0f %10.2f %10.0f %10.2f\n",
        "all at once", saves, seconds(at_once), parallel_rate, parallel_rate / serial_rate);
    double const ratio = parallel_rate / serial_rate;
    std::printf("target: all at once >= %.1f x one after another: %.2f, %s\n",
        target_concurrency, ratio, verdict(ratio >= target_concurrency));
}

int run(options const& opt)
{
    durable_bench::scratch_directory scratch(opt.dir);
    std::printf("directory %s\n", scratch.path().c_str());
    std::fflush(stdout);

    // In the order of part_names.
    using measure = void (*)(durable_bench::scratch_directory&, options const&);
    constexpr std::array<measure, part_count> parts = {
        measure_latency, measure_timer, measure_save_cost, measure_concurrent};
    for(std::size_t p = 0; p < part_count; ++p)
    {
        if(opt.only != all && opt.only != p)
            continue;
        parts[p](scratch, opt);
        // A part's table as soon as it is done: the whole run is long.
        std::fflush(stdout);
    }

    // Remove what we made, and only that, when the directory was given.
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
