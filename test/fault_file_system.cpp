//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE fault_file_system
#include "support.hpp"

#include <durable/test/fault_file_system.hpp>

#include <cerrno>

namespace {

using namespace durable_test;
using durable::test::fault_duration;
using durable::test::fault_file_system;
using durable::test::fs_call;

// Creates `name` in `dir` with `content` through `fault`, syncing as told.
void make_file(
    fault_file_system& fault, durable::native_handle dir, std::string const& name,
    std::string const& content, bool sync)
{
    boost::system::error_code ec;
    durable::native_handle const f = fault.create_file(dir, name, 0600, {}, ec);
    BOOST_REQUIRE(!ec);
    fault.write(f, content.data(), content.size(), ec);
    BOOST_REQUIRE(!ec);
    if(sync)
        fault.sync_data(f, ec);
    fault.close(f, ec);
    BOOST_REQUIRE(!ec);
}

} // namespace

BOOST_AUTO_TEST_SUITE(fault_file_system_test)

BOOST_AUTO_TEST_CASE(fails_the_nth_call_once)
{
    temp_dir dir;
    fault_file_system fault;
    fault.fail_call(2, EIO);
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);
    BOOST_TEST(!ec);
    fault.status(d, "x", ec);
    BOOST_TEST(ec == std::errc::io_error);
    fault.status(d, "x", ec);
    BOOST_TEST(!ec);
    fault.close(d, ec);
    BOOST_TEST(fault.call_count() == 4u);
}

BOOST_AUTO_TEST_CASE(fails_from_then_on)
{
    temp_dir dir;
    fault_file_system fault;
    fault.fail_call(fs_call::status, 2, ENOSPC, fault_duration::persistent);
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);
    fault.status(d, "x", ec);
    BOOST_TEST(!ec);
    for(int i = 0; i < 3; ++i)
    {
        fault.status(d, "x", ec);
        BOOST_TEST(ec == std::errc::no_space_on_device);
    }
    fault.list_directory(d, ec);
    BOOST_TEST(!ec);
    fault.close(d, ec);
}

// Descriptors are counted in /proc: a POSIX test.
#ifndef _WIN32
BOOST_AUTO_TEST_CASE(failed_close_still_releases)
{
    temp_dir dir;
    auto const before = open_descriptors();
    fault_file_system fault;
    fault.fail_call(fs_call::close, 1, EIO);
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);
    fault.close(d, ec);
    BOOST_TEST(ec == std::errc::io_error);
    BOOST_TEST(open_descriptors() == before, boost::test_tools::per_element());
}
#endif

BOOST_AUTO_TEST_CASE(records_calls_with_names_and_results)
{
    temp_dir dir;
    fault_file_system fault;
    fault.fail_call(fs_call::unlink, 1, ENOENT);
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);
    fault.unlink(d, "missing", ec);
    fault.close(d, ec);
    auto const calls = fault.calls();
    BOOST_TEST_REQUIRE(calls.size() == 3u);
    BOOST_TEST((calls[1].call == fs_call::unlink));
    BOOST_TEST(calls[1].name == "missing");
    BOOST_TEST(calls[1].result == std::errc::no_such_file_or_directory);
    BOOST_TEST(std::string(to_string(calls[2].call)) == "close");
}

BOOST_AUTO_TEST_CASE(short_writes)
{
    temp_dir dir;
    fault_file_system fault;
    fault.limit_write_size(3);
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);
    durable::native_handle const f = fault.create_file(d, "f", 0600, {}, ec);
    BOOST_TEST(fault.write(f, "abcdef", 6, ec) == 3u);
    fault.close(f, ec);
    fault.close(d, ec);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("abc"));
}

BOOST_AUTO_TEST_CASE(crash_forgets_what_was_not_synced)
{
    temp_dir dir;
    put_file(dir / "existing", "was there before");
    fault_file_system fault;
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);

    make_file(fault, d, "synced", "data synced", true);
    make_file(fault, d, "unsynced", "data not synced", false);
    // Nothing of the new entries is durable before the directory sync.
    BOOST_TEST(fault.crash_image().list(dir.path()) == std::vector<std::string>{"existing"}, boost::test_tools::per_element());

    fault.sync_directory(d, ec);
    auto image = fault.crash_image();
    BOOST_TEST(image.read(dir / "existing") == std::optional<std::string>("was there before"));
    BOOST_TEST(image.read(dir / "synced") == std::optional<std::string>("data synced"));
    // The entry survived, its data did not: the empty file of a power cut.
    BOOST_TEST(image.read(dir / "unsynced") == std::optional<std::string>(""));

    // A rename is not durable until the directory is synced again.
    fault.rename(d, "synced", "existing", ec);
    BOOST_TEST(fault.crash_image().read(dir / "existing") == std::optional<std::string>("was there before"));
    fault.sync_directory(d, ec);
    BOOST_TEST(fault.crash_image().read(dir / "existing") == std::optional<std::string>("data synced"));
    BOOST_TEST(!fault.crash_image().read(dir / "synced"));
    fault.close(d, ec);
    // The real files are unaffected by the model.
    BOOST_TEST(read_file(dir / "unsynced") == std::optional<std::string>("data not synced"));
}

BOOST_AUTO_TEST_CASE(crash_after_freezes_the_image)
{
    temp_dir dir;
    fault_file_system fault;
    fault.crash_after(4); // open, create, write, sync_data
    boost::system::error_code ec;
    durable::native_handle d = fault.open_directory(dir.path(), ec);
    make_file(fault, d, "f", "content", true);
    fault.sync_directory(d, ec);
    fault.close(d, ec);
    BOOST_TEST(fault.crash_image().list(dir.path()).empty());
    fault_file_system later;
    later.crash_after(100);
    d = later.open_directory(dir.path(), ec);
    BOOST_TEST(later.crash_image().read(dir / "f") == std::optional<std::string>("content"));
    later.close(d, ec);
}

// A directory first opened after the crash point was not changed through
// the file system before it: the crash leaves what it held when first seen.
BOOST_AUTO_TEST_CASE(a_directory_seen_after_the_crash_point_is_as_it_was)
{
    temp_dir dir;
    fs::create_directory(dir / "a");
    fs::create_directory(dir / "b");
    put_file(dir / "b" / "old", "old content");
    fault_file_system fault;
    fault.crash_after(1);
    boost::system::error_code ec;
    durable::native_handle const a = fault.open_directory(dir / "a", ec);
    durable::native_handle const b = fault.open_directory(dir / "b", ec);
    make_file(fault, b, "new", "new content", true);
    fault.sync_directory(b, ec);
    BOOST_TEST(fault.crash_image().list(dir / "b") == std::vector<std::string>{"old"}, boost::test_tools::per_element());
    BOOST_TEST(fault.crash_image().read(dir / "b" / "old") == std::optional<std::string>("old content"));
    fault.close(a, ec);
    fault.close(b, ec);
}

BOOST_AUTO_TEST_CASE(skipped_syncs_change_nothing)
{
    temp_dir dir;
    fault_file_system fault;
    fault.skip_syncs(fs_call::sync_directory);
    boost::system::error_code ec;
    durable::native_handle const d = fault.open_directory(dir.path(), ec);
    make_file(fault, d, "f", "content", true);
    fault.sync_directory(d, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(fault.crash_image().list(dir.path()).empty());
    fault.close(d, ec);
}

BOOST_AUTO_TEST_SUITE_END()
