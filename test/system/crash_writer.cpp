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
//     crash_writer FILE LOG FIRST [durable|no-data-sync|no-directory-sync|batch]
//     crash_writer --check FILE
//     crash_writer --check-batch FILE
//
// Versions count from FIRST, so that a crash that lost every save of a run
// cannot pass for one of an earlier run. --check prints the version FILE
// holds, -1 if it is none (torn, empty) and -2 if it is missing.
//
// In mode batch each version is saved to the files FILE.0 to FILE.7, half
// of them in the subdirectory FILE.d, by one write_files() call, and
// reported only when every file of the batch was saved. --check-batch
// prints the oldest version the eight files hold (-1 if one is torn, -2 if
// one is missing): every file must hold the last version reported, or a
// newer one.
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
#include <durable/write_files.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

constexpr int batch_size = 8;

// The files of a batch: FILE.0, FILE.2, ... beside FILE; FILE.1, FILE.3, ...
// in FILE.d, so that the batch syncs two directories.
std::vector<std::string> batch_files(std::string const& file)
{
    std::vector<std::string> files;
    for(int k = 0; k < batch_size; ++k)
        files.push_back((k % 2 == 0 ? file : file + ".d/" + file.substr(file.rfind('/') + 1)) + "." + std::to_string(k));
    return files;
}

// The version `file` holds: -1 if none (torn, empty), -2 if it is missing.
long long version_in(std::string const& file)
{
    std::ifstream in(file, std::ios::binary);
    if(!in)
        return -2;
    std::string const content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return durable_system::version_of(content);
}

int check(std::string const& file)
{
    std::cout << version_in(file) << "\n";
    return 0;
}

// The oldest version of the batch; a missing file counts before a torn one.
int check_batch(std::string const& file)
{
    long long oldest = std::numeric_limits<long long>::max();
    bool torn = false;
    bool missing = false;
    for(std::string const& f : batch_files(file))
    {
        long long const v = version_in(f);
        missing = missing || v == -2;
        torn = torn || v == -1;
        if(v >= 0)
            oldest = std::min(oldest, v);
    }
    std::cout << (missing ? -2 : torn ? -1 : oldest) << "\n";
    return 0;
}

// Saves version n: one file, or the batch.
boost::system::error_code save(std::string const& file, bool batch, std::uint64_t n,
    durable::write_options const& options)
{
    std::string const content = durable_system::version(n);
    boost::system::error_code ec;
    if(!batch)
    {
        durable::write_file(file, content, options, ec);
        return ec;
    }
    std::vector<durable::file_write> files;
    for(std::string const& f : batch_files(file))
        files.push_back({f, content});
    for(durable::file_write_result const& r : durable::write_files(files, options))
        if(r.failed())
            return r.error;
    return ec;
}

} // namespace

int main(int argc, char** argv)
{
    if(argc == 3 && std::string(argv[1]) == "--check")
        return check(argv[2]);
    if(argc == 3 && std::string(argv[1]) == "--check-batch")
        return check_batch(argv[2]);
    std::string const mode = argc == 5 ? argv[4] : "durable";
    if(argc < 4 || argc > 5 ||
        (mode != "durable" && mode != "no-data-sync" && mode != "no-directory-sync" && mode != "batch"))
    {
        std::cerr << "usage: crash_writer FILE LOG FIRST [durable|no-data-sync|no-directory-sync|batch]\n"
                     "       crash_writer --check FILE\n"
                     "       crash_writer --check-batch FILE\n";
        return 2;
    }
    bool const batch = mode == "batch";
    if(batch)
        std::filesystem::create_directories(std::string(argv[1]) + ".d");
    durable::test::fault_file_system broken;
    durable::write_options options;
    if(mode != "durable" && !batch)
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
        boost::system::error_code const ec = save(argv[1], batch, n, options);
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
