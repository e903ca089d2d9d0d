//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/sweep_orphans.hpp>
#include "detail/orphan_sweep.hpp"

namespace durable {

namespace {

detail::failure sweep(
    std::filesystem::path const& path, write_options const& options, std::size_t& removed)
{
    file_system& fs = options.fs ? *options.fs : default_file_system();
    detail::target t;
    detail::failure f = detail::resolve_target(fs, path, options.symlinks, t);
    if(f)
        return f;
    boost::system::error_code ec;
    removed = detail::sweep_orphans(fs, t, ec);
    detail::close_handle(fs, t.dir);
    return {step::sweep, ec};
}

} // namespace

std::size_t sweep_orphans(
    std::filesystem::path const& path,
    write_options const& options,
    boost::system::error_code& ec)
{
    std::size_t removed = 0;
    detail::assign(sweep(path, options, removed), ec);
    return removed;
}

std::size_t sweep_orphans(std::filesystem::path const& path, write_options const& options)
{
    std::size_t removed = 0;
    detail::throw_if_failed(sweep(path, options, removed), path);
    return removed;
}

} // namespace durable
