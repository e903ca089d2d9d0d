//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Every public enum of durable is written by its enumerators' names, so that
// a test can compare them with BOOST_TEST and a log can show them.

#define BOOST_TEST_MODULE enum_output
#include <durable.hpp>
#include <durable/test/fault_file_system.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

namespace {

template<class Enum>
std::string written(Enum value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

BOOST_AUTO_TEST_SUITE(enum_output_test)

BOOST_AUTO_TEST_CASE(each_public_enum_is_written_by_name)
{
    BOOST_TEST(written(durable::step::dirsync) == "dirsync");
    BOOST_TEST(written(durable::durability::atomic) == "atomic");
    BOOST_TEST(written(durable::symlink_policy::refuse) == "refuse");
    BOOST_TEST(written(durable::error::durability_unknown) == "durability_unknown");
    BOOST_TEST(written(durable::error::target_changed) == "target_changed");
    BOOST_TEST(written(durable::dropped_object::saver) == "saver");
    BOOST_TEST(written(durable::file_kind::symlink) == "symlink");
    BOOST_TEST(written(durable::unknown_keys::keep) == "keep");
    BOOST_TEST(written(durable::missing_file::use_defaults) == "use_defaults");
    BOOST_TEST(written(durable::corrupt_file::quarantine) == "quarantine");
    BOOST_TEST(written(durable::test::fs_call::remove_attribute) == "remove_attribute");
    BOOST_TEST(written(durable::test::fault_duration::persistent) == "persistent");
}

// Messages name the step by the same names (to_string), one list for both.
BOOST_AUTO_TEST_CASE(to_string_names_as_output_does)
{
    BOOST_TEST(durable::to_string(durable::step::sync) == written(durable::step::sync));
    BOOST_TEST(durable::test::to_string(durable::test::fs_call::sync_data) == written(durable::test::fs_call::sync_data));
}

BOOST_AUTO_TEST_CASE(a_value_without_a_name_is_written_as_its_number)
{
    BOOST_TEST(written(static_cast<durable::step>(99)) == "99");
    BOOST_TEST(durable::to_string(static_cast<durable::step>(99)) == std::string("unknown"));
}

// The case of issue 14: BOOST_TEST prints both sides of a comparison.
BOOST_AUTO_TEST_CASE(boost_test_compares_them)
{
    durable::save_error const e("settings.json", durable::step::sync,
        make_error_code(boost::system::errc::io_error));
    BOOST_TEST(e.step() == durable::step::sync);
    BOOST_TEST(durable::error::not_open != durable::error::unsafe_file);
}

BOOST_AUTO_TEST_SUITE_END()
