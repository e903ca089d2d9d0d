//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The fuzz target of the config loader: the input is the content of a
// configuration file of config_test::settings, loaded as config_file<T>
// loads it (the parse with its checks and limits, then the mapping), under
// each policy of `policies`. The file itself is never written nor read: the
// load and the save run on text in memory, through the functions that
// config_file runs.
//
// Not crashing is not enough: a broken promise of the loader aborts, with
// the promise on standard error. A refused text gets one to max_problems
// problems, in the file's order, each at a place of the text and, if the
// text parsed, with a pointer to a value of the document, placed where the
// text of that value begins; what() is one line per problem. A text that
// parses holds what Boost.JSON reads in it once its comments are gone, and
// repeats no key; a loaded value saves to plain JSON that loads back equal
// and saves to the same bytes. Built with libFuzzer (DURABLE_BUILD_FUZZERS)
// or with replay_main.cpp, which runs the corpus as a test.

#include <durable/config_document.hpp>
#include <durable/config_error.hpp>
#include <durable/config_options.hpp>
#include <durable/detail/config_codec.hpp>
#include <durable/json/parse.hpp>
#include <durable/error.hpp>

#include "../../src/json/utf8.hpp"
#include "../config_types.hpp"
#include "duplicate_keys.hpp"
#include "without_comments.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using config_test::settings;
using options_type = durable::config_options<settings>;

std::filesystem::path const file = "etc/fuzzed.json";

// The defaults; strict JSON with unknown keys skipped; kept keys, a nesting
// limit that the settings themselves just fit in, a short problem list and
// another indent.
std::vector<options_type> make_policies()
{
    options_type strict;
    strict.allow_comments = false;
    strict.allow_trailing_commas = false;
    strict.unknown_keys = durable::unknown_keys::ignore;

    options_type keeping;
    keeping.unknown_keys = durable::unknown_keys::keep;
    keeping.max_depth = 4;
    keeping.max_problems = 3;
    keeping.indent = 2;

    return {options_type{}, strict, keeping};
}

std::vector<options_type> const policies = make_policies();

void require(bool holds, char const* promise)
{
    if(holds)
        return;
    std::fprintf(stderr, "config_loader: broken: %s\n", promise);
    std::abort();
}

// The text as the oracles read it: plain JSON, without the comments that
// the policy allows, and the syntax to read it with.
std::string plain_json(std::string_view text, options_type const& options)
{
    return options.allow_comments ? config_fuzz::without_comments(text) : std::string(text);
}

boost::json::parse_options plain_syntax_of(options_type const& options)
{
    boost::json::parse_options syntax;
    syntax.allow_trailing_commas = options.allow_trailing_commas;
    syntax.max_depth = options.max_depth;
    return syntax;
}

// The byte offset of line:column in `text`, counted as config_problem
// counts them (code points; the end of the text is a place too), or
// nothing if the text has no such place.
std::optional<std::size_t> offset_of(std::string_view text, std::size_t line, std::size_t column)
{
    std::size_t at = 0;
    for(std::size_t l = 1; l < line; ++l)
    {
        at = text.find('\n', at);
        if(at == std::string_view::npos)
            return std::nullopt;
        ++at;
    }
    for(std::size_t c = 1; c < column; ++c)
    {
        if(at == text.size() || text[at] == '\n')
            return std::nullopt;
        do
            ++at;
        while(at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
    }
    return at;
}

// Whether `c` can begin the text of a value of that kind.
bool begins(boost::json::kind kind, char c)
{
    switch(kind)
    {
    case boost::json::kind::null: return c == 'n';
    case boost::json::kind::bool_: return c == 't' || c == 'f';
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return c == '-' || (c >= '0' && c <= '9');
    case boost::json::kind::string: return c == '"';
    case boost::json::kind::array: return c == '[';
    case boost::json::kind::object: return c == '{';
    }
    return false;
}

// A problem of a document that parsed names a value of it, and is placed
// where that value's text begins.
void check_value_problem(durable::config_problem const& p, std::size_t offset, std::string_view text,
    boost::json::value const& document)
{
    boost::system::error_code ec;
    boost::json::value const* value = document.find_pointer(p.pointer, ec);
    require(value != nullptr, "the pointer of a problem names a value of the document");
    require(offset < text.size() && begins(value->kind(), text[offset]),
        "a problem is placed where the text of its value begins");
}

// `document` is null when the text did not parse.
void check_problems(durable::config_error const& e, std::string_view text, options_type const& options,
    boost::json::value const* document)
{
    require(e.code() == durable::error::invalid_config, "a refused text is error::invalid_config");
    require(e.path() == file, "the error names the file");
    auto const& problems = e.problems();
    require(!problems.empty(), "a refused text has a problem");
    require(problems.size() <= options.max_problems, "no more problems than max_problems");
    require(document || problems.size() == 1, "a text that does not parse has one problem");
    for(std::size_t i = 0; i < problems.size(); ++i)
    {
        durable::config_problem const& p = problems[i];
        require(p.line >= 1 && p.column >= 1, "a problem of a text has a line and a column");
        std::optional<std::size_t> const offset = offset_of(text, p.line, p.column);
        require(offset.has_value(), "a problem's line and column are a place in the text");
        require(p.pointer.empty() || p.pointer.front() == '/', "a pointer is empty or begins with '/'");
        if(document)
            check_value_problem(p, *offset, text, *document);
        require(i == 0 || problems[i - 1].line < p.line ||
            (problems[i - 1].line == p.line && problems[i - 1].column <= p.column),
            "problems come in the order of the file");
    }
}

// One line per problem, each naming the file, line and column, in valid UTF-8.
void check_message(durable::config_error const& e)
{
    std::string_view const what = e.what();
    require(durable::json::first_invalid_utf8(what) == std::string_view::npos, "what() is valid UTF-8");
    std::size_t start = 0;
    for(durable::config_problem const& p : e.problems())
    {
        require(start <= what.size(), "what() has a line per problem");
        std::size_t const end = std::min(what.find('\n', start), what.size());
        std::string const place =
            file.string() + ':' + std::to_string(p.line) + ':' + std::to_string(p.column) + ": ";
        require(what.substr(start, end - start).substr(0, place.size()) == place,
            "each line of what() begins with the file, line and column");
        start = end + 1;
    }
    require(start == what.size() + 1, "what() has one line per problem, no more");
}

void check_refusal(durable::config_error const& e, std::string_view text, options_type const& options,
    boost::json::value const* document)
{
    check_problems(e, text, options, document);
    check_message(e);
    bool const duplicate = e.problems().front().message.rfind("duplicate key", 0) == 0;
    require(!duplicate || config_fuzz::has_duplicate_key(plain_json(text, options), plain_syntax_of(options)),
        "a duplicate key is reported only where a key repeats");
}

// A save of a loaded value is plain JSON that loads back to the same value,
// whose save gives the same bytes.
void check_round_trip(settings const& value, options_type const& options,
    std::vector<durable::detail::kept_key> const& kept)
{
    std::string const saved = durable::detail::render_value(value, options, kept, file);
    require(!saved.empty() && saved.back() == '\n', "a save ends with a newline");
    boost::json::parse_options strict;
    strict.max_depth = options.max_depth;
    boost::system::error_code ec;
    boost::json::parse(saved, ec, {}, strict);
    require(!ec, "a save is plain JSON");
    std::vector<durable::detail::kept_key> kept_again;
    settings const again = durable::detail::map_document(
        durable::config_document::parse(file, saved, options), options, kept_again);
    require(again == value, "a save loads back to the value saved");
    require(durable::detail::render_value(again, options, kept_again, file) == saved,
        "a save of a load of a save gives the same bytes");
}

// Whether the loader's reading `a` of a text agrees with Boost.JSON's `b`.
// Boost.JSON 1.81 reads doubles of many digits a few units in the last
// place off, subnormal ones worse, and zero with a large exponent (0e400)
// as a NaN; the loader reads them right, with from_chars. So a double
// agrees to 14 digits, below the normal range, or with a NaN or infinity.
bool same_reading(boost::json::value const& a, boost::json::value const& b)
{
    if(a.is_double() && b.is_double())
    {
        double const x = std::abs(a.get_double());
        double const y = std::abs(b.get_double());
        double const normal = std::numeric_limits<double>::min();
        return !std::isfinite(y) || (x < normal && y < normal) ||
            (std::signbit(a.get_double()) == std::signbit(b.get_double()) &&
             std::abs(x - y) <= 1e-14 * std::max(x, y));
    }
    if(a.kind() != b.kind())
        return false;
    if(auto const* array = a.if_array())
    {
        boost::json::array const& other = b.get_array();
        return std::equal(array->begin(), array->end(), other.begin(), other.end(), same_reading);
    }
    auto const* object = a.if_object();
    if(!object)
        return a == b;
    return object->size() == b.get_object().size() &&
        std::all_of(object->begin(), object->end(), [&](boost::json::key_value_pair const& member) {
            boost::json::value const* other = b.get_object().if_contains(member.key());
            return other && same_reading(member.value(), *other);
        });
}

// A text that parsed passed the checks that the parse promises, and reads
// as Boost.JSON reads it once its comments are gone.
void check_parsed(std::string_view text, options_type const& options, boost::json::value const& document)
{
    require(durable::json::first_invalid_utf8(text) == std::string_view::npos,
        "a parsed text is valid UTF-8");
    std::string const plain = plain_json(text, options);
    require(!config_fuzz::has_duplicate_key(plain, plain_syntax_of(options)), "a parsed text repeats no key");
    boost::system::error_code ec;
    boost::json::value const reading = boost::json::parse(plain, ec, {}, plain_syntax_of(options));
    require(!ec, "a parsed text is JSON as Boost.JSON reads it");
    require(same_reading(document, reading), "a parsed text holds what Boost.JSON reads in it");
}

void load(std::string const& bytes, options_type const& options)
{
    std::string_view const text = durable::json::without_bom(bytes);
    std::optional<durable::config_document> document;
    try
    {
        document.emplace(durable::config_document::parse(file, bytes, options));
    }
    catch(durable::config_error const& e)
    {
        return check_refusal(e, text, options, nullptr);
    }
    check_parsed(text, options, document->value());
    std::vector<durable::detail::kept_key> kept;
    settings value;
    try
    {
        value = durable::detail::map_document(*document, options, kept);
    }
    catch(durable::config_error const& e)
    {
        return check_refusal(e, text, options, &document->value());
    }
    check_round_trip(value, options, kept);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string const bytes(reinterpret_cast<char const*>(data), size);
    for(options_type const& options : policies)
        load(bytes, options);
    return 0;
}
