//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The lock of a file_lock is flock(LOCK_EX) on the lock file: it belongs to
// the open file, so two opens in one process exclude each other as two
// processes do, and the kernel releases it when its holder dies.

#include "lock_file.hpp"
#include "last_error.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace durable {
namespace detail {

native_handle open_lock_file(native_handle dir, std::string const& name, unsigned mode,
    boost::system::error_code& ec)
{
    ec.clear();
    // Read-only: a lock needs no write access, so whoever may read the
    // target may lock it. O_NONBLOCK: a FIFO planted there does not hang
    // the open; the caller refuses it by its kind.
    int fd;
    do
        fd = ::openat(dir, name.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
            static_cast<::mode_t>(mode));
    while(fd == -1 && errno == EINTR);
    if(fd == -1)
        ec = last_error();
    return fd;
}

bool try_lock(native_handle file, boost::system::error_code& ec) noexcept
{
    ec.clear();
    int r;
    do
        r = ::flock(file, LOCK_EX | LOCK_NB);
    while(r != 0 && errno == EINTR);
    if(r == 0)
        return true;
    if(errno != EWOULDBLOCK)
        ec = last_error(); // ENOLCK: an NFS mount without a lock manager
    return false;
}

// Root editing another user's file (`sudo durable set ~user/.config/x.json`)
// would otherwise leave a lock file of its own there, which the user could
// not open when the target's mode lets only its owner read it: every update
// of their own file would fail. The lock file goes to the target's owner, as
// a save keeps the target's owner. Only an empty file with one link that
// root owns is given away: never a file someone linked there from elsewhere.
void give_to_owner(native_handle file, file_status const& target) noexcept
{
    if(::geteuid() != 0 || target.kind != file_kind::regular || target.uid == 0)
        return;
    struct ::stat lock;
    if(::fstat(file, &lock) != 0 || lock.st_uid != 0 || lock.st_nlink != 1 || lock.st_size != 0)
        return;
    if(::fchown(file, target.uid, target.gid) != 0)
        return; // a file system without owners: root's lock still holds; the user's fails, naming the lock file
}

void close_lock_file(native_handle file) noexcept
{
    // Closing the only descriptor of the open file releases the flock.
    ::close(file);
}

// From /proc/locks: nothing when not known (no /proc, another pid
// namespace, already released).
std::string lock_holder(file_status const& lock)
{
    auto const held_by = [](long pid) { return pid > 0 ? " held by pid " + std::to_string(pid) : std::string(); };
    // Lines such as "3: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF";
    // a waiter's line has "->" after the number.
    std::ifstream locks("/proc/locks");
    std::string line;
    long by_inode = 0;
    int inode_matches = 0;
    while(std::getline(locks, line))
    {
        std::istringstream in(line);
        std::vector<std::string> f;
        for(std::string word; in >> word;)
            f.push_back(word);
        if(f.size() < 6 || f[1] != "FLOCK")
            continue;
        unsigned long major_ = 0, minor_ = 0;
        unsigned long long ino = 0;
        if(std::sscanf(f[5].c_str(), "%lx:%lx:%llu", &major_, &minor_, &ino) != 3 || ino != lock.inode)
            continue;
        long const pid = std::strtol(f[4].c_str(), nullptr, 10);
        if(major_ == major(lock.device) && minor_ == minor(lock.device))
            return held_by(pid);
        // Overlay and some FUSE file systems show the device beneath.
        by_inode = pid;
        ++inode_matches;
    }
    return inode_matches == 1 ? held_by(by_inode) : std::string();
}

} // namespace detail
} // namespace durable
