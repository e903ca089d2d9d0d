//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TOOLS_COMMAND_HPP
#define DURABLE_TOOLS_COMMAND_HPP

#include "command_line.hpp"

#include <string_view>
#include <vector>

namespace durable_cli {

/** One command of the tool: what `durable --help` lists, what `--help` prints, what it runs.

    main parses the command's options from `flags` and `valued`, prints
    `help` for --help, and runs the rest. Failures are thrown: usage_error,
    durable::config_error, durable::save_error; main reports them.
*/
struct command
{
    std::string_view name;
    std::string_view summary;
    std::string_view help;
    std::vector<std::string_view> flags;
    std::vector<std::string_view> valued;
    int (*run)(command_line const& line);
};

extern command const write_command;
extern command const check_command;
extern command const get_command;
extern command const set_command;
extern command const fmt_command;

} // namespace durable_cli

#endif
