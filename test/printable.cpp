//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The one escaper of names in messages: what each byte becomes, that the
// result is one line of valid UTF-8 with nothing a terminal obeys, and that
// the original bytes can always be told back from it.

#define BOOST_TEST_MODULE printable_test
#include <durable/printable.hpp>
#include "../src/json/utf8.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace {

using namespace std::string_literals;

// Undoes printable(): every backslash begins an escape, and each escape
// stands for one byte. No value if the text is not something printable()
// could have written.
std::optional<std::string> unescape(std::string_view text)
{
    std::string bytes;
    for(std::size_t i = 0; i < text.size(); ++i)
    {
        if(text[i] != '\\')
        {
            bytes += text[i];
            continue;
        }
        if(++i == text.size())
            return std::nullopt;
        switch(text[i])
        {
        case '\\': bytes += '\\'; break;
        case 'n': bytes += '\n'; break;
        case 'r': bytes += '\r'; break;
        case 't': bytes += '\t'; break;
        case 'x':
            if(i + 2 >= text.size())
                return std::nullopt;
            bytes += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
            break;
        default: return std::nullopt;
        }
    }
    return bytes;
}

// Whether `text` is safe on a line of a log or a terminal: valid UTF-8
// without C0 controls, DEL or C1 controls (U+0080 to U+009F, C2 80 to C2 9F).
bool is_printable(std::string const& text)
{
    if(durable::json::first_invalid_utf8(text) != std::string_view::npos)
        return false;
    for(std::size_t i = 0; i < text.size(); ++i)
    {
        unsigned char const u = static_cast<unsigned char>(text[i]);
        if(u < 0x20 || u == 0x7f)
            return false;
        if(u == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0)
            return false;
    }
    return true;
}

// The first of `bytes` whose escaped form is not printable or does not give them back.
struct first_failure
{
    std::size_t count = 0;
    std::string shown;

    void check(std::string const& bytes)
    {
        std::string const escaped = durable::printable(bytes);
        std::optional<std::string> const back = unescape(escaped);
        if(is_printable(escaped) && back && *back == bytes)
            return;
        if(count++ == 0)
            shown = escaped;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(printable_test)

BOOST_AUTO_TEST_CASE(printable_text_is_kept)
{
    BOOST_TEST(durable::printable("settings.json") == "settings.json");
    BOOST_TEST(durable::printable("/etc/app/a b,c:d'e\"f.json") == "/etc/app/a b,c:d'e\"f.json");
    BOOST_TEST(durable::printable("") == "");
    // Valid UTF-8 beyond ASCII, of two, three and four bytes, and the first code point past the C1 controls.
    BOOST_TEST(durable::printable("caf\u00e9 \u20ac \U0001F600 \u00a0.json") == "caf\u00e9 \u20ac \U0001F600 \u00a0.json");
}

BOOST_AUTO_TEST_CASE(controls_become_escapes)
{
    BOOST_TEST(durable::printable("a\nb") == "a\\nb");
    BOOST_TEST(durable::printable("\r\t") == "\\r\\t");
    BOOST_TEST(durable::printable("\x1b[2J") == "\\x1b[2J");
    BOOST_TEST(durable::printable("a\0b"s) == "a\\x00b");
    BOOST_TEST(durable::printable("\x01\x1f\x7f") == "\\x01\\x1f\\x7f");
    // C1 controls (U+0085 NEL, U+009B CSI), which some terminals obey.
    BOOST_TEST(durable::printable("\xc2\x85\xc2\x9b") == "\\xc2\\x85\\xc2\\x9b");
}

BOOST_AUTO_TEST_CASE(the_backslash_is_escaped_so_that_names_stay_apart)
{
    // A name with a newline and a name with a backslash and an n differ.
    BOOST_TEST(durable::printable("a\\nb") == "a\\\\nb");
    BOOST_TEST(durable::printable("a\\nb") != durable::printable("a\nb"));
    BOOST_TEST(durable::printable("C:\\x41") == "C:\\\\x41");
}

// A path's backslash is a character of a name on POSIX, escaped as in any
// text; on Windows it is a separator, kept as it is: no Windows name holds
// one, nor a control character, so an escape there cannot be mistaken.
BOOST_AUTO_TEST_CASE(a_paths_backslashes_are_escaped_where_names_can_hold_them)
{
#ifdef _WIN32
    BOOST_TEST(durable::printable(std::filesystem::path(L"C:\\dir\\new.json")) == "C:\\dir\\new.json");
#else
    BOOST_TEST(durable::printable(std::filesystem::path("dir/a\\nb.json")) == "dir/a\\\\nb.json");
#endif
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_escaped_byte_by_byte)
{
    BOOST_TEST(durable::printable("\xff.json") == "\\xff.json");
    BOOST_TEST(durable::printable("\x80") == "\\x80");                 // a continuation alone
    BOOST_TEST(durable::printable("a\xc3") == "a\\xc3");               // cut short at the end
    BOOST_TEST(durable::printable("\xc3(") == "\\xc3(");               // cut short by ASCII
    BOOST_TEST(durable::printable("\xc0\xaf") == "\\xc0\\xaf");        // overlong '/'
    BOOST_TEST(durable::printable("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // a surrogate
    BOOST_TEST(durable::printable("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80"); // past U+10FFFF
    // A valid character right after an invalid byte is kept.
    BOOST_TEST(durable::printable("\xff\u00e9") == "\\xff\u00e9");
}

BOOST_AUTO_TEST_CASE(append_printable_appends)
{
    std::string line = "file: ";
    durable::append_printable(line, "a\nb");
    BOOST_TEST(line == "file: a\\nb");
}

// Every string of a few bytes, and random longer ones: one printable line,
// from which the bytes come back exactly.
BOOST_AUTO_TEST_CASE(any_bytes_give_one_line_that_tells_them_back)
{
    first_failure failed;
    for(int a = 0; a < 256; ++a)
    {
        failed.check(std::string(1, static_cast<char>(a)));
        for(int b = 0; b < 256; ++b)
            failed.check({static_cast<char>(a), static_cast<char>(b)});
    }
    std::mt19937 random(13);
    std::uniform_int_distribution<int> byte(0, 255);
    for(int n = 0; n < 2000; ++n)
    {
        std::string bytes(static_cast<std::size_t>(n % 40), '\0');
        for(char& c : bytes)
            c = static_cast<char>(byte(random));
        failed.check(bytes);
    }
    BOOST_TEST(failed.count == 0u, failed.count << " failures, the first shown as " << failed.shown);
}

// A message quotes the file's strings as JSON does; the line escape keeps
// their backslashes and catches only what breaks the line.
BOOST_AUTO_TEST_CASE(a_line_keeps_its_backslashes)
{
    std::string line;
    durable::detail::append_printable_line(line, "found string \"a\\\"b\\n\"\n\x1b\xff");
    BOOST_TEST(line == "found string \"a\\\"b\\n\"\\n\\x1b\\xff");

    // A line made of escaped names comes out as it went in.
    std::string const names = durable::printable("x\ny\\z\xff") + ": " + durable::printable("\x1b");
    std::string again;
    durable::detail::append_printable_line(again, names);
    BOOST_TEST(again == names);
}

BOOST_AUTO_TEST_SUITE_END()
