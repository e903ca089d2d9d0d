//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/target.hpp>
#include <durable/error.hpp>

#include <utility>

namespace durable {
namespace detail {

namespace {

// As the kernel's own limit on nested links (MAXSYMLINKS): beyond it, ELOOP.
constexpr int max_link_hops = 40;

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
        return {step::resolve, make_error_code(error::not_a_regular_file)};
    }
    return {};
}

} // namespace

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
    std::filesystem::path current = path;
    for(int hops = 0;; ++hops)
    {
        // "dir/" or "/" names a directory, never a file to replace.
        std::string name = current.filename().string();
        if(name.empty())
            return {step::resolve, make_error_code(boost::system::errc::is_a_directory)};
        std::filesystem::path dir_path = current.parent_path();
        if(dir_path.empty())
            dir_path = ".";

        boost::system::error_code ec;
        native_handle dir = invalid_handle;
        retry_interrupted([&](auto& e) { dir = fs.open_directory(dir_path, e); }, ec);
        if(ec)
            return {step::open, ec};

        file_status status;
        retry_interrupted([&](auto& e) { status = fs.status(dir, name, e); }, ec);
        failure f = ec ? failure{step::resolve, ec} : check_kind(status);
        if(!f && status.kind == file_kind::symlink)
        {
            if(policy == symlink_policy::refuse)
                f = {step::resolve, make_error_code(error::symlink_refused)};
            else if(policy == symlink_policy::replace)
                status = {}; // the link's own mode and owner mean nothing
        }
        if(!f && status.kind != file_kind::symlink)
        {
            result.dir = dir;
            result.dir_path = std::move(dir_path);
            result.name = std::move(name);
            result.status = status;
            return {};
        }
        if(!f && hops == max_link_hops)
            f = {step::resolve, make_error_code(boost::system::errc::too_many_symbolic_link_levels)};

        std::filesystem::path link;
        if(!f)
        {
            retry_interrupted([&](auto& e) { link = fs.read_link(dir, name, e); }, ec);
            if(ec)
                f = {step::resolve, ec};
        }
        close_handle(fs, dir);
        if(f)
            return f;
        // A relative link is relative to the directory holding it.
        current = link.is_absolute() ? link : dir_path / link;
    }
}

} // namespace detail
} // namespace durable
