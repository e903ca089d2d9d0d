//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "command_line.hpp"

#include <durable/printable.hpp>

#include <algorithm>
#include <utility>

namespace durable_cli {

namespace {

bool is_option(std::string_view arg)
{
    return arg.size() > 1 && arg.front() == '-' && (arg[1] < '0' || arg[1] > '9');
}

bool contains(std::vector<std::string_view> const& names, std::string_view name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

usage_error::usage_error(std::string command, std::string const& message)
    : std::runtime_error(command.empty() ? message : command + ": " + message)
    , command_(std::move(command))
{
}

command_line::command_line(
    std::string command,
    std::vector<std::string_view> const& args,
    std::vector<std::string_view> const& flags,
    std::vector<std::string_view> const& valued)
    : command_(std::move(command))
{
    bool options_end = false;
    for(std::size_t i = 0; i < args.size(); ++i)
    {
        std::string_view const arg = args[i];
        if(options_end || !is_option(arg))
            operands_.push_back(arg);
        else if(arg == "--")
            options_end = true;
        else if(arg == "--help" || arg == "-h")
            options_["--help"] = {};
        else if(contains(flags, arg))
            options_[arg] = {};
        else if(!contains(valued, arg))
            throw usage_error(command_, "unknown option '" + durable::printable(arg) + "'");
        else if(i + 1 == args.size())
            throw usage_error(command_, "option '" + durable::printable(arg) + "' needs a value");
        else
            options_[arg] = args[++i];
    }
}

std::optional<std::string_view> command_line::value(std::string_view option) const
{
    auto const found = options_.find(option);
    if(found == options_.end())
        return std::nullopt;
    return found->second;
}

std::vector<std::string> command_line::operands(std::initializer_list<char const*> names) const
{
    if(operands_.size() < names.size())
        throw usage_error(command_, std::string(names.begin()[operands_.size()]) + " is missing");
    if(operands_.size() > names.size())
        throw usage_error(command_, "unexpected argument '" + durable::printable(operands_[names.size()]) + "'");
    return {operands_.begin(), operands_.end()};
}

std::vector<std::string> command_line::operands(std::initializer_list<char const*> names, std::size_t repeated) const
{
    std::size_t const fixed = names.size() - repeated;
    if(operands_.size() < names.size())
        throw usage_error(command_, std::string(names.begin()[operands_.size()]) + " is missing");
    std::size_t const extra = (operands_.size() - fixed) % repeated;
    if(extra != 0)
        throw usage_error(command_, std::string(names.begin()[fixed + extra]) + " is missing");
    return {operands_.begin(), operands_.end()};
}

std::filesystem::path file_path(std::string const& operand)
{
    return std::filesystem::u8path(operand);
}

} // namespace durable_cli
