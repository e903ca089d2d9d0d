//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_JSON_READER_HPP
#define DURABLE_DETAIL_JSON_READER_HPP

#include <durable/config_problem.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace durable {
namespace detail {

/// What the JSON text of a configuration may contain.
struct json_syntax
{
    bool allow_comments = true;
    bool allow_trailing_commas = true;
    std::size_t max_depth = 64;
};

/// The text without a leading UTF-8 byte order mark, which editors on Windows write.
std::string_view without_bom(std::string_view text) noexcept;

/** Parses a configuration's JSON text.

    Stricter than boost::json::parse where a configuration needs it: a key
    that appears twice in one object is an error (a silent last-wins hides
    the edit that was meant), and comments must be valid UTF-8 like the
    rest of the text. A block comment ends at its first star and slash,
    a line comment at its line break, as in C, whatever Boost.JSON's
    parser would make of them. On failure, appends one problem with its
    line and column (the first in the text) and returns false. The
    document is built in the memory of `result`'s storage.
*/
bool parse_json(
    std::string_view text,
    json_syntax const& syntax,
    boost::json::value& result,
    std::vector<config_problem>& problems);

/// Fills in the line and column of each problem that has none, from its pointer into `text`.
void place_problems(std::string_view text, std::vector<config_problem>& problems);

} // namespace detail
} // namespace durable

#endif
