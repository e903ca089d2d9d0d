//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// durable: the command-line face of the library, for scripts and for the
// crash and fault harnesses that test the real program.

#include "command.hpp"

#include <durable/config_error.hpp>
#include <durable/printable.hpp>
#include <durable/save_error.hpp>

#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#include <shellapi.h>
#endif

namespace {

using namespace durable_cli;

command const* const commands[] = {&write_command, &check_command, &get_command, &set_command, &fmt_command};

// The summaries start in this column, past every name.
constexpr std::size_t summary_column = 9;

void print_usage()
{
    std::cout << "usage: durable COMMAND [OPTIONS] ARGUMENTS...\n\nCommands:\n";
    for(command const* c : commands)
        std::cout << "  " << c->name << std::string(summary_column - c->name.size(), ' ') << c->summary << "\n";
    std::cout << "\nRun 'durable COMMAND --help' for the options of a command.\n";
}

command const& find_command(std::string_view name)
{
    for(command const* c : commands)
        if(c->name == name)
            return *c;
    throw usage_error({}, "unknown command '" + durable::printable(name) + "'");
}

int run(std::vector<std::string_view> args)
{
    if(args.empty())
        throw usage_error({}, "a command is missing");
    std::string_view const name = args.front();
    args.erase(args.begin());
    if(name == "--help" || name == "-h" || name == "help")
    {
        print_usage();
        return exit_ok;
    }
    command const& c = find_command(name);
    command_line const line(std::string(c.name), args, c.flags, c.valued);
    if(line.has("--help"))
    {
        std::cout << c.help;
        return exit_ok;
    }
    return c.run(line);
}

// A config_error without problems is the operating system's, and reads
// "FILE: read: CAUSE"; the problems of a text keep the compiler's format,
// which editors and CI logs link to the place.
void report(durable::config_error const& e)
{
    if(e.problems().empty())
        std::cerr << "durable: ";
    std::cerr << e.what() << "\n";
}

#if defined(_WIN32)
// Windows gives main() its arguments in the ANSI code page, which cannot
// spell every file name: they are read again as UTF-16 and made UTF-8, the
// tool's encoding on every system (file_path() takes them back). A name
// that is not valid UTF-16 (an unpaired surrogate, which NTFS allows)
// cannot be made UTF-8 and fails the command, naming the cause.
std::vector<std::string> arguments(int argc, char** argv)
{
    int count = 0;
    wchar_t** const wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
    if(!wide)
        return {argv + 1, argv + argc};
    std::vector<std::string> result;
    try
    {
        for(int i = 1; i < count; ++i)
            result.push_back(std::filesystem::path(wide[i]).u8string());
    }
    catch(...)
    {
        ::LocalFree(wide);
        throw;
    }
    ::LocalFree(wide);
    return result;
}

// The console shows what the tool prints as UTF-8 while it runs, and as
// before once it ends: the code page belongs to the console, which the
// shell that started the tool keeps using.
class utf8_console
{
public:
    utf8_console() noexcept
        : previous_(::GetConsoleOutputCP())
    {
        if(previous_ != 0)
            ::SetConsoleOutputCP(CP_UTF8);
    }
    utf8_console(utf8_console const&) = delete;
    utf8_console& operator=(utf8_console const&) = delete;
    ~utf8_console()
    {
        if(previous_ != 0)
            ::SetConsoleOutputCP(previous_);
    }

private:
    UINT previous_;
};
#else
std::vector<std::string> arguments(int argc, char** argv)
{
    return {argv + 1, argv + argc};
}
#endif

} // namespace

int main(int argc, char** argv)
{
#if defined(_WIN32)
    utf8_console const console;
#endif
    try
    {
        std::vector<std::string> const args = arguments(argc, argv);
        return run({args.begin(), args.end()});
    }
    catch(usage_error const& e)
    {
        std::string const command = e.command().empty() ? "" : e.command() + " ";
        std::cerr << "durable: " << e.what() << "\n"
                  << "Run 'durable " << command << "--help' for usage.\n";
        return exit_usage;
    }
    catch(durable::config_error const& e)
    {
        report(e);
        return exit_failed;
    }
    catch(durable::save_error const& e)
    {
        std::cerr << "durable: " << e.what() << "\n";
        return exit_failed;
    }
    catch(std::exception const& e)
    {
        std::cerr << "durable: " << e.what() << "\n";
        return exit_failed;
    }
}
