//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE async_write_files
#include "support.hpp"

#include <durable/async_write_files.hpp>
#include <durable/error.hpp>
#include <durable/test/fault_file_system.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <cerrno>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>

namespace asio = boost::asio;
using namespace durable_test;
using namespace std::chrono_literals;
using boost::system::error_code;
using durable::file_write_result;
using durable::test::fault_file_system;
using durable::test::fs_call;

namespace {

using results = std::vector<file_write_result>;

// Three files in `dir`: a.json and b.json hold "old", c.json is new. A
// batch writes "new <name>" to each.
struct three_files
{
    fs::path dir;

    explicit three_files(fs::path d) : dir(std::move(d))
    {
        put_file(dir / "a.json", "old");
        put_file(dir / "b.json", "old");
    }

    static std::vector<std::string> names() { return {"a.json", "b.json", "c.json"}; }

    static std::string new_content(std::string const& name) { return "new " + name; }

    std::vector<durable::file_content> batch() const
    {
        std::vector<durable::file_content> files;
        for(std::string const& name : names())
            files.push_back({dir / name, new_content(name)});
        return files;
    }

    // Every target as before the batch, and no temporary file left.
    void check_unchanged() const
    {
        BOOST_TEST(read_file(dir / "a.json") == std::optional<std::string>("old"));
        BOOST_TEST(read_file(dir / "b.json") == std::optional<std::string>("old"));
        BOOST_TEST(list_dir(dir) == (std::vector<std::string>{"a.json", "b.json"}), boost::test_tools::per_element());
    }

    // Every target new, and no temporary file left.
    void check_saved() const
    {
        for(std::string const& name : names())
            BOOST_TEST(read_file(dir / name) == std::optional<std::string>(new_content(name)), name);
        BOOST_TEST(list_dir(dir) == names(), boost::test_tools::per_element());
    }

    // The results of a batch whose second file could not be created: it
    // failed alone and kept its old content, the others were saved.
    void check_second_failed(results const& r) const
    {
        BOOST_TEST_REQUIRE(r.size() == 3u);
        BOOST_TEST(!r[0].failed());
        BOOST_TEST(r[1].failed());
        BOOST_TEST(r[1].step == durable::step::create);
        BOOST_TEST(r[1].error == std::errc::permission_denied);
        BOOST_TEST(!r[2].failed());
        BOOST_TEST(read_file(dir / "a.json") == std::optional<std::string>(new_content("a.json")));
        BOOST_TEST(read_file(dir / "b.json") == std::optional<std::string>("old"));
        BOOST_TEST(read_file(dir / "c.json") == std::optional<std::string>(new_content("c.json")));
        BOOST_TEST(list_dir(dir) == names(), boost::test_tools::per_element());
    }
};

// Makes the second file of a batch fail at its creation (the temporary
// files of a batch are created in the order given).
void fail_second_create(fault_file_system& fault)
{
    fault.fail_call(fs_call::create_file, 2, EACCES);
}

durable::async_write_options second_create_fails(fault_file_system& fault)
{
    fail_second_create(fault);
    durable::async_write_options options;
    options.fs = &fault;
    return options;
}

// Options whose system calls go through `fault`, which stops at the first
// call of `where` until the gate opens.
durable::async_write_options stopping_at(fault_file_system& fault, fs_call where, gate& g)
{
    fault.before_call(where, g.hook());
    durable::async_write_options options;
    options.fs = &fault;
    return options;
}

} // namespace

BOOST_AUTO_TEST_SUITE(async_write_files_test)

BOOST_AUTO_TEST_CASE(return_types_follow_the_token)
{
    asio::io_context io;
    auto const call = [&](auto token) {
        return durable::async_write_files(io, {}, durable::async_write_options(), token);
    };
    static_assert(std::is_same_v<decltype(call([](error_code, results) {})), void>);
    static_assert(std::is_same_v<decltype(call(asio::use_future)), std::future<results>>);
    static_assert(std::is_same_v<decltype(call(asio::use_awaitable)), asio::awaitable<results>>);
    static_assert(!std::is_void_v<decltype(call(asio::deferred))>);
}

BOOST_FIXTURE_TEST_CASE(handler_runs_on_its_associated_executor_with_its_allocator, temp_dir)
{
    three_files const files(path());
    asio::io_context io;
    auto strand = asio::make_strand(io);
    std::size_t allocations = 0;
    bool on_strand = false;
    durable::async_write_files(io.get_executor(), files.batch(), {},
        asio::bind_allocator(counting_allocator<int>(&allocations),
            asio::bind_executor(strand, [&](error_code, results) { on_strand = strand.running_in_this_thread(); })));
    io.run();
    BOOST_TEST(on_strand);
    BOOST_TEST(allocations > 0u);
    files.check_saved();
}

BOOST_FIXTURE_TEST_CASE(callback_runs_once_on_the_io_thread_with_a_result_per_file, temp_dir)
{
    three_files const files(path());
    fault_file_system fault;
    asio::io_context io;
    int calls = 0;
    bool on_io_executor = false;
    error_code ec;
    results r;
    durable::async_write_files(io, files.batch(), second_create_fails(fault), [&](error_code e, results got) {
        ++calls;
        on_io_executor = io.get_executor().running_in_this_thread();
        ec = e;
        r = std::move(got);
    });
    BOOST_TEST(calls == 0); // never from within the call
    io.run();
    BOOST_TEST(calls == 1);
    BOOST_TEST(on_io_executor);
    BOOST_TEST(!ec); // one file failed, not the batch
    files.check_second_failed(r);
}

BOOST_FIXTURE_TEST_CASE(every_token_delivers_the_results, temp_dir)
{
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    auto const fresh = [&](char const* name) {
        fs::create_directory(path() / name);
        return three_files(path() / name);
    };

    three_files const future_files = fresh("future");
    fault_file_system future_fault;
    results const from_future =
        durable::async_write_files(io, future_files.batch(), second_create_fails(future_fault), asio::use_future)
            .get();
    future_files.check_second_failed(from_future);

    three_files const awaited_files = fresh("awaitable");
    fault_file_system awaited_fault;
    std::promise<results> awaited;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        awaited.set_value(co_await durable::async_write_files(
            io, awaited_files.batch(), second_create_fails(awaited_fault), asio::use_awaitable));
    }, asio::detached);
    awaited_files.check_second_failed(awaited.get_future().get());

    three_files const deferred_files = fresh("deferred");
    fault_file_system deferred_fault;
    std::promise<std::pair<error_code, results>> deferred;
    auto op = durable::async_write_files(
        io, deferred_files.batch(), second_create_fails(deferred_fault), asio::deferred);
    std::move(op)([&](error_code ec, results r) { deferred.set_value({ec, std::move(r)}); });
    auto const [deferred_ec, from_deferred] = deferred.get_future().get();
    BOOST_TEST(!deferred_ec);
    deferred_files.check_second_failed(from_deferred);

    work.reset();
    runner.join();
}

// A sync that fails (the step the files of a batch take side by side) fails
// its own file only.
BOOST_FIXTURE_TEST_CASE(a_failed_sync_fails_its_file_alone, temp_dir)
{
    three_files const files(path());
    fault_file_system fault;
    fault.fail_call(fs_call::sync_data, 1, EIO);
    durable::async_write_options options;
    options.fs = &fault;
    asio::io_context io;
    auto outcome = durable::async_write_files(io, files.batch(), options, asio::use_future);
    io.run();
    results const r = outcome.get();
    BOOST_TEST_REQUIRE(r.size() == 3u);
    std::size_t failed = 0;
    for(std::size_t i = 0; i < r.size(); ++i)
    {
        std::string const name = three_files::names()[i];
        BOOST_TEST_CONTEXT(name)
        {
            if(r[i].failed())
            {
                ++failed;
                BOOST_TEST(r[i].step == durable::step::sync);
                BOOST_TEST(r[i].error == std::errc::io_error);
                BOOST_TEST(read_file(path() / name) == (name == "c.json" ? std::nullopt : std::optional<std::string>("old")));
            }
            else
            {
                BOOST_TEST(read_file(path() / name) == std::optional<std::string>(three_files::new_content(name)));
            }
        }
    }
    BOOST_TEST(failed == 1u);
}

// Starts the batch of `files`, which stops at `where` until the gate opens;
// the test cancels it meanwhile, with `type`. `prepare` may make calls fail.
std::pair<error_code, results> cancelled_at(fs_call where, three_files const& files, asio::cancellation_type type,
    std::function<void(fault_file_system&)> const& prepare = {})
{
    fault_file_system fault;
    if(prepare)
        prepare(fault);
    gate g;
    durable::async_write_options const options = stopping_at(fault, where, g);
    asio::io_context io;
    asio::cancellation_signal signal;
    std::optional<std::pair<error_code, results>> outcome;
    durable::async_write_files(io, files.batch(), options,
        asio::bind_cancellation_slot(signal.slot(), [&](error_code ec, results r) { outcome.emplace(ec, std::move(r)); }));
    g.reached.get_future().wait();
    signal.emit(type);
    g.open.set_value();
    io.run();
    BOOST_TEST_REQUIRE(outcome.has_value());
    return *outcome;
}

BOOST_FIXTURE_TEST_CASE(cancelled_before_the_renames_changes_nothing, temp_dir)
{
    for(asio::cancellation_type type : every_cancellation_type)
    for(fs_call where : {fs_call::create_file, fs_call::write, fs_call::sync_data, fs_call::close})
    {
        BOOST_TEST_CONTEXT("cancelled (" << static_cast<unsigned>(type) << ") at " << to_string(where))
        {
            three_files const files(path());
            auto const [ec, r] = cancelled_at(where, files, type);
            BOOST_TEST(ec == asio::error::operation_aborted);
            BOOST_TEST_REQUIRE(r.size() == 3u);
            for(file_write_result const& each : r)
                BOOST_TEST(each.error == asio::error::operation_aborted);
            files.check_unchanged();
        }
    }
}

// A file that failed before the cancel keeps its own error; the others,
// given up, report the cancel.
BOOST_FIXTURE_TEST_CASE(a_file_failed_before_the_cancel_keeps_its_error, temp_dir)
{
    for(asio::cancellation_type type : every_cancellation_type)
    {
        BOOST_TEST_CONTEXT("cancelled (" << static_cast<unsigned>(type) << ") at the syncs")
        {
            three_files const files(path());
            auto const [ec, r] = cancelled_at(fs_call::sync_data, files, type, fail_second_create);
            BOOST_TEST(ec == asio::error::operation_aborted);
            BOOST_TEST_REQUIRE(r.size() == 3u);
            BOOST_TEST(r[0].error == asio::error::operation_aborted);
            BOOST_TEST(r[1].step == durable::step::create);
            BOOST_TEST(r[1].error == std::errc::permission_denied);
            BOOST_TEST(r[2].error == asio::error::operation_aborted);
            files.check_unchanged();
        }
    }
}

BOOST_FIXTURE_TEST_CASE(cancelled_once_the_renames_started_completes, temp_dir)
{
    for(asio::cancellation_type type : every_cancellation_type)
    for(fs_call where : {fs_call::rename, fs_call::sync_directory})
    {
        BOOST_TEST_CONTEXT("cancelled (" << static_cast<unsigned>(type) << ") at " << to_string(where))
        {
            // At the first rename call the decision is taken: it goes ahead.
            three_files const files(path());
            auto const [ec, r] = cancelled_at(where, files, type);
            BOOST_TEST(!ec);
            BOOST_TEST_REQUIRE(r.size() == 3u);
            for(file_write_result const& each : r)
                BOOST_TEST(!each.failed());
            files.check_saved();
            fs::remove(path() / "c.json");
        }
    }
}

// The batch has not started (the blocking executor is busy) when the io
// context goes: it never starts, and the handler is destroyed unrun.
BOOST_FIXTURE_TEST_CASE(destroying_the_io_context_before_run, temp_dir)
{
    three_files const files(path());
    asio::thread_pool pool(1);
    busy_thread busy(pool.get_executor());
    fault_file_system fault;
    durable::async_write_options options;
    options.fs = &fault;
    options.blocking_executor = pool.get_executor();
    auto io = std::make_unique<asio::io_context>();
    bool called = false;
    durable::async_write_files(*io, files.batch(), options, [&](error_code, results) { called = true; });
    run_later releaser([&] { busy.release(); });
    io.reset(); // cancels, waits for the blocking part, destroys the handler
    BOOST_TEST(!called);
    BOOST_TEST(fault.call_count() == 0u);
    files.check_unchanged();
}

// The io context goes while the batch is blocked in a system call: before
// the renames it is given up, after the first it completes; either way the
// handler is destroyed unrun.
BOOST_FIXTURE_TEST_CASE(destroying_the_io_context_during_the_batch, temp_dir)
{
    for(fs_call where : {fs_call::sync_data, fs_call::rename})
    {
        BOOST_TEST_CONTEXT("destroyed at " << to_string(where))
        {
            three_files const files(path());
            fault_file_system fault;
            gate g;
            durable::async_write_options const options = stopping_at(fault, where, g);
            auto io = std::make_unique<asio::io_context>();
            bool called = false;
            durable::async_write_files(*io, files.batch(), options, [&](error_code, results) { called = true; });
            g.reached.get_future().wait();
            run_later opener([&] { g.open.set_value(); });
            io.reset();
            BOOST_TEST(!called);
            if(where == fs_call::sync_data)
                files.check_unchanged();
            else
                files.check_saved();
            fs::remove(path() / "c.json");
        }
    }
}

// The batch is done, its handler not run yet, when the io context goes.
BOOST_FIXTURE_TEST_CASE(destroying_the_io_context_after_the_batch, temp_dir)
{
    three_files const files(path());
    auto io = std::make_unique<asio::io_context>();
    bool called = false;
    durable::async_write_files(*io, files.batch(), {}, [&](error_code, results) { called = true; });
    wait_until([&] { return read_file(path() / "c.json") && list_dir(path()).size() == 3u; });
    io.reset();
    BOOST_TEST(!called);
    files.check_saved();
}

BOOST_FIXTURE_TEST_CASE(destroying_the_blocking_pool_before_the_batch_started, temp_dir)
{
    three_files const files(path());
    asio::io_context io;
    auto pool = std::make_unique<asio::thread_pool>(1);
    busy_thread busy(pool->get_executor());
    durable::async_write_options options;
    options.blocking_executor = pool->get_executor();
    bool called = false;
    durable::async_write_files(io, files.batch(), options, [&](error_code, results) { called = true; });
    run_later releaser([&] { busy.release(); });
    pool->stop();
    pool.reset();
    io.run(); // nothing left to run: the handler went with the pool
    BOOST_TEST(!called);
    files.check_unchanged();
}

#if !defined(_WIN32)
// POSIX only: the event loop's thread is filtered by seccomp.

// G6: the event loop's thread runs with every file system call forbidden
// (a seccomp filter); the batches it asks for still save every file.
BOOST_FIXTURE_TEST_CASE(no_system_call_runs_on_the_event_loop, temp_dir)
{
    three_files const files(path());
    // Started here, so that its threads do not inherit the loop's filter.
    asio::thread_pool blocking(2);
    durable::async_write_options options;
    options.blocking_executor = blocking.get_executor();
    asio::io_context io;
    std::vector<results> outcomes;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        for(int round = 0; round < 3; ++round)
            outcomes.push_back(co_await durable::async_write_files(io, files.batch(), options, asio::use_awaitable));
    }, asio::detached);
    BOOST_REQUIRE_MESSAGE(run_where_no_path_is_looked_up(io), "a seccomp filter could not be installed");
    BOOST_TEST_REQUIRE(outcomes.size() == 3u);
    for(results const& r : outcomes)
    {
        BOOST_TEST_REQUIRE(r.size() == 3u);
        for(file_write_result const& each : r)
            BOOST_TEST(!each.failed(), each.step << ": " << each.error.message());
    }
    files.check_saved();
}
#endif

BOOST_AUTO_TEST_SUITE_END()
