//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE saver
#include "support.hpp"

#include <durable/drop_handler.hpp>
#include <durable/error.hpp>
#include <durable/save_error.hpp>
#include <durable/saver.hpp>
#include <durable/test/fault_file_system.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <mutex>
#include <thread>

#if !defined(_WIN32)
#include <fcntl.h>
#endif

namespace asio = boost::asio;
using namespace durable_test;
using namespace std::chrono_literals;
using boost::system::error_code;

BOOST_AUTO_TEST_SUITE(saver_test)

BOOST_AUTO_TEST_CASE(save_then_flush_makes_it_durable)
{
    temp_dir dir;
    asio::io_context io;
    durable::saver saver(io, dir / "settings.json");
    BOOST_TEST(saver.durable_generation() == 0u);
    BOOST_TEST(saver.save("one") == 1u);
    BOOST_TEST(saver.save("two") == 2u);
    std::optional<error_code> flushed;
    saver.async_flush([&](error_code ec) { flushed = ec; });
    BOOST_TEST(!flushed); // never from within the call
    io.run();
    BOOST_TEST_REQUIRE(flushed.has_value());
    BOOST_TEST(!*flushed);
    BOOST_TEST(saver.durable_generation() == 2u);
    BOOST_TEST(read_file(dir / "settings.json") == std::optional<std::string>("two"));
    BOOST_TEST(saver.write_count() <= 2u);
}

BOOST_AUTO_TEST_CASE(flush_with_nothing_to_save_completes)
{
    temp_dir dir;
    asio::io_context io;
    durable::saver saver(io, dir / "f");
    bool done = false;
    saver.async_flush([&](error_code ec) { done = !ec; });
    io.run();
    BOOST_TEST(done);
    saver.flush();
    BOOST_TEST(!fs::exists(dir / "f"));
}

BOOST_AUTO_TEST_CASE(synchronous_flush_needs_no_event_loop)
{
    temp_dir dir;
    asio::io_context io; // never run
    durable::saver saver(io, dir / "f");
    saver.save("content");
    saver.flush();
    BOOST_TEST(saver.durable_generation() == 1u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("content"));
}

BOOST_AUTO_TEST_CASE(save_never_touches_the_disk_on_the_calling_thread)
{
    temp_dir dir;
    asio::io_context io;
    durable::test::fault_file_system fault;
    std::mutex mutex;
    std::vector<std::thread::id> threads;
    for(auto call : {durable::test::fs_call::open_directory, durable::test::fs_call::create_file,
            durable::test::fs_call::write, durable::test::fs_call::sync_data,
            durable::test::fs_call::rename, durable::test::fs_call::sync_directory})
        fault.before_call(call, [&] {
            std::lock_guard<std::mutex> lock(mutex);
            threads.push_back(std::this_thread::get_id());
        });
    durable::saver_options options;
    options.fs = &fault;
    durable::saver saver(io, dir / "f", options);
    for(int i = 0; i < 100; ++i)
        saver.save("state " + std::to_string(i));
    saver.async_flush([](error_code) {});
    io.run();
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("state 99"));
    BOOST_TEST_REQUIRE(!threads.empty());
    for(auto const& id : threads)
        BOOST_TEST((id != std::this_thread::get_id()));
}

#if !defined(_WIN32)
// G6 beyond the seam: saves and a flush made on a thread where every file
// system call is forbidden (a seccomp filter) still reach the disk, so
// none of them is made there, through the seam or not.
BOOST_AUTO_TEST_CASE(save_and_async_flush_make_no_system_call_on_the_calling_thread)
{
    temp_dir dir;
    // Started here, so that its threads do not inherit the loop's filter.
    asio::thread_pool blocking(2);
    durable::saver_options options;
    options.blocking_executor = blocking.get_executor();
    asio::io_context io;
    durable::saver saver(io, dir / "f", options);
    std::optional<error_code> flushed;
    asio::post(io, [&] {
        for(int i = 0; i < 100; ++i)
            saver.save("state " + std::to_string(i));
        saver.async_flush([&](error_code ec) { flushed = ec; });
    });
    BOOST_REQUIRE_MESSAGE(run_where_no_path_is_looked_up(io), "a seccomp filter could not be installed");
    BOOST_TEST_REQUIRE(flushed.has_value());
    BOOST_TEST(!*flushed);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("state 99"));
}
#endif

BOOST_AUTO_TEST_CASE(flush_completes_on_the_handlers_executor_once_and_never_before_run)
{
    temp_dir dir;
    asio::io_context io;
    auto strand = asio::make_strand(io);
    durable::saver saver(io, dir / "f");
    saver.save("content");
    int calls = 0;
    bool on_strand = false;
    saver.async_flush(asio::bind_executor(strand, [&](error_code ec) {
        BOOST_TEST(!ec);
        ++calls;
        on_strand = strand.running_in_this_thread();
    }));
    // Give the write every chance to finish: the handler still waits for run().
    wait_until([&] { return saver.durable_generation() == 1u; });
    BOOST_TEST(calls == 0);
    io.run();
    BOOST_TEST(calls == 1);
    BOOST_TEST(on_strand);
}

BOOST_AUTO_TEST_CASE(every_token_delivers_a_flush_error)
{
    temp_dir dir;
    // The saver goes holding the failed save: a drop, recorded here.
    drop_recorder drops;
    asio::io_context io;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::sync_data, 1, EIO, durable::test::fault_duration::persistent);
    durable::saver_options options;
    options.fs = &fault;
    durable::saver saver(io, dir / "f", options);
    saver.save("lost");

    std::optional<error_code> by_callback;
    saver.async_flush([&](error_code ec) { by_callback = ec; });

    auto future = saver.async_flush(asio::use_future);

    std::optional<error_code> by_coroutine;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        try
        {
            co_await saver.async_flush(asio::use_awaitable);
        }
        catch(boost::system::system_error const& e)
        {
            by_coroutine = e.code();
        }
    }, asio::detached);

    std::optional<error_code> by_deferred;
    auto deferred = saver.async_flush(asio::deferred);
    std::move(deferred)([&](error_code ec) { by_deferred = ec; });

    io.run();
    BOOST_TEST(by_callback.value_or(error_code()) == std::errc::io_error);
    BOOST_TEST(by_coroutine.value_or(error_code()) == std::errc::io_error);
    BOOST_TEST(by_deferred.value_or(error_code()) == std::errc::io_error);
    try
    {
        future.get();
        BOOST_ERROR("the future holds no error");
    }
    catch(boost::system::system_error const& e)
    {
        BOOST_TEST(e.code() == std::errc::io_error);
    }
    BOOST_TEST(!read_file(dir / "f"));
    BOOST_TEST(list_dir(dir.path()).empty());
}

BOOST_AUTO_TEST_CASE(writes_dropped_by_a_shut_down_blocking_executor_fail)
{
    temp_dir dir;
    drop_recorder drops;
    asio::io_context io;
    std::optional<error_code> flushed;
    {
        durable::saver_options options;
        auto pool = std::make_unique<asio::thread_pool>(1);
        options.blocking_executor = pool->get_executor();
        durable::saver saver(io, dir / "f", options);
        pool->stop(); // the write below is queued, never run
        saver.save("never written");
        saver.async_flush([&](error_code ec) { flushed = ec; });
        pool.reset(); // destroys the queued write
        io.run();
        BOOST_TEST_REQUIRE(flushed.has_value());
        BOOST_TEST(*flushed == asio::error::operation_aborted);
        // Not hung: the flush of the guard sees the failure at once.
    }
    BOOST_TEST_REQUIRE(drops.events.size() == 1u);
    BOOST_TEST(drops.events.front().generation == 1u);
    BOOST_TEST(!read_file(dir / "f"));
}

// G5: saves to one path are written one at a time. A write held at its
// rename, saves made meanwhile start no second write: they wait, coalesced,
// and the next write, once the first is done, carries the newest of them.
BOOST_AUTO_TEST_CASE(a_write_in_flight_is_never_overlapped)
{
    temp_dir dir;
    asio::io_context io;
    durable::test::fault_file_system fault;
    gate held;
    fault.before_call(durable::test::fs_call::rename, held.hook());
    durable::saver_options options;
    options.fs = &fault;
    durable::saver saver(io, dir / "f", options);
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });

    saver.save("first");
    held.reached.get_future().wait();
    std::size_t const created = fault.calls().size();
    saver.save("second");
    saver.save("third");
    std::this_thread::sleep_for(100ms); // time a second write would take to start
    std::vector<durable::test::recorded_call> const meanwhile = fault.calls();
    bool const started_another = std::any_of(meanwhile.begin() + static_cast<std::ptrdiff_t>(created),
        meanwhile.end(), [](auto const& c) { return c.call == durable::test::fs_call::create_file; });
    BOOST_TEST(!started_another);
    held.open.set_value();
    saver.flush();
    work.reset();
    runner.join();
    BOOST_TEST(saver.write_count() == 2u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("third"));
}

BOOST_AUTO_TEST_CASE(newest_state_wins_across_threads)
{
    temp_dir dir;
    asio::io_context io;
    durable::saver saver(io, dir / "settings.json");
    constexpr int per_thread = 50000;
    std::uint64_t newest[2] = {0, 0};
    std::string newest_content[2];
    auto const producer = [&](int t) {
        for(int i = 0; i < per_thread; ++i)
        {
            std::string content = "thread " + std::to_string(t) + " save " + std::to_string(i);
            std::uint64_t const g = saver.save(content);
            if(g > newest[t])
            {
                newest[t] = g;
                newest_content[t] = std::move(content);
            }
        }
    };
    std::thread a(producer, 0);
    std::thread b(producer, 1);
    a.join();
    b.join();
    saver.flush();
    int const last = newest[0] > newest[1] ? 0 : 1;
    BOOST_TEST(newest[last] == std::uint64_t(2 * per_thread));
    BOOST_TEST(saver.durable_generation() == newest[last]);
    BOOST_TEST(read_file(dir / "settings.json") == std::optional<std::string>(newest_content[last]));
    BOOST_TEST_MESSAGE(2 * per_thread << " saves from 2 threads, " << saver.write_count() << " disk writes");
    BOOST_TEST(saver.write_count() < std::uint64_t(2 * per_thread));
}

BOOST_AUTO_TEST_CASE(commit_delay_groups_saves)
{
    temp_dir dir;
    asio::io_context io;
    durable::saver_options options;
    options.commit_delay = 100ms;
    durable::saver saver(io, dir / "f", options);
    for(int i = 1; i <= 5; ++i)
        saver.save("version " + std::to_string(i));
    io.run_for(30ms);
    BOOST_TEST(saver.write_count() == 0u); // still waiting for the delay
    // The delay elapses at 100 ms: then the event loop has nothing left to
    // do, and the write of the newest state runs on the blocking executor.
    io.run();
    wait_until([&] { return saver.durable_generation() == 5u; });
    BOOST_TEST(saver.write_count() == 1u);
    BOOST_TEST(saver.durable_generation() == 5u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("version 5"));
}

// The delay starts with the first change and later ones do not restart it:
// saves made without pause for ten times the delay are written during it,
// where a delay restarted by each save (a debounce) would write none until
// they stop.
BOOST_AUTO_TEST_CASE(the_commit_delay_is_not_restarted_by_later_saves)
{
    temp_dir dir;
    asio::io_context io;
    durable::saver_options options;
    options.commit_delay = 100ms;
    durable::saver saver(io, dir / "f", options);
    auto work = asio::make_work_guard(io); // the delay's timer runs from the first save on
    std::thread runner([&] { io.run(); });
    int saved = 0;
    for(auto const end = std::chrono::steady_clock::now() + 1s; std::chrono::steady_clock::now() < end;)
    {
        saver.save("version " + std::to_string(++saved));
        std::this_thread::sleep_for(20ms);
    }
    std::size_t const written_meanwhile = saver.write_count();
    saver.flush();
    work.reset();
    runner.join();
    BOOST_TEST(written_meanwhile >= 1u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("version " + std::to_string(saved)));
}

BOOST_AUTO_TEST_CASE(flush_cuts_the_commit_delay_short)
{
    temp_dir dir;
    asio::io_context io;
    durable::saver_options options;
    options.commit_delay = 1h;
    durable::saver saver(io, dir / "f", options);
    saver.save("a");
    saver.save("b");
    auto flushed = saver.async_flush(asio::use_future);
    std::thread runner([&] { io.run_for(2s); });
    BOOST_TEST((flushed.wait_for(10s) == std::future_status::ready));
    flushed.get();
    io.stop();
    runner.join();
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("b"));
    BOOST_TEST(saver.write_count() == 1u);
}

// Options of a saver whose first call of `which` fails (EIO), and which
// writes only when flushed.
durable::saver_options failing_first(durable::test::fault_file_system& fault, durable::test::fs_call which)
{
    fault.fail_call(which, 1, EIO);
    durable::saver_options options;
    options.fs = &fault;
    options.commit_delay = 1h; // only the flushes write
    return options;
}

// What an async_flush() of `saver` completes with, `io` run to its end.
error_code flushed(durable::saver& saver, asio::io_context& io)
{
    std::optional<error_code> result;
    saver.async_flush([&](error_code ec) { result = ec; });
    io.run();
    io.restart();
    BOOST_TEST_REQUIRE(result.has_value());
    return *result;
}

BOOST_AUTO_TEST_CASE(a_failed_state_is_kept_and_written_again_by_the_next_flush)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    asio::io_context io;
    durable::test::fault_file_system fault;
    durable::saver_options options = failing_first(fault, durable::test::fs_call::sync_data);
    std::vector<std::pair<std::string, std::uint64_t>> errors;
    options.on_error = [&](durable::save_error const& e, std::uint64_t g) {
        BOOST_TEST(e.code() == std::errc::io_error);
        BOOST_TEST(e.step() == durable::step::sync);
        errors.emplace_back(e.what(), g);
    };
    std::vector<std::uint64_t> recovered;
    options.on_recovered = [&](std::uint64_t g) { recovered.push_back(g); };
    durable::saver saver(io, dir / "f", options);

    saver.save("kept");
    BOOST_TEST(flushed(saver, io) == std::errc::io_error);
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().first == (dir / "f").string() + ": sync: Input/output error");
    BOOST_TEST(errors.front().second == 1u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
    BOOST_TEST(recovered.empty());

    // The failed state was kept: a flush writes it again, now that the disk
    // behaves, without a new save.
    std::size_t const failed_writes = saver.write_count();
    saver.flush();
    BOOST_TEST(saver.write_count() == failed_writes + 1);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("kept"));
    BOOST_TEST(saver.durable_generation() == 1u);
    io.run();
    io.restart();
    BOOST_TEST(errors.size() == 1u);
    BOOST_TEST(recovered == std::vector<std::uint64_t>{1u}, boost::test_tools::per_element());

    saver.save("saved");
    saver.flush();
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("saved"));
    BOOST_TEST(saver.durable_generation() == 2u);
}

// A write whose directory sync failed made its content visible, not
// durable: the generation is not counted as on disk, the flush reports
// durability_unknown, and the state is written again by the next flush.
BOOST_AUTO_TEST_CASE(a_write_not_known_durable_is_not_counted_durable)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    asio::io_context io;
    durable::test::fault_file_system fault;
    durable::saver_options options = failing_first(fault, durable::test::fs_call::sync_directory);
    options.on_error = [](durable::save_error const&, std::uint64_t) {};
    durable::saver saver(io, dir / "f", options);

    saver.save("kept");
    BOOST_TEST(flushed(saver, io) == durable::error::durability_unknown);
    BOOST_TEST(saver.durable_generation() == 0u);
    BOOST_TEST(fault.crash_image().read(dir / "f") == std::optional<std::string>("old"));

    std::size_t const writes = saver.write_count();
    saver.flush();
    BOOST_TEST(saver.write_count() == writes + 1);
    BOOST_TEST(saver.durable_generation() == 1u);
    BOOST_TEST(fault.crash_image().read(dir / "f") == std::optional<std::string>("kept"));
}

BOOST_AUTO_TEST_CASE(a_flush_whose_second_write_fails_reports_it)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    asio::io_context io;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
    durable::saver_options options;
    options.fs = &fault;
    options.commit_delay = 1h;
    durable::saver saver(io, dir / "f", options);
    saver.save("new");
    error_code ec;
    saver.flush(ec);
    BOOST_TEST(ec == std::errc::no_space_on_device);
    std::size_t const writes = saver.write_count();
    BOOST_CHECK_THROW(saver.flush(), durable::save_error);
    BOOST_TEST(saver.write_count() == writes + 1); // written again, failed again
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
    saver.discard();
}

// A dialog per failed write would open hundreds a second on a full disk.
BOOST_AUTO_TEST_CASE(on_error_and_on_recovered_are_called_once_per_episode)
{
    temp_dir dir;
    asio::io_context io;
    durable::test::fault_file_system fault;
    for(std::size_t nth = 1; nth <= 5; ++nth)
        fault.fail_call(durable::test::fs_call::sync_data, nth, EIO);
    fault.fail_call(durable::test::fs_call::sync_data, 7, ENOSPC);
    durable::saver_options options;
    options.fs = &fault;
    options.commit_delay = 1h; // only the flushes write: one write each
    std::vector<std::uint64_t> errors;
    std::vector<std::uint64_t> recovered;
    options.on_error = [&](durable::save_error const&, std::uint64_t g) { errors.push_back(g); };
    options.on_recovered = [&](std::uint64_t g) { recovered.push_back(g); };
    durable::saver saver(io, dir / "f", options);
    // Writes 1-5 fail, 6 succeeds, 7 fails, 8 succeeds: two episodes.
    for(int i = 1; i <= 8; ++i)
    {
        saver.save("state " + std::to_string(i));
        error_code ec;
        saver.flush(ec);
        BOOST_TEST(ec.failed() == (i <= 5 || i == 7), "save " << i << ": " << ec.message());
    }
    io.run();
    BOOST_TEST(saver.write_count() == 8u);
    BOOST_TEST(errors == (std::vector<std::uint64_t>{1u, 7u}), boost::test_tools::per_element());
    BOOST_TEST(recovered == (std::vector<std::uint64_t>{6u, 8u}), boost::test_tools::per_element());
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("state 8"));
}

BOOST_AUTO_TEST_CASE(the_retry_writes_a_failed_state_again_by_itself)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    asio::io_context io;
    durable::test::fault_file_system fault;
    for(std::size_t nth = 1; nth <= 3; ++nth)
        fault.fail_call(durable::test::fs_call::create_file, nth, ENOSPC);
    durable::saver_options options;
    options.fs = &fault;
    options.retry.initial_delay = 20ms;
    options.retry.max_delay = 50ms;
    int errors = 0;
    std::vector<std::uint64_t> recovered;
    options.on_error = [&](durable::save_error const&, std::uint64_t) { ++errors; };
    options.on_recovered = [&](std::uint64_t g) {
        recovered.push_back(g);
        io.stop();
    };
    durable::saver saver(io, dir / "f", options);
    auto const start = std::chrono::steady_clock::now();
    saver.save("new");
    asio::steady_timer give_up(io, 10s);
    give_up.async_wait([&](error_code) { io.stop(); });
    io.run();
    auto const waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST(recovered == std::vector<std::uint64_t>{1u}, boost::test_tools::per_element());
    BOOST_TEST(errors == 1);
    BOOST_TEST(saver.write_count() == 4u); // three failures, then the retry that succeeds
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("new"));
    // The backoff doubles, bounded: 20 + 40 + 50 ms at least.
    BOOST_TEST(waited >= 110ms);
    BOOST_TEST(saver.durable_generation() == 1u);
}

BOOST_AUTO_TEST_CASE(a_newer_save_replaces_a_failed_state)
{
    temp_dir dir;
    asio::io_context io;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::sync_data, 1, EIO);
    durable::saver_options options;
    options.fs = &fault;
    options.commit_delay = 1h;
    durable::saver saver(io, dir / "f", options);
    saver.save("failed");
    error_code ec;
    saver.flush(ec);
    BOOST_TEST(ec == std::errc::io_error);
    saver.save("newer");
    saver.flush();
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("newer"));
    BOOST_TEST(saver.write_count() == 2u); // the failed state was never written again
}

BOOST_AUTO_TEST_CASE(savers_on_different_paths_do_not_wait_for_each_other)
{
    temp_dir dir;
    asio::io_context io;
    std::vector<std::unique_ptr<durable::saver>> savers;
    for(int i = 0; i < 16; ++i)
        savers.push_back(std::make_unique<durable::saver>(io, dir / ("file" + std::to_string(i))));
    for(int round = 0; round < 5; ++round)
        for(std::size_t i = 0; i < savers.size(); ++i)
            savers[i]->save("round " + std::to_string(round) + " file " + std::to_string(i));
    int flushed = 0;
    for(auto& s : savers)
        s->async_flush([&](error_code ec) { flushed += ec ? 0 : 1; });
    io.run();
    BOOST_TEST(flushed == 16);
    for(std::size_t i = 0; i < savers.size(); ++i)
        BOOST_TEST(read_file(dir / ("file" + std::to_string(i))) ==
            std::optional<std::string>("round 4 file " + std::to_string(i)));
}

BOOST_AUTO_TEST_CASE(flushed_saver_is_no_drop)
{
    temp_dir dir;
    drop_recorder drops;
    {
        asio::io_context io;
        durable::saver saver(io, dir / "f");
        saver.save("x");
        saver.flush();
    }
    BOOST_TEST(drops.events.empty());
}

BOOST_AUTO_TEST_CASE(unflushed_saver_is_a_drop_in_a_debug_build)
{
    temp_dir dir;
    drop_recorder drops;
    {
        asio::io_context io;
        durable::saver saver(io, dir / "settings.json");
        saver.save("first");
        saver.save("second");
    }
#ifdef NDEBUG
    BOOST_TEST(drops.events.empty());
#else
    BOOST_TEST_REQUIRE(drops.events.size() == 1u);
    BOOST_TEST((drops.events.front().object == durable::dropped_object::saver));
    BOOST_TEST(drops.events.front().path == dir / "settings.json");
    BOOST_TEST(drops.events.front().generation == 2u);
    BOOST_TEST(!drops.events.front().error);
#endif
    // Either way the destructor flushed: nothing was lost.
    BOOST_TEST(read_file(dir / "settings.json") == std::optional<std::string>("second"));
}

BOOST_AUTO_TEST_CASE(failed_final_flush_is_reported_in_a_release_build)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    drop_recorder drops;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
    {
        asio::io_context io;
        durable::saver_options options;
        options.fs = &fault;
        options.commit_delay = 1h; // nothing is written before the destructor
        durable::saver saver(io, dir / "f", options);
        saver.save("new");
    }
    BOOST_TEST_REQUIRE(drops.events.size() == 1u);
    BOOST_TEST((drops.events.front().reason == durable::drop_reason::not_flushed));
#ifdef NDEBUG
    BOOST_TEST(drops.events.front().error == std::errc::no_space_on_device);
#else
    BOOST_TEST(!drops.events.front().error); // reported before the flush was tried
#endif
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
}

// The program flushed, was told, and let the saver go: not a bug, in
// either build. The destructor tries once more and reports that it failed.
BOOST_AUTO_TEST_CASE(a_failure_the_program_was_told_of_is_no_drop_but_its_last_flush_is_reported)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    drop_recorder drops;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
    std::size_t writes = 0;
    {
        asio::io_context io;
        durable::saver_options options;
        options.fs = &fault;
        options.commit_delay = 1h;
        durable::saver saver(io, dir / "f", options);
        saver.save("new");
        BOOST_CHECK_THROW(saver.flush(), durable::save_error);
        writes = saver.write_count();
    }
    BOOST_TEST(renames(fault) == 0u);
    BOOST_TEST_REQUIRE(drops.events.size() == 1u);
    BOOST_TEST((drops.events.front().reason == durable::drop_reason::flush_failed));
    BOOST_TEST(drops.events.front().error == std::errc::no_space_on_device);
    BOOST_TEST(drops.events.front().generation == 1u);
    BOOST_TEST(writes == 1u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
}

BOOST_AUTO_TEST_CASE(a_told_failure_that_heals_by_the_destructor_is_saved_silently)
{
    temp_dir dir;
    drop_recorder drops;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::sync_data, 1, EIO);
    {
        asio::io_context io;
        durable::saver_options options;
        options.fs = &fault;
        options.commit_delay = 1h;
        options.on_error = [](durable::save_error const&, std::uint64_t) {};
        durable::saver saver(io, dir / "f", options);
        saver.save("new");
        error_code ec;
        saver.flush(ec);
        BOOST_TEST(ec == std::errc::io_error);
    }
    BOOST_TEST(drops.events.empty());
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("new"));
}

BOOST_AUTO_TEST_CASE(discard_gives_up_the_unsaved_state_without_a_drop)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    drop_recorder drops;
    std::optional<error_code> waited;
    {
        asio::io_context io;
        durable::saver_options options;
        options.commit_delay = 1h;
        durable::saver saver(io, dir / "f", options);
        saver.save("unwanted");
        saver.async_flush(asio::bind_executor(io, [&](error_code ec) { waited = ec; }));
        // The flush wrote it already: discard gives up only what is unwritten.
        io.run();
        io.restart();
        BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("unwanted"));
        saver.save("given up");
        saver.discard();
        io.run();
        saver.save("kept after all");
        saver.save("given up too");
        saver.discard();
    }
    BOOST_TEST((waited == error_code()));
    BOOST_TEST(drops.events.empty());
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("unwanted"));
}

BOOST_AUTO_TEST_CASE(a_wait_for_a_discarded_save_ends_with_operation_aborted)
{
    temp_dir dir;
    asio::io_context io;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
    durable::saver_options options;
    options.fs = &fault;
    options.commit_delay = 1h; // only the flushes write
    durable::saver saver(io, dir / "f", options);
    saver.save("new");
    error_code ec;
    saver.flush(ec);
    BOOST_TEST(ec == std::errc::no_space_on_device);
    saver.discard();
    error_code after;
    saver.flush(after);
    BOOST_TEST(after == std::errc::no_space_on_device); // the last write's failure stands
    saver.save("newer");
    saver.discard();
    saver.flush(after);
    BOOST_TEST(after == asio::error::operation_aborted);
    std::size_t const writes = saver.write_count();
    BOOST_TEST(writes == 1u); // nothing discarded was written
}

#if !defined(_WIN32)
// POSIX only: the default drop handler is seen in a child process (fork),
// and the reader is another process (posix_support.hpp).

BOOST_AUTO_TEST_CASE(default_drop_handler_of_a_debug_build_aborts)
{
    temp_dir dir;
    fs::path const log = dir / "stderr";
    int const status = run_in_child([&] {
        int const fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        asio::io_context io;
        // A forked child has none of the parent's pool threads: with the
        // commit delay, nothing goes to the pool, and the destructor's
        // flush writes on this thread.
        durable::saver_options options;
        options.commit_delay = 1h;
        durable::saver saver(io, dir / "settings.json", options);
        saver.save("unflushed");
        return 0;
    });
    std::string const message = read_file(log).value_or("");
#ifdef NDEBUG
    BOOST_TEST(status == 0);
    BOOST_TEST(message.empty());
    BOOST_TEST(read_file(dir / "settings.json") == std::optional<std::string>("unflushed"));
#else
    BOOST_TEST(status == 128 + SIGABRT);
    BOOST_TEST(message.find("saver for " + (dir / "settings.json").string()) != std::string::npos);
    BOOST_TEST(message.find("generation 1") != std::string::npos);
#endif
}

BOOST_AUTO_TEST_CASE(default_drop_handler_prints_a_told_failure_and_goes_on)
{
    temp_dir dir;
    fs::path const log = dir / "stderr";
    fs::create_directory(dir / "sub");
    int const status = run_in_child([&] {
        int const fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        asio::io_context io;
        durable::test::fault_file_system fault;
        fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
        durable::saver_options options;
        options.fs = &fault;
        options.commit_delay = 1h; // nothing goes to the pool: a forked child has none
        durable::saver saver(io, dir / "sub" / "settings.json", options);
        saver.save("lost, knowingly");
        error_code ec;
        saver.flush(ec);
        return ec == std::errc::no_space_on_device ? 0 : 1;
    });
    std::string const message = read_file(log).value_or("");
    BOOST_TEST(status == 0);
    BOOST_TEST(message.find("final flush failed again: No space left on device") != std::string::npos, message);
}

// The seeds' hazard through a saver: each flush completes only when another
// process can read what was saved.
BOOST_AUTO_TEST_CASE(another_process_reads_what_was_just_flushed)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    auto const content = [](std::uint32_t n) { return "{\"saved\": " + std::to_string(n) + "}\n"; };
    reader_process reader(target, content);
    constexpr std::uint32_t iterations = 10000;
    std::uint32_t mismatches = 0;
    asio::io_context io;
    durable::saver saver(io, target);
    run_coroutine(io, [&]() -> asio::awaitable<void> {
        for(std::uint32_t n = 0; n < iterations; ++n)
        {
            saver.save(content(n));
            co_await saver.async_flush(asio::use_awaitable);
            mismatches += reader.check(n) ? 0 : 1;
        }
    });
    BOOST_TEST_MESSAGE(iterations << " saves and flushes, " << mismatches << " mismatches");
    BOOST_TEST(mismatches == 0u);
}
#endif

BOOST_AUTO_TEST_SUITE_END()
