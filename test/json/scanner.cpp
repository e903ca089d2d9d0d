//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The cursor that the locator and the editor move through JSON text with:
// where each move ends, what a string decodes to, and that malformed text
// stops it, never sends it past the end.

#define BOOST_TEST_MODULE json_scanner_test
#include "../../src/json/scanner.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using durable::json::scanner;

// Where skip_space() stops in `text`.
std::size_t space_end(std::string_view text)
{
    scanner s(text);
    s.skip_space();
    return s.offset();
}

// What the string at the start of `text` decodes to, and where it ends;
// "malformed" if it does not.
std::string decoded(std::string_view text, std::size_t* end = nullptr)
{
    scanner s(text);
    std::optional<std::string> const content = s.read_string();
    if(end)
        *end = s.offset();
    return content ? *content : "malformed";
}

// Where skip_value() ends the value at the start of `text`, or npos if it refuses it.
std::size_t value_end(std::string_view text)
{
    scanner s(text);
    return s.skip_value() ? s.offset() : std::string_view::npos;
}

// Each entry of the object or array that `text` opens: "key@begin:value"
// ("@begin" omitted for elements), then "end@OFFSET" with the offset at
// which the scan stopped.
std::vector<std::string> entries(std::string_view text)
{
    bool const in_object = text.front() == '{';
    scanner s(text);
    s.advance();
    std::vector<std::string> seen;
    scanner::entry entry;
    while(s.enter_entry(in_object, entry))
    {
        std::string const place = in_object ? entry.key + "@" + std::to_string(entry.begin) + ":" : "";
        seen.push_back(place + std::to_string(entry.value));
        if(!s.skip_value() || !s.leave_entry())
            break;
    }
    seen.push_back("end@" + std::to_string(s.offset()));
    return seen;
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_scanner_test)

BOOST_AUTO_TEST_CASE(space_includes_both_kinds_of_comment)
{
    BOOST_TEST(space_end(" \t\r\n1") == 4u);
    BOOST_TEST(space_end("// one\n/* two */ \n 3") == 19u);
    BOOST_TEST(space_end("/* a */// b\n/**/x") == 16u);
    // Unterminated: the comment runs to the end of the text.
    BOOST_TEST(space_end("  /* never closed") == 17u);
    BOOST_TEST(space_end("// no newline") == 13u);
    BOOST_TEST(space_end("/*") == 2u);
    BOOST_TEST(space_end("") == 0u);
}

BOOST_AUTO_TEST_CASE(a_slash_that_begins_no_comment_is_not_skipped)
{
    scanner s("/x");
    BOOST_TEST(!s.skip_comment());
    BOOST_TEST(s.offset() == 0u);
    BOOST_TEST(space_end(" / ") == 1u);
}

BOOST_AUTO_TEST_CASE(strings_decode_every_escape)
{
    std::size_t end = 0;
    BOOST_TEST(decoded(R"("plain" tail)", &end) == "plain");
    BOOST_TEST(end == 7u);
    BOOST_TEST(decoded(R"("q\" b\\ s\/ \b\f\n\r\t")") == "q\" b\\ s/ \b\f\n\r\t");
    BOOST_TEST(decoded(R"("\u0041\u00e9\u20AC")") == "A\xC3\xA9\xE2\x82\xAC");
    // A surrogate pair is one code point, four bytes of UTF-8.
    BOOST_TEST(decoded(R"("\ud83d\ude00!")", &end) == "\xF0\x9F\x98\x80!");
    BOOST_TEST(end == 15u);
    BOOST_TEST(decoded(R"("\u0000")") == std::string(1, '\0'));
    BOOST_TEST(decoded(R"("")", &end) == "");
    BOOST_TEST(end == 2u);
}

BOOST_AUTO_TEST_CASE(malformed_strings_stop_the_scan)
{
    BOOST_TEST(decoded(R"("never closed)") == "malformed");
    BOOST_TEST(decoded(R"("\x")") == "malformed");
    BOOST_TEST(decoded(R"("\u12")") == "malformed");
    BOOST_TEST(decoded(R"("\u12g4")") == "malformed");
    BOOST_TEST(decoded(R"("\ud83d")") == "malformed");       // a high surrogate alone
    BOOST_TEST(decoded(R"("\ud83d\u0041")") == "malformed"); // followed by no low one
    BOOST_TEST(decoded(R"("\ud83d\ude0)") == "malformed");   // the text ends in the pair
    BOOST_TEST(decoded("\"\\") == "malformed");
}

// Where the string at the start of `text` ends, as skip_string() finds it;
// npos, with the scanner at the end of the text, if it never closes.
std::size_t string_end(std::string_view text)
{
    scanner s(text);
    if(s.skip_string())
        return s.offset();
    BOOST_TEST(s.offset() == text.size());
    return std::string_view::npos;
}

// The end alone, escapes unchecked: the parse skips strings so, looking for comments.
BOOST_AUTO_TEST_CASE(a_string_ends_at_a_quote_after_an_even_number_of_backslashes)
{
    BOOST_TEST(string_end(R"("plain" tail)") == 7u);
    BOOST_TEST(string_end(R"("a\"b" tail)") == 6u);
    BOOST_TEST(string_end(R"("a\\" tail)") == 5u);
    BOOST_TEST(string_end(R"("a\\\"b" tail)") == 8u);
    BOOST_TEST(string_end(R"("\x" tail)") == 4u);
    BOOST_TEST(string_end(R"("")") == 2u);
    BOOST_TEST(string_end(R"("never closed)") == std::string_view::npos);
    BOOST_TEST(string_end(R"("escaped at the end\")") == std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(a_value_is_skipped_whole)
{
    BOOST_TEST(value_end(R"(-12.5e3, 4)") == 7u);
    BOOST_TEST(value_end(R"(true})") == 4u);
    BOOST_TEST(value_end(R"("a,]}" , 1)") == 6u);
    // Brackets and quotes inside strings and comments are not structure.
    std::string_view const text = R"({"a": [1, {"b": "]}\""}], /* } ] */ "c": null, } tail)";
    BOOST_TEST(value_end(text) == text.find(" tail"));
    BOOST_TEST(value_end("  /* first */ [] ") == 16u);
}

BOOST_AUTO_TEST_CASE(malformed_values_stop_the_scan)
{
    BOOST_TEST(value_end("]") == std::string_view::npos);
    BOOST_TEST(value_end(",") == std::string_view::npos);
    BOOST_TEST(value_end("") == std::string_view::npos);
    BOOST_TEST(value_end(R"({"a": 1)") == std::string_view::npos);
    BOOST_TEST(value_end(R"([1, "open)") == std::string_view::npos);
    BOOST_TEST(value_end(R"([1]])") == 3u); // the value ends where it closes
}

// No recursion: nesting far deeper than any stack holds is one loop.
BOOST_AUTO_TEST_CASE(deep_nesting_does_not_recurse)
{
    std::size_t const depth = 1000000;
    std::string const text = std::string(depth, '[') + std::string(depth, ']');
    BOOST_TEST(value_end(text) == text.size());
    BOOST_TEST(value_end(text.substr(0, text.size() - 1)) == std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(members_are_entered_at_their_values)
{
    BOOST_TEST(entries(R"({ /* c */ "k\u0041" : 1 , "b":[2,], })") ==
        (std::vector<std::string>{"kA@10:22", "b@26:30", "end@36"}), boost::test_tools::per_element());
    BOOST_TEST(entries("{}") == (std::vector<std::string>{"end@1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(elements_are_entered_at_their_values)
{
    BOOST_TEST(entries(R"([1, "x" ,{"a": 2}])") == (std::vector<std::string>{"1", "4", "9", "end@17"}),
        boost::test_tools::per_element());
    BOOST_TEST(entries("[ ]") == (std::vector<std::string>{"end@2"}), boost::test_tools::per_element());
    BOOST_TEST(entries("[1,") == (std::vector<std::string>{"1", "end@3"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_malformed_member_is_not_entered)
{
    BOOST_TEST(entries(R"({"a" 1})") == (std::vector<std::string>{"end@5"}), boost::test_tools::per_element());
    BOOST_TEST(entries(R"({a: 1})") == (std::vector<std::string>{"end@1"}), boost::test_tools::per_element());
    BOOST_TEST(entries(R"({"open: 1})") == (std::vector<std::string>{"end@10"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
