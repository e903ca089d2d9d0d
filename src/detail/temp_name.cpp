//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "temp_name.hpp"
#include <durable/detail/fnv1a.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>

#ifdef _WIN32
#include "win32.hpp"
#include <bcrypt.h>
#else
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/random.h>
#include <unistd.h>
#endif

namespace durable {
namespace detail {

namespace {

constexpr std::string_view tag = ".durable-";
constexpr std::string_view suffix = ".tmp";

// Target names longer than this are cut to `kept_prefix` bytes plus a hash,
// so that the temporary name (about 60 bytes longer) stays under NAME_MAX.
constexpr std::size_t longest_whole_name = 180;
constexpr std::size_t kept_prefix = 120;

void append_hex(std::string& out, std::uint64_t value, int digits)
{
    static char const hex[] = "0123456789abcdef";
    for(int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += hex[(value >> shift) & 0xf];
}

#ifndef _WIN32
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
#endif

#ifndef _WIN32
// The kernel's random source, whole or not at all.
bool fill_from_system(unsigned char* bytes, std::size_t size) noexcept
{
    std::size_t have = 0;
    while(have < size)
    {
        // Blocks only before the kernel's pool is first seeded, at boot.
        ssize_t const n = ::getrandom(bytes + have, size - have, 0);
        if(n > 0)
            have += static_cast<std::size_t>(n);
        else if(errno != EINTR)
            break;
    }
    return have == size;
}
#else
// The system's preferred random source (what RtlGenRandom and rand_s read).
bool fill_from_system(unsigned char* bytes, std::size_t size) noexcept
{
    return size <= ULONG_MAX &&
        BCRYPT_SUCCESS(::BCryptGenRandom(nullptr, bytes, static_cast<ULONG>(size), BCRYPT_USE_SYSTEM_PREFERRED_RNG));
}
#endif

// Nonces come from the kernel's random source in batches, so that most
// saves make no system call for theirs: each is fresh randomness, and none
// tells anything of another. Per thread, so that no lock is taken.
class nonce_batch
{
public:
    std::uint64_t take()
    {
        if(next_ == values_.size())
        {
            fill();
            next_ = 0;
        }
        return values_[next_++];
    }

    // A child of fork starts a batch of its own: else parent and child
    // would make the same names, and one would tell the other's.
    void forget() noexcept { next_ = values_.size(); }

private:
    void fill()
    {
        if(fill_from_system(reinterpret_cast<unsigned char*>(values_.data()), sizeof values_))
            return;
        // No getrandom (before Linux 3.17, or a sandbox that forbids it):
        // the standard library's device, which reads the same source.
        std::random_device device;
        for(std::uint64_t& value : values_)
            value = (std::uint64_t(device()) << 32) ^ device();
    }

    std::array<std::uint64_t, 32> values_{};
    std::size_t next_ = values_.size();
};

thread_local nonce_batch nonces;


std::atomic<long> cached_pid{0};

#ifdef _WIN32
void refresh_pid() noexcept
{
    cached_pid = static_cast<long>(::GetCurrentProcessId());
}

// When `process` was created, in seconds since 1970 (32 bits hold them
// until 2106); 0 if it cannot be read.
std::uint32_t creation_time(HANDLE process) noexcept
{
    FILETIME created, exited, kernel, user;
    if(!::GetProcessTimes(process, &created, &exited, &kernel, &user))
        return 0;
    return static_cast<std::uint32_t>(seconds_since_1970(created));
}

// The UTF-16 bytes of `length` characters of `text`, hashed as they are:
// no conversion that could fail on a name Windows allows.
std::string machine_text(wchar_t const* text, std::size_t length)
{
    return std::string(reinterpret_cast<char const*>(text), length * sizeof(wchar_t));
}

// What tells this Windows installation from every other: the MachineGuid
// that setup gives it, and the computer's name, which tells apart the
// clones of an image whose MachineGuid was not made anew. Empty if the
// MachineGuid cannot be read.
std::string machine_identity()
{
    wchar_t guid[64];
    DWORD guid_bytes = sizeof guid;
    if(::RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Cryptography", L"MachineGuid",
           RRF_RT_REG_SZ | RRF_SUBKEY_WOW6464KEY, nullptr, guid, &guid_bytes) != ERROR_SUCCESS ||
       guid_bytes < sizeof(wchar_t))
        return {};
    std::string identity = machine_text(guid, guid_bytes / sizeof(wchar_t) - 1);
    wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD name_length = MAX_COMPUTERNAME_LENGTH + 1;
    if(::GetComputerNameW(name, &name_length))
        identity += '/' + machine_text(name, name_length);
    return identity;
}

// What identifies the owner of a temporary file, read once per process.
// Windows has no boot id to read and no pid namespaces, and it reuses a pid
// soon after its process ends.
// - <pidns> is the process's creation time: the process with that pid and
//   that creation time is the owner, in this boot or any other, and a
//   process with the pid and another creation time is not.
// - <boot> is 32 bits of a hash of the machine's identity: a file that
//   another machine left on a share is judged by its age, as another boot's
//   is on Linux (a file last written before this boot began has no live
//   owner, which depends on the two machines' clocks agreeing). No part of
//   it is the boot itself: a boot's start, computed from the clock and the
//   uptime, differs between processes by a second's rounding or a clock
//   set meanwhile, and a pid with its creation time needs no boot.
// Server silos (process-isolated containers) share the machine and may
// share its identity, yet not its processes: a save in progress in one, in
// a folder shared with the host, may look orphaned to the host. Linux tells
// its pid namespaces apart; Windows gives nothing to.
struct process_identity
{
    bool known = false;
    std::uint32_t boot = 0;
    std::uint32_t pid_scope = 0; // the creation time

    process_identity()
    {
        refresh_pid();
        std::string const machine = machine_identity();
        boot = static_cast<std::uint32_t>(fnv1a(machine));
        pid_scope = creation_time(::GetCurrentProcess());
        known = !machine.empty() && pid_scope != 0;
    }
};
#else
void refresh_pid() noexcept
{
    cached_pid = static_cast<long>(::getpid());
}

void after_fork_in_child() noexcept
{
    refresh_pid();
    nonces.forget();
}

// What identifies the owner of a temporary file, read once per process.
struct process_identity
{
    bool known = false; // both read: the only case where an owner can be judged gone
    std::uint32_t boot = 0;
    std::uint32_t pid_scope = 0; // the inode of the pid namespace

    process_identity()
    {
        std::string const boot_id = read_small_file("/proc/sys/kernel/random/boot_id");
        boot = hex_prefix_value(boot_id);
        char link[64];
        ssize_t const n = ::readlink("/proc/self/ns/pid", link, sizeof link - 1);
        std::uint64_t inode = 0;
        if(n > 0)
        {
            // "pid:[4026531836]"
            std::string_view text(link, static_cast<std::size_t>(n));
            auto const open = text.find('[');
            if(open != std::string_view::npos)
                std::from_chars(text.data() + open + 1, text.data() + text.size(), inode);
            pid_scope = static_cast<std::uint32_t>(inode);
        }
        known = boot_id.size() >= 8 && inode != 0;
        // getpid() is a system call on every save otherwise; a child of fork
        // must not keep its parent's pid, nor its nonces.
        refresh_pid();
        ::pthread_atfork(nullptr, nullptr, after_fork_in_child);
    }
};
#endif

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

// What a name says of its owner; `pid_scope` is what makes the pid mean
// one process: its pid namespace on Linux, its creation time on Windows.
struct owner
{
    std::uint64_t boot = 0;
    std::uint64_t pid_scope = 0;
    long pid = 0;
};

// Parses "<boot>-<pidns>-<pid>-<nonce>.tmp" exactly; anything else is not ours.
bool parse_owner(std::string_view text, owner& result) noexcept
{
    std::uint64_t nonce = 0;
    if(!parse_hex(text, 8, result.boot) || !parse_char(text, '-') ||
       !parse_hex(text, 8, result.pid_scope) || !parse_char(text, '-'))
        return false;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result.pid);
    if(ec != std::errc() || result.pid <= 0 || text.front() == '0')
        return false;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return parse_char(text, '-') && parse_hex(text, 16, nonce) && text == suffix;
}

#ifdef _WIN32
bool may_be_running(owner const& o, process_identity const&) noexcept
{
    HANDLE const process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(o.pid));
    // No such pid is ERROR_INVALID_PARAMETER; a denied access means it exists.
    if(!process)
        return ::GetLastError() != ERROR_INVALID_PARAMETER;
    // A process that has exited lives on while a handle to it is open.
    DWORD code = 0;
    bool running = !::GetExitCodeProcess(process, &code) || code == STILL_ACTIVE;
    // Another process that has the pid now is not the owner. Both times are
    // the same reading, cut to seconds the same way, so the owner itself
    // always matches; an unreadable time keeps the file.
    std::uint32_t const created = creation_time(process);
    if(created != 0 && created != o.pid_scope)
        running = false;
    ::CloseHandle(process);
    return running;
}
#else
bool may_be_running(owner const& o, process_identity const& self) noexcept
{
    // A pid of another namespace means nothing here: keep the file. Our
    // own files belong to saves in progress on other threads.
    if(o.pid_scope != self.pid_scope || o.pid == cached_pid.load())
        return true;
    // EPERM means the process exists but belongs to someone else.
    return ::kill(static_cast<pid_t>(o.pid), 0) == 0 || errno != ESRCH;
}
#endif

} // namespace

std::string make_temp_name(std::string_view target_name)
{
    process_identity const& self = identity();
    std::string name = stem_of(target_name);
    append_hex(name, self.boot, 8);
    name += '-';
    append_hex(name, self.pid_scope, 8);
    name += '-';
    name += std::to_string(cached_pid.load());
    name += '-';
    append_hex(name, nonces.take(), 16);
    name += suffix;
    return name;
}

bool is_temp_name_of(std::string_view entry, std::string_view target_name)
{
    std::string const stem = stem_of(target_name);
    owner parsed;
    return entry.substr(0, stem.size()) == stem && parse_owner(entry.substr(stem.size()), parsed);
}

temp_owner owner_of(std::string_view entry, std::string_view target_name)
{
    std::string const stem = stem_of(target_name);
    owner parsed;
    if(entry.substr(0, stem.size()) != stem || !parse_owner(entry.substr(stem.size()), parsed))
        return temp_owner::not_ours;
    process_identity const& self = identity();
    // Without our own boot id, a name of this boot cannot be told from one
    // of another, nor a pid of this namespace from one of another.
    if(!self.known)
        return temp_owner::alive;
    // Another boot id is another kernel: a previous boot, or a sandbox with
    // a kernel of its own that runs now. The file's age tells them apart.
    if(parsed.boot != self.boot)
        return temp_owner::other_boot;
    return may_be_running(parsed, self) ? temp_owner::alive : temp_owner::gone;
}

#ifdef _WIN32
std::int64_t boot_time() noexcept
{
    FILETIME now;
    ::GetSystemTimeAsFileTime(&now);
    // The uptime counts sleep and hibernation, as CLOCK_BOOTTIME does. A
    // second early, as below: erring early keeps files, never removes one.
    return seconds_since_1970(now) - static_cast<std::int64_t>(::GetTickCount64() / 1000) - 1;
}
#else
std::int64_t boot_time() noexcept
{
    timespec now{};
    timespec up{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    ::clock_gettime(CLOCK_BOOTTIME, &up);
    // A second early: the two readings are not taken at once, and their
    // fractions are dropped. Erring early keeps files, never removes one.
    return static_cast<std::int64_t>(now.tv_sec) - static_cast<std::int64_t>(up.tv_sec) - 1;
}
#endif

} // namespace detail
} // namespace durable
