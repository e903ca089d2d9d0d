//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "scanner.hpp"

#include <algorithm>
#include <cstring>

namespace durable {
namespace json {

namespace {

void append_utf8(unsigned long cp, std::string& out)
{
    auto const byte = [&](unsigned long b) { out += static_cast<char>(b); };
    if(cp < 0x80)
        byte(cp);
    else if(cp < 0x800)
    {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    }
    else if(cp < 0x10000)
    {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
    else
    {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

} // namespace

void scanner::skip_space() noexcept
{
    while(!at_end())
    {
        char const c = text_[at_];
        if(c == ' ' || c == '\t' || c == '\n' || c == '\r')
            ++at_;
        else if(!skip_comment())
            return;
    }
}

bool scanner::skip_comment() noexcept
{
    if(text_.compare(at_, 2, "//") == 0)
        at_ = std::min(text_.find('\n', at_), text_.size());
    else if(text_.compare(at_, 2, "/*") == 0)
        at_ = std::min(text_.find("*/", at_ + 2), text_.size() - 2) + 2;
    else
        return false;
    return true;
}

// The closing quote is the first after an even number of backslashes.
// memchr crosses the long stretches with nothing to do many bytes at a time.
bool scanner::skip_string() noexcept
{
    std::size_t const open = at_;
    for(std::size_t from = open + 1; from < text_.size();)
    {
        void const* const found = std::memchr(text_.data() + from, '"', text_.size() - from);
        if(!found)
            break;
        std::size_t const quote = static_cast<std::size_t>(static_cast<char const*>(found) - text_.data());
        std::size_t backslashes = 0;
        while(quote - backslashes > open + 1 && text_[quote - 1 - backslashes] == '\\')
            ++backslashes;
        if(backslashes % 2 == 0)
        {
            at_ = quote + 1;
            return true;
        }
        from = quote + 1;
    }
    at_ = text_.size();
    return false;
}

// The end first, then the content: no escape can reach past the closing
// quote, which is neither a backslash, nor a 'u', nor a hex digit.
std::optional<std::string> scanner::read_string()
{
    std::size_t const open = at_;
    if(!skip_string())
        return std::nullopt;
    std::size_t const close = at_ - 1;
    std::string decoded;
    for(at_ = open + 1; at_ < close; ++at_)
    {
        char const c = text_[at_];
        if(c != '\\')
            decoded += c;
        else if(!read_escape(decoded))
            return std::nullopt;
    }
    at_ = close + 1;
    return decoded;
}

// Nested brackets are counted, not descended into by recursion.
bool scanner::skip_value()
{
    std::size_t depth = 0;
    do
    {
        skip_space();
        char const c = peek();
        if(c == '"')
        {
            if(!read_string())
                return false;
        }
        else if(c == '{' || c == '[')
        {
            ++depth;
            ++at_;
        }
        else if(c == '}' || c == ']')
        {
            if(depth == 0)
                return false;
            --depth;
            ++at_;
        }
        else if(c == ',' || c == ':')
        {
            if(depth == 0)
                return false;
            ++at_;
        }
        else if(!skip_scalar())
            return false;
    } while(depth != 0);
    return true;
}

bool scanner::enter_entry(bool in_object, entry& found)
{
    skip_space();
    found.begin = at_;
    found.key.clear();
    if(in_object)
    {
        if(peek() != '"')
            return false;
        std::optional<std::string> name = read_string();
        skip_space();
        if(!name || peek() != ':')
            return false;
        ++at_;
        skip_space();
        found.key = std::move(*name);
    }
    else if(at_end() || peek() == ']')
    {
        return false;
    }
    found.value = at_;
    return true;
}

bool scanner::leave_entry() noexcept
{
    skip_space();
    if(peek() != ',')
        return false;
    ++at_;
    return true;
}

// A number or a literal: up to the next delimiter.
bool scanner::skip_scalar() noexcept
{
    std::size_t const start = at_;
    while(!at_end() && std::string_view(" \t\r\n,:]}[{\"/").find(text_[at_]) == std::string_view::npos)
        ++at_;
    return at_ != start;
}

// At a backslash: appends the decoded character, moving to the escape's last byte.
bool scanner::read_escape(std::string& decoded)
{
    if(++at_ >= text_.size())
        return false;
    switch(text_[at_])
    {
    case '"': decoded += '"'; return true;
    case '\\': decoded += '\\'; return true;
    case '/': decoded += '/'; return true;
    case 'b': decoded += '\b'; return true;
    case 'f': decoded += '\f'; return true;
    case 'n': decoded += '\n'; return true;
    case 'r': decoded += '\r'; return true;
    case 't': decoded += '\t'; return true;
    case 'u': return read_unicode(decoded);
    default: return false;
    }
}

// At the 'u' of \uXXXX, with a following \uXXXX for a surrogate pair.
bool scanner::read_unicode(std::string& decoded)
{
    auto const hex4 = [&](std::size_t from) -> long {
        if(from + 4 > text_.size())
            return -1;
        long v = 0;
        for(std::size_t k = from; k < from + 4; ++k)
        {
            char const h = text_[k];
            int const d = h >= '0' && h <= '9' ? h - '0'
                : h >= 'a' && h <= 'f'         ? h - 'a' + 10
                : h >= 'A' && h <= 'F'         ? h - 'A' + 10
                                               : -1;
            if(d < 0)
                return -1;
            v = v * 16 + d;
        }
        return v;
    };
    long cp = hex4(at_ + 1);
    if(cp < 0)
        return false;
    at_ += 4;
    if(cp >= 0xD800 && cp <= 0xDBFF)
    {
        if(text_.compare(at_ + 1, 2, "\\u") != 0)
            return false;
        long const low = hex4(at_ + 3);
        if(low < 0xDC00 || low > 0xDFFF)
            return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        at_ += 6;
    }
    append_utf8(static_cast<unsigned long>(cp), decoded);
    return true;
}

} // namespace json
} // namespace durable
