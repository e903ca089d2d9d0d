//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_JSON_LOCATOR_HPP
#define DURABLE_DETAIL_JSON_LOCATOR_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Boost.JSON builds values but keeps no source positions. These functions
// find positions again in the text, by a structural scan that runs only
// when something is wrong. They accept what the parser accepts (comments,
// trailing commas), stop safely at text that is malformed, and do not
// recurse, so that no nesting can overflow the stack.

namespace durable {
namespace detail {

/// A place in a text: 1-based line and column; columns count UTF-8 characters (a tab is one).
struct text_position
{
    std::size_t line = 0;
    std::size_t column = 0;
};

/// The line and column of byte `offset` of `text`; "\r\n" is one line break.
text_position position_of(std::string_view text, std::size_t offset) noexcept;

/** The byte offset where the value at JSON pointer `pointer` begins.

    Keys are compared after decoding their escapes; of duplicate keys, the
    last is meant, as Boost.JSON keeps the last. When the pointer leads
    nowhere (an absent key, an index past the end, a step into a scalar,
    malformed text), the offset of the deepest value found on its way.
*/
std::size_t locate(std::string_view text, std::string_view pointer);

/// A key that repeats an earlier key of the same object.
struct duplicate_key
{
    std::string pointer; ///< the JSON pointer of the repeated member
    std::size_t offset;  ///< the offset of its key's opening quote
};

/// The first duplicate key in document order, if any before the end or the first malformed spot.
std::optional<duplicate_key> find_duplicate_key(std::string_view text);

/// Appends `key` to `pointer` as one RFC 6901 reference token: "/", then `key` with ~ as ~0 and / as ~1.
void append_pointer_token(std::string& pointer, std::string_view key);

} // namespace detail
} // namespace durable

#endif
