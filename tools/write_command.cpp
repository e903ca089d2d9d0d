//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// durable write: standard input, durably, in place of a file.

#include "command.hpp"
#include "file_locking.hpp"

#include <durable/atomic_file.hpp>
#include <durable/printable.hpp>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#else
#include <unistd.h>
#endif

namespace durable_cli {

namespace {

char const help[] =
    "usage: durable write [--atomic] [--mode OCTAL] [--symlink follow|replace|refuse]\n"
    "                     [--lock [--lock-timeout SECONDS]] FILE\n"
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
    "  --lock            replace FILE under its lock, '.NAME.lock' beside it, which\n"
    "                    'durable set', 'durable fmt' and programs'\n"
    "                    config_file::update() hold from their read to their\n"
    "                    save: the new content never lands between the two,\n"
    "                    where their save would undo it. Standard input is read\n"
    "                    before the lock is taken. Without it, no lock file is\n"
    "                    made: the newest replacement wins, as for write_file\n"
    "  --lock-timeout SECONDS\n"
    "                    with --lock, how long to wait for it (default 10; 0 tries once)\n"
    "\n"
    "Exit status: 0 on success; 1 if the save failed, with one line on standard\n"
    "error 'durable: FILE: STEP: CAUSE' and FILE untouched (except for the step\n"
    "dirsync: FILE was replaced but may not survive a power cut; the step lock\n"
    "says the lock was not taken); 2 on bad usage.\n";

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

durable::write_options options_of(command_line const& line)
{
    durable::write_options options;
    if(line.has("--atomic"))
        options.durability = durable::durability::atomic;
    if(auto const mode = line.value("--mode"))
    {
        options.mode = parse_mode(*mode);
        if(!options.mode)
            throw usage_error(line.command(), "--mode needs octal permission bits, such as 0644");
    }
    if(auto const symlinks = line.value("--symlink"))
    {
        auto const policy = parse_symlink_policy(*symlinks);
        if(!policy)
            throw usage_error(line.command(), "--symlink needs follow, replace or refuse");
        options.symlinks = *policy;
    }
    return options;
}

// Copies standard input into the file piece by piece, so that input of any
// size streams through a fixed buffer. Returns the errno of a failed read.
int copy_standard_input(durable::atomic_file& file)
{
    std::vector<char> buffer(1 << 16);
#if defined(_WIN32)
    // In binary mode: a text-mode read would make each CR LF an LF.
    ::_setmode(0, _O_BINARY);
#endif
    for(;;)
    {
#if defined(_WIN32)
        int const n = ::_read(0, buffer.data(), static_cast<unsigned>(buffer.size()));
#else
        ssize_t const n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
#endif
        if(n < 0 && errno == EINTR)
            continue;
        if(n < 0)
            return errno;
        if(n == 0)
            return 0;
        file.write(buffer.data(), static_cast<std::size_t>(n));
    }
}

int run_write(command_line const& line)
{
    std::filesystem::path const target = file_path(line.operands({"FILE"})[0]);
    durable::write_options const options = options_of(line);
    durable::atomic_file file(target, options);
    if(int const err = copy_standard_input(file))
    {
        file.abort();
        std::cerr << "durable: " << durable::printable(target) << ": reading standard input: " << std::strerror(err) << "\n";
        return exit_failed;
    }
    durable::file_lock const held = line.has("--lock") ? lock_file(line, target, options.symlinks) : durable::file_lock();
    file.commit();
    return exit_ok;
}

} // namespace

command const write_command{
    "write",
    "durably replace FILE with standard input",
    help,
    {"--atomic", "--lock"},
    {"--mode", "--symlink", "--lock-timeout"},
    run_write,
};

} // namespace durable_cli
