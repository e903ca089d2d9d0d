//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_LOCATE_HPP
#define DURABLE_JSON_LOCATE_HPP

#include <durable/detail/export.hpp>
#include <cstddef>
#include <string>
#include <string_view>

// Boost.JSON builds values but keeps no source positions. These functions
// find positions again in the text, with a scanner, and only when
// something is wrong or is to be edited.

namespace durable {
namespace json {

/** The byte offset where the value at JSON pointer `pointer` begins.

    Keys are compared after decoding their escapes; of duplicate keys, the
    last is meant, as Boost.JSON keeps the last. When the pointer leads
    nowhere (an absent key, an index past the end, a step into a scalar,
    malformed text), the offset of the deepest value found on its way.
*/
DURABLE_DECL std::size_t locate(std::string_view text, std::string_view pointer);

/** The JSON pointer of the innermost value whose text holds byte `offset`.

    Empty for the document as a whole. The text need only be well formed
    up to the value: a parse that stops at a value it refuses names it so,
    whatever follows.
*/
DURABLE_DECL std::string pointer_at(std::string_view text, std::size_t offset);

} // namespace json
} // namespace durable

#endif
