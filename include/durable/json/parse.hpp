//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_PARSE_HPP
#define DURABLE_JSON_PARSE_HPP

#include <durable/detail/export.hpp>
#include <durable/json/problem.hpp>
#include <durable/json/syntax.hpp>

#include <boost/json/value.hpp>

#include <string_view>

namespace durable {
namespace json {

/// The text without a leading UTF-8 byte order mark, which editors on Windows write.
DURABLE_DECL std::string_view without_bom(std::string_view text) noexcept;

/** Parses a JSON text, as a configuration needs it read.

    Stricter than boost::json::parse where a configuration needs it: a key
    that appears twice in one object is an error (a silent last-wins hides
    the edit that was meant), and comments must be valid UTF-8 like the
    rest of the text. A block comment ends at its first star and slash,
    a line comment at its line break, as in C, whatever Boost.JSON's
    parser would make of them. On failure, sets `failure` to the first
    problem in the text, at its byte offset, and returns false. The
    document is built in the memory of `result`'s storage.
*/
DURABLE_DECL bool parse(
    std::string_view text,
    syntax const& rules,
    boost::json::value& result,
    problem& failure);

} // namespace json
} // namespace durable

#endif
