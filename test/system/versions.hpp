//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_SYSTEM_VERSIONS_HPP
#define DURABLE_TEST_SYSTEM_VERSIONS_HPP

#include <cstdint>
#include <sstream>
#include <string>

// The contents the system harness saves: version n of a file, and whether
// some bytes are exactly one version.
namespace durable_system {

// A header naming n and the length, a payload whose length and bytes depend
// on n (so that a mix of two versions, or a torn one, cannot pass), and a
// trailer.
inline std::string version(std::uint64_t n)
{
    std::size_t const length = 1000 + (n * 7919) % 60000;
    std::string payload(length, '\0');
    for(std::size_t i = 0; i < length; ++i)
        payload[i] = static_cast<char>('a' + (n + i * 31) % 26);
    return "storm " + std::to_string(n) + " " + std::to_string(length) + "\n" + payload +
        "\nend " + std::to_string(n) + "\n";
}

// The version `content` is exactly, or -1.
inline long long version_of(std::string const& content)
{
    std::istringstream header(content);
    std::string word;
    std::uint64_t n = 0;
    if(!(header >> word >> n) || word != "storm" || content != version(n))
        return -1;
    return static_cast<long long>(n);
}

inline bool complete(std::string const& content)
{
    return version_of(content) >= 0;
}

} // namespace durable_system

#endif
