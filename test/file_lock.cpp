//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE file_lock
#include <durable/file_lock.hpp>
#include <durable/error.hpp>
#include <durable/save_error.hpp>

#include "support.hpp"

#include <array>
#include <csignal>
#include <string>

#if !defined(_WIN32)
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace durable_test;
using durable::file_lock;
using namespace std::chrono_literals;

namespace {

#if !defined(_WIN32)
constexpr unsigned other_user = 65534;

// Takes the lock of `target` in a child process and holds it until killed;
// returns once the child holds it.
struct holder
{
    explicit holder(fs::path const& target)
        : ready(make_pipe())
        , child([&] {
            ::close(ready[0]);
            file_lock const held(target, 1s);
            char const c = 'x';
            if(::write(ready[1], &c, 1) != 1)
                return 1;
            for(;;)
                ::pause();
        })
    {
        ::close(ready[1]);
        char c = 0;
        BOOST_REQUIRE(::read(ready[0], &c, 1) == 1);
        ::close(ready[0]);
    }

    static std::array<int, 2> make_pipe()
    {
        std::array<int, 2> p{};
        BOOST_REQUIRE(::pipe(p.data()) == 0);
        return p;
    }

    void kill()
    {
        ::kill(child.pid(), SIGKILL);
        child.wait();
    }

    ~holder()
    {
        if(!child.ended())
            kill();
    }

    std::array<int, 2> ready;
    child_process child;
};
#else
// Windows: a lock belongs to its handle, so a lock taken in this process
// through another handle keeps the next one waiting as another process would.
struct holder
{
    explicit holder(fs::path const& target)
        : held(target, 1s)
    {
    }

    file_lock held;
};
#endif

// The error of a lock not taken, or a default save_error if it was taken.
durable::save_error try_lock(fs::path const& target, std::chrono::milliseconds timeout)
{
    try
    {
        file_lock const held(target, timeout);
        return durable::save_error(target, durable::step::lock, {});
    }
    catch(durable::save_error const& e)
    {
        return e;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(file_lock_test)

BOOST_FIXTURE_TEST_CASE(the_lock_file_is_beside_the_target_and_stays, temp_dir)
{
    {
        file_lock const held(path() / "c.json", 1s);
        BOOST_TEST(held.owns_lock());
        BOOST_TEST(held.lock_path() == path() / ".c.json.lock");
        BOOST_TEST(fs::is_regular_file(path() / ".c.json.lock"));
        // Taken twice in one process it is two open files: the second waits.
        BOOST_TEST(try_lock(path() / "c.json", 50ms).code() == durable::error::lock_timeout);
    }
    // Never deleted: a deleted lock file lets two holders in.
    BOOST_TEST(fs::is_regular_file(path() / ".c.json.lock"));
    BOOST_TEST(!try_lock(path() / "c.json", 50ms).code().failed());
}

// Links are tested on POSIX only: Wine (8.0) reports a symbolic link made
// and makes none, and MinGW's std::filesystem cannot make one.
#if !defined(_WIN32)
// Through a link, the lock is that of the file the link leads to, which a
// save replaces: a program using the link and one using the file coordinate.
BOOST_FIXTURE_TEST_CASE(a_link_is_locked_where_it_leads, temp_dir)
{
    fs::create_directory(path() / "real");
    fs::create_symlink("real/c.json", path() / "link.json");
    file_lock const held(path() / "link.json", 1s);
    BOOST_TEST(held.lock_path() == path() / "real" / ".c.json.lock");
    BOOST_TEST(try_lock(path() / "real" / "c.json", 50ms).code() == durable::error::lock_timeout);
}
#endif

BOOST_FIXTURE_TEST_CASE(a_timeout_names_the_lock_file_and_its_holder, temp_dir)
{
    holder h(path() / "c.json");
    auto const start = std::chrono::steady_clock::now();
    durable::save_error const e = try_lock(path() / "c.json", 200ms);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 200ms));
    BOOST_TEST(e.code() == durable::error::lock_timeout);
    BOOST_TEST(e.step() == durable::step::lock);
    BOOST_TEST(e.path() == path() / "c.json");
    std::string const what = e.what();
    BOOST_TEST(what.find(".c.json.lock") != std::string::npos, what);
#if !defined(_WIN32) // Windows does not say who holds a lock
    BOOST_TEST(what.find("held by pid " + std::to_string(h.child.pid())) != std::string::npos, what);
#endif
}

#if !defined(_WIN32)
// The kernel releases a flock when its holder dies, however it dies.
BOOST_FIXTURE_TEST_CASE(a_holder_killed_releases_the_lock, temp_dir)
{
    holder h(path() / "c.json");
    BOOST_TEST(try_lock(path() / "c.json", 20ms).code() == durable::error::lock_timeout);
    h.kill();
    BOOST_TEST(!try_lock(path() / "c.json", 1s).code().failed());
}
#endif

BOOST_FIXTURE_TEST_CASE(a_lock_file_that_is_a_link_a_fifo_or_a_directory_is_refused, temp_dir)
{
    put_file(path() / "victim", "x");
#if !defined(_WIN32)
    fs::create_symlink("victim", path() / ".c.json.lock");
    BOOST_TEST(try_lock(path() / "c.json", 1s).code() == durable::error::symlink_refused);
    fs::create_symlink("nowhere", path() / ".d.json.lock");
    BOOST_TEST(try_lock(path() / "d.json", 1s).code() == durable::error::symlink_refused);
    BOOST_TEST(!fs::exists(path() / "nowhere"));
    BOOST_REQUIRE(::mkfifo((path() / ".e.json.lock").c_str(), 0600) == 0);
    durable::save_error const e = try_lock(path() / "e.json", 1s);
    BOOST_TEST(e.code() == durable::error::not_a_regular_file);
    BOOST_TEST(std::string(e.what()).find(".e.json.lock") != std::string::npos);
    // A socket cannot be opened at all (ENXIO): it is refused for what it is.
    int const sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    BOOST_REQUIRE(sock >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string const socket_path = (path() / ".g.json.lock").string();
    BOOST_REQUIRE(socket_path.size() < sizeof address.sun_path);
    std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
    BOOST_REQUIRE(::bind(sock, reinterpret_cast<sockaddr const*>(&address), sizeof address) == 0);
    BOOST_TEST(try_lock(path() / "g.json", 1s).code() == durable::error::not_a_regular_file);
    ::close(sock);
#endif
    fs::create_directory(path() / ".f.json.lock");
    durable::save_error const d = try_lock(path() / "f.json", 1s);
    BOOST_TEST(d.code() == durable::error::not_a_regular_file);
    BOOST_TEST(std::string(d.what()).find(".f.json.lock") != std::string::npos);
    BOOST_TEST(read_file(path() / "victim") == std::optional<std::string>("x"));
}

#if !defined(_WIN32)

// The protocol's rule for a target owned by someone else in /tmp holds for
// the lock file: one planted there could hold every update up.
BOOST_AUTO_TEST_CASE(someone_elses_lock_file_in_a_sticky_directory_is_refused)
{
    if(!running_as_root("needs root to act as another user"))
        return;
    temp_dir dir;
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::path const tmp = dir / "tmp";
    fs::create_directory(tmp);
    BOOST_REQUIRE(::chmod(tmp.c_str(), 01777) == 0);
    put_file(tmp / ".c.json.lock", "");
    BOOST_REQUIRE(::chown((tmp / ".c.json.lock").c_str(), other_user, other_user) == 0);
    // Root, the directory's owner here, may use any entry; another user may not.
    int const status = run_in_child([&] {
        if(::setgid(1) != 0 || ::setuid(1) != 0)
            return 10;
        durable::save_error const e = try_lock(tmp / "c.json", 1s);
        return e.code() == durable::error::unsafe_file && e.step() == durable::step::lock ? 0 : 1;
    });
    BOOST_TEST(status == 0);
    // Their own lock file is theirs to use.
    int const own = run_in_child([&] {
        if(::setgid(other_user) != 0 || ::setuid(other_user) != 0)
            return 10;
        return try_lock(tmp / "c.json", 1s).code().failed() ? 1 : 0;
    });
    BOOST_TEST(own == 0);
}

// Root editing a user's file leaves a lock file the user can still take:
// theirs, as the file is. A lock file root finds there from before is given
// to them too; one with another link is not touched.
BOOST_AUTO_TEST_CASE(a_lock_file_root_makes_belongs_to_the_target_s_owner)
{
    if(!running_as_root("needs root to act as another user"))
        return;
    temp_dir dir;
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::path const home = dir / "home";
    fs::create_directory(home);
    BOOST_REQUIRE(::chown(home.c_str(), other_user, other_user) == 0);
    put_file(home / "c.json", "{}\n");
    BOOST_REQUIRE(::chmod((home / "c.json").c_str(), 0600) == 0);
    BOOST_REQUIRE(::chown((home / "c.json").c_str(), other_user, other_user) == 0);
    put_file(home / ".d.json.lock", "");
    BOOST_REQUIRE(::chmod((home / ".d.json.lock").c_str(), 0600) == 0);
    put_file(home / "d.json", "{}\n");
    BOOST_REQUIRE(::chown((home / "d.json").c_str(), other_user, other_user) == 0);
    BOOST_REQUIRE(::link((home / "d.json").c_str(), (home / "linked").c_str()) == 0);
    put_file(home / ".e.json.lock", "");
    BOOST_REQUIRE(::link((home / ".e.json.lock").c_str(), (home / "e.json.lock.link").c_str()) == 0);
    put_file(home / "e.json", "{}\n");
    BOOST_REQUIRE(::chown((home / "e.json").c_str(), other_user, other_user) == 0);

    for(char const* name : {"c.json", "d.json", "e.json"})
        BOOST_TEST(!try_lock(home / name, 1s).code().failed());
    struct ::stat st {};
    BOOST_REQUIRE(::stat((home / ".c.json.lock").c_str(), &st) == 0);
    BOOST_TEST(st.st_uid == other_user);
    BOOST_TEST(st.st_gid == other_user);
    BOOST_REQUIRE(::stat((home / ".d.json.lock").c_str(), &st) == 0);
    BOOST_TEST(st.st_uid == other_user);
    BOOST_REQUIRE(::stat((home / ".e.json.lock").c_str(), &st) == 0);
    BOOST_TEST(st.st_uid == 0u);
    int const status = run_in_child([&] {
        if(::setgid(other_user) != 0 || ::setuid(other_user) != 0)
            return 10;
        return try_lock(home / "c.json", 1s).code().failed() || try_lock(home / "d.json", 1s).code().failed() ? 1 : 0;
    });
    BOOST_TEST(status == 0);
}

// A directory where the lock file cannot be made fails closed: no update
// runs unlocked. (A save there could not create its temporary file either.)
BOOST_AUTO_TEST_CASE(a_directory_that_cannot_be_written_fails_closed)
{
    temp_dir dir;
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::path const ro = dir / "ro";
    fs::create_directory(ro);
    put_file(ro / "c.json", "{}\n");
    BOOST_REQUIRE(::chmod(ro.c_str(), 0555) == 0);
    int const status = run_in_child([&] {
        if(::geteuid() == 0 && (::setgid(other_user) != 0 || ::setuid(other_user) != 0))
            return 10;
        durable::save_error const e = try_lock(ro / "c.json", 1s);
        return e.step() == durable::step::lock && e.code() == std::errc::permission_denied ? 0 : 1;
    });
    ::chmod(ro.c_str(), 0755);
    BOOST_TEST(status == 0);
}
#endif

BOOST_AUTO_TEST_SUITE_END()
