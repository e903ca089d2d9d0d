//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/config_error.hpp>
#include <durable/printable.hpp>

#include <utility>

namespace durable {

namespace {

std::string join(
    std::vector<config_problem> const& problems, std::filesystem::path const& file, char const* separator)
{
    std::string text;
    for(config_problem const& p : problems)
    {
        if(!text.empty())
            text += separator;
        text += to_string(p, file);
    }
    return text;
}

} // namespace

config_error::config_error()
    : boost::system::system_error(boost::system::error_code())
{
}

config_error::config_error(
    std::filesystem::path file,
    boost::system::error_code ec,
    std::vector<config_problem> problems)
    : boost::system::system_error(ec)
    , path_(std::move(file))
    , problems_(std::move(problems))
    , message_(problems_.empty() ? printable(path_) + ": " + ec.message() : join(problems_, path_, "\n"))
{
}

config_error::config_error(std::filesystem::path file, boost::system::error_code ec, char const* doing)
    : boost::system::system_error(ec)
    , path_(std::move(file))
    , message_(printable(path_) + ": " + doing + ": " + ec.message())
{
}

std::string config_error::single_line() const
{
    return problems_.empty() ? message_ : join(problems_, path_, "; ");
}

void throw_exception_from_error(config_error const& e, boost::source_location const&)
{
    throw e;
}

// The file and the pointer are names from outside (a key may hold any
// character, a file name any byte but NUL and '/'): a newline in one would
// add a line of its own making to what() and to the logs it goes to, and an
// escape sequence would reach the terminal. The message is the library's
// own sentence, which quotes the file's strings as JSON does; what a
// caller's text brought into it (an exception's what()) is escaped so that
// the problem stays one line.
std::string to_string(config_problem const& problem, std::filesystem::path const& file)
{
    std::string line = printable(file);
    if(problem.line != 0)
        line += ':' + std::to_string(problem.line) + ':' + std::to_string(problem.column);
    line += ": ";
    if(!problem.pointer.empty())
    {
        append_printable(line, problem.pointer);
        line += ": ";
    }
    detail::append_printable_line(line, problem.message);
    return line;
}

} // namespace durable
