//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The lock file is opened, inspected and locked with plain system calls,
// not through the file_system seam: the seam creates files only with O_EXCL
// (for temporary files) and has no flock. The directory it lives in is found
// through the seam (resolve_target), so symbolic links are judged by the
// same rules as a save's, and the ownership rule is the protocol's own
// (check_replaceable). A file_system whose handles are not descriptors
// cannot be locked: its lock fails at step::lock with EBADF.

#include <durable/file_lock.hpp>
#include <durable/detail/target.hpp>
#include <durable/error.hpp>
#include <durable/printable.hpp>
#include <durable/save_error.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace durable {

namespace {

boost::system::error_code last_error() noexcept
{
    return {errno, boost::system::system_category()};
}

file_status status_of(struct ::stat const& st) noexcept
{
    file_status s;
    s.kind = S_ISREG(st.st_mode) ? file_kind::regular : S_ISDIR(st.st_mode) ? file_kind::directory
        : S_ISLNK(st.st_mode) ? file_kind::symlink : file_kind::other;
    s.mode = st.st_mode & 07777;
    s.uid = st.st_uid;
    s.gid = st.st_gid;
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.device = st.st_dev;
    s.inode = st.st_ino;
    return s;
}

// Closes the directory that resolve_target opened, whatever happens.
struct directory_guard
{
    file_system& fs;
    native_handle dir;
    ~directory_guard() { detail::close_handle(fs, dir); }
};

class lock_failure
{
public:
    lock_failure(std::filesystem::path const& path, std::filesystem::path const& lock_path)
        : path_(path)
        , lock_path_(printable(lock_path.native()))
    {
    }

    [[noreturn]] void raise(step where, boost::system::error_code ec, std::string const& more = {}) const
    {
        throw save_error(path_, where, ec, lock_path_ + more);
    }

private:
    std::filesystem::path const& path_;
    std::string lock_path_;
};

// Root editing another user's file (`sudo durable set ~user/.config/x.json`)
// would otherwise leave a lock file of its own there, which the user could
// not open when the target's mode lets only its owner read it: every update
// of their own file would fail. The lock file goes to the target's owner, as
// a save keeps the target's owner. Only an empty file with one link that
// root owns is given away: never a file someone linked there from elsewhere.
void give_to_target_owner(int fd, struct ::stat const& lock, file_status const& target) noexcept
{
    if(::geteuid() != 0 || target.kind != file_kind::regular || lock.st_uid != 0 || target.uid == 0 ||
       lock.st_nlink != 1 || lock.st_size != 0)
        return;
    if(::fchown(fd, target.uid, target.gid) != 0)
        return; // a file system without owners: root's lock still holds; the user's fails, naming the lock file
}

// Opens (creating if need be) the lock file and checks it is one to lock:
// a regular file, never reached through a link, and in a sticky directory
// that others can write, owned by this user or the directory's owner (the
// protocol's fs.protected_regular rule; a lock file planted there by someone
// else would let them hold every update up, or learn when updates happen).
int open_lock_file(file_system& fs, detail::target const& t, std::string const& name, lock_failure const& fail)
{
    // Whoever can read the target may lock it; nobody needs to write the lock file.
    ::mode_t const mode = t.status.kind == file_kind::regular ? (t.status.mode & 0644) | 0600 : 0644;
    int fd;
    do
        fd = ::openat(t.dir, name.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, mode);
    while(fd == -1 && errno == EINTR);
    if(fd == -1)
    {
        boost::system::error_code const ec = last_error();
        if(ec == boost::system::errc::too_many_symbolic_link_levels)
            fail.raise(step::lock, make_error_code(error::symlink_refused));
        if(ec == boost::system::errc::permission_denied)
        {
            // fs.protected_regular refuses O_CREAT on another's file in a
            // sticky directory: say so as the protocol would.
            boost::system::error_code e;
            file_status const s = fs.status(t.dir, name, e);
            if(!e && s.kind == file_kind::regular)
                if(detail::failure f = detail::check_replaceable(fs, t.dir, s, static_cast<std::uint32_t>(::geteuid())))
                    fail.raise(step::lock, f.code);
        }
        fail.raise(step::lock, ec);
    }
    struct ::stat st;
    if(::fstat(fd, &st) != 0)
    {
        boost::system::error_code const ec = last_error();
        ::close(fd);
        fail.raise(step::lock, ec);
    }
    file_status const s = status_of(st);
    detail::failure f;
    if(s.kind != file_kind::regular)
        f = {step::lock, make_error_code(error::not_a_regular_file)};
    else
        f = detail::check_replaceable(fs, t.dir, s, static_cast<std::uint32_t>(::geteuid()));
    if(f)
    {
        ::close(fd);
        fail.raise(step::lock, f.code);
    }
    give_to_target_owner(fd, st, t.status);
    return fd;
}

// True if the entry `name` of `dir` is still the file `fd` has open: the lock
// file is never deleted by durable, but a person or a cleaner may delete it,
// and a lock on a file nobody else can open any more protects nothing.
bool still_named(int dir, std::string const& name, int fd)
{
    struct ::stat open_st, named_st;
    if(::fstat(fd, &open_st) != 0 || ::fstatat(dir, name.c_str(), &named_st, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    return open_st.st_dev == named_st.st_dev && open_st.st_ino == named_st.st_ino;
}

// The name of the lock file of the entry `name`.
std::string lock_file_name(std::string const& name)
{
    return "." + name + ".lock";
}

// The pid that holds a flock on the file (device, inode), from /proc/locks;
// 0 when it is not known (no /proc, another pid namespace, already released).
long lock_holder(std::uint64_t device, std::uint64_t inode)
{
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
        if(std::sscanf(f[5].c_str(), "%lx:%lx:%llu", &major_, &minor_, &ino) != 3 || ino != inode)
            continue;
        long const pid = std::strtol(f[4].c_str(), nullptr, 10);
        if(major_ == major(device) && minor_ == minor(device))
            return pid > 0 ? pid : 0;
        // Overlay and some FUSE file systems show the device beneath.
        by_inode = pid;
        ++inode_matches;
    }
    return inode_matches == 1 && by_inode > 0 ? by_inode : 0;
}

} // namespace

file_lock::file_lock(
    std::filesystem::path const& path,
    std::chrono::milliseconds timeout,
    symlink_policy symlinks,
    file_system* fs_or_null)
{
    file_system& fs = fs_or_null ? *fs_or_null : default_file_system();
    detail::target t;
    if(detail::failure f = detail::resolve_target(fs, path, symlinks, t))
        throw save_error(path, f.step, f.code, f.cause);
    directory_guard const guard{fs, t.dir};
    std::string const name = lock_file_name(t.name);
    std::filesystem::path lock_path = t.dir_path / name;
    lock_failure const fail(path, lock_path);

    auto const deadline = std::chrono::steady_clock::now() + timeout;
    // Polled, not a blocking flock: a blocking one cannot be given a timeout
    // without a signal or a thread. The pause grows to 10 ms, so that a lock
    // held briefly is taken within a fraction of a millisecond and a long
    // wait costs little.
    std::chrono::microseconds pause(50);
    for(;;)
    {
        int const fd = open_lock_file(fs, t, name, fail);
        int r;
        do
            r = ::flock(fd, LOCK_EX | LOCK_NB);
        while(r != 0 && errno == EINTR);
        if(r == 0 && still_named(t.dir, name, fd))
        {
            fd_ = fd;
            lock_path_ = std::move(lock_path);
            return;
        }
        boost::system::error_code const ec = r == 0 ? boost::system::error_code() : last_error();
        struct ::stat st {};
        ::fstat(fd, &st);
        ::close(fd);
        if(ec && ec != boost::system::errc::operation_would_block)
            fail.raise(step::lock, ec); // ENOLCK: an NFS mount without a lock manager
        if(std::chrono::steady_clock::now() >= deadline)
        {
            long const pid = lock_holder(st.st_dev, st.st_ino);
            fail.raise(step::lock, make_error_code(error::lock_timeout),
                pid ? " held by pid " + std::to_string(pid) : std::string());
        }
        std::this_thread::sleep_for(pause);
        pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(10));
    }
}

file_lock::file_lock(file_lock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1))
    , lock_path_(std::move(other.lock_path_))
{
}

file_lock& file_lock::operator=(file_lock&& other) noexcept
{
    if(this != &other)
    {
        unlock();
        fd_ = std::exchange(other.fd_, -1);
        lock_path_ = std::move(other.lock_path_);
    }
    return *this;
}

file_lock::~file_lock()
{
    unlock();
}

void file_lock::unlock() noexcept
{
    // Closing the only descriptor of the open file releases the flock.
    if(fd_ != -1)
        ::close(std::exchange(fd_, -1));
}

} // namespace durable
