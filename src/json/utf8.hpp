//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_UTF8_HPP
#define DURABLE_JSON_UTF8_HPP

#include <cstddef>
#include <string_view>

namespace durable {
namespace json {

/** The offset of the first byte that does not begin a valid UTF-8 sequence, or npos.

    Valid as RFC 3629 defines it: no overlong forms, no surrogates, nothing
    above U+10FFFF. A sequence cut short by the end of `text` is invalid.
*/
std::size_t first_invalid_utf8(std::string_view text) noexcept;

/** The length of the valid UTF-8 sequence that begins at `text[i]`: 1 to 4, or 0 if none does.

    Valid as for first_invalid_utf8(); `i` is less than the size of `text`.
*/
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

} // namespace json
} // namespace durable

#endif
