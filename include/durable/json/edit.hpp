//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_EDIT_HPP
#define DURABLE_JSON_EDIT_HPP

#include <durable/detail/export.hpp>
#include <durable/json/problem.hpp>
#include <durable/json/syntax.hpp>

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace durable {
namespace json {

/// How set_value(), remove_member() and merge_text() read the text back and write what they add.
struct edit_options
{
    /// What the text may contain: the edited text must parse with it too.
    json::syntax syntax;

    /// Spaces per level of nesting, in objects and arrays written into the text.
    unsigned indent = 4;
};

/** Sets the value at a JSON pointer in a JSON text, and keeps the rest of the text byte for byte.

    The edit is made in the text, so that comments, formatting, line breaks
    and a byte order mark survive it:

    - an existing value is replaced by the new one, a scalar in its compact
      form, an object or array in the canonical pretty form (see
      write_pretty) indented to the line where the value begins;
    - a key missing from an existing object is added as its last member,
      on a line of its own with the indentation of the member before it (or
      one level deeper than the object, when it is empty), or after it on
      the same line when that member shares its line;
    - "-", or an index equal to the size, appends to an array in the same way.

    New line breaks are those of the text ("\r\n" if its first line ends
    so). A trailing comma after the last entry stays the last entry's.

    The result is parsed again and must read as `document` with the one
    change applied; else nothing is returned. This proves the splice right
    on every call, not only in tests.

    @param text The JSON text, byte order mark and all.
    @param document `text` as parse() read it with `options.syntax`.
    @param pointer Where to set the value (RFC 6901). Its parent must exist;
    the empty pointer replaces the whole document.
    @return The edited text; or no value, with the reason in `failure`
    (at no offset: it is about the edit, not the text).
*/
DURABLE_DECL std::optional<std::string> set_value(
    std::string_view text,
    boost::json::value const& document,
    std::string_view pointer,
    boost::json::value const& value,
    edit_options const& options,
    problem& failure);

/** Removes a member of an object in a JSON text, and keeps the rest of the text byte for byte.

    A member on a line of its own goes with its line: its comma and the
    comments after it on that line too; the comments on the lines before it
    stay. A member that shares its line goes with its comma and the spaces
    on one side. When it is the last member and has no comma after it, the
    comma of the member before it goes too (a trailing comma after it stays
    the new last member's).

    Verified as set_value is: the result must read as `document`
    without the member.

    @param pointer The member (RFC 6901); its parent must be an object that has it.
    @return The edited text; or no value, with the reason in `failure`
    (at no offset: it is about the edit, not the text).
*/
DURABLE_DECL std::optional<std::string> remove_member(
    std::string_view text,
    boost::json::value const& document,
    std::string_view pointer,
    edit_options const& options,
    problem& failure);

/** Changes a JSON text so that it reads as `value`, editing only what differs.

    What a typed save of a file a person wrote does, so that their comments
    and layout survive it. `document` and `value` are compared from the
    root, and the text is edited as set_value and remove_member do:

    - an object is compared member by member, recursively: a member that
      `value` lacks is removed, one it adds is added after the last member
      (in the order of `value`), and the members keep the text's order;
    - an array of the same size is compared element by element; one of
      another size is replaced whole (its comments go);
    - a scalar that is written differently is replaced; one written alike
      (1.50 in the text for 1.5) stays as the text has it;
    - a value of another kind is replaced whole.

    The result is parsed again and must read as `value` (and, member by
    member, in the text's order); else nothing is returned, and the caller
    falls back on the canonical form. A text that already reads as `value`
    comes back unchanged.

    @param text The JSON text, byte order mark and all.
    @param document `text` as parse() read it with `options.syntax`.
    @param value What the text must read as.
    @return The edited text; or no value, with the reason in `failure`
    (at no offset: it is about the edit, not the text).
*/
DURABLE_DECL std::optional<std::string> merge_text(
    std::string_view text,
    boost::json::value const& document,
    boost::json::value const& value,
    edit_options const& options,
    problem& failure);

} // namespace json
} // namespace durable

#endif
