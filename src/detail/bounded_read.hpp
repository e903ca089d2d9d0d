//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_BOUNDED_READ_HPP
#define DURABLE_SRC_DETAIL_BOUNDED_READ_HPP

#include <durable/error.hpp>

#include <boost/system/error_code.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace durable {
namespace detail {

/** Reads an open regular file whole, but no more than `limit` bytes: the body of every file_system's read_file().

    `read(buffer, size, ec)` reads at most `size` bytes and returns how many,
    0 at the end of the file. `size_hint` is the size the file's status
    gave. A file that holds more than `limit` fails with
    `error::file_too_large`.
*/
template<class Read>
std::string read_bounded(std::uint64_t size_hint, std::uint64_t limit, Read read, boost::system::error_code& ec)
{
    // One byte more than the limit tells a file at the limit from a larger
    // one. The buffer starts at the size the status reports, but that is not
    // trusted: files of /proc say 0, and a file may grow while it is read.
    std::size_t const cap = limit >= std::numeric_limits<std::size_t>::max()
        ? std::numeric_limits<std::size_t>::max()
        : static_cast<std::size_t>(limit) + 1;
    std::string content(static_cast<std::size_t>(
        std::min<std::uint64_t>(cap, std::max<std::uint64_t>(size_hint + 1, 4096))), '\0');
    std::size_t have = 0;
    for(;;)
    {
        if(have == content.size())
        {
            if(content.size() == cap)
                break;
            content.resize(content.size() > cap / 2 ? cap : content.size() * 2);
        }
        std::size_t const n = read(content.data() + have, content.size() - have, ec);
        if(ec)
            return {};
        if(n == 0)
            break;
        have += n;
    }
    if(have > limit)
    {
        ec = make_error_code(error::file_too_large);
        return {};
    }
    content.resize(have);
    return content;
}

} // namespace detail
} // namespace durable

#endif
