//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/json/pointer.hpp>

#include <algorithm>
#include <charconv>

namespace durable {
namespace json {

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

} // namespace json
} // namespace durable
