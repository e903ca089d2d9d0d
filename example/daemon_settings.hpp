//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The configuration of the example daemon, shared by the daemon
// (settings_daemon.cpp) and by the application that changes it
// (change_setting.cpp): one declaration, so the two cannot disagree.

#ifndef DURABLE_EXAMPLE_DAEMON_SETTINGS_HPP
#define DURABLE_EXAMPLE_DAEMON_SETTINGS_HPP

#include <durable.hpp>

#include <boost/describe.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace daemon_example {

enum class level
{
    debug,
    info,
    warning,
    error
};
BOOST_DESCRIBE_ENUM(level, debug, info, warning, error)

struct listener
{
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
};
BOOST_DESCRIBE_STRUCT(listener, (), (host, port))

struct settings
{
    listener listen;
    std::string greeting = "hello";
    std::chrono::seconds idle_timeout{30};
    level log_level = level::info;
    std::vector<std::string> allowed_users;
};
BOOST_DESCRIBE_STRUCT(settings, (), (listen, greeting, idle_timeout, log_level, allowed_users))

// What the types cannot say: a configuration the daemon could not run with.
inline std::vector<durable::config_problem> validate(settings const& s)
{
    std::vector<durable::config_problem> problems;
    if(s.listen.port == 0)
        problems.push_back({"/listen/port", 0, 0, "must not be 0"});
    if(s.listen.host.empty())
        problems.push_back({"/listen/host", 0, 0, "must not be empty"});
    if(s.idle_timeout <= std::chrono::seconds::zero())
        problems.push_back({"/idle_timeout", 0, 0, "must be positive"});
    return problems;
}

} // namespace daemon_example

#endif
