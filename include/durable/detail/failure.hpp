//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_FAILURE_HPP
#define DURABLE_DETAIL_FAILURE_HPP

#include <durable/detail/export.hpp>
#include <durable/step.hpp>

#include <boost/system/error_code.hpp>

#include <exception>
#include <filesystem>

namespace durable {
namespace detail {

// The outcome of a step of the replace protocol: empty, or the step that
// failed with its error. The error_code overloads keep only `code`; the
// throwing overloads turn all of it into a save_error.
struct failure
{
    failure() = default;

    failure(
        durable::step where,
        boost::system::error_code ec,
        boost::system::error_code why = {}) noexcept
        : step(where)
        , code(ec)
        , cause(why)
    {
    }

    durable::step step = durable::step::open;
    boost::system::error_code code;
    boost::system::error_code cause; // the OS error behind error::durability_unknown
    std::exception_ptr refusal;      // the config_error of a value refused at step render

    explicit operator bool() const noexcept { return code.failed(); }
};

// Stores the outcome in `ec` (clearing it on success).
DURABLE_DECL void assign(failure const& f, boost::system::error_code& ec) noexcept;

// Throws save_error for `target` if `f` holds a failure.
// Throws the refusal, or a save_error naming `target`.
DURABLE_DECL void throw_if_failed(failure const& f, std::filesystem::path const& target);

// What throw_if_failed() would throw; null for no failure.
DURABLE_DECL std::exception_ptr exception_of(failure const& f, std::filesystem::path const& target);

} // namespace detail
} // namespace durable

#endif
