//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_CONFIG_PROBLEM_HPP
#define DURABLE_CONFIG_PROBLEM_HPP

#include <durable/detail/export.hpp>
#include <durable/json/problem.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace durable {

/** One thing wrong with a configuration, and where it is.

    A load reports every problem it finds, up to a limit, as a list of these;
    config_error formats them one per line:

    @code
    settings.json:12:15: /server/port: expected integer in [0, 65535], found string "80"
    @endcode
*/
struct config_problem
{
    /** The JSON pointer (RFC 6901) of the offending value.

        Empty for the document as a whole, such as a syntax error.
    */
    std::string pointer;

    /** Where the offending value begins in the file: 1-based line and column.

        Columns count characters (UTF-8 code points); a tab is one. Both are
        0 when the problem has no place in a text: a value being saved.
    */
    std::size_t line = 0;
    std::size_t column = 0;

    /// What is wrong: what was expected and what was found.
    std::string message;

    /// Compares every field.
    friend bool operator==(config_problem const& a, config_problem const& b)
    {
        return a.pointer == b.pointer && a.line == b.line && a.column == b.column &&
            a.message == b.message;
    }

    friend bool operator!=(config_problem const& a, config_problem const& b) { return !(a == b); }
};

/** The problem `p` of the JSON text `text`, with its byte offset as a line and a column.

    Lines end at "\n" ("\r\n" is one line break); columns count UTF-8
    characters, a tab one. A problem at json::problem::npos, which has no
    place in the text, gets line and column 0.
*/
DURABLE_DECL config_problem to_config_problem(json::problem p, std::string_view text);

} // namespace durable

#endif
