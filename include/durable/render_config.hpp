//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_RENDER_CONFIG_HPP
#define DURABLE_RENDER_CONFIG_HPP

#include <durable/config_options.hpp>
#include <durable/detail/config_codec.hpp>

#include <string>

namespace durable {

/** The text a config_file would save for `value`, without saving it.

    The canonical form of config_file's saves: for a daemon's
    `--print-config`, a dry run, or a test that compares texts. The keys
    that `unknown_keys::keep` kept from a load are a file's, not the
    value's: they are not in it.

    @code
    std::cout << durable::render_config(settings, options);
    @endcode

    @throws config_error if `options.validate` refuses the value, or it has
    no JSON form (a NaN), or its text is larger than `options.max_size`;
    its path is empty.
*/
template<class T>
std::string render_config(T const& value, config_options<T> const& options)
{
    detail::check_value(value, options, {});
    return detail::render_value(value, options, {}, {});
}

/// As above, with the default options.
template<class T>
std::string render_config(T const& value)
{
    return render_config(value, config_options<T>());
}

} // namespace durable

#endif
