//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What config_file<T>::async_save(T value, token) costs the thread that
// calls it, and how many writes and renders a stream of saves makes: the
// figures of issue 14, each printed with the target it is meant to meet.
// The configuration is app_config (app_config.hpp) at two sizes: about
// 4 KiB (make_small_app_config()) and about 1 MiB
// (make_app_config() whole, as durable_bench_config saves it); the
// program prints the bytes each saves to. Nothing here asserts a timing: the
// figures depend on the disk, the kernel and the machine's other work.
//
//   caller-cost  the time of the call file.async_save(std::move(value),
//                handler) on the calling thread, and nothing else: the
//                value (a copy of the config, its revision changed so that
//                every save differs) is built beforehand, outside the timed
//                part, and moved in. The calls run flat out with no commit
//                delay, so that a write is nearly always in flight and
//                nearly every save coalesces (the table shows saves per
//                write). Values are prepared in batches (64 at 4 KiB, 16 at
//                1 MiB, which bounds the memory they take); a batch is then
//                saved back to back. Each call is timed on its own, with two
//                steady_clock reads: a read costs some tens of nanoseconds
//                (the table's heading gives the cost measured at the start),
//                about one per cent of the 5 us target, and timing calls one
//                by one is what gives a p99 and a maximum; the groups of
//                durable_bench_async's save-cost, made for figures of
//                100 ns, where a clock read is a third of the figure, would
//                hide both. The figures include the
//                move of the value into the saved type (typed_config, the
//                configuration and a counter of renders).
//
//   writes       async_save flat out from one thread for --seconds at each
//                size, with commit_delay 0 and 1 s, each save a copy of the
//                config made in the loop (the copy is in saves/s, as a
//                program copying its config to save it pays it). writes
//                counts the renames onto the file: config_file has no
//                write count and the library's API is not changed for a
//                benchmark, so the file system of options.saving.fs is a
//                posix_file_system wrapped in a counter of renames (one per
//                write; there is no backup). renders counts the conversions
//                of typed_config's render_count member, one per render.
//                Both are read after the flush that ends the run, so that
//                both count its last write; the untimed first save of each
//                file is not counted. A save renders only what it writes,
//                on the blocking executor: renders <= writes (before lazy
//                rendering, renders == saves).
//
// Completions run on an io_context of their own thread, which also runs
// the commit delay's timer; the saves come from the main thread, as
// config_file allows. A pending async_save holds its value until its write
// is durable: with the 1 s delay at 1 MiB, a second of saves is in memory.
//
// Before timing, every file is saved once untimed with save(): the timed
// saves all replace an existing file, and the library's once-per-target
// orphan sweep and the start of its thread pool are not in any figure.
//
// Usage:
//   durable_bench_typed [--seconds S] [--dir DIR] [--only caller-cost|writes]
//
//   --seconds  seconds of each run: caller-cost runs once per size, writes
//              once per size and delay (default 2)

#include "app_config.hpp"
#include "measure.hpp"

#include <durable/config_file.hpp>
#include <durable/config_problem.hpp>
#include <durable/file_system.hpp>
#include <durable/posix_file_system.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/error_code.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_typed";
char const durable_bench::program_options[] = "[--seconds S] [--dir DIR] [--only caller-cost|writes]";

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using durable_bench::all;
using durable_bench::app_config;
using durable_bench::clock_type;
using durable_bench::micros;
using durable_bench::percentile;
using durable_bench::seconds;
using durable_bench::verdict;

// The parts, in the order they run (see `parts` in run()).
constexpr std::size_t part_count = 2;

constexpr std::array<char const*, part_count> part_names = {"caller-cost", "writes"};

// The targets of issue 14.
constexpr double target_caller_us = 5; // async_save() median on the caller, below
// renders <= writes: a count, no constant.

// A member that counts the renders of the value it is in: Boost.JSON
// converts it once per render, on whichever thread renders. It saves as
// null, and loads from it.
struct render_count
{
};

std::atomic<std::uint64_t> render_calls{0};

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, render_count)
{
    render_calls.fetch_add(1, std::memory_order_relaxed);
    v = nullptr;
}

render_count tag_invoke(boost::json::value_to_tag<render_count>, boost::json::value const&)
{
    return {};
}

// What the benchmark saves: the configuration and the counter of renders.
struct typed_config
{
    app_config config;
    render_count rendered;
};
BOOST_DESCRIBE_STRUCT(typed_config, (), (config, rendered))

// The two sizes of issue 14.
constexpr std::size_t size_small = 0;
constexpr std::size_t size_large = 1;
constexpr std::size_t size_count = 2;

constexpr std::array<char const*, size_count> size_names = {"4 KiB", "1 MiB"};

// Values prepared before a batch of timed calls in `caller-cost`: many, so
// that the saves of a batch coalesce; few at 1 MiB, where each is some MiB
// of memory and holds it until its write is durable.
constexpr std::array<std::size_t, size_count> batch_sizes = {64, 16};

// The commit delays of `writes`.
constexpr std::array<clock_type::duration, 2> commit_delays = {0s, 1s};

struct options
{
    long seconds = 2;
    fs::path dir;
    std::size_t only = all; // a part, or all
};

options parse_options(int argc, char** argv)
{
    options opt;
    for(durable_bench::command_line args(argc, argv); args.next();)
    {
        if(args.is("--seconds"))
            opt.seconds = args.count();
        else if(args.is("--dir"))
            opt.dir = args.value();
        else if(args.is("--only"))
            opt.only = args.choice(part_names);
        else
            args.unknown();
    }
    return opt;
}

// The configuration at each size, the same on every run.
app_config make_config(std::size_t size)
{
    return size == size_large ? durable_bench::make_app_config() : durable_bench::make_small_app_config();
}

// The operating system's file system, counting the renames onto the
// file: one per write, since no backup is kept. Safe from any thread, as
// a file_system must be.
class counting_file_system final : public durable::file_system
{
public:
    std::uint64_t renames() const noexcept { return renames_.load(std::memory_order_relaxed); }

    durable::native_handle open_directory(fs::path const& dir, boost::system::error_code& ec) override
    {
        return os_.open_directory(dir, ec);
    }
    durable::native_handle open_directory(
        durable::native_handle dir, std::string const& name, boost::system::error_code& ec) override
    {
        return os_.open_directory(dir, name, ec);
    }
    durable::native_handle create_file(
        durable::native_handle dir, std::string const& name, unsigned mode,
        durable::attribute_list const& attributes, boost::system::error_code& ec) override
    {
        return os_.create_file(dir, name, mode, attributes, ec);
    }
    std::size_t write(
        durable::native_handle file, void const* data, std::size_t size,
        boost::system::error_code& ec) override
    {
        return os_.write(file, data, size, ec);
    }
    void change_owner(
        durable::native_handle file, std::uint32_t uid, std::uint32_t gid,
        boost::system::error_code& ec) override
    {
        os_.change_owner(file, uid, gid, ec);
    }
    void change_mode(durable::native_handle file, unsigned mode, boost::system::error_code& ec) override
    {
        os_.change_mode(file, mode, ec);
    }
    void sync_data(durable::native_handle file, boost::system::error_code& ec) override
    {
        os_.sync_data(file, ec);
    }
    void sync_directory(durable::native_handle dir, boost::system::error_code& ec) override
    {
        os_.sync_directory(dir, ec);
    }
    void close(durable::native_handle handle, boost::system::error_code& ec) override
    {
        os_.close(handle, ec);
    }
    void rename(
        durable::native_handle dir, std::string const& from, std::string const& to,
        boost::system::error_code& ec) override
    {
        os_.rename(dir, from, to, ec);
        if(!ec)
            renames_.fetch_add(1, std::memory_order_relaxed);
    }
    void unlink(durable::native_handle dir, std::string const& name, boost::system::error_code& ec) override
    {
        os_.unlink(dir, name, ec);
    }
    durable::file_status status(
        durable::native_handle dir, std::string const& name, boost::system::error_code& ec) override
    {
        return os_.status(dir, name, ec);
    }
    durable::file_status status(durable::native_handle file, boost::system::error_code& ec) override
    {
        return os_.status(file, ec);
    }
    fs::path read_link(
        durable::native_handle dir, std::string const& name, boost::system::error_code& ec) override
    {
        return os_.read_link(dir, name, ec);
    }
    std::string read_file(
        durable::native_handle dir, std::string const& name, std::uint64_t limit,
        durable::file_status& opened, boost::system::error_code& ec) override
    {
        return os_.read_file(dir, name, limit, opened, ec);
    }
    std::vector<std::string> list_attributes(
        durable::native_handle dir, std::string const& name, boost::system::error_code& ec) override
    {
        return os_.list_attributes(dir, name, ec);
    }
    std::string read_attribute(
        durable::native_handle dir, std::string const& name, std::string const& attribute,
        boost::system::error_code& ec) override
    {
        return os_.read_attribute(dir, name, attribute, ec);
    }
    std::string read_attribute(
        durable::native_handle file, std::string const& attribute, boost::system::error_code& ec) override
    {
        return os_.read_attribute(file, attribute, ec);
    }
    void write_attribute(
        durable::native_handle file, std::string const& attribute, std::string const& value,
        boost::system::error_code& ec) override
    {
        os_.write_attribute(file, attribute, value, ec);
    }
    void remove_attribute(
        durable::native_handle file, std::string const& attribute, boost::system::error_code& ec) override
    {
        os_.remove_attribute(file, attribute, ec);
    }
    std::vector<std::string> list_directory(durable::native_handle dir, boost::system::error_code& ec) override
    {
        return os_.list_directory(dir, ec);
    }

private:
    durable::posix_file_system os_;
    std::atomic<std::uint64_t> renames_{0};
};

// A typed file and what its saves did: renders (of render_count), writes
// (renames) and completions. Its saves come from this thread; completions
// and the commit delay run on `io`, which another thread runs.
class probed_file
{
public:
    probed_file(asio::io_context& io, std::string const& path, clock_type::duration commit_delay)
        : file_(io, path, make_options(commit_delay))
    {
    }

    probed_file(probed_file const&) = delete;
    probed_file& operator=(probed_file const&) = delete;

    // The untimed first save, and the counts from after it.
    void save_first(app_config const& value)
    {
        file_.save(typed_config{value, {}});
        first_renders_ = render_calls.load();
        first_writes_ = fs_.renames();
    }

    // Inline, as a program's call is: the timed part of `caller-cost`.
    void async_save(app_config&& value)
    {
        file_.async_save(typed_config{std::move(value), {}}, [done = done_](std::exception_ptr error) {
            if(error)
                done->failed.fetch_add(1, std::memory_order_relaxed);
            done->completed.fetch_add(1, std::memory_order_release);
        });
        ++saves_;
    }

    // Every save durable, every completion run; throws if one failed.
    void finish()
    {
        file_.flush();
        // The handlers of the last write may still be on their way to `io`.
        while(done_->completed.load(std::memory_order_acquire) < saves_)
            std::this_thread::sleep_for(1ms);
        if(done_->failed.load() > 0)
            throw std::runtime_error(std::to_string(done_->failed.load()) + " saves of " +
                file_.path().string() + " failed");
    }

    std::uint64_t saves() const noexcept { return saves_; }
    std::uint64_t renders() const noexcept { return render_calls.load() - first_renders_; }
    std::uint64_t writes() const noexcept { return fs_.renames() - first_writes_; }

private:
    durable::config_options<typed_config> make_options(clock_type::duration commit_delay)
    {
        durable::config_options<typed_config> o;
        o.saving.commit_delay = commit_delay;
        o.saving.fs = &fs_;
        return o;
    }

    // Before file_, which uses them until its destructor returns.
    counting_file_system fs_;
    // Shared with the handlers: after a failed flush, some may still run
    // when this object is gone.
    struct completions
    {
        std::atomic<std::uint64_t> completed{0};
        std::atomic<std::uint64_t> failed{0};
    };
    std::shared_ptr<completions> done_ = std::make_shared<completions>();
    std::uint64_t saves_ = 0; // this thread's alone
    std::uint64_t first_renders_ = 0;
    std::uint64_t first_writes_ = 0;
    durable::config_file<typed_config> file_;
};

// What the configurations are, once: their saved size in bytes.
struct workload
{
    std::array<app_config, size_count> configs;
    std::array<std::uintmax_t, size_count> bytes{};
};

//
// caller-cost
//

// The cost of one steady_clock read, for the heading of the table.
double clock_read_ns()
{
    constexpr std::size_t reads = 1'000'000;
    auto const start = clock_type::now();
    auto last = start;
    for(std::size_t i = 0; i < reads; ++i)
        last = clock_type::now();
    return durable_bench::nanos(last - start) / reads;
}

struct caller_result
{
    std::vector<double> micros;
    std::uint64_t saves = 0;
    std::uint64_t writes = 0;
};

caller_result time_calls(durable_bench::scratch_directory& scratch, asio::io_context& io,
    workload const& work, std::size_t size, clock_type::duration length)
{
    app_config const& config = work.configs[size];
    probed_file file(io, scratch.file(std::string("caller-cost-") + std::to_string(size) + ".json"), 0s);
    file.save_first(config);

    std::vector<app_config> prepared(batch_sizes[size]);
    caller_result result;
    std::uint32_t revision = config.revision;
    auto const start = clock_type::now();
    auto now = start;
    while(now - start < length)
    {
        // Untimed: the values a program would have built anyway; assigning
        // over a moved-from value allocates as a copy does.
        for(app_config& value : prepared)
        {
            value = config;
            value.revision = ++revision;
        }
        for(app_config& value : prepared)
        {
            auto const call_start = clock_type::now();
            file.async_save(std::move(value));
            now = clock_type::now();
            result.micros.push_back(micros(now - call_start));
        }
    }
    file.finish();
    result.saves = file.saves();
    result.writes = file.writes();
    return result;
}

void measure_caller_cost(durable_bench::scratch_directory& scratch, asio::io_context& io,
    workload const& work, options const& opt)
{
    double const clock_ns = clock_read_ns();
    std::array<caller_result, size_count> results;
    for(std::size_t size = 0; size < size_count; ++size)
        results[size] = time_calls(scratch, io, work, size, std::chrono::seconds(opt.seconds));

    std::printf("\n1. caller-cost: file.async_save(std::move(value), handler) on one thread, the\n"
                "   value built beforehand (untimed) and moved in; commit_delay 0, flat out for %ld s\n"
                "   per size, in batches of %zu (4 KiB) and %zu (1 MiB) prepared values; each call\n"
                "   timed on its own (a steady_clock read costs %.0f ns)\n",
        opt.seconds, batch_sizes[size_small], batch_sizes[size_large], clock_ns);
    if(opt.seconds == 0)
        return;
    std::printf("%-6s %9s %8s %12s %10s %10s %8s %12s\n",
        "size", "bytes", "saves", "median (us)", "p99 (us)", "max (us)", "writes", "saves/write");
    for(std::size_t size = 0; size < size_count; ++size)
    {
        caller_result const& r = results[size];
        std::printf("%-6s %9ju %8llu %12.2f %10.2f %10.2f %8llu %12.1f\n",
            size_names[size], work.bytes[size], static_cast<unsigned long long>(r.saves),
            percentile(r.micros, 0.50), percentile(r.micros, 0.99),
            *std::max_element(r.micros.begin(), r.micros.end()),
            static_cast<unsigned long long>(r.writes),
            r.writes > 0 ? static_cast<double>(r.saves) / static_cast<double>(r.writes) : 0.0);
    }
    for(std::size_t size = 0; size < size_count; ++size)
    {
        double const median = percentile(results[size].micros, 0.50);
        std::printf("target: median < %.0f us on the caller (%s): %.2f, %s\n",
            target_caller_us, size_names[size], median, verdict(median < target_caller_us));
    }
}

//
// writes
//

struct writes_result
{
    std::uint64_t saves = 0;
    std::uint64_t writes = 0;
    std::uint64_t renders = 0;
    double elapsed = 0; // seconds of saving, without the final flush
};

writes_result count_writes(durable_bench::scratch_directory& scratch, asio::io_context& io,
    workload const& work, std::size_t size, clock_type::duration delay, clock_type::duration length)
{
    app_config const& config = work.configs[size];
    long long const delay_ms = std::chrono::duration_cast<std::chrono::milliseconds>(delay).count();
    probed_file file(io,
        scratch.file("writes-" + std::to_string(size) + "-" + std::to_string(delay_ms) + "ms.json"), delay);
    file.save_first(config);

    app_config value = config;
    auto const start = clock_type::now();
    auto now = start;
    while(now - start < length)
    {
        ++value.revision;
        // A copy, as a program keeping its config saves it.
        file.async_save(app_config(value));
        now = clock_type::now();
    }
    file.finish();
    return {file.saves(), file.writes(), file.renders(), seconds(now - start)};
}

void measure_writes(durable_bench::scratch_directory& scratch, asio::io_context& io,
    workload const& work, options const& opt)
{
    std::array<std::array<writes_result, commit_delays.size()>, size_count> results;
    for(std::size_t size = 0; size < size_count; ++size)
        for(std::size_t d = 0; d < commit_delays.size(); ++d)
            results[size][d] = count_writes(
                scratch, io, work, size, commit_delays[d], std::chrono::seconds(opt.seconds));

    std::printf("\n2. writes: async_save of a copy of the config, flat out from one thread for %ld s\n"
                "   per size and commit delay (the copy is in saves/s); writes are renames onto the\n"
                "   file, renders conversions of a counting member, both counted after the final flush\n",
        opt.seconds);
    if(opt.seconds == 0)
        return;
    std::printf("%-6s %6s %8s %10s %8s %9s %8s %12s %13s\n",
        "size", "delay", "saves", "saves/s", "writes", "writes/s", "renders", "saves/write",
        "renders/write");
    for(std::size_t size = 0; size < size_count; ++size)
    {
        for(std::size_t d = 0; d < commit_delays.size(); ++d)
        {
            writes_result const& r = results[size][d];
            double const writes = static_cast<double>(r.writes);
            std::printf("%-6s %5.0fs %8llu %10.0f %8llu %9.1f %8llu %12.1f %13.1f\n",
                size_names[size], seconds(commit_delays[d]), static_cast<unsigned long long>(r.saves),
                static_cast<double>(r.saves) / r.elapsed, static_cast<unsigned long long>(r.writes),
                writes / r.elapsed, static_cast<unsigned long long>(r.renders),
                r.writes > 0 ? static_cast<double>(r.saves) / writes : 0.0,
                r.writes > 0 ? static_cast<double>(r.renders) / writes : 0.0);
        }
    }
    for(std::size_t size = 0; size < size_count; ++size)
    {
        for(std::size_t d = 0; d < commit_delays.size(); ++d)
        {
            writes_result const& r = results[size][d];
            std::printf("target: renders <= writes (%s, delay %.0f s): %llu <= %llu, %s\n",
                size_names[size], seconds(commit_delays[d]), static_cast<unsigned long long>(r.renders),
                static_cast<unsigned long long>(r.writes), verdict(r.renders <= r.writes));
        }
    }
}

int run(options const& opt)
{
    durable_bench::scratch_directory scratch(opt.dir);
    std::printf("directory %s\n", scratch.path().c_str());

    // Completions and the commit delay, on a thread of their own.
    asio::io_context io;
    auto guard = asio::make_work_guard(io);
    std::thread loop([&io] { io.run(); });

    workload work;
    for(std::size_t size = 0; size < size_count; ++size)
    {
        work.configs[size] = make_config(size);
        std::string const path = scratch.file(std::string("size-") + size_names[size][0] + ".json");
        durable::config_file<typed_config> file(io, path);
        file.save(typed_config{work.configs[size], {}});
        work.bytes[size] = fs::file_size(path);
        std::printf("config %s: %ju bytes, %zu services, %zu users, %zu counters\n",
            size_names[size], work.bytes[size], work.configs[size].services.size(),
            work.configs[size].users.size(), work.configs[size].counters.size());
    }
    std::fflush(stdout);

    // In the order of part_names.
    using measure = void (*)(durable_bench::scratch_directory&, asio::io_context&, workload const&,
        options const&);
    constexpr std::array<measure, part_count> parts = {measure_caller_cost, measure_writes};
    std::exception_ptr failure;
    try
    {
        for(std::size_t p = 0; p < part_count; ++p)
        {
            if(opt.only != all && opt.only != p)
                continue;
            parts[p](scratch, io, work, opt);
            // A part's table as soon as it is done.
            std::fflush(stdout);
        }
    }
    catch(...)
    {
        failure = std::current_exception();
    }
    guard.reset();
    loop.join();
    if(failure)
        std::rethrow_exception(failure);

    // Remove what we made, and only that, when the directory was given.
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
