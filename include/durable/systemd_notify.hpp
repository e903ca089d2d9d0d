//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SYSTEMD_NOTIFY_HPP
#define DURABLE_SYSTEMD_NOTIFY_HPP

#include <durable/detail/export.hpp>
#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace durable {

/** Tells the service manager about the service's state, as sd_notify(3) does.

    Sends `state` (newline-separated assignments such as `READY=1` or
    `STATUS=listening`) in one datagram to the socket named by the
    `NOTIFY_SOCKET` environment variable: a path, or an abstract socket
    when it starts with `@`. Without `NOTIFY_SOCKET` it does nothing and
    succeeds, so a program calls it unconditionally. No libsystemd is needed.
    On Windows, which has no systemd and no manager that reads
    `NOTIFY_SOCKET`, it does nothing and succeeds, so that a daemon written
    for both calls it there too.

    live_config sends `RELOADING=1` and `READY=1` around each reload itself;
    a daemon sends the first `READY=1` once it has started.

    @return the error of the send; `std::errc::address_family_not_supported`
    for a socket address that is neither a path nor abstract (such as vsock).
*/
DURABLE_DECL boost::system::error_code systemd_notify(std::string_view state);

/** `RELOADING=1` and `MONOTONIC_USEC=` with the time now: what `Type=notify-reload` expects before a reload.

    The time is CLOCK_MONOTONIC in microseconds, the clock systemd compares
    it with to tell this reload from an earlier one (on Windows, the steady
    clock's).
*/
DURABLE_DECL std::string systemd_reloading_message();

} // namespace durable

#endif
