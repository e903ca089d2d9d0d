//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The fuzz target's own answer to "does this text repeat a key": every key
// of every open object kept as a string, the slow and obvious way, to check
// the loader's hashes and its scan of the text against.

#ifndef DURABLE_FUZZ_DUPLICATE_KEYS_HPP
#define DURABLE_FUZZ_DUPLICATE_KEYS_HPP

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace config_fuzz {

class key_recorder
{
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    using error_code = boost::json::error_code;
    using string_view = boost::json::string_view;

    bool repeated = false;

    bool on_object_begin(error_code&)
    {
        open_.emplace_back();
        return true;
    }

    bool on_object_end(std::size_t, error_code&)
    {
        open_.pop_back();
        return true;
    }

    bool on_key_part(string_view s, std::size_t, error_code&)
    {
        key_.append(s.data(), s.size());
        return true;
    }

    bool on_key(string_view s, std::size_t, error_code&)
    {
        key_.append(s.data(), s.size());
        repeated = repeated || !open_.back().insert(key_).second;
        key_.clear();
        return true;
    }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_string_part(string_view, std::size_t, error_code&) { return true; }
    bool on_string(string_view, std::size_t, error_code&) { return true; }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return true; }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
    bool on_double(double, string_view, error_code&) { return true; }
    bool on_bool(bool, error_code&) { return true; }
    bool on_null(error_code&) { return true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    std::vector<std::set<std::string>> open_;
    std::string key_;
};

/// Whether a key repeats an earlier key of its object before the parse of `text` stops.
inline bool has_duplicate_key(std::string_view text, boost::json::parse_options const& options)
{
    boost::json::basic_parser<key_recorder> parser(options);
    boost::json::error_code ec;
    parser.write_some(false, text.data(), text.size(), ec);
    return parser.handler().repeated;
}

} // namespace config_fuzz

#endif
