//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_RELOADING_MESSAGE_HPP
#define DURABLE_SRC_DETAIL_RELOADING_MESSAGE_HPP

#include <cstdint>
#include <string>

namespace durable {
namespace detail {

// What Type=notify-reload expects before a reload, with the monotonic time
// in microseconds: one spelling for the POSIX and the Windows halves of
// systemd_notify, which read that time each from its own clock.
inline std::string reloading_message(std::uint64_t monotonic_usec)
{
    return "RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec);
}

} // namespace detail
} // namespace durable

#endif
