//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_POINTER_HPP
#define DURABLE_JSON_POINTER_HPP

#include <durable/detail/export.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace durable {
namespace json {

/** The reference tokens of a JSON pointer (RFC 6901), with ~0 and ~1 decoded.

    Empty for the empty pointer, the whole document. No value if `pointer`
    is malformed: not empty and not starting with '/', or with a '~' that
    is not ~0 or ~1.
*/
DURABLE_DECL std::optional<std::vector<std::string>> split_pointer(std::string_view pointer);

/** The array index that a reference token names: "0", or digits without a leading zero.

    No value for any other token, such as "-", "01" or "+1", or an index
    that does not fit a size_t; Boost.JSON's value::find_pointer reads
    indices the same way.
*/
DURABLE_DECL std::optional<std::size_t> array_index(std::string_view token) noexcept;

/// Appends `key` to `pointer` as one RFC 6901 reference token: "/", then `key` with ~ as ~0 and / as ~1.
DURABLE_DECL void append_pointer_token(std::string& pointer, std::string_view key);

} // namespace json
} // namespace durable

#endif
