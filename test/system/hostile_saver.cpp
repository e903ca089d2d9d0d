//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The program of the "hostile" tier (hostile.sh): both sides of each attack.
// As root it is a program using the library, saving through write_file(),
// atomic_file and config_file<settings>; as the unprivileged attacker it does
// what a shell is too slow for: swapping a file for a link or a FIFO as fast
// as it can, and predicting temporary names from one it saw.
//
// The victim's side (run as root):
//
//     hostile_saver write FILE TEXT [--backup]
//         write_file(FILE, TEXT), with write_options::keep_backup if asked
//     hostile_saver config-save FILE NAME [--backup]
//         config_file<settings>::save of {name: NAME}, with
//         config_policy::keep_backup if asked
//     hostile_saver config-load FILE
//         config_file<settings>::load; prints the name
//     hostile_saver hold FILE TEXT READY GO
//         opens an atomic_file for FILE and writes TEXT, creates READY, waits
//         (20 s at most) until GO exists, then commits: a save in progress
//         whose temporary file is live all that time
//     hostile_saver loop FILE TRIGGER AFTER
//         one process saving FILE again and again, as a daemon does: every
//         50 ms until TRIGGER exists (15 s at most), then AFTER saves more;
//         prints "AFTER FAILED", the number of those that failed
//
// The attacker's side (run as the unprivileged user):
//
//     hostile_saver swap DIR NAME link|fifo LINK_TARGET STOP MARKER
//         until STOP exists, replaces DIR/NAME (rename, atomic) by turns with
//         a link to LINK_TARGET (or a FIFO) and with a regular file of its
//         own; meanwhile reads every file closed after writing in DIR, and at
//         the end every file of DIR, looking for MARKER (what the attacker
//         must never read). Prints "swaps N leaks L", then each leak; exits 1
//         if there was one.
//     hostile_saver predict DIR NAME COUNT
//         waits (10 s at most) for a temporary file of DIR/NAME (a new
//         ".NAME.*") to be created, computes from its name the nonces the
//         same process will
//         use next, and creates the COUNT names that follow. Exits 1 if it
//         saw no temporary file, 3 if the name it saw ends in no 16-digit
//         hexadecimal nonce (a format it cannot predict from).
//
// Exit status of the victim's commands: 0 on success, 1 on a failure (one
// line on standard error), 2 on bad usage.

#include <durable/atomic_file.hpp>
#include <durable/config_file.hpp>
#include <durable/save_error.hpp>
#include <durable/write_file.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/describe/class.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct settings
{
    std::string name = "default";
    int level = 1;
};
BOOST_DESCRIBE_STRUCT(settings, (), (name, level))

bool exists(char const* path)
{
    struct stat st;
    return ::lstat(path, &st) == 0;
}

int run_write(char const* file, char const* text, bool backup)
{
    durable::write_options options;
    options.keep_backup = backup;
    durable::write_file(file, text, options);
    return 0;
}

int run_config_save(char const* file, char const* name, bool backup)
{
    boost::asio::io_context io;
    durable::config_options<settings> options;
    options.keep_backup = backup;
    durable::config_file<settings> config(io, file, options);
    settings s;
    s.name = name;
    config.save(s);
    return 0;
}

int run_config_load(char const* file)
{
    boost::asio::io_context io;
    durable::config_options<settings> options;
    options.missing_file = durable::missing_file::error;
    durable::config_file<settings> config(io, file, options);
    std::cout << config.load().name << "\n";
    return 0;
}

int run_hold(char const* file, char const* text, char const* ready, char const* go)
{
    durable::atomic_file held(file);
    held.write(text);
    std::ofstream(ready) << "ready\n";
    auto const deadline = std::chrono::steady_clock::now() + 20s;
    while(!exists(go))
    {
        if(std::chrono::steady_clock::now() > deadline)
        {
            held.abort();
            std::cerr << "hostile_saver: hold: no signal to commit in 20 s\n";
            return 1;
        }
        std::this_thread::sleep_for(10ms);
    }
    held.commit();
    return 0;
}

int run_loop(char const* file, char const* trigger, int after)
{
    std::uint64_t n = 0;
    auto const deadline = std::chrono::steady_clock::now() + 15s;
    while(!exists(trigger))
    {
        if(std::chrono::steady_clock::now() > deadline)
        {
            std::cerr << "hostile_saver: loop: no trigger in 15 s\n";
            return 2;
        }
        boost::system::error_code ec; // before the attack, failures do not count
        durable::write_file(file, "version " + std::to_string(n++) + "\n", {}, ec);
        std::this_thread::sleep_for(50ms);
    }
    int failed = 0;
    for(int i = 0; i < after; ++i)
    {
        boost::system::error_code ec;
        durable::write_file(file, "version " + std::to_string(n++) + "\n", {}, ec);
        if(ec)
        {
            if(failed == 0)
                std::cerr << "hostile_saver: loop: first failure: " << file << ": " << ec.message() << "\n";
            ++failed;
        }
    }
    std::cout << after << " " << failed << "\n";
    return 0;
}

// The attacker's side.

// Reads at most 1 MiB of a regular file of `dir`, without following a link
// or waiting on a FIFO; empty if it cannot.
std::string peek(int dir, std::string const& name)
{
    int const fd = ::openat(dir, name.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if(fd < 0)
        return {};
    std::string content;
    struct stat st;
    if(::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    {
        char buffer[65536];
        ssize_t n;
        while(content.size() < (1u << 20) && (n = ::read(fd, buffer, sizeof buffer)) > 0)
            content.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return content;
}

int run_swap(char const* dir_path, std::string const& name, std::string const& kind,
    char const* link_target, char const* stop, std::string const& marker)
{
    int const dir = ::open(dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int const watch = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if(dir < 0 || watch < 0 || ::inotify_add_watch(watch, dir_path, IN_CLOSE_WRITE) < 0)
    {
        std::perror("hostile_saver: swap");
        return 2;
    }
    // The regular file comes in as a new link to one inode: no file of the
    // attacker is ever closed after writing, so each IN_CLOSE_WRITE is one
    // of root's files, read at once.
    std::string const own = "{\"name\": \"attacker\", \"level\": 1}\n";
    {
        int const fd = ::openat(dir, ".swap-source", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if(fd < 0 || ::write(fd, own.data(), own.size()) != static_cast<ssize_t>(own.size()))
        {
            std::perror("hostile_saver: swap: .swap-source");
            return 2;
        }
        ::close(fd);
    }
    std::atomic<bool> done{false};
    std::mutex mutex;
    std::set<std::string> leaks;
    auto const check = [&](std::string const& entry) {
        if(peek(dir, entry).find(marker) != std::string::npos)
        {
            std::lock_guard<std::mutex> lock(mutex);
            leaks.insert(entry);
        }
    };
    std::thread watcher([&] {
        alignas(inotify_event) char buffer[65536];
        while(!done)
        {
            pollfd p{watch, POLLIN, 0};
            if(::poll(&p, 1, 50) <= 0)
                continue;
            ssize_t const n = ::read(watch, buffer, sizeof buffer);
            for(ssize_t off = 0; off < n;)
            {
                auto const* event = reinterpret_cast<inotify_event const*>(buffer + off);
                if(event->len > 0)
                    check(event->name);
                off += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
    });
    std::uint64_t swaps = 0;
    while((swaps & 63) != 0 || !exists(stop))
    {
        if(kind == "fifo")
        {
            ::mkfifoat(dir, ".swap-fifo", 0666);
            ::renameat(dir, ".swap-fifo", dir, name.c_str());
        }
        else
        {
            ::symlinkat(link_target, dir, ".swap-link");
            ::renameat(dir, ".swap-link", dir, name.c_str());
        }
        ::linkat(dir, ".swap-source", dir, ".swap-regular", 0);
        ::renameat(dir, ".swap-regular", dir, name.c_str());
        ++swaps;
    }
    done = true;
    watcher.join();
    // What stays is checked too: the backup, any temporary file.
    if(DIR* listing = ::fdopendir(::dup(dir)))
    {
        while(dirent const* entry = ::readdir(listing))
            check(entry->d_name);
        ::closedir(listing);
    }
    std::cout << "swaps " << swaps << " leaks " << leaks.size() << "\n";
    for(std::string const& leak : leaks)
        std::cout << "leaked into " << dir_path << "/" << leak << "\n";
    return leaks.empty() ? 0 : 1;
}

// splitmix64's finalizer, and its inverse: each step is a bijection (a
// multiplication by an odd number, an xor with a right shift of itself).
std::uint64_t mix(std::uint64_t x) noexcept
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

std::uint64_t unshift(std::uint64_t y, int s) noexcept
{
    std::uint64_t x = y;
    for(int i = 0; i < 64; i += s)
        x = y ^ (x >> s);
    return x;
}

std::uint64_t inverse(std::uint64_t a) noexcept
{
    std::uint64_t x = a; // right to 3 bits for an odd a; Newton doubles them
    for(int i = 0; i < 5; ++i)
        x *= 2 - a * x;
    return x;
}

std::uint64_t unmix(std::uint64_t z) noexcept
{
    std::uint64_t x = unshift(z, 31);
    x *= inverse(0x94d049bb133111ebu);
    x = unshift(x, 27);
    x *= inverse(0xbf58476d1ce4e5b9u);
    x = unshift(x, 30);
    return x - 0x9e3779b97f4a7c15u;
}

std::string hex16(std::uint64_t v)
{
    static char const digits[] = "0123456789abcdef";
    std::string s(16, '0');
    for(int i = 15; i >= 0; --i, v >>= 4)
        s[static_cast<std::size_t>(i)] = digits[v & 0xf];
    return s;
}

int run_predict(char const* dir_path, std::string const& name, int count)
{
    int const dir = ::open(dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int const watch = ::inotify_init1(IN_CLOEXEC);
    if(dir < 0 || watch < 0 || ::inotify_add_watch(watch, dir_path, IN_CREATE) < 0)
    {
        std::perror("hostile_saver: predict");
        return 2;
    }
    // Any new ".NAME." is a temporary file of NAME: nothing else makes
    // one in the directory. A name not ending in "-<16 hex digits>.tmp"
    // gives nothing to predict from.
    std::string const stem = "." + name + ".";
    std::string const suffix = ".tmp";
    auto const deadline = std::chrono::steady_clock::now() + 10s;
    alignas(inotify_event) char buffer[65536];
    while(std::chrono::steady_clock::now() < deadline)
    {
        pollfd p{watch, POLLIN, 0};
        if(::poll(&p, 1, 100) <= 0)
            continue;
        ssize_t const n = ::read(watch, buffer, sizeof buffer);
        for(ssize_t off = 0; off < n;)
        {
            auto const* event = reinterpret_cast<inotify_event const*>(buffer + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            std::string const seen = event->len > 0 ? event->name : "";
            if(seen.compare(0, stem.size(), stem) != 0)
                continue;
            std::size_t const at = seen.size() - std::min(seen.size(), suffix.size() + 16);
            std::string const digits = seen.substr(at, 16);
            if(seen.size() < stem.size() + 17 + suffix.size() || seen[at - 1] != '-' ||
               seen.compare(seen.size() - suffix.size(), suffix.size(), suffix) != 0 ||
               digits.find_first_not_of("0123456789abcdef") != std::string::npos)
            {
                // Not the nonce of today's names: nothing to work from.
                std::cout << "saw " << seen << ", which ends in no 16-digit nonce\n";
                return 3;
            }
            std::uint64_t const nonce = std::stoull(digits, nullptr, 16);
            std::uint64_t const state = unmix(nonce);
            if(mix(state) != nonce)
            {
                std::cerr << "hostile_saver: predict: the inverse of the mix is wrong\n";
                return 2;
            }
            std::string const prefix = seen.substr(0, at);
            int made = 0;
            for(int k = 1; k <= count; ++k)
            {
                std::string const next = prefix + hex16(mix(state + static_cast<std::uint64_t>(k))) + suffix;
                int const fd = ::openat(dir, next.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
                if(fd >= 0)
                {
                    ++made;
                    ::close(fd);
                }
            }
            std::cout << "saw " << seen << ", created the next " << made << " names\n";
            return 0;
        }
    }
    std::cerr << "hostile_saver: predict: no temporary file of " << name << " seen in 10 s\n";
    return 1;
}

int usage()
{
    std::cerr << "usage: hostile_saver write|config-save|config-load|hold|loop|swap|predict ARGS... "
                 "(see the comment at the top of hostile_saver.cpp)\n";
    return 2;
}

int run(std::vector<std::string> const& a)
{
    std::size_t const n = a.size();
    std::string const& c = n > 0 ? a[0] : "";
    bool const backup = n > 0 && a.back() == "--backup";
    if(c == "write" && (n == 3 || (n == 4 && backup)))
        return run_write(a[1].c_str(), a[2].c_str(), backup);
    if(c == "config-save" && (n == 3 || (n == 4 && backup)))
        return run_config_save(a[1].c_str(), a[2].c_str(), backup);
    if(c == "config-load" && n == 2)
        return run_config_load(a[1].c_str());
    if(c == "hold" && n == 5)
        return run_hold(a[1].c_str(), a[2].c_str(), a[3].c_str(), a[4].c_str());
    if(c == "loop" && n == 4)
        return run_loop(a[1].c_str(), a[2].c_str(), std::stoi(a[3]));
    if(c == "swap" && n == 7)
        return run_swap(a[1].c_str(), a[2], a[3], a[4].c_str(), a[5].c_str(), a[6]);
    if(c == "predict" && n == 4)
        return run_predict(a[1].c_str(), a[2], std::stoi(a[3]));
    return usage();
}

} // namespace

int main(int argc, char** argv)
{
    try
    {
        return run({argv + 1, argv + argc});
    }
    catch(std::exception const& e)
    {
        // save_error and config_error name the file; a bad_alloc is a
        // failure too, reported as one.
        std::cerr << "hostile_saver: " << e.what() << "\n";
        return 1;
    }
}
