//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/failure.hpp>
#include <durable/save_error.hpp>

namespace durable {
namespace detail {

void assign(failure const& f, boost::system::error_code& ec) noexcept
{
    ec = f.code;
}

void throw_if_failed(failure const& f, std::filesystem::path const& target)
{
    if(f.refusal)
        std::rethrow_exception(f.refusal);
    if(f)
        throw save_error(target, f.step, f.code, f.cause);
}

std::exception_ptr exception_of(failure const& f, std::filesystem::path const& target)
{
    if(f.refusal)
        return f.refusal;
    if(f)
        return std::make_exception_ptr(save_error(target, f.step, f.code, f.cause));
    return nullptr;
}

} // namespace detail
} // namespace durable
