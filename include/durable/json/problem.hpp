//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_PROBLEM_HPP
#define DURABLE_JSON_PROBLEM_HPP

#include <cstddef>
#include <string>

namespace durable {
namespace json {

/** What is wrong with a JSON text, or with an edit asked of it, and where.

    A byte offset, not a line and a column: what a line is, and how a column
    counts, is for the one who shows the problem to a person
    (durable::to_config_problem).
*/
struct problem
{
    /// The offset of a problem that has no place in the text, such as an edit at a pointer that leads nowhere.
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// The offset of the first byte of the offending text, or npos.
    std::size_t offset = npos;

    /// The JSON pointer (RFC 6901) of the offending value; empty for the text as a whole.
    std::string pointer;

    /// What is wrong: what was expected and what was found.
    std::string message;
};

} // namespace json
} // namespace durable

#endif
