//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TOOLS_COMMAND_LINE_HPP
#define DURABLE_TOOLS_COMMAND_LINE_HPP

#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace durable_cli {

// The exit statuses that scripts test.
constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

/// Bad usage of a command: main prints it with where to find help, and exits with exit_usage.
class usage_error : public std::runtime_error
{
public:
    /// `command` is empty for a mistake before any command.
    usage_error(std::string command, std::string const& message);

    std::string const& command() const noexcept { return command_; }

private:
    std::string command_;
};

/** The arguments of one command, as options and operands.

    Options may come anywhere; "--" ends them. "-" and arguments that begin
    with "-" and a digit are operands, so that `set` takes a negative number
    as it is. "-h" is "--help", which every command takes.
*/
class command_line
{
public:
    /** Splits `args`: options in `flags` stand alone, those in `valued` take the next argument.

        @throws usage_error for an unknown option or a missing value.
    */
    command_line(
        std::string command,
        std::vector<std::string_view> const& args,
        std::vector<std::string_view> const& flags,
        std::vector<std::string_view> const& valued);

    std::string const& command() const noexcept { return command_; }

    bool has(std::string_view option) const { return options_.count(option) != 0; }

    /// The value of a valued option given, the last if it is given twice.
    std::optional<std::string_view> value(std::string_view option) const;

    /// The operands, which must be exactly those that `names` name, in order.
    std::vector<std::string> operands(std::initializer_list<char const*> names) const;

    /// The operands: at least those that `names` name, then any number of groups named as the last `repeated` of them.
    std::vector<std::string> operands(std::initializer_list<char const*> names, std::size_t repeated) const;

private:
    std::string command_;
    std::map<std::string_view, std::string_view, std::less<>> options_;
    std::vector<std::string_view> operands_;
};

/// A FILE operand as a path. Arguments are UTF-8 on every system (on
/// Windows, main() makes them so), which a path of Windows does not take
/// for its encoding unless told.
std::filesystem::path file_path(std::string const& operand);

} // namespace durable_cli

#endif
