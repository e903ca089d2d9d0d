//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/json_locator.hpp>

#include <set>
#include <vector>

namespace durable {
namespace detail {

namespace {

// A cursor over JSON text that skips what does not matter to a position.
class scanner
{
public:
    explicit scanner(std::string_view text) : text_(text) {}

    std::size_t offset() const noexcept { return at_; }
    bool at_end() const noexcept { return at_ >= text_.size(); }
    char peek() const noexcept { return at_end() ? '\0' : text_[at_]; }
    void advance() noexcept { ++at_; }
    void jump(std::size_t offset) noexcept { at_ = offset; }

    // Whitespace and comments.
    void skip_space() noexcept
    {
        while(!at_end())
        {
            char const c = text_[at_];
            if(c == ' ' || c == '\t' || c == '\n' || c == '\r')
                ++at_;
            else if(text_.compare(at_, 2, "//") == 0)
                at_ = std::min(text_.find('\n', at_), text_.size());
            else if(text_.compare(at_, 2, "/*") == 0)
                at_ = std::min(text_.find("*/", at_ + 2), text_.size() - 2) + 2;
            else
                return;
        }
    }

    // At a '"': past the closing quote, with the decoded content; empty if
    // the string is malformed.
    std::optional<std::string> read_string()
    {
        std::string decoded;
        for(++at_; at_ < text_.size(); ++at_)
        {
            char const c = text_[at_];
            if(c == '"')
            {
                ++at_;
                return decoded;
            }
            if(c != '\\')
                decoded += c;
            else if(!read_escape(decoded))
                return std::nullopt;
        }
        return std::nullopt;
    }

    // Past one value of any kind, without descending by recursion: nested
    // brackets are counted. False if the text ends or is malformed.
    bool skip_value()
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

private:
    // A number or a literal: up to the next delimiter.
    bool skip_scalar() noexcept
    {
        std::size_t const start = at_;
        while(!at_end() && std::string_view(" \t\r\n,:]}[{\"/").find(text_[at_]) == std::string_view::npos)
            ++at_;
        return at_ != start;
    }

    // At a backslash: appends the decoded character, moving to the escape's last byte.
    bool read_escape(std::string& decoded)
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
    bool read_unicode(std::string& decoded)
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

    static void append_utf8(unsigned long cp, std::string& out)
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

    std::string_view text_;
    std::size_t at_ = 0;
};

// The reference tokens of a JSON pointer, unescaped.
std::vector<std::string> tokens_of(std::string_view pointer)
{
    std::vector<std::string> tokens;
    while(!pointer.empty() && pointer.front() == '/')
    {
        pointer.remove_prefix(1);
        std::size_t const end = std::min(pointer.find('/'), pointer.size());
        std::string token;
        for(std::size_t i = 0; i < end; ++i)
        {
            if(pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1'))
                token += pointer[++i] == '0' ? '~' : '/';
            else
                token += pointer[i];
        }
        tokens.push_back(std::move(token));
        pointer.remove_prefix(end);
    }
    return tokens;
}

// In an object, at its '{': the offset of the value of the last member
// named `key`, if any.
std::optional<std::size_t> find_member(scanner& s, std::string_view key)
{
    std::optional<std::size_t> found;
    s.advance();
    for(;;)
    {
        s.skip_space();
        if(s.peek() != '"')
            return found;
        std::optional<std::string> const name = s.read_string();
        s.skip_space();
        if(!name || s.peek() != ':')
            return found;
        s.advance();
        s.skip_space();
        if(*name == key)
            found = s.offset();
        if(!s.skip_value())
            return found;
        s.skip_space();
        if(s.peek() != ',')
            return found;
        s.advance();
    }
}

// In an array, at its '[': the offset of element `index`, if any.
std::optional<std::size_t> find_element(scanner& s, std::string_view token)
{
    if(token.empty() || token.size() > 18 || token.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    std::size_t const index = std::stoull(std::string(token));
    s.advance();
    for(std::size_t i = 0;; ++i)
    {
        s.skip_space();
        if(s.peek() == ']' || s.at_end())
            return std::nullopt;
        if(i == index)
            return s.offset();
        if(!s.skip_value())
            return std::nullopt;
        s.skip_space();
        if(s.peek() != ',')
            return std::nullopt;
        s.advance();
    }
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
    scanner s(text);
    s.skip_space();
    std::size_t found = s.offset();
    for(std::string const& token : tokens_of(pointer))
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
    scanner s(text);
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
