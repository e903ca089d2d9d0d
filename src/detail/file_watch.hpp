//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_FILE_WATCH_HPP
#define DURABLE_SRC_DETAIL_FILE_WATCH_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#if defined(_WIN32)
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include "win32.hpp"
#else
#include <boost/asio/posix/stream_descriptor.hpp>
#endif

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace durable {
namespace detail {

/** Tells when the file a path names may have changed: through inotify on
    Linux, ReadDirectoryChangesW on Windows.

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

    On Windows, ReadDirectoryChangesW tells nothing of the watched
    directory itself, so each one's parent is read too, for its name: one
    renamed away, with another put at its path, is let go and the path
    watched again. Where the parent cannot be read, it stays watched where
    it went, and changes at the path go unseen (a signal or async_reload
    still reads the path). One removed ends its reads, and the watch is
    reported lost and retried, as on Linux.

    Not thread safe: use it from one strand, the executor it was made with.
*/
class file_watch
{
public:
    /// The names that matter in one watched directory.
    using name_set = std::set<std::filesystem::path::string_type>;

#if defined(_WIN32)
    /// A directory opened for its changes, not yet watched.
    struct opened_directory
    {
        std::filesystem::path path;
        name_set names;
        std::uint64_t device; // with inode, which directory it is
        std::uint64_t inode;
        scoped_handle handle;
        name_set below; // the watched directories in it, whose making, removal or renaming matters: see placer
    };

    /// Where a placer put the watches: the directories it opened, with the names that matter in each.
    struct placement
    {
        std::vector<opened_directory> directories;
        boost::system::error_code error; // the first directory that could not be opened
    };
#else
    /// Where a placer put the watches: the names that matter, by watch descriptor.
    struct placement
    {
        std::map<int, name_set> names;
        boost::system::error_code error; // the first watch that could not be set
    };
#endif

    /** Resolves the path and adds the watches where it now leads.

        On Linux it holds a descriptor of its own for the inotify instance,
        so that the file_watch may close meanwhile without the number being
        reused under it. On Windows it opens the directories, which
        install() then watches.
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
#if defined(_WIN32)
        explicit placer(std::filesystem::path file);
#else
        placer(std::filesystem::path file, int descriptor, boost::system::error_code error);
#endif

        std::filesystem::path file_;
#if !defined(_WIN32)
        int descriptor_;
        boost::system::error_code error_; // why there is no descriptor
#endif
    };

    /** Watches `file` (made absolute now); nothing is watched before arm() or install().

        On Linux it opens an inotify instance, and throws config_error if
        none can be had.
    */
    file_watch(boost::asio::any_io_executor executor, std::filesystem::path file);

    file_watch(file_watch const&) = delete;
    file_watch& operator=(file_watch const&) = delete;
    ~file_watch();

    /// A placer for the watches of this file.
    placer make_placer();

    /** Watches what `p` placed, and ends the watches it no longer wants.

        True if the names watched changed: events of the new ones that came
        before now were not taken as relevant, so the file may have changed
        unseen. `ec` receives the first watch that could not be set: the
        placement's error, or on Windows a directory whose reads could not
        start (a file system that cannot tell its changes).
    */
    bool install(placement p, boost::system::error_code& ec);

    /** Places the watches on the calling thread, then installs them.

        On failure (a directory missing, the watch limit reached), the
        watches that could be set stay, and the error names the cause.
    */
    boost::system::error_code arm()
    {
        boost::system::error_code ec;
        install(make_placer()(), ec);
        return ec;
    }

    /** Waits until events can be taken; the handler receives an error_code.

        It runs on the executor the watch was made with (on Windows, not
        on the handler's associated executor: the engine needs no other).
    */
    template<class Handler>
    void async_wait(Handler&& handler)
    {
#if defined(_WIN32)
        // The reads of the directories end on their own; one that found
        // something cancels this wait to wake it (see changes_read()). A
        // cancel is an error only once closed.
        std::lock_guard<std::mutex> lock(shared_->mutex);
        if(has_news() || shared_->closed)
            wake_.expires_at(boost::asio::steady_timer::time_point::min());
        else
            wake_.expires_at(boost::asio::steady_timer::time_point::max());
        wake_.async_wait([handler = std::forward<Handler>(handler), shared = shared_](boost::system::error_code ec) mutable {
            bool closed = false;
            {
                std::lock_guard<std::mutex> l(shared->mutex);
                closed = shared->closed;
            }
            if(closed)
                ec = boost::asio::error::operation_aborted;
            else if(ec == boost::asio::error::operation_aborted)
                ec.clear();
            handler(ec);
        });
#else
        descriptor_.async_wait(boost::asio::posix::stream_descriptor::wait_read, std::forward<Handler>(handler));
#endif
    }

    /** Takes the events that came, without blocking.

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
#if defined(_WIN32)
    struct directory;
    // What the reads' handlers share with the watch, which they outlive.
    // The watch is used on its strand, but arm() may run elsewhere (in
    // live_config's constructor) and so may the destructor: the mutex
    // keeps a read that ends meanwhile, on the strand, out of their way.
    struct shared_state
    {
        std::mutex mutex;
        bool closed = false;
    };
    enum class change { none, other, removed }; // what a read says of the names watched

    boost::system::error_code read_changes(std::shared_ptr<directory> const& d);
    void changes_read(std::shared_ptr<directory> const& d, boost::system::error_code ec, std::size_t bytes);
    change what_changed(directory const& d, std::size_t bytes) const;
    void reads_ended(directory& d, boost::system::error_code ec);
    void forget(directory& d);
    bool has_news() const noexcept { return relevant_ || error_; }
    void stop_all();
    static void stop(directory& d);

    boost::asio::steady_timer wake_;
    // A directory whose reads ended before they told anything, and why;
    // reported: the watch's error until it tells something.
    struct read_failure
    {
        boost::system::error_code ec;
        bool reported = false;
    };

    std::map<std::filesystem::path, std::shared_ptr<directory>> directories_;
    std::map<std::filesystem::path, read_failure> failing_;
    bool relevant_ = false;            // an event that concerns the file came since take_events()
    boost::system::error_code error_;  // a directory that cannot be watched any more
    std::shared_ptr<shared_state> shared_ = std::make_shared<shared_state>();
#else
    boost::asio::posix::stream_descriptor descriptor_;
    std::map<int, name_set> names_; // watch descriptor -> names that matter in its directory
#endif
};

} // namespace detail
} // namespace durable

#endif
