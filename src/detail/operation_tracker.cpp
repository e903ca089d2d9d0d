//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/operation_tracker.hpp>

namespace durable {
namespace detail {

boost::asio::execution_context::id operation_tracker::id;

} // namespace detail
} // namespace durable
