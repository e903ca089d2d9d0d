//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_LIVE_CONFIG_OPTIONS_HPP
#define DURABLE_LIVE_CONFIG_OPTIONS_HPP

#include <durable/config_options.hpp>
#include <durable/reload_options.hpp>

namespace durable {

/** The options of a live_config<T>: those of its config_file, and when to reload (reload_options).

    The missing-file and corrupt-file policies apply to the load at start
    only. A reload never falls back on defaults and never moves a file
    aside: a bad file keeps the last good configuration running, and is
    left as it is for the person fixing it.
*/
template<class T>
struct live_config_options : config_options<T>, reload_options
{
};

} // namespace durable

#endif
