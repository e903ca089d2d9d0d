//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "utf8.hpp"

namespace durable {
namespace json {

// The ranges of the second byte are those of RFC 3629's table: they exclude
// overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept
{
    auto const byte = [&](std::size_t k) -> unsigned {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
    };
    auto const continuation = [](unsigned b) { return b >= 0x80 && b <= 0xBF; };
    unsigned const lead = byte(0);
    unsigned const second = byte(1);
    if(lead < 0x80)
        return 1;
    if(lead >= 0xC2 && lead <= 0xDF)
        return continuation(second) ? 2 : 0;
    if(lead >= 0xE0 && lead <= 0xEF)
    {
        unsigned const low = lead == 0xE0 ? 0xA0 : 0x80;
        unsigned const high = lead == 0xED ? 0x9F : 0xBF;
        return second >= low && second <= high && continuation(byte(2)) ? 3 : 0;
    }
    if(lead >= 0xF0 && lead <= 0xF4)
    {
        unsigned const low = lead == 0xF0 ? 0x90 : 0x80;
        unsigned const high = lead == 0xF4 ? 0x8F : 0xBF;
        return second >= low && second <= high && continuation(byte(2)) && continuation(byte(3)) ? 4 : 0;
    }
    return 0;
}

std::size_t first_invalid_utf8(std::string_view text) noexcept
{
    std::size_t i = 0;
    while(i < text.size())
    {
        std::size_t const n = utf8_sequence_length(text, i);
        if(n == 0)
            return i;
        i += n;
    }
    return std::string_view::npos;
}

} // namespace json
} // namespace durable
