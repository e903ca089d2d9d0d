//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_FNV1A_HPP
#define DURABLE_DETAIL_FNV1A_HPP

#include <cstdint>
#include <string_view>

namespace durable {
namespace detail {

/// Where every FNV-1a hash starts.
constexpr std::uint64_t fnv1a_basis = 0xcbf29ce484222325u;

/** The 64-bit FNV-1a hash of `bytes`, continued from `h`.

    Chosen where the library needs a hash that is the same in every run and
    every process, and that can go on where a piece of text left off (a key
    the parser hands over in parts): FNV-1a hashes one byte at a time.
*/
constexpr std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = fnv1a_basis) noexcept
{
    for(char c : bytes)
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
    return h;
}

} // namespace detail
} // namespace durable

#endif
