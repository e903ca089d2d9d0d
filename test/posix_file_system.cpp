//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE posix_file_system
#include "support.hpp"

#include <durable/posix_file_system.hpp>

#include <fcntl.h>
#include <sys/stat.h>

using namespace durable_test;

BOOST_AUTO_TEST_SUITE(posix_file_system_test)

BOOST_AUTO_TEST_CASE(one_call_each)
{
    temp_dir dir;
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    BOOST_TEST_REQUIRE(!ec);

    durable::native_handle const f = posix.create_file(d, "a", 0600, ec);
    BOOST_TEST_REQUIRE(!ec);
    BOOST_TEST(posix.write(f, "hello", 5, ec) == 5u);
    posix.change_mode(f, 0640, ec);
    BOOST_TEST(!ec);
    posix.sync_data(f, ec);
    BOOST_TEST(!ec);
    posix.close(f, ec);
    BOOST_TEST(!ec);

    // O_EXCL: an existing name is never opened.
    posix.create_file(d, "a", 0600, ec);
    BOOST_TEST(ec == std::errc::file_exists);

    durable::file_status const st = posix.status(d, "a", ec);
    BOOST_TEST(!ec);
    BOOST_TEST((st.kind == durable::file_kind::regular));
    BOOST_TEST(st.mode == 0640u);
    BOOST_TEST(st.size == 5u);
    BOOST_TEST(st.uid == ::geteuid());

    posix.rename(d, "a", "b", ec);
    BOOST_TEST(!ec);
    posix.sync_directory(d, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(posix.read_file(dir / "b", ec) == "hello");
    BOOST_TEST(posix.list_directory(d, ec) == std::vector<std::string>{"b"}, boost::test_tools::per_element());
    posix.unlink(d, "b", ec);
    BOOST_TEST(!ec);
    BOOST_TEST(posix.list_directory(d, ec).empty());
    posix.close(d, ec);
    BOOST_TEST(!ec);
}

BOOST_AUTO_TEST_CASE(missing_entry_is_no_error)
{
    temp_dir dir;
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    BOOST_TEST((posix.status(d, "missing", ec).kind == durable::file_kind::none));
    BOOST_TEST(!ec);
    posix.read_file(dir / "missing", ec);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);
    posix.close(d, ec);
}

BOOST_AUTO_TEST_CASE(symbolic_links_are_not_followed)
{
    temp_dir dir;
    std::string const long_target(1000, 'x');
    fs::create_symlink(long_target, dir / "link");
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    BOOST_TEST((posix.status(d, "link", ec).kind == durable::file_kind::symlink));
    BOOST_TEST(posix.read_link(d, "link", ec) == fs::path(long_target));
    // O_NOFOLLOW: the link itself is never opened as the new file.
    posix.create_file(d, "link", 0600, ec);
    BOOST_TEST(ec == std::errc::file_exists);
    posix.close(d, ec);
}

BOOST_AUTO_TEST_CASE(handles_are_not_inherited)
{
    temp_dir dir;
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    durable::native_handle const f = posix.create_file(d, "f", 0600, ec);
    BOOST_TEST((::fcntl(d, F_GETFD) & FD_CLOEXEC) != 0);
    BOOST_TEST((::fcntl(f, F_GETFD) & FD_CLOEXEC) != 0);
    posix.close(f, ec);
    posix.close(d, ec);
}

BOOST_AUTO_TEST_CASE(errors_compare_with_errc)
{
    durable::posix_file_system posix;
    boost::system::error_code ec;
    posix.open_directory("/nonexistent/directory", ec);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);
    BOOST_TEST(&ec.category() == &boost::system::system_category());
    posix.sync_data(-1, ec);
    BOOST_TEST(ec == std::errc::bad_file_descriptor);
}

BOOST_AUTO_TEST_SUITE_END()
