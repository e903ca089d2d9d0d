//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/json/parse.hpp>
#include <durable/detail/fnv1a.hpp>
#include <durable/json/locate.hpp>
#include <durable/json/pointer.hpp>

#include "null_handler.hpp"
#include "scanner.hpp"
#include "utf8.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace durable {
namespace json {

namespace {

using boost::json::error_code;
using boost::json::string_view;

// Builds the value as boost::json::parser does, and notes duplicate keys.
//
// Keys are remembered as 64-bit hashes per open object, not as strings: a
// copy of every key would cost the load more than the parse itself. Equal
// hashes stop the parse; the caller then looks for the duplicate in the
// text, comparing real keys, so a hash collision costs a second parse and
// never a false error.
class value_handler
{
public:
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    value_handler(bool check_duplicates) : check_duplicates_(check_duplicates) {}

    boost::json::value_stack stack;
    bool duplicate_found = false;
    // A refused number: where it begins, and why.
    char const* number_out_of_range = nullptr;
    char const* out_of_range_message = nullptr;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }

    bool on_object_begin(error_code&)
    {
        if(depth_ == keys_.size())
            keys_.emplace_back();
        ++depth_;
        return true;
    }

    bool on_object_end(std::size_t n, error_code& ec)
    {
        std::vector<std::uint64_t>& keys = keys_[--depth_];
        bool const repeated = check_duplicates_ && has_repeats(keys);
        keys.clear();
        if(repeated)
        {
            duplicate_found = true;
            ec = stopped;
            return false;
        }
        stack.push_object(n);
        return true;
    }

    bool on_array_begin(error_code&) { return true; }

    bool on_array_end(std::size_t n, error_code&)
    {
        stack.push_array(n);
        return true;
    }

    bool on_key_part(string_view s, std::size_t, error_code&)
    {
        hash_ = hash(hash_, s);
        stack.push_chars(s);
        return true;
    }

    bool on_key(string_view s, std::size_t, error_code&)
    {
        if(check_duplicates_)
            keys_[depth_ - 1].push_back(hash(hash_, s));
        hash_ = detail::fnv1a_basis;
        stack.push_key(s);
        return true;
    }

    bool on_string_part(string_view s, std::size_t, error_code&)
    {
        stack.push_chars(s);
        return true;
    }

    bool on_string(string_view s, std::size_t, error_code&)
    {
        stack.push_string(s);
        return true;
    }

    // Never called: a number comes in parts only when it spans two writes,
    // and the text is parsed in one.
    bool on_number_part(string_view, error_code&) { return true; }

    bool on_int64(std::int64_t i, string_view, error_code&)
    {
        stack.push_int64(i);
        return true;
    }

    bool on_uint64(std::uint64_t u, string_view, error_code&)
    {
        stack.push_uint64(u);
        return true;
    }

    // Boost.JSON 1.81 reads some doubles one unit in the last place off
    // (its exact mode came later), which would break save, load, save
    // giving the same bytes. from_chars rounds correctly.
    //
    // A number beyond the range of double, such as 1e400, reads as an
    // infinity, which JSON cannot write: a kept key holding one could never
    // be saved, and the mapping could not even quote it in a message. It
    // is refused where it begins, as Boost.JSON refuses an exponent too
    // large to read. The text is parsed in one piece, so the number is not
    // split: it begins at s.data().
    //
    // An integer comes here only when it does not fit 64 bits, and would
    // read as the nearest double: 18446744073709551617 would be written
    // back, by a save, `durable fmt` or `durable get`, as
    // 18446744073709551616.0, another number, without a word. A value has
    // no way to keep its digits, so the integer is refused instead, where
    // it begins. With a fraction or an exponent, a number is a double, and
    // reads as the nearest one, as in every JSON reader.
    bool on_double(double d, string_view s, error_code& ec)
    {
        if(s.find_first_of(".eE") == string_view::npos)
            return refuse(s, ec, integer_out_of_range);
        double exact = 0;
        auto const result = std::from_chars(s.data(), s.data() + s.size(), exact);
        double const value = result.ec == std::errc() ? exact : d;
        if(!std::isfinite(value))
            return refuse(s, ec, "number out of range");
        stack.push_double(value);
        return true;
    }

    bool on_bool(bool b, error_code&)
    {
        stack.push_bool(b);
        return true;
    }

    bool on_null(error_code&)
    {
        stack.push_null();
        return true;
    }

    // Never called: the parser is given no comments (see blank_comments).
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    // Any code stops the parser; the handler's members say why it stopped.
    static constexpr boost::json::error stopped = boost::json::error::syntax;

    static constexpr char const integer_out_of_range[] =
        "integer out of the 64-bit range [-9223372036854775808, 18446744073709551615]; "
        "a fraction or an exponent (1e19) makes it a floating-point number";

    bool refuse(string_view number, error_code& ec, char const* message)
    {
        number_out_of_range = number.data();
        out_of_range_message = message;
        ec = stopped;
        return false;
    }

    // FNV-1a: it continues where a key that the parser hands over in parts
    // (around its escapes) left off.
    static std::uint64_t hash(std::uint64_t h, string_view s) noexcept
    {
        return detail::fnv1a(std::string_view(s.data(), s.size()), h);
    }

    static bool has_repeats(std::vector<std::uint64_t>& keys)
    {
        std::sort(keys.begin(), keys.end());
        return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
    }

    bool check_duplicates_;
    std::vector<std::vector<std::uint64_t>> keys_; // per open object, reused
    std::size_t depth_ = 0;
    std::uint64_t hash_ = detail::fnv1a_basis;
};

// A key that repeats an earlier key of the same object.
struct duplicate_key
{
    std::string pointer; // the JSON pointer of the repeated member
    std::size_t offset;  // the offset of its key's opening quote
};

// The first duplicate key in document order, if any before the end or the
// first malformed spot: the hashes of value_handler only say that there may
// be one, and this compares the keys themselves.
std::optional<duplicate_key> find_duplicate_key(std::string_view text)
{
    struct frame
    {
        bool object;
        std::size_t pointer_size; // of the container's own pointer
        std::size_t count = 0;    // elements so far
        std::set<std::string> keys;
    };
    std::vector<frame> open;
    std::string pointer;
    scanner s(text);
    bool expect_value = true;
    for(;;)
    {
        s.skip_space();
        if(expect_value)
        {
            char const c = s.peek();
            if(c == '{' || c == '[')
            {
                open.push_back({c == '{', pointer.size(), 0, {}});
                s.advance();
                expect_value = false;
                continue; // to the first member or element, or the end
            }
            if(!s.skip_value())
                return std::nullopt;
            expect_value = false;
            if(open.empty())
                return std::nullopt;
            s.skip_space();
            if(s.peek() == ',')
            {
                s.advance();
                s.skip_space();
            }
            else if(s.peek() != '}' && s.peek() != ']')
                return std::nullopt;
        }
        if(open.empty())
            return std::nullopt;
        frame& f = open.back();
        char const c = s.peek();
        if(c == '}' || c == ']')
        {
            s.advance();
            pointer.resize(f.pointer_size);
            open.pop_back();
            if(open.empty())
                return std::nullopt;
            s.skip_space();
            if(s.peek() == ',')
                s.advance();
            continue;
        }
        pointer.resize(f.pointer_size);
        if(f.object)
        {
            if(c != '"')
                return std::nullopt;
            std::size_t const key_offset = s.offset();
            std::optional<std::string> key = s.read_string();
            if(!key)
                return std::nullopt;
            append_pointer_token(pointer, *key);
            if(!f.keys.insert(std::move(*key)).second)
                return duplicate_key{pointer, key_offset};
            s.skip_space();
            if(s.peek() != ':')
                return std::nullopt;
            s.advance();
        }
        else
        {
            pointer += '/' + std::to_string(f.count);
        }
        ++f.count;
        expect_value = true;
    }
}

boost::json::parse_options parse_options_of(syntax const& rules)
{
    boost::json::parse_options options;
    options.allow_comments = false; // blank_comments removes those allowed
    options.allow_trailing_commas = rules.allow_trailing_commas;
    options.allow_invalid_utf8 = false;
    options.max_depth = rules.max_depth;
    return options;
}

// Boost.JSON reports that a parse failed, not where: the place of the
// failure is the byte on which a parser given the text piece by piece
// first fails, found here by bisection over prefixes of the text, each
// given whole to a parser of its own. This runs only for text that did not
// parse. A parser is never given a second piece: Boost.JSON 1.81 reads past
// the end of the piece that ends just where the comment it was suspended
// in ends (boostorg/json#933, fixed in 1.84); the fuzz target caught it
// reading past the end of the text.
std::size_t failure_offset(std::string_view text, boost::json::parse_options const& options)
{
    auto const refused = [&](std::size_t length) {
        boost::json::basic_parser<null_handler> parser(options);
        error_code ec;
        parser.write_some(true, text.data(), length, ec);
        return ec.failed();
    };
    if(!refused(text.size()))
        return text.size(); // nothing is wrong but the end: the text is incomplete
    std::size_t accepted = 0; // the longest prefix known to pass
    std::size_t failing = text.size(); // the shortest known to fail
    while(failing - accepted > 1)
    {
        std::size_t const middle = accepted + (failing - accepted) / 2;
        if(refused(middle))
            failing = middle;
        else
            accepted = middle;
    }
    return failing - 1;
}

std::string describe_character(std::string_view text, std::size_t offset)
{
    if(offset >= text.size())
        return "end of file";
    unsigned char const c = static_cast<unsigned char>(text[offset]);
    char buffer[16];
    if(c >= 0x20 && c < 0x7f)
        std::snprintf(buffer, sizeof buffer, "'%c'", c);
    else
        std::snprintf(buffer, sizeof buffer, "byte 0x%02X", c);
    return buffer;
}

std::string syntax_message(
    error_code const& ec, std::string_view text, std::size_t offset, syntax const& rules)
{
    using boost::json::error;
    if(ec == error::too_deep)
        return "nested deeper than the limit of " + std::to_string(rules.max_depth) + " levels";
    if(ec == error::exponent_overflow)
        return "number out of range";
    if(ec == error::illegal_leading_surrogate || ec == error::illegal_trailing_surrogate ||
       ec == error::expected_hex_digit || ec == error::expected_utf16_escape)
        return "invalid escape in string: " + ec.message();
    if(offset >= text.size())
        return "unexpected end of file";
    return "syntax error: unexpected " + describe_character(text, offset);
}

// Everything before the failure passed the parser, whose strings are
// checked UTF-8: a bad sequence within the few bytes of the failure is its
// cause. `json` is the text as parsed (see blank_comments).
problem syntax_problem(std::string_view json, error_code const& ec, syntax const& rules)
{
    std::size_t const offset = failure_offset(json, parse_options_of(rules));
    constexpr std::size_t longest_sequence = 4;
    std::size_t const bad_utf8 = first_invalid_utf8(json.substr(0, offset + longest_sequence));
    if(bad_utf8 != std::string_view::npos)
        return {bad_utf8, {}, "invalid UTF-8"};
    return {offset, {}, syntax_message(ec, json, offset, rules)};
}

// The offset of the next `c` at or after `from`, or the size of the text:
// memchr crosses the long stretches with nothing to do many bytes at a time.
std::size_t next_of(std::string_view text, std::size_t from, char c) noexcept
{
    if(from >= text.size())
        return text.size();
    void const* const found = std::memchr(text.data() + from, c, text.size() - from);
    return found ? static_cast<std::size_t>(static_cast<char const*>(found) - text.data()) : text.size();
}

// Whether a comment that scanner skipped has its end: it goes to the
// end of the text when it has none, and "/*/" ends in "*/" without one.
bool is_closed(std::string_view comment) noexcept
{
    return comment[1] == '/' || (comment.size() >= 4 && comment.substr(comment.size() - 2) == "*/");
}

// Boost.JSON 1.81 misreads block comments: after a '*' that does not end
// the comment it skips the next byte unread, so "/* was 2 **/" runs on to
// the next "*/", and the settings in between are dropped without a word
// (the fuzz target found it). So the parser is never given a comment: into
// `json`, a copy of the text (left empty when the text has no comment),
// each comment is blanked byte for byte, so that every offset stays the
// same, and the parser reads plain JSON.
// Comments end where the scanner, and so the locator, says they do, and
// are checked UTF-8, as strings are. Returns the problem of the first
// comment that is not valid UTF-8 or never ends; the text after it is left
// as it is, since any problem found there would come later.
std::optional<problem> blank_comments(std::string_view text, std::string& json)
{
    json.clear();
    std::size_t quote = next_of(text, 0, '"');
    std::size_t slash = next_of(text, 0, '/');
    while(slash < text.size())
    {
        if(quote < slash)
        {
            // A string comes first: a slash in it begins no comment.
            scanner s(text);
            s.jump(quote);
            s.skip_string();
            std::size_t const end = s.offset();
            quote = next_of(text, end, '"');
            if(slash < end)
                slash = next_of(text, end, '/');
            continue;
        }
        scanner s(text);
        s.jump(slash);
        if(!s.skip_comment())
        {
            slash = next_of(text, slash + 1, '/');
            continue;
        }
        std::size_t const end = s.offset();
        std::string_view const comment = text.substr(slash, end - slash);
        // Copied at the first comment: a text without any is parsed as it is.
        if(json.empty())
            json.assign(text.data(), text.size());
        json.replace(slash, comment.size(), comment.size(), ' ');
        if(!is_closed(comment))
            return problem{slash, {}, "unterminated comment"};
        std::size_t const bad_utf8 = first_invalid_utf8(comment);
        if(bad_utf8 != std::string_view::npos)
            return problem{slash + bad_utf8, {}, "invalid UTF-8"};
        if(quote < end)
            quote = next_of(text, end, '"');
        slash = next_of(text, end, '/');
    }
    return std::nullopt;
}

// Parses `json`, the text without comments, whose offsets are the text's.
std::optional<problem> parse_without_comments(
    std::string_view json, syntax const& rules, boost::json::value& result)
{
    boost::json::parse_options const options = parse_options_of(rules);
    for(bool check_duplicates : {true, false})
    {
        boost::json::basic_parser<value_handler> parser(options, check_duplicates);
        parser.handler().stack.reset(result.storage());
        error_code ec;
        std::size_t const used = parser.write_some(false, json.data(), json.size(), ec);
        if(!ec && used < json.size())
        {
            // A parse stops after the document; anything but space that follows is an error.
            return problem{used, {},
                "unexpected " + describe_character(json, used) + " after the end of the document"};
        }
        if(!ec)
        {
            result = parser.handler().stack.release();
            return std::nullopt;
        }
        if(parser.handler().duplicate_found)
        {
            if(auto const repeated = find_duplicate_key(json))
                return problem{repeated->offset, repeated->pointer,
                    "duplicate key: the key appears earlier in the same object"};
            continue; // two keys shared a hash: parse again without the check
        }
        if(char const* number = parser.handler().number_out_of_range)
        {
            std::size_t const offset = static_cast<std::size_t>(number - json.data());
            return problem{offset, pointer_at(json, offset), parser.handler().out_of_range_message};
        }
        return syntax_problem(json, ec, rules);
    }
    return std::nullopt;
}

} // namespace

std::string_view without_bom(std::string_view text) noexcept
{
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if(text.substr(0, bom.size()) == bom)
        text.remove_prefix(bom.size());
    return text;
}

bool parse(
    std::string_view text,
    syntax const& rules,
    boost::json::value& result,
    problem& failure)
{
    std::string blanked;
    std::optional<problem> bad_comment;
    if(rules.allow_comments)
        bad_comment = blank_comments(text, blanked);
    std::string_view const json = blanked.empty() ? text : std::string_view(blanked);
    std::optional<problem> found = parse_without_comments(json, rules, result);
    // The problem reported is the first in the text, as a reader meets it.
    if(bad_comment && (!found || bad_comment->offset < found->offset))
        found = std::move(bad_comment);
    if(!found)
        return true;
    failure = std::move(*found);
    return false;
}

} // namespace json
} // namespace durable
