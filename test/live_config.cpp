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

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/describe.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <csignal>

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/inotify.h>
#endif

using namespace durable_test;
using namespace std::chrono_literals;

#if !defined(_WIN32)

namespace {

// What a test makes happen right after the program adds an inotify watch,
// on the thread that added it: the window between a watch added and the
// watch used, which a slow file system makes long.
std::mutex add_watch_mutex;
std::function<void(std::string const& directory)> after_add_watch;

} // namespace

// Every inotify_add_watch of this program comes here first (the test's own
// definition comes before the C library's), then goes to the real one.
extern "C" int inotify_add_watch(int descriptor, char const* directory, std::uint32_t mask)
{
    using add_watch_type = int (*)(int, char const*, std::uint32_t);
    static auto const real = reinterpret_cast<add_watch_type>(::dlsym(RTLD_NEXT, "inotify_add_watch"));
    int const wd = real(descriptor, directory, mask);
    std::function<void(std::string const&)> hook;
    {
        std::lock_guard<std::mutex> lock(add_watch_mutex);
        hook = after_add_watch;
    }
    if(hook)
        hook(directory);
    return wd;
}

#endif // !defined(_WIN32)

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

// The signal that asks for a reload by default, one the program handles
// itself, and one more.
#if defined(_WIN32)
constexpr int reload_signal = SIGBREAK;
constexpr int own_signal = SIGTERM;
constexpr int another_signal = SIGINT;
#else
constexpr int reload_signal = SIGHUP;
constexpr int own_signal = SIGUSR1;
constexpr int another_signal = SIGUSR2;
#endif

// As another program would send it: to the process, on Linux.
void signal_this_process(int signal)
{
#if defined(_WIN32)
    BOOST_REQUIRE(std::raise(signal) == 0);
#else
    BOOST_REQUIRE(::kill(::getpid(), signal) == 0);
#endif
}

// What the system reports for a name that is not there, in its own words.
boost::system::error_code no_such_file()
{
#if defined(_WIN32)
    return {ERROR_FILE_NOT_FOUND, boost::system::system_category()};
#else
    return {ENOENT, boost::system::system_category()};
#endif
}

// Runs `body` as another program would, in another process where there is
// fork(); in this one, between two runs of the loop, on Windows (the watch
// cannot tell the difference).
void elsewhere(std::function<int()> const& body)
{
#if defined(_WIN32)
    BOOST_REQUIRE(body() == 0);
#else
    BOOST_REQUIRE(run_in_child(body) == 0);
#endif
}

// Saves as another program would: the library's protocol.
void save_elsewhere(fs::path const& file, std::string const& text)
{
    elsewhere([&] {
        boost::system::error_code ec;
        durable::write_options o;
        o.durability = durable::durability::atomic;
        durable::write_file(file, text, o, ec);
        return ec ? 1 : 0;
    });
}

// Appends, as `cat more >> file` does.
void append_file(fs::path const& file, std::string const& text)
{
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << text;
    BOOST_REQUIRE(out.flush());
}

// Truncates and rewrites in place, as a careless editor does.
void rewrite_elsewhere(fs::path const& file, std::string const& text)
{
    elsewhere([&] {
#if defined(_WIN32)
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        return out ? 0 : 1;
#else
        int const fd = ::open(file.c_str(), O_WRONLY | O_TRUNC);
        bool const ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        return ok && ::close(fd) == 0 ? 0 : 1;
#endif
    });
}

#if !defined(_WIN32)

// A Kubernetes ConfigMap's layout: s.json -> ..data/s.json, ..data -> VERSION.
void mount_config_map(fs::path const& dir, std::string const& version, int port)
{
    fs::create_directory(dir / version);
    put_file(dir / version / "s.json", text_of(port));
    fs::create_directory_symlink(version, dir / "..data");
    fs::create_symlink("..data/s.json", dir / "s.json");
}

// The ConfigMap's update, by another process: a new version's directory,
// then a new ..data link renamed over the old.
void swap_config_map(fs::path const& dir, std::string const& version, int port)
{
    BOOST_REQUIRE(run_in_child([&] {
        fs::create_directory(dir / version);
        put_file(dir / version / "s.json", text_of(port));
        fs::create_directory_symlink(version, dir / "..data_tmp");
        fs::rename(dir / "..data_tmp", dir / "..data");
        return 0;
    }) == 0);
}

#endif // !defined(_WIN32)

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
        boost::system::error_code const missing = no_such_file();
        return e.code() == missing &&
            std::string(e.what()) == (path() / "no" / "s.json").string() + ": watch: " + missing.message();
    });
}

BOOST_FIXTURE_TEST_CASE(the_reload_signal_works_beside_the_programs_own_signals, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_signals());
    recorder seen(config);
    // The program's own handling of another signal keeps working.
    boost::asio::signal_set own(io, own_signal);
    bool own_seen = false;
    own.async_wait([&](boost::system::error_code ec, int) { own_seen = !ec; });

    save_elsewhere(path() / "s.json", text_of(2));
    run_for(io, 100ms);
    BOOST_TEST(seen.changes.empty()); // not watched: only the signal reloads

    signal_this_process(reload_signal);
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{2});
    BOOST_TEST(config.current()->port == 2);
    BOOST_TEST(config.status().generation == 2u);
    BOOST_TEST(config.status().successes == 1u);

    signal_this_process(own_signal);
    run_until(io, [&] { return own_seen; });
    BOOST_TEST(own_seen);
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

BOOST_FIXTURE_TEST_CASE(a_delete_fails_and_a_re_create_reloads, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);

    elsewhere([&] { return fs::remove(path() / "s.json") ? 0 : 1; });
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

// The file's directory renamed away (to a trash folder, say), another made
// at its path: the watch follows the path, not the directory that went.
BOOST_FIXTURE_TEST_CASE(a_directory_renamed_away_is_not_watched_where_it_went, temp_dir)
{
    boost::asio::io_context io;
    fs::create_directory(path() / "app");
    put_file(path() / "app" / "s.json", text_of(1));
    live config(io, path() / "app" / "s.json", only_watch());
    recorder seen(config);

    elsewhere([&] {
        boost::system::error_code ec;
        fs::rename(path() / "app", path() / "trash", ec);
        return ec ? 1 : 0;
    });
    run_until(io, [&] { return !seen.failures.empty(); });
    BOOST_TEST(!config.status().watching);
    BOOST_TEST(config.current()->port == 1);

    // What changes where it went is not the path's.
    save_elsewhere(path() / "trash" / "s.json", text_of(2));
    elsewhere([&] {
        boost::system::error_code ec;
        fs::create_directory(path() / "app", ec);
        return ec ? 1 : 0;
    });
    save_elsewhere(path() / "app" / "s.json", text_of(3));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{3});
    BOOST_TEST(config.current()->port == 3);
    BOOST_TEST(config.status().ok);
    run_until(io, [&] { return config.status().watching; });
    BOOST_TEST(config.status().watching);
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

// `: > f; sleep 0.1; cat new >> f`: the empty file between the two is read,
// and fails to load, but it is not what the writer meant. No failure may be
// reported, to the callbacks or in the status.
BOOST_FIXTURE_TEST_CASE(a_text_being_written_is_not_a_failure, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    std::vector<bool> ok_seen;
    config.on_reload([&](durable::reload_status const& s) { ok_seen.push_back(s.ok); });
    put_file(path() / "s.json", "");
    run_for(io, 120ms);
    BOOST_TEST(config.status().ok);
    append_file(path() / "s.json", text_of(7));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{7});
    BOOST_TEST(seen.failures.empty());
    BOOST_TEST(std::count(ok_seen.begin(), ok_seen.end(), false) == 0);
}

// A text that never stops changing is still reported, within settle_timeout
// of its first failed read; and a text that stays broken is reported after
// one confirming read.
BOOST_FIXTURE_TEST_CASE(a_failure_is_reported_once_the_text_settles_or_in_time, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    durable::live_config_options<service> options = only_watch();
    options.settle_timeout = 400ms;
    live config(io, path() / "s.json", options);
    recorder seen(config);
    auto const start = std::chrono::steady_clock::now();
    for(int i = 0; seen.failures.empty() && std::chrono::steady_clock::now() - start < 5s; ++i)
    {
        put_file(path() / "s.json", "{\"port\": " + std::to_string(i));
        run_for(io, 20ms);
    }
    BOOST_TEST(!seen.failures.empty());
    BOOST_TEST(!config.status().ok);

    put_file(path() / "b.json", text_of(1));
    live steady(io, path() / "b.json", options);
    recorder steady_seen(steady);
    save_elsewhere(path() / "b.json", "{\"port\": ");
    run_until(io, [&] { return !steady_seen.failures.empty(); });
    BOOST_TEST(steady_seen.failures.size() == 1u);
    BOOST_TEST(steady.status().failures == 1u);
}

// A failure held for as long as a test runs, started by a signal (no event
// follows it, no waiter), read through `fault`, whose reads the tests count.
struct held_failure
{
    durable::test::fault_file_system fault;
    durable::live_config_options<service> options = only_signals();

    explicit held_failure(fs::path const& file)
    {
        options.saving.fs = &fault;
        options.settle_quiet = 1h;
        options.settle_timeout = 2h;
        put_file(file, text_of(1));
    }

    std::size_t reads() const
    {
        auto const calls = fault.calls();
        return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(),
            [](durable::test::recorded_call const& c) { return c.call == durable::test::fs_call::read_file; }));
    }

    // Breaks the file and has `config` read it: the failure comes back to
    // the strand, and is held.
    void hold(boost::asio::io_context& io, live& config, fs::path const& file)
    {
        std::size_t const before = reads();
        put_file(file, "{\"port\": ");
        signal_this_process(reload_signal);
        run_until(io, [&] { return reads() > before; });
        run_for(io, 100ms);
        BOOST_TEST_REQUIRE(config.status().ok); // held, not reported
    }
};

// Destroyed during a held failure that an async_reload waits for: as a
// reload in flight at the destruction, it is answered, by a final read.
BOOST_FIXTURE_TEST_CASE(a_held_failure_with_a_waiter_is_answered_after_the_destruction, temp_dir)
{
    held_failure held(path() / "s.json");
    boost::asio::io_context io;
    std::optional<live> config(std::in_place, io, path() / "s.json", held.options);
    put_file(path() / "s.json", "{\"port\": ");
    std::optional<std::exception_ptr> answer;
    config->async_reload([&](std::exception_ptr e, durable::reload_status) { answer = e; });
    run_until(io, [&] { return held.reads() == 2u; }); // the load, then this reload
    run_for(io, 100ms);
    BOOST_TEST_REQUIRE(!answer); // held: the waiter waits
    config.reset();
    run_until(io, [&] { return answer.has_value(); });
    BOOST_TEST_REQUIRE(answer.has_value());
    BOOST_CHECK_THROW(std::rethrow_exception(*answer), durable::config_error);
    BOOST_TEST(held.reads() == 3u);
}

// Destroyed during a held failure, then the io_context, unrun: the
// cancelled wait, the state it holds and a waiter go with the io_context.
// (The io_context destroyed before the live_config is no order an Asio I/O
// object allows: its timers would outlive their service.)
BOOST_FIXTURE_TEST_CASE(a_held_failure_goes_with_an_io_context_destroyed_unrun, temp_dir)
{
    for(bool const waiting : {false, true})
    {
        held_failure held(path() / "s.json");
        auto const handler_alive = std::make_shared<int>(0);
        bool completed = false;
        std::size_t reads = 0;
        {
            boost::asio::io_context io;
            std::optional<live> config(std::in_place, io, path() / "s.json", held.options);
            held.hold(io, *config, path() / "s.json");
            if(waiting)
            {
                config->async_reload([&, handler_alive](std::exception_ptr, durable::reload_status) { completed = true; });
                run_until(io, [&] { return held.reads() > 2u; }); // the load, the signal's, this one's
                run_for(io, 100ms);
            }
            reads = held.reads();
            config.reset();
        }
        BOOST_TEST(held.reads() == reads);
        BOOST_TEST(!completed);
        BOOST_TEST(handler_alive.use_count() == 1);
    }
}

BOOST_FIXTURE_TEST_CASE(unchanged_content_reloads_nothing, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(2));
    live config(io, path() / "s.json");
    recorder seen(config);
    save_elsewhere(path() / "s.json", text_of(2));
    run_until(io, [&] { return config.status().unchanged == 1; });
    signal_this_process(reload_signal);
    run_until(io, [&] { return config.status().unchanged == 2; });
    BOOST_TEST(seen.changes.empty());
    BOOST_TEST(seen.reloads == (std::vector<bool>{true, true}));
    BOOST_TEST(config.status().generation == 1u);
    BOOST_TEST(config.status().successes == 0u);
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
    durable::live_config_options<service> canonical;
    canonical.keep_layout = false; // the text checked below is the canonical form
    live config(io, path() / "s.json", canonical);
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

BOOST_FIXTURE_TEST_CASE(a_lost_watch_is_reported_and_set_up_again, temp_dir)
{
    fs::create_directory(path() / "conf");
    put_file(path() / "conf" / "s.json", text_of(1));
    boost::asio::io_context io;
    durable::live_config_options<service> o = only_watch();
    o.watch_retry = 20ms;
    live config(io, path() / "conf" / "s.json", o);
    recorder seen(config);

    elsewhere([&] { return fs::remove_all(path() / "conf") == 2 ? 0 : 1; });
    run_until(io, [&] { return !config.status().watching; });
    BOOST_TEST(!config.status().watching);
    run_for(io, 100ms); // retries fail quietly
    BOOST_TEST(std::count(seen.failures.begin(), seen.failures.end(),
        (path() / "conf" / "s.json").string() + ": watch: " + no_such_file().message()) == 1);

    elsewhere([&] {
        fs::create_directory(path() / "conf");
        put_file(path() / "conf" / "s.json", text_of(7));
        return 0;
    });
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(config.status().watching);
    BOOST_TEST(seen.changes == std::vector<int>{7});
}

// The blocking part runs off the event loop (G6): the validation, which runs
// in it, never runs on the thread that runs the loop.
BOOST_FIXTURE_TEST_CASE(a_reload_reads_and_validates_off_the_event_loop, temp_dir)
{
    std::mutex mutex;
    std::vector<std::thread::id> validated_on;
    durable::live_config_options<service> o = only_signals();
    o.validate = [&](service const&) {
        std::lock_guard<std::mutex> lock(mutex);
        validated_on.push_back(std::this_thread::get_id());
        return std::vector<durable::config_problem>{};
    };
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    validated_on.clear(); // the load at start runs on the constructing thread, by design
    run_coroutine(io, [&]() -> boost::asio::awaitable<void> {
        for(int port = 2; port <= 5; ++port)
        {
            put_file(path() / "s.json", text_of(port));
            co_await config.async_reload(boost::asio::use_awaitable);
        }
        config.stop();
    });
    BOOST_TEST(validated_on.size() == 4u);
    BOOST_TEST(std::count(validated_on.begin(), validated_on.end(), std::this_thread::get_id()) == 0);
}

BOOST_FIXTURE_TEST_CASE(a_change_during_the_first_load_is_seen, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    bool first = true;
    durable::live_config_options<service> o = only_watch();
    o.validate = [&](service const&) {
        // Another program saves while the first load is being validated.
        if(std::exchange(first, false))
            save_elsewhere(path() / "s.json", text_of(5));
        return std::vector<durable::config_problem>{};
    };
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    BOOST_TEST(config.current()->port == 1);
    run_until(io, [&] { return config.current()->port == 5; });
    BOOST_TEST(config.current()->port == 5);
}

// Requests made during a reload share the one reload that follows it.
BOOST_FIXTURE_TEST_CASE(requests_during_a_reload_share_the_next_one, temp_dir)
{
    std::atomic<bool> slow{true};
    durable::live_config_options<service> o = only_signals();
    o.validate = [&](service const&) {
        if(slow)
            std::this_thread::sleep_for(100ms);
        return std::vector<durable::config_problem>{};
    };
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    put_file(path() / "s.json", text_of(2));
    int completed = 0;
    for(int i = 0; i < 50; ++i)
        config.async_reload([&](std::exception_ptr e, durable::reload_status) { completed += e ? 0 : 1; });
    run_until(io, [&] { return completed == 50; });
    BOOST_TEST(completed == 50);
    durable::reload_status const s = config.status();
    BOOST_TEST(s.successes + s.unchanged == 2u);
    BOOST_TEST(config.current()->port == 2);
}

BOOST_FIXTURE_TEST_CASE(any_signal_can_ask_for_a_reload, temp_dir)
{
    durable::live_config_options<service> o = only_signals();
    o.reload_signals = {another_signal};
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    put_file(path() / "s.json", text_of(2));
    signal_this_process(another_signal);
    run_until(io, [&] { return config.current()->port == 2; });
    BOOST_TEST(config.current()->port == 2);
}

BOOST_FIXTURE_TEST_CASE(stop_ends_the_triggers_but_not_async_reload, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    live config(io, path() / "s.json");
    recorder seen(config);
    config.stop();
    run_for(io, 20ms);
    BOOST_TEST(!config.status().watching);
    save_elsewhere(path() / "s.json", text_of(2));
    signal_this_process(reload_signal); // taken and ignored: the process lives on
    run_for(io, 200ms);
    BOOST_TEST(seen.changes.empty());
    bool done = false;
    config.async_reload([&](std::exception_ptr, durable::reload_status) { done = true; });
    run_until(io, [&] { return done; });
    BOOST_TEST(seen.changes == std::vector<int>{2});
}

// The owner destroys the live_config, then what its callbacks refer to:
// the reload in flight must not call them afterwards.
BOOST_FIXTURE_TEST_CASE(no_callback_runs_after_the_destructor, temp_dir)
{
    std::atomic<bool> validating{false};
    durable::live_config_options<service> o = only_signals();
    o.validate = [&](service const& s) {
        if(s.port == 2)
        {
            validating = true;
            std::this_thread::sleep_for(200ms);
        }
        return std::vector<durable::config_problem>{};
    };
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    std::optional<live> config;
    config.emplace(io, path() / "s.json", o);
    int calls = 0;
    config->on_change([&](auto const&, auto const&) { ++calls; });
    config->on_reload([&](durable::reload_status const&) { ++calls; });
    bool completed = false;
    put_file(path() / "s.json", text_of(2));
    config->async_reload([&](std::exception_ptr, durable::reload_status) { completed = true; });
    run_until(io, [&] { return validating.load(); });
    config.reset();
    run_for(io, 400ms);
    BOOST_TEST(completed); // the operation itself completes
    BOOST_TEST(calls == 0);
}

// Started on the defaults because there is no file: a reload that still
// finds none changes nothing, and is no failure.
BOOST_FIXTURE_TEST_CASE(a_config_from_no_file_is_unchanged_while_there_is_none, temp_dir)
{
    boost::asio::io_context io;
    live config(io, path() / "none.json", only_signals());
    BOOST_TEST(config.status().content_hash == 0u);
    bool done = false;
    config.async_reload([&](std::exception_ptr e, durable::reload_status s) {
        BOOST_TEST(!e);
        BOOST_TEST(s.ok);
        BOOST_TEST(s.unchanged == 1u);
        done = true;
    });
    run_until(io, [&] { return done; });
    BOOST_TEST(done);
}

// A blocking executor that drops the reload unrun (a pool the program
// destroyed first) fails that reload, instead of leaving it pending forever.
BOOST_FIXTURE_TEST_CASE(a_reload_dropped_by_its_executor_fails, temp_dir)
{
    std::optional<boost::asio::thread_pool> pool(1);
    durable::live_config_options<service> o = only_signals();
    o.saving.blocking_executor = pool->get_executor();
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    pool->stop();
    pool->join();
    std::exception_ptr failed;
    bool done = false;
    config.async_reload([&](std::exception_ptr e, durable::reload_status) { failed = e; done = true; });
    run_for(io, 50ms); // the reload waits in the stopped pool's queue
    BOOST_TEST(!done);
    pool.reset();
    run_until(io, [&] { return done; });
    BOOST_REQUIRE(failed);
    BOOST_CHECK_EXCEPTION(std::rethrow_exception(failed), durable::config_error, [](durable::config_error const& e) {
        return e.code() == boost::asio::error::operation_aborted;
    });
    BOOST_TEST(!config.status().ok);
}

// An executor drops a job only as it goes away: from then on nothing is
// sent to it (it is freed memory), the watch is reported lost once and not
// retried, and every reload fails at once.
BOOST_FIXTURE_TEST_CASE(an_executor_gone_gets_no_more_jobs, temp_dir)
{
    std::optional<boost::asio::thread_pool> pool(1);
    durable::live_config_options<service> o = only_watch();
    o.saving.blocking_executor = pool->get_executor();
    o.watch_retry = 10ms;
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    recorder seen(config);
    pool->stop();
    pool->join();
    save_elsewhere(path() / "s.json", text_of(2));
    run_for(io, 100ms); // the placement and the reload wait in the stopped pool's queue
    pool.reset();
    run_until(io, [&] { return seen.reloads.size() == 1; });
    run_for(io, 100ms); // ten retry periods: a retry would use the freed pool
    std::string const canceled = boost::system::error_code(boost::asio::error::operation_aborted).message();
    BOOST_TEST(seen.failures == (std::vector<std::string>{
        (path() / "s.json").string() + ": watch: " + canceled,
        (path() / "s.json").string() + ": reload: " + canceled}), boost::test_tools::per_element());
    BOOST_TEST(!config.status().watching);

    std::exception_ptr failed;
    bool done = false;
    config.async_reload([&](std::exception_ptr e, durable::reload_status) { failed = e; done = true; });
    run_until(io, [&] { return done; });
    BOOST_TEST(done);
    BOOST_CHECK_EXCEPTION(std::rethrow_exception(failed), durable::config_error, [](durable::config_error const& e) {
        return e.code() == boost::asio::error::operation_aborted;
    });
}

// As a saver's: the flush guard runs in the destructor, whatever the
// triggers' waits or the pending save still hold, and the pending save
// keeps nothing alive.
BOOST_FIXTURE_TEST_CASE(destroyed_with_a_save_pending_runs_the_flush_guard, temp_dir)
{
    drop_recorder drops;
    put_file(path() / "s.json", text_of(1));
    auto const handler_alive = std::make_shared<int>(0);
    bool completed = false;
    {
        boost::asio::io_context io;
        {
            live config(io, path() / "s.json", only_signals());
            config.async_save(service{"saved", 0, {}}, [&, handler_alive](std::exception_ptr) { completed = true; });
        }
        BOOST_TEST(drops.events.size() == 1u);
        BOOST_TEST(read_file(path() / "s.json")->find("\"saved\"") != std::string::npos);
    }
    BOOST_TEST(!completed);
    BOOST_TEST(handler_alive.use_count() == 1);
}

// The flush guard meets a save it cannot write once: the live_config's
// destructor and its config_file's saver, let go after it, do not both
// report it (or try it twice).
BOOST_FIXTURE_TEST_CASE(a_save_that_cannot_be_written_is_reported_once, temp_dir)
{
    drop_recorder drops;
    put_file(path() / "s.json", text_of(1));
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::sync_data, 1, EIO, durable::test::fault_duration::persistent);
    {
        durable::live_config_options<service> o = only_signals();
        o.saving.fs = &fault;
        // Nothing is written before it goes: every attempt is a guard's.
        o.saving.commit_delay = std::chrono::hours(1);
        boost::asio::io_context io;
        live config(io, path() / "s.json", o);
        config.async_save(service{"lost", 0, {}}, [](std::exception_ptr) {});
    }
    BOOST_TEST(drops.events.size() == 1u);
    BOOST_TEST(calls_of(fault, durable::test::fs_call::sync_data) == 1u);
    BOOST_TEST(*read_file(path() / "s.json") == text_of(1));
}

BOOST_FIXTURE_TEST_CASE(a_save_whose_live_config_is_gone_completes, temp_dir)
{
    drop_recorder drops;
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    std::optional<std::exception_ptr> completed;
    {
        live config(io, path() / "s.json", only_signals());
        config.async_save(service{"saved", 0, {}}, [&](std::exception_ptr e) { completed = e; });
    }
    io.run();
    BOOST_TEST_REQUIRE(completed.has_value());
    BOOST_TEST(!*completed); // durable; there is no snapshot left to publish it in
}

// A save holds the live_config's state weakly, and the state holds the
// core it saves through: one that starts once both are gone (a deferred
// operation) completes with operation_aborted, and writes nothing.
BOOST_FIXTURE_TEST_CASE(a_save_started_after_the_state_is_gone_is_aborted, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    std::optional<std::exception_ptr> completed;
    {
        std::optional<live> config(std::in_place, io, path() / "s.json", only_signals());
        auto op = config->async_save(service{"late", 2, {}}, boost::asio::deferred);
        config.reset();
        io.run(); // the waits of the triggers end, and the state with them
        io.restart();
        std::move(op)([&](std::exception_ptr e) { completed = e; });
        BOOST_TEST(!completed.has_value()); // never from within the call
    }
    io.run();
    BOOST_TEST_REQUIRE(completed.has_value());
    BOOST_CHECK_EXCEPTION(std::rethrow_exception(*completed), boost::system::system_error,
        [](boost::system::system_error const& e) { return e.code() == boost::asio::error::operation_aborted; });
    BOOST_TEST(*read_file(path() / "s.json") == text_of(1));
}

// The handlers of async_reload and async_save, passed on type-erased, still
// complete through their own associated executor: a save, a refused save, a
// reload.
BOOST_FIXTURE_TEST_CASE(completions_run_through_the_handlers_executor, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    boost::asio::io_context io;
    auto const strand = boost::asio::make_strand(io);
    durable::live_config_options<service> o = only_signals();
    o.validate = [](service const& s) {
        return s.port == 0 ? std::vector<durable::config_problem>{{"/port", 0, 0, "must not be 0"}}
                           : std::vector<durable::config_problem>{};
    };
    live config(io, path() / "s.json", o);
    int done = 0;
    int on_strand = 0;
    auto const seen = [&] {
        on_strand += strand.running_in_this_thread() ? 1 : 0;
        ++done;
    };
    config.async_reload(boost::asio::bind_executor(strand, [&](std::exception_ptr e, durable::reload_status) {
        BOOST_TEST(!e);
        seen();
    }));
    config.async_save(service{"svc", 2, {2, 2}}, boost::asio::bind_executor(strand, [&](std::exception_ptr e) {
        BOOST_TEST(!e);
        seen();
    }));
    config.async_save(service{"svc", 0, {}}, boost::asio::bind_executor(strand, [&](std::exception_ptr e) {
        BOOST_TEST(static_cast<bool>(e));
        seen();
    }));
    run_until(io, [&] { return done == 3; });
    BOOST_TEST(done == 3);
    BOOST_TEST(on_strand == 3);
    BOOST_TEST(config.current()->port == 2);
}

BOOST_FIXTURE_TEST_CASE(the_commit_delay_bounds_the_writes_of_async_save, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    durable::test::fault_file_system fault;
    durable::live_config_options<service> o = only_signals();
    o.saving.fs = &fault;
    o.saving.commit_delay = 1s;
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    int completed = 0;
    for(int i = 1; i <= 300; ++i)
    {
        config.async_save(service{"svc", static_cast<std::uint16_t>(i), {}}, [&](std::exception_ptr e) {
            BOOST_CHECK(!e);
            ++completed;
        });
        io.poll();
        std::this_thread::sleep_for(2ms);
    }
    run_until(io, [&] { return completed == 300; });
    BOOST_TEST(completed == 300);
    BOOST_TEST(renames(fault) <= 2u);
    BOOST_TEST(config.current()->port == 300);
    BOOST_TEST(read_file(path() / "s.json")->find("\"port\": 300") != std::string::npos);
}

// The save is config_file's: a failed write is a save_error with its step,
// the snapshot stays, and discard() gives the state up without a drop.
BOOST_FIXTURE_TEST_CASE(a_failed_save_is_a_save_error_and_can_be_given_up, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    drop_recorder drops;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
    {
        durable::live_config_options<service> o = only_signals();
        o.saving.fs = &fault;
        boost::asio::io_context io;
        live config(io, path() / "s.json", o);
        std::exception_ptr outcome;
        config.async_save(service{"svc", 7, {}}, [&](std::exception_ptr e) { outcome = e; });
        run_until(io, [&] { return outcome != nullptr; });
        try
        {
            std::rethrow_exception(outcome);
        }
        catch(durable::save_error const& e)
        {
            BOOST_TEST(e.step() == durable::step::create);
            BOOST_TEST(e.code() == std::errc::no_space_on_device);
            BOOST_TEST(e.path() == path() / "s.json");
        }
        BOOST_TEST(config.current()->port == 1);
        config.discard();
    }
    BOOST_TEST(drops.events.empty());
    BOOST_TEST(*read_file(path() / "s.json") == text_of(1));
}

#if defined(_WIN32)

// More changes than a directory's read can hold come before the loop reads
// any, the file's own last: Windows drops them and says so, and that alone
// must make a reload (inotify's overflow is a_queue_overflow_reloads).
BOOST_FIXTURE_TEST_CASE(a_read_that_overflows_reloads, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    for(int i = 0; i < 400; ++i)
        put_file(path() / (std::string(100, 'x') + std::to_string(i)), "x");
    save_elsewhere(path() / "s.json", text_of(9));
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{9});
}

#else

// The cases of POSIX alone: links, modes, inotify's own limits, fork,
// seccomp and systemd.

// A permission fix (chmod 000, then 644, for a daemon that is not root)
// changes no content: only IN_ATTRIB tells. Here the content is changed
// through a descriptor that stays open, which no other event reports, and
// the chmod that follows must bring it in.
BOOST_FIXTURE_TEST_CASE(a_permission_change_reloads, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    std::string const text = text_of(5);
    int const fd = ::open((path() / "s.json").c_str(), O_WRONLY | O_TRUNC);
    BOOST_REQUIRE(fd >= 0);
    BOOST_REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    run_for(io, 200ms);
    BOOST_TEST(seen.changes.empty());
    BOOST_REQUIRE(::fchmod(fd, 0640) == 0);
    run_until(io, [&] { return !seen.changes.empty(); });
    ::close(fd);
    BOOST_TEST(seen.changes == std::vector<int>{5});
}

// A Kubernetes ConfigMap: the file is a link into `..data`, itself a link
// to a directory of the current version; an update makes a new directory
// and renames a new `..data` link over the old one.
BOOST_FIXTURE_TEST_CASE(the_watch_sees_a_symlink_swap, temp_dir)
{
    mount_config_map(path(), "..v1", 1);

    boost::asio::io_context io;
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    BOOST_TEST(config.current()->port == 1);

    swap_config_map(path(), "..v2", 2);
    run_until(io, [&] { return seen.changes.size() == 1; });
    fs::remove_all(path() / "..v1");
    // The watches moved to the new version's directory.
    swap_config_map(path(), "..v3", 3);
    run_until(io, [&] { return seen.changes.size() == 2; });
    BOOST_TEST(seen.changes == (std::vector<int>{2, 3}));
    BOOST_TEST(seen.failures.empty());
}

// `rm f; slow-generator > f`: the creation is seen before the text is
// complete, and the text grows in pieces with pauses longer than the
// debounce. Each half text fails to load; none may be reported.
BOOST_FIXTURE_TEST_CASE(a_file_created_slowly_is_not_a_failure, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    std::string const text = text_of(8);
    BOOST_REQUIRE(::unlink((path() / "s.json").c_str()) == 0);
    int const fd = ::open((path() / "s.json").c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    BOOST_REQUIRE(fd >= 0);
    std::size_t const piece = text.size() / 4 + 1;
    for(std::size_t at = 0; at < text.size(); at += piece)
    {
        run_for(io, 80ms);
        std::size_t const n = std::min(piece, text.size() - at);
        BOOST_REQUIRE(::write(fd, text.data() + at, n) == static_cast<ssize_t>(n));
    }
    ::close(fd);
    run_until(io, [&] { return !seen.changes.empty(); });
    BOOST_TEST(seen.changes == std::vector<int>{8});
    BOOST_TEST(seen.failures.empty());
}

// stop() during a held failure: the program runs on, so the failure is
// read once more and reported at once, without waiting for settle_quiet.
BOOST_FIXTURE_TEST_CASE(stop_reports_a_held_failure, temp_dir)
{
    notify_socket manager(path());
    held_failure held(path() / "s.json");
    boost::asio::io_context io;
    live config(io, path() / "s.json", held.options);
    recorder seen(config);
    held.hold(io, config, path() / "s.json");
    BOOST_TEST(manager.receive().rfind("RELOADING=1\n", 0) == 0u);
    std::size_t const reads = held.reads();
    config.stop();
    run_until(io, [&] { return !seen.failures.empty(); });
    BOOST_TEST(seen.failures.size() == 1u);
    BOOST_TEST(held.reads() == reads + 1);
    BOOST_TEST(!config.status().ok);
    BOOST_TEST(manager.receive().rfind("READY=1\nSTATUS=reload failed, generation 1 still running: ", 0) == 0u);
}

// Destroyed during a held failure, nobody waiting for an answer: the hold
// is dropped. The file was read once more after the destructor, which kept
// the state alive for that read, and told systemd READY=1 and the failure
// after the program's STOPPING=1.
BOOST_FIXTURE_TEST_CASE(a_failure_held_at_the_destruction_is_dropped, temp_dir)
{
    notify_socket manager(path());
    held_failure held(path() / "s.json");
    boost::asio::io_context io;
    std::optional<live> config(std::in_place, io, path() / "s.json", held.options);
    held.hold(io, *config, path() / "s.json");
    BOOST_TEST(manager.receive().rfind("RELOADING=1\n", 0) == 0u);
    std::size_t const reads = held.reads();
    config.reset();
    run_for(io, 300ms);
    BOOST_TEST(held.reads() == reads);
    BOOST_TEST(!manager.has_message());
    // No work is left: the cancelled wait, the last to hold the state, ran.
    io.run_for(1s);
    BOOST_TEST(io.stopped());
}

// Another process saves 1,000 times, a millisecond apart, while the loop
// runs: without the debounce each save would be a reload of its own.
BOOST_FIXTURE_TEST_CASE(a_thousand_rapid_saves_make_few_reloads, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(0));
    live config(io, path() / "s.json", only_watch());
    recorder seen(config);
    int const last = 99; // no other save has it
    child_process saver([&] {
        // Not synced: what is tested is the watch, not the disk.
        durable::write_options fast;
        fast.durability = durable::durability::atomic;
        boost::system::error_code ec;
        for(int i = 1; i <= 1000 && !ec; ++i)
        {
            durable::write_file(path() / "s.json", text_of(i < 1000 ? i % 50 + 1 : last), fast, ec);
            std::this_thread::sleep_for(1ms);
        }
        return ec ? 1 : 0;
    });
    run_until(io, [&] { return saver.ended() && config.current()->port == last; });
    BOOST_TEST(saver.wait() == 0);
    run_for(io, 200ms); // nothing more comes
    BOOST_TEST(config.current()->port == last);
    BOOST_REQUIRE(!seen.changes.empty());
    BOOST_TEST(seen.changes.back() == last);
    BOOST_TEST_MESSAGE("1000 saves, " << config.status().successes << " reloads");
    BOOST_TEST(config.status().successes <= 20u);
    BOOST_TEST(seen.failures.empty());
}

BOOST_FIXTURE_TEST_CASE(systemd_hears_of_each_reload, temp_dir)
{
    notify_socket manager(path());
    boost::asio::io_context io;
    put_file(path() / "s.json", text_of(1));
    live config(io, path() / "s.json", only_signals());
    auto const reload = [&](live& which) {
        bool done = false;
        which.async_reload([&](std::exception_ptr, durable::reload_status) { done = true; });
        run_until(io, [&] { return done; });
    };

    put_file(path() / "s.json", text_of(2));
    reload(config);
    std::string const reloading = manager.receive();
    BOOST_TEST(reloading.rfind("RELOADING=1\nMONOTONIC_USEC=", 0) == 0u);
    BOOST_TEST(manager.receive() == "READY=1\nSTATUS=configuration generation 2 running");

    put_file(path() / "s.json", "{\"port\": true, \"name\": 1}");
    reload(config);
    BOOST_TEST(manager.receive().rfind("RELOADING=1\n", 0) == 0u);
    std::string const file = (path() / "s.json").string();
    BOOST_TEST(manager.receive() == "READY=1\nSTATUS=reload failed, generation 2 still running: " +
        file + ":1:10: /port: expected integer in [0, 65535], found boolean true; " +
        file + ":1:24: /name: expected string, found number 1");

    durable::live_config_options<service> quiet = only_signals();
    quiet.notify_systemd = false;
    put_file(path() / "q.json", text_of(1));
    live silent(io, path() / "q.json", quiet);
    put_file(path() / "q.json", text_of(3));
    reload(silent);
    BOOST_TEST(silent.current()->port == 3);
    BOOST_TEST(!manager.has_message());
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

// With inotify at its limits (fs.inotify.max_user_instances: EMFILE) the
// daemon starts all the same, on its signals, async_reload and the poll;
// the cause is reported once, however often the retry fails, and kept in
// status() until the watch works.
BOOST_FIXTURE_TEST_CASE(no_inotify_is_no_reason_not_to_start, temp_dir)
{
    put_file(path() / "s.json", text_of(1));
    // On a thread of its own, the only one whose inotify_init1 fails: the
    // live_config is made and its strand runs there. (Not in a child
    // process: ThreadSanitizer cannot start threads after such a fork.)
    auto const degraded_daemon = [&] {
        if(!fail_calls_on_this_thread({SYS_inotify_init1}, EMFILE))
            return 0;
        boost::asio::io_context io;
        durable::live_config_options<service> options = only_watch();
        options.watch_retry = 20ms;
        options.poll_interval = 50ms;
        live config(io, path() / "s.json", options);
        std::vector<std::string> failures;
        config.on_failure([&](durable::config_error const& e) { failures.push_back(e.what()); });
        run_for(io, 300ms);
        if(failures != std::vector<std::string>{(path() / "s.json").string() + ": watch: Too many open files"})
            return 1;
        durable::reload_status const s = config.status();
        if(s.watching || !s.ok || !s.watch_error || s.watch_error->code() != std::errc::too_many_files_open)
            return 2;
        put_file(path() / "s.json", text_of(6));
        run_until(io, [&] { return config.current()->port == 6; });
        return config.current()->port == 6 ? 0 : 3;
    };
    int status = -1;
    std::thread([&] { status = degraded_daemon(); }).join();
    BOOST_TEST(status == 0);
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

// Nothing that looks a path up runs on the event loop (G6): the watch is
// moved after a symlink swap, and a reload asked for, while every such call
// fails on the loop's thread. A remote or FUSE file system can stall a path
// lookup for minutes; the loop, which must still hear SIGTERM, may not wait.
BOOST_FIXTURE_TEST_CASE(no_path_lookup_runs_on_the_event_loop, temp_dir)
{
    mount_config_map(path(), "..v1", 1);

    // Started here, so that its threads do not inherit the loop's filter.
    boost::asio::thread_pool blocking(2);
    durable::live_config_options<service> o = only_watch();
    o.saving.blocking_executor = blocking.get_executor();
    boost::asio::io_context io;
    live config(io, path() / "s.json", o);
    std::mutex mutex;
    std::vector<std::string> failures;
    config.on_failure([&](durable::config_error const& e) {
        std::lock_guard<std::mutex> lock(mutex);
        failures.push_back(e.what());
    });

    auto work = boost::asio::make_work_guard(io);
    std::atomic<int> filtered{-1};
    std::thread loop([&] {
        filtered = forbid_path_lookups_on_this_thread() ? 1 : 0;
        io.run();
    });
    wait_until([&] { return filtered >= 0; });
    BOOST_REQUIRE_MESSAGE(filtered == 1, "a seccomp filter could not be installed");

    swap_config_map(path(), "..v2", 2);
    wait_until([&] { return config.status().generation == 2; });
    BOOST_TEST(config.status().generation == 2u);
    fs::remove_all(path() / "..v1");
    // Seen only if the watches moved to the new version's directory.
    swap_config_map(path(), "..v3", 3);
    wait_until([&] { return config.status().generation == 3; });
    BOOST_TEST(config.status().generation == 3u);
    put_file(path() / "..v3" / "s.json", text_of(4));
    durable::reload_status const asked = config.async_reload(boost::asio::use_future).get();

    config.stop();
    work.reset();
    loop.join();
    BOOST_TEST(asked.ok);
    BOOST_TEST(asked.generation == 4u);
    BOOST_TEST(config.current()->port == 4);
    BOOST_TEST(config.status().failures == 0u);
    for(std::string const& failure : failures)
        BOOST_ERROR("reported: " << failure);
}

// While the watches are being placed, the events of a directory just added
// are not yet taken. What happens there in that window must still be
// followed: here a link in the new version's directory moves to another
// target, or the new directory is replaced, as the placement adds its watch.
void change_while_a_watch_is_placed(fs::path const& dir, std::function<void()> const& change)
{
    mount_config_map(dir, "..v1", 1);
    // ..v2/s.json -> ../t1/s.json, to move to ../t2/s.json
    for(auto const& [target, port] : {std::pair{"t1", 2}, std::pair{"t2", 3}})
    {
        fs::create_directory(dir / target);
        put_file(dir / target / "s.json", text_of(port));
    }
    fs::create_directory(dir / "..v2");
    fs::create_symlink("../t1/s.json", dir / "..v2" / "s.json");

    boost::asio::io_context io;
    live config(io, dir / "s.json", only_watch());
    recorder seen(config);
    std::atomic<bool> changed{false};
    std::atomic<bool> placed{false};
    {
        std::lock_guard<std::mutex> lock(add_watch_mutex);
        after_add_watch = [&, v2 = (dir / "..v2").string()](std::string const& directory) {
            if(directory != v2 || changed.exchange(true))
                return;
            change();
            // Long enough for the loop to read the change's events first.
            std::this_thread::sleep_for(200ms);
            placed = true;
        };
    }
    fs::create_directory_symlink("..v2", dir / "..data_tmp");
    fs::rename(dir / "..data_tmp", dir / "..data");
    run_until(io, [&] { return placed.load(); });
    // Everything the placement leads to (installing it, any further
    // placement, the reloads) is over before the next save.
    run_for(io, 500ms);
    {
        std::lock_guard<std::mutex> lock(add_watch_mutex);
        after_add_watch = nullptr;
    }
    BOOST_TEST(placed);
    BOOST_TEST(config.current()->port == 3);
    // The file is now t2/s.json: its next save is seen, so t2 is watched.
    save_elsewhere(dir / "t2" / "s.json", text_of(4));
    run_until(io, [&] { return config.current()->port == 4; });
    BOOST_TEST(config.current()->port == 4);
    BOOST_TEST(seen.failures.empty());
}

BOOST_FIXTURE_TEST_CASE(a_link_moved_while_the_watch_is_placed_is_followed, temp_dir)
{
    change_while_a_watch_is_placed(path(), [&] {
        fs::create_symlink("../t2/s.json", path() / "..v2" / "tmp");
        fs::rename(path() / "..v2" / "tmp", path() / "..v2" / "s.json");
    });
}

BOOST_FIXTURE_TEST_CASE(a_directory_replaced_while_the_watch_is_placed_is_watched_again, temp_dir)
{
    change_while_a_watch_is_placed(path(), [&] {
        fs::create_directory(path() / "..v2.new");
        fs::create_symlink("../t2/s.json", path() / "..v2.new" / "s.json");
        fs::remove_all(path() / "..v2");
        fs::rename(path() / "..v2.new", path() / "..v2");
    });
}

#endif

BOOST_AUTO_TEST_SUITE_END()
