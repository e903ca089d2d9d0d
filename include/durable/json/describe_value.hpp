//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_DESCRIBE_VALUE_HPP
#define DURABLE_JSON_DESCRIBE_VALUE_HPP

#include <durable/detail/export.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace durable {
namespace json {

/** Describes a JSON value for a message: `string "80"`, `number 3.5`, `object`.

    A string is quoted as JSON writes it, and cut after 40 bytes (at a
    character's boundary) with "..." before its closing quote, so that a
    message stays one readable line.
*/
DURABLE_DECL std::string describe_value(boost::json::value const& value);

} // namespace json
} // namespace durable

#endif
