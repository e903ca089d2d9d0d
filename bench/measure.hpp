//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_BENCH_MEASURE_HPP
#define DURABLE_BENCH_MEASURE_HPP

// What the benchmarks share: the hand-written save every figure is compared
// with, the percentile every table prints, the scratch directory, and the
// reading of counts from the command line. One copy, so that two programs
// comparing against "c" compare against the same thing.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace durable_bench {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

// Each program defines these: its name, which begins its messages, and its
// options, which its usage shows after the name.
extern char const program_name[];
extern char const program_options[];

// Reports a failed system call (with errno) and aborts.
[[noreturn]] inline void die(char const* what, std::string const& path)
{
    // errno first: the fprintf below may change it.
    int const saved = errno;
    std::fprintf(stderr, "%s: %s %s: %s\n", program_name, what, path.c_str(), std::strerror(saved));
    std::abort();
}

// Says what is wrong with the command line, shows the usage and exits.
[[noreturn]] inline void usage(char const* complaint)
{
    std::fprintf(stderr, "%s: %s\nusage: %s %s\n", program_name, complaint, program_name, program_options);
    std::exit(EXIT_FAILURE);
}

// A count >= 0 given on the command line; anything else is a usage error.
inline long parse_count(char const* text, char const* complaint)
{
    char* end = nullptr;
    errno = 0;
    long const value = std::strtol(text, &end, 10);
    if(errno != 0 || end == text || *end != '\0' || value < 0)
        usage(complaint);
    return value;
}

// How a table says whether a figure meets its target.
inline char const* verdict(bool met)
{
    return met ? "met" : "NOT met";
}

// The hand-written baseline: every step the protocol needs for durability,
// and nothing else (no mode or owner copy, no unique temporary name, no
// symlink resolution, no cleanup on failure but an abort).
inline void save_c(
    std::string const& dir, std::string const& tmp, std::string const& target,
    std::string_view bytes)
{
    int const fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if(fd < 0)
        die("open", tmp);
    char const* next = bytes.data();
    std::size_t left = bytes.size();
    while(left > 0)
    {
        ssize_t const n = ::write(fd, next, left);
        if(n < 0)
        {
            if(errno == EINTR)
                continue;
            die("write", tmp);
        }
        next += n;
        left -= static_cast<std::size_t>(n);
    }
    // Data before name: the rename must not reach the disk before the data.
    if(::fdatasync(fd) != 0)
        die("fdatasync", tmp);
    if(::close(fd) != 0)
        die("close", tmp);
    if(::rename(tmp.c_str(), target.c_str()) != 0)
        die("rename", target);
    // The rename lives in the directory: only its sync makes it durable.
    int const dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if(dfd < 0)
        die("open", dir);
    if(::fsync(dfd) != 0)
        die("fsync", dir);
    if(::close(dfd) != 0)
        die("close", dir);
}

// Nearest rank: the smallest sample with at least `p` of them at or below it.
inline double percentile(std::vector<double> sorted, double p)
{
    std::sort(sorted.begin(), sorted.end());
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

// The letters a..z over and over: a payload no file system compresses to
// nothing or stores as a hole.
inline std::string make_payload(std::size_t bytes)
{
    std::string payload(bytes, '\0');
    for(std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<char>('a' + i % 26);
    return payload;
}

// Where a benchmark writes. A fresh directory of our own unless told
// where, so that a run never replaces anybody's files; remove() takes away
// what the run made, and only that when the directory was given. It is not
// called by a destructor: a run that fails leaves its files to look at.
class scratch_directory
{
public:
    explicit scratch_directory(fs::path const& given)
        : own_(given.empty())
        , path_(own_
              ? fs::current_path() / ("durable-bench-" + std::to_string(::getpid()))
              : fs::absolute(given))
        , created_(fs::create_directories(path_))
    {
        if(own_ && !created_)
            throw std::runtime_error(path_.string() + " already exists");
    }

    scratch_directory(scratch_directory const&) = delete;
    scratch_directory& operator=(scratch_directory const&) = delete;

    fs::path const& path() const noexcept { return path_; }

    // The path of a file in the directory, remembered for remove().
    std::string file(std::string const& name)
    {
        files_.push_back((path_ / name).string());
        return files_.back();
    }

    void remove()
    {
        if(own_)
        {
            fs::remove_all(path_);
            return;
        }
        for(std::string const& f : files_)
            fs::remove(f);
        if(created_)
            fs::remove(path_);
    }

private:
    bool own_;
    fs::path path_;
    bool created_;
    std::vector<std::string> files_;
};

} // namespace durable_bench

#endif
