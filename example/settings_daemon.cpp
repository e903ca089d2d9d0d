//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A small daemon with a typed configuration. It reloads on SIGHUP and when
// the file changes, never runs on a half-read or invalid configuration, and
// prints one line per event on standard output:
//
//     start ok generation=1
//     reload ok generation=2
//     reload failed generation=2: settings.json:3:17: /listen/port: expected integer in [0, 65535], found string "80"
//     stop generation=2
//
// A failed reload keeps the configuration that runs (its generation stays).
// Several problems share their line, joined by "; ". SIGTERM or SIGINT ends
// it with exit status 0, once everything it saved is durable. Under
// systemd (Type=notify-reload) it reports READY=1, RELOADING=1 and STOPPING=1.
//
//     settings_daemon FILE              run; a missing FILE is created with the defaults
//     settings_daemon --no-watch FILE   reload on SIGHUP only, not when FILE changes
//     settings_daemon --check FILE      exit 0 if the daemon would start on FILE (a missing FILE
//                                       means the defaults), else print its errors and exit 1

#include "daemon_settings.hpp"

#include <durable/printable.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <string_view>

namespace asio = boost::asio;
using daemon_example::settings;

namespace {

// One line per event, flushed at once: a supervisor or a test reads it as it comes.
void say(std::string const& line)
{
    std::cout << line << std::endl;
}

int check(std::filesystem::path const& file)
{
    asio::io_context io;
    // The daemon's own policy, without its write: a missing file is fine,
    // since the daemon would start on the defaults and write them.
    durable::config_options<settings> options;
    options.validate = daemon_example::validate;
    auto const loaded = durable::config_file<settings>(io, file, options).try_load();
    if(loaded)
        return 0;
    std::cerr << loaded.error().what() << "\n";
    return 1;
}

int run(std::filesystem::path const& file, bool watch)
{
    asio::io_context io;
    durable::live_config_options<settings> options;
    options.validate = daemon_example::validate;
    options.watch_file = watch;
    // A first start leaves a file for the operator to edit.
    options.write_defaults = true;

    std::optional<durable::live_config<settings>> config;
    try
    {
        config.emplace(io, file, options);
    }
    catch(durable::config_error const& e)
    {
        std::cerr << "start failed: " << e.single_line() << "\n";
        return 1;
    }
    auto const generation = [&] { return std::to_string(config->status().generation); };

    // A real daemon would also reconfigure itself in an on_change callback,
    // or read config->current() wherever it needs a setting.
    config->on_reload([&](durable::reload_status const& status) {
        if(status.ok)
            say("reload ok generation=" + generation());
    });
    // Failed reloads, and a watch that failed ("FILE: watch: CAUSE"; it is
    // set up again, and the daemon keeps reloading on SIGHUP meanwhile).
    config->on_failure([&](durable::config_error const& e) {
        say("reload failed generation=" + generation() + ": " + e.single_line());
    });

    int status = 0;
    asio::signal_set terminate(io, SIGTERM, SIGINT);
    terminate.async_wait([&](boost::system::error_code ec, int) {
        if(ec)
            return;
        durable::systemd_notify("STOPPING=1");
        config->stop();
        config->async_flush([&](boost::system::error_code flushed) {
            if(flushed)
            {
                std::cerr << "not saved: " << durable::printable(config->path()) << ": " << flushed.message() << "\n";
                status = 1;
            }
            say("stop generation=" + generation());
        });
    });

    say("start ok generation=" + generation());
    durable::systemd_notify("READY=1");
    io.run();
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    std::string_view const first = argc > 1 ? argv[1] : "";
    if(argc == 3 && first == "--check")
        return check(argv[2]);
    if(argc == 3 && first == "--no-watch")
        return run(argv[2], false);
    if(argc == 2 && !first.empty() && first.front() != '-')
        return run(argv[1], true);
    std::cerr << "usage: settings_daemon [--no-watch] FILE\n"
                 "       settings_daemon --check FILE\n";
    return 2;
}
