//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_JSON_WRITER_HPP
#define DURABLE_DETAIL_JSON_WRITER_HPP

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace durable {
namespace detail {

/** Appends the canonical pretty form of `value` to `out`, without a final newline.

    One member or element per line, indented by `indent` spaces per level;
    members in the object's own order; `{}` and `[]` when empty; strings
    escaped as Boost.JSON's serializer escapes them; integers in decimal;
    doubles in the shortest form that reads back to the same double, with
    ".0" added to a whole number so that it stays a double. The same value
    always gives the same bytes.

    @throws std::invalid_argument for a NaN or an infinity, which JSON cannot hold.
*/
void write_pretty(boost::json::value const& value, std::string& out, unsigned indent);

/// Appends `s` as a JSON string literal, quotes included, escaped as above.
void write_json_string(std::string_view s, std::string& out);

} // namespace detail
} // namespace durable

#endif
