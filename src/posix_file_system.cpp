//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/posix_file_system.hpp>

#include "detail/bounded_read.hpp"
#include "detail/last_error.hpp"

#include <durable/error.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <memory>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/openat2.h>
#include <sys/sysmacros.h>
#endif

namespace durable {

namespace {

void set_errno(boost::system::error_code& ec) noexcept
{
    ec = detail::last_error();
}

file_kind kind_of(mode_t mode) noexcept
{
    if(S_ISREG(mode))
        return file_kind::regular;
    if(S_ISDIR(mode))
        return file_kind::directory;
    if(S_ISLNK(mode))
        return file_kind::symlink;
    return file_kind::other;
}

file_status status_of(struct stat const& st) noexcept
{
    file_status result;
    result.kind = kind_of(st.st_mode);
    result.mode = static_cast<unsigned>(st.st_mode & 07777);
    result.uid = static_cast<std::uint32_t>(st.st_uid);
    result.gid = static_cast<std::uint32_t>(st.st_gid);
    result.size = static_cast<std::uint64_t>(st.st_size);
    result.device = static_cast<std::uint64_t>(st.st_dev);
    result.inode = static_cast<std::uint64_t>(st.st_ino);
    result.modified = static_cast<std::int64_t>(st.st_mtim.tv_sec);
    return result;
}

#if defined(__linux__) && defined(STATX_TYPE)
// The status of a file statx described, its times left out (0).
file_status status_of(struct statx const& stx) noexcept
{
    file_status result;
    result.kind = kind_of(stx.stx_mode);
    result.mode = static_cast<unsigned>(stx.stx_mode & 07777);
    result.uid = static_cast<std::uint32_t>(stx.stx_uid);
    result.gid = static_cast<std::uint32_t>(stx.stx_gid);
    result.size = static_cast<std::uint64_t>(stx.stx_size);
    result.device = static_cast<std::uint64_t>(makedev(stx.stx_dev_major, stx.stx_dev_minor));
    result.inode = static_cast<std::uint64_t>(stx.stx_ino);
    return result;
}
#endif

struct directory_stream_closer
{
    void operator()(DIR* d) const noexcept { ::closedir(d); }
};

// Closes a descriptor without disturbing errno, which the caller reports.
void close_keeping_errno(int fd) noexcept
{
    int const saved = errno;
    ::close(fd);
    errno = saved;
}

// A system call that this kernel lacks (ENOSYS) is not asked again. A
// sandbox's seccomp filter that does not know a call may answer EPERM
// instead: that call falls back too, but is asked again next time, since
// EPERM is also what a filter on one thread only says.
bool call_is_missing(std::atomic<bool>& missing) noexcept
{
    if(errno == ENOSYS)
        missing = true;
    return errno == ENOSYS || errno == EPERM;
}

// Whether `name` in `dir` is a symbolic link, for the walk's error.
bool is_link(int dir, char const* name) noexcept
{
    struct stat st;
    return ::fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// One component of a walk. A directory that may be searched but not read
// (mode 0711, a home directory) cannot be opened for reading: it is opened
// for lookups only, which is all the directories on the way need.
int open_component(int dir, char const* name) noexcept
{
    int fd = ::openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if(fd < 0 && errno == EACCES)
        fd = ::openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    return fd;
}

// The walk of open_directory(path) for kernels without openat2 (before 5.6):
// one component at a time, none of them a link.
int open_directory_walking(std::filesystem::path const& dir) noexcept
{
    int fd = ::open(dir.is_absolute() ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for(auto const& part : dir.relative_path())
    {
        if(fd < 0)
            return fd;
        if(part.empty())
            continue; // after a final separator
        int next = open_component(fd, part.c_str());
        if(next < 0 && errno == ENOTDIR && is_link(fd, part.c_str()))
            errno = ELOOP;
        close_keeping_errno(fd);
        fd = next;
    }
    return fd;
}

// Opens `name` of `dir` to read it or its attributes: never through a
// link, never waiting for a FIFO's writer, never becoming the controlling
// terminal of the process.
int open_for_reading(int dir, char const* name) noexcept
{
    return ::openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

// The *xattrat calls of Linux 6.13, which name a file by directory and name
// as every other call of the protocol does. glibc 2.36 has no wrappers.
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
constexpr long sys_getxattrat = 464;
constexpr long sys_listxattrat = 465;
constexpr bool have_xattrat = true;
#else
constexpr long sys_getxattrat = -1;
constexpr long sys_listxattrat = -1;
constexpr bool have_xattrat = false;
#endif

struct xattr_args
{
    std::uint64_t value;
    std::uint32_t size;
    std::uint32_t flags;
};

std::atomic<bool> xattrat_missing{!have_xattrat};

// Lists or reads an attribute of `name` in `dir` into `buffer` (size 0:
// asks for the size), as listxattr/getxattr do: with the *at calls where the
// kernel has them, else through a descriptor of the file.
ssize_t attribute_call(int dir, char const* name, char const* attribute, char* buffer, std::size_t size) noexcept
{
    if(!xattrat_missing.load(std::memory_order_relaxed))
    {
        long n;
        if(attribute)
        {
            xattr_args args{reinterpret_cast<std::uintptr_t>(buffer), static_cast<std::uint32_t>(size), 0};
            n = ::syscall(sys_getxattrat, dir, name, AT_SYMLINK_NOFOLLOW, attribute, &args, sizeof args);
        }
        else
        {
            n = ::syscall(sys_listxattrat, dir, name, AT_SYMLINK_NOFOLLOW, buffer, size);
        }
        if(n >= 0 || !call_is_missing(xattrat_missing))
            return static_cast<ssize_t>(n);
    }
    int const fd = open_for_reading(dir, name);
    if(fd < 0)
        return -1;
    ssize_t const n = attribute ? ::fgetxattr(fd, attribute, buffer, size) : ::flistxattr(fd, buffer, size);
    close_keeping_errno(fd);
    return n;
}

// The whole list or value that `call(buffer, size)` lists or reads, as
// listxattr/getxattr do: a small buffer first, which most files need no
// more than; when it is too small, the size is asked and the call made
// again (the attribute may grow in between: then again).
template<class Call>
bool read_whole(Call const& call, std::string& result) noexcept
{
    result.resize(256);
    for(;;)
    {
        ssize_t const n = call(result.data(), result.size());
        if(n >= 0)
        {
            result.resize(static_cast<std::size_t>(n));
            return true;
        }
        if(errno != ERANGE)
            return false;
        ssize_t const needed = call(nullptr, 0);
        if(needed < 0)
            return false;
        result.resize(static_cast<std::size_t>(needed) + 1);
    }
}

// The value of one attribute that `call` reads, or the error that stopped it.
template<class Call>
std::string read_value(Call const& call, boost::system::error_code& ec)
{
    ec.clear();
    std::string value;
    if(!read_whole(call, value))
    {
        set_errno(ec);
        value.clear();
    }
    return value;
}

// read_file() once the file is open.
std::string read_regular_file(
    int fd, std::uint64_t limit, file_status& opened, boost::system::error_code& ec)
{
    struct stat st;
    if(::fstat(fd, &st) != 0)
    {
        set_errno(ec);
        return {};
    }
    opened = status_of(st);
    if(opened.kind != file_kind::regular)
    {
        ec = opened.kind == file_kind::directory
            ? make_error_code(boost::system::errc::is_a_directory)
            : make_error_code(error::not_a_regular_file);
        return {};
    }
    return detail::read_bounded(opened.size, limit, [fd](char* buffer, std::size_t size, boost::system::error_code& e) {
        for(;;)
        {
            ssize_t const n = ::read(fd, buffer, size);
            if(n >= 0)
                return static_cast<std::size_t>(n);
            if(errno != EINTR)
            {
                set_errno(e);
                return std::size_t(0);
            }
        }
    }, ec);
}

bool no_attributes_here(int e) noexcept
{
    return e == ENOTSUP || e == EOPNOTSUPP;
}

#ifdef __APPLE__
// fsync on macOS leaves the data in the drive's cache; only F_FULLFSYNC
// asks the drive to write it to stable storage, for a file or a directory
// (whose entries it then holds). File systems that cannot (SMB, NFS, exFAT,
// some FUSE ones) refuse it as not supported: there fsync is the most there
// is, as Go concludes. Any other failure is the sync's own and is reported,
// never followed by a weaker call (SQLite and Chromium fall back to fsync on
// any failure, which would report a failed flush as a success).
int full_sync(int fd) noexcept
{
    if(::fcntl(fd, F_FULLFSYNC) == 0)
        return 0;
    if(errno != ENOTSUP && errno != EOPNOTSUPP && errno != EINVAL && errno != ENOTTY)
        return -1;
    return ::fsync(fd);
}
#endif

} // namespace

native_handle posix_file_system::open_directory(
    std::filesystem::path const& dir, boost::system::error_code& ec)
{
    ec.clear();
    // One call where the kernel has openat2: RESOLVE_NO_SYMLINKS fails with
    // ELOOP at the first link, which the caller then follows itself.
    static std::atomic<bool> openat2_missing{false};
    int fd = -1;
    bool walk = true;
#if defined(__linux__) && defined(SYS_openat2)
    if(!openat2_missing.load(std::memory_order_relaxed))
    {
        open_how how{};
        how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
        how.resolve = RESOLVE_NO_SYMLINKS;
        fd = static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, dir.c_str(), &how, sizeof how));
        walk = fd < 0 && call_is_missing(openat2_missing);
    }
#endif
    if(walk)
        fd = open_directory_walking(dir);
    if(fd < 0)
        set_errno(ec);
    return fd;
}

native_handle posix_file_system::open_directory(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    ec.clear();
    int const fd = open_component(dir, name.c_str());
    if(fd < 0)
        set_errno(ec);
    return fd;
}

native_handle posix_file_system::create_file(
    native_handle dir, std::string const& name, unsigned mode,
    attribute_list const&, boost::system::error_code& ec)
{
    // open(2) takes no extended attributes: they are set once it returns.
    ec.clear();
    int const fd = ::openat(dir, name.c_str(),
        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
        static_cast<mode_t>(mode));
    if(fd < 0)
        set_errno(ec);
    return fd;
}

std::size_t posix_file_system::write(
    native_handle file, void const* data, std::size_t size,
    boost::system::error_code& ec)
{
    ec.clear();
    ssize_t const n = ::write(file, data, size);
    if(n < 0)
    {
        set_errno(ec);
        return 0;
    }
    return static_cast<std::size_t>(n);
}

void posix_file_system::change_owner(
    native_handle file, std::uint32_t uid, std::uint32_t gid,
    boost::system::error_code& ec)
{
    ec.clear();
    if(::fchown(file, static_cast<uid_t>(uid), static_cast<gid_t>(gid)) != 0)
        set_errno(ec);
}

void posix_file_system::change_mode(
    native_handle file, unsigned mode, boost::system::error_code& ec)
{
    ec.clear();
    if(::fchmod(file, static_cast<mode_t>(mode)) != 0)
        set_errno(ec);
}

void posix_file_system::sync_data(native_handle file, boost::system::error_code& ec)
{
    ec.clear();
#ifdef __APPLE__
    if(full_sync(file) != 0)
        set_errno(ec);
#else
    // fdatasync also flushes the size of a grown file, which is all the
    // metadata needed to read the data back; the timestamps can wait.
    if(::fdatasync(file) != 0)
        set_errno(ec);
#endif
}

void posix_file_system::sync_directory(native_handle dir, boost::system::error_code& ec)
{
    ec.clear();
#ifdef __APPLE__
    if(full_sync(dir) != 0)
        set_errno(ec);
#else
    if(::fsync(dir) != 0)
        set_errno(ec);
#endif
}

void posix_file_system::close(native_handle handle, boost::system::error_code& ec)
{
    ec.clear();
    if(::close(handle) != 0)
        set_errno(ec);
}

void posix_file_system::rename(
    native_handle dir, std::string const& from, std::string const& to,
    boost::system::error_code& ec)
{
    ec.clear();
    if(::renameat(dir, from.c_str(), dir, to.c_str()) != 0)
        set_errno(ec);
}

void posix_file_system::unlink(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    ec.clear();
    if(::unlinkat(dir, name.c_str(), 0) != 0)
        set_errno(ec);
}

file_status posix_file_system::status(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    ec.clear();
    struct stat st;
    if(::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    {
        if(errno != ENOENT)
            set_errno(ec);
        return {};
    }
    return status_of(st);
}

file_status posix_file_system::status(native_handle file, boost::system::error_code& ec)
{
    ec.clear();
#if defined(__linux__) && defined(STATX_TYPE)
    // Everything but the times: since Linux 6.13 a file whose time was read
    // gets a fine-grained time at its next change, so a write right after
    // would no longer find the time it got at its creation, and would
    // journal the inode again (ext4: one more journal handle per save).
    static std::atomic<bool> statx_missing{false};
    if(!statx_missing.load(std::memory_order_relaxed))
    {
        struct statx stx;
        unsigned const mask = STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID | STATX_INO | STATX_SIZE;
        if(::statx(file, "", AT_EMPTY_PATH, mask, &stx) == 0)
            return status_of(stx);
        if(!call_is_missing(statx_missing))
        {
            set_errno(ec);
            return {};
        }
    }
#endif
    struct stat st;
    if(::fstat(file, &st) != 0)
    {
        set_errno(ec);
        return {};
    }
    file_status result = status_of(st);
    result.modified = 0; // as where statx leaves it out
    return result;
}

std::filesystem::path posix_file_system::read_link(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    ec.clear();
    std::string target(256, '\0');
    for(;;)
    {
        ssize_t const n = ::readlinkat(dir, name.c_str(), target.data(), target.size());
        if(n < 0)
        {
            set_errno(ec);
            return {};
        }
        // A result that fills the buffer may have been cut: try a bigger one.
        if(static_cast<std::size_t>(n) < target.size())
        {
            target.resize(static_cast<std::size_t>(n));
            return target;
        }
        target.resize(target.size() * 2);
    }
}

std::string posix_file_system::read_file(
    native_handle dir, std::string const& name, std::uint64_t limit,
    file_status& opened, boost::system::error_code& ec)
{
    ec.clear();
    opened = {};
    int const fd = open_for_reading(dir, name.c_str());
    if(fd < 0)
    {
        set_errno(ec);
        return {};
    }
    std::string content = read_regular_file(fd, limit, opened, ec);
    ::close(fd);
    return content;
}

std::vector<std::string> posix_file_system::list_attributes(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    ec.clear();
    std::vector<std::string> names;
    std::string list;
    auto const call = [&](char* buffer, std::size_t size) {
        return attribute_call(dir, name.c_str(), nullptr, buffer, size);
    };
    if(!read_whole(call, list))
    {
        if(!no_attributes_here(errno))
            set_errno(ec);
        return names;
    }
    // Names follow each other, each ended by a NUL.
    for(std::size_t begin = 0; begin < list.size();)
    {
        std::size_t const end = std::min(list.find('\0', begin), list.size());
        if(end > begin)
            names.emplace_back(list, begin, end - begin);
        begin = end + 1;
    }
    return names;
}

std::string posix_file_system::read_attribute(
    native_handle dir, std::string const& name, std::string const& attribute,
    boost::system::error_code& ec)
{
    return read_value(
        [&](char* buffer, std::size_t size) {
            return attribute_call(dir, name.c_str(), attribute.c_str(), buffer, size);
        },
        ec);
}

std::string posix_file_system::read_attribute(
    native_handle file, std::string const& attribute, boost::system::error_code& ec)
{
    return read_value(
        [&](char* buffer, std::size_t size) { return ::fgetxattr(file, attribute.c_str(), buffer, size); },
        ec);
}

void posix_file_system::write_attribute(
    native_handle file, std::string const& attribute, std::string const& value,
    boost::system::error_code& ec)
{
    ec.clear();
    if(::fsetxattr(file, attribute.c_str(), value.data(), value.size(), 0) != 0)
        set_errno(ec);
}

void posix_file_system::remove_attribute(
    native_handle file, std::string const& attribute, boost::system::error_code& ec)
{
    ec.clear();
    if(::fremovexattr(file, attribute.c_str()) != 0 && errno != ENODATA && !no_attributes_here(errno))
        set_errno(ec);
}

std::vector<std::string> posix_file_system::list_directory(
    native_handle dir, boost::system::error_code& ec)
{
    ec.clear();
    // fdopendir takes ownership of its descriptor, and the caller keeps
    // `dir`: list through a descriptor of our own.
    int const fd = ::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if(fd < 0)
    {
        set_errno(ec);
        return {};
    }
    std::unique_ptr<DIR, directory_stream_closer> stream(::fdopendir(fd));
    if(!stream)
    {
        set_errno(ec);
        ::close(fd);
        return {};
    }
    std::vector<std::string> names;
    for(;;)
    {
        errno = 0;
        dirent const* entry = ::readdir(stream.get());
        if(!entry)
        {
            if(errno != 0)
            {
                set_errno(ec);
                names.clear();
            }
            return names;
        }
        std::string_view const name = entry->d_name;
        if(name != "." && name != "..")
            names.emplace_back(name);
    }
}

file_system& default_file_system() noexcept
{
    static posix_file_system instance;
    return instance;
}

} // namespace durable
