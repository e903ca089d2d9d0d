//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE error
#include "support.hpp"

#include <durable/error.hpp>
#include <durable/save_error.hpp>
#include <durable/step.hpp>

BOOST_AUTO_TEST_SUITE(error_test)

BOOST_AUTO_TEST_CASE(library_conditions_have_their_category)
{
    boost::system::error_code const ec = durable::error::durability_unknown;
    BOOST_TEST(std::string(ec.category().name()) == "durable");
    BOOST_TEST(ec.message() == "replaced, durability unknown");
    BOOST_TEST(ec != std::errc::io_error);
    for(durable::error e : {durable::error::durability_unknown, durable::error::symlink_refused,
            durable::error::not_a_regular_file, durable::error::dropped_without_commit,
            durable::error::not_open, durable::error::invalid_config, durable::error::newer_config_version,
            durable::error::unsafe_symlink, durable::error::unsafe_file, durable::error::file_too_large,
            durable::error::target_changed, durable::error::lock_timeout, durable::error::changed_on_disk})
        BOOST_TEST(make_error_code(e).message() != "unknown durable error");
}

BOOST_AUTO_TEST_CASE(steps_have_names)
{
    char const* const names[] = {"render", "open", "resolve", "sweep", "create", "chown", "chmod",
        "write", "sync", "close", "backup", "rename", "dirsync", "lock"};
    for(int s = 0; s <= static_cast<int>(durable::step::lock); ++s)
        BOOST_TEST(std::string(to_string(static_cast<durable::step>(s))) == names[s]);
}

BOOST_AUTO_TEST_CASE(save_error_is_a_system_error_with_one_line)
{
    // Generic: an errno value on every platform (Windows's system category
    // holds GetLastError() values).
    boost::system::error_code const eio = make_error_code(boost::system::errc::io_error);
    durable::save_error const e("etc/app.json", durable::step::sync, eio);
    boost::system::system_error const& base = e;
    BOOST_TEST(std::string(base.what()) == "etc/app.json: sync: Input/output error");
    BOOST_TEST(e.code() == std::errc::io_error);
    BOOST_TEST(e.step() == durable::step::sync);
    BOOST_TEST(e.path() == "etc/app.json");
    BOOST_TEST(!e.cause());

    durable::save_error const unknown(
        "app.json", durable::step::dirsync, durable::error::durability_unknown, eio);
    BOOST_TEST(std::string(unknown.what()) ==
        "app.json: dirsync: replaced, durability unknown: Input/output error");
    BOOST_TEST(unknown.cause() == std::errc::io_error);
}

BOOST_AUTO_TEST_SUITE_END()
