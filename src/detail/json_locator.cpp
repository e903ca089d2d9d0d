//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/json_locator.hpp>
#include <durable/detail/json_scanner.hpp>

#include <charconv>
#include <set>

namespace durable {
namespace detail {

namespace {

// In an object, at its '{': the offset of the value of the last member
// named `key`, if any.
std::optional<std::size_t> find_member(json_scanner& s, std::string_view key)
{
    std::optional<std::size_t> found;
    s.advance();
    json_entry entry;
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
std::optional<std::size_t> find_element(json_scanner& s, std::string_view token)
{
    std::optional<std::size_t> const index = array_index(token);
    if(!index)
        return std::nullopt;
    s.advance();
    json_entry entry;
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

text_position position_of(std::string_view text, std::size_t offset) noexcept
{
    text_position p{1, 1};
    offset = std::min(offset, text.size());
    for(std::size_t i = 0; i < offset; ++i)
    {
        unsigned char const c = static_cast<unsigned char>(text[i]);
        if(c == '\n')
        {
            ++p.line;
            p.column = 1;
        }
        else if((c & 0xC0) != 0x80) // not a continuation byte: a new character
        {
            ++p.column;
        }
    }
    return p;
}

std::size_t locate(std::string_view text, std::string_view pointer)
{
    json_scanner s(text);
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
    json_scanner s(text);
    s.skip_space();
    while(s.offset() < offset && (s.peek() == '{' || s.peek() == '['))
    {
        bool const in_object = s.peek() == '{';
        s.advance();
        json_entry entry;
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

std::optional<duplicate_key> find_duplicate_key(std::string_view text)
{
    struct frame
    {
        bool object;
        std::size_t pointer_size; // of the container's own pointer
        std::size_t count = 0;    // elements so far
        std::set<std::string> keys;
    };
    std::vector<frame> open;
    std::string pointer;
    json_scanner s(text);
    bool expect_value = true;
    for(;;)
    {
        s.skip_space();
        if(expect_value)
        {
            char const c = s.peek();
            if(c == '{' || c == '[')
            {
                open.push_back({c == '{', pointer.size(), 0, {}});
                s.advance();
                expect_value = false;
                continue; // to the first member or element, or the end
            }
            if(!s.skip_value())
                return std::nullopt;
            expect_value = false;
            if(open.empty())
                return std::nullopt;
            s.skip_space();
            if(s.peek() == ',')
            {
                s.advance();
                s.skip_space();
            }
            else if(s.peek() != '}' && s.peek() != ']')
                return std::nullopt;
        }
        if(open.empty())
            return std::nullopt;
        frame& f = open.back();
        char const c = s.peek();
        if(c == '}' || c == ']')
        {
            s.advance();
            pointer.resize(f.pointer_size);
            open.pop_back();
            if(open.empty())
                return std::nullopt;
            s.skip_space();
            if(s.peek() == ',')
                s.advance();
            continue;
        }
        pointer.resize(f.pointer_size);
        if(f.object)
        {
            if(c != '"')
                return std::nullopt;
            std::size_t const key_offset = s.offset();
            std::optional<std::string> key = s.read_string();
            if(!key)
                return std::nullopt;
            append_pointer_token(pointer, *key);
            if(!f.keys.insert(std::move(*key)).second)
                return duplicate_key{pointer, key_offset};
            s.skip_space();
            if(s.peek() != ':')
                return std::nullopt;
            s.advance();
        }
        else
        {
            pointer += '/' + std::to_string(f.count);
        }
        ++f.count;
        expect_value = true;
    }
}

std::optional<std::vector<std::string>> split_pointer(std::string_view pointer)
{
    std::vector<std::string> tokens;
    while(!pointer.empty())
    {
        if(pointer.front() != '/')
            return std::nullopt;
        pointer.remove_prefix(1);
        std::size_t const end = std::min(pointer.find('/'), pointer.size());
        std::string token;
        for(std::size_t i = 0; i < end; ++i)
        {
            if(pointer[i] != '~')
                token += pointer[i];
            else if(i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1'))
                token += pointer[++i] == '0' ? '~' : '/';
            else
                return std::nullopt;
        }
        tokens.push_back(std::move(token));
        pointer.remove_prefix(end);
    }
    return tokens;
}

std::optional<std::size_t> array_index(std::string_view token) noexcept
{
    if(token.empty() || (token.front() == '0' && token.size() > 1))
        return std::nullopt;
    std::size_t index = 0;
    char const* const end = token.data() + token.size();
    auto const result = std::from_chars(token.data(), end, index);
    if(result.ec != std::errc() || result.ptr != end)
        return std::nullopt;
    return index;
}

void append_pointer_token(std::string& pointer, std::string_view key)
{
    pointer += '/';
    for(char c : key)
    {
        if(c == '~')
            pointer += "~0";
        else if(c == '/')
            pointer += "~1";
        else
            pointer += c;
    }
}

} // namespace detail
} // namespace durable
