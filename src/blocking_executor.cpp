//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/blocking_executor.hpp>

namespace durable {

namespace {

constexpr std::size_t pool_threads = 8;

} // namespace

boost::asio::thread_pool::executor_type default_blocking_executor()
{
    static boost::asio::thread_pool pool(pool_threads);
    return pool.get_executor();
}

} // namespace durable
