//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Malformed and mistyped configurations, each with the exact problems a load
// reports: message, line:column and JSON pointer.

#define BOOST_TEST_MODULE config_error_test
#include <durable/config_error.hpp>
#include <durable/config_file.hpp>
#include <durable/printable.hpp>

#include "config_types.hpp"
#include "support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>

using namespace durable_test;

namespace {

struct malformed
{
    char const* name;
    std::string text;
    std::vector<std::string> problems; // "LINE:COLUMN: POINTER: MESSAGE"
};

std::ostream& operator<<(std::ostream& out, malformed const& m)
{
    return out << m.name;
}

std::string const integer_out_of_range =
    "integer out of the 64-bit range [-9223372036854775808, 18446744073709551615]; "
    "a fraction or an exponent (1e19) makes it a floating-point number";

// Duplicate keys are an error, not last-wins: a repeated key in a config is
// an edit that went to the wrong place, and silence would hide it.
malformed const table[] = {
    {"empty",
        "",
        {"1:1: unexpected end of file"}},
    {"only whitespace",
        "   \n  ",
        {"2:3: unexpected end of file"}},
    {"truncated object",
        "{\"server\": {\"host\": \"h\"",
        {"1:24: unexpected end of file"}},
    {"truncated string",
        "{\"tags\": [\"abc",
        {"1:15: unexpected end of file"}},
    {"truncated literal",
        "{\"verbose\": tru",
        {"1:16: unexpected end of file"}},
    {"missing colon",
        "{\"verbose\" true}",
        {"1:12: syntax error: unexpected 't'"}},
    {"missing comma",
        "{\"verbose\": true \"retries\": 1}",
        {"1:18: syntax error: unexpected '\"'"}},
    {"single quotes",
        "{'verbose': true}",
        {"1:2: syntax error: unexpected '''"}},
    {"unquoted key",
        "{verbose: true}",
        {"1:2: syntax error: unexpected 'v'"}},
    {"NaN literal",
        "{\"n\": {\"d\": NaN}}",
        {"1:13: syntax error: unexpected 'N'"}},
    {"Infinity literal",
        "{\"n\": {\"d\": Infinity}}",
        {"1:13: syntax error: unexpected 'I'"}},
    {"negative Infinity",
        "{\"n\": {\"d\": -Infinity}}",
        {"1:14: syntax error: unexpected 'I'"}},
    {"leading zero",
        "{\"retries\": 01}",
        {"1:14: syntax error: unexpected '1'"}},
    {"hex number",
        "{\"retries\": 0x10}",
        {"1:14: syntax error: unexpected 'x'"}},
    {"plus sign",
        "{\"retries\": +1}",
        {"1:13: syntax error: unexpected '+'"}},
    {"extra text after document",
        "{} x",
        {"1:4: unexpected 'x' after the end of the document"}},
    {"two documents",
        "{}{}",
        {"1:3: unexpected '{' after the end of the document"}},
    {"invalid escape",
        "{\"server\": {\"host\": \"\\q\"}}",
        {"1:23: syntax error: unexpected 'q'"}},
    {"lone surrogate",
        "{\"server\": {\"host\": \"\\ud800\"}}",
        {"1:28: syntax error: unexpected '\"'"}},
    {"control char in string",
        "{\"server\": {\"host\": \"a\tb\"}}",
        {"1:23: syntax error: unexpected byte 0x09"}},
    {"invalid UTF-8 in string",
        "{\"server\": {\"host\": \"\xC3""\x28""\"}}",
        {"1:22: invalid UTF-8"}},
    {"overlong UTF-8",
        "{\"server\": {\"host\": \"\xC0""\xAF""\"}}",
        {"1:22: invalid UTF-8"}},
    {"invalid UTF-8 in comment",
        "// \xFF""\n{}",
        {"1:4: invalid UTF-8"}},
    {"duplicate key",
        "{\"verbose\": true,\n \"verbose\": false}",
        {"2:2: /verbose: duplicate key: the key appears earlier in the same object"}},
    {"duplicate nested key",
        "{\"server\": {\"port\": 1, \"host\": \"a\", \"port\": 2}}",
        {"1:37: /server/port: duplicate key: the key appears earlier in the same object"}},
    {"duplicate escaped key",
        "{\"tags\": [], \"t\\u0061gs\": []}",
        {"1:14: /tags: duplicate key: the key appears earlier in the same object"}},
    {"wrong type at root",
        "[1, 2]",
        {"1:1: expected object, found array"}},
    {"string for integer",
        "{\"server\": {\"port\": \"80\"}}",
        {"1:21: /server/port: expected integer in [0, 65535], found string \"80\""}},
    {"integer out of uint16",
        "{\"server\": {\"port\": 70000}}",
        {"1:21: /server/port: expected integer in [0, 65535], found number 70000"}},
    {"negative for unsigned",
        "{\"n\": {\"u8\": -1}}",
        {"1:14: /n/u8: expected integer in [0, 255], found number -1"}},
    {"300 into uint8",
        "{\"n\": {\"u8\": 300}}",
        {"1:14: /n/u8: expected integer in [0, 255], found number 300"}},
    {"int8 underflow",
        "{\"n\": {\"i8\": -129}}",
        {"1:14: /n/i8: expected integer in [-128, 127], found number -129"}},
    // Beyond 64 bits an integer would read as the nearest double: refused by
    // the parse, whatever the member's type, before it could change.
    {"uint64 overflow",
        "{\"n\": {\"u64\": 18446744073709551616}}",
        {"1:15: /n/u64: " + integer_out_of_range}},
    {"int64 underflow",
        "{\"n\": {\"i64\": -9223372036854775809}}",
        {"1:15: /n/i64: " + integer_out_of_range}},
    {"uint64 into int64",
        "{\"n\": {\"i64\": 9223372036854775808}}",
        {"1:15: /n/i64: expected integer in [-9223372036854775808, 9223372036854775807], found number 9223372036854775808"}},
    {"integer beyond 64 bits for double",
        "{\"n\": {\"d\": 100000000000000000000}}",
        {"1:13: /n/d: " + integer_out_of_range}},
    {"fraction for integer",
        "{\"n\": {\"i32\": 1.5}}",
        {"1:15: /n/i32: expected integer in [-2147483648, 2147483647], found number 1.5"}},
    {"float overflow",
        "{\"n\": {\"f\": 1e39}}",
        {"1:13: /n/f: expected number in the range of float, found number 1e+39"}},
    {"bool for string",
        "{\"server\": {\"host\": true}}",
        {"1:21: /server/host: expected string, found boolean true"}},
    {"null for bool",
        "{\"verbose\": null}",
        {"1:13: /verbose: expected boolean, found null"}},
    {"object for array",
        "{\"tags\": {}}",
        {"1:10: /tags: expected array, found object"}},
    {"wrong element type",
        "{\"tags\": [\"a\", 2, \"c\"]}",
        {"1:16: /tags/1: expected string, found number 2"}},
    {"wrong map value",
        "{\"limits\": {\"a\": 1, \"b\": \"two\"}}",
        {"1:26: /limits/b: expected integer in [-2147483648, 2147483647], found string \"two\""}},
    {"unknown enum name",
        "{\"log_level\": \"verbose\"}",
        {"1:15: /log_level: expected one of \"debug\", \"info\", \"warning\", found string \"verbose\""}},
    {"number for enum",
        "{\"log_level\": 2}",
        {"1:15: /log_level: expected one of \"debug\", \"info\", \"warning\", found number 2"}},
    {"duration without unit",
        "{\"timeout\": 30}",
        {"1:13: /timeout: expected duration such as \"30s\" or \"1500ms\" (a whole number and one of ns, us, ms, s, min, h), found number 30"}},
    {"duration bad unit",
        "{\"timeout\": \"30 seconds\"}",
        {"1:13: /timeout: expected duration such as \"30s\" or \"1500ms\" (a whole number and one of ns, us, ms, s, min, h), found string \"30 seconds\""}},
    {"duration not exact",
        "{\"interval\": \"1500ms\"}",
        {"1:14: /interval: expected a whole number of s within range, found string \"1500ms\""}},
    {"user type refuses",
        "{\"origin\": \"12\"}",
        {"1:12: /origin: invalid value (a point is \"x,y\"), found string \"12\""}},
    {"deep in array of structs",
        "{\"mirrors\": [{\"host\": \"a\"}, {\"port\": \"x\"}]}",
        {"1:38: /mirrors/1/port: expected integer in [0, 65535], found string \"x\""}},
    {"several problems at once",
        "{\n  \"verbose\": 1,\n  \"server\": {\"port\": -5},\n  \"tags\": [null]\n}",
        {"2:14: /verbose: expected boolean, found number 1", "3:22: /server/port: expected integer in [0, 65535], found number -5", "4:12: /tags/0: expected string, found null"}},
    {"unknown key",
        "{\"sever\": {}}",
        {"1:11: /sever: unknown key"}},
    {"CRLF line endings",
        "{\r\n  \"verbose\": true,\r\n  \"retries\": \"x\"\r\n}",
        {"3:14: /retries: expected integer in [-2147483648, 2147483647], found string \"x\""}},
    {"BOM then error",
        "\xEF""\xBB""\xBF""{\"retries\": \"x\"}",
        {"1:13: /retries: expected integer in [-2147483648, 2147483647], found string \"x\""}},
    {"multi-byte before error",
        "{\"tags\": [\"ééé\"], \"retries\": \"x\"}",
        {"1:30: /retries: expected integer in [-2147483648, 2147483647], found string \"x\""}},
    {"comment before error",
        "/* c */ {\"retries\": /* c */ \"x\"}",
        {"1:29: /retries: expected integer in [-2147483648, 2147483647], found string \"x\""}},
    {"trailing comma is fine but bad value",
        "{\"retries\": \"x\",}",
        {"1:13: /retries: expected integer in [-2147483648, 2147483647], found string \"x\""}},
};

std::vector<std::string> problems_of(fs::path const& file, std::string const& text)
{
    put_file(file, text);
    boost::asio::io_context io;
    try
    {
        durable::config_file<config_test::settings>(io, file).load();
    }
    catch(durable::config_error const& e)
    {
        std::vector<std::string> lines;
        for(auto const& p : e.problems())
            lines.push_back(durable::to_string(p, "f").substr(2));
        return lines;
    }
    return {"(loaded)"};
}

// The one problem of loading `text`, as problems_of() writes it.
std::string problem_of(fs::path const& file, std::string const& text)
{
    std::vector<std::string> const problems = problems_of(file, text);
    return problems.size() == 1 ? problems.front() : std::to_string(problems.size()) + " problems";
}

} // namespace

BOOST_AUTO_TEST_SUITE(config_error_test)

BOOST_AUTO_TEST_CASE(the_table_is_large_enough)
{
    BOOST_TEST(std::size(table) >= 40u);
}

BOOST_DATA_TEST_CASE_F(temp_dir, every_malformed_input_gets_its_exact_problems,
    boost::unit_test::data::make(table), m)
{
    BOOST_TEST(problems_of(path() / "c.json", m.text) == m.problems, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(nesting_ten_thousand_deep_is_refused_without_a_crash, temp_dir)
{
    std::string const deep = "{\"tags\": " + std::string(10000, '[') + std::string(10000, ']') + "}";
    BOOST_TEST(problems_of(path() / "c.json", deep) ==
        std::vector<std::string>{"1:73: nested deeper than the limit of 64 levels"},
        boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_large_file_within_the_limit_reports_a_late_error, temp_dir)
{
    // 1 MiB of good tags, then one bad byte: the error's place is found
    // even far into a large text.
    std::string text = "{\"tags\": [";
    for(int i = 0; i < 100000; ++i)
        text += "\"tag\",\n";
    text += "x]}";
    BOOST_TEST(problems_of(path() / "c.json", text) ==
        std::vector<std::string>{"100001:1: syntax error: unexpected 'x'"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(messages_name_the_file_line_column_and_pointer)
{
    durable::config_error const e("settings.json", durable::error::invalid_config,
        {{"/server/port", 12, 15, "expected integer in [0, 65535], found string \"80\""},
         {"", 3, 1, "syntax error: unexpected 'x'"},
         {"/host", 0, 0, "must not be empty"}});
    BOOST_TEST(std::string(e.what()) ==
        "settings.json:12:15: /server/port: expected integer in [0, 65535], found string \"80\"\n"
        "settings.json:3:1: syntax error: unexpected 'x'\n"
        "settings.json: /host: must not be empty");
    BOOST_TEST(e.code() == durable::error::invalid_config);
    BOOST_TEST(e.problems().size() == 3u);

    durable::config_error const io_error("settings.json",
        make_error_code(boost::system::errc::permission_denied), "read");
    BOOST_TEST(std::string(io_error.what()) == "settings.json: read: Permission denied");
    BOOST_TEST(io_error.problems().empty());
}

// Found by the fuzz target (test/fuzz/corpus/crash-comment-before-number.json):
// the place of a syntax error was found by giving the text to one parser
// byte by byte, and Boost.JSON 1.81, given the byte that ends a comment,
// reads on into a number that follows it, past the end of the text when
// the number is near it: a heap-buffer-overflow under AddressSanitizer.
BOOST_FIXTURE_TEST_CASE(a_comment_before_a_bad_value_is_read_within_the_text, temp_dir)
{
    fs::path const file = path() / "c.json";
    BOOST_TEST(problem_of(file, "{\"retries\": /* none */-}") == "1:24: syntax error: unexpected '}'");
    BOOST_TEST(problem_of(file, "// a line comment\n-x") == "2:2: syntax error: unexpected 'x'");
}

// Found by the fuzz target (test/fuzz/corpus/crash-comment-closed-by-two-stars.json):
// Boost.JSON 1.81 does not end a block comment at the "*/" of "**/", and
// read on to the next "*/": the bad value between was never seen, and the
// places of later problems were those of another reading of the text.
// Comments no longer reach its parser; they are read here, as written.
BOOST_FIXTURE_TEST_CASE(a_block_comment_ends_at_its_first_star_slash, temp_dir)
{
    fs::path const file = path() / "c.json";
    BOOST_TEST(problem_of(file, "{/* was 2 **/ \"retries\": \"x\" /* at most */}") ==
        "1:26: /retries: expected integer in [-2147483648, 2147483647], found string \"x\"");
    BOOST_TEST(problem_of(file, "/***/ {\"retries\": \"x\"}") ==
        "1:19: /retries: expected integer in [-2147483648, 2147483647], found string \"x\"");
    // Columns count the characters of a comment, not its bytes.
    BOOST_TEST(problem_of(file, "{/* \u00e9t\u00e9 */ \"retries\": 1 x}") ==
        "1:25: syntax error: unexpected 'x'");
    // Comment marks within strings are text.
    BOOST_TEST(problem_of(file, "{\"tags\": [\"a // b\", \"/* c\"], \"retries\": \"x\"}") ==
        "1:41: /retries: expected integer in [-2147483648, 2147483647], found string \"x\"");
    BOOST_TEST(problem_of(file, "{\"retries\": 1 /* never closed") == "1:15: unterminated comment");
    BOOST_TEST(problem_of(file, "{\"retries\": x /* \xFF */}") == "1:13: syntax error: unexpected 'x'");
}

// Found by the fuzz target (test/fuzz/corpus/crash-number-beyond-double.json):
// Boost.JSON reads 33e+308 as an infinity, which the mapping could not
// quote in its message (the load threw std::invalid_argument, not
// config_error), and which a kept key would have carried into a save that
// could never be written.
BOOST_FIXTURE_TEST_CASE(numbers_beyond_the_range_of_double_are_refused_where_they_begin, temp_dir)
{
    fs::path const file = path() / "c.json";
    BOOST_TEST(problem_of(file, "33e+308") == "1:1: number out of range");
    BOOST_TEST(problem_of(file, "{\"n\": {\"d\": 1e400}}") == "1:13: /n/d: number out of range");
    BOOST_TEST(problem_of(file, "{\"weights\": {\"w\": -1.8e308}}") == "1:19: /weights/w: number out of range");
    BOOST_TEST(problem_of(file, "{\"future\": [0, 1e999]}") == "1:16: /future/1: number out of range");
    // The largest double is a number, and so is what rounds to zero.
    BOOST_TEST(problem_of(file, "{\"n\": {\"d\": 1.7976931348623157e308}, \"weights\": {\"w\": 1e-400}}") ==
        "(loaded)");
}

// Issue 13: an integer beyond 64 bits read as the nearest double, and came
// back from a save, `durable get` or `durable fmt` as another number
// (-9223372036854775809 as -9223372036854775808.0). It is refused where it
// begins, with the pointer of its value; the text after it need not parse.
BOOST_FIXTURE_TEST_CASE(integers_beyond_64_bits_are_refused_where_they_begin, temp_dir)
{
    fs::path const file = path() / "c.json";
    BOOST_TEST(problem_of(file, "18446744073709551616") == "1:1: " + integer_out_of_range);
    BOOST_TEST(problem_of(file, "{\"tags\": [], /* 2^70 */ \"weights\": {\"w\": -1180591620717411303424}}") ==
        "1:42: /weights/w: " + integer_out_of_range);
    BOOST_TEST(problem_of(file, "{\"mirrors\": [{}, {\"port\": 99999999999999999999999") ==
        "1:27: /mirrors/1/port: " + integer_out_of_range);
    BOOST_TEST(problem_of(file, "{\"a~/b\": [[0, 12345678901234567890123]]}") ==
        "1:15: /a~0~1b/0/1: " + integer_out_of_range);
    // The limits themselves are integers, and so are the same digits as a double.
    BOOST_TEST(problem_of(file, "{\"n\": {\"i64\": -9223372036854775808, \"u64\": 18446744073709551615, "
        "\"d\": 18446744073709551616.0, \"f\": 1e19}}") == "(loaded)");
}

// Found by the fuzz target (test/fuzz/corpus/crash-newline-in-key.json): a
// key may hold any character, and went into what() as it was, so that a
// key with a line break made a line of its own, which an editor or a log
// reader takes for another problem.
BOOST_FIXTURE_TEST_CASE(control_characters_of_keys_and_messages_stay_on_the_line, temp_dir)
{
    BOOST_TEST(problems_of(path() / "c.json", "{\"x\\ny\": 1, \"\\u001b[2J\": 2, \"a\\\\nb\": 3}") ==
        std::vector<std::string>({"1:10: /x\\ny: unknown key", "1:26: /\\x1b[2J: unknown key",
            "1:38: /a\\\\nb: unknown key"}),
        boost::test_tools::per_element());

    durable::config_error const e("c.json", durable::error::invalid_config,
        {{"/a\nb", 1, 2, "found \"x\"\r\n\x7f\t"}});
    BOOST_TEST(std::string(e.what()) == "c.json:1:2: /a\\nb: found \"x\"\\r\\n\\x7f\\t");
    BOOST_TEST(e.problems().front().pointer == "/a\nb");
}

// Issue 13: the file name went into what() as it was, so a name with a
// newline forged a problem line of its own, in what(), in single_line()
// (systemd's STATUS=) and in the tool's error line. Every message of a
// config_error escapes it as durable::printable() does; path() keeps it.
// A message's own backslashes, those of the JSON strings it quotes, stay.
// Windows allows no control character in a file name: a POSIX test.
#ifndef _WIN32
BOOST_FIXTURE_TEST_CASE(the_file_name_is_escaped_in_every_message, temp_dir)
{
    std::string const name = "c.json:1:1: forged\n\x1b[2J\xff\\.json";
    std::string const shown = "c.json:1:1: forged\\n\\x1b[2J\\xff\\\\.json";
    put_file(path() / name, "{\"server\": {\"host\": 7}, \"tags\": [\"a\\\"b\", 1]}");
    boost::asio::io_context io;
    try
    {
        durable::config_file<config_test::settings>(io, path() / name).load();
        BOOST_FAIL("the load succeeded");
    }
    catch(durable::config_error const& e)
    {
        std::string const file = durable::printable((path() / name).native());
        BOOST_TEST(file == durable::printable(path().native()) + "/" + shown);
        BOOST_TEST(std::string(e.what()) == file + ":1:21: /server/host: expected string, found number 7\n" +
            file + ":1:42: /tags/1: expected string, found number 1");
        BOOST_TEST(e.single_line() == file + ":1:21: /server/host: expected string, found number 7; " +
            file + ":1:42: /tags/1: expected string, found number 1");
        BOOST_TEST(e.path() == path() / name);
    }

    durable::config_error const read(name, make_error_code(boost::system::errc::permission_denied), "read");
    BOOST_TEST(std::string(read.what()) == shown + ": read: Permission denied");
    durable::config_error const missing(name, make_error_code(boost::system::errc::no_such_file_or_directory),
        std::vector<durable::config_problem>{});
    BOOST_TEST(std::string(missing.what()) == shown + ": No such file or directory");
    BOOST_TEST(durable::to_string({"/k\\", 1, 2, "found string \"a\\\"b\""}, name) ==
        shown + ":1:2: /k\\\\: found string \"a\\\"b\"");
}
#endif

// The json module's problems are byte offsets; the config layer shows them
// as a line ("\r\n" is one line break) and a column of UTF-8 characters.
BOOST_AUTO_TEST_CASE(a_json_problem_is_placed_by_line_and_column)
{
    std::string_view const text = "{\r\n  \"caf\xC3\xA9\": 1,\n\t\"x\": ?}";
    auto const placed = [&](std::size_t offset) {
        durable::config_problem const p = durable::to_config_problem({offset, "/x", "what"}, text);
        BOOST_TEST(p.pointer == "/x");
        BOOST_TEST(p.message == "what");
        return std::to_string(p.line) + ":" + std::to_string(p.column);
    };
    BOOST_TEST(placed(0) == "1:1");
    BOOST_TEST(placed(1) == "1:2");
    BOOST_TEST(placed(3) == "2:1");
    BOOST_TEST(placed(11) == "2:8"); // after "é", two bytes and one character
    BOOST_TEST(placed(23) == "3:7"); // a tab is one column
    // A problem with an edit, not with the text, has no place in it.
    BOOST_TEST(placed(durable::json::problem::npos) == "0:0");
}

BOOST_AUTO_TEST_SUITE_END()
