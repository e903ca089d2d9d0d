//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Whether io_uring would pay (issue 19, part 5): one save submitted as a
// single linked io_uring chain, completed through an eventfd on the
// io_context with no thread of ours, against the library's way, a blocking
// job on a thread pool of eight that posts its completion back to the loop.
// Both do the hand-written sequence of measure.hpp (open, write, fdatasync,
// close, rename, open the directory, fsync, close), so the figures are the
// two architectures' and nothing else: what the library's checks cost is
// durable_bench_replace's business. A backend that does not beat the pool
// here, with nothing but the eight calls, cannot beat it with the checks.
//
//   latency     one 4 KiB save from a coroutine on the loop to its
//               resumption: c (save_c inline on the loop: the baseline),
//               pool and uring, taking turns save by save.
//
//   timer       a 1 ms steady_timer re-armed at absolute deadlines, as in
//               durable_bench_async, while a coroutine on the same loop saves
//               back to back by pool or by uring, and with nothing saving;
//               the runs take turns a second at a time. Each run also
//               gives the CPU time (user and system, of every thread of the
//               process, io_uring's workers included: they are threads of
//               the process that owns the ring) per save.
//
//   concurrent  64 files of 4 KiB at once by pool and by uring, against
//               save_c one after another, in rounds that take turns.
//
// The save is two linked chains, each entry linked to the next
// (IOSQE_IO_LINK). The first: openat into a registered file slot, write,
// fdatasync. The second, submitted once the sync has succeeded: close,
// renameat, openat of the directory into a second slot, fsync, close. One
// chain cannot hold the rename back: on Linux 6.x a failed fsync or
// renameat does not break its link (checked on 6.18: a fdatasync that
// failed with EINVAL was followed by its linked rename), while a failed
// openat, close or short write does. So the sync must be seen to succeed
// before the rename is submitted, as the pool's thread sees it. The entries
// whose failure breaks the link report only a failure
// (IOSQE_CQE_SKIP_SUCCESS: the kernel then silences its cancelled
// followers too); the sync, the rename, the directory's sync and the last
// entry always report: four completions per save. The ring's workers
// (io-wq) are held to the pool's eight, whatever the CPUs.
//
// Where io_uring is refused (a kernel before 5.19, a seccomp filter,
// kernel.io_uring_disabled), the program says so and measures nothing.
//
// Usage:
//   durable_bench_uring [--iterations N] [--rounds N] [--seconds S] [--dir DIR]
//                       [--only latency|timer|concurrent]

#include "event_loop.hpp"
#include "measure.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <liburing.h>
#include <sys/eventfd.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_uring";
char const durable_bench::program_options[] =
    "[--iterations N] [--rounds N] [--seconds S] [--dir DIR]\n"
    "                           [--only latency|timer|concurrent]";

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using durable_bench::all;
using durable_bench::clock_type;
using durable_bench::micros;
using durable_bench::percentile;
using durable_bench::save_c;
using durable_bench::spawn;
using durable_bench::stamp;
using error_code = boost::system::error_code;

constexpr std::size_t payload_bytes = 4 * 1024;

constexpr std::array<char const*, 3> part_names = {"latency", "timer", "concurrent"};

// The library's default blocking executor has eight threads
// (src/blocking_executor.cpp): the pool side has as many.
constexpr std::size_t pool_threads = 8;

// Files saved at once in `concurrent`, as in durable_bench_async.
constexpr std::size_t concurrent_files = 64;

constexpr auto tick_period = 1ms;
constexpr auto timer_slice = 1s;

using options = durable_bench::loop_options;

options parse_options(int argc, char** argv)
{
    return durable_bench::parse_loop_options(argc, argv, {3000, 100, 4, {}, all}, part_names);
}

using slot = durable_bench::save_slot;

//
// The pool: as the library's blocking_job does it, the work posted to the
// pool, the completion posted back to the caller's executor.
//

template<class Token>
auto async_save_on_pool(asio::thread_pool& pool, std::string const& dir, slot const& where,
    std::string_view bytes, Token&& token)
{
    return asio::async_initiate<Token, void()>(
        [&pool, &dir, &where, bytes](auto handler) {
            auto back = asio::make_work_guard(asio::get_associated_executor(handler));
            asio::post(pool, [&dir, &where, bytes, handler = std::move(handler),
                                 back = std::move(back)]() mutable {
                save_c(dir, where.tmp, where.target, bytes);
                auto const ex = back.get_executor();
                asio::post(ex, std::move(handler));
            });
        },
        token);
}

//
// The ring
//

// One io_uring, its completions read on the io_context when its eventfd
// says there are some. Each save in flight has two registered file slots
// of its own (the temporary file, the directory), so that the chain's
// later entries can name the files that its openats make. The paths, the
// directory's and the slot's, and the bytes must live until the save
// completes: the kernel reads them after the call returns.
class uring_saver
{
public:
    uring_saver(asio::io_context& io, std::size_t max_saves)
        : eventfd_(io)
    {
        io_uring_params params{};
        int rc = io_uring_queue_init_params(
            static_cast<unsigned>(max_saves * chain_length * 2), &ring_, &params);
        if(rc < 0)
            fail(rc, "io_uring_queue_init");
        rc = io_uring_register_files_sparse(&ring_, static_cast<unsigned>(max_saves * 2));
        if(rc < 0)
            fail(rc, "io_uring_register_files_sparse");
        // The kernel sizes io-wq by the ring and the CPUs (at most four
        // per CPU for file work, set by a thread's first ring): held to
        // the pool's size, so that the two compare at one concurrency.
        unsigned workers[2] = {pool_threads, pool_threads}; // bounded, unbounded
        rc = io_uring_register_iowq_max_workers(&ring_, workers);
        if(rc < 0)
            fail(rc, "io_uring_register_iowq_max_workers");
        int const efd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if(efd < 0)
            fail(-errno, "eventfd");
        eventfd_.assign(efd);
        rc = io_uring_register_eventfd(&ring_, efd);
        if(rc < 0)
            fail(rc, "io_uring_register_eventfd");
        for(std::size_t i = max_saves; i-- > 0;)
            free_.push_back(static_cast<unsigned>(i));
        ops_.resize(max_saves);
    }

    uring_saver(uring_saver const&) = delete;
    uring_saver& operator=(uring_saver const&) = delete;

    ~uring_saver()
    {
        io_uring_queue_exit(&ring_);
    }

    // Completes with the first failed entry's error, or none.
    template<class Token>
    auto async_save(std::string const& dir, slot const& where, std::string_view bytes, Token&& token)
    {
        return asio::async_initiate<Token, void(error_code)>(
            [this, &dir, &where, bytes](auto handler) {
                // Completed as Asio completes its own operations: posted
                // to the handler's executor, never run inside the reaper.
                auto owned = std::make_shared<decltype(handler)>(std::move(handler));
                start(dir, where, bytes, [owned](error_code error) {
                    auto const ex = asio::get_associated_executor(*owned);
                    asio::post(ex, [owned, error]() { std::move(*owned)(error); });
                });
            },
            token);
    }

    // Reads completions until the io_context stops: one coroutine per ring.
    asio::awaitable<void> reap()
    {
        for(;;)
        {
            co_await eventfd_.async_wait(
                asio::posix::descriptor_base::wait_read, asio::use_awaitable);
            std::uint64_t count = 0;
            // The counter only says that completions came; they are read
            // from the ring, every one there is.
            if(::read(eventfd_.native_handle(), &count, sizeof count) < 0 && errno != EAGAIN)
                fail(-errno, "read eventfd");
            io_uring_cqe* cqe = nullptr;
            while(io_uring_peek_cqe(&ring_, &cqe) == 0)
            {
                complete_entry(io_uring_cqe_get_data64(cqe), cqe->res);
                io_uring_cqe_seen(&ring_, cqe);
            }
        }
    }

private:
    static constexpr unsigned chain_length = 8;

    // A save in flight. Its completions carry its generation, so that one
    // that comes after the save ended (a kernel that cancels where this
    // one does not) is never taken for the next save's of the same slot.
    struct op
    {
        std::function<void(error_code)> complete;
        error_code error;
        std::uint32_t bytes = 0;
        std::uint32_t generation = 0;
        slot const* where = nullptr;
        std::string const* dir_path = nullptr;
    };

    [[noreturn]] static void fail(int negative_errno, char const* what)
    {
        throw boost::system::system_error(
            error_code(-negative_errno, boost::system::system_category()), what);
    }

    void start(std::string const& dir_path, slot const& where, std::string_view bytes,
        std::function<void(error_code)> complete)
    {
        if(free_.empty())
            fail(-EBUSY, "no free save slot");
        unsigned const slot = free_.back();
        free_.pop_back();
        op& o = ops_[slot];
        o.complete = std::move(complete);
        o.error = {};
        o.bytes = static_cast<std::uint32_t>(bytes.size());
        ++o.generation;
        o.where = &where;
        o.dir_path = &dir_path;
        unsigned const file = slot * 2;

        // A direct descriptor is in no file table that exec could pass on:
        // io_uring refuses O_CLOEXEC for it.
        io_uring_prep_openat_direct(entry(), AT_FDCWD, where.tmp.c_str(),
            O_WRONLY | O_CREAT | O_TRUNC, 0644, file);
        link(slot, 0, plain, linked | quiet);
        io_uring_prep_write(entry(), static_cast<int>(file), bytes.data(), o.bytes, 0);
        link(slot, 1, fixed, linked | quiet);
        io_uring_prep_fsync(entry(), file, IORING_FSYNC_DATASYNC);
        link(slot, 2, fixed, 0);
        submit();
    }

    // The second chain, once the data is on disk.
    void publish(unsigned slot)
    {
        op const& o = ops_[slot];
        unsigned const file = slot * 2;
        unsigned const dir = slot * 2 + 1;
        io_uring_prep_close_direct(entry(), file);
        link(slot, 3, plain, linked | quiet);
        io_uring_prep_renameat(entry(), AT_FDCWD, o.where->tmp.c_str(),
            AT_FDCWD, o.where->target.c_str(), 0);
        link(slot, 4, plain, linked);
        io_uring_prep_openat_direct(entry(), AT_FDCWD, o.dir_path->c_str(),
            O_RDONLY | O_DIRECTORY, 0, dir);
        link(slot, 5, plain, linked | quiet);
        io_uring_prep_fsync(entry(), dir, 0);
        link(slot, 6, fixed, linked);
        io_uring_prep_close_direct(entry(), dir);
        link(slot, 7, plain, 0);
        submit();
    }

    void submit()
    {
        int const rc = io_uring_submit(&ring_);
        if(rc < 0)
            fail(rc, "io_uring_submit");
    }

    // The next free submission entry, for an io_uring_prep_ function to fill.
    io_uring_sqe* entry()
    {
        last_ = io_uring_get_sqe(&ring_);
        if(last_ == nullptr)
            fail(-EBUSY, "io_uring_get_sqe");
        return last_;
    }

    enum file_kind { plain, fixed };

    // How an entry is chained and when it reports.
    static constexpr unsigned linked = 1; // the next entry waits for it
    static constexpr unsigned quiet = 2;  // it reports only a failure

    // Makes the entry just filled the `step` of the save in `slot`. After
    // the io_uring_prep_ function: they clear the flags.
    void link(unsigned slot, unsigned step, file_kind kind, unsigned how)
    {
        io_uring_sqe_set_data64(last_,
            (std::uint64_t{ops_[slot].generation} << 32) | (std::uint64_t{slot} * chain_length + step));
        if(kind == fixed)
            last_->flags |= IOSQE_FIXED_FILE;
        if(how & linked)
            last_->flags |= IOSQE_IO_LINK;
        if(how & quiet)
            last_->flags |= IOSQE_CQE_SKIP_SUCCESS;
    }

    // A completion of the save in `slot`: a quiet entry's is its failure
    // (its followers are silent), the data sync's starts the second chain
    // or ends the save, the last entry's ends it. A short write breaks the
    // link with no errno.
    void complete_entry(std::uint64_t data, int res)
    {
        auto const generation = static_cast<std::uint32_t>(data >> 32);
        auto const slot = static_cast<unsigned>((data & 0xffffffffu) / chain_length);
        auto const step = static_cast<unsigned>((data & 0xffffffffu) % chain_length);
        op& o = ops_[slot];
        if(generation != o.generation || !o.complete)
            return;
        if(res < 0 && !o.error)
            o.error = error_code(-res, boost::system::system_category());
        else if(step == 1 && !o.error)
            o.error = error_code(EIO, boost::system::system_category());
        bool const quiet_step = step == 0 || step == 1 || step == 3 || step == 5;
        if(step == 2 && !o.error)
            return publish(slot);
        if(!quiet_step && step + 1 < chain_length && step != 2)
            return; // the rename or the directory's sync: the chain goes on
        free_.push_back(slot);
        std::exchange(o.complete, nullptr)(o.error);
    }

    io_uring ring_{};
    io_uring_sqe* last_ = nullptr;
    asio::posix::stream_descriptor eventfd_;
    std::vector<op> ops_;
    std::vector<unsigned> free_;
};

// The ways to save, as the tables name them.
constexpr std::size_t way_c = 0;
constexpr std::size_t way_pool = 1;
constexpr std::size_t way_uring = 2;
constexpr std::size_t way_count = 3;

constexpr std::array<char const*, way_count> way_names = {"c", "pool", "uring"};

// Where each way saves, and the means to do it.
struct savers
{
    savers(asio::io_context& io, std::string directory, std::size_t max_saves)
        : dir(std::move(directory))
        , pool(pool_threads)
        , ring(io, max_saves)
    {
    }

    std::string dir; // where every slot is
    asio::thread_pool pool;
    uring_saver ring;
};

asio::awaitable<void> save(std::size_t way, savers& s, slot const& where, std::string_view bytes)
{
    switch(way)
    {
    case way_c:
        save_c(s.dir, where.tmp, where.target, bytes);
        break;
    case way_pool:
        co_await async_save_on_pool(s.pool, s.dir, where, bytes, asio::use_awaitable);
        break;
    case way_uring:
    {
        error_code e;
        co_await s.ring.async_save(s.dir, where, bytes, asio::redirect_error(asio::use_awaitable, e));
        if(e)
            throw boost::system::system_error(e, "uring save of " + where.target);
        break;
    }
    }
}

// Runs `task` with the ring's reaper on `io` until the task ends.
template<class Task>
void run_with_ring(asio::io_context& io, savers& s, Task task)
{
    // A named lambda: a coroutine keeps a reference to its lambda's
    // captures, which must outlive the run, not the spawn.
    auto const both = [&]() -> asio::awaitable<void> {
        using namespace asio::experimental::awaitable_operators;
        co_await (task() || s.ring.reap());
    };
    spawn(io, both());
    io.run();
}

//
// latency
//

void measure_latency(durable_bench::scratch_directory& scratch, options const& opt)
{
    auto const iterations = static_cast<std::size_t>(opt.iterations);
    std::array<slot, way_count> where;
    for(std::size_t w = 0; w < way_count; ++w)
        where[w] = slot(scratch, std::string("latency-") + way_names[w], iterations);

    asio::io_context io;
    savers s(io, scratch.path().string(), 1);
    run_with_ring(io, s, [&]() -> asio::awaitable<void> {
        std::string payload = durable_bench::make_payload(payload_bytes);
        // Round 0 is untimed: it makes the targets and starts the threads.
        for(std::size_t i = 0; i <= iterations; ++i)
        {
            stamp(payload, i);
            for(std::size_t k = 0; k < way_count; ++k)
            {
                std::size_t const w = (i + k) % way_count;
                auto const start = clock_type::now();
                co_await save(w, s, where[w], payload);
                if(i > 0)
                    where[w].micros.push_back(micros(clock_type::now() - start));
            }
        }
    });

    std::printf("\n1. latency: one save of %zu KiB from a coroutine on the loop to its\n"
                "   resumption; %ld saves each, taking turns\n",
        payload_bytes / 1024, opt.iterations);
    if(iterations == 0)
        return;
    std::printf("%-12s %12s %12s %10s %10s\n", "way", "median (us)", "p99 (us)", "median/c", "p99/c");
    double const base_median = percentile(where[way_c].micros, 0.50);
    double const base_p99 = percentile(where[way_c].micros, 0.99);
    for(std::size_t w = 0; w < way_count; ++w)
    {
        double const median = percentile(where[w].micros, 0.50);
        double const p99 = percentile(where[w].micros, 0.99);
        std::printf("%-12s %12.1f %12.1f %10.2f %10.2f\n",
            way_names[w], median, p99, median / base_median, p99 / base_p99);
    }
}

//
// timer
//

// User and system time of every thread of the process so far.
clock_type::duration cpu_time()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto const of = [](timeval const& t) {
        return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
    };
    return std::chrono::duration_cast<clock_type::duration>(of(usage.ru_utime) + of(usage.ru_stime));
}

asio::awaitable<void> save_until_cancelled(
    std::size_t way, savers& s, slot const& where, std::uint64_t& saves)
{
    std::string payload = durable_bench::make_payload(payload_bytes);
    for(;;)
    {
        stamp(payload, saves);
        co_await save(way, s, where, payload);
        ++saves;
    }
}

// The timer's runs: nothing saving, then each way but c, which would
// block the loop it is measured on.
constexpr std::array<std::size_t, 2> timer_ways = {way_pool, way_uring};

void measure_timer(durable_bench::scratch_directory& scratch, options const& opt)
{
    constexpr std::size_t runs = timer_ways.size() + 1; // run 0: nothing saving
    std::array<slot, way_count> where;
    for(std::size_t w : timer_ways)
        where[w] = slot(scratch, std::string("timer-") + way_names[w], 0);
    std::array<std::vector<double>, runs> lateness;
    std::array<std::uint64_t, runs> saves{};
    std::array<clock_type::duration, runs> cpu{};

    for(std::size_t second = 0; second < static_cast<std::size_t>(opt.seconds); ++second)
    {
        for(std::size_t k = 0; k < runs; ++k)
        {
            std::size_t const run = (second + k) % runs;
            asio::io_context io;
            savers s(io, scratch.path().string(), 1);
            auto const cpu_before = cpu_time();
            run_with_ring(io, s, [&]() -> asio::awaitable<void> {
                using namespace asio::experimental::awaitable_operators;
                if(run == 0)
                    co_await durable_bench::tick(timer_slice, tick_period, lateness[run]);
                else
                    co_await (durable_bench::tick(timer_slice, tick_period, lateness[run])
                        || save_until_cancelled(timer_ways[run - 1], s, where[timer_ways[run - 1]], saves[run]));
            });
            cpu[run] += cpu_time() - cpu_before;
        }
    }

    std::printf("\n2. timer: lateness of a %lld ms steady_timer at absolute deadlines while a\n"
                "   coroutine on the same loop saves %zu KiB back to back; %ld s per way, taking\n"
                "   turns a second at a time; CPU of the whole process, io_uring's workers included,\n"
                "   less what the ticking alone took (the run with nothing saving)\n",
        static_cast<long long>(tick_period.count()), payload_bytes / 1024, opt.seconds);
    if(lateness[0].empty())
        return;
    std::printf("%-12s %8s %10s %10s %10s %10s %14s\n",
        "saving", "ticks", "p50 (us)", "p99 (us)", "max (us)", "saves/s", "CPU/save (us)");
    // The ticking's CPU is in every run, the same each second.
    for(std::size_t run = 0; run < runs; ++run)
    {
        std::vector<double> const& l = lateness[run];
        double const per_save = saves[run] == 0
            ? 0.0
            : micros(cpu[run] - cpu[0]) / static_cast<double>(saves[run]);
        std::printf("%-12s %8zu %10.1f %10.1f %10.1f %10.0f %14.1f\n",
            run == 0 ? "nothing" : way_names[timer_ways[run - 1]], l.size(),
            percentile(l, 0.50), percentile(l, 0.99), *std::max_element(l.begin(), l.end()),
            static_cast<double>(saves[run]) / static_cast<double>(opt.seconds), per_save);
    }
}

//
// concurrent
//

void measure_concurrent(durable_bench::scratch_directory& scratch, options const& opt)
{
    std::vector<slot> where;
    for(std::size_t f = 0; f < concurrent_files; ++f)
        where.emplace_back(scratch, "concurrent-" + std::to_string(f), 0);
    std::array<std::vector<double>, way_count> samples;
    auto const rounds = static_cast<std::size_t>(opt.rounds);

    asio::io_context io;
    savers s(io, scratch.path().string(), concurrent_files);
    run_with_ring(io, s, [&]() -> asio::awaitable<void> {
        auto const ex = co_await asio::this_coro::executor;
        std::string const payload = durable_bench::make_payload(payload_bytes);
        for(std::size_t i = 0; i <= rounds; ++i)
        {
            for(std::size_t k = 0; k < way_count; ++k)
            {
                std::size_t const w = (i + k) % way_count;
                auto const start = clock_type::now();
                if(w == way_c)
                {
                    for(slot const& p : where)
                        save_c(s.dir, p.tmp, p.target, payload);
                }
                else
                {
                    co_await durable_bench::all_at_once(where.size(), [&](std::size_t f, auto const& done) {
                        asio::co_spawn(ex, save(w, s, where[f], payload), [done](std::exception_ptr e) {
                            if(e)
                                std::rethrow_exception(e);
                            done();
                        });
                    });
                }
                if(i > 0)
                    samples[w].push_back(durable_bench::millis(clock_type::now() - start));
            }
        }
    });

    std::printf("\n3. concurrent: %zu files of %zu KiB, all at once (pool: %zu threads; uring: %zu\n"
                "   saves in flight), against c one after another; %ld rounds, taking turns\n",
        concurrent_files, payload_bytes / 1024, pool_threads, concurrent_files, opt.rounds);
    if(rounds == 0)
        return;
    std::printf("%-12s %12s %12s %14s\n", "way", "median (ms)", "p90 (ms)", "c/way (x)");
    double const base = percentile(samples[way_c], 0.50);
    for(std::size_t w = 0; w < way_count; ++w)
    {
        double const median = percentile(samples[w], 0.50);
        std::printf("%-12s %12.2f %12.2f %14.2f\n",
            way_names[w], median, percentile(samples[w], 0.90), base / median);
    }
}

// Whether this kernel and its filters let this process use io_uring, and
// if not, why.
std::optional<std::string> uring_refused()
{
    asio::io_context io;
    try
    {
        uring_saver probe(io, 1);
        return std::nullopt;
    }
    catch(boost::system::system_error const& e)
    {
        return std::string(e.what());
    }
}

int run(options const& opt)
{
    if(std::optional<std::string> const why = uring_refused())
    {
        std::printf("durable_bench_uring: io_uring is refused here (%s): nothing to compare\n", why->c_str());
        return EXIT_SUCCESS;
    }
    durable_bench::scratch_directory scratch(opt.dir);
    std::printf("durable_bench_uring: in %s\n", scratch.path().c_str());
    if(opt.only == all || opt.only == 0)
        measure_latency(scratch, opt);
    if(opt.only == all || opt.only == 1)
        measure_timer(scratch, opt);
    if(opt.only == all || opt.only == 2)
        measure_concurrent(scratch, opt);
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
