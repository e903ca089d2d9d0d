//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A unit test of a user's config, linked with durable::testing alone: that
// target brings Boost.Test, its main() included.

#define BOOST_TEST_MODULE consumer_test
#include <durable.hpp>
#include <durable/test/round_trip.hpp>

#include <boost/describe.hpp>
#include <boost/test/unit_test.hpp>

namespace app {

struct settings
{
    int port = 8080;
};
BOOST_DESCRIBE_STRUCT(settings, (), (port))

bool operator==(settings const& a, settings const& b)
{
    return a.port == b.port;
}

} // namespace app

BOOST_TEST_DONT_PRINT_LOG_VALUE(app::settings)

BOOST_AUTO_TEST_CASE(settings_round_trip)
{
    durable::test::check_round_trip(app::settings{9090});
}
