//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE config_file_test
#include <durable/config_file.hpp>
#include <durable/test/fault_file_system.hpp>
#include <durable/test/round_trip.hpp>

#include "config_types.hpp"
#include "support.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

using namespace durable_test;
using namespace config_test;
namespace json = boost::json;

BOOST_TEST_DONT_PRINT_LOG_VALUE(settings)
BOOST_TEST_DONT_PRINT_LOG_VALUE(endpoint)
BOOST_TEST_DONT_PRINT_LOG_VALUE(with_free_form)
BOOST_TEST_DONT_PRINT_LOG_VALUE(with_notes)

namespace {

// A counter and a list that concurrent updates grow: a lost update shows.
struct tally
{
    int count = 0;
    std::vector<int> items;
};
BOOST_DESCRIBE_STRUCT(tally, (), (count, items))

} // namespace

namespace {

settings full_settings()
{
    settings s;
    s.server = {"example.org", 443};
    s.fallback = endpoint{"backup.example.org", 8443};
    s.tags = {"a", "b \"quoted\"", "ünïcode", "tab\there"};
    s.limits = {{"connections", 100}, {"requests", -1}};
    s.weights = {{"zeta", 0.25}, {"alpha", 1.5}, {"mid", -3.0}};
    s.verbose = true;
    s.n = {std::numeric_limits<std::int8_t>::min(), std::numeric_limits<std::uint8_t>::max(),
        std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::uint16_t>::max(),
        std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::uint32_t>::max(),
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::uint64_t>::max(),
        0.1f, 1e300};
    s.log_level = level::warning;
    s.timeout = std::chrono::milliseconds(250);
    s.interval = std::chrono::seconds(-5);
    s.origin = {3, -4};
    s.retries = 0;
    s.mirrors = {{"m1", 1}, {"m2", 2}};
    return s;
}

template<class T>
T load_text(temp_dir const& dir, std::string const& text, durable::config_options<T> options = {})
{
    put_file(dir / "c.json", text);
    boost::asio::io_context io;
    return durable::config_file<T>(io, dir / "c.json", std::move(options)).load();
}

// The problems of loading `text`, each as "LINE:COLUMN: POINTER: MESSAGE".
template<class T = settings>
std::vector<std::string> problems_of(temp_dir const& dir, std::string const& text,
    durable::config_options<T> options = {})
{
    try
    {
        load_text<T>(dir, text, std::move(options));
    }
    catch(durable::config_error const& e)
    {
        std::vector<std::string> lines;
        for(auto const& p : e.problems())
            lines.push_back(durable::to_string(p, "f").substr(2));
        return lines;
    }
    return {};
}

} // namespace

// A member whose rendering tells where and how often it runs.
namespace render_probe_test {

struct probe
{
    int n = 0;
};

inline std::atomic<int> renders{0};
inline std::atomic<bool> rendered_on_caller{false};
inline std::thread::id caller;

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, probe const& p)
{
    ++renders;
    if(std::this_thread::get_id() == caller)
        rendered_on_caller = true;
    v = p.n;
}

inline probe tag_invoke(boost::json::value_to_tag<probe>, boost::json::value const& v)
{
    return {static_cast<int>(v.as_int64())};
}

struct probed
{
    probe p;
};
BOOST_DESCRIBE_STRUCT(probed, (), (p))

} // namespace render_probe_test

// A config a person edits by hand while the program saves it.
namespace layout_test {

struct window
{
    int width = 800;
    int height = 600;
};
BOOST_DESCRIBE_STRUCT(window, (), (width, height))

struct desktop
{
    std::string theme = "light";
    window main;
    std::optional<std::string> font;
    int count = 0;
};
BOOST_DESCRIBE_STRUCT(desktop, (), (theme, main, font, count))

// Comments of both kinds, its own order, 2 spaces, CRLF and a byte order mark.
std::string hand_written(int count, int width, std::string const& font_line = {})
{
    return "\xEF\xBB\xBF// desktop settings\r\n"
           "{\r\n"
           "  /* how often it ran */\r\n"
           "  \"count\": " + std::to_string(count) + ", // changes\r\n"
           "  \"main\": {\r\n"
           "    \"height\": 600, /* px */\r\n"
           "    \"width\": " + std::to_string(width) + "\r\n"
           "  },\r\n"
           "  // colours\r\n"
           "  \"theme\": \"light\"" + font_line + "\r\n"
           "}\r\n"
           "/* the end */\r\n";
}

} // namespace layout_test

BOOST_AUTO_TEST_SUITE(config_file_test)

BOOST_AUTO_TEST_CASE(every_supported_type_round_trips)
{
    durable::test::check_round_trip(settings{});
    durable::test::check_round_trip(full_settings());
    numbers n;
    n.f = -std::numeric_limits<float>::max();
    n.d = std::numeric_limits<double>::denorm_min();
    durable::test::check_round_trip(n);
}

// A float is saved as the shortest text that loads back as that float,
// not as the digits of the double it widens to ("0.1", not
// "0.10000000149011612"); and a text that rounds to the largest float, as
// its own shortest text does, loads.
BOOST_FIXTURE_TEST_CASE(a_float_is_saved_in_its_own_digits, temp_dir)
{
    boost::asio::io_context io;
    durable::config_file<numbers> file(io, path() / "n.json");
    numbers n;
    n.f = 0.1f;
    file.save(n);
    BOOST_TEST(read_file(path() / "n.json")->find("\"f\": 0.1,\n") != std::string::npos);
    // 7.038531e-26 is the one positive float (of 2^31 - 2^23, all tried)
    // whose shortest text reads back, through a double, as its neighbour:
    // it is saved in the double's digits.
    for(float const f : {0.1f, 1.0f / 3, 16777217.0f, std::numeric_limits<float>::max(),
            std::numeric_limits<float>::min(), std::numeric_limits<float>::denorm_min(), -0.0f, 7.038531e-26f})
    {
        n.f = f;
        durable::test::check_round_trip(n);
    }
    BOOST_TEST(load_text<numbers>(*this, R"({"f": 3.4028235e38})").f == std::numeric_limits<float>::max());
    BOOST_TEST(load_text<numbers>(*this, R"({"f": -3.40282356e38})").f == -std::numeric_limits<float>::max());
    // The midpoint between the largest float and the next power of two
    // rounds to infinity (to even): out of range.
    BOOST_TEST(problems_of<numbers>(*this, R"({"f": 3.4028235677973366e38})") ==
        (std::vector<std::string>{"1:7: /f: expected number in the range of float, found number 3.4028235677973366e+38"}),
        boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(the_saved_form_is_canonical, temp_dir)
{
    boost::asio::io_context io;
    durable::config_file<endpoint> file(io, path() / "e.json");
    file.save({"h", 1});
    BOOST_TEST(*read_file(path() / "e.json") == "{\n    \"host\": \"h\",\n    \"port\": 1\n}\n");

    durable::config_options<endpoint> two;
    two.indent = 2;
    two.keep_layout = false; // the file exists, indented by 4
    durable::config_file<endpoint>(io, path() / "e.json", two).save({"h", 1});
    BOOST_TEST(*read_file(path() / "e.json") == "{\n  \"host\": \"h\",\n  \"port\": 1\n}\n");
}

BOOST_FIXTURE_TEST_CASE(the_saved_form_of_every_kind, temp_dir)
{
    boost::asio::io_context io;
    settings s = full_settings();
    s.n = {};
    s.n.d = 1;
    s.fallback.reset();
    s.retries.reset();
    durable::config_file<settings>(io, path() / "s.json").save(s);
    // Declaration order; maps sorted by key; durations with their unit; an
    // empty optional left out; a whole double keeps its ".0".
    BOOST_TEST(*read_file(path() / "s.json") == R"({
    "server": {
        "host": "example.org",
        "port": 443
    },
    "tags": [
        "a",
        "b \"quoted\"",
        "ünïcode",
        "tab\there"
    ],
    "limits": {
        "connections": 100,
        "requests": -1
    },
    "weights": {
        "alpha": 1.5,
        "mid": -3.0,
        "zeta": 0.25
    },
    "verbose": true,
    "n": {
        "i8": 0,
        "u8": 0,
        "i16": 0,
        "u16": 0,
        "i32": 0,
        "u32": 0,
        "i64": 0,
        "u64": 0,
        "f": 0.0,
        "d": 1.0
    },
    "log_level": "warning",
    "timeout": "250ms",
    "interval": "-5s",
    "origin": "3,-4",
    "mirrors": [
        {
            "host": "m1",
            "port": 1
        },
        {
            "host": "m2",
            "port": 2
        }
    ]
}
)");
}

BOOST_FIXTURE_TEST_CASE(missing_keys_take_the_defaults, temp_dir)
{
    settings const s = load_text<settings>(*this, R"({"server": {"port": 1}})");
    BOOST_TEST(s.server.host == "localhost");
    BOOST_TEST(s.server.port == 1);
    BOOST_TEST(s.timeout.count() == 1500);

    durable::config_options<settings> options;
    options.defaults.server.host = "configured";
    options.defaults.retries = 7;
    settings const t = load_text<settings>(*this, R"({"server": {"port": 2}})", options);
    BOOST_TEST(t.server.host == "configured");
    BOOST_TEST(!t.retries.has_value()); // an absent optional is empty, whatever the defaults
}

BOOST_FIXTURE_TEST_CASE(durations_convert_exactly_between_units, temp_dir)
{
    settings const s = load_text<settings>(*this, R"({"timeout": "2min", "interval": "3h"})");
    BOOST_TEST(s.timeout.count() == 120000);
    BOOST_TEST(s.interval.count() == 10800);
    BOOST_TEST(load_text<settings>(*this, R"({"timeout": "7000000ns"})").timeout.count() == 7);
}

BOOST_FIXTURE_TEST_CASE(a_json_value_member_holds_any_json, temp_dir)
{
    with_free_form const loaded = load_text<with_free_form>(*this,
        R"({"name": "n", "plugin": {"depth": [1, 2.5, null, {"k": "v"}]}})");
    BOOST_TEST(loaded.plugin == json::parse(R"({"depth": [1, 2.5, null, {"k": "v"}]})"));
    durable::test::check_round_trip(loaded);
}

// A save writes a duration's count in the member's unit, with all its
// digits; a load refused more than 18, so that "-1975797584054975s" loaded
// into milliseconds saved as a text that did not load (found by the fuzz
// target). A count beyond 64 bits is a whole number out of range.
BOOST_FIXTURE_TEST_CASE(a_duration_of_any_count_loads_back, temp_dir)
{
    settings const s = load_text<settings>(*this, R"({"timeout": "-1975797584054975s"})");
    BOOST_TEST(s.timeout.count() == -1975797584054975000);
    settings extremes;
    extremes.timeout = std::chrono::milliseconds::min();
    extremes.interval = std::chrono::seconds::max();
    durable::test::check_round_trip(extremes);
    BOOST_TEST(problems_of(*this, R"({"timeout": "9223372036854775808ms"})") ==
        (std::vector<std::string>{
            "1:13: /timeout: expected a whole number of ms within range, found string \"9223372036854775808ms\""}),
        boost::test_tools::per_element());
}

// Boost.JSON 1.81 does not end a block comment at the "*/" of "**/": it
// read on to the next "*/", and the settings in between were dropped
// without a word. Found by the fuzz target (config_error_test has more).
BOOST_FIXTURE_TEST_CASE(what_follows_a_comment_closed_by_two_stars_is_loaded, temp_dir)
{
    settings const s = load_text<settings>(*this,
        R"({"verbose": true /* was false **/, "retries": 3 /** at most **/, "tags": ["//", "/**/"]})");
    BOOST_TEST(s.verbose);
    BOOST_TEST(s.retries.value_or(0) == 3);
    BOOST_TEST(s.tags == (std::vector<std::string>{"//", "/**/"}), boost::test_tools::per_element());
}

// The document a load parses is freed when the load returns: the copies a
// type of the user's own makes of its values must be copies of their own.
BOOST_FIXTURE_TEST_CASE(a_user_type_keeps_copies_that_outlive_the_load, temp_dir)
{
    with_notes const loaded = load_text<with_notes>(*this, R"({"remarks": ["a", {"b": [2]}]})");
    BOOST_TEST((loaded.remarks.items == std::vector<json::value>{"a", json::parse(R"({"b": [2]})")}));
    durable::test::check_round_trip(loaded);
}

BOOST_FIXTURE_TEST_CASE(unknown_keys_follow_the_policy, temp_dir)
{
    std::string const text = R"({"server": {"host": "h", "weight": 3}, "newer": [1, 2]})";
    BOOST_TEST(problems_of(*this, text) ==
        (std::vector<std::string>{"1:36: /server/weight: unknown key", "1:49: /newer: unknown key"}),
        boost::test_tools::per_element());

    durable::config_options<settings> ignore;
    ignore.unknown_keys = durable::unknown_keys::ignore;
    BOOST_TEST(load_text(*this, text, ignore).server.host == "h");
}

BOOST_FIXTURE_TEST_CASE(kept_keys_survive_a_save, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<endpoint> keep;
    keep.unknown_keys = durable::unknown_keys::keep;
    keep.keep_layout = false; // the canonical form, with the kept keys after the members
    put_file(path() / "e.json", R"({"host": "old", "tls": {"on": true}, "port": 1})");
    durable::config_file<endpoint> file(io, path() / "e.json", keep);
    endpoint e = file.load();
    e.host = "new";
    file.save(e);
    BOOST_TEST(*read_file(path() / "e.json") ==
        "{\n    \"host\": \"new\",\n    \"port\": 1,\n    \"tls\": {\n        \"on\": true\n    }\n}\n");
    // And again: a load of the save saves the same bytes.
    std::string const first = *read_file(path() / "e.json");
    file.save(file.load());
    BOOST_TEST(*read_file(path() / "e.json") == first);
}

BOOST_FIXTURE_TEST_CASE(a_missing_file_follows_the_policy, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<endpoint> options;
    options.defaults.port = 99;
    BOOST_TEST(durable::config_file<endpoint>(io, path() / "none.json", options).load().port == 99);
    BOOST_TEST(!fs::exists(path() / "none.json"));

    options.write_defaults = true;
    durable::config_file<endpoint>(io, path() / "none.json", options).load();
    BOOST_TEST(*read_file(path() / "none.json") == "{\n    \"host\": \"localhost\",\n    \"port\": 99\n}\n");

    options.missing_file = durable::missing_file::error;
    durable::config_file<endpoint> strict(io, path() / "other.json", options);
    BOOST_CHECK_EXCEPTION(strict.load(), durable::config_error, [&](durable::config_error const& e) {
        return e.code() == std::errc::no_such_file_or_directory &&
            std::string(e.what()) == (path() / "other.json").string() + ": read: No such file or directory";
    });
    boost::system::error_code ec;
    BOOST_TEST(strict.load(ec).port == 99);
    BOOST_TEST((ec == std::errc::no_such_file_or_directory));
    auto result = strict.try_load();
    BOOST_TEST(result.has_error());
}

BOOST_FIXTURE_TEST_CASE(a_corrupt_file_is_an_error_by_default_and_left_alone, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "e.json", "{\"port\": \"80\"}");
    durable::config_file<endpoint> file(io, path() / "e.json");
    auto result = file.try_load();
    BOOST_REQUIRE(result.has_error());
    BOOST_TEST(result.error().code() == durable::error::invalid_config);
    BOOST_TEST(result.error().what() ==
        (path() / "e.json").string() + ":1:10: /port: expected integer in [0, 65535], found string \"80\"");
    BOOST_TEST(*read_file(path() / "e.json") == "{\"port\": \"80\"}");
}

BOOST_FIXTURE_TEST_CASE(quarantine_falls_back_on_the_backup, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<endpoint> options;
    options.keep_backup = true;
    options.corrupt_file = durable::corrupt_file::quarantine;
    std::vector<durable::config_quarantine> reports;
    options.on_quarantine = [&](durable::config_quarantine const& q) { reports.push_back(q); };
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    file.save({"first", 1});
    file.save({"second", 2});
    BOOST_TEST(*read_file(path() / "e.json.bak") == "{\n    \"host\": \"first\",\n    \"port\": 1\n}\n");

    put_file(path() / "e.json", "{\"host\": ");
    endpoint const e = file.load();
    BOOST_TEST(e.host == "first"); // the backup: the save before the last good one
    BOOST_REQUIRE(reports.size() == 1u);
    BOOST_TEST(reports[0].used_backup);
    BOOST_TEST(reports[0].cause.problems().at(0).message == "unexpected end of file");
    BOOST_TEST(reports[0].moved_to.filename().string().rfind("e.json.bad-", 0) == 0u);
    BOOST_TEST(*read_file(reports[0].moved_to) == "{\"host\": ");
    BOOST_TEST(!fs::exists(path() / "e.json"));

    // Without a usable backup: the defaults, reported as such.
    put_file(path() / "e.json", "[]");
    put_file(path() / "e.json.bak", "also bad");
    BOOST_TEST(file.load().host == "localhost");
    BOOST_REQUIRE(reports.size() == 2u);
    BOOST_TEST(!reports[1].used_backup);
    BOOST_TEST(reports[1].moved_to != reports[0].moved_to);
}

// Kept keys go back into the objects they came from, at any depth, in
// arrays too, whatever their names hold.
BOOST_FIXTURE_TEST_CASE(kept_keys_return_to_their_own_objects, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<settings> keep;
    keep.unknown_keys = durable::unknown_keys::keep;
    put_file(path() / "s.json", R"({"server": {"host": "h", "x/y": 1}, "top": 3,
        "mirrors": [{"host": "a"}, {"host": "b", "z~": true}], "n": {"f": 1, "deep": {"k": []}}})");
    durable::config_file<settings> file(io, path() / "s.json", keep);
    file.save(file.load());
    json::value const saved = json::parse(*read_file(path() / "s.json"));
    BOOST_TEST(saved.at_pointer("/server/x~1y") == json::value(1));
    BOOST_TEST(saved.at_pointer("/top") == json::value(3));
    BOOST_TEST(saved.at_pointer("/mirrors/1/z~0") == json::value(true));
    BOOST_TEST(!saved.at_pointer("/mirrors/0").as_object().contains("z~"));
    BOOST_TEST(saved.at_pointer("/n/deep") == json::parse(R"({"k": []})"));
    std::string const first = *read_file(path() / "s.json");
    file.save(file.load());
    BOOST_TEST(*read_file(path() / "s.json") == first);
}

// The version key is taken out of the loaded document without moving the
// other members: Boost.JSON's erase() moves the last member into its place,
// which swapped two kept keys at every save.
BOOST_FIXTURE_TEST_CASE(kept_keys_keep_their_order_under_a_version_key, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<endpoint> options;
    options.unknown_keys = durable::unknown_keys::keep;
    options.version_key = "version";
    options.keep_layout = false;
    put_file(path() / "e.json", R"({"version": 1, "host": "h", "port": 1, "x": 1, "y": 2})");
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    file.save(file.load());
    std::string const first = *read_file(path() / "e.json");
    BOOST_TEST(first == "{\n    \"version\": 1,\n    \"host\": \"h\",\n    \"port\": 1,\n    \"x\": 1,\n    \"y\": 2\n}\n");
    file.save(file.load());
    BOOST_TEST(*read_file(path() / "e.json") == first);
}

BOOST_FIXTURE_TEST_CASE(a_newer_version_is_refused_even_under_quarantine, temp_dir)
{
    durable::config_options<endpoint> options;
    options.version_key = "version";
    options.corrupt_file = durable::corrupt_file::quarantine;
    put_file(path() / "e.json", "{\n  \"version\": 2,\n  \"host\": \"h\"\n}");
    boost::asio::io_context io;
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    BOOST_CHECK_EXCEPTION(file.load(), durable::config_error, [&](durable::config_error const& e) {
        return e.code() == durable::error::newer_config_version &&
            std::string(e.what()) == (path() / "e.json").string() +
                ":2:14: /version: written by version 2 of the schema; this program reads versions up to 1";
    });
    BOOST_TEST(fs::exists(path() / "e.json"));
}

namespace {

// A type that converts itself (tag_invoke), into an object.
struct converted_root
{
    int x = 0;
};

void tag_invoke(json::value_from_tag, json::value& v, converted_root const& r)
{
    v = {{"x", r.x}};
}

converted_root tag_invoke(json::value_to_tag<converted_root>, json::value const& v)
{
    return {static_cast<int>(v.at("x").to_number<int>())};
}

} // namespace

// A root of its own conversion gets the schema version too: without it, the
// next load took the file for version 1 and migrated it again.
BOOST_FIXTURE_TEST_CASE(a_converted_root_is_saved_with_its_version, temp_dir)
{
    durable::config_options<converted_root> options;
    options.version_key = "version";
    options.keep_layout = false;
    options.migrations.push_back([](json::value v) {
        v.as_object()["x"] = v.at("x").to_number<int>() * 10;
        return v;
    });
    boost::asio::io_context io;
    put_file(path() / "c.json", R"({"x": 1})");
    durable::config_file<converted_root> file(io, path() / "c.json", options);
    BOOST_TEST(file.load().x == 10);
    file.save({10});
    BOOST_TEST(*read_file(path() / "c.json") == "{\n    \"version\": 2,\n    \"x\": 10\n}\n");
    BOOST_TEST(file.load().x == 10);
}

BOOST_FIXTURE_TEST_CASE(migrations_bring_old_files_up_to_date, temp_dir)
{
    durable::config_options<endpoint> options;
    options.version_key = "version";
    options.keep_layout = false;
    // Version 1 named the host "address"; version 2 kept the port as a string.
    options.migrations.push_back([](json::value v) {
        auto& o = v.as_object();
        o["host"] = o["address"];
        o.erase("address");
        o["port"] = std::to_string(o["port"].as_int64());
        return v;
    });
    options.migrations.push_back([](json::value v) {
        auto& o = v.as_object();
        o["port"] = std::stoi(std::string(o["port"].as_string().c_str()));
        return v;
    });
    boost::asio::io_context io;
    durable::config_file<endpoint> file(io, path() / "e.json", options);

    put_file(path() / "e.json", R"({"address": "old-host", "port": 7})");
    BOOST_TEST((file.load() == endpoint{"old-host", 7}));
    put_file(path() / "e.json", R"({"version": 2, "host": "mid-host", "port": "8"})");
    BOOST_TEST((file.load() == endpoint{"mid-host", 8}));
    put_file(path() / "e.json", R"({"version": 3, "host": "new-host", "port": 9})");
    BOOST_TEST((file.load() == endpoint{"new-host", 9}));

    file.save({"saved", 10});
    BOOST_TEST(*read_file(path() / "e.json") ==
        "{\n    \"version\": 3,\n    \"host\": \"saved\",\n    \"port\": 10\n}\n");
    BOOST_TEST((file.load() == endpoint{"saved", 10}));

    put_file(path() / "e.json", R"({"version": "two"})");
    BOOST_TEST(problems_of<endpoint>(*this, R"({"version": "two"})", options) ==
        (std::vector<std::string>{"1:13: /version: expected integer in [1, 9223372036854775807], found string \"two\""}),
        boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(validation_refuses_both_load_and_save, temp_dir)
{
    durable::config_options<endpoint> options;
    options.validate = [](endpoint const& e) {
        std::vector<durable::config_problem> problems;
        if(e.port == 0)
            problems.push_back({"/port", 0, 0, "must not be 0"});
        if(e.host.empty())
            problems.push_back({"/host", 0, 0, "must not be empty"});
        return problems;
    };
    BOOST_TEST(problems_of<endpoint>(*this, "{\n  \"host\": \"\",\n  \"port\": 0\n}\n", options) ==
        (std::vector<std::string>{"2:11: /host: must not be empty", "3:11: /port: must not be 0"}),
        boost::test_tools::per_element());

    boost::asio::io_context io;
    put_file(path() / "e.json", "{}");
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    BOOST_CHECK_EXCEPTION(file.save({"", 1}), durable::config_error, [&](durable::config_error const& e) {
        return std::string(e.what()) == (path() / "e.json").string() + ": /host: must not be empty";
    });
    BOOST_TEST(*read_file(path() / "e.json") == "{}");
}

// A save that would write more than max_size writes nothing: the file it
// made would be refused by every load, this program's next one included.
BOOST_FIXTURE_TEST_CASE(a_save_larger_than_a_load_takes_is_refused, temp_dir)
{
    durable::config_options<endpoint> options;
    options.max_size = 39;
    boost::asio::io_context io;
    put_file(path() / "e.json", "{}");
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    file.save({"host", 1}); // 38 bytes
    BOOST_TEST((file.load() == endpoint{"host", 1}));
    BOOST_CHECK_EXCEPTION(file.save({"host-2", 1}), durable::config_error, [&](durable::config_error const& e) {
        return std::string(e.what()) ==
            (path() / "e.json").string() + ": the text to save is 40 bytes, more than the limit of 39";
    });
    BOOST_TEST((file.load() == endpoint{"host", 1}));
}

BOOST_FIXTURE_TEST_CASE(values_without_a_json_form_are_not_saved, temp_dir)
{
    boost::asio::io_context io;
    put_file(path() / "n.json", "{}");
    durable::config_file<numbers> file(io, path() / "n.json");
    numbers n;
    n.d = std::numeric_limits<double>::quiet_NaN();
    n.f = std::numeric_limits<float>::infinity();
    BOOST_CHECK_EXCEPTION(file.save(n), durable::config_error, [&](durable::config_error const& e) {
        return e.problems().size() == 2 && e.problems()[0].pointer == "/f" &&
            e.problems()[1].message == "cannot be saved: JSON has no NaN or infinity";
    });
    BOOST_TEST(*read_file(path() / "n.json") == "{}");
}

BOOST_FIXTURE_TEST_CASE(a_huge_file_is_refused_before_it_is_read, temp_dir)
{
    {
        // A sparse 100 MiB where the system makes one. Not resize_file:
        // under Wine, MinGW's ftruncate64 once failed with EFBIG.
        std::ofstream out(path() / "huge.json", std::ios::binary);
        out.seekp((100 << 20) - 1);
        out.put(' ');
    }
    boost::asio::io_context io;
    durable::config_file<settings> file(io, path() / "huge.json");
    BOOST_CHECK_EXCEPTION(file.load(), durable::config_error, [&](durable::config_error const& e) {
        return std::string(e.what()) == (path() / "huge.json").string() +
            ": the file is 104857600 bytes, more than the limit of 16777216";
    });
}

BOOST_FIXTURE_TEST_CASE(async_save_then_a_separate_read, temp_dir)
{
    boost::asio::io_context io;
    durable::config_file<settings> file(io, path() / "s.json");
    settings const s = full_settings();
    run_coroutine(io, [&]() -> boost::asio::awaitable<void> {
        co_await file.async_save(s, boost::asio::use_awaitable);
        BOOST_TEST((durable::config_file<settings>(io, path() / "s.json").load() == s));
        settings const loaded = co_await file.async_load(boost::asio::use_awaitable);
        BOOST_TEST((loaded == s));
    });
}

BOOST_FIXTURE_TEST_CASE(async_operations_report_errors_as_exceptions, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<endpoint> options;
    options.validate = [](endpoint const& e) {
        return e.port == 0 ? std::vector<durable::config_problem>{{"/port", 0, 0, "must not be 0"}}
                           : std::vector<durable::config_problem>{};
    };
    put_file(path() / "e.json", "{\"port\": true}");
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    std::exception_ptr load_error;
    std::exception_ptr save_error;
    bool inline_completion = true;
    file.async_load([&](std::exception_ptr e, endpoint) { load_error = e; });
    file.async_save(endpoint{"h", 0}, [&](std::exception_ptr e) { save_error = e; inline_completion = false; });
    BOOST_TEST(inline_completion);
    io.run();
    BOOST_TEST(!inline_completion);
    BOOST_CHECK_THROW(std::rethrow_exception(load_error), durable::config_error);
    BOOST_CHECK_EXCEPTION(std::rethrow_exception(save_error), durable::config_error,
        [](durable::config_error const& e) { return e.problems().at(0).message == "must not be 0"; });
    BOOST_TEST(*read_file(path() / "e.json") == "{\"port\": true}");
}

// Issue 14: the pending operation held the file's state, which owned the
// saver that kept the operation: destroyed before run(), the file was never
// flushed, no drop was reported, and a pool thread later posted to the
// destroyed io_context.
BOOST_FIXTURE_TEST_CASE(destroyed_before_run_with_a_save_pending_is_a_saver_drop, temp_dir)
{
    drop_recorder drops;
    auto const handler_alive = std::make_shared<int>(0);
    std::optional<std::exception_ptr> completed;
    {
        boost::asio::io_context io;
        {
            durable::config_file<endpoint> file(io, path() / "e.json");
            file.async_save(endpoint{"saved", 1}, [&, handler_alive](std::exception_ptr e) { completed = e; });
        }
        // The guard ran in the destructor: reported (a debug build), then flushed.
        BOOST_TEST_REQUIRE(drops.events.size() == 1u);
        BOOST_TEST(drops.events.front().generation == 1u);
        BOOST_TEST(read_file(path() / "e.json")->find("\"saved\"") != std::string::npos);
        BOOST_TEST(!completed);
    }
    // Its io_context went without running it: the handler was destroyed, never run.
    BOOST_TEST(!completed);
    BOOST_TEST(handler_alive.use_count() == 1);
}

BOOST_FIXTURE_TEST_CASE(destroyed_with_a_save_pending_completes_it_when_run, temp_dir)
{
    drop_recorder drops;
    boost::asio::io_context io;
    std::optional<std::exception_ptr> completed;
    {
        durable::config_file<endpoint> file(io, path() / "e.json");
        file.async_save(endpoint{"saved", 1}, [&](std::exception_ptr e) { completed = e; });
    }
    io.run();
    BOOST_TEST_REQUIRE(completed.has_value());
    BOOST_TEST(!*completed);
    BOOST_TEST(drops.events.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(destroyed_during_a_write_waits_for_it, temp_dir)
{
    drop_recorder drops;
    durable::test::fault_file_system fault;
    std::promise<void> entered;
    std::promise<void> go;
    auto const released = go.get_future().share();
    fault.before_call(durable::test::fs_call::sync_data, [&, released, once = std::make_shared<std::once_flag>()] {
        std::call_once(*once, [&] { entered.set_value(); });
        released.wait();
    });
    durable::config_options<endpoint> options;
    options.saving.fs = &fault;
    boost::asio::io_context io;
    auto file = std::make_unique<durable::config_file<endpoint>>(io, path() / "e.json", options);
    std::optional<std::exception_ptr> completed;
    file->async_save(endpoint{"first", 1}, [&](std::exception_ptr e) { completed = e; });
    file->async_save(endpoint{"second", 2}, [](std::exception_ptr) {});
    entered.get_future().wait();
    std::thread destroyer([&] { file.reset(); });
    // The write is released once the destructor has seen the unflushed
    // save (a debug build reports it before it flushes), so that the
    // destructor, not the write finishing first, is what is tested.
    bool const reported = drops.wait_for(1);
    go.set_value();
    destroyer.join();
    BOOST_TEST(reported);
    BOOST_TEST(drops.events.size() == 1u);
    BOOST_TEST(read_file(path() / "e.json")->find("\"second\"") != std::string::npos);
    io.run();
    BOOST_TEST_REQUIRE(completed.has_value());
    BOOST_TEST(!*completed);
}

BOOST_FIXTURE_TEST_CASE(destroyed_after_its_saves_completed_is_no_drop, temp_dir)
{
    drop_recorder drops;
    boost::asio::io_context io;
    {
        durable::config_file<endpoint> file(io, path() / "e.json");
        file.async_save(endpoint{"saved", 1}, [](std::exception_ptr) {});
        io.run();
    }
    BOOST_TEST(drops.events.empty());
}

// The guard runs twice, the file's destructor's and then its saver's when
// the last holder of the state lets it go; a save it has already guarded
// must not be reported, nor written, a second time.
BOOST_FIXTURE_TEST_CASE(a_save_that_cannot_be_written_is_reported_once, temp_dir)
{
    drop_recorder drops;
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::sync_data, 1, EIO, durable::test::fault_duration::persistent);
    durable::config_options<endpoint> options;
    options.saving.fs = &fault;
    // Nothing is written before the file goes: every attempt is a guard's.
    options.saving.commit_delay = std::chrono::hours(1);
    boost::asio::io_context io;
    {
        durable::config_file<endpoint> file(io, path() / "e.json", options);
        file.async_save(endpoint{"lost", 1}, [](std::exception_ptr) {});
    }
    BOOST_TEST(drops.events.size() == 1u);
    BOOST_TEST(calls_of(fault, durable::test::fs_call::sync_data) == 1u);
    BOOST_TEST(!fs::exists(path() / "e.json"));
}

// The program destroys its io_context first: the waiting handler goes with
// it, unrun; the file, destroyed after, still runs its flush guard.
BOOST_FIXTURE_TEST_CASE(an_io_context_destroyed_first_destroys_the_waiting_handler, temp_dir)
{
    drop_recorder drops;
    auto const handler_alive = std::make_shared<int>(0);
    bool completed = false;
    auto io = std::make_unique<boost::asio::io_context>();
    durable::config_options<endpoint> options;
    options.saving.commit_delay = std::chrono::hours(1);
    std::optional<durable::config_file<endpoint>> file(std::in_place, *io, path() / "e.json", options);
    file->async_save(endpoint{"saved", 1}, [&, handler_alive](std::exception_ptr) { completed = true; });
    io.reset();
    BOOST_TEST(handler_alive.use_count() == 1);
    BOOST_TEST(drops.events.empty());
    file.reset();
    BOOST_TEST(!completed);
    BOOST_TEST(drops.events.size() == 1u);
    BOOST_TEST(read_file(path() / "e.json")->find("\"saved\"") != std::string::npos);
}

// A handler that owns the file is destroyed with the io_context, and the
// file with it: nothing keeps the two alive in a cycle.
BOOST_FIXTURE_TEST_CASE(a_handler_that_owns_the_file_goes_with_the_io_context, temp_dir)
{
    drop_recorder drops;
    std::weak_ptr<durable::config_file<endpoint>> weak;
    {
        boost::asio::io_context io;
        durable::config_options<endpoint> options;
        options.saving.commit_delay = std::chrono::hours(1);
        auto file = std::make_shared<durable::config_file<endpoint>>(io, path() / "e.json", options);
        weak = file;
        file->async_save(endpoint{"saved", 1}, [file](std::exception_ptr) {});
    }
    BOOST_TEST(weak.expired());
    BOOST_TEST(drops.events.size() == 1u);
    BOOST_TEST(read_file(path() / "e.json")->find("\"saved\"") != std::string::npos);
}

// Issue 14: each async_save flushed, cutting the delay short: 306 writes in
// 2 s with a 1 s delay.
BOOST_FIXTURE_TEST_CASE(the_commit_delay_bounds_the_writes_of_async_save, temp_dir)
{
    durable::test::fault_file_system fault;
    durable::config_options<endpoint> options;
    options.saving.fs = &fault;
    options.saving.commit_delay = std::chrono::seconds(1);
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    std::atomic<int> completed{0};
    std::atomic<int> failed{0}; // counted on the runner thread, checked here
    {
        durable::config_file<endpoint> file(io, path() / "e.json", options);
        for(int i = 1; i <= 300; ++i)
        {
            file.async_save(endpoint{"h", static_cast<std::uint16_t>(i)}, [&](std::exception_ptr e) {
                failed += e ? 1 : 0;
                ++completed;
            });
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        wait_until([&] { return completed == 300; });
        BOOST_TEST(completed == 300);
        BOOST_TEST(failed == 0);
        BOOST_TEST(renames(fault) <= 2u);
    }
    work.reset();
    runner.join();
    BOOST_TEST(read_file(path() / "e.json")->find("\"port\": 300") != std::string::npos);
}

// Issue 14: every async_save rendered the whole file on the caller's thread
// (17 ms for 900 KB on a UI thread). Now a burst renders only what is written,
// on the blocking executor.
BOOST_FIXTURE_TEST_CASE(async_save_renders_off_the_caller_and_only_what_is_written, temp_dir)
{
    using render_probe_test::probed;
    render_probe_test::renders = 0;
    render_probe_test::rendered_on_caller = false;
    render_probe_test::caller = std::this_thread::get_id();
    durable::test::fault_file_system fault;
    durable::config_options<probed> options;
    options.saving.fs = &fault;
    options.saving.commit_delay = std::chrono::milliseconds(200);
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    std::atomic<int> completed{0};
    std::atomic<int> failed{0}; // counted on the runner thread, checked here
    {
        durable::config_file<probed> file(io, path() / "p.json", options);
        for(int i = 1; i <= 300; ++i)
            file.async_save(probed{{i}}, [&](std::exception_ptr e) {
                failed += e ? 1 : 0;
                ++completed;
            });
        BOOST_TEST(render_probe_test::renders == 0); // none yet: the delay runs
        wait_until([&] { return completed == 300; });
        BOOST_TEST(completed == 300);
        BOOST_TEST(failed == 0);
    }
    work.reset();
    runner.join();
    BOOST_TEST(render_probe_test::renders >= 1);
    BOOST_TEST(static_cast<std::size_t>(render_probe_test::renders) <= renames(fault));
    BOOST_TEST(!render_probe_test::rendered_on_caller);
    BOOST_TEST(read_file(path() / "p.json") == std::optional<std::string>("{\n    \"p\": 300\n}\n"));
}

// Issue 14: a bare system_error("PATH: No space left on device") and 779
// calls of on_error in a second on a full disk.
BOOST_FIXTURE_TEST_CASE(a_failed_async_save_is_a_save_error_told_once, temp_dir)
{
    put_file(path() / "e.json", "{\"host\": \"old\", \"port\": 1}\n");
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::create_file, 1, ENOSPC, durable::test::fault_duration::persistent);
    durable::config_options<endpoint> options;
    options.saving.fs = &fault;
    std::vector<std::string> errors;
    options.saving.on_error = [&](durable::save_error const& e, std::uint64_t) { errors.push_back(e.what()); };
    boost::asio::io_context io;
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    std::vector<std::exception_ptr> outcomes;
    for(int i = 1; i <= 20; ++i)
        file.async_save(endpoint{"new", static_cast<std::uint16_t>(i)}, [&](std::exception_ptr e) { outcomes.push_back(e); });
    io.run();
    BOOST_TEST_REQUIRE(outcomes.size() == 20u);
    for(std::exception_ptr const& e : outcomes)
    {
        BOOST_TEST_REQUIRE(static_cast<bool>(e));
        try
        {
            std::rethrow_exception(e);
        }
        catch(durable::save_error const& error)
        {
            BOOST_TEST(error.path() == path() / "e.json");
            BOOST_TEST(error.step() == durable::step::create);
            BOOST_TEST(error.code() == std::errc::no_space_on_device);
        }
    }
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front() == (path() / "e.json").string() + ": create: No space left on device");
    BOOST_CHECK_THROW(file.flush(), durable::save_error);
    BOOST_TEST(read_file(path() / "e.json") == std::optional<std::string>("{\"host\": \"old\", \"port\": 1}\n"));
    file.discard();
}

BOOST_FIXTURE_TEST_CASE(a_refused_value_never_replaces_one_waiting_to_be_written, temp_dir)
{
    durable::config_options<endpoint> options;
    options.saving.commit_delay = std::chrono::hours(1);
    options.validate = [](endpoint const& e) {
        std::vector<durable::config_problem> problems;
        if(e.port == 0)
            problems.push_back({"/port", 0, 0, "must not be 0"});
        return problems;
    };
    boost::asio::io_context io;
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    std::exception_ptr first;
    std::exception_ptr refused;
    file.async_save(endpoint{"good", 1}, [&](std::exception_ptr e) { first = e; });
    file.async_save(endpoint{"bad", 0}, [&](std::exception_ptr e) { refused = e; });
    io.poll();
    BOOST_CHECK_THROW(std::rethrow_exception(refused), durable::config_error);
    file.flush();
    io.run();
    BOOST_TEST(!first);
    BOOST_TEST(read_file(path() / "e.json")->find("\"good\"") != std::string::npos);
}

namespace {

// Options that record the step of each failed write in `steps`.
durable::config_options<numbers> recording_steps(std::vector<durable::step>& steps)
{
    durable::config_options<numbers> options;
    options.saving.on_error = [&steps](durable::save_error const& e, std::uint64_t) { steps.push_back(e.step()); };
    return options;
}

// A NaN has no JSON form: found when the text is rendered, at write time.
numbers without_a_text()
{
    numbers n;
    n.d = std::nan("");
    return n;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(a_value_without_a_text_fails_at_step_render, temp_dir)
{
    put_file(path() / "n.json", "{}\n");
    std::vector<durable::step> steps;
    boost::asio::io_context io;
    durable::config_file<numbers> file(io, path() / "n.json", recording_steps(steps));
    numbers n = without_a_text();
    std::exception_ptr outcome;
    file.async_save(n, [&](std::exception_ptr e) { outcome = e; });
    io.run();
    io.restart();
    try
    {
        std::rethrow_exception(outcome);
    }
    catch(durable::config_error const& e)
    {
        BOOST_TEST(e.path() == path() / "n.json");
        BOOST_TEST_REQUIRE(e.problems().size() == 1u);
        BOOST_TEST(e.problems().front().pointer == "/d");
    }
    BOOST_TEST(steps == std::vector<durable::step>{durable::step::render}, boost::test_tools::per_element());
    // The refusal stands: a flush cannot write a text there is none of.
    BOOST_CHECK_THROW(file.flush(), durable::config_error);
    BOOST_TEST(read_file(path() / "n.json") == std::optional<std::string>("{}\n"));
    n.d = 2.5;
    file.save(n);
    BOOST_TEST(read_file(path() / "n.json")->find("\"d\": 2.5") != std::string::npos);
}

// retry_options: a state refused at step render is not written again by
// itself, since each write would refuse it again; a newer save replaces it.
BOOST_FIXTURE_TEST_CASE(a_state_refused_at_render_is_not_retried, temp_dir)
{
    put_file(path() / "n.json", "{}\n");
    std::vector<durable::step> steps;
    durable::config_options<numbers> options = recording_steps(steps);
    options.saving.retry.initial_delay = std::chrono::milliseconds(5);
    options.saving.retry.max_delay = std::chrono::milliseconds(5);
    boost::asio::io_context io;
    durable::config_file<numbers> file(io, path() / "n.json", options);
    file.async_save(without_a_text(), [](std::exception_ptr) {});
    // Long enough for sixty retries, were there any.
    io.run_for(std::chrono::milliseconds(300));
    BOOST_TEST(steps == std::vector<durable::step>{durable::step::render}, boost::test_tools::per_element());
    BOOST_TEST(read_file(path() / "n.json") == std::optional<std::string>("{}\n"));
}

BOOST_FIXTURE_TEST_CASE(discard_ends_a_waiting_save_with_operation_aborted, temp_dir)
{
    drop_recorder drops;
    {
        durable::config_options<endpoint> options;
        options.saving.commit_delay = std::chrono::hours(1);
        boost::asio::io_context io;
        durable::config_file<endpoint> file(io, path() / "e.json", options);
        std::exception_ptr outcome;
        file.async_save(endpoint{"given up", 1}, [&](std::exception_ptr e) { outcome = e; });
        file.discard();
        io.run();
        try
        {
            std::rethrow_exception(outcome);
        }
        catch(boost::system::system_error const& e)
        {
            BOOST_TEST(e.code() == boost::asio::error::operation_aborted);
        }
    }
    BOOST_TEST(drops.events.empty());
    BOOST_TEST(!read_file(path() / "e.json"));
}

BOOST_FIXTURE_TEST_CASE(render_config_gives_the_text_a_save_writes, temp_dir)
{
    settings const s = full_settings();
    boost::asio::io_context io;
    durable::config_file<settings> file(io, path() / "s.json");
    file.save(s);
    BOOST_TEST(durable::render_config(s) == read_file(path() / "s.json").value());
    numbers n;
    n.f = std::nanf("");
    BOOST_CHECK_THROW(durable::render_config(n), durable::config_error);
}

// Issue 16, part 2: a typed save changes only the values that differ, in the
// person's text.
BOOST_FIXTURE_TEST_CASE(typed_saves_keep_the_persons_text, temp_dir)
{
    using layout_test::desktop;
    using layout_test::hand_written;
    boost::asio::io_context io;
    put_file(path() / "d.json", hand_written(0, 800));
    durable::config_file<desktop> file(io, path() / "d.json");
    desktop d = file.load();
    for(int i = 1; i <= 100; ++i)
    {
        d.count = i;
        d.main.width = 800 + i % 7;
        file.save(d);
        BOOST_TEST_REQUIRE(*read_file(path() / "d.json") == hand_written(i, 800 + i % 7));
    }
    BOOST_TEST((file.load().count == 100));

    // A value set in an absent optional: a member of its own line, after the last.
    d.font = "mono";
    file.save(d);
    BOOST_TEST(*read_file(path() / "d.json") == hand_written(100, 802, ",\r\n  \"font\": \"mono\""));
    BOOST_TEST((*file.load().font == "mono"));
    // Reset: the member goes with its line, and the comma before it.
    d.font.reset();
    file.save(d);
    BOOST_TEST(*read_file(path() / "d.json") == hand_written(100, 802));

    // save -> load -> save writes the same bytes.
    file.save(file.load());
    BOOST_TEST(*read_file(path() / "d.json") == hand_written(100, 802));
}

// The same through update(), which reads the file each time: what the
// person writes between two updates stays too.
BOOST_FIXTURE_TEST_CASE(typed_updates_keep_the_persons_text, temp_dir)
{
    using layout_test::desktop;
    using layout_test::hand_written;
    auto const edited = [](std::string text) {
        return text.replace(text.find("/* the end */"), 13, "/* the end, edited by hand */");
    };
    boost::asio::io_context io;
    put_file(path() / "d.json", hand_written(0, 800));
    durable::config_file<desktop> file(io, path() / "d.json");
    for(int i = 1; i <= 100; ++i)
    {
        if(i == 51)
            put_file(path() / "d.json", edited(hand_written(50, 800 + 50 % 7)));
        desktop const saved = file.update([i](desktop& d) {
            d.count = i;
            d.main.width = 800 + i % 7;
        });
        BOOST_TEST_REQUIRE(saved.count == i);
        std::string const expected = hand_written(i, 800 + i % 7);
        BOOST_TEST_REQUIRE(*read_file(path() / "d.json") == (i <= 50 ? expected : edited(expected)));
    }
}

BOOST_FIXTURE_TEST_CASE(a_kept_layout_is_saved_in_the_background_too, temp_dir)
{
    using layout_test::desktop;
    using layout_test::hand_written;
    boost::asio::io_context io;
    put_file(path() / "d.json", hand_written(0, 800));
    durable::config_file<desktop> file(io, path() / "d.json");
    desktop d = file.load();
    d.count = 5;
    bool done = false;
    file.async_save(d, [&](std::exception_ptr e) {
        BOOST_TEST(!e);
        done = true;
    });
    io.run();
    BOOST_TEST(done);
    BOOST_TEST(*read_file(path() / "d.json") == hand_written(5, 800));
}

BOOST_FIXTURE_TEST_CASE(the_canonical_form_without_keep_layout_and_for_a_new_file, temp_dir)
{
    using layout_test::desktop;
    boost::asio::io_context io;
    desktop d;
    d.count = 3;
    d.font = "mono";
    std::string const canonical = durable::render_config(d);

    durable::config_options<desktop> canonical_options;
    canonical_options.keep_layout = false;
    put_file(path() / "d.json", layout_test::hand_written(0, 800));
    durable::config_file<desktop> file(io, path() / "d.json", canonical_options);
    file.save(d);
    BOOST_TEST(*read_file(path() / "d.json") == canonical);
    file.save(file.load());
    BOOST_TEST(*read_file(path() / "d.json") == canonical);

    // A new file, and a canonical one, stay canonical with keep_layout.
    durable::config_file<desktop> fresh(io, path() / "new.json");
    fresh.save(d);
    BOOST_TEST(*read_file(path() / "new.json") == canonical);
    d.count = 4;
    fresh.save(d);
    BOOST_TEST(*read_file(path() / "new.json") == durable::render_config(d));
    fresh.save(fresh.load());
    BOOST_TEST(*read_file(path() / "new.json") == durable::render_config(d));

    // A file that does not parse is replaced by the canonical form.
    put_file(path() / "bad.json", "{\"count\": ");
    durable::config_file<desktop>(io, path() / "bad.json").save(d);
    BOOST_TEST(*read_file(path() / "bad.json") == durable::render_config(d));
}

// Kept keys and the version key are in the canonical form, and so stay in
// the text where the person put them.
BOOST_FIXTURE_TEST_CASE(kept_keys_and_the_version_stay_in_a_kept_layout, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<endpoint> options;
    options.unknown_keys = durable::unknown_keys::keep;
    options.version_key = "version";
    std::string const text = "{\n  \"tls\": {\"on\": true}, // newer\n  \"port\": 1,\n"
                             "  \"version\": 1,\n  \"host\": \"h\"\n}\n";
    put_file(path() / "e.json", text);
    durable::config_file<endpoint> file(io, path() / "e.json", options);
    endpoint e = file.load();
    file.save(e);
    BOOST_TEST(*read_file(path() / "e.json") == text);
    e.port = 2;
    file.save(e);
    std::string expected = text;
    expected.replace(expected.find("\"port\": 1"), 9, "\"port\": 2");
    BOOST_TEST(*read_file(path() / "e.json") == expected);
    // Dropping the kept keys (ignore) removes them from the text.
    durable::config_options<endpoint> ignore = options;
    ignore.unknown_keys = durable::unknown_keys::ignore;
    durable::config_file<endpoint> dropping(io, path() / "e.json", ignore);
    dropping.save(dropping.load());
    BOOST_TEST(*read_file(path() / "e.json") == "{\n  \"port\": 2,\n  \"version\": 1,\n  \"host\": \"h\"\n}\n");
}

// Two processes read-modify-write one file at once: under the lock, no
// increment is lost. (Without it, about a third were, in issue 16.)
BOOST_FIXTURE_TEST_CASE(updates_from_two_processes_lose_nothing, temp_dir)
{
    constexpr int n = 500;
    fs::path const file = path() / "t.json";
    auto const body = [&](int who) {
        return [&, who] {
            // No thread in the child: a forked child has none of the
            // parent's pool threads, and ThreadSanitizer allows none to
            // start after a fork. With the commit delay, nothing goes to the
            // pool: each update's flush writes on this thread.
            boost::asio::io_context io;
            durable::config_options<tally> options;
            options.saving.commit_delay = std::chrono::hours(1);
            options.saving.durability = durable::durability::atomic; // the lock is tested, not the disk
            durable::config_file<tally> f(io, file, options);
            for(int i = 0; i < n; ++i)
                f.update([&](tally& t) {
                    ++t.count;
                    t.items.push_back(who * n + i);
                });
            return 0;
        };
    };
    {
#if !defined(_WIN32)
        child_process a(body(0));
        child_process b(body(1));
        BOOST_TEST(a.wait() == 0);
        BOOST_TEST(b.wait() == 0);
#else
        // No fork: two threads, each with its own handle of the lock file,
        // which Windows keeps apart as it keeps two processes apart.
        std::thread a(body(0));
        std::thread b(body(1));
        a.join();
        b.join();
#endif
    }
    boost::asio::io_context io;
    tally const t = durable::config_file<tally>(io, file).load();
    BOOST_TEST(t.count == 2 * n);
    std::vector<int> items = t.items;
    std::sort(items.begin(), items.end());
    std::vector<int> expected(2 * n);
    std::iota(expected.begin(), expected.end(), 0);
    BOOST_TEST(items == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(update_reads_the_file_not_a_cached_value, temp_dir)
{
    boost::asio::io_context io;
    durable::config_file<tally> file(io, path() / "t.json");
    BOOST_TEST(file.update([](tally& t) { t.count = 1; }).count == 1); // missing: the defaults
    put_file(path() / "t.json", "{\"count\": 41} // changed by hand\n");
    tally const t = file.update([](tally& v) { ++v.count; });
    BOOST_TEST(t.count == 42);
    BOOST_TEST(file.load().count == 42);
    BOOST_TEST(fs::exists(path() / ".t.json.lock"));
}

// Under the lock the file cannot change between the load and the save, so
// the text the load read is the one the save keeps the layout of: one read.
BOOST_FIXTURE_TEST_CASE(an_update_reads_the_file_once, temp_dir)
{
    durable::test::fault_file_system fault;
    durable::config_options<tally> options;
    options.saving.fs = &fault;
    boost::asio::io_context io;
    durable::config_file<tally> file(io, path() / "t.json", options);
    put_file(path() / "t.json", "{\n  // by hand\n  \"count\": 1\n}\n");
    auto const reads = [&] {
        auto const calls = fault.calls();
        return std::count_if(calls.begin(), calls.end(),
            [](durable::test::recorded_call const& c) { return c.call == durable::test::fs_call::read_file; });
    };
    BOOST_TEST(file.update([](tally& t) { ++t.count; }).count == 2);
    BOOST_TEST(reads() == 1);
    durable::config_version version;
    tally t = file.load(version);
    t.count = 3;
    file.save_if_unchanged(t, version);
    BOOST_TEST(reads() == 3); // the load's, and the check's that the save keeps the layout of
    BOOST_TEST(read_file(path() / "t.json") ==
        std::optional<std::string>("{\n  // by hand\n  \"count\": 3,\n  \"items\": []\n}\n"));
}

BOOST_FIXTURE_TEST_CASE(an_update_whose_function_throws_saves_nothing_and_unlocks, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<tally> options;
    options.lock_timeout = std::chrono::milliseconds(100);
    durable::config_file<tally> file(io, path() / "t.json", options);
    file.save(tally{7, {}});
    BOOST_CHECK_THROW(file.update([](tally& t) {
        t.count = 8;
        throw std::runtime_error("no");
    }), std::runtime_error);
    BOOST_TEST(file.load().count == 7);
    BOOST_TEST(file.update([](tally& t) { ++t.count; }).count == 8);
}

BOOST_FIXTURE_TEST_CASE(an_update_that_times_out_is_a_save_error_at_step_lock, temp_dir)
{
    boost::asio::io_context io;
    durable::config_options<tally> options;
    options.lock_timeout = std::chrono::milliseconds(100);
    durable::config_file<tally> file(io, path() / "t.json", options);
    file.save(tally{7, {}});
    durable::file_lock const held(path() / "t.json", options.lock_timeout);
    try
    {
        file.update([](tally& t) { ++t.count; });
        BOOST_ERROR("no timeout");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(e.code() == durable::error::lock_timeout);
        BOOST_TEST(e.step() == durable::step::lock);
        std::string const what = e.what();
        BOOST_TEST(what.find(".t.json.lock") != std::string::npos, what);
#if !defined(_WIN32) // Windows does not say who holds a lock
        BOOST_TEST(what.find(".t.json.lock held by pid " + std::to_string(::getpid())) != std::string::npos, what);
#endif
    }
    BOOST_TEST(file.load().count == 7);
}

BOOST_FIXTURE_TEST_CASE(async_update_runs_on_the_blocking_executor, temp_dir)
{
    boost::asio::io_context io;
    durable::config_file<tally> file(io, path() / "t.json");
    file.save(tally{1, {}});
    std::thread::id const caller = std::this_thread::get_id();
    std::thread::id ran_on;
    std::exception_ptr error;
    tally result;
    file.async_update([&](tally& t) {
        ran_on = std::this_thread::get_id();
        t.count *= 10;
    }, [&](std::exception_ptr e, tally t) {
        error = e;
        result = std::move(t);
    });
    io.run();
    BOOST_TEST(!error);
    BOOST_TEST(result.count == 10);
    BOOST_TEST((ran_on != caller));
    BOOST_TEST(file.load().count == 10);

    // A failure arrives as the exception update() would throw.
    io.restart();
    file.async_update([](tally&) { throw std::runtime_error("no"); },
        [&](std::exception_ptr e, tally) { error = e; });
    io.run();
    BOOST_CHECK_THROW(std::rethrow_exception(error), std::runtime_error);
}

BOOST_FIXTURE_TEST_CASE(save_if_unchanged_saves_only_the_version_loaded, temp_dir)
{
    boost::asio::io_context io;
    fs::path const p = path() / "t.json";
    durable::config_file<tally> file(io, p);
    durable::config_version missing;
    tally t = file.load(missing);
    BOOST_TEST(!missing.exists);
    t.count = 1;
    durable::config_version const first = file.save_if_unchanged(t, missing);
    BOOST_TEST(first.exists);
    // The file exists now: the missing version no longer matches.
    BOOST_CHECK_THROW(file.save_if_unchanged(t, missing), durable::save_error);

    durable::config_version loaded;
    t = file.load(loaded);
    BOOST_TEST((loaded == first));
    // Another writer changes the file.
    durable::config_file<tally> other(io, p);
    other.update([](tally& v) { v.count = 100; });
    std::string const theirs = read_file(p).value();
    t.count = 2;
    try
    {
        file.save_if_unchanged(t, loaded);
        BOOST_ERROR("saved over another writer's change");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(e.code() == durable::error::changed_on_disk);
    }
    BOOST_TEST(read_file(p) == std::optional<std::string>(theirs));

    // Loaded again, unchanged since: saved, and the version returned is the new file's.
    t = file.load(loaded);
    BOOST_TEST(t.count == 100);
    t.count = 101;
    durable::config_version const saved = file.save_if_unchanged(t, loaded);
    durable::config_version now;
    BOOST_TEST(file.load(now).count == 101);
    BOOST_TEST((now == saved));
    BOOST_TEST((now != loaded));
    // A change of one byte at the same size is a change too.
    std::string text = read_file(p).value();
    text[text.find("101")] = '2';
    put_file(p, text);
    BOOST_CHECK_THROW(file.save_if_unchanged(t, now), durable::save_error);
}

BOOST_AUTO_TEST_SUITE_END()
