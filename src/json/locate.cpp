//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/json/locate.hpp>
#include <durable/json/pointer.hpp>

#include "scanner.hpp"

#include <optional>

namespace durable {
namespace json {

namespace {

// In an object, at its '{': the offset of the value of the last member
// named `key`, if any.
std::optional<std::size_t> find_member(scanner& s, std::string_view key)
{
    std::optional<std::size_t> found;
    s.advance();
    scanner::entry entry;
    while(s.enter_entry(true, entry))
    {
        if(entry.key == key)
            found = entry.value;
        if(!s.skip_value() || !s.leave_entry())
            break;
    }
    return found;
}

// In an array, at its '[': the offset of element `token`, if any.
std::optional<std::size_t> find_element(scanner& s, std::string_view token)
{
    std::optional<std::size_t> const index = array_index(token);
    if(!index)
        return std::nullopt;
    s.advance();
    scanner::entry entry;
    for(std::size_t i = 0; s.enter_entry(false, entry); ++i)
    {
        if(i == *index)
            return entry.value;
        if(!s.skip_value() || !s.leave_entry())
            break;
    }
    return std::nullopt;
}

} // namespace

std::size_t locate(std::string_view text, std::string_view pointer)
{
    scanner s(text);
    s.skip_space();
    std::size_t found = s.offset();
    std::optional<std::vector<std::string>> const tokens = split_pointer(pointer);
    if(!tokens)
        return found;
    for(std::string const& token : *tokens)
    {
        std::optional<std::size_t> next;
        if(s.peek() == '{')
            next = find_member(s, token);
        else if(s.peek() == '[')
            next = find_element(s, token);
        if(!next)
            return found;
        found = *next;
        s.jump(found);
    }
    return found;
}

// Down from the root, into the entry whose value holds the offset, until
// that value is a scalar or begins at the offset. A value that does not
// end (the text after it is malformed) holds every offset after its
// beginning.
std::string pointer_at(std::string_view text, std::size_t offset)
{
    std::string pointer;
    scanner s(text);
    s.skip_space();
    while(s.offset() < offset && (s.peek() == '{' || s.peek() == '['))
    {
        bool const in_object = s.peek() == '{';
        s.advance();
        scanner::entry entry;
        bool inside = false;
        for(std::size_t i = 0; !inside && s.enter_entry(in_object, entry); ++i)
        {
            if(offset < entry.value)
                return pointer;
            inside = !s.skip_value() || offset < s.offset();
            if(inside)
            {
                if(in_object)
                    append_pointer_token(pointer, entry.key);
                else
                    pointer += '/' + std::to_string(i);
                s.jump(entry.value);
            }
            else if(!s.leave_entry())
                return pointer;
        }
        if(!inside)
            return pointer;
    }
    return pointer;
}

} // namespace json
} // namespace durable
