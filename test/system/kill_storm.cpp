//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Tier "storm" of the system harness: writers killed with SIGKILL at random
// moments, again and again, while other processes read the file without
// pause. Every read must find one complete version: never torn, empty,
// missing or unparseable. After the storm, one more save must leave no
// temporary file behind (the orphan sweep).
//
//     kill_storm TOOL DIRECTORY KILLS
//
// Half the kills hit `TOOL write` (one save per process), half a saver
// writer (this program as `kill_storm --saver FILE FIRST`, saving and
// flushing versions FIRST, FIRST+1, ... until killed). Prints one summary
// row: "storm<TAB>FS<TAB>READS<TAB>BAD", and the counts on standard error.

#include "versions.hpp"

#include <durable/saver.hpp>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

int run_saver_writer(fs::path const& file, std::uint64_t first)
{
    boost::asio::io_context io;
    durable::saver saver(io, file);
    for(std::uint64_t n = first;; ++n)
    {
        saver.save(durable_system::version(n));
        saver.flush();
    }
}

// Reads `file` until `stop` has data or is closed; writes "reads bad" to `report`.
[[noreturn]] void run_reader(fs::path const& file, int stop, int report)
{
    ::fcntl(stop, F_SETFL, O_NONBLOCK);
    std::uint64_t reads = 0;
    std::uint64_t bad = 0;
    char byte;
    while(::read(stop, &byte, 1) < 0 && errno == EAGAIN)
    {
        std::ifstream in(file, std::ios::binary);
        std::string const content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        ++reads;
        if(!in.is_open() || !durable_system::complete(content))
            ++bad;
    }
    std::string const line = std::to_string(reads) + " " + std::to_string(bad) + "\n";
    ssize_t const written = ::write(report, line.data(), line.size());
    ::_exit(written == static_cast<ssize_t>(line.size()) ? 0 : 1);
}

pid_t spawn_tool(std::string const& tool, fs::path const& file, std::uint64_t n)
{
    int in[2];
    if(::pipe(in) != 0)
        throw std::runtime_error("pipe failed");
    pid_t const pid = ::fork();
    if(pid == 0)
    {
        ::dup2(in[0], STDIN_FILENO);
        ::close(in[0]);
        ::close(in[1]);
        ::execl(tool.c_str(), tool.c_str(), "write", file.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(in[0]);
    // The content fits the pipe buffer only in part: the writer may be
    // killed while reading it, too.
    std::string const content = durable_system::version(n);
    std::size_t off = 0;
    while(off < content.size())
    {
        ssize_t const w = ::write(in[1], content.data() + off, content.size() - off);
        if(w <= 0)
            break;
        off += static_cast<std::size_t>(w);
    }
    ::close(in[1]);
    return pid;
}

pid_t spawn_saver(char const* self, fs::path const& file, std::uint64_t first)
{
    pid_t const pid = ::fork();
    if(pid == 0)
    {
        std::string const start = std::to_string(first);
        ::execl(self, self, "--saver", file.c_str(), start.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

std::string file_system_name(fs::path const& dir)
{
    struct statfs s{};
    if(::statfs(dir.c_str(), &s) != 0)
        return "?";
    switch(static_cast<unsigned long>(s.f_type))
    {
    case 0xEF53: return "ext4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x01021994: return "tmpfs";
    default: return "other";
    }
}

} // namespace

int main(int argc, char** argv)
{
    if(argc == 4 && std::string(argv[1]) == "--saver")
        return run_saver_writer(argv[2], std::stoull(argv[3]));
    if(argc != 4)
    {
        std::cerr << "usage: kill_storm TOOL DIRECTORY KILLS\n";
        return 2;
    }
    std::string const tool = argv[1];
    fs::path const dir = argv[2];
    int const kills = std::stoi(argv[3]);
    fs::path const file = dir / "storm.conf";
    fs::create_directories(dir);
    std::ofstream(file, std::ios::binary) << durable_system::version(0);

    constexpr int reader_count = 2;
    int stop[2];
    int report[2];
    if(::pipe(stop) != 0 || ::pipe(report) != 0)
        return 1;
    std::vector<pid_t> readers;
    for(int r = 0; r < reader_count; ++r)
    {
        pid_t const pid = ::fork();
        if(pid == 0)
        {
            ::close(stop[1]);
            ::close(report[0]);
            run_reader(file, stop[0], report[1]);
        }
        readers.push_back(pid);
    }
    ::close(stop[0]);
    ::close(report[1]);

    std::mt19937_64 random(std::random_device{}());
    std::uint64_t next = 1;
    int completed = 0;
    for(int k = 0; k < kills; ++k)
    {
        bool const by_tool = k % 2 == 0;
        pid_t const writer = by_tool ? spawn_tool(tool, file, next++) : spawn_saver(argv[0], file, next);
        if(!by_tool)
            next += 1000000; // versions of the next saver never repeat these
        // The tool saves once in about a millisecond; the saver saves until
        // killed. Random moments over a few milliseconds land everywhere:
        // before, during and after a save.
        ::usleep(static_cast<useconds_t>(random() % (by_tool ? 15000 : 20000)));
        ::kill(writer, SIGKILL);
        int status = 0;
        ::waitpid(writer, &status, 0);
        if(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            ++completed;
        else if(WIFEXITED(status))
            std::cerr << "storm: a writer failed with exit " << WEXITSTATUS(status) << "\n";
    }

    ::close(stop[1]);
    std::uint64_t reads = 0;
    std::uint64_t bad = 0;
    FILE* counts = ::fdopen(report[0], "r");
    for(pid_t pid : readers)
    {
        unsigned long long r = 0;
        unsigned long long b = 0;
        if(std::fscanf(counts, "%llu %llu", &r, &b) == 2)
        {
            reads += r;
            bad += b;
        }
        else
        {
            ++bad; // a reader that did not report is a failure too
        }
        ::waitpid(pid, nullptr, 0);
    }
    std::fclose(counts);

    // The last content must be one version, and the next save sweeps the
    // temporary files the killed writers left.
    std::ifstream in(file, std::ios::binary);
    std::string const last{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if(!durable_system::complete(last))
        ++bad;
    pid_t const final_save = spawn_tool(tool, file, next);
    int status = 0;
    ::waitpid(final_save, &status, 0);
    std::size_t leftovers = 0;
    for(auto const& entry : fs::directory_iterator(dir))
        if(entry.path() != file)
            ++leftovers;
    if(!WIFEXITED(status) || WEXITSTATUS(status) != 0 || leftovers != 0)
        ++bad;

    std::cerr << "storm: " << kills << " kills (" << completed << " tool saves finished first), "
              << reads << " reads by " << reader_count << " readers, " << bad << " bad, "
              << leftovers << " temporary files after the final save\n";
    std::cout << "storm\t" << file_system_name(dir) << "\t" << reads << "\t" << bad << "\n";
    return bad == 0 ? 0 : 1;
}
