//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/write_file.hpp>
#include <durable/detail/replacement.hpp>

namespace durable {

void write_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options)
{
    detail::throw_if_failed(detail::replace_file(path, bytes, options), path);
}

void write_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options,
    boost::system::error_code& ec)
{
    detail::assign(detail::replace_file(path, bytes, options), ec);
}

} // namespace durable
