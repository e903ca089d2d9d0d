//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#define BOOST_TEST_MODULE drop_handler
#include "support.hpp"

#include <durable/atomic_file.hpp>
#include <durable/drop_handler.hpp>

#include <csignal>

#include <fcntl.h>

using namespace durable_test;

BOOST_AUTO_TEST_SUITE(drop_handler_test)

BOOST_AUTO_TEST_CASE(installed_handler_sees_the_event)
{
    temp_dir dir;
    std::vector<std::pair<durable::dropped_object, fs::path>> seen;
    durable::drop_handler previous = durable::set_drop_handler([&](durable::drop_event const& e) {
        seen.emplace_back(e.object, e.path);
    });
    BOOST_TEST(!previous); // the default
    {
        durable::atomic_file file(dir / "f");
    }
    durable::drop_handler mine = durable::set_drop_handler(nullptr);
    BOOST_TEST(static_cast<bool>(mine));
    BOOST_TEST_REQUIRE(seen.size() == 1u);
    BOOST_TEST((seen.front().first == durable::dropped_object::atomic_file));
    BOOST_TEST(seen.front().second == dir / "f");
}

BOOST_AUTO_TEST_CASE(default_handler)
{
    temp_dir dir;
    // In a child: the debug default aborts the process. Its message goes to a
    // file to be checked here.
    fs::path const log = dir / "stderr";
    int const status = run_in_child([&] {
        int const fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        {
            durable::atomic_file file(dir / "settings\n.json");
        }
        return 0;
    });
    std::string const message = read_file(log).value_or("");
#ifdef NDEBUG
    BOOST_TEST(status == 0);
    BOOST_TEST(message.empty());
#else
    BOOST_TEST(status == 128 + SIGABRT);
    // A newline in the name is escaped: the message is one line.
    BOOST_TEST(message.find("atomic_file for " + (dir / "settings\\n.json").string()) != std::string::npos);
    BOOST_TEST(message.find('\n') == message.size() - 1);
#endif
    // Either way the temporary file is gone.
    BOOST_TEST(list_dir(dir.path()) == std::vector<std::string>{"stderr"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
