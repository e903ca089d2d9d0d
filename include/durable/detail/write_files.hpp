//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_WRITE_FILES_HPP
#define DURABLE_DETAIL_WRITE_FILES_HPP

#include <durable/detail/export.hpp>
#include <durable/write_files.hpp>

#include <boost/system/error_code.hpp>

#include <atomic>
#include <vector>

namespace durable {
namespace detail {

// The blocking part of async_write_files(): the code of write_files(), with
// a flag to stop it. The flag is looked at before each file is opened,
// before each sync and before the first rename. Found set, it gives up
// every file that has not failed (its temporary file removed, its result
// operation_aborted at the step it had reached) and sets `aborted` to
// operation_aborted: no target has changed. Once the renames have started
// it is no longer looked at: a batch half renamed would be neither the old
// state nor the new.
DURABLE_DECL std::vector<file_write_result> write_files(
    std::vector<file_content> const& files,
    write_options const& options,
    std::atomic<bool> const& cancelled,
    boost::system::error_code& aborted);

} // namespace detail
} // namespace durable

#endif
