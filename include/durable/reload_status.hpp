//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_RELOAD_STATUS_HPP
#define DURABLE_RELOAD_STATUS_HPP

#include <durable/config_error.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace durable {

/** Where a live_config stands: what runs, and how the last reload went.

    The fields a monitoring endpoint exports (Prometheus's
    `config_last_reload_successful` is `ok`, its timestamp `time`).
*/
struct reload_status
{
    /** The generation of the snapshot current() returns.

        1 for the configuration loaded at start, one more for each snapshot
        published since (by a reload or by a save through the live_config).
        A failed reload leaves it as it was: it names the configuration that
        still runs.
    */
    std::uint64_t generation = 0;

    /// False when the last reload failed: the file holds something the running configuration is not.
    bool ok = false;

    /// Why the last reload failed, while `ok` is false.
    std::optional<config_error> error;

    /// When the last load, reload or published save happened.
    std::chrono::system_clock::time_point time;

    /** The FNV-1a hash of the bytes the current snapshot was read from (or saved as).

        0 when it was read from no file: defaults, not written.
    */
    std::uint64_t content_hash = 0;

    /// Reloads that published a new snapshot.
    std::uint64_t successes = 0;

    /// Reloads that failed and kept the snapshot.
    std::uint64_t failures = 0;

    /// Reloads that found the content unchanged and did nothing.
    std::uint64_t unchanged = 0;

    /// False while the file is not watched for changes (the watch failed and is being set up again).
    bool watching = false;

    /** Why the file is not watched, while `watching` is false and the watch is wanted.

        `FILE: watch: CAUSE`, the cause that lasts: a new cause replaces it
        (and is reported to the failure callbacks once), a watch that works
        clears it.
    */
    std::optional<config_error> watch_error;
};

} // namespace durable

#endif
