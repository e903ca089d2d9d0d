//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_TEMP_NAME_HPP
#define DURABLE_SRC_DETAIL_TEMP_NAME_HPP

#include <cstdint>
#include <string>
#include <string_view>

namespace durable {
namespace detail {

// Temporary files are named
//
//     .<target>.durable-<boot>-<pidns>-<pid>-<nonce>.tmp
//
// <boot> is the start of the kernel's boot id and <pidns> the inode of the
// pid namespace (8 hex digits each; on Windows, a hash of the machine's
// identity and the process's creation time: see temp_name.cpp), <pid> is
// decimal and <nonce> is 16 hex
// digits from the kernel's random source: another user who sees one name
// cannot guess the next, and so cannot make saves fail by creating it
// first. A name matches only for one target and only in this exact form, so
// that the sweep never touches a file durable did not create. A long target
// name is cut and completed with a hash of the whole, so the temporary name
// fits NAME_MAX.

// Returns a fresh temporary name for `target_name`; each call differs.
std::string make_temp_name(std::string_view target_name);

// Whether `entry` is a temporary file of durable for `target_name`.
bool is_temp_name_of(std::string_view entry, std::string_view target_name);

// What a directory entry's name tells of the process that made it.
enum class temp_owner
{
    not_ours,   // not a temporary file of durable for this target
    alive,      // its process may be running, or cannot be judged
    gone,       // provably gone: this boot, this pid namespace, and its pid runs no process (Windows: not the process it names)
    other_boot  // made under another boot id: gone if the file predates this boot
};

// Judges `entry` by its name alone. Nothing is judged gone unless this
// process read its own boot id and pid namespace (Windows: its creation
// time): without /proc (a chroot, a small sandbox) every temporary file is
// `alive`.
temp_owner owner_of(std::string_view entry, std::string_view target_name);

// When this boot began, in seconds since 1970, from the clocks: a file
// last written before it belongs to no running process.
std::int64_t boot_time() noexcept;

} // namespace detail
} // namespace durable

#endif
