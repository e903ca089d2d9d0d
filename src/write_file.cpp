//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/write_file.hpp>
#include <durable/detail/replacement.hpp>

namespace durable {

namespace {

detail::failure replace(
    std::filesystem::path const& path, std::string_view bytes, write_options const& options)
{
    detail::replacement r;
    if(detail::failure f = r.open(path, options))
        return f;
    if(detail::failure f = r.write(bytes.data(), bytes.size()))
        return f;
    return r.commit();
}

} // namespace

void write_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options)
{
    detail::throw_if_failed(replace(path, bytes, options), path);
}

void write_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options,
    boost::system::error_code& ec)
{
    detail::assign(replace(path, bytes, options), ec);
}

} // namespace durable
