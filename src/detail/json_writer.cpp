//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/json_writer.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace durable {
namespace detail {

namespace {

// Per byte: 0 for bytes copied as they are, else the letter of a short
// escape, or 'u' for \u00XX: the escapes Boost.JSON's serializer writes.
constexpr std::array<char, 256> make_escapes() noexcept
{
    std::array<char, 256> escapes{};
    for(std::size_t c = 0; c < 0x20; ++c)
        escapes[c] = 'u';
    escapes['"'] = '"';
    escapes['\\'] = '\\';
    escapes['\b'] = 'b';
    escapes['\f'] = 'f';
    escapes['\n'] = 'n';
    escapes['\r'] = 'r';
    escapes['\t'] = 't';
    return escapes;
}

constexpr std::array<char, 256> escapes = make_escapes();

// Whether one of the eight bytes of `w` needs an escape: below 0x20, '"' or
// '\\'. Most strings need none, and are checked a word at a time. (A byte
// below n, for n <= 128, turns on its high bit in (w - n * ones) & ~w; a
// byte equal to b is a zero byte of w ^ (b * ones).)
constexpr bool needs_escape(std::uint64_t w) noexcept
{
    constexpr std::uint64_t ones = 0x0101010101010101;
    constexpr std::uint64_t highs = 0x8080808080808080;
    auto const below = [&](std::uint64_t x, std::uint64_t n) { return (x - n * ones) & ~x & highs; };
    return (below(w, 0x20) | below(w ^ ('"' * ones), 1) | below(w ^ ('\\' * ones), 1)) != 0;
}

// The bytes of `s` before the first that needs an escape.
std::size_t plain_length(std::string_view s) noexcept
{
    std::size_t i = 0;
    std::uint64_t word = 0;
    while(i + sizeof word <= s.size() && (std::memcpy(&word, s.data() + i, sizeof word), !needs_escape(word)))
        i += sizeof word;
    while(i < s.size() && escapes[static_cast<unsigned char>(s[i])] == 0)
        ++i;
    return i;
}

// A memcpy without the call for the few bytes of most keys and strings
// (two copies of a fixed size, which may overlap).
void copy_short(char* to, char const* from, std::size_t n) noexcept
{
    if(n >= 16)
        std::memcpy(to, from, n);
    else if(n >= 8)
    {
        std::memcpy(to, from, 8);
        std::memcpy(to + n - 8, from + n - 8, 8);
    }
    else if(n >= 4)
    {
        std::memcpy(to, from, 4);
        std::memcpy(to + n - 4, from + n - 4, 4);
    }
    else
    {
        for(std::size_t i = 0; i < n; ++i)
            to[i] = from[i];
    }
}

// Longer than any integer of 64 bits and any shortest double, sign and
// exponent included ("-2.2250738585072014e-308" is 24).
constexpr std::size_t max_number_length = 32;

// The text is written in chunks of this size (or of a longer string), each
// left as it is when the next begins: the text is copied once, by text(),
// and no memory is filled before it is written.
constexpr std::size_t chunk_size = 64 * 1024;

} // namespace

std::string pretty_writer::text() &&
{
    std::string text;
    text.reserve(full_size_ + size_);
    for(chunk const& c : full_)
        text.append(c.bytes.get(), c.size);
    text.append(current_.get(), size_);
    return text;
}

void pretty_writer::end_line()
{
    put('\n');
}

// The room is written through a pointer, without a size check per character.
char* pretty_writer::room(std::size_t n)
{
    if(capacity_ - size_ < n)
        next_chunk(n);
    return current_.get() + size_;
}

void pretty_writer::next_chunk(std::size_t n)
{
    if(size_ != 0)
    {
        full_.push_back({std::move(current_), size_});
        full_size_ += size_;
    }
    capacity_ = std::max(n, chunk_size);
    current_.reset(new char[capacity_]);
    size_ = 0;
}

void pretty_writer::put(char c)
{
    *room(1) = c;
    ++size_;
}

void pretty_writer::put(std::string_view s)
{
    copy_short(room(s.size()), s.data(), s.size());
    size_ += s.size();
}

template<class Integer>
void pretty_writer::put_integer(Integer n)
{
    char* const at = room(max_number_length);
    size_ += static_cast<std::size_t>(std::to_chars(at, at + max_number_length, n).ptr - at);
}

// The spaces go eight at a time, past the end if need be (into room made
// for it): a short fixed-size copy is quicker than a memset of any length.
void pretty_writer::new_line()
{
    std::size_t const spaces = depth_ * indent_;
    char* const at = room(1 + spaces + 8);
    at[0] = '\n';
    for(std::size_t i = 0; i < spaces; i += 8)
        std::memcpy(at + 1 + i, "        ", 8);
    size_ += 1 + spaces;
}

// Before a member or an element: a comma after the one before, then its line.
void pretty_writer::separate()
{
    if(!empty_)
        put(',');
    empty_ = false;
    new_line();
}

// An empty object or array closes on its own line: `{}`, `[]`.
void pretty_writer::close(char bracket)
{
    --depth_;
    if(!empty_)
        new_line();
    put(bracket);
    empty_ = false;
}

void pretty_writer::begin_object()
{
    put('{');
    ++depth_;
    empty_ = true;
}

void pretty_writer::key(std::string_view name)
{
    separate();
    string(name);
    put(": ");
}

void pretty_writer::end_object()
{
    close('}');
}

void pretty_writer::begin_array()
{
    put('[');
    ++depth_;
    empty_ = true;
}

void pretty_writer::element()
{
    separate();
}

void pretty_writer::end_array()
{
    close(']');
}

void pretty_writer::null()
{
    put("null");
}

void pretty_writer::boolean(bool b)
{
    put(b ? std::string_view("true") : std::string_view("false"));
}

void pretty_writer::number(std::int64_t n)
{
    put_integer(n);
}

void pretty_writer::number(std::uint64_t n)
{
    put_integer(n);
}

void pretty_writer::number(double d)
{
    if(!std::isfinite(d))
        throw std::invalid_argument("NaN and infinity are not JSON numbers");
    char* const at = room(max_number_length + 2);
    char* const end = std::to_chars(at, at + max_number_length, d).ptr;
    size_ += static_cast<std::size_t>(end - at);
    // Neither a point nor an exponent: it would read back as an integer.
    if(std::all_of(at, end, [](char c) { return c == '-' || (c >= '0' && c <= '9'); }))
        put(".0");
}

void pretty_writer::string(std::string_view s)
{
    std::size_t const plain = plain_length(s);
    char* const at = room(plain + 2);
    at[0] = '"';
    copy_short(at + 1, s.data(), plain);
    size_ += 1 + plain;
    if(plain != s.size())
        put_escaped(s.substr(plain));
    put('"');
}

// From the first byte that needs an escape on.
void pretty_writer::put_escaped(std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t plain_start = 0;
    for(std::size_t i = 0; i < s.size(); ++i)
    {
        unsigned char const c = static_cast<unsigned char>(s[i]);
        char const e = escapes[c];
        if(e == 0)
            continue;
        put(s.substr(plain_start, i - plain_start));
        plain_start = i + 1;
        char* const at = room(6);
        at[0] = '\\';
        at[1] = e;
        if(e != 'u')
        {
            size_ += 2;
            continue;
        }
        at[2] = '0';
        at[3] = '0';
        at[4] = hex[c >> 4];
        at[5] = hex[c & 0xF];
        size_ += 6;
    }
    put(s.substr(plain_start));
}

void pretty_writer::value(boost::json::value const& v)
{
    switch(v.kind())
    {
    case boost::json::kind::null: return null();
    case boost::json::kind::bool_: return boolean(v.get_bool());
    case boost::json::kind::int64: return number(v.get_int64());
    case boost::json::kind::uint64: return number(v.get_uint64());
    case boost::json::kind::double_: return number(v.get_double());
    case boost::json::kind::string: return string({v.get_string().data(), v.get_string().size()});
    case boost::json::kind::array:
        begin_array();
        for(boost::json::value const& e : v.get_array())
        {
            element();
            value(e);
        }
        return end_array();
    case boost::json::kind::object:
        begin_object();
        for(boost::json::key_value_pair const& m : v.get_object())
        {
            key({m.key().data(), m.key().size()});
            value(m.value());
        }
        return end_object();
    }
}

void write_pretty(boost::json::value const& value, std::string& out, unsigned indent)
{
    pretty_writer writer(indent);
    writer.value(value);
    out += std::move(writer).text();
}

void write_json_string(std::string_view s, std::string& out)
{
    pretty_writer writer(0);
    writer.string(s);
    out += std::move(writer).text();
}

} // namespace detail
} // namespace durable
