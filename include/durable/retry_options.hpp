//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_RETRY_OPTIONS_HPP
#define DURABLE_RETRY_OPTIONS_HPP

#include <chrono>

namespace durable {

/** When a saver writes a state whose write failed again, by itself.

    A full disk, a directory made read-only for a moment, an I/O error on a
    removable drive: the state that could not be saved stays in the saver,
    and the next save, flush() or async_flush() writes it again. With a
    retry delay, the saver also writes it again by itself: after
    `initial_delay`, then after twice as long at each failure, never more
    than `max_delay`, until a write succeeds (the delay then starts over)
    or a newer save replaces the state. A state refused at step render is
    not retried: writing it again would refuse it again.
*/
struct retry_options
{
    /// The wait before the first retry; zero (the default) retries nothing by itself.
    std::chrono::steady_clock::duration initial_delay{0};

    /// The longest wait between two retries.
    std::chrono::steady_clock::duration max_delay{std::chrono::minutes(1)};
};

} // namespace durable

#endif
