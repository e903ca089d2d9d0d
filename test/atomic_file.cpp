//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE atomic_file
#include "support.hpp"

#include <durable/atomic_file.hpp>
#include <durable/detail/fnv1a.hpp>
#include <durable/drop_handler.hpp>
#include <durable/error.hpp>
#include <durable/save_error.hpp>
#include <durable/test/fault_file_system.hpp>

#include <cerrno>

namespace {

using namespace durable_test;

// Counts drops instead of aborting, for the length of a test.
class recording_drop_handler
{
public:
    recording_drop_handler()
    {
        previous_ = durable::set_drop_handler([this](durable::drop_event const& e) {
            paths.push_back(e.path);
        });
    }

    ~recording_drop_handler() { durable::set_drop_handler(std::move(previous_)); }

    std::vector<fs::path> paths;

private:
    durable::drop_handler previous_;
};

// The FNV-1a hash of what a reader sees, to compare 64 MiB without a copy.
std::uint64_t hash_of_file(fs::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    std::uint64_t h = durable::detail::fnv1a_basis;
    char buffer[65536];
    while(in.read(buffer, sizeof buffer) || in.gcount() > 0)
        h = durable::detail::fnv1a({buffer, static_cast<std::size_t>(in.gcount())}, h);
    return h;
}

} // namespace

BOOST_AUTO_TEST_SUITE(atomic_file_test)

BOOST_AUTO_TEST_CASE(pieces_become_one_file_on_commit)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    durable::atomic_file file(dir / "f");
    BOOST_TEST(file.is_open());
    file.write("one ");
    file.write(std::string_view("two "));
    file.write("three", 5);
    // Until the commit, readers see the old content.
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
    file.commit();
    BOOST_TEST(!file.is_open());
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("one two three"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(streams_64_mib_in_pieces)
{
    temp_dir dir;
    durable::atomic_file file(dir / "big");
    std::uint64_t expected = durable::detail::fnv1a_basis;
    constexpr int pieces = 64;
    for(int i = 0; i < pieces; ++i)
    {
        // Only one 1 MiB piece exists at a time: the payload never needs to
        // be in memory whole.
        std::string const piece = binary_payload(1 << 20, static_cast<unsigned>(i));
        expected = durable::detail::fnv1a(piece, expected);
        file.write(piece);
    }
    file.commit();
    BOOST_TEST(fs::file_size(dir / "big") == std::uintmax_t(pieces) << 20);
    BOOST_TEST(hash_of_file(dir / "big") == expected);
}

BOOST_AUTO_TEST_CASE(abort_leaves_the_old_content)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    recording_drop_handler drops;
    {
        durable::atomic_file file(dir / "f");
        file.write("new");
        file.abort();
        BOOST_TEST(!file.is_open());
    }
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
    BOOST_TEST(drops.paths.empty());
}

BOOST_AUTO_TEST_CASE(destruction_without_commit_is_a_drop)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    recording_drop_handler drops;
    {
        durable::atomic_file file(dir / "f");
        file.write("new");
    }
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(drops.paths.size() == 1u);
    BOOST_TEST(drops.paths.front() == dir / "f");
}

BOOST_AUTO_TEST_CASE(unwinding_is_an_abort_not_a_drop)
{
    temp_dir dir;
    recording_drop_handler drops;
    try
    {
        durable::atomic_file file(dir / "f");
        file.write("new");
        throw std::runtime_error("the program failed to make the content");
    }
    catch(std::runtime_error const&)
    {
    }
    BOOST_TEST(drops.paths.empty());
    BOOST_TEST(list_dir(dir.path()).empty());
}

BOOST_AUTO_TEST_CASE(move_keeps_one_owner)
{
    temp_dir dir;
    recording_drop_handler drops;
    durable::atomic_file first(dir / "f");
    first.write("moved");
    durable::atomic_file second(std::move(first));
    BOOST_TEST(!first.is_open());
    BOOST_TEST(second.is_open());
    durable::atomic_file third;
    third = std::move(second);
    third.commit();
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("moved"));
    // Assigning over an open file drops it.
    durable::atomic_file open_one(dir / "g");
    open_one = durable::atomic_file(dir / "h");
    BOOST_TEST(drops.paths.size() == 1u);
    open_one.abort();
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(closed_file_reports_not_open)
{
    temp_dir dir;
    durable::atomic_file file(dir / "f");
    file.commit();
    boost::system::error_code ec;
    file.write("late", ec);
    BOOST_TEST(ec == durable::error::not_open);
    file.commit(ec);
    BOOST_TEST(ec == durable::error::not_open);
    BOOST_CHECK_THROW(file.commit(), durable::save_error);
}

BOOST_AUTO_TEST_CASE(small_pieces_are_gathered)
{
    temp_dir dir;
    durable::test::fault_file_system fault;
    durable::write_options options;
    options.fs = &fault;
    durable::atomic_file file(dir / "f", options);
    std::string expected;
    for(int i = 0; i < 10000; ++i)
    {
        std::string const line = "line " + std::to_string(i) + "\n";
        file.write(line);
        expected += line;
    }
    file.commit();
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>(expected));
    std::size_t writes = 0;
    for(auto const& call : fault.calls())
        writes += call.call == durable::test::fs_call::write;
    // 10,000 lines of about 10 bytes: two 64 KiB buffers, not 10,000 calls.
    BOOST_TEST(writes == (expected.size() + 65535) / 65536);
}

// The write fails with ENOSPC; `act` makes it happen, and must report it.
void check_failed_write(std::function<void(durable::atomic_file&)> const& act)
{
    temp_dir dir;
    put_file(dir / "f", "old");
    durable::test::fault_file_system fault;
    fault.fail_call(durable::test::fs_call::write, 1, ENOSPC);
    durable::write_options options;
    options.fs = &fault;
    recording_drop_handler drops;
    durable::atomic_file file(dir / "f", options);
    file.write("a small piece, buffered");
    try
    {
        act(file);
        BOOST_ERROR("no exception");
    }
    catch(durable::save_error const& e)
    {
        BOOST_TEST(e.step() == durable::step::write);
        BOOST_TEST(e.code() == std::errc::no_space_on_device);
    }
    BOOST_TEST(!file.is_open());
    BOOST_TEST(read_file(dir / "f") == std::optional<std::string>("old"));
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"f"}, boost::test_tools::per_element());
    BOOST_TEST(drops.paths.empty()); // a failed file is closed, not dropped
}

BOOST_AUTO_TEST_CASE(failed_write_of_a_large_piece)
{
    check_failed_write([](durable::atomic_file& file) { file.write(binary_payload(1 << 20)); });
}

BOOST_AUTO_TEST_CASE(failed_write_of_buffered_pieces_shows_at_commit)
{
    check_failed_write([](durable::atomic_file& file) { file.commit(); });
}

BOOST_AUTO_TEST_CASE(error_code_constructor)
{
    temp_dir dir;
    boost::system::error_code ec;
    durable::atomic_file file(dir / "missing" / "f", {}, ec);
    BOOST_TEST(ec == std::errc::no_such_file_or_directory);
    BOOST_TEST(!file.is_open());
    BOOST_TEST(file.path() == dir / "missing" / "f");
}

BOOST_AUTO_TEST_SUITE_END()
