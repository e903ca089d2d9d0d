//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_JSON_PRETTY_WRITER_HPP
#define DURABLE_JSON_PRETTY_WRITER_HPP

#include <durable/detail/export.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace durable {
namespace json {

/** Writes JSON text in the canonical pretty form, a piece at a time.

    One member or element per line, indented by `indent` spaces per level;
    `{}` and `[]` when empty; strings escaped as Boost.JSON's serializer
    escapes them; integers in decimal; doubles in the shortest form that
    reads back to the same double, with ".0" added to a whole number so
    that it stays a double. The same calls always give the same bytes.

    In an object, key() comes before each member's value; in an array,
    element() before each element.
*/
class DURABLE_DECL pretty_writer
{
public:
    explicit pretty_writer(unsigned indent) noexcept : indent_(indent) {}

    /// The text written; the writer is done with.
    std::string text() &&;

    /// Ends the text with a newline, as the last line of a file.
    void end_line();

    void begin_object();
    void key(std::string_view name);
    void end_object();

    void begin_array();
    void element();
    void end_array();

    void null();
    void boolean(bool b);
    void number(std::int64_t n);
    void number(std::uint64_t n);

    /// @throws std::invalid_argument for a NaN or an infinity, which JSON cannot hold.
    void number(double d);

    /** The shortest text that loads back as `f`.

        A load reads every number as a double, then narrows it: the digits
        of the float are kept only if that path gives `f` back, else those
        of the double `f` widens to, which always do.

        @throws std::invalid_argument for a NaN or an infinity.
    */
    void number(float f);

    void string(std::string_view s);

    /// A whole value: the members and elements it holds, at any depth.
    void value(boost::json::value const& v);

private:
    char* room(std::size_t n);
    void next_chunk(std::size_t n);
    void advance(char const* end) noexcept;
    void put(std::string_view s);
    template<class Integer> void put_integer(Integer n);
    template<class Floating> void put_floating(Floating x);
    std::size_t line_room() const noexcept;
    char* new_line(char* at) const noexcept;
    char* separate(char* at) noexcept;
    void close(char bracket);

    struct chunk
    {
        std::unique_ptr<char[]> bytes;
        std::size_t size;
    };

    std::vector<chunk> full_;        // the text before current_
    std::size_t full_size_ = 0;      // their bytes
    std::unique_ptr<char[]> current_; // the text up to size_, then room to write in
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
    std::size_t indent_;
    std::size_t depth_ = 0;
    bool empty_ = true; // the innermost open object or array has nothing yet
};

/// Appends the pretty form of `value` to `out`, without a final newline.
DURABLE_DECL void write_pretty(boost::json::value const& value, std::string& out, unsigned indent);

/// Appends `s` as a JSON string literal, quotes included, escaped as pretty_writer escapes.
DURABLE_DECL void write_string(std::string_view s, std::string& out);

} // namespace json
} // namespace durable

#endif
