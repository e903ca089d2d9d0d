//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The configuration types of the tests: one member of every kind that
// config_file maps.

#ifndef DURABLE_TEST_CONFIG_TYPES_HPP
#define DURABLE_TEST_CONFIG_TYPES_HPP

#include <boost/describe.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace config_test {

enum class level
{
    debug,
    info,
    warning
};
BOOST_DESCRIBE_ENUM(level, debug, info, warning)

struct endpoint
{
    std::string host = "localhost";
    std::uint16_t port = 8080;

    friend bool operator==(endpoint const&, endpoint const&) = default;
};
BOOST_DESCRIBE_STRUCT(endpoint, (), (host, port))

// A type of the user's own, converted by Boost.JSON through tag_invoke: "x,y".
struct point
{
    int x = 0;
    int y = 0;

    friend bool operator==(point const&, point const&) = default;
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, point const& p)
{
    v = std::to_string(p.x) + "," + std::to_string(p.y);
}

inline point tag_invoke(boost::json::value_to_tag<point>, boost::json::value const& v)
{
    std::string const text(v.as_string().c_str());
    auto const comma = text.find(',');
    if(comma == std::string::npos)
        throw std::invalid_argument("a point is \"x,y\"");
    return {std::stoi(text.substr(0, comma)), std::stoi(text.substr(comma + 1))};
}

struct numbers
{
    std::int8_t i8 = 0;
    std::uint8_t u8 = 0;
    std::int16_t i16 = 0;
    std::uint16_t u16 = 0;
    std::int32_t i32 = 0;
    std::uint32_t u32 = 0;
    std::int64_t i64 = 0;
    std::uint64_t u64 = 0;
    float f = 0;
    double d = 0;

    friend bool operator==(numbers const&, numbers const&) = default;
};
BOOST_DESCRIBE_STRUCT(numbers, (), (i8, u8, i16, u16, i32, u32, i64, u64, f, d))

struct settings
{
    endpoint server;
    std::optional<endpoint> fallback;
    std::vector<std::string> tags;
    std::map<std::string, int> limits;
    std::unordered_map<std::string, double> weights;
    bool verbose = false;
    numbers n;
    level log_level = level::info;
    std::chrono::milliseconds timeout{1500};
    std::chrono::seconds interval{30};
    point origin;
    std::optional<int> retries;
    std::vector<endpoint> mirrors;

    friend bool operator==(settings const&, settings const&) = default;
};
BOOST_DESCRIBE_STRUCT(settings, (),
    (server, fallback, tags, limits, weights, verbose, n, log_level, timeout, interval, origin, retries, mirrors))

// Free-form settings (a plugin's own section) stay JSON, whatever they hold.
struct with_free_form
{
    std::string name;
    boost::json::value plugin;

    friend bool operator==(with_free_form const&, with_free_form const&) = default;
};
BOOST_DESCRIBE_STRUCT(with_free_form, (), (name, plugin))

// Free-form JSON, kept by a type of the user's own as copies of the values
// it was converted from (which share their memory).
struct notes
{
    std::vector<boost::json::value> items;

    friend bool operator==(notes const&, notes const&) = default;
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, notes const& n)
{
    v = boost::json::array(n.items.begin(), n.items.end());
}

inline notes tag_invoke(boost::json::value_to_tag<notes>, boost::json::value const& v)
{
    boost::json::array const& a = v.as_array();
    return {std::vector<boost::json::value>(a.begin(), a.end())};
}

struct with_notes
{
    notes remarks;

    friend bool operator==(with_notes const&, with_notes const&) = default;
};
BOOST_DESCRIBE_STRUCT(with_notes, (), (remarks))

} // namespace config_test

#endif
