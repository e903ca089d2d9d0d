//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An application whose settings change often: the user drags a window about
// and its position is saved after every move, from a coroutine, without
// ever blocking the event loop. The saver writes only the newest position,
// at most once per commit delay, and the flush before exit makes the last
// one durable.
//
//     async_settings DIRECTORY

#include <durable.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <iostream>
#include <string>

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct window_settings
{
    int x = 100;
    int y = 100;
    int width = 1280;
    int height = 800;

    std::string to_text() const
    {
        return "[window]\nx = " + std::to_string(x) + "\ny = " + std::to_string(y) +
            "\nwidth = " + std::to_string(width) + "\nheight = " + std::to_string(height) + "\n";
    }
};

asio::awaitable<void> drag_the_window(durable::saver& settings)
{
    asio::steady_timer frame(co_await asio::this_coro::executor);
    window_settings window;
    // Two seconds of mouse moves, one per 10 ms frame.
    for(int move = 0; move < 200; ++move)
    {
        window.x += 3;
        window.y += 2;
        settings.save(window.to_text()); // returns at once, never touches the disk here
        frame.expires_after(10ms);
        co_await frame.async_wait(asio::use_awaitable);
    }
    // Before the application exits: everything saved is durable, or this throws.
    co_await settings.async_flush(asio::use_awaitable);
    std::cout << "200 saves, " << settings.write_count() << " writes; generation "
              << settings.durable_generation() << " is on disk in " << settings.path() << "\n";
}

int main(int argc, char** argv)
{
    if(argc != 2)
    {
        std::cerr << "usage: async_settings DIRECTORY\n";
        return 2;
    }
    asio::io_context io;

    durable::saver_options options;
    // Chromium's pattern: the first change starts a 100 ms delay, later
    // changes join it; at most one write per delay reaches the disk.
    options.commit_delay = 100ms;
    // A failed write names the path, the step and the cause; the next save
    // starts over.
    options.on_error = [](durable::save_error const& e, std::uint64_t generation) {
        std::cerr << "generation " << generation << " not saved: " << e.what() << "\n";
    };
    durable::saver settings(io, std::filesystem::path(argv[1]) / "window.ini", options);

    int status = 0;
    asio::co_spawn(io, drag_the_window(settings), [&](std::exception_ptr e) {
        if(!e)
            return;
        try
        {
            std::rethrow_exception(e);
        }
        catch(std::exception const& failure)
        {
            std::cerr << "settings not saved: " << failure.what() << "\n";
            status = 1;
        }
    });
    io.run();
    // The saver is flushed: its destructor has nothing to report.
    return status;
}
