//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SAVER_OPTIONS_HPP
#define DURABLE_SAVER_OPTIONS_HPP

#include <durable/async_write_options.hpp>
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

    /** Called, through the saver's executor, when a write fails.

        It receives the error (path, step and cause) and the generation that
        was not saved. The next save starts over with a fresh temporary file;
        nothing is retried by itself.
    */
    std::function<void(save_error const&, std::uint64_t generation)> on_error;
};

} // namespace durable

#endif
