//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/printable.hpp>
#include "json/utf8.hpp"

namespace durable {

namespace {

void append_hex_escape(std::string& out, unsigned char c)
{
    static constexpr char hex[] = "0123456789abcdef";
    char const escape[] = {'\\', 'x', hex[c >> 4], hex[c & 0xF]};
    out.append(escape, sizeof escape);
}

// One escaper for every message: printable() and append_printable_line()
// differ only in the backslash.
void append_escaped(std::string& out, std::string_view text, bool escape_backslash)
{
    out.reserve(out.size() + text.size());
    std::size_t i = 0;
    while(i < text.size())
    {
        unsigned char const c = static_cast<unsigned char>(text[i]);
        if(c >= 0x20 && c < 0x7f)
        {
            if(c == '\\' && escape_backslash)
                out += '\\';
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if(c == '\t' || c == '\n' || c == '\r')
        {
            out += '\\';
            out += c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
            ++i;
            continue;
        }
        std::size_t const length = c < 0x80 ? 0 : json::utf8_sequence_length(text, i);
        // U+0080 to U+009F, C2 80 to C2 9F: controls that some terminals obey as ESC sequences.
        bool const c1_control = length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if(length == 0 || c1_control)
        {
            // Byte by byte: after an invalid byte, the next may begin a valid character.
            std::size_t const bytes = c1_control ? 2 : 1;
            for(std::size_t k = 0; k < bytes; ++k)
                append_hex_escape(out, static_cast<unsigned char>(text[i + k]));
            i += bytes;
            continue;
        }
        out.append(text.data() + i, length);
        i += length;
    }
}

} // namespace

std::string printable(std::string_view text)
{
    std::string out;
    append_printable(out, text);
    return out;
}

void append_printable(std::string& out, std::string_view text)
{
    append_escaped(out, text, true);
}

namespace detail {

std::string path_text(std::filesystem::path const& path)
{
#ifdef _WIN32
    // C++17's u8string() is a std::string of UTF-8.
    return path.u8string();
#else
    return path.native();
#endif
}

std::string printable_path(std::filesystem::path const& path)
{
#ifdef _WIN32
    // No Windows name can hold a backslash: each is a separator, and a
    // doubled one would only make the path hard to read and to copy.
    bool const escape_backslash = false;
#else
    bool const escape_backslash = true;
#endif
    std::string out;
    append_escaped(out, path_text(path), escape_backslash);
    return out;
}

void append_printable_line(std::string& out, std::string_view line)
{
    append_escaped(out, line, false);
}

} // namespace detail

} // namespace durable
