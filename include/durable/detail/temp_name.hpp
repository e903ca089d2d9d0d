//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_TEMP_NAME_HPP
#define DURABLE_DETAIL_TEMP_NAME_HPP

#include <string>
#include <string_view>

namespace durable {
namespace detail {

// Temporary files are named
//
//     .<target>.durable-<boot>-<pidns>-<pid>-<nonce>.tmp
//
// <boot> is the start of the kernel's boot id and <pidns> the inode of the
// pid namespace (8 hex digits each), <pid> is decimal and <nonce> is 16 hex
// digits. The owner can thus be judged gone (another boot, or a pid of our
// namespace that no longer runs) without any shared state, and a name
// matches only for one target and only in this exact form, so that the sweep
// never touches a file durable did not create. A long target name is cut and
// completed with a hash of the whole, so the temporary name fits NAME_MAX.

// Returns a fresh temporary name for `target_name`; each call differs.
std::string make_temp_name(std::string_view target_name);

// Whether `entry` is a temporary file of durable for `target_name`.
bool is_temp_name_of(std::string_view entry, std::string_view target_name);

// Whether `entry` is such a temporary file whose owning process is gone.
bool is_orphan_of(std::string_view entry, std::string_view target_name);

} // namespace detail
} // namespace durable

#endif
