//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/systemd_notify.hpp>

#include "detail/last_error.hpp"
#include "detail/reloading_message.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

namespace durable {

boost::system::error_code systemd_notify(std::string_view state)
{
    char const* const socket_name = std::getenv("NOTIFY_SOCKET");
    if(!socket_name || !*socket_name)
        return {};
    std::size_t const length = std::strlen(socket_name);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if(socket_name[0] != '/' && socket_name[0] != '@')
        return make_error_code(boost::system::errc::address_family_not_supported);
    if(length > sizeof address.sun_path)
        return make_error_code(boost::system::errc::filename_too_long);
    std::memcpy(address.sun_path, socket_name, length);
    // An abstract socket's name starts with a NUL byte, not with the '@'
    // that stands for it in the environment.
    if(address.sun_path[0] == '@')
        address.sun_path[0] = '\0';
    socklen_t const address_size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);

    int const fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if(fd < 0)
        return detail::last_error();
    boost::system::error_code ec;
    // MSG_NOSIGNAL: a manager that went away must not kill the service with
    // SIGPIPE. MSG_DONTWAIT: a manager that does not read must not stall the
    // event loop this is called from; the message is then lost, and the
    // manager's own timeout reports it.
    if(::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
           reinterpret_cast<sockaddr const*>(&address), address_size) < 0)
        ec = detail::last_error();
    ::close(fd);
    return ec;
}

std::string systemd_reloading_message()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    std::uint64_t const usec = static_cast<std::uint64_t>(now.tv_sec) * 1000000u +
        static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
    return detail::reloading_message(usec);
}

} // namespace durable
