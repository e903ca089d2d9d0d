//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_SCANNER_HPP
#define DURABLE_JSON_SCANNER_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace durable {
namespace json {

/** A cursor over JSON text that moves by the text's structure, not by its meaning.

    It accepts what the parser accepts (comments, trailing commas), stops
    safely at text that is malformed, and does not recurse, so that no
    nesting can overflow the stack. The locator finds positions with it and
    the editor finds where to splice.
*/
class scanner
{
public:
    /// One member of an object or element of an array, as enter_entry() finds it.
    struct entry
    {
        std::size_t begin = 0; ///< where it begins: its key's opening quote, for a member
        std::string key;       ///< the member's key, decoded; empty for an element
        std::size_t value = 0; ///< where its value begins
    };

    explicit scanner(std::string_view text) noexcept : text_(text) {}

    std::size_t offset() const noexcept { return at_; }
    bool at_end() const noexcept { return at_ >= text_.size(); }
    char peek() const noexcept { return at_end() ? '\0' : text_[at_]; }
    void advance() noexcept { ++at_; }
    void jump(std::size_t offset) noexcept { at_ = offset; }

    /// Past whitespace and comments.
    void skip_space() noexcept;

    /// At a `//` or `/*` comment: past it, and true; else false.
    bool skip_comment() noexcept;

    /** At a '"': past the closing quote, and true; at the end of the text, and false, if there is none.

        The one way the module finds where a string ends; its escapes are
        not checked.
    */
    bool skip_string() noexcept;

    /// At a '"': past the closing quote, with the decoded content; empty if the string is malformed.
    std::optional<std::string> read_string();

    /// Past one value of any kind; false if the text ends or is malformed.
    bool skip_value();

    /** Inside an object or array, where an entry or the closing bracket may be:
        past the space, and for a member its key and colon, to the entry's value.

        False at the closing bracket, or at malformed text.
    */
    bool enter_entry(bool in_object, entry& found);

    /// After an entry's value: past the comma that follows it; false if none does.
    bool leave_entry() noexcept;

private:
    bool skip_scalar() noexcept;
    bool read_escape(std::string& decoded);
    bool read_unicode(std::string& decoded);

    std::string_view text_;
    std::size_t at_ = 0;
};

} // namespace json
} // namespace durable

#endif
