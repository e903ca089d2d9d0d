//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/config_error.hpp>

#include <utility>

namespace durable {

namespace {

// Keys, and so pointers, are text of the file, and messages may quote it:
// a key such as "x\nsettings.json:1:1: ..." would otherwise add a line of
// its own making to what() and to the logs it goes to, and an escape
// sequence would reach the terminal. Control characters are written as
// the escapes of a JSON string, so that one problem stays one line.
void append_printable(std::string& line, std::string const& text)
{
    static constexpr char hex[] = "0123456789abcdef";
    for(char c : text)
    {
        unsigned char const u = static_cast<unsigned char>(c);
        if(u >= 0x20 && u != 0x7f)
            line += c;
        else if(c == '\n')
            line += "\\n";
        else if(c == '\r')
            line += "\\r";
        else if(c == '\t')
            line += "\\t";
        else
        {
            line += "\\u00";
            line += hex[u >> 4];
            line += hex[u & 0xF];
        }
    }
}

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
    , message_(problems_.empty() ? path_.string() + ": " + ec.message() : join(problems_, path_, "\n"))
{
}

config_error::config_error(std::filesystem::path file, boost::system::error_code ec, char const* doing)
    : boost::system::system_error(ec)
    , path_(std::move(file))
    , message_(path_.string() + ": " + doing + ": " + ec.message())
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

std::string to_string(config_problem const& problem, std::filesystem::path const& file)
{
    std::string line = file.string();
    if(problem.line != 0)
        line += ':' + std::to_string(problem.line) + ':' + std::to_string(problem.column);
    line += ": ";
    if(!problem.pointer.empty())
    {
        append_printable(line, problem.pointer);
        line += ": ";
    }
    append_printable(line, problem.message);
    return line;
}

} // namespace durable
