//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The writer of the power-cut tier: saves versions 1, 2, 3, ... of FILE
// until a save fails (the file system was shut down under it), and after
// each save that returned records its number in LOG, synced, on another
// file system. After the crash, FILE must hold a complete version no older
// than the last one LOG records.
//
//     crash_writer FILE LOG FIRST [durable|no-data-sync|no-directory-sync]
//     crash_writer --check FILE
//
// Versions count from FIRST, so that a crash that lost every save of a run
// cannot pass for one of an earlier run. --check prints the version FILE
// holds, -1 if it is none (torn, empty) and -2 if it is missing.
//
// Between saves the writer pauses for up to 10 ms, as a program does
// between changes of its settings. A save's rename is also made durable
// by the next save's syncs; the pauses let cuts land before those, where a
// writer that skips the directory sync loses the save it reported.
//
// The two broken modes are writers that skip one sync (through the test
// file system's skip_syncs): the harness must catch both.

#include "versions.hpp"

#include <durable/test/fault_file_system.hpp>
#include <durable/write_file.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>

#include <fcntl.h>
#include <unistd.h>

int check(char const* file)
{
    std::ifstream in(file, std::ios::binary);
    if(!in)
    {
        std::cout << -2 << "\n";
        return 0;
    }
    std::string const content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::cout << durable_system::version_of(content) << "\n";
    return 0;
}

int main(int argc, char** argv)
{
    if(argc == 3 && std::string(argv[1]) == "--check")
        return check(argv[2]);
    std::string const mode = argc == 5 ? argv[4] : "durable";
    if(argc < 4 || argc > 5 ||
        (mode != "durable" && mode != "no-data-sync" && mode != "no-directory-sync"))
    {
        std::cerr << "usage: crash_writer FILE LOG FIRST [durable|no-data-sync|no-directory-sync]\n"
                     "       crash_writer --check FILE\n";
        return 2;
    }
    durable::test::fault_file_system broken;
    durable::write_options options;
    if(mode != "durable")
    {
        broken.skip_syncs(mode == "no-data-sync" ? durable::test::fs_call::sync_data
                                                 : durable::test::fs_call::sync_directory);
        options.fs = &broken;
    }
    int const log = ::open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if(log < 0)
    {
        std::perror(argv[2]);
        return 1;
    }
    std::minstd_rand random(static_cast<unsigned>(::getpid()));
    for(std::uint64_t n = std::stoull(argv[3]);; ++n)
    {
        boost::system::error_code ec;
        durable::write_file(argv[1], durable_system::version(n), options, ec);
        if(ec)
        {
            std::cerr << "crash_writer: version " << n << ": " << ec.message() << "\n";
            return 0;
        }
        // Only now is version n reported as saved.
        std::string const line = std::to_string(n) + "\n";
        if(::write(log, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fdatasync(log) != 0)
        {
            std::perror("log");
            return 1;
        }
        ::usleep(static_cast<useconds_t>(random() % 10000));
    }
}
