//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_ROUND_TRIP_HPP
#define DURABLE_TEST_ROUND_TRIP_HPP

#include <durable/config_file.hpp>
#include <durable/test/temporary_directory.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <string>

namespace durable {
namespace test {

/** Checks, with Boost.Test assertions, that `value` survives a save and a load.

    Saves `value` to a file of a fresh temporary directory, loads it back
    with a second config_file (a separate read of the file), and checks
    that the two compare equal; then saves what was loaded and checks that
    the file is byte for byte what the first save wrote. `T` needs `==`
    and, for the messages, `<<`-printing or BOOST_TEST_DONT_PRINT_LOG_VALUE.
*/
template<class T>
void check_round_trip(T const& value, config_options<T> const& options = {})
{
    temporary_directory const dir;
    std::filesystem::path const file = dir / "round-trip.json";
    boost::asio::io_context io;
    auto const read_bytes = [&] {
        std::ifstream in(file, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };

    config_file<T>(io, file, options).save(value);
    std::string const first = read_bytes();

    config_file<T> reader(io, file, options);
    T const loaded = reader.load();
    BOOST_TEST((loaded == value), "the value loaded differs from the value saved:\n" << first);

    reader.save(loaded);
    BOOST_TEST(read_bytes() == first);
}

} // namespace test
} // namespace durable

#endif
