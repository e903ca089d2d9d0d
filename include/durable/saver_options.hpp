//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SAVER_OPTIONS_HPP
#define DURABLE_SAVER_OPTIONS_HPP

#include <durable/async_write_options.hpp>
#include <durable/retry_options.hpp>
#include <durable/save_error.hpp>

#include <chrono>
#include <cstdint>
#include <functional>

namespace durable {

/// Options of a saver: those of each save, and how saves are grouped and reported.
struct saver_options : async_write_options
{
    /** How long the first save after an idle moment waits before it is written.

        Saves made meanwhile coalesce into the newest state. The delay starts
        with the first change and is not restarted by later ones, so no save
        waits longer than the delay plus one write in progress. Zero (the
        default) writes at once; a flush always writes at once.
    */
    std::chrono::steady_clock::duration commit_delay{0};

    /** Called, through the saver's executor, when saving starts failing.

        Once per episode, not per write: it receives the error of the first
        write that failed (path, step and cause) and the generation it did
        not save; the writes that fail after it, until one succeeds, call
        nothing. A program can show one message per episode, not a dialog
        per change. The state that failed is kept: see `retry`.
    */
    std::function<void(save_error const&, std::uint64_t generation)> on_error;

    /** Called, through the saver's executor, when a write succeeds after on_error.

        It receives the generation now durable: every save up to it is on
        disk, the episode is over, and the next failure calls on_error again.
    */
    std::function<void(std::uint64_t generation)> on_recovered;

    /// When a state whose write failed is written again by itself (by default: never; see retry_options).
    retry_options retry;
};

} // namespace durable

#endif
