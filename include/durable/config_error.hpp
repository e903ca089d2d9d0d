//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_CONFIG_ERROR_HPP
#define DURABLE_CONFIG_ERROR_HPP

#include <durable/config_problem.hpp>
#include <durable/detail/export.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/system_error.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace durable {

/** Why a configuration could not be loaded or saved.

    It is a `boost::system::system_error`. Its code is `error::invalid_config`
    when the content is wrong (the text, the types, the values), with every
    problem found in problems(); `error::newer_config_version` when the file
    comes from a newer schema; or the operating-system error of a failed
    read or quarantine.

    `what()` is one line per problem, in the compiler's format that editors
    and CI logs link to the place:

    @code
    settings.json:12:15: /server/port: expected integer in [0, 65535], found string "80"
    settings.json:14:9: /server/name: expected string, found number 7
    @endcode

    The pointer is left out for the document as a whole, and the line and
    column for a problem with no place in the file; an operating-system
    error reads `settings.json: read: Permission denied`. The file name and
    the pointer (a key may hold any character) are shown as printable()
    shows them, a newline as `\n`, an escape as `\x1b`, a backslash as
    `\\`, and the control characters of a message are escaped in the same
    way (its backslashes, those of the JSON strings it quotes, stay), so
    that a problem is always one line; path() and problems() hold them as
    they are.
*/
class DURABLE_DECL config_error : public boost::system::system_error
{
public:
    /// No error: an empty code and no problems (boost::system::result asks for it).
    config_error();

    /// An error with content problems: `ec` is error::invalid_config or error::newer_config_version.
    config_error(
        std::filesystem::path file,
        boost::system::error_code ec,
        std::vector<config_problem> problems);

    /// An operating-system error while `doing` something ("read", "quarantine") with `file`.
    config_error(std::filesystem::path file, boost::system::error_code ec, char const* doing);

    /// The configuration file, as the caller named it.
    std::filesystem::path const& path() const noexcept { return path_; }

    /// Every problem found, in the order of the file; empty for an operating-system error.
    std::vector<config_problem> const& problems() const noexcept { return problems_; }

    /// One line per problem (see the class notes), without a final newline.
    char const* what() const noexcept override { return message_.c_str(); }

    /// what() on one line, the problems joined by "; ": for a log line or systemd's STATUS=.
    std::string single_line() const;

private:
    std::filesystem::path path_;
    std::vector<config_problem> problems_;
    std::string message_;
};

/// Formats one problem of `file` as config_error::what() does: one line, names escaped (see printable()).
DURABLE_DECL std::string to_string(config_problem const& problem, std::filesystem::path const& file);

/// Throws `e`: what `boost::system::result<T, config_error>::value()` does on an error.
[[noreturn]] void throw_exception_from_error(config_error const& e, boost::source_location const& where);

} // namespace durable

#endif
