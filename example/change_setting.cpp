//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An application that changes the daemon's greeting (see settings_daemon.cpp)
// and saves the configuration asynchronously, from a coroutine. The daemon
// sees the save through its watch: the save is complete and durable when
// it is reported done, so the daemon never reads half of it.
//
//     change_setting FILE GREETING

#include "daemon_settings.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <iostream>
#include <string>

namespace asio = boost::asio;
using daemon_example::settings;

asio::awaitable<void> change_greeting(durable::config_file<settings>& file, std::string greeting)
{
    settings s = co_await file.async_load(asio::use_awaitable);
    s.greeting = std::move(greeting);
    co_await file.async_save(s, asio::use_awaitable);
    std::cout << "saved " << file.path().string() << "\n";
}

int main(int argc, char** argv)
{
    if(argc != 3)
    {
        std::cerr << "usage: change_setting FILE GREETING\n";
        return 2;
    }
    asio::io_context io;
    durable::config_options<settings> options;
    options.validate = daemon_example::validate;
    options.missing_file = durable::missing_file::error;
    durable::config_file<settings> file(io, argv[1], options);

    int status = 0;
    asio::co_spawn(io, change_greeting(file, argv[2]), [&](std::exception_ptr e) {
        if(!e)
            return;
        try
        {
            std::rethrow_exception(e);
        }
        catch(std::exception const& failure)
        {
            std::cerr << "change_setting: " << failure.what() << "\n";
            status = 1;
        }
    });
    io.run();
    return status;
}
