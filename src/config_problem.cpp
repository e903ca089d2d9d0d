//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/config_problem.hpp>

#include <algorithm>
#include <utility>

namespace durable {

config_problem to_config_problem(json::problem p, std::string_view text)
{
    config_problem placed{std::move(p.pointer), 0, 0, std::move(p.message)};
    if(p.offset == json::problem::npos)
        return placed;
    placed.line = 1;
    placed.column = 1;
    std::size_t const end = std::min(p.offset, text.size());
    for(std::size_t i = 0; i < end; ++i)
    {
        unsigned char const c = static_cast<unsigned char>(text[i]);
        if(c == '\n')
        {
            ++placed.line;
            placed.column = 1;
        }
        else if((c & 0xC0) != 0x80) // not a continuation byte: a new character
        {
            ++placed.column;
        }
    }
    return placed;
}

} // namespace durable
