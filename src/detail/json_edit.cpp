//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/json_edit.hpp>
#include <durable/detail/config_mapping.hpp>
#include <durable/detail/json_locator.hpp>
#include <durable/detail/json_scanner.hpp>
#include <durable/detail/json_writer.hpp>

#include <algorithm>

namespace durable {
namespace detail {

namespace {

// What setting a value does to the document.
enum class change
{
    replace, // of an existing value
    add      // of a member to an object or an element to an array
};

std::string_view parent_of(std::string_view pointer)
{
    return pointer.substr(0, pointer.rfind('/'));
}

void report(std::vector<config_problem>& problems, std::string_view pointer, std::string message)
{
    problems.push_back({std::string(pointer), 0, 0, std::move(message)});
}

std::optional<change> set_in_array(
    boost::json::array& array,
    std::string_view pointer,
    std::string const& token,
    boost::json::value const& value,
    std::vector<config_problem>& problems)
{
    std::optional<std::size_t> const index = token == "-" ? array.size() : array_index(token);
    if(!index)
    {
        std::string quoted;
        write_json_string(token, quoted);
        report(problems, pointer, "expected an array index or '-', found " + quoted);
        return std::nullopt;
    }
    if(*index > array.size())
    {
        report(problems, pointer, "past the end of an array of " + std::to_string(array.size()) +
            " elements (append with '-')");
        return std::nullopt;
    }
    if(*index == array.size())
    {
        array.push_back(value);
        return change::add;
    }
    array[*index] = value;
    return change::replace;
}

// Makes the change in the document itself: what the edited text must read as.
std::optional<change> set_in_document(
    boost::json::value& document,
    std::string_view pointer,
    std::vector<std::string> const& tokens,
    boost::json::value const& value,
    std::vector<config_problem>& problems)
{
    if(tokens.empty())
    {
        document = value;
        return change::replace;
    }
    std::string_view const parent_pointer = parent_of(pointer);
    boost::system::error_code ec;
    boost::json::value* const parent = document.find_pointer(parent_pointer, ec);
    if(!parent)
    {
        report(problems, parent_pointer, "no such value");
        return std::nullopt;
    }
    if(boost::json::object* const object = parent->if_object())
    {
        change const kind = object->contains(tokens.back()) ? change::replace : change::add;
        (*object)[tokens.back()] = value;
        return kind;
    }
    if(boost::json::array* const array = parent->if_array())
        return set_in_array(*array, pointer, tokens.back(), value, problems);
    report(problems, parent_pointer, "expected an object or array, found " + describe_value(*parent));
    return std::nullopt;
}

// Where an object or array ends, and its last entry, for adding one after it.
struct container_end
{
    bool in_object = false;
    std::optional<json_entry> last;
    std::size_t last_end = 0;    // where the last entry's value ends
    bool trailing_comma = false; // after the last entry
    std::size_t after_comma = 0; // where that comma ends
    std::size_t close = 0;       // the closing bracket
};

// The text is known to parse, so that the scan cannot fail.
container_end scan_container(std::string_view text, std::size_t open)
{
    json_scanner s(text);
    s.jump(open);
    container_end end;
    end.in_object = s.peek() == '{';
    s.advance();
    json_entry entry;
    while(s.enter_entry(end.in_object, entry))
    {
        s.skip_value();
        end.last = entry;
        end.last_end = s.offset();
        end.trailing_comma = s.leave_entry();
        end.after_comma = s.offset();
        if(!end.trailing_comma)
            break;
    }
    end.close = s.offset();
    return end;
}

// The bytes [begin, end) of a text become `text`.
struct splice
{
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string text;
};

// Finds where a value goes in a text, and writes it in the text's own layout.
class splicer
{
public:
    splicer(std::string_view text, boost::json::value const& value, unsigned indent)
        : text_(text)
        , value_(value)
        , line_break_(line_break_of(text))
        , indent_(indent)
    {
    }

    splice replacement(std::string_view pointer) const
    {
        std::size_t const begin = locate(text_, pointer);
        json_scanner s(text_);
        s.jump(begin);
        s.skip_value();
        return {begin, s.offset(), value_text(indentation_at(begin))};
    }

    splice addition(std::string_view parent_pointer, std::string const& key) const
    {
        std::size_t const open = locate(text_, parent_pointer);
        container_end const end = scan_container(text_, open);
        std::string const name = end.in_object ? member_name(key) : std::string();
        if(!end.last)
            return into_empty(open, end.close, name);
        if(!begins_line(end.last->begin))
            return on_same_line(end, name);
        return on_next_line(end, name);
    }

private:
    static std::string_view line_break_of(std::string_view text)
    {
        std::size_t const first = text.find('\n');
        return first != std::string_view::npos && first > 0 && text[first - 1] == '\r' ? "\r\n" : "\n";
    }

    static std::string member_name(std::string const& key)
    {
        std::string name;
        write_json_string(key, name);
        return name + ": ";
    }

    std::size_t line_start(std::size_t offset) const
    {
        if(offset == 0)
            return 0;
        std::size_t const previous = text_.rfind('\n', offset - 1);
        return previous == std::string_view::npos ? 0 : previous + 1;
    }

    // The spaces and tabs that begin the line of `offset`, up to it.
    std::string indentation_at(std::size_t offset) const
    {
        std::size_t const start = line_start(offset);
        std::size_t const end = std::min(text_.find_first_not_of(" \t", start), offset);
        return std::string(text_.substr(start, end - start));
    }

    bool begins_line(std::size_t offset) const
    {
        return indentation_at(offset).size() == offset - line_start(offset);
    }

    // The canonical form, its lines after the first indented as the line it begins on.
    std::string value_text(std::string_view indentation) const
    {
        std::string pretty;
        write_pretty(value_, pretty, indent_);
        std::string text;
        for(char c : pretty)
        {
            if(c == '\n')
                text.append(line_break_).append(indentation);
            else
                text += c;
        }
        return text;
    }

    // An empty object or array gets the entry on a line of its own, one level in.
    splice into_empty(std::size_t open, std::size_t close, std::string const& name) const
    {
        std::string const outer = indentation_at(open);
        std::string const inner = outer + std::string(indent_, ' ');
        std::string const entry = inner + name + value_text(inner);
        if(begins_line(close))
        {
            std::size_t const start = line_start(close);
            return {start, start, entry + std::string(line_break_)};
        }
        std::size_t begin = close;
        while(begin > open + 1 && (text_[begin - 1] == ' ' || text_[begin - 1] == '\t'))
            --begin;
        return {begin, close, std::string(line_break_) + entry + std::string(line_break_) + outer};
    }

    // After a last entry that shares its line with what is before it, as in
    // [1, 2]: on that line too.
    splice on_same_line(container_end const& end, std::string const& name) const
    {
        std::string const entry = name + value_text(indentation_at(end.last->begin));
        if(end.trailing_comma)
            return {end.after_comma, end.after_comma, " " + entry + ","};
        return {end.last_end, end.last_end, ", " + entry};
    }

    // After a last entry on a line of its own: on the next line, with its
    // indentation. The comma and the comments that follow the last entry on
    // its line stay with it, as they are about it; a trailing comma there
    // goes on to the new last entry.
    splice on_next_line(container_end const& end, std::string const& name) const
    {
        json_scanner s(text_);
        s.jump(end.last_end);
        std::size_t line_end = end.last_end;
        for(;;)
        {
            while(s.peek() == ' ' || s.peek() == '\t')
                s.advance();
            if(s.peek() == ',')
                s.advance();
            else if(!s.skip_comment())
                break;
            line_end = s.offset();
        }
        bool const comma_on_line = end.trailing_comma && end.after_comma <= line_end;
        std::string const indentation = indentation_at(end.last->begin);
        std::string text = comma_on_line ? "" : ",";
        text.append(text_.substr(end.last_end, line_end - end.last_end));
        text.append(line_break_).append(indentation).append(name).append(value_text(indentation));
        if(comma_on_line)
            text += ',';
        return {end.last_end, line_end, std::move(text)};
    }

    std::string_view text_;
    boost::json::value const& value_;
    std::string_view line_break_;
    unsigned indent_;
};

// Boost.JSON's object equality ignores the order of members; the canonical
// forms do not, and a member added in the wrong place must not pass.
bool same_document(boost::json::value const& a, boost::json::value const& b)
{
    std::string a_text;
    std::string b_text;
    write_pretty(a, a_text, 0);
    write_pretty(b, b_text, 0);
    return a_text == b_text;
}

bool reads_as(
    std::string_view text,
    boost::json::value const& expected,
    std::string_view pointer,
    json_syntax const& syntax,
    std::vector<config_problem>& problems)
{
    boost::json::value actual;
    std::vector<config_problem> found;
    if(!parse_json(text, syntax, actual, found))
    {
        report(problems, pointer, "the edited text would not load: " + found.front().message);
        return false;
    }
    if(!same_document(actual, expected))
    {
        report(problems, pointer, "the edited text does not read as the intended document");
        return false;
    }
    return true;
}

} // namespace

std::optional<std::string> set_json_value(
    std::string_view text,
    boost::json::value const& document,
    std::string_view pointer,
    boost::json::value const& value,
    json_edit_options const& options,
    std::vector<config_problem>& problems)
{
    std::optional<std::vector<std::string>> const tokens = split_pointer(pointer);
    if(!tokens)
    {
        report(problems, pointer, "malformed JSON pointer");
        return std::nullopt;
    }
    boost::json::value expected = document;
    std::optional<change> const kind = set_in_document(expected, pointer, *tokens, value, problems);
    if(!kind)
        return std::nullopt;
    std::string_view const body = without_bom(text);
    splicer const at(body, value, options.indent);
    splice const s = *kind == change::replace ? at.replacement(pointer)
                                              : at.addition(parent_of(pointer), tokens->back());
    std::string result(text.substr(0, text.size() - body.size()));
    result.append(body.substr(0, s.begin)).append(s.text).append(body.substr(s.end));
    if(!reads_as(without_bom(result), expected, pointer, options.syntax, problems))
        return std::nullopt;
    return result;
}

} // namespace detail
} // namespace durable
