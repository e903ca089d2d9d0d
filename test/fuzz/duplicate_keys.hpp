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

#include "../../src/json/null_handler.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace config_fuzz {

class key_recorder : public durable::json::null_handler
{
public:
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
