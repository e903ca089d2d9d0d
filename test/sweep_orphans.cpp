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

#include <csignal>

namespace {

using namespace durable_test;

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
    std::vector<std::string> const kept = {
        // another target's orphan
        orphan_of(dir / "other.json"),
        // live owners: this process, and our parent
        foreign_name(orphan, 2, std::to_string(::getpid())),
        foreign_name(orphan, 2, std::to_string(::getppid())),
        // another pid namespace of this boot: nothing to judge by
        foreign_name(orphan, 1, "00000001"),
        // not exactly our form
        foreign_name(orphan, 2, "0" + std::to_string(::getpid() + 100000)),
        foreign_name(orphan, 3, "ABCDEF0123456789"),
        orphan + ".bak",
        ".settings.json.durable-.tmp",
        "settings.json.durable-x.tmp",
        ".settings.json.tmp"};
    for(std::string const& name : kept)
        put_file(dir / name, "not ours to remove");
    // Another boot's file is an orphan whatever its pid.
    std::string const old_boot = foreign_name(orphan, 0, "00000000");
    put_file(dir / old_boot, "left by a previous boot");
    BOOST_TEST(durable::sweep_orphans(target) == 1u);
    BOOST_TEST(!fs::exists(dir / old_boot));
    for(std::string const& name : kept)
        BOOST_TEST(fs::exists(dir / name), name << " was removed");
}

BOOST_AUTO_TEST_CASE(missing_directory_is_an_error)
{
    temp_dir dir;
    boost::system::error_code ec;
    BOOST_TEST(durable::sweep_orphans(dir / "missing" / "f", {}, ec) == 0u);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);
}

BOOST_AUTO_TEST_SUITE_END()
