//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_BENCH_EVENT_LOOP_HPP
#define DURABLE_BENCH_EVENT_LOOP_HPP

// What the benchmarks of saving from an event loop share
// (durable_bench_async, durable_bench_uring): their options, the start of a
// coroutine, the timer whose lateness says what saving does to the loop,
// and the wait for many saves at once. C++20: they are coroutines.

#include "measure.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <exception>
#include <filesystem>
#include <utility>
#include <vector>

namespace durable_bench {

// [--iterations N] [--rounds N] [--seconds S] [--dir DIR] [--only PART]:
// saves timed one by one, rounds of many files, seconds of each timer run.
struct loop_options
{
    long iterations = 0;
    long rounds = 0;
    long seconds = 0;
    fs::path dir;
    std::size_t only = all; // an index in the parts, or all
};

// `defaults` gives the counts of an option not given.
template<class Parts>
loop_options parse_loop_options(int argc, char** argv, loop_options defaults, Parts const& parts)
{
    loop_options opt = std::move(defaults);
    for(command_line args(argc, argv); args.next();)
    {
        if(args.is("--iterations"))
            opt.iterations = args.count();
        else if(args.is("--rounds"))
            opt.rounds = args.count();
        else if(args.is("--seconds"))
            opt.seconds = args.count();
        else if(args.is("--dir"))
            opt.dir = args.value();
        else if(args.is("--only"))
            opt.only = args.choice(parts);
        else
            args.unknown();
    }
    return opt;
}

// Starts a coroutine on `io`; an exception that ends it leaves io.run().
inline void spawn(boost::asio::io_context& io, boost::asio::awaitable<void> task)
{
    boost::asio::co_spawn(io, std::move(task), [](std::exception_ptr e) {
        if(e)
            std::rethrow_exception(e);
    });
}

// Ticks every `period` for `length`, at absolute deadlines (start + k
// periods), so that the loop's own work never shifts the schedule: each
// tick's lateness, wake-up minus deadline, in microseconds, is measured
// against where it should have been, and a stall longer than a period
// makes every tick it swallowed late.
inline boost::asio::awaitable<void> tick(
    clock_type::duration length, clock_type::duration period, std::vector<double>& lateness)
{
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    auto const start = clock_type::now();
    for(auto deadline = start + period; deadline <= start + length; deadline += period)
    {
        timer.expires_at(deadline);
        co_await timer.async_wait(boost::asio::use_awaitable);
        lateness.push_back(micros(clock_type::now() - deadline));
    }
}

// Starts `count` operations, `start(i, done)` starting the i-th (it must
// not throw), and waits until each has called done(). Asio has no join for
// a number of operations known only at run time but its experimental
// parallel_group; a timer that never expires, cancelled by the last
// completion, is the plain one. The completions must run on this
// coroutine's thread (the io_context runs on one): the count needs no
// lock. They hold references into this frame, so it waits for all of them
// even when the coroutine is cancelled (by `||`, say).
template<class Start>
boost::asio::awaitable<void> all_at_once(std::size_t count, Start start)
{
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    boost::asio::steady_timer all_done(
        co_await boost::asio::this_coro::executor, clock_type::time_point::max());
    std::size_t left = count;
    auto const done = [&] {
        if(--left == 0)
            all_done.cancel();
    };
    for(std::size_t i = 0; i < count; ++i)
        start(i, done);
    while(left > 0)
        co_await all_done.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}

} // namespace durable_bench

#endif
