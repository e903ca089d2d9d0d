//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_BLOCKING_EXECUTOR_HPP
#define DURABLE_BLOCKING_EXECUTOR_HPP

#include <durable/detail/export.hpp>
#include <boost/asio/thread_pool.hpp>

namespace durable {

/** The executor that runs the blocking system calls of asynchronous saves
    when the options name none.

    Boost.Asio has no asynchronous open, fsync or rename, so each save runs
    its system calls on a thread of this pool, never on the caller's event
    loop. The pool belongs to the library, starts on first use, and has 8
    threads: they spend their time waiting for the disk, not on a core, and
    several syncs in flight let the file system commit them in one journal
    transaction. It lives until the program exits.
*/
DURABLE_DECL boost::asio::thread_pool::executor_type default_blocking_executor();

} // namespace durable

#endif
