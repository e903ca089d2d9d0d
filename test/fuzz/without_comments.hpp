//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The fuzz target's own reading of comments, to give its other oracles
// plain JSON: Boost.JSON 1.81 cannot be one for text with comments, as it
// misreads some of them (see blank_comments in src/json/parse.cpp).

#ifndef DURABLE_FUZZ_WITHOUT_COMMENTS_HPP
#define DURABLE_FUZZ_WITHOUT_COMMENTS_HPP

#include <string>
#include <string_view>

namespace config_fuzz {

/// The text with each comment, outside strings, replaced by one space, as a C compiler does.
inline std::string without_comments(std::string_view text)
{
    enum class in { code, string, escape, line_comment, block_comment } state = in::code;
    std::string plain;
    for(std::size_t i = 0; i < text.size(); ++i)
    {
        char const c = text[i];
        char const next = i + 1 < text.size() ? text[i + 1] : '\0';
        switch(state)
        {
        case in::code:
            if(c == '/' && (next == '/' || next == '*'))
            {
                state = next == '/' ? in::line_comment : in::block_comment;
                plain += ' ';
                ++i;
                continue;
            }
            state = c == '"' ? in::string : in::code;
            break;
        case in::string: state = c == '\\' ? in::escape : c == '"' ? in::code : in::string; break;
        case in::escape: state = in::string; break;
        case in::line_comment:
            if(c != '\n')
                continue;
            state = in::code;
            break;
        case in::block_comment:
            if(c == '*' && next == '/')
            {
                state = in::code;
                ++i;
            }
            continue;
        }
        plain += c;
    }
    return plain;
}

} // namespace config_fuzz

#endif
