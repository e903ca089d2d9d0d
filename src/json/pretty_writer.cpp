//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/json/pretty_writer.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace durable {
namespace json {

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
// (two copies of a fixed size, which may overlap); returns the end.
char* copy_short(char* to, char const* from, std::size_t n) noexcept
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
    return to + n;
}

// The room `s` takes quoted, when its first `plain` bytes need no escape
// and each of the others may take six (\u00XX).
std::size_t quoted_room(std::string_view s, std::size_t plain) noexcept
{
    return 2 + plain + 6 * (s.size() - plain);
}

char* write_escaped(char* at, std::string_view s) noexcept
{
    static constexpr char hex[] = "0123456789abcdef";
    for(char const ch : s)
    {
        unsigned char const c = static_cast<unsigned char>(ch);
        char const e = escapes[c];
        if(e == 0)
        {
            *at++ = ch;
            continue;
        }
        *at++ = '\\';
        *at++ = e;
        if(e == 'u')
        {
            *at++ = '0';
            *at++ = '0';
            *at++ = hex[c >> 4];
            *at++ = hex[c & 0xF];
        }
    }
    return at;
}

// `s` in quotes; its first `plain` bytes need no escape.
char* write_quoted(char* at, std::string_view s, std::size_t plain) noexcept
{
    *at++ = '"';
    at = copy_short(at, s.data(), plain);
    if(plain != s.size())
        at = write_escaped(at, s.substr(plain));
    *at++ = '"';
    return at;
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
    put("\n");
}

// Each piece of text makes room for all it may write, writes through a
// pointer, then advances once: the writer's state is read and written once
// a piece, not once a character.
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

void pretty_writer::advance(char const* end) noexcept
{
    size_ = static_cast<std::size_t>(end - current_.get());
}

void pretty_writer::put(std::string_view s)
{
    advance(copy_short(room(s.size()), s.data(), s.size()));
}

template<class Integer>
void pretty_writer::put_integer(Integer n)
{
    char* const at = room(max_number_length);
    advance(std::to_chars(at, at + max_number_length, n).ptr);
}

// A comma, a newline and the indentation; eight more bytes, since the
// spaces are copied eight at a time: quicker than a memset of any length.
std::size_t pretty_writer::line_room() const noexcept
{
    return 2 + depth_ * indent_ + 8;
}

char* pretty_writer::new_line(char* at) const noexcept
{
    std::size_t const spaces = depth_ * indent_;
    *at++ = '\n';
    for(std::size_t i = 0; i < spaces; i += 8)
        std::memcpy(at + i, "        ", 8);
    return at + spaces;
}

// Before a member or an element: a comma after the one before, then its line.
char* pretty_writer::separate(char* at) noexcept
{
    if(!empty_)
        *at++ = ',';
    empty_ = false;
    return new_line(at);
}

// An empty object or array closes on its own line: `{}`, `[]`.
void pretty_writer::close(char bracket)
{
    --depth_;
    char* const at = room(line_room() + 1);
    char* const end = empty_ ? at : new_line(at);
    *end = bracket;
    empty_ = false;
    advance(end + 1);
}

void pretty_writer::begin_object()
{
    put("{");
    ++depth_;
    empty_ = true;
}

void pretty_writer::key(std::string_view name)
{
    std::size_t const plain = plain_length(name);
    char* const at = room(line_room() + quoted_room(name, plain) + 2);
    char* const end = write_quoted(separate(at), name, plain);
    std::memcpy(end, ": ", 2);
    advance(end + 2);
}

void pretty_writer::end_object()
{
    close('}');
}

void pretty_writer::begin_array()
{
    put("[");
    ++depth_;
    empty_ = true;
}

void pretty_writer::element()
{
    advance(separate(room(line_room())));
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

template<class Floating>
void pretty_writer::put_floating(Floating x)
{
    if(!std::isfinite(x))
        throw std::invalid_argument("NaN and infinity are not JSON numbers");
    char* const at = room(max_number_length + 2);
    char* end = std::to_chars(at, at + max_number_length, x).ptr;
    // Neither a point nor an exponent: it would read back as an integer.
    if(std::all_of(at, end, [](char c) { return c == '-' || (c >= '0' && c <= '9'); }))
    {
        std::memcpy(end, ".0", 2);
        end += 2;
    }
    advance(end);
}

void pretty_writer::number(double d)
{
    put_floating(d);
}

void pretty_writer::number(float f)
{
    // A double rounded to a float can round twice: the text of the float
    // is checked, not trusted, to read back through the double.
    char text[max_number_length];
    char const* const end = std::to_chars(text, text + sizeof text, f).ptr;
    double read_back = 0;
    std::from_chars(text, end, read_back);
    if(static_cast<float>(read_back) == f)
        put_floating(f);
    else
        put_floating(static_cast<double>(f));
}

void pretty_writer::string(std::string_view s)
{
    std::size_t const plain = plain_length(s);
    advance(write_quoted(room(quoted_room(s, plain)), s, plain));
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

// Straight into `out`: a pretty_writer would take a chunk of 64 KiB to
// quote a key of a pointer or a message.
void write_string(std::string_view s, std::string& out)
{
    std::size_t const plain = plain_length(s);
    std::size_t const begin = out.size();
    out.resize(begin + quoted_room(s, plain));
    char* const end = write_quoted(out.data() + begin, s, plain);
    out.resize(static_cast<std::size_t>(end - out.data()));
}

} // namespace json
} // namespace durable
