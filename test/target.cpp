//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Where a save goes, and what a read reads, when someone else may write the
// directories: the rules of fs.protected_symlinks and fs.protected_regular,
// kept by the library itself whatever the kernel's settings, and reads that
// take nothing but a bounded regular file.

#define BOOST_TEST_MODULE target
#include "support.hpp"

#include <durable/detail/target.hpp>
#include <durable/error.hpp>
#include <durable/save_error.hpp>
#include <durable/write_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using namespace durable_test;

constexpr unsigned other_user = 65534;

// A directory like /tmp: sticky and writable by all, owned by `owner`.
fs::path sticky_directory(temp_dir const& dir, std::string const& name, unsigned owner = 0, unsigned mode = 01777)
{
    fs::path const p = dir / name;
    fs::create_directory(p);
    BOOST_REQUIRE(::chown(p.c_str(), owner, owner) == 0);
    BOOST_REQUIRE(::chmod(p.c_str(), mode) == 0);
    return p;
}

// A link at `link` to `to`, owned by `owner`, as that user would make it.
void link_owned_by(fs::path const& to, fs::path const& link, unsigned owner)
{
    fs::create_symlink(to, link);
    BOOST_REQUIRE(::lchown(link.c_str(), owner, owner) == 0);
}

unsigned stat_owner(fs::path const& p)
{
    struct stat st;
    BOOST_REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_uid;
}

// The save's failure, or none.
boost::system::error_code save(fs::path const& target, durable::write_options const& options = {})
{
    boost::system::error_code ec;
    durable::write_file(target, "written by the saver\n", options, ec);
    return ec;
}

struct victim
{
    fs::path path;

    explicit victim(temp_dir const& dir)
        : path(dir / "private" / "victim.conf")
    {
        fs::create_directory(dir / "private");
        put_file(path, "the victim's content\n");
    }

    bool untouched() const { return read_file(path) == std::optional<std::string>("the victim's content\n"); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(target_test)

// An attacker's link in /tmp to a file of root's: a save by root must not
// follow it (a shell's `>` gets EACCES from fs.protected_symlinks, and the
// library follows links itself, so the kernel never sees this one).
BOOST_AUTO_TEST_CASE(a_link_in_a_sticky_directory_is_followed_only_for_its_trusted_owners)
{
    if(!running_as_root("needs root to make links of another user"))
        return;
    temp_dir dir;
    victim v(dir);
    fs::path const tmp = sticky_directory(dir, "tmp");
    link_owned_by(v.path, tmp / "app.conf", other_user);
    BOOST_TEST(save(tmp / "app.conf") == durable::error::unsafe_symlink);
    BOOST_TEST(v.untouched());
    BOOST_TEST(fs::is_symlink(tmp / "app.conf"));
    try
    {
        durable::write_file(tmp / "app.conf", "x");
        BOOST_ERROR("the save succeeded");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(e.step() == durable::step::resolve);
        BOOST_TEST(std::string(e.what()).find("fs.protected_symlinks") != std::string::npos);
    }

    // A dangling one creates nothing where it points.
    link_owned_by(dir / "private" / "cron.job", tmp / "dangling", other_user);
    BOOST_TEST(save(tmp / "dangling") == durable::error::unsafe_symlink);
    BOOST_TEST(!fs::exists(dir / "private" / "cron.job"));

    // A link in the way, not at the end, is judged the same.
    link_owned_by(dir / "private", tmp / "dir", other_user);
    BOOST_TEST(save(tmp / "dir" / "new.conf") == durable::error::unsafe_symlink);
    BOOST_TEST(!fs::exists(dir / "private" / "new.conf"));

    // One's own link is followed; so is the directory owner's.
    link_owned_by(v.path, tmp / "mine", 0);
    BOOST_TEST(!save(tmp / "mine"));
    BOOST_TEST(read_file(v.path) == std::optional<std::string>("written by the saver\n"));
    fs::path const theirs = sticky_directory(dir, "theirs", other_user);
    link_owned_by(dir / "private" / "b.conf", theirs / "link", other_user);
    BOOST_TEST(!save(theirs / "link"));
    BOOST_TEST(fs::exists(dir / "private" / "b.conf"));
}

// The rule is only about sticky directories that others can write: a link
// in a directory writable by all but not sticky, or in one the link's owner
// owns, is followed, as the kernel follows it.
BOOST_AUTO_TEST_CASE(links_elsewhere_are_followed)
{
    if(!running_as_root("needs root to make links of another user"))
        return;
    temp_dir dir;
    victim v(dir);
    fs::path const open = sticky_directory(dir, "open", 0, 0777);
    link_owned_by(v.path, open / "link", other_user);
    BOOST_TEST(!save(open / "link"));
    fs::path const group = sticky_directory(dir, "group", 0, 01770);
    link_owned_by(v.path, group / "link", other_user);
    BOOST_TEST(!save(group / "link"));
}

// symlink_policy::replace and ::refuse never follow the link at the end, so
// the rule has nothing to judge there; the directories on the way are
// judged as for follow.
BOOST_AUTO_TEST_CASE(replace_and_refuse_in_a_sticky_directory)
{
    if(!running_as_root("needs root to make links of another user"))
        return;
    temp_dir dir;
    victim v(dir);
    fs::path const tmp = sticky_directory(dir, "tmp");
    link_owned_by(v.path, tmp / "app.conf", other_user);
    durable::write_options options;
    options.symlinks = durable::symlink_policy::refuse;
    BOOST_TEST(save(tmp / "app.conf", options) == durable::error::symlink_refused);
    options.symlinks = durable::symlink_policy::replace;
    BOOST_TEST(!save(tmp / "app.conf", options));
    BOOST_TEST(v.untouched());
    BOOST_TEST(!fs::is_symlink(tmp / "app.conf"));
    BOOST_TEST(stat_owner(tmp / "app.conf") == 0u);
    link_owned_by(dir / "private", tmp / "dir", other_user);
    BOOST_TEST(save(tmp / "dir" / "x.conf", options) == durable::error::unsafe_symlink);
}

// An attacker's own file at the name in /tmp: a save keeps the owner and
// mode, so it would hand root's content to the attacker (fs.protected_regular).
BOOST_AUTO_TEST_CASE(someone_elses_file_in_a_sticky_directory_is_not_written)
{
    if(!running_as_root("needs root to make files of another user"))
        return;
    temp_dir dir;
    for(unsigned mode : {01777u, 01770u})
    {
        BOOST_TEST_CONTEXT("directory mode " << std::oct << mode)
        {
            fs::path const tmp = sticky_directory(dir, "tmp" + std::to_string(mode), 0, mode);
            put_file(tmp / "app.conf", "the attacker's\n");
            BOOST_REQUIRE(::chown((tmp / "app.conf").c_str(), other_user, other_user) == 0);
            BOOST_TEST(save(tmp / "app.conf") == durable::error::unsafe_file);
            BOOST_TEST(read_file(tmp / "app.conf") == std::optional<std::string>("the attacker's\n"));
            BOOST_TEST(list_dir(tmp) == std::vector<std::string>{"app.conf"}, boost::test_tools::per_element());
        }
    }
    // The directory's owner's file, and any file of a directory that is not sticky, are saved as ever.
    fs::path const theirs = sticky_directory(dir, "theirs", other_user);
    put_file(theirs / "app.conf", "old\n");
    BOOST_REQUIRE(::chown((theirs / "app.conf").c_str(), other_user, other_user) == 0);
    BOOST_TEST(!save(theirs / "app.conf"));
    BOOST_TEST(stat_owner(theirs / "app.conf") == other_user);
    fs::path const open = sticky_directory(dir, "open", 0, 0777);
    put_file(open / "app.conf", "old\n");
    BOOST_REQUIRE(::chown((open / "app.conf").c_str(), other_user, other_user) == 0);
    BOOST_TEST(!save(open / "app.conf"));
    BOOST_TEST(stat_owner(open / "app.conf") == other_user);
}

// An unprivileged user saves their own file in /tmp as ever.
BOOST_AUTO_TEST_CASE(ones_own_file_in_a_sticky_directory_is_saved)
{
    if(!running_as_root("needs root to act as another user"))
        return;
    temp_dir dir;
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::path const tmp = sticky_directory(dir, "tmp");
    int const status = run_in_child([&] {
        if(::setgid(other_user) != 0 || ::setuid(other_user) != 0)
            return 10;
        boost::system::error_code ec;
        durable::write_file(tmp / "mine.conf", "1", {}, ec);
        if(ec)
            return 1;
        fs::create_symlink("mine.conf", tmp / "my-link");
        durable::write_file(tmp / "my-link", "2", {}, ec);
        return ec ? 2 : 0;
    });
    BOOST_TEST(status == 0);
    BOOST_TEST(read_file(tmp / "mine.conf") == std::optional<std::string>("2"));
}

// Links are followed one at a time, each relative to the directory that
// holds it, through directories that are themselves links, back up with
// "..", and up to the kernel's limit.
BOOST_AUTO_TEST_CASE(links_are_walked_one_at_a_time)
{
    temp_dir dir;
    fs::create_directories(dir / "a" / "b");
    fs::create_directory_symlink("a/b", dir / "ab");
    fs::create_symlink("../ab/../b/f.conf", dir / "a" / "up"); // a/../ab/../b/f.conf: ab is a/b, so a/b/../b
    fs::create_symlink(dir / "a" / "up", dir / "abs");
    BOOST_TEST(!save(dir / "abs"));
    BOOST_TEST(read_file(dir / "a" / "b" / "f.conf") == std::optional<std::string>("written by the saver\n"));
    BOOST_TEST(!save(dir / "ab" / "g.conf"));
    BOOST_TEST(fs::exists(dir / "a" / "b" / "g.conf"));

    durable::detail::target t;
    durable::file_system& fs = durable::default_file_system();
    BOOST_TEST_REQUIRE(!durable::detail::resolve_target(fs, dir / "abs", durable::symlink_policy::follow, t));
    BOOST_TEST(t.name == "f.conf");
    BOOST_TEST((t.status.kind == durable::file_kind::regular));
    durable::detail::close_handle(fs, t.dir);

    fs::create_symlink("loop2", dir / "loop1");
    fs::create_symlink("loop1", dir / "loop2");
    BOOST_TEST(save(dir / "loop1") == std::errc::too_many_symbolic_link_levels);
    BOOST_TEST(save(dir / "loop1" / "x") == std::errc::too_many_symbolic_link_levels);
    put_file(dir / "file", "");
    BOOST_TEST(save(dir / "file" / "x") == std::errc::not_a_directory);
}

// A directory the user may search but not read, on the way: passed through.
BOOST_AUTO_TEST_CASE(directories_that_may_only_be_searched_are_passed)
{
    if(!running_as_root("needs root to act as another user"))
        return;
    temp_dir dir;
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::create_directories(dir / "home" / "user" / "conf");
    BOOST_REQUIRE(::chmod((dir / "home").c_str(), 0711) == 0);
    BOOST_REQUIRE(::chown((dir / "home" / "user" / "conf").c_str(), other_user, other_user) == 0);
    fs::create_directory_symlink(dir / "home", dir / "home-link");
    int const status = run_in_child([&] {
        if(::setgid(other_user) != 0 || ::setuid(other_user) != 0)
            return 10;
        boost::system::error_code ec;
        durable::write_file(dir / "home-link" / "user" / "conf" / "s.json", "1", {}, ec);
        return ec ? 1 : 0;
    });
    BOOST_TEST(status == 0);
}

// A read takes a regular file and no more than its limit: a FIFO, a device
// or a never-ending file of /proc in its place neither hangs nor fills memory.
BOOST_AUTO_TEST_CASE(reads_take_a_bounded_regular_file)
{
    temp_dir dir;
    durable::file_system& fs = durable::default_file_system();
    durable::file_status status;
    boost::system::error_code ec;
    put_file(dir / "ten", "0123456789");
    fs::create_symlink("ten", dir / "link");
    BOOST_TEST(durable::detail::read_target(fs, dir / "link", 10, status, ec) == "0123456789");
    BOOST_TEST(!ec);
    durable::detail::read_target(fs, dir / "link", 9, status, ec);
    BOOST_TEST(ec == durable::error::file_too_large);
    BOOST_TEST(status.size == 10u);
    durable::detail::read_target(fs, dir / "missing", 9, status, ec);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);

    BOOST_REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    durable::detail::read_target(fs, dir / "fifo", 100, status, ec);
    BOOST_TEST(ec == durable::error::not_a_regular_file);
    fs::create_symlink("/dev/zero", dir / "zero");
    durable::detail::read_target(fs, dir / "zero", 100, status, ec);
    BOOST_TEST(ec == durable::error::not_a_regular_file);
    durable::detail::read_target(fs, "/proc/self/maps", 100, status, ec);
    BOOST_TEST(ec == durable::error::file_too_large);
    durable::detail::read_target(fs, dir.path(), 100, status, ec);
    BOOST_TEST(ec == std::errc::is_a_directory);
}

BOOST_AUTO_TEST_CASE(reads_follow_links_by_the_same_rules)
{
    if(!running_as_root("needs root to make links of another user"))
        return;
    temp_dir dir;
    victim v(dir);
    fs::path const tmp = sticky_directory(dir, "tmp");
    link_owned_by(v.path, tmp / "app.conf", other_user);
    durable::file_status status;
    boost::system::error_code ec;
    std::string const content = durable::detail::read_target(
        durable::default_file_system(), tmp / "app.conf", 1000, status, ec);
    BOOST_TEST(ec == durable::error::unsafe_symlink);
    BOOST_TEST(content.empty());
}

BOOST_AUTO_TEST_SUITE_END()
