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
#include <vector>

// Boost.JSON builds values but keeps no source positions. These functions
// find positions again in the text, with a json_scanner, and only when
// something is wrong or is to be edited.

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

/** The JSON pointer of the innermost value whose text holds byte `offset`.

    Empty for the document as a whole. The text need only be well formed
    up to the value: a parse that stops at a value it refuses names it so,
    whatever follows.
*/
std::string pointer_at(std::string_view text, std::size_t offset);

/// A key that repeats an earlier key of the same object.
struct duplicate_key
{
    std::string pointer; ///< the JSON pointer of the repeated member
    std::size_t offset;  ///< the offset of its key's opening quote
};

/// The first duplicate key in document order, if any before the end or the first malformed spot.
std::optional<duplicate_key> find_duplicate_key(std::string_view text);

/** The reference tokens of a JSON pointer (RFC 6901), with ~0 and ~1 decoded.

    Empty for the empty pointer, the whole document. No value if `pointer`
    is malformed: not empty and not starting with '/', or with a '~' that
    is not ~0 or ~1.
*/
std::optional<std::vector<std::string>> split_pointer(std::string_view pointer);

/** The array index that a reference token names: "0", or digits without a leading zero.

    No value for any other token, such as "-", "01" or "+1", or an index
    that does not fit a size_t; Boost.JSON's value::find_pointer reads
    indices the same way.
*/
std::optional<std::size_t> array_index(std::string_view token) noexcept;

/// Appends `key` to `pointer` as one RFC 6901 reference token: "/", then `key` with ~ as ~0 and / as ~1.
void append_pointer_token(std::string& pointer, std::string_view key);

} // namespace detail
} // namespace durable

#endif
