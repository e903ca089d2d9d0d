//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SRC_DETAIL_ORPHAN_SWEEP_HPP
#define DURABLE_SRC_DETAIL_ORPHAN_SWEEP_HPP

#include <durable/detail/target.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>

namespace durable {
namespace detail {

// Removes the temporary files of `t` whose process is provably gone (see
// owner_of in temp_name.hpp; a file of another boot only if it predates
// this boot); reports the first error but goes on with the other entries.
std::size_t sweep_orphans(file_system& fs, target const& t, boost::system::error_code& ec);

// The sweep a save runs: once per target and process, because orphans only
// appear when a process dies, and listing the directory on every save would
// cost more system calls than the save itself. Best effort: a failing sweep
// never fails the save that triggered it. What was swept is remembered in
// a table of fixed size: a process that saves a million different paths
// sweeps some of them twice, and its memory does not grow.
void sweep_orphans_once(file_system& fs, target const& t) noexcept;

} // namespace detail
} // namespace durable

#endif
