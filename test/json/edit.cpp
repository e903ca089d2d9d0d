//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Edits of one value in a JSON text: the exact bytes of the result, and the
// exact problem when an edit cannot be made.

#define BOOST_TEST_MODULE json_edit_test
#include <durable/json/edit.hpp>
#include <durable/json/parse.hpp>
#include <durable/json/pointer.hpp>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace {

using durable::json::edit_options;
using durable::json::problem;

boost::json::value parse(std::string_view text, edit_options const& options = {})
{
    boost::json::value value;
    problem refused;
    if(!durable::json::parse(durable::json::without_bom(text), options.syntax, value, refused))
        throw std::runtime_error("the test's JSON does not parse: " + refused.message);
    return value;
}

// "POINTER: MESSAGE" of an edit's problem, which is with what was asked:
// it has no offset in the text.
std::string described(problem const& refused)
{
    BOOST_TEST(refused.offset == problem::npos);
    return refused.pointer + ": " + refused.message;
}

// The edited text, or "POINTER: MESSAGE" of the problem.
std::string edit(std::string_view text, std::string_view pointer, std::string_view value,
    edit_options const& options)
{
    problem refused;
    std::optional<std::string> const edited =
        durable::json::set_value(text, parse(text, options), pointer, parse(value), options, refused);
    if(edited)
        return *edited;
    return described(refused);
}

std::string edit(std::string_view text, std::string_view pointer, std::string_view value)
{
    return edit(text, pointer, value, edit_options());
}

struct edit_case
{
    char const* name;
    std::string text;
    char const* pointer;
    char const* value;
    std::string expected; // the edited text, or "POINTER: MESSAGE"
    unsigned indent = 4;
};

std::ostream& operator<<(std::ostream& out, edit_case const& c)
{
    return out << c.name;
}

std::string edit(edit_case const& c)
{
    edit_options options;
    options.indent = c.indent;
    return edit(c.text, c.pointer, c.value, options);
}

edit_case const replacements[] = {
    {"a scalar, comments and spacing kept",
        "{\n    // the port\n    \"port\":   80, /* web */\n    \"host\": \"a\"\n}\n",
        "/port", "8080",
        "{\n    // the port\n    \"port\":   8080, /* web */\n    \"host\": \"a\"\n}\n"},
    {"a string, escaped as a save escapes it",
        "{\"name\": \"old\"}",
        "/name", "\"tab\\there \\\"q\\\" \\u00e9\"",
        "{\"name\": \"tab\\there \\\"q\\\" \xC3\xA9\"}"},
    {"with a comment between key and value",
        "{\"a\": /* c */ 1}",
        "/a", "2",
        "{\"a\": /* c */ 2}"},
    {"an object, pretty and indented to its line",
        "{\n    \"server\": 1,\n    \"x\": 2\n}\n",
        "/server", "{\"a\": 1, \"b\": [1, 2]}",
        "{\n    \"server\": {\n        \"a\": 1,\n        \"b\": [\n"
        "            1,\n            2\n        ]\n    },\n    \"x\": 2\n}\n"},
    {"an object by a scalar",
        "{\"a\": {\n  \"x\": [1, {}]\n}, \"b\": 2}",
        "/a", "0",
        "{\"a\": 0, \"b\": 2}"},
    {"an array element",
        "[1, 2, 3]",
        "/1", "\"two\"",
        "[1, \"two\", 3]"},
    {"a nested element, by escaped key tokens",
        "{\"a/b\": {\"m~n\": [true, false]}}",
        "/a~1b/m~0n/1", "null",
        "{\"a/b\": {\"m~n\": [true, null]}}"},
    {"a key written with escapes",
        "{\"a\\u0062\": 1}",
        "/ab", "2",
        "{\"a\\u0062\": 2}"},
    {"the whole document, comments around it kept",
        "// head\n{\"a\": 1}\n// tail\n",
        "", "[1]",
        "// head\n[\n    1\n]\n// tail\n"},
    {"the last value before a trailing comma",
        "[1, 2,]",
        "/1", "3",
        "[1, 3,]"},
    {"a value in a CRLF file, with CRLF inside it",
        "{\r\n    \"a\": 1\r\n}\r\n",
        "/a", "[true]",
        "{\r\n    \"a\": [\r\n        true\r\n    ]\r\n}\r\n"},
    {"a value after a byte order mark",
        "\xEF\xBB\xBF{\"a\": 1}",
        "/a", "2",
        "\xEF\xBB\xBF{\"a\": 2}"},
    {"a value indented by tabs",
        "{\n\t\"a\": 1\n}",
        "/a", "{\"x\": 1}",
        "{\n\t\"a\": {\n\t    \"x\": 1\n\t}\n}"},
};

edit_case const additions[] = {
    {"a member on its own line, after the last",
        "{\n    \"a\": 1\n}\n",
        "/b", "2",
        "{\n    \"a\": 1,\n    \"b\": 2\n}\n"},
    {"a member after a line comment, which stays with its member",
        "{\n    \"a\": 1 // one\n}\n",
        "/b", "2",
        "{\n    \"a\": 1, // one\n    \"b\": 2\n}\n"},
    {"a member after block comments on the line",
        "{\n    \"a\": 1 /* x */ /* y */\n    // about the end\n}\n",
        "/b", "2",
        "{\n    \"a\": 1, /* x */ /* y */\n    \"b\": 2\n    // about the end\n}\n"},
    {"a member after a trailing comma, which stays the last entry's",
        "{\n    \"a\": 1, // one\n}\n",
        "/b", "2",
        "{\n    \"a\": 1, // one\n    \"b\": 2,\n}\n"},
    {"a member after a trailing comma on the next line",
        "{\n    \"a\": 1 // one\n    ,\n}\n",
        "/b", "2",
        "{\n    \"a\": 1, // one\n    \"b\": 2\n    ,\n}\n"},
    {"an object member, pretty at the member's indentation",
        "{\n  \"a\": 1\n}",
        "/b", "{\"x\": {}}",
        "{\n  \"a\": 1,\n  \"b\": {\n      \"x\": {}\n  }\n}"},
    {"a member of a one-line object, on that line",
        "{\"a\": 1}",
        "/b", "2",
        "{\"a\": 1, \"b\": 2}"},
    {"a member of a one-line object with a trailing comma",
        "{\"a\": 1,}",
        "/b", "2",
        "{\"a\": 1, \"b\": 2,}"},
    {"a member whose key needs escapes",
        "{\"a\": 1}",
        "/q\"~1", "2",
        "{\"a\": 1, \"q\\\"/\": 2}"},
    {"the empty key",
        "{\"a\": 1}",
        "/", "2",
        "{\"a\": 1, \"\": 2}"},
    {"a member of an empty object, on its own line",
        "{}",
        "/b", "2",
        "{\n    \"b\": 2\n}"},
    {"a member of a nested empty object, one level in",
        "{\n    \"o\": {}\n}\n",
        "/o/k", "true",
        "{\n    \"o\": {\n        \"k\": true\n    }\n}\n"},
    {"a member of an empty object whose bracket closes on its own line",
        "{\n    \"o\": {\n    }\n}\n",
        "/o/k", "true",
        "{\n    \"o\": {\n        \"k\": true\n    }\n}\n"},
    {"a member of an empty object with a comment, which stays first",
        "{ /* none yet */ }",
        "/k", "1",
        "{ /* none yet */\n    \"k\": 1\n}"},
    {"a member of an empty object, with an indent of 2",
        "{}",
        "/b", "{\"c\": 1}",
        "{\n  \"b\": {\n    \"c\": 1\n  }\n}",
        2},
    {"an element appended with -",
        "[1, 2]",
        "/-", "3",
        "[1, 2, 3]"},
    {"an element appended by the index of the size",
        "[\n    1,\n    2\n]",
        "/2", "{\"a\": 1}",
        "[\n    1,\n    2,\n    {\n        \"a\": 1\n    }\n]"},
    {"an element appended after a trailing comma",
        "[1, 2,]",
        "/-", "3",
        "[1, 2, 3,]"},
    {"an element of an empty array",
        "{\"a\": []}",
        "/a/-", "1",
        "{\"a\": [\n    1\n]}"},
    {"a member in a CRLF file",
        "{\r\n    \"a\": 1\r\n}\r\n",
        "/b", "{\"x\": 1}",
        "{\r\n    \"a\": 1,\r\n    \"b\": {\r\n        \"x\": 1\r\n    }\r\n}\r\n"},
    {"a member to an empty object in a CRLF file",
        "{\r\n}\r\n",
        "/b", "1",
        "{\r\n    \"b\": 1\r\n}\r\n"},
    {"a member after a byte order mark",
        "\xEF\xBB\xBF{}",
        "/b", "1",
        "\xEF\xBB\xBF{\n    \"b\": 1\n}"},
};

edit_case const refusals[] = {
    {"a missing parent",
        "{\"a\": {}}",
        "/a/b/c", "1",
        "/a/b: no such value"},
    {"a parent that is a scalar",
        "{\"a\": 5}",
        "/a/b", "1",
        "/a: expected an object or array, found number 5"},
    {"a document that is a scalar",
        "\"text\"",
        "/a", "1",
        ": expected an object or array, found string \"text\""},
    {"an index past the end",
        "[1, 2]",
        "/3", "1",
        "/3: past the end of an array of 2 elements (append with '-')"},
    {"an index with a leading zero",
        "[1, 2]",
        "/01", "1",
        "/01: expected an array index or '-', found \"01\""},
    {"a key for an array",
        "{\"a\": [1]}",
        "/a/x", "1",
        "/a/x: expected an array index or '-', found \"x\""},
    {"a malformed pointer",
        "{}",
        "a", "1",
        "a: malformed JSON pointer"},
    {"a malformed escape",
        "{}",
        "/a~2", "1",
        "/a~2: malformed JSON pointer"},
};

// The merged text, or "POINTER: MESSAGE" of the problem.
std::string merge(std::string_view text, std::string_view value)
{
    problem refused;
    std::optional<std::string> const merged =
        durable::json::merge_text(text, parse(text), parse(value), {}, refused);
    if(merged)
        return *merged;
    return described(refused);
}

std::string remove(std::string_view text, std::string_view pointer)
{
    problem refused;
    std::optional<std::string> const removed =
        durable::json::remove_member(text, parse(text), pointer, {}, refused);
    if(removed)
        return *removed;
    return described(refused);
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_edit_test)

BOOST_AUTO_TEST_CASE(a_member_is_removed_with_its_line_and_its_comma)
{
    // On lines of their own: the line goes, with its comments; those above stay.
    std::string const lines = "{\n    // a\n    \"a\": 1, // one\n    \"b\": 2 /* two */\n}\n";
    BOOST_TEST(remove(lines, "/a") == "{\n    // a\n    \"b\": 2 /* two */\n}\n");
    BOOST_TEST(remove(lines, "/b") == "{\n    // a\n    \"a\": 1 // one\n}\n");
    BOOST_TEST(remove("{\r\n  \"a\": 1,\r\n  \"b\": 2,\r\n}\r\n", "/b") == "{\r\n  \"a\": 1,\r\n}\r\n");
    BOOST_TEST(remove("{\n  \"a\": 1\n}", "/a") == "{\n}");
    // Sharing a line.
    BOOST_TEST(remove(R"({"a": 1, "b": 2, "c": 3})", "/a") == R"({"b": 2, "c": 3})");
    BOOST_TEST(remove(R"({"a": 1, "b": 2, "c": 3})", "/b") == R"({"a": 1, "c": 3})");
    BOOST_TEST(remove(R"({"a": 1, "b": 2, "c": 3})", "/c") == R"({"a": 1, "b": 2})");
    BOOST_TEST(remove(R"({"a": 1, /* x */ "b": {"c": [1]}})", "/b") == R"({"a": 1 /* x */})");
    BOOST_TEST(remove(R"({"n": {"a": 1}})", "/n/a") == R"({"n": {}})");
    BOOST_TEST(remove("{\"a\": 1\n, \"b\": 2}", "/a") == "{\"b\": 2}");
    // Refused.
    BOOST_TEST(remove(R"({"a": 1})", "/b") == "/b: no such member");
    BOOST_TEST(remove(R"([1])", "/0") == "/0: no such member");
    BOOST_TEST(remove(R"({"a": 1})", "") == ": the whole document is no member");
}

BOOST_AUTO_TEST_CASE(a_merge_changes_only_what_differs)
{
    std::string const text =
        "\xEF\xBB\xBF{\r\n"
        "  // the server\r\n"
        "  \"server\": {\r\n"
        "    \"port\": 80, /* web */\r\n"
        "    \"host\": \"h\",\r\n"
        "    \"old\": true,\r\n"
        "  },\r\n"
        "  \"ratio\": 1.50,\r\n"
        "  \"list\": [1, /* two */ 2, {\"k\": 1}],\r\n"
        "}\r\n";
    // Equal: the text comes back as it is.
    BOOST_TEST(merge(text, R"({"ratio": 1.5, "list": [1, 2, {"k": 1}], "server": {"host": "h", "old": true, "port": 80}})")
        == text);
    // Nested values changed, a member removed and one added, elements changed in place.
    BOOST_TEST(merge(text, R"({"server": {"host": "g", "port": 81, "new": {"a": [1]}}, "ratio": 1.5, "list": [1, 3, {"k": 2}]})") ==
        "\xEF\xBB\xBF{\r\n"
        "  // the server\r\n"
        "  \"server\": {\r\n"
        "    \"port\": 81, /* web */\r\n"
        "    \"host\": \"g\",\r\n"
        "    \"new\": {\r\n"
        "        \"a\": [\r\n"
        "            1\r\n"
        "        ]\r\n"
        "    },\r\n"
        "  },\r\n"
        "  \"ratio\": 1.50,\r\n"
        "  \"list\": [1, /* two */ 3, {\"k\": 2}],\r\n"
        "}\r\n");
    // An array of another size loses elements from its end and gains them
    // after its last, the comments of the others kept.
    BOOST_TEST(merge("{\"list\": [1, 2], // l\n\"x\": 1}", R"({"list": [1], "x": 1})") ==
        "{\"list\": [1], // l\n\"x\": 1}");
    BOOST_TEST(merge("[1, /* two */ 2]", "[1, 2, 3, 4]") == "[1, /* two */ 2, 3, 4]");
    // A comment before a removed element stays, as before a removed member.
    BOOST_TEST(merge("[1, /* two */ 2, 3]", "[0]") == "[0 /* two */]");
    std::string const lines = "{\r\n  \"recent\": [\r\n    // newest last\r\n    \"a\", // first\r\n    \"b\"\r\n  ]\r\n}\r\n";
    BOOST_TEST(merge(lines, R"({"recent": ["a", "b", "c"]})") ==
        "{\r\n  \"recent\": [\r\n    // newest last\r\n    \"a\", // first\r\n    \"b\",\r\n    \"c\"\r\n  ]\r\n}\r\n");
    BOOST_TEST(merge(lines, R"({"recent": ["a"]})") ==
        "{\r\n  \"recent\": [\r\n    // newest last\r\n    \"a\" // first\r\n  ]\r\n}\r\n");
    BOOST_TEST(merge(lines, R"({"recent": []})") == "{\r\n  \"recent\": [\r\n    // newest last\r\n  ]\r\n}\r\n");
    BOOST_TEST(merge("{\"l\": []}", R"({"l": [{"k": 1}]})") == "{\"l\": [\n    {\n        \"k\": 1\n    }\n]}");
    // A value of another kind, and another root.
    BOOST_TEST(merge("{\"a\": {\"b\": 1} /* c */}", R"({"a": [true]})") == "{\"a\": [\n    true\n] /* c */}");
    BOOST_TEST(merge("// n\n[1, 2]", "[1, 5]") == "// n\n[1, 5]");
    BOOST_TEST(merge("// n\n[1, 2]", "{}") == "// n\n{}");
    // Everything removed, then added.
    BOOST_TEST(merge("{\n    \"a\": 1 // a\n}\n", R"({"b": 2})") == "{\n    \"b\": 2\n}\n");
}

// A merge whose result cannot be verified returns nothing: here the
// document given is not the text's, as a wrong splice would make it.
BOOST_AUTO_TEST_CASE(a_merge_that_cannot_be_verified_returns_nothing)
{
    problem refused;
    auto const merged = durable::json::merge_text(
        "{\"a\": 1, \"b\": 2}", parse("{\"a\": 1}"), parse("{\"a\": 1}"), {}, refused);
    BOOST_TEST(!merged);
    BOOST_TEST(refused.message == "the edited text does not read as the intended document");
    // Nor one that no longer parses under the syntax.
    edit_options strict;
    strict.syntax.max_depth = 2;
    BOOST_TEST(!durable::json::merge_text("{\"a\": 1}", parse("{\"a\": 1}"),
        parse("{\"a\": [[1]]}"), strict, refused));
}

BOOST_DATA_TEST_CASE(an_existing_value_is_replaced_in_place, boost::unit_test::data::make(replacements), c)
{
    BOOST_TEST(edit(c) == c.expected);
}

BOOST_DATA_TEST_CASE(a_new_entry_goes_after_the_last_in_its_layout, boost::unit_test::data::make(additions), c)
{
    BOOST_TEST(edit(c) == c.expected);
}

BOOST_DATA_TEST_CASE(an_edit_that_cannot_be_made_names_the_pointer, boost::unit_test::data::make(refusals), c)
{
    BOOST_TEST(edit(c) == c.expected);
}

BOOST_AUTO_TEST_CASE(a_result_that_would_not_load_is_refused)
{
    edit_options options;
    options.syntax.max_depth = 3;
    BOOST_TEST(edit("{\"a\": {}}", "/a/b", "[[1]]", options) ==
        "/a/b: the edited text would not load: nested deeper than the limit of 3 levels");
}

// The check after the splice: a text that does not read as the document
// with the change applied is never returned. Here the document given is
// not the text's, as a splice in the wrong place would make it.
BOOST_AUTO_TEST_CASE(a_result_that_reads_otherwise_is_refused)
{
    problem refused;
    auto const edited = durable::json::set_value(
        "{\"a\": 1}", parse("{\"a\": 2}"), "/b", parse("3"), {}, refused);
    BOOST_TEST(!edited);
    BOOST_TEST(refused.pointer == "/b");
    BOOST_TEST(refused.message == "the edited text does not read as the intended document");
}

// Every value of a document full of comments, trailing commas and odd
// spacing, replaced by a scalar and by an object, and every object and
// array given one more entry: each edit passes its own check.
BOOST_AUTO_TEST_CASE(every_place_of_a_commented_document_can_be_edited)
{
    std::string const text =
        "\xEF\xBB\xBF// settings\r\n"
        "{ \"server\" : { \"host\":\"h\" , // host\r\n"
        "    \"ports\": [ 80,443 , ], /* ports */\r\n"
        "  \"tls\" : {}, \"empty\": [\r\n  ]\r\n"
        "  },\r\n"
        "\t\"tags\": [\"a\", /* b */ \"b\", [ [ ] ] ],\r\n"
        "  \"x\": null, }\r\n"
        "// end\r\n";
    boost::json::value const document = parse(text);
    std::vector<std::string> pointers{""};
    for(std::size_t next = 0; next < pointers.size(); ++next)
    {
        std::string const pointer = pointers[next];
        boost::json::value const& v = document.at_pointer(pointer);
        if(auto const* object = v.if_object())
            for(auto const& member : *object)
            {
                std::string child = pointer;
                durable::json::append_pointer_token(child, member.key());
                pointers.push_back(child);
            }
        if(auto const* array = v.if_array())
            for(std::size_t i = 0; i < array->size(); ++i)
                pointers.push_back(pointer + "/" + std::to_string(i));
    }
    BOOST_TEST(pointers.size() == 14u);
    for(std::string const& pointer : pointers)
    {
        for(char const* value : {"7", "{\"k\": [1, {\"m\": null}]}"})
        {
            std::string const edited = edit(text, pointer, value);
            BOOST_TEST(parse(edited).at_pointer(pointer) == parse(value), pointer << " = " << value);
            BOOST_TEST(edited.find("// end\r\n") != std::string::npos, pointer);
        }
        boost::json::value const& v = document.at_pointer(pointer);
        if(v.is_object() || v.is_array())
        {
            std::string const added = pointer + (v.is_object() ? "/new" : "/-");
            std::string const edited = edit(text, added, "[true]");
            BOOST_TEST(parse(edited).at_pointer(pointer).is_object() == v.is_object(), added);
            BOOST_TEST(edited.find("/* ports */") != std::string::npos, added);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
