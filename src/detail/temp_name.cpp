//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/temp_name.hpp>
#include <durable/detail/fnv1a.hpp>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <random>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

namespace durable {
namespace detail {

namespace {

constexpr std::string_view tag = ".durable-";
constexpr std::string_view suffix = ".tmp";

// Target names longer than this are cut to `kept_prefix` bytes plus a hash,
// so that the temporary name (about 60 bytes longer) stays under NAME_MAX.
constexpr std::size_t longest_whole_name = 180;
constexpr std::size_t kept_prefix = 120;

// splitmix64: spreads a counter into well-mixed nonces.
std::uint64_t mix(std::uint64_t x) noexcept
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

void append_hex(std::string& out, std::uint64_t value, int digits)
{
    static char const hex[] = "0123456789abcdef";
    for(int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += hex[(value >> shift) & 0xf];
}

// Reads a small file of /proc or /sys; empty if it is not there.
std::string read_small_file(char const* path)
{
    std::string content;
    int const fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if(fd < 0)
        return content;
    char buffer[128];
    ssize_t const n = ::read(fd, buffer, sizeof buffer);
    if(n > 0)
        content.assign(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return content;
}

std::uint32_t hex_prefix_value(std::string_view text) noexcept
{
    std::uint32_t value = 0;
    int digits = 0;
    for(char c : text)
    {
        if(digits == 8)
            break;
        int d;
        if(c >= '0' && c <= '9')
            d = c - '0';
        else if(c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            continue; // the dashes of the UUID
        value = (value << 4) | static_cast<std::uint32_t>(d);
        ++digits;
    }
    return value;
}

std::atomic<long> cached_pid{0};

void refresh_pid() noexcept
{
    cached_pid = static_cast<long>(::getpid());
}

// What identifies the owner of a temporary file, read once per process.
struct process_identity
{
    std::uint32_t boot = 0;
    std::uint32_t pid_namespace = 0;
    std::uint64_t seed = 0;

    process_identity()
    {
        // Without these files (not Linux), every boot looks the same: a
        // temporary file of a previous boot is then removed only if its pid
        // is free, which errs on the side of keeping files.
        boot = hex_prefix_value(read_small_file("/proc/sys/kernel/random/boot_id"));
        char link[64];
        ssize_t const n = ::readlink("/proc/self/ns/pid", link, sizeof link - 1);
        if(n > 0)
        {
            // "pid:[4026531836]"
            std::string_view text(link, static_cast<std::size_t>(n));
            auto const open = text.find('[');
            std::uint64_t inode = 0;
            if(open != std::string_view::npos)
                std::from_chars(text.data() + open + 1, text.data() + text.size(), inode);
            pid_namespace = static_cast<std::uint32_t>(inode);
        }
        seed = std::random_device{}();
        seed = (seed << 32) ^ std::random_device{}();
        // getpid() is a system call on every save otherwise; a child of fork
        // must not keep its parent's pid.
        refresh_pid();
        ::pthread_atfork(nullptr, nullptr, refresh_pid);
    }
};

process_identity const& identity()
{
    static process_identity const instance;
    return instance;
}

std::string stem_of(std::string_view target_name)
{
    std::string stem = ".";
    if(target_name.size() <= longest_whole_name)
    {
        stem += target_name;
    }
    else
    {
        stem += target_name.substr(0, kept_prefix);
        stem += '~';
        append_hex(stem, fnv1a(target_name), 16);
    }
    stem += tag;
    return stem;
}

bool parse_hex(std::string_view& text, int digits, std::uint64_t& value) noexcept
{
    if(text.size() < static_cast<std::size_t>(digits))
        return false;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + digits, value, 16);
    if(ec != std::errc() || end != text.data() + digits)
        return false;
    for(int i = 0; i < digits; ++i)
        if(text[static_cast<std::size_t>(i)] >= 'A' && text[static_cast<std::size_t>(i)] <= 'F')
            return false;
    text.remove_prefix(static_cast<std::size_t>(digits));
    return true;
}

bool parse_char(std::string_view& text, char c) noexcept
{
    if(text.empty() || text.front() != c)
        return false;
    text.remove_prefix(1);
    return true;
}

struct owner
{
    std::uint64_t boot = 0;
    std::uint64_t pid_namespace = 0;
    long pid = 0;
};

// Parses "<boot>-<pidns>-<pid>-<nonce>.tmp" exactly; anything else is not ours.
bool parse_owner(std::string_view text, owner& result) noexcept
{
    std::uint64_t nonce = 0;
    if(!parse_hex(text, 8, result.boot) || !parse_char(text, '-') ||
       !parse_hex(text, 8, result.pid_namespace) || !parse_char(text, '-'))
        return false;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result.pid);
    if(ec != std::errc() || result.pid <= 0 || text.front() == '0')
        return false;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return parse_char(text, '-') && parse_hex(text, 16, nonce) && text == suffix;
}

bool is_running(long pid) noexcept
{
    // EPERM means the process exists but belongs to someone else.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

} // namespace

std::string make_temp_name(std::string_view target_name)
{
    static std::atomic<std::uint64_t> counter{0};
    process_identity const& self = identity();
    std::string name = stem_of(target_name);
    append_hex(name, self.boot, 8);
    name += '-';
    append_hex(name, self.pid_namespace, 8);
    name += '-';
    name += std::to_string(cached_pid.load());
    name += '-';
    append_hex(name, mix(self.seed + counter.fetch_add(1)), 16);
    name += suffix;
    return name;
}

bool is_temp_name_of(std::string_view entry, std::string_view target_name)
{
    std::string const stem = stem_of(target_name);
    owner parsed;
    return entry.substr(0, stem.size()) == stem && parse_owner(entry.substr(stem.size()), parsed);
}

bool is_orphan_of(std::string_view entry, std::string_view target_name)
{
    std::string const stem = stem_of(target_name);
    owner parsed;
    if(entry.substr(0, stem.size()) != stem || !parse_owner(entry.substr(stem.size()), parsed))
        return false;
    process_identity const& self = identity();
    // Every process of another boot is gone, whatever its namespace.
    if(parsed.boot != self.boot)
        return true;
    // A pid of another namespace means nothing here: keep the file.
    if(parsed.pid_namespace != self.pid_namespace)
        return false;
    // Our own files belong to saves in progress on other threads.
    if(parsed.pid == cached_pid.load())
        return false;
    return !is_running(parsed.pid);
}

} // namespace detail
} // namespace durable
