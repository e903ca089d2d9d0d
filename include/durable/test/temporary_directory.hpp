//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_TEMPORARY_DIRECTORY_HPP
#define DURABLE_TEST_TEMPORARY_DIRECTORY_HPP

#include <boost/test/framework.hpp>
#include <boost/test/results_collector.hpp>
#include <boost/test/tree/test_unit.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>

#ifdef _WIN32
#include <random>
#else
#include <stdlib.h>
#endif

namespace durable {
namespace test {

/** A Boost.Test fixture: a fresh directory for each test.

    Created under `$DURABLE_TEST_DIR` (so that a suite can run on any file
    system) or the system's temporary directory. Removed after a test that
    passed; kept after a test that failed, and its path printed on standard
    error, so that the files can be looked at.

    @code
    BOOST_FIXTURE_TEST_CASE(saves_settings, durable::test::temporary_directory)
    {
        durable::config_file<settings> file(io, path() / "settings.json");
        ...
    }
    @endcode
*/
class temporary_directory
{
public:
    temporary_directory()
    {
        char const* root = std::getenv("DURABLE_TEST_DIR");
        std::filesystem::path const base = root ? std::filesystem::path(root) : std::filesystem::temp_directory_path();
        path_ = make_directory(base);
    }

    temporary_directory(temporary_directory const&) = delete;
    temporary_directory& operator=(temporary_directory const&) = delete;

    ~temporary_directory()
    {
        auto const& results = boost::unit_test::results_collector.results(
            boost::unit_test::framework::current_test_case().p_id);
        if(results.passed())
        {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
        else
        {
            std::cerr << "kept the directory of the failed test: " << path_.string() << "\n";
        }
    }

    /// The directory.
    std::filesystem::path const& path() const noexcept { return path_; }

    /// A path in the directory.
    std::filesystem::path operator/(std::filesystem::path const& name) const { return path_ / name; }

private:
#ifdef _WIN32
    // Windows has no mkdtemp: a random name, created only if it is new, as
    // mkdtemp does.
    static std::filesystem::path make_directory(std::filesystem::path const& base)
    {
        std::random_device random;
        for(int attempt = 0; attempt < 100; ++attempt)
        {
            std::filesystem::path const candidate = base / ("durable-test-" + std::to_string(random()));
            std::error_code ec;
            if(std::filesystem::create_directory(candidate, ec))
                return candidate;
        }
        throw std::runtime_error("cannot create a temporary directory under " + base.string());
    }
#else
    static std::filesystem::path make_directory(std::filesystem::path const& base)
    {
        std::string pattern = (base / "durable-test-XXXXXX").string();
        if(!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary directory under " + base.string());
        return pattern;
    }
#endif

    std::filesystem::path path_;
};

} // namespace test
} // namespace durable

#endif
