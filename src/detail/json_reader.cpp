//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/json_reader.hpp>
#include <durable/detail/json_locator.hpp>
#include <durable/detail/utf8.hpp>
#include <durable/error.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

namespace durable {
namespace detail {

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
    bool bad_comment = false;

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
            ec = make_error_code(error::invalid_config);
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
        hash_ = hash_basis;
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

    bool on_number_part(string_view s, error_code&)
    {
        number_.append(s.data(), s.size());
        return true;
    }

    bool on_int64(std::int64_t i, string_view, error_code&)
    {
        number_.clear();
        stack.push_int64(i);
        return true;
    }

    bool on_uint64(std::uint64_t u, string_view, error_code&)
    {
        number_.clear();
        stack.push_uint64(u);
        return true;
    }

    // Boost.JSON 1.81 reads some doubles one unit in the last place off
    // (its exact mode came later), which would break save, load, save
    // giving the same bytes. from_chars rounds correctly.
    bool on_double(double d, string_view s, error_code&)
    {
        number_.append(s.data(), s.size());
        double exact = 0;
        auto const result = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
        number_.clear();
        stack.push_double(result.ec == std::errc() ? exact : d);
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

    // Boost.JSON validates the UTF-8 of strings, not of comments.
    bool on_comment_part(string_view s, error_code& ec) { return check_comment(s, ec); }
    bool on_comment(string_view s, error_code& ec) { return check_comment(s, ec); }

private:
    static constexpr std::uint64_t hash_basis = 14695981039346656037ull;

    // FNV-1a: it can continue where a key split by the parser left off.
    static std::uint64_t hash(std::uint64_t h, string_view s) noexcept
    {
        for(unsigned char c : s)
            h = (h ^ c) * 1099511628211ull;
        return h;
    }

    static bool has_repeats(std::vector<std::uint64_t>& keys)
    {
        std::sort(keys.begin(), keys.end());
        return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
    }

    bool check_comment(string_view s, error_code& ec)
    {
        if(first_invalid_utf8({s.data(), s.size()}) == std::string_view::npos)
            return true;
        bad_comment = true;
        ec = make_error_code(error::invalid_config);
        return false;
    }

    bool check_duplicates_;
    std::vector<std::vector<std::uint64_t>> keys_; // per open object, reused
    std::size_t depth_ = 0;
    std::uint64_t hash_ = hash_basis;
    std::string number_; // the text of a double, when it comes in parts
};

// Accepts everything the grammar accepts, building nothing: for finding
// where a parse failed.
struct null_handler
{
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t, error_code&) { return true; }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_key_part(string_view, std::size_t, error_code&) { return true; }
    bool on_key(string_view, std::size_t, error_code&) { return true; }
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
};

boost::json::parse_options parse_options_of(json_syntax const& syntax)
{
    boost::json::parse_options options;
    options.allow_comments = syntax.allow_comments;
    options.allow_trailing_commas = syntax.allow_trailing_commas;
    options.allow_invalid_utf8 = false;
    options.max_depth = syntax.max_depth;
    return options;
}

// Boost.JSON reports that a parse failed, not where: its position is where
// a parser fed the text piece by piece first fails. The text is fed in
// blocks until one fails, then again byte by byte within that block; this
// runs only for text that did not parse.
std::size_t failure_offset(std::string_view text, boost::json::parse_options const& options)
{
    // The offset of the first piece of `step` bytes from `start` on whose
    // write the parser fails, or `end`; the text before `start` is good.
    auto const first_failing = [&](std::size_t start, std::size_t step, std::size_t end) {
        boost::json::basic_parser<null_handler> parser(options);
        error_code ec;
        parser.write_some(true, text.data(), start, ec);
        for(std::size_t at = start; at < end; at += step)
        {
            parser.write_some(true, text.data() + at, std::min(step, end - at), ec);
            if(ec)
                return at;
        }
        return end;
    };
    constexpr std::size_t block = 4096;
    std::size_t const block_start = first_failing(0, block, text.size());
    if(block_start == text.size())
        return text.size(); // nothing is wrong but the end: the text is incomplete
    return first_failing(block_start, 1, std::min(text.size(), block_start + block));
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
    error_code const& ec, std::string_view text, std::size_t offset, json_syntax const& syntax)
{
    namespace json = boost::json;
    if(ec == json::error::too_deep)
        return "nested deeper than the limit of " + std::to_string(syntax.max_depth) + " levels";
    if(ec == json::error::exponent_overflow)
        return "number out of range";
    if(ec == json::error::illegal_leading_surrogate || ec == json::error::illegal_trailing_surrogate ||
       ec == json::error::expected_hex_digit || ec == json::error::expected_utf16_escape)
        return "invalid escape in string: " + ec.message();
    if(offset >= text.size())
        return "unexpected end of file";
    return "syntax error: unexpected " + describe_character(text, offset);
}

config_problem problem_at(std::string_view text, std::size_t offset, std::string pointer, std::string message)
{
    text_position const where = position_of(text, offset);
    return {std::move(pointer), where.line, where.column, std::move(message)};
}

// Everything before the failure passed the parser, whose strings and
// comments are checked UTF-8: a bad sequence within the few bytes of the
// failure is its cause.
config_problem syntax_problem(
    std::string_view text, error_code const& ec, json_syntax const& syntax, bool bad_comment)
{
    std::size_t const offset = bad_comment ? text.size() : failure_offset(text, parse_options_of(syntax));
    constexpr std::size_t longest_sequence = 4;
    std::size_t const bad_utf8 = first_invalid_utf8(text.substr(0, offset + longest_sequence));
    if(bad_utf8 != std::string_view::npos)
        return problem_at(text, bad_utf8, {}, "invalid UTF-8");
    return problem_at(text, offset, {}, syntax_message(ec, text, offset, syntax));
}

} // namespace

std::string_view without_bom(std::string_view text) noexcept
{
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if(text.substr(0, bom.size()) == bom)
        text.remove_prefix(bom.size());
    return text;
}

bool parse_json(
    std::string_view text,
    json_syntax const& syntax,
    boost::json::value& result,
    std::vector<config_problem>& problems)
{
    boost::json::parse_options const options = parse_options_of(syntax);
    for(bool check_duplicates : {true, false})
    {
        boost::json::basic_parser<value_handler> parser(options, check_duplicates);
        parser.handler().stack.reset(result.storage());
        error_code ec;
        std::size_t const used = parser.write_some(false, text.data(), text.size(), ec);
        if(!ec && used < text.size())
        {
            // A parse stops after the document; anything but space that follows is an error.
            problems.push_back(problem_at(text, used, {},
                "unexpected " + describe_character(text, used) + " after the end of the document"));
            return false;
        }
        if(!ec)
        {
            result = parser.handler().stack.release();
            return true;
        }
        if(parser.handler().duplicate_found)
        {
            if(auto const repeated = find_duplicate_key(text))
            {
                problems.push_back(problem_at(text, repeated->offset, repeated->pointer,
                    "duplicate key: the key appears earlier in the same object"));
                return false;
            }
            continue; // two keys shared a hash: parse again without the check
        }
        problems.push_back(syntax_problem(text, ec, syntax, parser.handler().bad_comment));
        return false;
    }
    return false;
}

void place_problems(std::string_view text, std::vector<config_problem>& problems)
{
    for(config_problem& p : problems)
    {
        if(p.line != 0)
            continue;
        text_position const where = position_of(text, locate(text, p.pointer));
        p.line = where.line;
        p.column = where.column;
    }
    // In the order of the file, as a reader goes through it.
    std::stable_sort(problems.begin(), problems.end(), [](config_problem const& a, config_problem const& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
}

} // namespace detail
} // namespace durable
