//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_RELOAD_OPTIONS_HPP
#define DURABLE_RELOAD_OPTIONS_HPP

#include <chrono>
#include <vector>

#include <csignal>

namespace durable {

/** When a live_config reloads, and whom it tells: the options of
    live_config_options<T> that do not depend on T.

    They are a struct of their own so that the reload machinery, which is
    the same for every T, is compiled once, in the library, and takes them
    as they are.
*/
struct reload_options
{
    /** The signals that ask for a reload; empty for none.

        SIGHUP by default; on Windows, which has no SIGHUP, SIGBREAK (a
        console's Ctrl+Break, or `GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT)`
        from another program).

        They are handled through `boost::asio::signal_set`, which other
        signal_sets of the program (for SIGTERM, say) live beside. Do not also
        install a handler for them with signal() or sigaction().
    */
#if defined(_WIN32)
    std::vector<int> reload_signals{SIGBREAK};
#else
    std::vector<int> reload_signals{SIGHUP};
#endif

    /// Reload when the file changes, as inotify (Linux) or ReadDirectoryChangesW (Windows) reports it.
    bool watch_file = true;

    /** How long the file must stay quiet before a reload.

        A save is several events (a create, a rename), and tools save
        in bursts; each event restarts the wait.
    */
    std::chrono::milliseconds debounce{50};

    /// A burst of changes that never pauses still reloads this long after its first event.
    std::chrono::milliseconds debounce_limit{500};

    /** How long a text that fails to load must stay as it is before the failure is reported.

        A file rewritten in place (`: > f; sleep 0.1; cat new >> f`, a slow
        generator, `cp` over it) is read half-way by a reload now and then.
        A failed reload is therefore held, reporting nothing (no callback,
        no status change, nothing to systemd), and the file is read again
        this long later: the failure is reported if that read finds the
        same text and no change came in between. A text that loads
        meanwhile ends the hold with no failure at all. Zero reports every
        failure at once.
    */
    std::chrono::milliseconds settle_quiet{500};

    /// A text that keeps changing and failing is reported this long after its first failed read.
    std::chrono::milliseconds settle_timeout{2000};

    /// How often a failed watch (its directory gone, say) is set up again.
    std::chrono::milliseconds watch_retry{1000};

    /** While the watch is not working, reload this often; zero (the default) for never.

        For a file system that cannot tell its changes (some network and
        FUSE file systems) or a machine at its inotify limits: each poll reads the
        file and, if it is unchanged, costs a hash and nothing more.
    */
    std::chrono::milliseconds poll_interval{0};

    /** Tell systemd about reloads when `NOTIFY_SOCKET` is set.

        `RELOADING=1` with `MONOTONIC_USEC=` before each reload, `READY=1`
        after it, and `STATUS=` with the outcome; see systemd_notify().
        Linux only: Windows has no systemd, and nothing is sent there.
    */
    bool notify_systemd = true;
};

} // namespace durable

#endif
