//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/json/describe_value.hpp>
#include <durable/json/pretty_writer.hpp>

namespace durable {
namespace json {

namespace {

// Long strings are cut in messages, which must stay one readable line.
constexpr std::size_t quoted_length = 40;

} // namespace

std::string describe_value(boost::json::value const& value)
{
    switch(value.kind())
    {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return value.get_bool() ? "boolean true" : "boolean false";
    case boost::json::kind::int64: return "number " + std::to_string(value.get_int64());
    case boost::json::kind::uint64: return "number " + std::to_string(value.get_uint64());
    case boost::json::kind::double_:
    {
        std::string text = "number ";
        write_pretty(value, text, 0);
        return text;
    }
    case boost::json::kind::string:
    {
        boost::json::string const& s = value.get_string();
        std::string text = "string ";
        if(s.size() <= quoted_length)
        {
            write_string({s.data(), s.size()}, text);
            return text;
        }
        // Cut at a character boundary, so the message stays valid UTF-8.
        std::size_t cut = quoted_length;
        while(cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut;
        write_string({s.data(), cut}, text);
        text.insert(text.size() - 1, "...");
        return text;
    }
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
    }
    return "value";
}

} // namespace json
} // namespace durable
