//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_FILE_WATCH_HPP
#define DURABLE_DETAIL_FILE_WATCH_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/system/error_code.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace durable {
namespace detail {

/** Tells when the file a path names may have changed, through inotify.

    It watches directories, never the file itself: a save by rename gives
    the path a new file, and a watch on the old one would see nothing more.
    The names watched are the path's last name and every symbolic link met
    on the way to the file (a Kubernetes ConfigMap swaps a `..data` link),
    each in the directory that holds it. arm() resolves the path again and
    moves the watches where it now leads; call it after every relevant batch
    of events.

    Not thread safe: use it from one strand.
*/
class file_watch
{
public:
    /// Opens an inotify instance for `file` (made absolute now); nothing is watched before arm().
    file_watch(boost::asio::any_io_executor executor, std::filesystem::path file);

    /** Watches the directories on the way to the file as it resolves now.

        On failure (a directory missing, the watch limit reached), the
        watches that could be set stay, and the error names the cause.
    */
    boost::system::error_code arm();

    /// Waits until events can be read; the handler receives an error_code.
    template<class Handler>
    void async_wait(Handler&& handler)
    {
        descriptor_.async_wait(boost::asio::posix::stream_descriptor::wait_read, std::forward<Handler>(handler));
    }

    /** Reads the events queued, without blocking.

        True if any may concern the file: one of the watched names created,
        written, moved or removed; a watched directory itself moved, removed
        or unmounted; or events lost to a full queue (then anything may have
        changed).
    */
    bool take_events(boost::system::error_code& ec);

    /// Stops watching; a pending async_wait completes with operation_aborted.
    void close();

private:
    std::filesystem::path file_;
    boost::asio::posix::stream_descriptor descriptor_;
    std::map<int, std::set<std::string>> names_; // watch descriptor -> names that matter in its directory
};

} // namespace detail
} // namespace durable

#endif
