//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_LAST_ERROR_HPP
#define DURABLE_SRC_DETAIL_LAST_ERROR_HPP

#include <boost/system/error_code.hpp>

#include <cerrno>

namespace durable {
namespace detail {

// The one place where errno becomes an error code: system_category keeps
// the value comparable with std::errc.
inline boost::system::error_code last_error() noexcept
{
    return {errno, boost::system::system_category()};
}

} // namespace detail
} // namespace durable

#endif
