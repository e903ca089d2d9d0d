//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A unit test of an application's settings, written the way an application
// writes one: save asynchronously, read the file back with a separate,
// synchronous load, compare. It never flakes, because an asynchronous save
// of durable completes only once every process can read the new content.
// Each test gets a directory of its own from the fixture, removed after a
// pass and kept (its path printed) after a failure.

#define BOOST_TEST_MODULE settings_roundtrip_test
#include <durable.hpp>
#include <durable/test/round_trip.hpp>
#include <durable/test/temporary_directory.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace app {

enum class theme
{
    light,
    dark
};
BOOST_DESCRIBE_ENUM(theme, light, dark)

struct window
{
    int width = 1280;
    int height = 800;
    bool maximised = false;

    friend bool operator==(window const&, window const&) = default;
};
BOOST_DESCRIBE_STRUCT(window, (), (width, height, maximised))

struct settings
{
    app::theme theme = theme::light;
    window main_window;
    std::vector<std::string> recent_files;
    std::chrono::seconds autosave_every{60};
    std::optional<std::string> proxy;

    friend bool operator==(settings const&, settings const&) = default;
};
BOOST_DESCRIBE_STRUCT(settings, (), (theme, main_window, recent_files, autosave_every, proxy))

settings edited()
{
    settings s;
    s.theme = theme::dark;
    s.main_window = {1920, 1080, true};
    s.recent_files = {"/home/ann/notes.txt", "/home/ann/todo.md"};
    s.autosave_every = std::chrono::minutes(5);
    s.proxy = "http://proxy.example:3128";
    return s;
}

} // namespace app

// Runs one coroutine to its end on `io`, rethrowing what it throws.
template<class Coroutine>
void run(boost::asio::io_context& io, Coroutine coroutine)
{
    std::exception_ptr failure;
    boost::asio::co_spawn(io, std::move(coroutine), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if(failure)
        std::rethrow_exception(failure);
}

BOOST_FIXTURE_TEST_SUITE(settings_roundtrip_test, durable::test::temporary_directory)

BOOST_AUTO_TEST_CASE(an_asynchronous_save_reads_back_at_once)
{
    boost::asio::io_context io;
    durable::config_file<app::settings> file(io, path() / "settings.json");
    app::settings const saved = app::edited();

    run(io, [&]() -> boost::asio::awaitable<void> {
        co_await file.async_save(saved, boost::asio::use_awaitable);
    });

    // A second config_file shares nothing with the first: this is the read
    // another process would make.
    durable::config_file<app::settings> reader(io, path() / "settings.json");
    BOOST_TEST((reader.load() == saved));
}

BOOST_AUTO_TEST_CASE(a_file_without_some_keys_loads_their_defaults)
{
    boost::asio::io_context io;
    durable::write_file(path() / "settings.json", R"({"theme": "dark"})");

    app::settings expected;
    expected.theme = app::theme::dark;
    BOOST_TEST((durable::config_file<app::settings>(io, path() / "settings.json").load() == expected));
}

BOOST_AUTO_TEST_CASE(a_mistyped_value_is_reported_with_its_place)
{
    boost::asio::io_context io;
    durable::write_file(path() / "settings.json", "{\n    \"main_window\": {\"width\": \"wide\"}\n}\n");

    durable::config_file<app::settings> file(io, path() / "settings.json");
    auto const result = file.try_load();
    BOOST_REQUIRE(result.has_error());
    BOOST_TEST(result.error().what() == (path() / "settings.json").string() +
        ":2:30: /main_window/width: expected integer in [-2147483648, 2147483647], found string \"wide\"");
}

BOOST_AUTO_TEST_CASE(every_field_survives_a_round_trip)
{
    // Save, load with a separate read, compare; save again, same bytes.
    durable::test::check_round_trip(app::edited());
}

BOOST_AUTO_TEST_SUITE_END()
