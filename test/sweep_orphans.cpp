//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE sweep_orphans
#include "support.hpp"

#include <durable/atomic_file.hpp>
#include <durable/drop_handler.hpp>
#include <durable/sweep_orphans.hpp>
#include <durable/write_file.hpp>

#include "../src/detail/orphan_sweep.hpp"
#include "../src/detail/temp_name.hpp"

#include <csignal>
#include <array>
#include <set>

#if defined(_WIN32)
#include "../src/detail/win32.hpp"
#else
#include <malloc.h>
#endif

namespace {

using namespace durable_test;

// A temporary name as another boot, namespace or process would make it.
std::string foreign_name(std::string const& orphan, int field, std::string const& value)
{
    // .<target>.durable-<boot>-<pidns>-<pid>-<nonce>.tmp
    std::size_t start = orphan.rfind(".durable-") + 9;
    for(int i = 0; i < field; ++i)
        start = orphan.find('-', start) + 1;
    std::size_t const end = orphan.find_first_of("-.", start);
    return orphan.substr(0, start) + value + orphan.substr(end);
}

#if !defined(_WIN32)
// Creates the temporary file of a save of `target` in a child process that is
// killed in the middle of it, as a crash would; returns the file's name.
std::string orphan_of(fs::path const& target)
{
    int names[2];
    BOOST_REQUIRE(::pipe(names) == 0);
    run_in_child([&] {
        durable::atomic_file file(target);
        file.write("half of a save");
        for(auto const& entry : fs::directory_iterator(target.parent_path()))
        {
            std::string const name = entry.path().filename().string();
            if(name.find(".durable-") != std::string::npos)
                (void)!::write(names[1], name.data(), name.size());
        }
        ::close(names[1]);
        ::raise(SIGKILL);
        return 0;
    });
    ::close(names[1]);
    char buffer[512];
    ssize_t const n = ::read(names[0], buffer, sizeof buffer);
    ::close(names[0]);
    BOOST_REQUIRE(n > 0);
    return std::string(buffer, static_cast<std::size_t>(n));
}

#else
// 8 hexadecimal digits, as a name holds its <boot> and <pidns>.
std::string hex8(std::uint32_t value)
{
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(value));
    return text;
}

// Windows: no fork. A process that has ended (this program, run to list its
// test cases, its output thrown away), and the temporary file that a save of
// `target` in it would have left, with its pid and creation time; returns
// the file's name.
std::string orphan_of(fs::path const& target)
{
    std::wstring program(MAX_PATH, L'\0');
    program.resize(::GetModuleFileNameW(nullptr, program.data(), static_cast<DWORD>(program.size())));
    BOOST_REQUIRE(!program.empty());
    std::wstring command = L"\"" + program + L"\" --list_content";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    PROCESS_INFORMATION child{};
    BOOST_REQUIRE(::CreateProcessW(program.c_str(), command.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr,
        &startup, &child));
    ::WaitForSingleObject(child.hProcess, INFINITE);
    FILETIME created, exited, kernel, user;
    BOOST_REQUIRE(::GetProcessTimes(child.hProcess, &created, &exited, &kernel, &user));
    ::CloseHandle(child.hThread);
    ::CloseHandle(child.hProcess);
    std::string const own = durable::detail::make_temp_name(target.filename().string());
    std::string const name =
        foreign_name(foreign_name(own, 1, hex8(static_cast<std::uint32_t>(durable::detail::seconds_since_1970(created)))),
            2, std::to_string(child.dwProcessId));
    put_file(target.parent_path() / name, "half of a save");
    return name;
}
#endif

} // namespace

BOOST_AUTO_TEST_SUITE(sweep_orphans_test)

BOOST_AUTO_TEST_CASE(orphan_of_a_dead_process_is_removed)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    durable::write_file(target, "old");
    std::string const orphan = orphan_of(target);
    BOOST_TEST(fs::exists(dir / orphan));
    BOOST_TEST(durable::sweep_orphans(target) == 1u);
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(first_save_in_a_process_sweeps)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    put_file(target, "old");
    std::string const orphan = orphan_of(target);
    BOOST_TEST(fs::exists(dir / orphan));
    durable::write_file(target, "new");
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(only_orphans_of_this_target_are_touched)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    put_file(target, "old");
    std::string const orphan = orphan_of(target);
    fs::remove(dir / orphan);
    std::vector<std::string> kept = {
        // another target's orphan
        orphan_of(dir / "other.json"),
        // not exactly our form
        foreign_name(orphan, 2, "0" + std::to_string(::getpid() + 100000)),
        foreign_name(orphan, 3, "ABCDEF0123456789"),
        orphan + ".bak",
        ".settings.json.durable-.tmp",
        "settings.json.durable-x.tmp",
        ".settings.json.tmp"};
    std::vector<std::string> removed;
#if !defined(_WIN32)
    // live owners: this process, and our parent
    kept.push_back(foreign_name(orphan, 2, std::to_string(::getpid())));
    kept.push_back(foreign_name(orphan, 2, std::to_string(::getppid())));
    // another pid namespace of this boot: nothing to judge by
    kept.push_back(foreign_name(orphan, 1, "00000001"));
#else
    // A pid names its process with its creation time: this process's pid
    // and time are a live owner, its pid with another time an earlier
    // process that had the pid.
    std::string const own = durable::detail::make_temp_name("settings.json");
    kept.push_back(own);
    removed.push_back(foreign_name(own, 1, "00000001"));
#endif
    for(std::string const& name : kept)
        put_file(dir / name, "not ours to remove");
    for(std::string const& name : removed)
        put_file(dir / name, "left by a process that is gone");
    // Another boot id is another kernel (on Windows, another machine or
    // boot): a previous boot, whose files were written before this boot
    // began and are orphans whatever their pid, or a sandbox with a kernel of
    // its own (a machine sharing the folder), running now, whose files are
    // not. (The sandbox's is 0: the boot that every Windows machine once
    // wrote, whose files another machine's sweep took for its own.)
    std::string const old_boot = foreign_name(orphan, 0, "00000001");
    put_file(dir / old_boot, "left by a previous boot");
    fs::last_write_time(dir / old_boot, fs::last_write_time(dir / old_boot) - std::chrono::hours(24 * 365 * 20));
    removed.push_back(old_boot);
    std::string const sandbox = foreign_name(orphan, 0, "00000000");
    put_file(dir / sandbox, "a sandbox's save in progress");
    kept.push_back(sandbox);
    BOOST_TEST(durable::sweep_orphans(target) == removed.size());
    for(std::string const& name : removed)
        BOOST_TEST(!fs::exists(dir / name), name << " was kept");
    for(std::string const& name : kept)
        BOOST_TEST(fs::exists(dir / name), name << " was removed");
}

#if !defined(_WIN32) // mallinfo2 is glibc's
// What a process remembers of the targets it swept stays small however many
// it saves: 200,000 distinct paths once cost 44 MB.
BOOST_AUTO_TEST_CASE(what_was_swept_takes_bounded_memory)
{
    temp_dir dir;
    durable::file_system& fs = durable::default_file_system();
    boost::system::error_code ec;
    durable::detail::target t;
    t.dir = fs.open_directory(dir.path(), ec);
    BOOST_REQUIRE(!ec);
    t.dir_path = dir.path();
    std::size_t const before = ::mallinfo2().uordblks;
    for(int i = 0; i < 200000; ++i)
    {
        t.name = "settings-" + std::to_string(i) + ".json";
        durable::detail::sweep_orphans_once(fs, t);
    }
    std::size_t const after = ::mallinfo2().uordblks;
    fs.close(t.dir, ec);
    BOOST_TEST_MESSAGE("heap in use grew by " << (after > before ? after - before : 0) << " bytes");
    BOOST_TEST(after < before + 2 * 1024 * 1024);
}
#endif

// The nonce of a temporary name comes from the kernel's random source: an
// observer of one name cannot compute the next, as they could when nonces
// were splitmix64 of a counter (and so create it first and make saves fail).
std::uint64_t splitmix_successor(std::uint64_t nonce)
{
    // Inverts splitmix64's finalizer, adds one to the counter, mixes again.
    std::uint64_t x = nonce;
    x ^= x >> 31 ^ x >> 62;
    x *= 0x319642b2d24d8ec3u;
    x ^= x >> 27 ^ x >> 54;
    x *= 0x96de1b173f119089u;
    x ^= x >> 30 ^ x >> 60;
    x += 1;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

std::uint64_t nonce_of(std::string const& name)
{
    // ...-<nonce>.tmp
    std::size_t const end = name.rfind(".tmp");
    return std::stoull(name.substr(end - 16, 16), nullptr, 16);
}

BOOST_AUTO_TEST_CASE(temporary_names_cannot_be_guessed)
{
    // The test's own inversion is right: x -> mix(x) -> successor is mix(x + 1).
    auto const mix = [](std::uint64_t x) {
        x += 0x9e3779b97f4a7c15u;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
        return x ^ (x >> 31);
    };
    BOOST_TEST_REQUIRE(splitmix_successor(mix(12345)) == mix(12346));

    std::set<std::uint64_t> seen;
    std::set<std::uint64_t> steps;
    std::array<int, 64> ones{};
    std::uint64_t previous = nonce_of(durable::detail::make_temp_name("settings.json"));
    for(int i = 0; i < 1000; ++i)
    {
        std::uint64_t const next = nonce_of(durable::detail::make_temp_name("settings.json"));
        BOOST_TEST(next != splitmix_successor(previous));
        BOOST_TEST(seen.insert(next).second);
        steps.insert(next - previous);
        for(std::size_t bit = 0; bit < 64; ++bit)
            ones[bit] += static_cast<int>((next >> bit) & 1u);
        previous = next;
    }
    // Nor any other simple rule: a counter or a clock leaves its high bits
    // alike and its steps few. Each bit is set in about half of the names
    // (500 of 1000, 15.8 standard deviation: 350-650 is 9.5 of them), and
    // hardly two steps from one name to the next are equal.
    for(std::size_t bit = 0; bit < 64; ++bit)
        BOOST_TEST((ones[bit] > 350 && ones[bit] < 650), "bit " << bit << " set in " << ones[bit] << " of 1000");
    BOOST_TEST(steps.size() > 990u);

#if !defined(_WIN32)
    // A child of fork makes names of its own, not the parent's next ones.
    durable::detail::make_temp_name("settings.json");
    int pipe_fds[2];
    BOOST_REQUIRE(::pipe(pipe_fds) == 0);
    run_in_child([&] {
        std::uint64_t const nonce = nonce_of(durable::detail::make_temp_name("settings.json"));
        return ::write(pipe_fds[1], &nonce, sizeof nonce) == sizeof nonce ? 0 : 1;
    });
    std::uint64_t child = 0;
    BOOST_REQUIRE(::read(pipe_fds[0], &child, sizeof child) == sizeof child);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    BOOST_TEST(child != nonce_of(durable::detail::make_temp_name("settings.json")));
#endif
}

BOOST_AUTO_TEST_CASE(missing_directory_is_an_error)
{
    temp_dir dir;
    boost::system::error_code ec;
    BOOST_TEST(durable::sweep_orphans(dir / "missing" / "f", {}, ec) == 0u);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);
}

BOOST_AUTO_TEST_SUITE_END()
