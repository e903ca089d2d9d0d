//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_FILE_WATCH_HPP
#define DURABLE_SRC_DETAIL_FILE_WATCH_HPP

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
    moves the watches where it now leads; do it after every relevant batch
    of events.

    Resolving the path and adding a watch look paths up, which can stall
    for minutes on a remote or FUSE file system: a placer does both on any
    thread, and install() takes its result on the strand. arm() does both
    on the calling thread.

    Not thread safe: use it from one strand.
*/
class file_watch
{
public:
    /// Where a placer put the watches: the names that matter, by watch descriptor.
    struct placement
    {
        std::map<int, std::set<std::string>> names;
        boost::system::error_code error; // the first watch that could not be set
    };

    /** Resolves the path and adds the watches where it now leads.

        It holds a descriptor of its own for the inotify instance, so that
        the file_watch may close meanwhile without the number being reused
        under it.
    */
    class placer
    {
    public:
        placer(placer&& other) noexcept;
        placer& operator=(placer&&) = delete;
        ~placer();

        /// Blocks for path lookups; any thread.
        placement operator()() const;

    private:
        friend class file_watch;
        placer(std::filesystem::path file, int descriptor, boost::system::error_code error);

        std::filesystem::path file_;
        int descriptor_;
        boost::system::error_code error_; // why there is no descriptor
    };

    /// Opens an inotify instance for `file` (made absolute now); nothing is watched before arm() or install().
    file_watch(boost::asio::any_io_executor executor, std::filesystem::path file);

    /// A placer for the watches of this file.
    placer make_placer();

    /** Watches what `p` placed, and ends the watches it no longer wants.

        True if the names watched changed: events of the new ones that came
        before now were not taken as relevant, so the file may have changed
        unseen.
    */
    bool install(placement p);

    /** Places the watches on the calling thread, then installs them.

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
