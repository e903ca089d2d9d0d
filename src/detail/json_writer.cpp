//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/json_writer.hpp>

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace durable {
namespace detail {

namespace {

// Zero for bytes copied as they are, else the letter of a short escape, or
// 'u' for \u00XX: the escapes Boost.JSON's serializer writes.
char escape_of(unsigned char c) noexcept
{
    switch(c)
    {
    case '"': return '"';
    case '\\': return '\\';
    case '\b': return 'b';
    case '\f': return 'f';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    default: return c < 0x20 ? 'u' : 0;
    }
}

template<class Number>
void write_number(Number n, std::string& out)
{
    char buffer[32];
    auto const result = std::to_chars(buffer, buffer + sizeof buffer, n);
    out.append(buffer, result.ptr);
}

void write_double(double d, std::string& out)
{
    if(!std::isfinite(d))
        throw std::invalid_argument("NaN and infinity are not JSON numbers");
    std::size_t const start = out.size();
    write_number(d, out);
    if(out.find_first_not_of("-0123456789", start) == std::string::npos)
        out += ".0";
}

class pretty_writer
{
public:
    pretty_writer(std::string& out, unsigned indent) : out_(out), indent_(indent) {}

    void write(boost::json::value const& v, std::size_t depth)
    {
        switch(v.kind())
        {
        case boost::json::kind::null: out_ += "null"; break;
        case boost::json::kind::bool_: out_ += v.get_bool() ? "true" : "false"; break;
        case boost::json::kind::int64: write_number(v.get_int64(), out_); break;
        case boost::json::kind::uint64: write_number(v.get_uint64(), out_); break;
        case boost::json::kind::double_: write_double(v.get_double(), out_); break;
        case boost::json::kind::string:
            write_json_string({v.get_string().data(), v.get_string().size()}, out_);
            break;
        case boost::json::kind::array: write_array(v.get_array(), depth); break;
        case boost::json::kind::object: write_object(v.get_object(), depth); break;
        }
    }

private:
    void new_line(std::size_t depth)
    {
        out_ += '\n';
        out_.append(depth * indent_, ' ');
    }

    void write_array(boost::json::array const& a, std::size_t depth)
    {
        if(a.empty())
        {
            out_ += "[]";
            return;
        }
        out_ += '[';
        for(std::size_t i = 0; i < a.size(); ++i)
        {
            if(i != 0)
                out_ += ',';
            new_line(depth + 1);
            write(a[i], depth + 1);
        }
        new_line(depth);
        out_ += ']';
    }

    void write_object(boost::json::object const& o, std::size_t depth)
    {
        if(o.empty())
        {
            out_ += "{}";
            return;
        }
        out_ += '{';
        bool first = true;
        for(auto const& member : o)
        {
            if(!first)
                out_ += ',';
            first = false;
            new_line(depth + 1);
            write_json_string({member.key().data(), member.key().size()}, out_);
            out_ += ": ";
            write(member.value(), depth + 1);
        }
        new_line(depth);
        out_ += '}';
    }

    std::string& out_;
    std::size_t indent_;
};

} // namespace

void write_json_string(std::string_view s, std::string& out)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain_start = 0;
    for(std::size_t i = 0; i < s.size(); ++i)
    {
        unsigned char const c = static_cast<unsigned char>(s[i]);
        char const e = escape_of(c);
        if(e == 0)
            continue;
        out.append(s.data() + plain_start, i - plain_start);
        plain_start = i + 1;
        out += '\\';
        out += e;
        if(e == 'u')
        {
            out += "00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    out.append(s.data() + plain_start, s.size() - plain_start);
    out += '"';
}

void write_pretty(boost::json::value const& value, std::string& out, unsigned indent)
{
    pretty_writer(out, indent).write(value, 0);
}

} // namespace detail
} // namespace durable
