//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// durable: the command-line face of the library, for scripts and for the
// crash and fault harnesses that test the real program.

#include <durable.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;

char const* const usage_text =
    "usage: durable COMMAND [OPTIONS] FILE\n"
    "\n"
    "Commands:\n"
    "  write    durably replace FILE with standard input\n"
    "\n"
    "Run 'durable COMMAND --help' for the options of a command.\n";

char const* const write_usage_text =
    "usage: durable write [--atomic] [--mode OCTAL] [--symlink follow|replace|refuse] FILE\n"
    "\n"
    "Reads standard input and replaces FILE with it, so that every reader sees\n"
    "the complete old or the complete new content and, once this command exits\n"
    "with 0, the new content survives a crash or a power cut.\n"
    "\n"
    "  --atomic          rename only, no syncs: atomic and visible, not durable\n"
    "  --mode OCTAL      give FILE these permission bits (default: keep FILE's\n"
    "                    mode and owner; a new file gets 0666 less the umask)\n"
    "  --symlink POLICY  when FILE is a symbolic link: follow (default) writes\n"
    "                    through it, replace replaces the link, refuse fails\n"
    "\n"
    "Exit status: 0 on success; 1 if the save failed, with one line on standard\n"
    "error 'durable: FILE: STEP: CAUSE' and FILE untouched (except for the step\n"
    "dirsync: FILE was replaced but may not survive a power cut); 2 on bad usage.\n";

int usage_error(std::string const& message)
{
    std::cerr << "durable: " << message << "\n" << "Run 'durable --help' for usage.\n";
    return exit_usage;
}

std::optional<unsigned> parse_mode(std::string_view text)
{
    if(text.empty() || text.size() > 5)
        return std::nullopt;
    unsigned mode = 0;
    for(char c : text)
    {
        if(c < '0' || c > '7')
            return std::nullopt;
        mode = mode * 8 + static_cast<unsigned>(c - '0');
    }
    if(mode > 07777)
        return std::nullopt;
    return mode;
}

std::optional<durable::symlink_policy> parse_symlink_policy(std::string_view text)
{
    if(text == "follow")
        return durable::symlink_policy::follow;
    if(text == "replace")
        return durable::symlink_policy::replace;
    if(text == "refuse")
        return durable::symlink_policy::refuse;
    return std::nullopt;
}

// Copies standard input into the file piece by piece, so that input of any
// size streams through a fixed buffer. Returns the errno of a failed read.
int copy_standard_input(durable::atomic_file& file)
{
    std::vector<char> buffer(1 << 16);
    for(;;)
    {
        ssize_t const n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if(n < 0 && errno == EINTR)
            continue;
        if(n < 0)
            return errno;
        if(n == 0)
            return 0;
        file.write(buffer.data(), static_cast<std::size_t>(n));
    }
}

int run_write(std::vector<std::string_view> const& args)
{
    durable::write_options options;
    std::optional<std::string> target;
    for(std::size_t i = 0; i < args.size(); ++i)
    {
        std::string_view const arg = args[i];
        bool const has_value = i + 1 < args.size();
        if(arg == "--help" || arg == "-h")
        {
            std::cout << write_usage_text;
            return exit_ok;
        }
        if(arg == "--atomic")
        {
            options.durability = durable::durability::atomic;
        }
        else if(arg == "--mode" && has_value)
        {
            options.mode = parse_mode(args[++i]);
            if(!options.mode)
                return usage_error("--mode needs octal permission bits, such as 0644");
        }
        else if(arg == "--symlink" && has_value)
        {
            auto const policy = parse_symlink_policy(args[++i]);
            if(!policy)
                return usage_error("--symlink needs follow, replace or refuse");
            options.symlinks = *policy;
        }
        else if(!arg.empty() && arg.front() == '-' && arg != "-")
        {
            return usage_error("write: unknown or incomplete option '" + std::string(arg) + "'");
        }
        else if(target)
        {
            return usage_error("write: one FILE only");
        }
        else
        {
            target = std::string(arg);
        }
    }
    if(!target)
        return usage_error("write: FILE is missing");

    try
    {
        durable::atomic_file file(*target, options);
        if(int const err = copy_standard_input(file))
        {
            file.abort();
            std::cerr << "durable: " << *target << ": reading standard input: "
                      << std::strerror(err) << "\n";
            return exit_failed;
        }
        file.commit();
    }
    catch(durable::save_error const& e)
    {
        std::cerr << "durable: " << e.what() << "\n";
        return exit_failed;
    }
    return exit_ok;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if(args.empty())
        return usage_error("a command is missing");
    std::string_view const command = args.front();
    args.erase(args.begin());
    if(command == "--help" || command == "-h" || command == "help")
    {
        std::cout << usage_text;
        return exit_ok;
    }
    if(command == "write")
        return run_write(args);
    return usage_error("unknown command '" + std::string(command) + "'");
}
