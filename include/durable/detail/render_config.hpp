//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_RENDER_CONFIG_HPP
#define DURABLE_DETAIL_RENDER_CONFIG_HPP

#include <durable/config_error.hpp>
#include <durable/config_options.hpp>
#include <durable/detail/config_mapping.hpp>
#include <durable/detail/json_writer.hpp>
#include <durable/error.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace durable {
namespace detail {

/// Appends the problems `options.validate` finds in `value`, up to `options.max_problems` in all.
template<class T>
void validate_config(T const& value, config_options<T> const& options, std::vector<config_problem>& problems)
{
    if(!options.validate)
        return;
    for(config_problem& p : options.validate(value))
    {
        if(problems.size() >= options.max_problems)
            break;
        problems.push_back(std::move(p));
    }
}

/** The text a save of `value` writes to `file`: validated, then written in the canonical form.

    The members in declaration order, the schema version first (when
    `options.version_key` is set), the keys `kept` by the last load back in
    their objects after the members, in the pretty form of pretty_writer,
    with a final newline.

    All that config_file<T> does to a value before it hands the bytes to
    its saver, on the caller's thread. Apart from the config_file, so that
    what a save costs the caller can be measured without a disk
    (bench/config_load_save.cpp).

    @throws config_error if the value fails validation or has no JSON
    form (a NaN).
*/
template<class T>
std::string render_config(
    T const& value, config_options<T> const& options, std::vector<kept_key> const& kept,
    std::filesystem::path const& file)
{
    std::vector<config_problem> problems;
    validate_config(value, options, problems);
    writing_context cx(options.max_problems, kept, options.version_key, options.migrations.size() + 1);
    pretty_writer out(options.indent);
    write_value(value, out, cx);
    for(config_problem& p : cx.problems())
        problems.push_back(std::move(p));
    if(!problems.empty())
        throw config_error(file, make_error_code(error::invalid_config), std::move(problems));
    out.end_line();
    return std::move(out).text();
}

} // namespace detail
} // namespace durable

#endif
