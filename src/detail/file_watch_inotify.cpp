//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "file_watch.hpp"
#include <durable/config_error.hpp>

#include "last_error.hpp"
#include "watched_names.hpp"

#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace durable {
namespace detail {

namespace {

// What a directory watch reports. IN_CLOSE_WRITE is an in-place rewrite
// finished; IN_MOVED_TO a save by rename; IN_CREATE and IN_DELETE a file
// (or link) made or removed; IN_MOVED_FROM a file renamed away. The
// directory's own removal or move ends its watch (IN_IGNORED follows).
// IN_ATTRIB is a chmod, chown or ACL change of an entry or of the directory
// itself: a file that could not be read may now be readable, and nothing
// else would tell. IN_MODIFY is left out on purpose: it fires in the middle
// of a write, when the file is half written.
constexpr std::uint32_t directory_events = IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
    IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

int open_inotify(std::filesystem::path const& file)
{
    int const fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if(fd < 0)
        throw config_error(file, last_error(), "watch");
    return fd;
}

} // namespace

file_watch::file_watch(boost::asio::any_io_executor executor, std::filesystem::path file)
    : file_(std::filesystem::absolute(file))
    , descriptor_(std::move(executor))
{
    int const fd = open_inotify(file);
    boost::system::error_code ec;
    descriptor_.assign(fd, ec);
    if(ec)
    {
        ::close(fd);
        throw config_error(file, ec, "watch");
    }
}

file_watch::~file_watch() = default;

file_watch::placer::placer(std::filesystem::path file, int descriptor, boost::system::error_code error)
    : file_(std::move(file))
    , descriptor_(descriptor)
    , error_(error)
{
}

file_watch::placer::placer(placer&& other) noexcept
    : file_(std::move(other.file_))
    , descriptor_(std::exchange(other.descriptor_, -1))
    , error_(other.error_)
{
}

file_watch::placer::~placer()
{
    if(descriptor_ >= 0)
        ::close(descriptor_);
}

file_watch::placement file_watch::placer::operator()() const
{
    placement p;
    if(descriptor_ < 0)
    {
        p.error = error_;
        return p;
    }
    // The watches added before a failure are kept in the placement, so
    // that they are ended.
    boost::system::error_code const ec = place_without_throwing([&] {
        for(auto& [directory, names] : directories_to_watch(file_))
        {
            // Watching a directory watched already returns its descriptor again.
            int const wd = ::inotify_add_watch(descriptor_, directory.c_str(), directory_events);
            if(wd < 0)
            {
                if(!p.error)
                    p.error = last_error();
                continue;
            }
            p.names[wd].insert(names.begin(), names.end());
        }
    });
    if(ec)
        p.error = ec;
    return p;
}

file_watch::placer file_watch::make_placer()
{
    // A descriptor of the same instance: the watches it adds are this one's.
    int const descriptor = ::fcntl(descriptor_.native_handle(), F_DUPFD_CLOEXEC, 0);
    return placer(file_, descriptor, descriptor < 0 ? last_error() : boost::system::error_code());
}

bool file_watch::install(placement p, boost::system::error_code& ec)
{
    ec = p.error;
    for(auto const& [wd, names] : names_)
    {
        // EINVAL only says the kernel removed that watch already.
        if(!p.names.count(wd))
            ::inotify_rm_watch(descriptor_.native_handle(), wd);
    }
    bool const changed = p.names != names_;
    names_ = std::move(p.names);
    return changed;
}

bool file_watch::take_events(boost::system::error_code& ec)
{
    ec.clear();
    alignas(inotify_event) char buffer[16 * 1024];
    bool relevant = false;
    for(;;)
    {
        ssize_t const n = ::read(descriptor_.native_handle(), buffer, sizeof buffer);
        if(n < 0 && errno == EINTR)
            continue;
        if(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return relevant;
        if(n < 0)
        {
            ec = last_error();
            return relevant;
        }
        for(char const* p = buffer; p < buffer + n;)
        {
            inotify_event event;
            std::memcpy(&event, p, sizeof event);
            char const* const name = p + sizeof event;
            p += sizeof event + event.len;
            if(event.mask & IN_Q_OVERFLOW)
            {
                relevant = true;
                continue;
            }
            auto const watch = names_.find(event.wd);
            if(watch == names_.end())
                continue;
            if(event.mask & IN_IGNORED)
            {
                names_.erase(watch);
                relevant = true;
            }
            else if(event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT))
                relevant = true;
            // The directory's own permissions decide whether the file can be reached.
            else if(event.len == 0 && (event.mask & IN_ATTRIB))
                relevant = true;
            else if(event.len > 0 && watch->second.count(name))
                relevant = true;
        }
    }
}

void file_watch::close()
{
    boost::system::error_code ignored;
    descriptor_.close(ignored);
    names_.clear();
}

} // namespace detail
} // namespace durable
