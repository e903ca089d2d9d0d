//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_CONFIG_CODEC_HPP
#define DURABLE_DETAIL_CONFIG_CODEC_HPP

#include <durable/config_document.hpp>
#include <durable/config_error.hpp>
#include <durable/config_options.hpp>
#include <durable/detail/config_mapping.hpp>
#include <durable/json/pretty_writer.hpp>
#include <durable/error.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

// What a config_file<T> does between the bytes of a file and a T, without
// the file: so that a load and a save can be run on text in memory by the
// very code config_file runs (the fuzz target of test/fuzz/ does, and the
// benchmark of bench/config_load_save.cpp measures it).

namespace durable {
namespace detail {

/// Appends the problems that `options.validate` finds in `value`, up to `options.max_problems` in all.
template<class T>
void validate_value(T const& value, config_options<T> const& options, std::vector<config_problem>& problems)
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

/** Maps a parsed document onto the defaults, then validates the result.

    Sets `kept` to the keys that unknown_keys::keep holds for the next save.

    @throws config_error with every problem found, placed in the document's text.
*/
template<class T>
T map_document(config_document const& document, config_options<T> const& options, std::vector<kept_key>& kept)
{
    kept.clear();
    reading_context cx(options.max_problems, options.unknown_keys, &kept);
    T value = options.defaults;
    read_value(document.value(), value, cx);
    if(!cx.failed())
        validate_value(value, options, cx.problems());
    if(cx.failed())
        document.reject(std::move(cx.problems()));
    return value;
}

/** Throws config_error naming `file` if `options.validate` finds problems in `value`.

    Run before a value is taken for saving, so that a refused value never
    replaces one waiting to be written.
*/
template<class T>
void check_value(T const& value, config_options<T> const& options, std::filesystem::path const& file)
{
    std::vector<config_problem> problems;
    validate_value(value, options, problems);
    if(!problems.empty())
        throw config_error(file, make_error_code(error::invalid_config), std::move(problems));
}

/** The text a save of a checked `value` writes, with the keys `kept` from the last load.

    The members in declaration order, the schema version first (when
    `options.version_key` is set), the kept keys back in their objects after
    the members, in the pretty form of pretty_writer, with a final newline.
    The value is written as it is mapped, without a document in between.

    @throws config_error naming `file` if the value has no JSON form (a
    NaN) or makes a text larger than `options.max_size` (no load would take
    it); its problems have no line and column.
*/
template<class T>
std::string render_value(T const& value, config_options<T> const& options, std::vector<kept_key> const& kept,
    std::filesystem::path const& file)
{
    writing_context cx(options.max_problems, kept, options.version_key, options.migrations.size() + 1);
    json::pretty_writer out(options.indent);
    write_value(value, out, cx);
    if(cx.failed())
        throw config_error(file, make_error_code(error::invalid_config), std::move(cx.problems()));
    out.end_line();
    std::string text = std::move(out).text();
    config_document::check_size(file, text.size(), options, config_document::sized_text::save);
    return text;
}

} // namespace detail
} // namespace durable

#endif
