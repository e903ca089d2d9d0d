//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE systemd_notify_test
#include <durable/systemd_notify.hpp>

#include "support.hpp"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

#if !defined(_WIN32)
#include <time.h>
#endif

using namespace durable_test;

namespace {

// The clock of the reloading message, in microseconds: CLOCK_MONOTONIC,
// which systemd compares it with; the steady clock on Windows.
std::uint64_t usec_now()
{
#if defined(_WIN32)
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now().time_since_epoch()).count());
#else
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000000u + static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
#endif
}

} // namespace

BOOST_AUTO_TEST_SUITE(systemd_notify_test)

BOOST_AUTO_TEST_CASE(the_reloading_message_carries_the_monotonic_clock)
{
    std::uint64_t const before = usec_now();
    std::string const message = durable::systemd_reloading_message();
    std::uint64_t const after = usec_now();
    std::string const prefix = "RELOADING=1\nMONOTONIC_USEC=";
    BOOST_REQUIRE(message.rfind(prefix, 0) == 0u);
    std::uint64_t const usec = std::stoull(message.substr(prefix.size()));
    BOOST_TEST(usec >= before);
    BOOST_TEST(usec <= after);
}

#if defined(_WIN32)

// No manager reads NOTIFY_SOCKET on Windows: whatever it names, nothing is
// sent and nothing fails, so that a daemon written for both links and runs.
BOOST_FIXTURE_TEST_CASE(on_windows_there_is_no_manager_to_tell, temp_dir)
{
    BOOST_TEST(!durable::systemd_notify("READY=1"));
    ::_putenv_s("NOTIFY_SOCKET", (path() / "nobody-listens").string().c_str());
    BOOST_TEST(!durable::systemd_notify("READY=1"));
    ::_putenv_s("NOTIFY_SOCKET", "");
}

#else

BOOST_FIXTURE_TEST_CASE(a_message_reaches_a_socket_by_path, temp_dir)
{
    notify_socket manager(path());
    BOOST_TEST(!durable::systemd_notify("READY=1\nSTATUS=up"));
    BOOST_TEST(manager.receive() == "READY=1\nSTATUS=up");
}

BOOST_FIXTURE_TEST_CASE(a_message_reaches_an_abstract_socket, temp_dir)
{
    notify_socket manager(path(), true);
    BOOST_TEST(!durable::systemd_notify("STOPPING=1"));
    BOOST_TEST(manager.receive() == "STOPPING=1");
}

BOOST_AUTO_TEST_CASE(without_a_manager_nothing_is_sent_and_nothing_fails)
{
    ::unsetenv("NOTIFY_SOCKET");
    BOOST_TEST(!durable::systemd_notify("READY=1"));
    ::setenv("NOTIFY_SOCKET", "", 1);
    BOOST_TEST(!durable::systemd_notify("READY=1"));
    ::unsetenv("NOTIFY_SOCKET");
}

BOOST_FIXTURE_TEST_CASE(an_address_it_cannot_use_is_an_error, temp_dir)
{
    ::setenv("NOTIFY_SOCKET", "vsock:2:1234", 1);
    BOOST_TEST(durable::systemd_notify("READY=1") == boost::system::errc::address_family_not_supported);
    ::setenv("NOTIFY_SOCKET", ("/" + std::string(200, 'x')).c_str(), 1);
    BOOST_TEST(durable::systemd_notify("READY=1") == boost::system::errc::filename_too_long);
    ::setenv("NOTIFY_SOCKET", (path() / "nobody-listens").c_str(), 1);
    BOOST_TEST(durable::systemd_notify("READY=1") == boost::system::errc::no_such_file_or_directory);
    ::unsetenv("NOTIFY_SOCKET");
}

#endif

BOOST_AUTO_TEST_SUITE_END()
