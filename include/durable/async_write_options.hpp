//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_ASYNC_WRITE_OPTIONS_HPP
#define DURABLE_ASYNC_WRITE_OPTIONS_HPP

#include <durable/write_options.hpp>

#include <boost/asio/any_io_executor.hpp>

namespace durable {

/// Options of async_write_file() and of the saver: those of a save, and where its system calls run.
struct async_write_options : write_options
{
    /** The executor on which the blocking system calls run.

        Empty (the default) means `default_blocking_executor()`. It must not
        be the caller's event loop: that is what the asynchronous functions
        exist to keep free. Its execution context must outlive every object
        that uses it (a saver, a config_file, a live_config), as for any
        executor: a thread_pool stopped meanwhile drops the jobs queued on
        it, and those operations end with operation_aborted.
    */
    boost::asio::any_io_executor blocking_executor;
};

} // namespace durable

#endif
