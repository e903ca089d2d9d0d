//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE posix_file_system
#include "support.hpp"

#include <durable/posix_file_system.hpp>

#include <durable/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>

using namespace durable_test;

BOOST_AUTO_TEST_SUITE(posix_file_system_test)

BOOST_AUTO_TEST_CASE(one_call_each)
{
    temp_dir dir;
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    BOOST_TEST_REQUIRE(!ec);

    durable::native_handle const f = posix.create_file(d, "a", 0600, {}, ec);
    BOOST_TEST_REQUIRE(!ec);
    BOOST_TEST(posix.write(f, "hello", 5, ec) == 5u);
    posix.change_mode(f, 0640, ec);
    BOOST_TEST(!ec);
    durable::file_status const held = posix.status(f, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(held.mode == 0640u);
    BOOST_TEST(held.inode == posix.status(d, "a", ec).inode);
    BOOST_TEST(held.modified == 0); // not read: see file_system::status
    posix.sync_data(f, ec);
    BOOST_TEST(!ec);
    posix.close(f, ec);
    BOOST_TEST(!ec);

    // O_EXCL: an existing name is never opened.
    posix.create_file(d, "a", 0600, {}, ec);
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
    durable::file_status opened;
    BOOST_TEST(posix.read_file(d, "b", 100, opened, ec) == "hello");
    BOOST_TEST(!ec);
    BOOST_TEST(opened.inode == posix.status(d, "b", ec).inode);
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
    durable::file_status opened;
    posix.read_file(d, "missing", 100, opened, ec);
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
    posix.create_file(d, "link", 0600, {}, ec);
    BOOST_TEST(ec == std::errc::file_exists);
    posix.close(d, ec);
}

BOOST_AUTO_TEST_CASE(directories_are_opened_through_no_link)
{
    temp_dir dir;
    fs::create_directories(dir / "real" / "inner");
    fs::create_directory_symlink("real", dir / "link");
    durable::posix_file_system posix;
    boost::system::error_code ec;
    posix.open_directory(dir / "link" / "inner", ec);
    BOOST_TEST(ec == std::errc::too_many_symbolic_link_levels);
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    BOOST_TEST_REQUIRE(!ec);
    posix.open_directory(d, "link", ec);
    BOOST_TEST(ec == std::errc::not_a_directory);
    durable::native_handle const real = posix.open_directory(d, "real", ec);
    BOOST_TEST_REQUIRE(!ec);
    durable::native_handle const same = posix.open_directory(real, ".", ec);
    BOOST_TEST_REQUIRE(!ec);
    BOOST_TEST((posix.status(same, "inner", ec).kind == durable::file_kind::directory));
    posix.close(same, ec);
    posix.close(real, ec);
    posix.close(d, ec);
}

// A kernel before 5.6 has no openat2: the walk, one component at a time,
// must find the same directories and refuse the same links.
BOOST_AUTO_TEST_CASE(directories_are_opened_without_openat2)
{
    temp_dir dir;
    fs::create_directories(dir / "real" / "inner");
    fs::create_directory_symlink("real", dir / "link");
    int const status = run_in_child([&] {
        if(!fail_calls_on_this_thread({SYS_openat2}, ENOSYS))
            return 0;
        durable::posix_file_system posix;
        boost::system::error_code ec;
        durable::native_handle const d = posix.open_directory(dir / "real" / "inner", ec);
        if(ec)
            return 1;
        posix.close(d, ec);
        posix.open_directory(dir / "link" / "inner", ec);
        if(ec != std::errc::too_many_symbolic_link_levels)
            return 2;
        posix.open_directory(dir / "real" / "missing", ec);
        return ec == std::errc::no_such_file_or_directory ? 0 : 3;
    });
    BOOST_TEST(status == 0);
}

// Nothing but a regular file is read, and no more than the limit: a FIFO
// with no writer, a device that never ends, a link in the file's place.
BOOST_AUTO_TEST_CASE(only_regular_files_are_read_and_no_further_than_the_limit)
{
    temp_dir dir;
    put_file(dir / "ten", "0123456789");
    BOOST_REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    fs::create_directory(dir / "sub");
    fs::create_symlink("ten", dir / "link");
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    durable::file_status opened;
    BOOST_TEST(posix.read_file(d, "ten", 10, opened, ec) == "0123456789");
    BOOST_TEST(!ec);
    BOOST_TEST(posix.read_file(d, "ten", 9, opened, ec).empty());
    BOOST_TEST(ec == durable::error::file_too_large);
    BOOST_TEST(opened.size == 10u);
    posix.read_file(d, "fifo", 10, opened, ec);
    BOOST_TEST(ec == durable::error::not_a_regular_file);
    BOOST_TEST((opened.kind == durable::file_kind::other));
    posix.read_file(d, "sub", 10, opened, ec);
    BOOST_TEST(ec == std::errc::is_a_directory);
    posix.read_file(d, "link", 10, opened, ec);
    BOOST_TEST(ec == std::errc::too_many_symbolic_link_levels);
    posix.close(d, ec);

    durable::native_handle const dev = posix.open_directory("/dev", ec);
    BOOST_TEST_REQUIRE(!ec);
    posix.read_file(dev, "zero", 10, opened, ec);
    BOOST_TEST(ec == durable::error::not_a_regular_file);
    posix.close(dev, ec);

    // Files of /proc claim a size of 0 and hold more.
    durable::native_handle const proc = posix.open_directory("/proc/self", ec);
    if(!ec)
    {
        posix.read_file(proc, "maps", 16, opened, ec);
        BOOST_TEST(ec == durable::error::file_too_large);
        posix.close(proc, ec);
    }
}

// The attribute calls in one round; the first thing that went wrong, or
// nothing. No Boost.Test assertion, so that a child process can run it.
std::string attribute_round(durable::posix_file_system& posix, fs::path const& dir)
{
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir, ec);
    durable::native_handle const f = posix.create_file(d, "f", 0600, {}, ec);
    if(ec)
        return "create: " + ec.message();
    std::string failure;
    auto check = [&](bool holds, char const* what) {
        if(!holds && failure.empty())
            failure = std::string(what) + " (" + ec.message() + ")";
    };
    check(posix.list_attributes(d, "f", ec).empty() && !ec, "no attributes at first");
    std::string const large(1000, 'v'); // larger than the first buffer
    posix.write_attribute(f, "user.durable.a", "1", ec);
    check(!ec, "write a");
    posix.write_attribute(f, "user.durable.b", large, ec);
    check(!ec, "write b");
    std::vector<std::string> names = posix.list_attributes(d, "f", ec);
    std::sort(names.begin(), names.end());
    check(names == std::vector<std::string>{"user.durable.a", "user.durable.b"}, "list both");
    check(posix.read_attribute(d, "f", "user.durable.b", ec) == large && !ec, "read b");
    posix.read_attribute(d, "f", "user.durable.none", ec);
    check(ec == std::errc::no_message_available, "read a missing one: ENODATA"); // ENODATA
    check(posix.read_attribute(f, "user.durable.b", ec) == large && !ec, "read b by handle");
    posix.read_attribute(f, "user.durable.none", ec);
    check(ec == std::errc::no_message_available, "read a missing one by handle: ENODATA");
    posix.remove_attribute(f, "user.durable.a", ec);
    check(!ec, "remove a");
    posix.remove_attribute(f, "user.durable.a", ec);
    check(!ec, "remove a again: no error");
    check(posix.list_attributes(d, "f", ec) == std::vector<std::string>{"user.durable.b"}, "list b");
    posix.close(f, ec);
    posix.close(d, ec);
    return failure;
}

bool has_user_attributes(fs::path const& dir)
{
    if(::setxattr(dir.c_str(), "user.durable.probe", "1", 1, 0) == 0)
        return true;
    BOOST_TEST_MESSAGE("skipped: this file system has no user attributes");
    return false;
}

BOOST_AUTO_TEST_CASE(extended_attributes)
{
    temp_dir dir;
    if(!has_user_attributes(dir.path()))
        return;
    durable::posix_file_system posix;
    std::string const failure = attribute_round(posix, dir.path());
    BOOST_TEST(failure.empty(), failure);
}

// Before Linux 6.13 there are no *xattrat calls: attributes are read
// through a descriptor of the file instead.
BOOST_AUTO_TEST_CASE(extended_attributes_without_the_at_calls)
{
    temp_dir dir;
    if(!has_user_attributes(dir.path()))
        return;
    int const status = run_in_child([&] {
        if(!fail_calls_on_this_thread({sys_getxattrat, sys_listxattrat}, ENOSYS))
            return 0;
        durable::posix_file_system posix;
        return attribute_round(posix, dir.path()).empty() ? 0 : 1;
    });
    BOOST_TEST(status == 0);
}

BOOST_AUTO_TEST_CASE(handles_are_not_inherited)
{
    temp_dir dir;
    durable::posix_file_system posix;
    boost::system::error_code ec;
    durable::native_handle const d = posix.open_directory(dir.path(), ec);
    durable::native_handle const f = posix.create_file(d, "f", 0600, {}, ec);
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
