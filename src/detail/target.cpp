//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/target.hpp>
#include <durable/error.hpp>
#include <durable/printable.hpp>

#include <deque>
#include <utility>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace durable {
namespace detail {

namespace {

using boost::system::errc::make_error_code;

// As the kernel's own limit on nested links (MAXSYMLINKS): beyond it, ELOOP.
constexpr int max_link_hops = 40;

constexpr unsigned sticky = 01000;
constexpr unsigned writable_by_group = 0020;
constexpr unsigned writable_by_others = 0002;

failure check_kind(file_status const& status)
{
    switch(status.kind)
    {
    case file_kind::none:
    case file_kind::regular:
    case file_kind::symlink:
        return {};
    case file_kind::directory:
        return {step::resolve, make_error_code(boost::system::errc::is_a_directory)};
    case file_kind::other:
        return {step::resolve, durable::make_error_code(error::not_a_regular_file)};
    }
    return {};
}

// The owners the kernel's protections trust with an entry of a sticky
// directory: the user who acts, and the directory's owner.
bool has_trusted_owner(file_status const& entry, file_status const& dir, std::uint32_t caller) noexcept
{
    return entry.uid == caller || entry.uid == dir.uid;
}

// The components of a path, root and empty ones left out, in the seam's
// encoding of names (see path_text).
std::deque<std::string> components_of(std::filesystem::path const& p)
{
    std::deque<std::string> parts;
    for(auto const& part : p.relative_path())
        if(!part.empty())
            parts.push_back(path_text(part));
    return parts;
}

// Where a resolution is: an open directory, reached from a path through
// links followed one at a time. Every link is judged in the directory that
// holds it, before it is read.
class path_walk
{
public:
    path_walk(file_system& fs, native_handle dir) noexcept
        : fs_(fs)
        , dir_(dir)
    {
    }

    path_walk(path_walk const&) = delete;
    path_walk& operator=(path_walk const&) = delete;

    ~path_walk() { close(); }

    native_handle dir() const noexcept { return dir_; }
    native_handle release() noexcept { return std::exchange(dir_, invalid_handle); }

    // Opens `dir_path`. Where no component is a link (the usual case) this is
    // one call; else the kernel stops at the first link, and the path is
    // walked one component at a time.
    failure open(std::filesystem::path const& dir_path)
    {
        boost::system::error_code ec;
        native_handle h = invalid_handle;
        retry_interrupted([&](auto& e) { h = fs_.open_directory(dir_path, e); }, ec);
        if(!ec)
        {
            enter(h);
            return {};
        }
        if(ec != boost::system::errc::too_many_symbolic_link_levels)
            return {step::open, ec};
        return walk_from_start(dir_path);
    }

    // Moves to `dir_path`: absolute, or relative to where the walk is (the
    // directory part of a link's target).
    failure move(std::filesystem::path const& dir_path)
    {
        if(dir_path.is_absolute())
            return walk_from_start(dir_path);
        return walk(components_of(dir_path));
    }

    // Reads the link `name` (whose status is `link`) of the current
    // directory, if the rule of fs.protected_symlinks lets it be followed.
    failure read_link(std::string const& name, file_status const& link, std::filesystem::path& target)
    {
        if(++hops_ > max_link_hops)
            return {step::resolve, make_error_code(boost::system::errc::too_many_symbolic_link_levels)};
        file_status dir;
        if(failure f = directory_status(dir))
            return f;
        // A link planted in /tmp by another user could lead anywhere.
        unsigned const shared = sticky | writable_by_others;
        if((dir.mode & shared) == shared && !has_trusted_owner(link, dir, acting_user()))
            return {step::resolve, durable::make_error_code(error::unsafe_symlink)};
        boost::system::error_code ec;
        retry_interrupted([&](auto& e) { target = fs_.read_link(dir_, name, e); }, ec);
        if(ec)
            return {step::resolve, ec};
        return {};
    }

private:
    void enter(native_handle next) noexcept
    {
        close();
        dir_ = next;
    }

    void close() noexcept
    {
        if(dir_ != invalid_handle)
            close_handle(fs_, std::exchange(dir_, invalid_handle));
    }

    failure directory_status(file_status& result)
    {
        boost::system::error_code ec;
        retry_interrupted([&](auto& e) { result = fs_.status(dir_, ".", e); }, ec);
        if(ec)
            return {step::resolve, ec};
        return {};
    }

    failure walk_from_start(std::filesystem::path const& dir_path)
    {
        boost::system::error_code ec;
        native_handle h = invalid_handle;
        // The root of the path's own drive on Windows, "/" on POSIX.
        retry_interrupted(
            [&](auto& e) { h = fs_.open_directory(dir_path.is_absolute() ? dir_path.root_path() : ".", e); }, ec);
        if(ec)
            return {step::open, ec};
        enter(h);
        return walk(components_of(dir_path));
    }

    failure walk(std::deque<std::string> parts)
    {
        while(!parts.empty())
        {
            std::string const part = std::move(parts.front());
            parts.pop_front();
            if(part == ".")
                continue;
            boost::system::error_code ec;
            native_handle next = invalid_handle;
            retry_interrupted([&](auto& e) { next = fs_.open_directory(dir_, part, e); }, ec);
            if(!ec)
            {
                enter(next);
                continue;
            }
            if(ec != boost::system::errc::not_a_directory)
                return {step::open, ec};
            // Not a directory: a link to follow, or the end of the road.
            file_status status;
            retry_interrupted([&](auto& e) { status = fs_.status(dir_, part, e); }, ec);
            if(ec)
                return {step::resolve, ec};
            if(status.kind != file_kind::symlink)
                return {step::open, make_error_code(boost::system::errc::not_a_directory)};
            std::filesystem::path link;
            if(failure f = read_link(part, status, link))
                return f;
            std::deque<std::string> through = components_of(link);
            parts.insert(parts.begin(), through.begin(), through.end());
            if(link.is_absolute())
            {
                retry_interrupted([&](auto& e) { next = fs_.open_directory(link.root_path(), e); }, ec);
                if(ec)
                    return {step::open, ec};
                enter(next);
            }
        }
        return {};
    }

    file_system& fs_;
    native_handle dir_;
    int hops_ = 0;
};

} // namespace

// The effective uid stands for the kernel's fsuid, which only file servers
// set apart from it. Windows has no uid (owners are SIDs, which the seam
// does not carry) and no sticky directories: its file system reports every
// owner as 0, and so does this, so that those rules never refuse.
std::uint32_t acting_user() noexcept
{
#ifdef _WIN32
    return 0;
#else
    return static_cast<std::uint32_t>(::geteuid());
#endif
}

boost::system::error_code close_handle(file_system& fs, native_handle h) noexcept
{
    boost::system::error_code ec;
    fs.close(h, ec);
    if(ec == boost::system::errc::interrupted)
        ec.clear();
    return ec;
}

failure resolve_target(
    file_system& fs,
    std::filesystem::path const& path,
    symlink_policy policy,
    target& result)
{
    // "dir/" or "/" names a directory, never a file to replace.
    std::string name = path_text(path.filename());
    if(name.empty())
        return {step::resolve, make_error_code(boost::system::errc::is_a_directory)};
    std::filesystem::path dir_path = path.parent_path();
    if(dir_path.empty())
        dir_path = ".";
    path_walk walk(fs, invalid_handle);
    if(failure f = walk.open(dir_path))
        return f;
    return resolve_target(fs, walk.release(), std::move(dir_path), std::move(name), policy, result);
}

failure resolve_target(
    file_system& fs,
    native_handle dir,
    std::filesystem::path dir_path,
    std::string name,
    symlink_policy policy,
    target& result)
{
    path_walk walk(fs, dir);
    for(;;)
    {
        boost::system::error_code ec;
        file_status status;
        retry_interrupted([&](auto& e) { status = fs.status(walk.dir(), name, e); }, ec);
        if(ec)
            return {step::resolve, ec};
        if(failure f = check_kind(status))
            return f;
        if(status.kind == file_kind::symlink && policy == symlink_policy::refuse)
            return {step::resolve, durable::make_error_code(error::symlink_refused)};
        if(status.kind == file_kind::symlink && policy == symlink_policy::replace)
            status = {}; // the link's own mode and owner mean nothing
        if(status.kind != file_kind::symlink)
        {
            result.dir = walk.release();
            result.dir_path = std::move(dir_path);
            result.name = std::move(name);
            result.status = status;
            return {};
        }
        std::filesystem::path link;
        if(failure f = walk.read_link(name, status, link))
            return f;
        // A relative link is relative to the directory holding it.
        name = path_text(link.filename());
        if(name.empty())
            return {step::resolve, make_error_code(boost::system::errc::is_a_directory)};
        std::filesystem::path const link_dir = link.parent_path();
        if(!link_dir.empty())
        {
            if(failure f = walk.move(link_dir))
                return f;
            dir_path = link.is_absolute() ? link_dir : dir_path / link_dir;
        }
    }
}

failure check_replaceable(file_system& fs, native_handle dir_handle, file_status const& file, std::uint32_t caller)
{
    if(file.kind != file_kind::regular || file.uid == caller)
        return {};
    boost::system::error_code ec;
    file_status dir;
    retry_interrupted([&](auto& e) { dir = fs.status(dir_handle, ".", e); }, ec);
    if(ec)
        return {step::resolve, ec};
    if((dir.mode & sticky) && (dir.mode & (writable_by_group | writable_by_others)) &&
       !has_trusted_owner(file, dir, caller))
        return {step::resolve, durable::make_error_code(error::unsafe_file)};
    return {};
}

std::string read_target(
    file_system& fs,
    std::filesystem::path const& path,
    std::uint64_t limit,
    file_status& status,
    boost::system::error_code& ec)
{
    status = {};
    target t;
    if(failure f = resolve_target(fs, path, symlink_policy::follow, t))
    {
        ec = f.code;
        return {};
    }
    std::string content;
    if(t.status.kind == file_kind::none)
        ec = make_error_code(boost::system::errc::no_such_file_or_directory);
    else
        retry_interrupted([&](auto& e) { content = fs.read_file(t.dir, t.name, limit, status, e); }, ec);
    close_handle(fs, t.dir);
    return content;
}

} // namespace detail
} // namespace durable
