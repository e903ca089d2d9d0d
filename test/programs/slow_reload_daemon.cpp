//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A daemon whose reloads are slow, for live_config_test: validating a
// configuration with port 2 takes 300 ms, the window in which the test sends
// SIGTERM. It prints "ready" once its signals are handled and "validating"
// when the slow validation starts. SIGTERM stops the live_config and lets
// the reload in flight finish; the exit status is 0 if the daemon then runs
// on port 2 and everything saved is durable.
//
//     slow_reload_daemon FILE

#include <durable/live_config.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/describe.hpp>

#include <chrono>
#include <iostream>
#include <thread>

namespace {

struct service
{
    std::uint16_t port = 1;
};
BOOST_DESCRIBE_STRUCT(service, (), (port))

} // namespace

int main(int argc, char** argv)
{
    if(argc != 2)
        return 2;
    boost::asio::io_context io;
    durable::live_config_options<service> options;
    options.watch_file = false;
    options.unknown_keys = durable::unknown_keys::ignore;
    options.validate = [](service const& s) {
        if(s.port == 2)
        {
            std::cout << "validating" << std::endl;
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
        return std::vector<durable::config_problem>{};
    };
    durable::live_config<service> config(io, argv[1], options);
    boost::asio::signal_set terminate(io, SIGTERM);
    terminate.async_wait([&](boost::system::error_code, int) { config.stop(); });
    std::cout << "ready" << std::endl;
    io.run();
    config.flush();
    return config.current()->port == 2 ? 0 : 3;
}
