//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_EXECUTOR_CONSTRAINTS_HPP
#define DURABLE_DETAIL_EXECUTOR_CONSTRAINTS_HPP

#include <boost/asio/execution/executor.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/is_executor.hpp>

#include <type_traits>

namespace durable {
namespace detail {

// The two ways durable's functions and classes take where to run, as Asio's
// own take them. Each is a default template argument, so that an overload
// taking an executor and one taking an execution context never compete for
// the same argument.

// An executor, of the standard model or of the Networking TS's older one.
template<class T>
using require_executor = std::enable_if_t<
    boost::asio::execution::is_executor<T>::value || boost::asio::is_executor<T>::value>;

// An execution context such as an io_context or a thread_pool, whose
// executor is used.
template<class T>
using require_execution_context =
    std::enable_if_t<std::is_convertible<T&, boost::asio::execution_context&>::value>;

} // namespace detail
} // namespace durable

#endif
