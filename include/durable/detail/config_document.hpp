//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_CONFIG_DOCUMENT_HPP
#define DURABLE_DETAIL_CONFIG_DOCUMENT_HPP

#include <durable/config_options.hpp>
#include <durable/detail/export.hpp>

#include <filesystem>
#include <string>
#include <string_view>

// What config_file does with the file of a document besides reading it: the
// text a save writes over it, and its recovery from a corrupt file.

namespace durable {
namespace detail {

/** The text a save writes over `file`, whose canonical form is `canonical`.

    With `policy.keep_layout`, the text of `file` (read as a load reads it)
    with only the values that differ from `canonical` changed, by
    json::merge_text; `canonical` itself for a new file, when keep_layout
    is false, or when the file cannot be read or parsed, or its edit cannot
    be verified or would be larger than `policy.max_size`. Never throws a
    config_error: the fallback is always a text that a load takes.
*/
DURABLE_DECL std::string keep_layout(std::filesystem::path const& file, std::string canonical, config_policy const& policy);

/** keep_layout() on `existing`, the text of the file already read (under the
    lock of an update, which has just loaded it): the file is not read again.
*/
DURABLE_DECL std::string splice_values(std::string_view existing, std::string canonical, config_policy const& policy);

/** Moves a corrupt file aside, as `<name>.bad-<UTC time>`, durably; returns its new path.

    @throws config_error naming the operating-system error of the rename.
*/
DURABLE_DECL std::filesystem::path quarantine_file(std::filesystem::path const& file, config_policy const& policy);

/// The options of a config_file's saver: those of the policy, with its backup.
DURABLE_DECL saver_options saver_options_of(config_policy const& policy);

/// Tells config_policy::on_quarantine, or standard error when it is empty.
DURABLE_DECL void report_quarantine(config_quarantine const& quarantine, config_policy const& policy);

} // namespace detail
} // namespace durable

#endif
