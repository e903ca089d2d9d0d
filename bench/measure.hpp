//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_BENCH_MEASURE_HPP
#define DURABLE_BENCH_MEASURE_HPP

// What the benchmarks share: the hand-written save every figure is compared
// with, the clock and the units every table prints, the percentile, the
// scratch directory, the reading of the command line and the way a program
// ends on an error. One copy, so that two programs comparing against "c"
// compare against the same thing, and say so in the same words.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <iterator>
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

// "Every variant", "every part", ...: the choice of an option not given.
constexpr std::size_t all = static_cast<std::size_t>(-1);

// The name of a choice: the string itself, or a described thing's name.
inline char const* name_of(char const* name)
{
    return name;
}

template<class Described>
char const* name_of(Described const& described)
{
    return described.name;
}

// The command line of every benchmark: options that each take a value,
// read in turn, and --help, which shows the usage and exits.
//
//     for(durable_bench::command_line args(argc, argv); args.next();)
//         if(args.is("--dir"))
//             opt.dir = args.value();
//         else
//             args.unknown();
class command_line
{
public:
    command_line(int argc, char** argv) noexcept
        : argc_(argc)
        , argv_(argv)
    {
    }

    // Moves to the next option; false when there is none.
    bool next()
    {
        if(next_ >= argc_)
            return false;
        option_ = argv_[next_++];
        if(option_ == "--help")
        {
            std::printf("usage: %s %s\n", program_name, program_options);
            std::exit(EXIT_SUCCESS);
        }
        if(next_ >= argc_)
            usage("every option takes a value");
        value_ = argv_[next_++];
        return true;
    }

    bool is(std::string_view option) const noexcept { return option_ == option; }

    char const* value() const noexcept { return value_; }

    // The value as a count >= 0; anything else is a usage error.
    long count() const
    {
        char* end = nullptr;
        errno = 0;
        long const n = std::strtol(value_, &end, 10);
        if(errno != 0 || end == value_ || *end != '\0' || n < 0)
            usage((std::string(option_) + " wants a count >= 0").c_str());
        return n;
    }

    // The index of the value among the names of `choices`; any other value
    // is a usage error that lists them.
    template<class Choices>
    std::size_t choice(Choices const& choices) const
    {
        auto const it = std::find_if(std::begin(choices), std::end(choices),
            [&](auto const& c) { return value_ == std::string_view(name_of(c)); });
        if(it == std::end(choices))
            usage((std::string(option_) + " wants " + one_of(choices)).c_str());
        return static_cast<std::size_t>(it - std::begin(choices));
    }

    [[noreturn]] void unknown() const
    {
        usage("unknown option");
    }

private:
    // "a, b or c".
    template<class Choices>
    static std::string one_of(Choices const& choices)
    {
        std::string list;
        std::size_t const n = std::size(choices);
        for(std::size_t i = 0; i < n; ++i)
        {
            if(i > 0)
                list += i + 1 < n ? ", " : " or ";
            list += name_of(choices[i]);
        }
        return list;
    }

    int argc_;
    char** argv_;
    int next_ = 1;
    std::string_view option_;
    char const* value_ = nullptr;
};

// The options of a program that times pairs, durable_bench_config and
// durable_bench_update: [--iterations N] [--dir DIR] [--only PAIR].
struct pair_options
{
    long iterations = 200;
    fs::path dir;
    std::size_t only = all; // an index in the pairs, or all
};

template<class Pairs>
pair_options parse_pair_options(int argc, char** argv, Pairs const& pairs)
{
    pair_options opt;
    for(command_line args(argc, argv); args.next();)
    {
        if(args.is("--iterations"))
            opt.iterations = args.count();
        else if(args.is("--dir"))
            opt.dir = args.value();
        else if(args.is("--only"))
            opt.only = args.choice(pairs);
        else
            args.unknown();
    }
    return opt;
}

// What every program's main() does: parse, run, and on an exception print
// its message after the program's name. The library's exceptions
// (save_error, config_error) and system_error and filesystem_error all name
// the path and the cause.
template<class Options>
int run_program(int argc, char** argv, Options (*parse)(int, char**), int (*run)(Options const&))
{
    try
    {
        return run(parse(argc, argv));
    }
    catch(std::exception const& e)
    {
        std::fprintf(stderr, "%s: %s\n", program_name, e.what());
        return EXIT_FAILURE;
    }
}

// The units of the tables.
inline double seconds(clock_type::duration d)
{
    return std::chrono::duration<double>(d).count();
}

inline double millis(clock_type::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

inline double micros(clock_type::duration d)
{
    return std::chrono::duration<double, std::micro>(d).count();
}

inline double nanos(clock_type::duration d)
{
    return std::chrono::duration<double, std::nano>(d).count();
}

// How a table says whether a figure meets its target.
inline char const* verdict(bool met)
{
    return met ? "met" : "NOT met";
}

// One line of the sanity checks that a program runs before its figures
// can mean anything: what is checked, and whether it holds. A check that
// fails ends the run.
inline void check(bool ok, char const* what)
{
    std::printf("  %-62s %s\n", what, ok ? "yes" : "NO");
    if(!ok)
        throw std::runtime_error(std::string("sanity check failed: ") + what);
}

// The first step of the hand-written baseline: the temporary file made
// and written, its descriptor returned.
inline int create_and_write_c(std::string const& tmp, std::string_view bytes)
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
    return fd;
}

// The last step of the hand-written baseline: the directory synced, since
// a rename lives in the directory and only its sync makes it durable.
inline void sync_directory_c(std::string const& dir)
{
    int const dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if(dfd < 0)
        die("open", dir);
    if(::fsync(dfd) != 0)
        die("fsync", dir);
    if(::close(dfd) != 0)
        die("close", dir);
}

// The hand-written baseline: every step the protocol needs for durability,
// and nothing else (no mode or owner copy, no unique temporary name, no
// symlink resolution, no cleanup on failure but an abort).
inline void save_c(
    std::string const& dir, std::string const& tmp, std::string const& target,
    std::string_view bytes)
{
    int const fd = create_and_write_c(tmp, bytes);
    // Data before name: the rename must not reach the disk before the data.
    if(::fdatasync(fd) != 0)
        die("fdatasync", tmp);
    if(::close(fd) != 0)
        die("close", tmp);
    if(::rename(tmp.c_str(), target.c_str()) != 0)
        die("rename", target);
    sync_directory_c(dir);
}

// Nearest rank: the smallest sample with at least `p` of them at or below it.
inline double percentile(std::vector<double> sorted, double p)
{
    std::sort(sorted.begin(), sorted.end());
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

// Each of `sides` once per round, the first of them turning round by round,
// so that the machine's other work weighs on all alike. Round 0 is untimed:
// it brings the files into the page cache and the allocator to its working
// size. `unit` is the unit of the samples (micros, millis, ...). One vector
// of samples per side, in the order of `sides`.
inline std::vector<std::vector<double>> time_sides(std::size_t rounds, double (*unit)(clock_type::duration),
    std::vector<std::function<void()>> const& sides)
{
    std::size_t const n = sides.size();
    std::vector<std::vector<double>> samples(n);
    for(std::size_t i = 0; i <= rounds; ++i)
    {
        for(std::size_t k = 0; k < n; ++k)
        {
            std::size_t const side = (i + k) % n;
            auto const start = clock_type::now();
            sides[side]();
            auto const stop = clock_type::now();
            if(i > 0)
                samples[side].push_back(unit(stop - start));
        }
    }
    return samples;
}

// The times of the two sides of a pair, round by round.
struct pair_samples
{
    std::vector<double> baseline;
    std::vector<double> subject;
};

// time_sides() for a baseline and a subject.
template<class Baseline, class Subject>
pair_samples time_pair(std::size_t rounds, double (*unit)(clock_type::duration),
    Baseline&& baseline, Subject&& subject)
{
    std::vector<std::vector<double>> s = time_sides(rounds, unit, {std::ref(baseline), std::ref(subject)});
    return {std::move(s[0]), std::move(s[1])};
}

// What a pair's ratio row shows: the ratio of the medians, and the spread
// of the ratios of the two samples of each round, which says how far to
// trust it.
struct pair_ratio
{
    double medians = 0;
    double p10 = 0;
    double p90 = 0;
};

inline pair_ratio ratio_of(pair_samples const& s)
{
    std::vector<double> ratios(s.subject.size());
    for(std::size_t i = 0; i < ratios.size(); ++i)
        ratios[i] = s.subject[i] / s.baseline[i];
    return {percentile(s.subject, 0.50) / percentile(s.baseline, 0.50),
        percentile(ratios, 0.10), percentile(ratios, 0.90)};
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

// Writes the number `n` over the start of `payload`: each save writes
// different bytes, as real saves do.
inline void stamp(std::string& payload, std::size_t n)
{
    std::string const digits = std::to_string(n);
    std::copy(digits.begin(), digits.end(), payload.begin());
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

// Where one variant of a latency table saves: a target of its own, so
// that no variant ever replaces a file another has just written, the
// temporary file of save_c, and the times of its saves in microseconds.
struct save_slot
{
    save_slot() = default;

    save_slot(scratch_directory& scratch, std::string const& stem, std::size_t saves)
        : target(scratch.file(stem + ".dat"))
        , tmp(scratch.file(stem + ".dat.tmp"))
    {
        micros.reserve(saves);
    }

    std::string target;
    std::string tmp;
    std::vector<double> micros;
};

} // namespace durable_bench

#endif
