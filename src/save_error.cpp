//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/save_error.hpp>
#include <durable/printable.hpp>

#include <utility>

namespace durable {

namespace {

std::string describe(
    std::filesystem::path const& target,
    step where,
    boost::system::error_code const& ec,
    boost::system::error_code const& cause)
{
    std::string message = printable(target);
    message += ": ";
    message += to_string(where);
    message += ": ";
    message += ec.message();
    if(cause.failed())
    {
        message += ": ";
        message += cause.message();
    }
    return message;
}

} // namespace

save_error::save_error(
    std::filesystem::path target,
    durable::step where,
    boost::system::error_code ec,
    boost::system::error_code cause)
    : boost::system::system_error(ec)
    , path_(std::move(target))
    , step_(where)
    , cause_(cause)
    , message_(describe(path_, where, ec, cause))
{
}

save_error::save_error(
    std::filesystem::path target,
    durable::step where,
    boost::system::error_code ec,
    std::string const& detail)
    : save_error(std::move(target), where, ec)
{
    if(!detail.empty())
        message_ += ": " + detail;
}

} // namespace durable
