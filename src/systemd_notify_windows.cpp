//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/systemd_notify.hpp>

#include "detail/reloading_message.hpp"

#include <chrono>
#include <cstdint>

namespace durable {

// Windows has no systemd, and no service manager that reads NOTIFY_SOCKET:
// its Service Control Manager learns a service's state from
// SetServiceStatus, called by the service's own dispatcher, which a library
// cannot own (and AF_UNIX on Windows has no datagrams to send it by). So
// there is never a manager to tell, and this does what the POSIX half does
// without NOTIFY_SOCKET: nothing, successfully. A daemon written for both
// calls it unconditionally, as the header promises, and links.
boost::system::error_code systemd_notify(std::string_view)
{
    return {};
}

// No CLOCK_MONOTONIC here; the steady clock is its counterpart, and the
// message has no reader to compare it with another clock.
std::string systemd_reloading_message()
{
    auto const usec = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now().time_since_epoch()).count();
    return detail::reloading_message(static_cast<std::uint64_t>(usec));
}

} // namespace durable
