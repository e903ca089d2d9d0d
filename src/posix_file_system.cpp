//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/posix_file_system.hpp>

#include "detail/last_error.hpp"

#include <cerrno>
#include <memory>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

struct directory_stream_closer
{
    void operator()(DIR* d) const noexcept { ::closedir(d); }
};

} // namespace

native_handle posix_file_system::open_directory(
    std::filesystem::path const& dir, boost::system::error_code& ec)
{
    ec.clear();
    int const fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if(fd < 0)
        set_errno(ec);
    return fd;
}

native_handle posix_file_system::create_file(
    native_handle dir, std::string const& name, unsigned mode,
    boost::system::error_code& ec)
{
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
    // fsync on macOS leaves the data in the drive's cache; only
    // F_FULLFSYNC asks the drive to write it to stable storage.
    if(::fcntl(file, F_FULLFSYNC) != 0)
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
    if(::fsync(dir) != 0)
        set_errno(ec);
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
    file_status result;
    result.kind = kind_of(st.st_mode);
    result.mode = static_cast<unsigned>(st.st_mode & 07777);
    result.uid = static_cast<std::uint32_t>(st.st_uid);
    result.gid = static_cast<std::uint32_t>(st.st_gid);
    result.size = static_cast<std::uint64_t>(st.st_size);
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
    std::filesystem::path const& file, boost::system::error_code& ec)
{
    ec.clear();
    int const fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if(fd < 0)
    {
        set_errno(ec);
        return {};
    }
    std::string content;
    char buffer[65536];
    for(;;)
    {
        ssize_t const n = ::read(fd, buffer, sizeof buffer);
        if(n < 0 && errno == EINTR)
            continue;
        if(n < 0)
        {
            set_errno(ec);
            content.clear();
            break;
        }
        if(n == 0)
            break;
        content.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return content;
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
