//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// live_config: reloads on a signal, on a change of the file and on request,
// and never runs on a torn or invalid configuration. The writers of the file
// are other processes, as they are for a daemon.

#define BOOST_TEST_MODULE live_config_test
#include <durable/live_config.hpp>
#include <durable/write_file.hpp>

#include "support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>

#include <atomic>
#include <cstdlib>
#include <thread>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

using namespace durable_test;
using namespace std::chrono_literals;

namespace live_test {

struct service
{
    std::string name = "svc";
    std::uint16_t port = 8080;
    // Holds `port` copies of `port`: a torn configuration would not.
    std::vector<int> copies;

    friend bool operator==(service const&, service const&) = default;
};
BOOST_DESCRIBE_STRUCT(service, (), (name, port, copies))

} // namespace live_test

using live_test::service;
BOOST_TEST_DONT_PRINT_LOG_VALUE(service)

namespace {

using live = durable::live_config<service>;

std::string text_of(int port)
{
    std::string text = "{\"port\": " + std::to_string(port) + ", \"copies\": [";
    for(int i = 0; i < port; ++i)
        text += (i ? ", " : "") + std::to_string(port);
    return text + "]}";
}

bool is_whole(service const& s)
{
    return s.copies.size() == s.port &&
        std::all_of(s.copies.begin(), s.copies.end(), [&](int c) { return c == s.port; });
}

// Triggers of one kind at a time, so that a test sees the one it means.
durable::live_config_options<service> only_watch()
{
    durable::live_config_options<service> o;
    o.reload_signals.clear();
    return o;
}

durable::live_config_options<service> only_signals()
{
    durable::live_config_options<service> o;
    o.watch_file = false;
    return o;
}

// Saves as another program would: the library's protocol, in another process.
void save_elsewhere(fs::path const& file, std::string const& text)
{
    BOOST_REQUIRE(run_in_child([&] {
        boost::system::error_code ec;
        durable::write_options o;
        o.durability = durable::durability::atomic;
        durable::write_file(file, text, o, ec);
        return ec ? 1 : 0;
    }) == 0);
}

// Truncates and rewrites in place, as a careless editor does.
void rewrite_elsewhere(fs::path const& file, std::string const& text)
{
    BOOST_REQUIRE(run_in_child([&] {
        int const fd = ::open(file.c_str(), O_WRONLY | O_TRUNC);
        bool const ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        return ok && ::close(fd) == 0 ? 0 : 1;
    }) == 0);
}

// Runs `io` until `done()` holds, or 10 s pass.
void run_until(boost::asio::io_context& io, std::function<bool()> const& done)
{
    auto const deadline = std::chrono::steady_clock::now() + 10s;
    while(!done() && std::chrono::steady_clock::now() < deadline)
    {
        io.run_for(5ms);
        io.restart();
    }
}

// Runs `io` for a while, for what must not happen.
void run_for(boost::asio::io_context& io, std::chrono::milliseconds how_long)
{
    io.run_for(how_long);
    io.restart();
}

// What the callbacks of a live_config saw.
struct recorder
{
    std::vector<int> changes;   // the new port of each change
    std::vector<std::string> failures;
    std::vector<bool> reloads;  // whether each reload left the configuration ok

    explicit recorder(live& config)
    {
        config.on_change([this](live::snapshot const& old_config, live::snapshot const& new_config) {
            BOOST_TEST(old_config != nullptr);
            changes.push_back(new_config->port);
        });
        config.on_failure([this](durable::config_error const& e) { failures.push_back(e.what()); });
        config.on_reload([this](durable::reload_status const& s) { reloads.push_back(s.ok); });
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(live_config_test)

BOOST_FIXTURE_TEST_CASE(starts_with_the_file_or_fails_with_its_problems, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(3));
    live config(io, path() / "s.json");
    BOOST_TEST(config.current()->port == 3);
    BOOST_TEST(config.status().generation == 1u);
    BOOST_TEST(config.status().ok);
    BOOST_TEST(config.status().watching);
    BOOST_TEST(config.status().content_hash != 0u);

    put_file(path() / "bad.json", "{\n  \"port\": \"80\"\n}");
    BOOST_CHECK_EXCEPTION(live(io, path() / "bad.json"), durable::config_error, [&](durable::config_error const& e) {
        return std::string(e.what()) == (path() / "bad.json").string() +
            ":2:11: /port: expected integer in [0, 65535], found string \"80\"";
    });

    durable::live_config_options<service> strict;
    strict.missing_file = durable::missing_file::error;
    BOOST_CHECK_EXCEPTION(live(io, path() / "none.json", strict), durable::config_error,
        [](durable::config_error const& e) { return e.code() == std::errc::no_such_file_or_directory; });
}

BOOST_FIXTURE_TEST_CASE(a_missing_directory_fails_the_start, temp_dir)
{
    boost::asio::io_context io;
    BOOST_CHECK_EXCEPTION(live(io, path() / "no" / "s.json"), durable::config_error, [&](durable::config_error const& e) {
        return std::string(e.what()) == (path() / "no" / "s.json").string() + ": watch: No such file or directory";
    });
}

BOOST_FIXTURE_TEST_CASE(sighup_reloads_beside_the_programs_own_signals, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_signals());
    recorder seen(config);
    // The program's own handling of another signal keeps working.
    boost::asio::signal_set own(io, SIGUSR1);
    bool usr1 = false;
    own.async_wait([&](boost::system::error_code ec, int) { usr1 = !ec; });

    save_elsewhere(path() / "s.json", text_of(2));
    run_for(io, 100ms);
    BOOST_TEST(seen.changes.empty()); // not watched: only the signal reloads

    ::kill(::getpid(), SIGHUP);
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{2});
    BOOST_TEST(config.current()->port == 2);
    BOOST_TEST(config.status().generation == 2u);
    BOOST_TEST(config.status().successes == 1u);

    ::kill(::getpid(), SIGUSR1);
    run_until(io, [&] { return usr1; });
    BOOST_TEST(usr1);
}

BOOST_FIXTURE_TEST_CASE(the_watch_sees_a_save_by_rename, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    save_elsewhere(path() / "s.json", text_of(2));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{2});
    BOOST_TEST(config.current()->port == 2);
}

BOOST_FIXTURE_TEST_CASE(the_watch_sees_an_in_place_rewrite, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    rewrite_elsewhere(path() / "s.json", text_of(4));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{4});
}

// A Kubernetes ConfigMap: the file is a link into `..data`, itself a link
// to a directory of the current version; an update makes a new directory
// and renames a new `..data` link over the old one.
BOOST_FIXTURE_TEST_CASE(the_watch_sees_a_symlink_swap, temp_dir)
{
    fs::create_directory(path() / "..v1");
    put_file(path() / "..v1" / "s.json", text_of(1));
    fs::create_directory_symlink("..v1", path() / "..data");
    fs::create_symlink("..data/s.json", path() / "s.json");

    boost::asio::io_context io;
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    BOOST_TEST(config.current()->port == 1);

    auto const swap_to = [&](std::string const& version, int port) {
        BOOST_REQUIRE(run_in_child([&] {
            fs::create_directory(path() / version);
            put_file(path() / version / "s.json", text_of(port));
            fs::create_directory_symlink(version, path() / "..data_tmp");
            fs::rename(path() / "..data_tmp", path() / "..data");
            return 0;
        }) == 0);
    };
    swap_to("..v2", 2);
    run_until(io, [&] { return seen.changes.size() == 1; });
    fs::remove_all(path() / "..v1");
    // The watches moved to the new version's directory.
    swap_to("..v3", 3);
    run_until(io, [&] { return seen.changes.size() == 2; });
    BOOST_TEST(seen.changes == (std::vector<int>{2, 3}));
    BOOST_TEST(seen.failures.empty());
}

BOOST_FIXTURE_TEST_CASE(a_delete_fails_and_a_re_create_reloads, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);

    BOOST_REQUIRE(run_in_child([&] { return fs::remove(path() / "s.json") ? 0 : 1; }) == 0);
    run_until(io, [&] { return !seen.failures.empty(); });
    BOOST_TEST(seen.failures == std::vector<std::string>{(path() / "s.json").string() + ": read: No such file or directory"});
    BOOST_TEST(config.current()->port == 1);
    BOOST_TEST(!config.status().ok);

    save_elsewhere(path() / "s.json", text_of(5));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{5});
    BOOST_TEST(config.status().ok);
    BOOST_TEST(!config.status().error);
}

BOOST_FIXTURE_TEST_CASE(a_broken_file_keeps_the_last_good_snapshot, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    live::snapshot const before = config.current();

    save_elsewhere(path() / "s.json", "{\n    \"port\": 2,\n    \"copies\": [2, 2,\n");
    run_until(io, [&] { return !seen.failures.empty(); });
    BOOST_TEST(seen.failures == std::vector<std::string>{(path() / "s.json").string() + ":4:1: unexpected end of file"});
    BOOST_TEST(seen.changes.empty());
    BOOST_TEST(config.current() == before);
    durable::reload_status const status = config.status();
    BOOST_TEST(!status.ok);
    BOOST_TEST(status.generation == 1u);
    BOOST_TEST(status.failures == 1u);
    BOOST_REQUIRE(status.error);
    BOOST_TEST(status.error->problems().at(0).line == 4u);

    // The same broken content again (a touch, a second save): reported once.
    save_elsewhere(path() / "s.json", "{\n    \"port\": 2,\n    \"copies\": [2, 2,\n");
    run_for(io, 200ms);
    BOOST_TEST(seen.failures.size() == 1u);
    BOOST_TEST(seen.reloads == std::vector<bool>{false});

    // Valid JSON, but the validation refuses it.
    durable::live_config_options<service> validated = only_watch();
    validated.validate = [](service const& s) {
        return s.port == 0 ? std::vector<durable::config_problem>{{"/port", 0, 0, "must not be 0"}}
                           : std::vector<durable::config_problem>{};
    };
    put_file(path() / "v.json", text_of(1));
    live checked(io, path() / "v.json", validated);
    recorder checked_seen(checked);
    save_elsewhere(path() / "v.json", "{\"port\": 0}");
    run_until(io, [&] { return !checked_seen.failures.empty(); });
    BOOST_TEST(checked_seen.failures == std::vector<std::string>{(path() / "v.json").string() + ":1:10: /port: must not be 0"});
    BOOST_TEST(checked.current()->port == 1);

    save_elsewhere(path() / "s.json", text_of(3));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{3});
    BOOST_TEST(config.status().ok);
}

BOOST_FIXTURE_TEST_CASE(unchanged_content_reloads_nothing, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(2));
    live config(io, path() / "s.json");
    recorder seen(config);
    save_elsewhere(path() / "s.json", text_of(2));
    run_until(io, [&] { return config.status().unchanged == 1; });
    ::kill(::getpid(), SIGHUP);
    run_until(io, [&] { return config.status().unchanged == 2; });
    BOOST_TEST(seen.changes.empty());
    BOOST_TEST(seen.reloads == (std::vector<bool>{true, true}));
    BOOST_TEST(config.status().generation == 1u);
    BOOST_TEST(config.status().successes == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_thousand_rapid_saves_make_few_reloads, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(0));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    BOOST_REQUIRE(run_in_child([&] {
        // Not synced: what is tested is the watch, not the disk, and a
        // burst this fast is the harder case for it.
        durable::write_options fast;
        fast.durability = durable::durability::atomic;
        boost::system::error_code ec;
        for(int i = 1; i <= 1000 && !ec; ++i)
            durable::write_file(path() / "s.json", text_of(i % 50 + 1), fast, ec);
        return ec ? 1 : 0;
    }) == 0);
    int const last = 1000 % 50 + 1;
    run_until(io, [&] { return config.current()->port == last; });
    run_for(io, 200ms); // nothing more comes
    BOOST_TEST(config.current()->port == last);
    BOOST_TEST(seen.changes.back() == last);
    BOOST_TEST_MESSAGE("1000 saves, " << config.status().successes << " reloads");
    BOOST_TEST(config.status().successes <= 20u);
    BOOST_TEST(seen.failures.empty());
}

BOOST_FIXTURE_TEST_CASE(async_reload_completes_with_its_outcome, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_signals());
    run_coroutine(io, [&]() -> boost::asio::awaitable<void> {
        put_file(path() / "s.json", text_of(2));
        durable::reload_status const s = co_await config.async_reload(boost::asio::use_awaitable);
        BOOST_TEST(s.ok);
        BOOST_TEST(s.generation == 2u);
        BOOST_TEST(config.current()->port == 2);

        put_file(path() / "s.json", "{\"port\": -1}");
        bool threw = false;
        try
        {
            co_await config.async_reload(boost::asio::use_awaitable);
        }
        catch(durable::config_error const& e)
        {
            threw = e.problems().at(0).message == "expected integer in [0, 65535], found number -1";
        }
        BOOST_TEST(threw);
        BOOST_TEST(config.current()->port == 2);
        config.stop();
    });

    // Callbacks: the handler never runs from within the call.
    bool inline_completion = true;
    bool completed = false;
    config.async_reload([&](std::exception_ptr, durable::reload_status) { completed = !inline_completion; });
    inline_completion = false;
    io.restart();
    io.run();
    BOOST_TEST(completed);
}

BOOST_FIXTURE_TEST_CASE(its_own_saves_are_published_not_reloaded, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json");
    recorder seen(config);
    service saved;
    saved.port = 2;
    saved.copies = {2, 2};
    bool done = false;
    config.async_save(saved, [&](std::exception_ptr e) {
        BOOST_TEST(!e);
        // Completed: durable, and published.
        BOOST_TEST(config.current()->port == 2);
        done = true;
    });
    run_until(io, [&] { return done; });
    run_for(io, 200ms); // the watch's event comes, and is recognised
    BOOST_TEST(seen.changes == std::vector<int>{2});
    BOOST_TEST(config.status().generation == 2u);
    BOOST_TEST(config.status().successes == 0u);
    BOOST_TEST(*read_file(path() / "s.json") ==
        "{\n    \"name\": \"svc\",\n    \"port\": 2,\n    \"copies\": [\n        2,\n        2\n    ]\n}\n");

    // A value the validation refuses is neither saved nor published.
    durable::live_config_options<service> validated;
    validated.validate = [](service const& s) {
        return s.port == 0 ? std::vector<durable::config_problem>{{"/port", 0, 0, "must not be 0"}}
                           : std::vector<durable::config_problem>{};
    };
    live checked(io, path() / "s.json", validated);
    std::exception_ptr refused;
    checked.async_save(service{"x", 0, {}}, [&](std::exception_ptr e) { refused = e; });
    run_until(io, [&] { return refused != nullptr; });
    BOOST_CHECK_THROW(std::rethrow_exception(refused), durable::config_error);
    BOOST_TEST(checked.current()->port == 2);
    BOOST_TEST(read_file(path() / "s.json")->find("\"port\": 2") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(readers_see_only_whole_configs, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_signals());
    std::atomic<bool> stop{false};
    std::atomic<long> torn{0};
    std::atomic<long> reads{0};
    std::vector<std::thread> readers;
    for(int r = 0; r < 4; ++r)
        readers.emplace_back([&] {
            std::uint16_t last = 0;
            while(!stop)
            {
                live::snapshot const s = config.current();
                // Whole, and never older than one seen before.
                if(!is_whole(*s) || s->port < last)
                    ++torn;
                last = s->port;
                ++reads;
            }
        });
    run_coroutine(io, [&]() -> boost::asio::awaitable<void> {
        durable::write_options fast;
        fast.durability = durable::durability::atomic;
        for(int i = 2; i <= 1001; ++i)
        {
            durable::write_file(path() / "s.json", text_of(i), fast);
            co_await config.async_reload(boost::asio::use_awaitable);
        }
        config.stop();
    });
    stop = true;
    for(std::thread& t : readers)
        t.join();
    BOOST_TEST_MESSAGE(reads << " reads during 1000 reloads");
    BOOST_TEST(torn == 0);
    BOOST_TEST(config.status().successes == 1000u);
}

BOOST_FIXTURE_TEST_CASE(systemd_hears_of_each_reload, temp_dir)
{
    int const sock = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    BOOST_REQUIRE(sock >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string const name = (path() / "notify").string();
    std::memcpy(address.sun_path, name.c_str(), name.size() + 1);
    BOOST_REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    timeval timeout{5, 0};
    ::setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    auto const receive = [&] {
        char buffer[512];
        ssize_t const n = ::recv(sock, buffer, sizeof buffer, 0);
        return std::string(buffer, n < 0 ? 0 : static_cast<std::size_t>(n));
    };
    ::setenv("NOTIFY_SOCKET", name.c_str(), 1);

    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_signals());
    auto const reload = [&] {
        bool done = false;
        config.async_reload([&](std::exception_ptr, durable::reload_status) { done = true; });
        run_until(io, [&] { return done; });
    };

    put_file(path() / "s.json", text_of(2));
    reload();
    std::string const reloading = receive();
    BOOST_TEST(reloading.rfind("RELOADING=1\nMONOTONIC_USEC=", 0) == 0u);
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    std::uint64_t const usec = std::stoull(reloading.substr(reloading.find('=', 12) + 1));
    BOOST_TEST(usec <= static_cast<std::uint64_t>(now.tv_sec) * 1000000u + static_cast<std::uint64_t>(now.tv_nsec) / 1000u);
    BOOST_TEST(usec + 10000000u > static_cast<std::uint64_t>(now.tv_sec) * 1000000u);
    BOOST_TEST(receive() == "READY=1\nSTATUS=configuration generation 2 running");

    put_file(path() / "s.json", "{\"port\": true}");
    reload();
    BOOST_TEST(receive().rfind("RELOADING=1\n", 0) == 0u);
    BOOST_TEST(receive() == "READY=1\nSTATUS=reload failed, generation 2 still running: " + (path() / "s.json").string() +
        ":1:10: /port: expected integer in [0, 65535], found boolean true");

    ::unsetenv("NOTIFY_SOCKET");
    ::close(sock);
}

// SIGTERM arrives while a reload is being validated: the daemon stops its
// triggers, lets the reload finish, flushes and exits with 0. The daemon is
// a program of its own (test/programs/slow_reload_daemon.cpp), whose path
// comes after "--" on the command line: a forked copy of this process could
// not start the threads of its blocking executor under ThreadSanitizer.
BOOST_FIXTURE_TEST_CASE(sigterm_during_a_reload_exits_cleanly, temp_dir)
{
    auto const& suite = boost::unit_test::framework::master_test_suite();
    BOOST_REQUIRE_MESSAGE(suite.argc == 2, "run as: test_live_config -- PATH-OF-slow_reload_daemon");
    std::string const program = suite.argv[1];
    put_file(path() / "s.json", "{\"port\": 1}");
    int out[2];
    BOOST_REQUIRE(::pipe(out) == 0);
    pid_t const child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if(child == 0)
    {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        std::string const file = (path() / "s.json").string();
        ::execl(program.c_str(), program.c_str(), file.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    // The daemon's lines, one at a time; empty at its end.
    auto const next_line = [&] {
        std::string line;
        char c = 0;
        while(::read(out[0], &c, 1) == 1 && c != '\n')
            line += c;
        return line;
    };
    BOOST_REQUIRE(next_line() == "ready");
    put_file(path() / "s.json", "{\"port\": 2}");
    ::kill(child, SIGHUP);
    BOOST_REQUIRE(next_line() == "validating");
    ::kill(child, SIGTERM);
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(out[0]);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_lost_watch_is_reported_and_set_up_again, temp_dir)
{
    fs::create_directory(path() / "conf");
    put_file(path() / "conf" / "s.json", text_of(1));
    boost::asio::io_context io;
    durable::live_config_options<service> o = only_watch();
    o.watch_retry = 20ms;
    live config(io, path() / "conf" / "s.json", o);
    recorder seen(config);

    BOOST_REQUIRE(run_in_child([&] { return fs::remove_all(path() / "conf") == 2 ? 0 : 1; }) == 0);
    run_until(io, [&] { return !config.status().watching; });
    BOOST_TEST(!config.status().watching);
    run_for(io, 100ms); // retries fail quietly
    BOOST_TEST(std::count(seen.failures.begin(), seen.failures.end(),
        (path() / "conf" / "s.json").string() + ": watch: No such file or directory") == 1);

    BOOST_REQUIRE(run_in_child([&] {
        fs::create_directory(path() / "conf");
        put_file(path() / "conf" / "s.json", text_of(7));
        return 0;
    }) == 0);
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(config.status().watching);
    BOOST_TEST(seen.changes == std::vector<int>{7});
}

// When the kernel's event queue overflows, the events of the file may be
// among those lost: the overflow itself makes a reload.
BOOST_FIXTURE_TEST_CASE(a_queue_overflow_reloads, temp_dir)
{
    if(!running_as_root("lowering fs.inotify.max_queued_events needs root"))
        return;
    fs::path const limit = "/proc/sys/fs/inotify/max_queued_events";
    std::string const saved_limit = *read_file(limit);
    put_file(limit, "4\n");
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    std::optional<live> config;
    try
    {
        config.emplace(io, path() / "s.json", only_watch());
    }
    catch(...)
    {
        put_file(limit, saved_limit);
        throw;
    }
    put_file(limit, saved_limit); // read by inotify_init only
    recorder seen(*config);
    // Many events in the watched directory before the loop reads any, the
    // file's own change last: it cannot fit in the queue.
    for(int i = 0; i < 20; ++i)
        put_file(path() / ("other-" + std::to_string(i)), "x");
    save_elsewhere(path() / "s.json", text_of(9));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{9});
}

BOOST_AUTO_TEST_SUITE_END()
