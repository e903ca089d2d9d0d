//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_SYNTAX_HPP
#define DURABLE_JSON_SYNTAX_HPP

#include <cstddef>

namespace durable {
namespace json {

/// What a JSON text may contain beyond RFC 8259, and how deep it may nest.
struct syntax
{
    /// `//` and `/* */` comments, which end as in C (see parse()).
    bool allow_comments = true;

    /// A comma after the last member of an object or element of an array.
    bool allow_trailing_commas = true;

    /// Levels of objects and arrays, the document's own included.
    std::size_t max_depth = 64;
};

} // namespace json
} // namespace durable

#endif
