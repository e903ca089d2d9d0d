//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE write_file
#include "support.hpp"

#include <durable/error.hpp>
#include <durable/save_error.hpp>
#include <durable/test/fault_file_system.hpp>
#include <durable/write_file.hpp>

#include <cerrno>
#include <cstring>
#include <functional>

#if !defined(_WIN32)
#include <fcntl.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#endif

namespace {

using namespace durable_test;
using durable::test::fault_file_system;
using durable::test::fs_call;
using durable::test::recorded_call;

// The save failed with `expected` (an error code, a durable::error or a
// std::errc) in `where`, as the throwing form says it.
template<class Expected>
void check_failure(
    fs::path const& target, std::string_view content, durable::write_options const& options,
    durable::step where, Expected expected)
{
    try
    {
        durable::write_file(target, content, options);
        BOOST_ERROR("the save succeeded");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(e.code() == expected);
        BOOST_TEST(e.step() == where);
        BOOST_TEST(e.path() == target);
    }
}

// Whether a call concerns the temporary file rather than the target or its directory.
bool concerns_temp(recorded_call const& call)
{
    return call.name.find(".durable-") != std::string::npos;
}

// The step each call of the protocol belongs to. Reading the target's
// attributes is part of inspecting it; inspecting the temporary file, and
// giving it the target's attributes, part of setting its mode; a close is the temporary file's when it
// names it, else the directory's.
durable::step step_of(recorded_call const& call)
{
    switch(call.call)
    {
    case fs_call::open_directory: return durable::step::open;
    case fs_call::status: return concerns_temp(call) ? durable::step::chmod : durable::step::resolve;
    case fs_call::read_link: return durable::step::resolve;
    case fs_call::list_attributes: return durable::step::resolve;
    case fs_call::read_attribute: return concerns_temp(call) ? durable::step::chmod : durable::step::resolve;
    case fs_call::write_attribute: return durable::step::chmod;
    case fs_call::remove_attribute: return durable::step::chmod;
    case fs_call::create_file: return durable::step::create;
    case fs_call::change_owner: return durable::step::chown;
    case fs_call::change_mode: return durable::step::chmod;
    case fs_call::write: return durable::step::write;
    case fs_call::sync_data: return durable::step::sync;
    case fs_call::close: return durable::step::close;
    case fs_call::rename: return durable::step::rename;
    case fs_call::sync_directory: return durable::step::dirsync;
    default: return durable::step::sweep;
    }
}

bool closes_directory(recorded_call const& call)
{
    return call.call == fs_call::close && !concerns_temp(call);
}

// What the test starts from: nothing, or an old content owned by `uid`.
struct old_state
{
    std::optional<std::string> content;
    std::optional<unsigned> uid;

    void restore(fs::path const& target) const
    {
        std::error_code ec;
        fs::remove(target, ec);
        if(!content)
            return;
        put_file(target, *content);
#if !defined(_WIN32)
        if(uid)
            BOOST_REQUIRE(::chown(target.c_str(), *uid, *uid) == 0);
#endif
    }
};

// The calls of one save of `target`, as it is now.
std::vector<recorded_call> calls_of_next_save(fs::path const& target)
{
    fault_file_system fault;
    durable::write_options options;
    options.fs = &fault;
    durable::write_file(target, "recorded", options);
    return fault.calls();
}

// The calls of one save of `target` from the state `old`. A first save
// beforehand makes sure that the once-per-process sweep of orphans is not
// part of them.
std::vector<recorded_call> calls_of_save(fs::path const& target, old_state const& old)
{
    durable::write_file(target, "warm-up");
    old.restore(target);
    std::vector<recorded_call> calls = calls_of_next_save(target);
    old.restore(target);
    return calls;
}

// Errors each call of a save is made to fail with, as errno values (which
// fault_file_system gives in the generic category on Windows, whose system
// category holds GetLastError() values): an I/O error, a full disk, a
// refusal, and a quota where the system has quotas.
std::vector<int> const injected_errors = {EIO, ENOSPC, EACCES,
#if defined(EDQUOT)
    EDQUOT,
#endif
};

// What a save failed by an injected error reports: the error itself, in
// the category fault_file_system gives it.
boost::system::error_code injected(int err)
{
#if defined(_WIN32)
    return {err, boost::system::generic_category()};
#else
    return {err, boost::system::system_category()};
#endif
}

void run_fail_matrix(old_state const& old)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    old.restore(target);
    std::vector<recorded_call> const calls = calls_of_save(target, old);
    BOOST_TEST_MESSAGE("a save makes " << calls.size() << " calls");
    for(std::size_t nth = 1; nth <= calls.size(); ++nth)
    {
        for(int err : injected_errors)
        {
            boost::system::error_code const os_error = injected(err);
            BOOST_TEST_CONTEXT("call " << nth << " (" << to_string(calls[nth - 1].call)
                << ") fails with " << os_error.message())
            {
                old.restore(target);
#if !defined(_WIN32)
                auto const descriptors = open_descriptors();
#endif
                fault_file_system fault;
                fault.fail_call(nth, err);
                durable::write_options options;
                options.fs = &fault;
                recorded_call const& call = calls[nth - 1];
                if(closes_directory(call))
                {
                    // The directory was only read: its close cannot lose data.
                    durable::write_file(target, "new", options);
                    BOOST_TEST(read_file(target) == std::optional<std::string>("new"));
                }
                else if(call.call == fs_call::sync_directory)
                {
                    try
                    {
                        durable::write_file(target, "new", options);
                        BOOST_ERROR("a failed directory sync was reported as success");
                    }
                    catch(durable::save_error const& e)
                    {
                        BOOST_TEST(e.code() == durable::error::durability_unknown);
                        BOOST_TEST(e.cause() == os_error);
                        BOOST_TEST(e.step() == durable::step::dirsync);
                    }
                    BOOST_TEST(read_file(target) == std::optional<std::string>("new"));
                }
                else
                {
                    check_failure(target, "new", options, step_of(call), os_error);
                    BOOST_TEST(read_file(target) == old.content);
                }
                std::vector<std::string> const expected_names =
                    old.content || closes_directory(call) || call.call == fs_call::sync_directory
                        ? std::vector<std::string>{"settings.json"}
                        : std::vector<std::string>{};
                BOOST_TEST(list_dir(dir.path()) == expected_names, boost::test_tools::per_element());
#if !defined(_WIN32)
                BOOST_TEST(open_descriptors() == descriptors, boost::test_tools::per_element());
#endif
            }
        }
    }
}

// Every outcome of a crash after each call of one save; the violations of
// G2 (old or new, complete) and G3 (done means durable) it finds.
std::vector<std::string> crash_matrix_violations(
    fs::path const& target, std::vector<fs_call> const& skipped_syncs)
{
    std::string const old_content = "old content\n";
    std::string const new_content = "new content, longer than the old one\n";
    std::size_t const calls = calls_of_save(target, {old_content, std::nullopt}).size();
    std::vector<std::string> violations;
    for(std::size_t nth = 1; nth <= calls; ++nth)
    {
        put_file(target, old_content);
        fault_file_system fault;
        for(fs_call skipped : skipped_syncs)
            fault.skip_syncs(skipped);
        fault.crash_after(nth);
        durable::write_options options;
        options.fs = &fault;
        durable::write_file(target, new_content, options);
        std::optional<std::string> const after = fault.crash_image().read(target);
        std::string const where = "crash after call " + std::to_string(nth) + ": ";
        if(after != old_content && after != new_content)
            violations.push_back(where + "torn, empty or missing: '" + after.value_or("<missing>") + "'");
        else if(nth == calls && after != new_content)
            violations.push_back(where + "a save reported as done was lost");
    }
    return violations;
}

#if !defined(_WIN32)
struct stat stat_of(fs::path const& p)
{
    struct stat st;
    BOOST_REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st;
}

unsigned mode_of(fs::path const& p)
{
    return stat_of(p).st_mode & 07777;
}

// The calls that change a file's metadata. Each makes the kernel begin a
// change (a journal handle, a log reservation) even where it changes
// nothing, so a save makes one only where the file needs it.
std::vector<fs_call> metadata_changes(std::vector<recorded_call> const& calls)
{
    std::vector<fs_call> changes;
    for(recorded_call const& call : calls)
    {
        if(call.call == fs_call::change_mode || call.call == fs_call::change_owner ||
           call.call == fs_call::write_attribute || call.call == fs_call::remove_attribute)
            changes.push_back(call.call);
    }
    return changes;
}

// The umask for a scope, so that what open(2) gives a new file does not
// depend on the umask the tests were started with.
class scoped_umask
{
public:
    explicit scoped_umask(mode_t mask) noexcept
        : previous_(::umask(mask))
    {
    }
    scoped_umask(scoped_umask const&) = delete;
    scoped_umask& operator=(scoped_umask const&) = delete;
    ~scoped_umask() { ::umask(previous_); }

private:
    mode_t previous_;
};

// The calls of a save, for a message.
std::string names_of(std::vector<recorded_call> const& calls)
{
    std::string names;
    for(recorded_call const& call : calls)
        names += std::string(names.empty() ? "" : ", ") + to_string(call.call);
    return names;
}
#endif

} // namespace

BOOST_AUTO_TEST_SUITE(write_file_test)

BOOST_AUTO_TEST_CASE(round_trips)
{
    temp_dir dir;
    std::vector<std::pair<std::string, std::string>> const cases = {
        {"empty", ""},
        {"binary", binary_payload(1 << 20)},
        {"name with spaces.conf", "spaces\n"},
        {"r\xc3\xa9glages \xe8\xa8\xad\xe5\xae\x9a.json", "{\"utf-8\": true}\n"},
        {std::string(200, 'n'), "a name too long to take a suffix whole\n"}};
    for(auto const& [name, content] : cases)
    {
        BOOST_TEST_CONTEXT("file '" << name << "'")
        {
            durable::write_file(dir / name, content);
            BOOST_TEST(read_file(dir / name) == std::optional<std::string>(content));
            durable::write_file(dir / name, content + "again");
            BOOST_TEST(read_file(dir / name) == std::optional<std::string>(content + "again"));
        }
    }
    BOOST_TEST(list_dir(dir.path()).size() == cases.size());
}

BOOST_AUTO_TEST_CASE(error_code_form_reports_without_throwing)
{
    temp_dir dir;
    boost::system::error_code ec;
    durable::write_file(dir / "missing-dir" / "file", "x", {}, ec);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);
    durable::write_file(dir / "file", "x", {}, ec);
    BOOST_TEST(!ec);
    BOOST_TEST(read_file(dir / "file") == std::optional<std::string>("x"));
}

BOOST_AUTO_TEST_CASE(message_names_path_step_and_cause)
{
    temp_dir dir;
    fs::path const target = dir / "missing-dir" / "settings.json";
    try
    {
        durable::write_file(target, "x");
        BOOST_ERROR("no exception");
    }
    catch(boost::system::system_error const& e)
    {
        // The system's words for the cause: "No such file or directory" on
        // Linux, "The system cannot find the path specified." on Windows.
        BOOST_TEST(e.code() == std::errc::no_such_file_or_directory);
        BOOST_TEST(std::string(e.what()) == target.string() + ": open: " + e.code().message());
    }
}

BOOST_AUTO_TEST_CASE(atomic_durability_makes_no_sync)
{
    temp_dir dir;
    fault_file_system fault;
    durable::write_options options;
    options.durability = durable::durability::atomic;
    options.fs = &fault;
    durable::write_file(dir / "f", "content", options);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("content"));
    for(recorded_call const& call : fault.calls())
        BOOST_TEST((call.call != fs_call::sync_data && call.call != fs_call::sync_directory));
}

BOOST_AUTO_TEST_CASE(short_writes_are_completed)
{
    temp_dir dir;
    fault_file_system fault;
    fault.limit_write_size(4093);
    durable::write_options options;
    options.fs = &fault;
    std::string const content = binary_payload(1 << 20, 7);
    durable::write_file(dir / "f", content, options);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>(content));
}

BOOST_AUTO_TEST_CASE(targets_that_are_not_files_are_refused)
{
    temp_dir dir;
    fs::create_directory(dir / "directory");
    check_failure(dir / "directory", "x", {}, durable::step::resolve,
        std::errc::is_a_directory);
    check_failure(dir.path() / "", "x", {}, durable::step::resolve,
        std::errc::is_a_directory);
#if !defined(_WIN32)
    BOOST_REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    check_failure(dir / "fifo", "x", {}, durable::step::resolve, durable::error::not_a_regular_file);
    BOOST_TEST(fs::is_fifo(dir / "fifo"));
#endif
}

BOOST_AUTO_TEST_CASE(fail_matrix_existing_target)
{
    run_fail_matrix({std::string("old content\n"), std::nullopt});
}

BOOST_AUTO_TEST_CASE(fail_matrix_new_target)
{
    run_fail_matrix({std::nullopt, std::nullopt});
}

BOOST_AUTO_TEST_CASE(interrupted_calls_are_retried)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    std::size_t const calls = calls_of_save(target, {std::string("old"), std::nullopt}).size();
    for(std::size_t nth = 1; nth <= calls; ++nth)
    {
        BOOST_TEST_CONTEXT("call " << nth << " is interrupted")
        {
            put_file(target, "old");
            fault_file_system fault;
            fault.fail_call(nth, EINTR);
            durable::write_options options;
            options.fs = &fault;
            durable::write_file(target, "new", options);
            BOOST_TEST(read_file(target) == std::optional<std::string>("new"));
            BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"settings.json"}, boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(failed_sync_is_never_retried)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    fault_file_system fault;
    fault.fail_call(fs_call::sync_data, 1, injected_errors.front());
    durable::write_options options;
    options.fs = &fault;
    boost::system::error_code ec;
    durable::write_file(dir / "f", "new", options, ec);
    BOOST_TEST(ec == injected(injected_errors.front()));
    std::size_t syncs = 0;
    for(recorded_call const& call : fault.calls())
        syncs += call.call == fs_call::sync_data;
    BOOST_TEST(syncs == 1u);
}

BOOST_AUTO_TEST_CASE(crash_at_any_point_leaves_old_or_new)
{
    temp_dir dir;
    std::vector<std::string> const violations = crash_matrix_violations(dir / "settings.json", {});
    BOOST_TEST(violations.empty(), "violations: " << violations.size()
        << (violations.empty() ? "" : ", first: " + violations.front()));
}

// write_options::keep_backup's promise, by a crash after every call of a
// save: the target holds the old content, or the new one with the old one
// in the backup; never the new content with the old one lost.
BOOST_AUTO_TEST_CASE(a_crash_at_any_point_keeps_the_old_content_in_the_target_or_the_backup)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    fs::path const backup = dir / "settings.json.bak";
    auto const start = [&] {
        put_file(target, "old\n");
        put_file(backup, "older\n");
    };
    durable::write_options options;
    options.keep_backup = true;
    start();
    durable::write_file(target, "warm-up", options); // the sweep of orphans, once per process
    start();
    fault_file_system counting;
    options.fs = &counting;
    durable::write_file(target, "new\n", options);
    std::size_t const calls = counting.call_count();
    for(std::size_t nth = 1; nth <= calls; ++nth)
    {
        BOOST_TEST_CONTEXT("crash after call " << nth << " of " << calls)
        {
            start();
            fault_file_system fault;
            fault.crash_after(nth);
            options.fs = &fault;
            durable::write_file(target, "new\n", options);
            durable::test::disk_image const image = fault.crash_image();
            std::optional<std::string> const now = image.read(target);
            std::optional<std::string> const kept = image.read(backup);
            if(now == std::optional<std::string>("new\n"))
            {
                BOOST_TEST(kept == std::optional<std::string>("old\n"));
            }
            else
            {
                BOOST_TEST(now == std::optional<std::string>("old\n"));
                bool const either = kept == std::optional<std::string>("older\n") ||
                    kept == std::optional<std::string>("old\n");
                BOOST_TEST(either, "the backup holds " << kept.value_or("<missing>"));
                BOOST_TEST(nth < calls, "a save reported as done was lost");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(crash_matrix_catches_a_writer_without_directory_sync)
{
    temp_dir dir;
    std::vector<std::string> const violations =
        crash_matrix_violations(dir / "settings.json", {fs_call::sync_directory});
    BOOST_TEST_REQUIRE(!violations.empty());
    BOOST_TEST(violations.back().find("reported as done was lost") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(crash_matrix_catches_a_writer_without_data_sync)
{
    temp_dir dir;
    std::vector<std::string> const violations =
        crash_matrix_violations(dir / "settings.json", {fs_call::sync_data});
    BOOST_TEST_REQUIRE(!violations.empty());
    BOOST_TEST(violations.front().find("torn, empty or missing") != std::string::npos);
}

#if !defined(_WIN32)
// What only POSIX systems have: modes, owners, ACLs and other extended
// attributes, links (Wine makes none), FIFOs, mounts, EINTR, and readers
// in other processes.

// A file name may hold a newline or an escape sequence: the message stays
// one line and shows them escaped; path() keeps the name as it is.
BOOST_AUTO_TEST_CASE(message_escapes_the_path)
{
    temp_dir dir;
    fs::path const target = dir / "no\ndir\x1b[2J" / "a\\b";
    try
    {
        durable::write_file(target, "x");
        BOOST_ERROR("no exception");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(std::string(e.what()) ==
            dir.path().string() + "/no\\ndir\\x1b[2J/a\\\\b: open: No such file or directory");
        BOOST_TEST(e.path() == target);
    }
}

BOOST_AUTO_TEST_CASE(mode_is_kept)
{
    temp_dir dir;
    for(unsigned mode : {0600u, 0640u, 0604u, 0666u, 0700u})
    {
        put_file(dir / "f", "old");
        BOOST_REQUIRE(::chmod((dir / "f").c_str(), mode) == 0);
        durable::write_file(dir / "f", "new");
        BOOST_TEST(mode_of(dir / "f") == mode);
    }
}

BOOST_AUTO_TEST_CASE(new_file_honours_the_umask)
{
    temp_dir dir;
    mode_t const previous = ::umask(027);
    durable::write_file(dir / "f", "new");
    ::umask(previous);
    BOOST_TEST(mode_of(dir / "f") == 0640u);
}

BOOST_AUTO_TEST_CASE(explicit_mode_is_applied)
{
    temp_dir dir;
    durable::write_options options;
    options.mode = 0604;
    durable::write_file(dir / "new", "x", options);
    BOOST_TEST(mode_of(dir / "new") == 0604u);
    put_file(dir / "old", "x");
    options.mode = 0600;
    durable::write_file(dir / "old", "y", options);
    BOOST_TEST(mode_of(dir / "old") == 0600u);
    // The umask does not apply to a mode asked for.
    scoped_umask const mask(077);
    options.mode = 0644;
    durable::write_file(dir / "masked", "z", options);
    BOOST_TEST(mode_of(dir / "masked") == 0644u);
}

// The modes of the temporary file from its creation to its rename: a save
// of `target` stops before each call after the creation to look.
std::vector<unsigned> temporary_modes_while_written(
    fs::path const& target, std::string const& content, durable::write_options options)
{
    fault_file_system fault;
    std::vector<unsigned> modes;
    fs::path const dir = target.parent_path();
    using durable::test::fs_call;
    for(fs_call const call : {fs_call::status, fs_call::read_attribute, fs_call::change_owner, fs_call::change_mode,
            fs_call::write_attribute, fs_call::remove_attribute, fs_call::write, fs_call::sync_data, fs_call::close,
            fs_call::rename})
    {
        fault.before_call(call, [&] {
            for(std::string const& name : list_dir(dir))
                if(name.find(".durable-") != std::string::npos)
                    modes.push_back(mode_of(dir / name));
        });
    }
    options.fs = &fault;
    durable::write_file(target, content, options);
    return modes;
}

// G8: the new content is never more readable than the target, not even
// for the moment before the temporary file gets its final mode. Under a
// umask of 0, a temporary file created with the usual 0666 would be.
BOOST_AUTO_TEST_CASE(the_temporary_file_is_never_more_readable_than_the_target)
{
    temp_dir dir;
    scoped_umask const mask(0);
    put_file(dir / "secret", "old");
    BOOST_REQUIRE(::chmod((dir / "secret").c_str(), 0600) == 0);
    for(unsigned const mode : temporary_modes_while_written(dir / "secret", "new", {}))
        BOOST_TEST((mode & ~0600u) == 0u, std::oct << mode);
    BOOST_TEST(mode_of(dir / "secret") == 0600u);

    // A mode asked for is the target's: the content is never written under
    // more than it.
    durable::write_options owner_only;
    owner_only.mode = 0600;
    put_file(dir / "shared", "old");
    std::vector<unsigned> const modes = temporary_modes_while_written(dir / "shared", "new", owner_only);
    BOOST_TEST(!modes.empty());
    for(unsigned const mode : modes)
        BOOST_TEST((mode & ~0600u) == 0u, std::oct << mode);
    BOOST_TEST(mode_of(dir / "shared") == 0600u);
}

BOOST_AUTO_TEST_CASE(owner_is_kept)
{
    if(!running_as_root("changing a file's owner needs root"))
        return;
    temp_dir dir;
    put_file(dir / "f", "old");
    BOOST_REQUIRE(::chown((dir / "f").c_str(), 65534, 65534) == 0);
    BOOST_REQUIRE(::chmod((dir / "f").c_str(), 02640) == 0);
    durable::write_file(dir / "f", "new");
    struct stat const st = stat_of(dir / "f");
    BOOST_TEST(st.st_uid == 65534u);
    BOOST_TEST(st.st_gid == 65534u);
    // chown clears set-id bits, so the mode must be set after the owner.
    BOOST_TEST((st.st_mode & 07777) == 02640u);
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("new"));
}

// An access ACL in the form the kernel keeps in system.posix_acl_access.
struct acl_entry
{
    std::uint16_t tag;
    std::uint16_t perm;
    std::uint32_t id;
};

constexpr std::uint16_t acl_user_obj = 0x01, acl_user = 0x02, acl_group_obj = 0x04, acl_mask = 0x10,
    acl_other = 0x20;
constexpr std::uint32_t acl_no_id = 0xffffffffu;

std::string acl_value(std::vector<acl_entry> const& entries)
{
    std::string value;
    auto const put = [&](std::uint64_t v, int bytes) {
        for(int i = 0; i < bytes; ++i)
            value += static_cast<char>((v >> (8 * i)) & 0xff);
    };
    put(2, 4); // the version of the format
    for(acl_entry const& e : entries)
    {
        put(e.tag, 2);
        put(e.perm, 2);
        put(e.id, 4);
    }
    return value;
}

std::optional<std::string> attribute_of(fs::path const& p, char const* name)
{
    char buffer[1024];
    ssize_t const n = ::lgetxattr(p.c_str(), name, buffer, sizeof buffer);
    if(n < 0)
        return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(n));
}

bool set_attribute(fs::path const& p, char const* name, std::string const& value)
{
    return ::lsetxattr(p.c_str(), name, value.data(), value.size(), 0) == 0;
}

// group::---, a mask, one named user with access: the file is no more
// readable than that, and that user keeps its access.
std::string const restrictive_acl = acl_value({{acl_user_obj, 6, acl_no_id}, {acl_user, 4, 65534},
    {acl_group_obj, 0, acl_no_id}, {acl_mask, 4, acl_no_id}, {acl_other, 0, acl_no_id}});

BOOST_AUTO_TEST_CASE(the_access_acl_is_kept)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    if(!set_attribute(dir / "f", "system.posix_acl_access", restrictive_acl))
    {
        BOOST_TEST_MESSAGE("skipped: no ACLs on this file system");
        return;
    }
    unsigned const mode = mode_of(dir / "f");
    ino_t const inode = stat_of(dir / "f").st_ino;
    durable::write_file(dir / "f", "new");
    BOOST_TEST(stat_of(dir / "f").st_ino != inode);
    BOOST_TEST(attribute_of(dir / "f", "system.posix_acl_access") == std::optional<std::string>(restrictive_acl));
    BOOST_TEST(mode_of(dir / "f") == mode);
}

// A default ACL that gives a new file more than its mode: a named user
// with read and write access.
std::string const widening_default_acl = acl_value({{acl_user_obj, 7, acl_no_id}, {acl_user, 6, 65534},
    {acl_group_obj, 5, acl_no_id}, {acl_mask, 7, acl_no_id}, {acl_other, 5, acl_no_id}});

// The temporary file is created with the directory's default ACL: a target
// without an ACL must not gain the access that one gives.
BOOST_AUTO_TEST_CASE(a_default_acl_does_not_widen_a_replaced_file)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    BOOST_REQUIRE(::chmod((dir / "f").c_str(), 0640) == 0);
    if(!set_attribute(dir.path(), "system.posix_acl_default", widening_default_acl))
    {
        BOOST_TEST_MESSAGE("skipped: no ACLs on this file system");
        return;
    }
    durable::write_file(dir / "f", "new");
    BOOST_TEST(!attribute_of(dir / "f", "system.posix_acl_access"));
    BOOST_TEST(mode_of(dir / "f") == 0640u);

    // A new file gets what the kernel gives any new file there.
    int const fd = ::open((dir / "touched").c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
    BOOST_REQUIRE(fd >= 0);
    ::close(fd);
    durable::write_file(dir / "new", "new");
    BOOST_TEST(attribute_of(dir / "new", "system.posix_acl_access") ==
        attribute_of(dir / "touched", "system.posix_acl_access"));
    BOOST_TEST(mode_of(dir / "new") == mode_of(dir / "touched"));
}

// The calls of a save in a long-running process (doc/design.md, section
// 5, has the table). Where no ACL is involved, nothing but the data and
// the rename changes the disk: the temporary file is inspected, never
// changed, when open(2) gave it what the target has.
BOOST_AUTO_TEST_CASE(a_save_changes_no_metadata_it_need_not)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    scoped_umask const mask(022); // open(2) gives the temporary file the target's 0644
    std::vector<recorded_call> const existing = calls_of_save(target, {std::string("old\n"), std::nullopt});
    std::vector<recorded_call> const created = calls_of_save(target, {std::nullopt, std::nullopt});
    BOOST_TEST(metadata_changes(existing).empty(), names_of(existing));
    BOOST_TEST(existing.size() == 12u, names_of(existing));
    BOOST_TEST(metadata_changes(created).empty(), names_of(created));
    BOOST_TEST(created.size() == 9u, names_of(created));
}

// An ACL costs one attribute change: the target's, set on the new file, or
// the one the new file inherited from the directory's default ACL, removed.
BOOST_AUTO_TEST_CASE(an_acl_costs_one_attribute_change)
{
    temp_dir dir;
    fs::path const target = dir / "f";
    scoped_umask const mask(022); // open(2) gives the temporary file the target's 0640
    durable::write_file(target, "old"); // the once-per-directory sweep
    if(!set_attribute(target, "system.posix_acl_access", restrictive_acl))
    {
        BOOST_TEST_MESSAGE("skipped: no ACLs on this file system");
        return;
    }
    std::vector<recorded_call> const kept = calls_of_next_save(target);
    BOOST_TEST(metadata_changes(kept) == std::vector<fs_call>{fs_call::write_attribute},
        boost::test_tools::per_element());

    BOOST_REQUIRE(::removexattr(target.c_str(), "system.posix_acl_access") == 0);
    BOOST_REQUIRE(set_attribute(dir.path(), "system.posix_acl_default", widening_default_acl));
    std::vector<recorded_call> const dropped = calls_of_next_save(target);
    BOOST_TEST(metadata_changes(dropped) == std::vector<fs_call>{fs_call::remove_attribute},
        boost::test_tools::per_element());
    BOOST_TEST(!attribute_of(target, "system.posix_acl_access"));
}

BOOST_AUTO_TEST_CASE(security_labels_are_kept)
{
    if(!running_as_root("setting a security attribute needs root"))
        return;
    temp_dir dir;
    put_file(dir / "f", "old");
    if(!set_attribute(dir / "f", "security.durable_test", "label_t"))
    {
        BOOST_TEST_MESSAGE("skipped: no security attributes on this file system");
        return;
    }
    durable::write_file(dir / "f", "new");
    BOOST_TEST(attribute_of(dir / "f", "security.durable_test") == std::optional<std::string>("label_t"));
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("new"));
}

// A label the saver may not set is not silently lost: the save fails and
// the old file stays.
BOOST_AUTO_TEST_CASE(a_label_that_cannot_be_kept_fails_the_save)
{
    if(!running_as_root("setting a security attribute needs root"))
        return;
    temp_dir dir;
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::create_directory(dir / "user");
    BOOST_REQUIRE(::chown((dir / "user").c_str(), 65534, 65534) == 0);
    fs::path const target = dir / "user" / "f";
    put_file(target, "old");
    BOOST_REQUIRE(::chown(target.c_str(), 65534, 65534) == 0);
    if(!set_attribute(target, "security.durable_test", "label_t"))
        return;
    int const status = run_in_child([&] {
        if(::setgid(65534) != 0 || ::setuid(65534) != 0)
            return 10;
        try
        {
            durable::write_file(target, "new");
            return 1;
        }
        catch(durable::save_error const& e)
        {
            return e.step() == durable::step::chmod && e.code() == std::errc::operation_not_permitted ? 0 : 2;
        }
    });
    BOOST_TEST(status == 0);
    BOOST_TEST(read_file(target) == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir / "user") == std::vector<std::string>{"f"}, boost::test_tools::per_element());
}

// A target whose attributes cannot be read is not replaced: its permissions
// could not be kept. The kernel itself fails the calls here (the system
// harness injects faults with strace, which cannot name getxattrat and
// listxattrat), on either path: the *xattrat calls or the descriptor ones.
BOOST_AUTO_TEST_CASE(a_target_whose_attributes_cannot_be_read_is_kept)
{
    temp_dir dir;
    fs::path const target = dir / "f";
    put_file(target, "old");
    int const status = run_in_child([&] {
        if(!fail_calls_on_this_thread(
               {sys_getxattrat, sys_listxattrat, SYS_flistxattr, SYS_fgetxattr, SYS_llistxattr, SYS_lgetxattr},
               EIO))
            return 0;
        try
        {
            durable::write_file(target, "new");
            return 1;
        }
        catch(durable::save_error const& e)
        {
            return e.step() == durable::step::resolve && e.code() == std::errc::io_error ? 0 : 2;
        }
    });
    BOOST_TEST(status == 0);
    BOOST_TEST(read_file(target) == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
}

// The backup is a new file with the mode, owner and ACL of the file it backs
// up: a 0600 file's old content does not become readable by all, and a
// `.bak` someone else made is replaced, never written into.
BOOST_AUTO_TEST_CASE(the_backup_has_the_permissions_of_what_it_backs_up)
{
    temp_dir dir;
    fs::path const target = dir / "secret.conf";
    put_file(target, "old secret\n");
    BOOST_REQUIRE(::chmod(target.c_str(), 0600) == 0);
    bool const acls = set_attribute(target, "system.posix_acl_access", restrictive_acl);
    put_file(dir / "secret.conf.bak", "someone's\n");
    BOOST_REQUIRE(::chmod((dir / "secret.conf.bak").c_str(), 0666) == 0);
    fs::create_hard_link(dir / "secret.conf.bak", dir / "their-link");
    if(::geteuid() == 0)
        BOOST_REQUIRE(::chown((dir / "secret.conf.bak").c_str(), 65534, 65534) == 0);
    durable::write_options options;
    options.keep_backup = true;
    durable::write_file(target, "new secret\n", options);
    fs::path const backup = dir / "secret.conf.bak";
    BOOST_TEST(read_file(backup) == std::optional<std::string>("old secret\n"));
    BOOST_TEST(mode_of(backup) == mode_of(target));
    BOOST_TEST(stat_of(backup).st_uid == stat_of(target).st_uid);
    BOOST_TEST(read_file(dir / "their-link") == std::optional<std::string>("someone's\n"));
    if(acls)
        BOOST_TEST(attribute_of(backup, "system.posix_acl_access") == std::optional<std::string>(restrictive_acl));
    else
        BOOST_TEST(mode_of(backup) == 0600u);
}

// The previous content is read from the file the save resolved: swapped
// for a link to a secret, or a FIFO, or another file, while the save runs,
// it is not read, and the save stops with nothing changed.
BOOST_AUTO_TEST_CASE(the_backup_is_read_from_the_file_the_save_resolved)
{
    temp_dir dir;
    fs::path const target = dir / "app.conf";
    put_file(dir / "secret", "a secret\n");
    BOOST_REQUIRE(::chmod((dir / "secret").c_str(), 0600) == 0);
    std::vector<std::pair<char const*, std::function<void()>>> const swaps = {
        {"a link to a secret", [&] { fs::remove(target); fs::create_symlink("secret", target); }},
        {"a FIFO", [&] { fs::remove(target); BOOST_REQUIRE(::mkfifo(target.c_str(), 0600) == 0); }},
        {"another file", [&] { fs::remove(target); put_file(target, "another file\n"); }}};
    for(auto const& [what, swap] : swaps)
    {
        BOOST_TEST_CONTEXT("the target becomes " << what)
        {
            fs::remove(target);
            fs::remove(dir / "app.conf.bak");
            put_file(target, "old\n");
            fault_file_system fault;
            fault.before_call(fs_call::read_file, swap);
            durable::write_options options;
            options.keep_backup = true;
            options.fs = &fault;
            check_failure(target, "new\n", options, durable::step::backup, durable::error::target_changed);
            BOOST_TEST(!fs::exists(dir / "app.conf.bak"));
            BOOST_TEST(list_dir(dir.path()) == (std::vector<std::string>{"app.conf", "secret"}), boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(symlink_follow_writes_through_the_link)
{
    temp_dir dir;
    fs::create_directory(dir / "real");
    put_file(dir / "real" / "settings.json", "old");
    BOOST_REQUIRE(::chmod((dir / "real" / "settings.json").c_str(), 0600) == 0);
    fs::create_symlink("real/settings.json", dir / "hop");
    fs::create_symlink(dir / "hop", dir / "link"); // absolute, then relative
    durable::write_file(dir / "link", "new");
    BOOST_TEST(fs::is_symlink(dir / "link"));
    BOOST_TEST(fs::is_symlink(dir / "hop"));
    BOOST_TEST(read_file(dir / "real" / "settings.json") == std::optional<std::string>("new"));
    BOOST_TEST(mode_of(dir / "real" / "settings.json") == 0600u);
    BOOST_TEST(list_dir(dir / "real") == std::vector<std::string>{"settings.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(symlink_follow_syncs_the_target_directory)
{
    temp_dir dir;
    fs::create_directory(dir / "real");
    put_file(dir / "real" / "settings.json", "old");
    fs::create_symlink("real/settings.json", dir / "link");
    fault_file_system fault;
    durable::write_options options;
    options.fs = &fault;
    durable::write_file(dir / "link", "new", options);
    // Only the real directory's sync makes the rename durable.
    BOOST_TEST(fault.crash_image().read(dir / "real" / "settings.json") == std::optional<std::string>("new"));
}

BOOST_AUTO_TEST_CASE(symlink_follow_creates_a_dangling_target)
{
    temp_dir dir;
    fs::create_symlink("created.json", dir / "link");
    durable::write_file(dir / "link", "new");
    BOOST_TEST(fs::is_symlink(dir / "link"));
    BOOST_TEST(read_file(dir / "created.json") == std::optional<std::string>("new"));
}

BOOST_AUTO_TEST_CASE(symlink_replace_replaces_the_link)
{
    temp_dir dir;
    put_file(dir / "real", "old");
    fs::create_symlink("real", dir / "link");
    durable::write_options options;
    options.symlinks = durable::symlink_policy::replace;
    durable::write_file(dir / "link", "new", options);
    BOOST_TEST(!fs::is_symlink(dir / "link"));
    BOOST_TEST(read_file(dir / "link") == std::optional<std::string>("new"));
    BOOST_TEST(read_file(dir / "real") == std::optional<std::string>("old"));
}

BOOST_AUTO_TEST_CASE(symlink_refuse_changes_nothing)
{
    temp_dir dir;
    put_file(dir / "real", "old");
    fs::create_symlink("real", dir / "link");
    durable::write_options options;
    options.symlinks = durable::symlink_policy::refuse;
    check_failure(dir / "link", "new", options, durable::step::resolve, durable::error::symlink_refused);
    BOOST_TEST(fs::is_symlink(dir / "link"));
    BOOST_TEST(read_file(dir / "real") == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir.path()).size() == 2u);
}

BOOST_AUTO_TEST_CASE(symlink_loop_is_an_error)
{
    temp_dir dir;
    fs::create_symlink("b", dir / "a");
    fs::create_symlink("a", dir / "b");
    check_failure(dir / "a", "new", {}, durable::step::resolve,
        std::errc::too_many_symbolic_link_levels);
}

BOOST_AUTO_TEST_CASE(unwritable_directory)
{
    if(!running_as_root("needs root to run the check as the unprivileged user 65534"))
        return;
    temp_dir dir;
    fs::create_directory(dir / "locked");
    BOOST_REQUIRE(::chmod(dir.path().c_str(), 0755) == 0);
    fs::path const target = dir / "locked" / "settings.json";
    put_file(target, "old");
    BOOST_REQUIRE(::chmod(target.c_str(), 0666) == 0);
    int const status = run_in_child([&] {
        if(::setgid(65534) != 0 || ::setuid(65534) != 0)
            return 10;
        try
        {
            durable::write_file(target, "new");
            return 11;
        }
        catch(durable::save_error const& e)
        {
            bool const right = e.step() == durable::step::create && e.code() == std::errc::permission_denied;
            return right ? 0 : 12;
        }
    });
    BOOST_TEST(status == 0);
    BOOST_TEST(read_file(target) == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir / "locked") == std::vector<std::string>{"settings.json"}, boost::test_tools::per_element());
}

// A tmpfs mounted for one test, unmounted afterwards.
class small_mount
{
public:
    small_mount(fs::path where, char const* options)
        : path_(std::move(where))
    {
        fs::create_directory(path_);
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options) == 0;
        if(!mounted_)
            BOOST_TEST_MESSAGE("skipped: cannot mount a tmpfs here: " << std::strerror(errno));
    }

    ~small_mount()
    {
        if(mounted_)
            ::umount2(path_.c_str(), MNT_DETACH);
    }

    bool mounted() const noexcept { return mounted_; }

    bool remount_read_only()
    {
        return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    fs::path path_;
    bool mounted_ = false;
};

BOOST_AUTO_TEST_CASE(read_only_file_system)
{
    temp_dir dir;
    small_mount mount(dir / "ro", "size=1m");
    if(!mount.mounted())
        return;
    fs::path const target = dir / "ro" / "settings.json";
    put_file(target, "old");
    BOOST_REQUIRE(mount.remount_read_only());
    check_failure(target, "new", {}, durable::step::create,
        std::errc::read_only_file_system);
    BOOST_TEST(read_file(target) == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir / "ro") == std::vector<std::string>{"settings.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(full_file_system)
{
    temp_dir dir;
    small_mount mount(dir / "full", "size=256k");
    if(!mount.mounted())
        return;
    fs::path const target = dir / "full" / "settings.json";
    put_file(target, "old");
    {
        // Fill what is left with a file of its own.
        std::ofstream filler(dir / "full" / "filler", std::ios::binary);
        std::string const block(4096, 'f');
        while(filler.write(block.data(), static_cast<std::streamsize>(block.size())))
            ;
    }
    boost::system::error_code ec;
    durable::write_file(target, binary_payload(64 * 1024), {}, ec);
    BOOST_TEST(ec == std::errc::no_space_on_device);
    check_failure(target, binary_payload(64 * 1024), {}, durable::step::write,
        std::errc::no_space_on_device);
    BOOST_TEST(read_file(target) == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir / "full") == (std::vector<std::string>{"filler", "settings.json"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fail_matrix_target_of_another_owner)
{
    if(!running_as_root("the chown step needs root"))
        return;
    run_fail_matrix({std::string("old content\n"), 65534u});
}

// Every version is "<n> <length>\n" and a body that depends on n: a reader
// can tell a complete version from a torn, empty or mixed one.
std::string version(int n)
{
    std::string body = binary_payload(4096 + static_cast<std::size_t>(n % 97) * 61, static_cast<unsigned>(n));
    return std::to_string(n) + " " + std::to_string(body.size()) + "\n" + body;
}

bool is_complete_version(std::string const& content)
{
    std::istringstream in(content);
    int n = -1;
    std::size_t length = 0;
    if(!(in >> n >> length) || n < 0)
        return false;
    return content == version(n);
}

// Reads `target` until the pipe `stop` closes; exits with 0 if every read
// was a complete version, and writes how many reads it made to `report`.
int reader(fs::path const& target, int stop, int report)
{
    long reads = 0;
    long bad = 0;
    pollfd p{stop, POLLIN, 0};
    while(::poll(&p, 1, 0) == 0)
    {
        std::optional<std::string> const content = read_file(target);
        ++reads;
        if(!content || !is_complete_version(*content))
            ++bad;
    }
    long const figures[2] = {reads, bad};
    if(::write(report, figures, sizeof figures) != static_cast<ssize_t>(sizeof figures))
        return 3;
    return bad == 0 ? 0 : 1;
}

BOOST_AUTO_TEST_CASE(readers_never_see_a_torn_file)
{
    temp_dir dir;
    fs::path const target = dir / "settings.json";
    durable::write_file(target, version(0));
    int stop[2];
    int report[2];
    BOOST_REQUIRE(::pipe(stop) == 0);
    BOOST_REQUIRE(::pipe(report) == 0);
    constexpr int reader_count = 2;
    std::vector<pid_t> readers;
    for(int i = 0; i < reader_count; ++i)
    {
        pid_t const pid = ::fork();
        BOOST_REQUIRE(pid >= 0);
        if(pid == 0)
        {
            ::close(stop[1]);
            ::_exit(reader(target, stop[0], report[1]));
        }
        readers.push_back(pid);
    }
    ::close(stop[0]);
    constexpr int saves = 2000;
    for(int n = 1; n <= saves; ++n)
        durable::write_file(target, version(n));
    ::close(stop[1]);
    long total_reads = 0;
    long total_bad = 0;
    for(pid_t pid : readers)
    {
        int status = 0;
        ::waitpid(pid, &status, 0);
        long figures[2] = {0, 0};
        BOOST_TEST(::read(report[0], figures, sizeof figures) == static_cast<ssize_t>(sizeof figures));
        total_reads += figures[0];
        total_bad += figures[1];
        BOOST_TEST(WIFEXITED(status));
    }
    ::close(report[0]);
    ::close(report[1]);
    BOOST_TEST_MESSAGE(saves << " saves, " << total_reads << " reads, " << total_bad << " bad");
    BOOST_TEST(total_bad == 0);
    BOOST_TEST(total_reads > 0);
    BOOST_TEST(read_file(target) == std::optional<std::string>(version(saves)));
}
#endif

BOOST_AUTO_TEST_SUITE_END()
