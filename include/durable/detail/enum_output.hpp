//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_ENUM_OUTPUT_HPP
#define DURABLE_DETAIL_ENUM_OUTPUT_HPP

#include <boost/describe/enum.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>

#include <ostream>
#include <type_traits>

namespace durable {

/** Writes the name of an enumerator of one of durable's enums ("sync",
    "atomic"), or the number of a value that has no name.

    So that test frameworks and logs can show them:
    `BOOST_TEST(e.step() == durable::step::sync)` prints both sides when it
    fails. Each enum is described (BOOST_DESCRIBE_ENUM) beside its
    declaration, and this one template writes them all; found by
    argument-dependent lookup, it applies to the enums of namespace
    `durable` only (and of `durable::test`, which names it).
*/
template<class Enum, class = std::enable_if_t<boost::describe::has_describe_enumerators<Enum>::value>>
std::ostream& operator<<(std::ostream& out, Enum value)
{
    if(char const* const name = boost::describe::enum_to_string(value, nullptr))
        return out << name;
    return out << static_cast<std::underlying_type_t<Enum>>(value);
}

} // namespace durable

#endif
