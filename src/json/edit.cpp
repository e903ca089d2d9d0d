//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/json/edit.hpp>
#include <durable/json/describe_value.hpp>
#include <durable/json/locate.hpp>
#include <durable/json/parse.hpp>
#include <durable/json/pointer.hpp>
#include <durable/json/pretty_writer.hpp>

#include "scanner.hpp"

#include <algorithm>
#include <cmath>

namespace durable {
namespace json {

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

// An edit's problem is with what was asked, at no offset of the text.
void report(problem& failure, std::string_view pointer, std::string message)
{
    failure = {problem::npos, std::string(pointer), std::move(message)};
}

std::optional<change> set_in_array(
    boost::json::array& array,
    std::string_view pointer,
    std::string const& token,
    boost::json::value const& value,
    problem& failure)
{
    std::optional<std::size_t> const index = token == "-" ? array.size() : array_index(token);
    if(!index)
    {
        std::string quoted;
        write_string(token, quoted);
        report(failure, pointer, "expected an array index or '-', found " + quoted);
        return std::nullopt;
    }
    if(*index > array.size())
    {
        report(failure, pointer, "past the end of an array of " + std::to_string(array.size()) +
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
    problem& failure)
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
        report(failure, parent_pointer, "no such value");
        return std::nullopt;
    }
    if(boost::json::object* const object = parent->if_object())
    {
        change const kind = object->contains(tokens.back()) ? change::replace : change::add;
        (*object)[tokens.back()] = value;
        return kind;
    }
    if(boost::json::array* const array = parent->if_array())
        return set_in_array(*array, pointer, tokens.back(), value, failure);
    report(failure, parent_pointer, "expected an object or array, found " + describe_value(*parent));
    return std::nullopt;
}

// One member of an object or element of an array, as the text has it.
struct entry_span
{
    scanner::entry entry;
    std::size_t value_end = 0;   // where its value ends
    bool comma = false;          // a comma follows it
    std::size_t after_comma = 0; // where that comma ends
};

// The entries of an object or array, for adding one after the last or removing one.
struct container_scan
{
    bool in_object = false;
    std::vector<entry_span> entries;
    std::size_t close = 0; // the closing bracket
};

// The text is known to parse, so that the scan cannot fail.
container_scan scan_container(std::string_view text, std::size_t open)
{
    scanner s(text);
    s.jump(open);
    container_scan scan;
    scan.in_object = s.peek() == '{';
    s.advance();
    entry_span span;
    while(s.enter_entry(scan.in_object, span.entry))
    {
        s.skip_value();
        span.value_end = s.offset();
        span.comma = s.leave_entry();
        span.after_comma = s.offset();
        scan.entries.push_back(span);
        if(!span.comma)
            break;
    }
    scan.close = s.offset();
    return scan;
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
        scanner s(text_);
        s.jump(begin);
        s.skip_value();
        return {begin, s.offset(), value_text(indentation_at(begin))};
    }

    splice addition(std::string_view parent_pointer, std::string const& key) const
    {
        std::size_t const open = locate(text_, parent_pointer);
        container_scan const scan = scan_container(text_, open);
        std::string const name = scan.in_object ? member_name(key) : std::string();
        if(scan.entries.empty())
            return into_empty(open, scan.close, name);
        if(!begins_line(scan.entries.back().entry.begin))
            return on_same_line(scan.entries.back(), name);
        return on_next_line(scan.entries.back(), name);
    }

    // Removes the entry `token` (a member's key, an element's index) of the
    // object or array at `parent_pointer`, which has it.
    splice removal(std::string_view parent_pointer, std::string const& token) const
    {
        container_scan const scan = scan_container(text_, locate(text_, parent_pointer));
        auto const found = scan.in_object
            ? std::find_if(scan.entries.rbegin(), scan.entries.rend(),
                  [&](entry_span const& e) { return e.entry.key == token; })
            : scan.entries.rbegin() + static_cast<std::ptrdiff_t>(scan.entries.size() - 1 - *array_index(token));
        entry_span const& e = *found;
        // The comma before it, which goes when it is the last entry and has none after it.
        std::optional<std::size_t> comma_before;
        if(!e.comma && found + 1 != scan.entries.rend())
            comma_before = (found + 1)->after_comma - 1;
        std::size_t const line_end = end_of_line(e.value_end);
        std::size_t const line_break = line_break_at(line_end);
        bool const comma_on_line = !e.comma || e.after_comma <= line_end;
        if(begins_line(e.entry.begin) && comma_on_line && (line_break > 0 || line_end == text_.size()))
            return removed(comma_before, line_start(e.entry.begin), line_end + line_break);
        if(e.comma)
        {
            // Between entries on one line: the spaces on one side go with it.
            std::size_t begin = e.entry.begin;
            std::size_t end = e.after_comma;
            if(!begins_line(begin) && is_blank(text_[begin - 1]))
                begin = skip_blanks_back(begin, line_start(begin));
            else
                end = text_.find_first_not_of(" \t", end);
            return {begin, end, {}};
        }
        std::size_t const floor = comma_before ? *comma_before + 1 : 0;
        return removed(comma_before, skip_blanks_back(e.entry.begin, floor), e.value_end);
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
        write_string(key, name);
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

    static bool is_blank(char c)
    {
        return c == ' ' || c == '\t';
    }

    // Back from `offset` over spaces and tabs, not before `floor`.
    std::size_t skip_blanks_back(std::size_t offset, std::size_t floor) const
    {
        while(offset > floor && is_blank(text_[offset - 1]))
            --offset;
        return offset;
    }

    // The length of the line break at `offset`, 0 if there is none.
    std::size_t line_break_at(std::size_t offset) const
    {
        if(text_.compare(offset, 1, "\n") == 0)
            return 1;
        return text_.compare(offset, 2, "\r\n") == 0 ? 2 : 0;
    }

    // After an entry's value, past what is about it on its line: spaces, a
    // comma, comments (a block comment begun there, to its end).
    std::size_t end_of_line(std::size_t value_end) const
    {
        scanner s(text_);
        s.jump(value_end);
        std::size_t line_end = value_end;
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
        return line_end;
    }

    // The bytes [begin, end) go, and the comma at `comma_before` (before them) if given.
    splice removed(std::optional<std::size_t> comma_before, std::size_t begin, std::size_t end) const
    {
        if(!comma_before)
            return {begin, end, {}};
        return {*comma_before, end, std::string(text_.substr(*comma_before + 1, begin - *comma_before - 1))};
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
        return {skip_blanks_back(close, open + 1), close, std::string(line_break_) + entry + std::string(line_break_) + outer};
    }

    // After a last entry that shares its line with what is before it, as in
    // [1, 2]: on that line too.
    splice on_same_line(entry_span const& last, std::string const& name) const
    {
        std::string const entry = name + value_text(indentation_at(last.entry.begin));
        if(last.comma)
            return {last.after_comma, last.after_comma, " " + entry + ","};
        return {last.value_end, last.value_end, ", " + entry};
    }

    // After a last entry on a line of its own: on the next line, with its
    // indentation. The comma and the comments that follow the last entry on
    // its line stay with it, as they are about it; a trailing comma there
    // goes on to the new last entry.
    splice on_next_line(entry_span const& last, std::string const& name) const
    {
        std::size_t const line_end = end_of_line(last.value_end);
        bool const comma_on_line = last.comma && last.after_comma <= line_end;
        std::string const indentation = indentation_at(last.entry.begin);
        std::string text = comma_on_line ? "" : ",";
        text.append(text_.substr(last.value_end, line_end - last.value_end));
        text.append(line_break_).append(indentation).append(name).append(value_text(indentation));
        if(comma_on_line)
            text += ',';
        return {last.value_end, line_end, std::move(text)};
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

// The text must parse, read as `expected` in every member's order and, if
// given, as `intended` too, whatever the order of its members.
bool reads_as(
    std::string_view text,
    boost::json::value const& expected,
    boost::json::value const* intended,
    std::string_view pointer,
    syntax const& rules,
    problem& failure)
{
    boost::json::value actual;
    problem refused;
    if(!parse(text, rules, actual, refused))
    {
        report(failure, pointer, "the edited text would not load: " + refused.message);
        return false;
    }
    if(!same_document(actual, expected) || (intended && actual != *intended))
    {
        report(failure, pointer, "the edited text does not read as the intended document");
        return false;
    }
    return true;
}

// A text with its byte order mark put aside, changed by one splice after another.
class edited_text
{
public:
    explicit edited_text(std::string_view text)
        : bom_(text.substr(0, text.size() - without_bom(text).size()))
        , body_(without_bom(text))
    {
    }

    std::string_view body() const noexcept { return body_; }

    void apply(splice const& s)
    {
        body_.replace(s.begin, s.end - s.begin, s.text);
    }

    // Sets the value at `pointer`: a replacement, or an addition of the last token to its parent.
    void set(std::string_view pointer, std::string const& last_token, boost::json::value const& value,
        change kind, unsigned indent)
    {
        splicer const at(body_, value, indent);
        apply(kind == change::replace ? at.replacement(pointer) : at.addition(parent_of(pointer), last_token));
    }

    void remove(std::string_view pointer, std::string const& token)
    {
        static boost::json::value const none;
        apply(splicer(body_, none, 0).removal(parent_of(pointer), token));
    }

    // The text with its byte order mark, if it reads as `expected` (and `intended`).
    std::optional<std::string> verified(boost::json::value const& expected, boost::json::value const* intended,
        std::string_view pointer, syntax const& rules, problem& failure) &&
    {
        if(!reads_as(body_, expected, intended, pointer, rules, failure))
            return std::nullopt;
        return bom_ + body_;
    }

private:
    std::string bom_;
    std::string body_;
};

// Changes a text from one document to another where they differ, and
// returns the document the text then holds: the new values, the text's
// order of members.
class merger
{
public:
    merger(edited_text& text, unsigned indent) : text_(text), indent_(indent) {}

    boost::json::value merge(boost::json::value const& old, boost::json::value const& now, std::string& pointer)
    {
        if(old.is_object() && now.is_object())
            return merge_object(old.get_object(), now.get_object(), pointer);
        if(old.is_array() && now.is_array())
            return merge_array(old.get_array(), now.get_array(), pointer);
        // Only scalars are compared whole here: equal if written alike, so
        // that 1.50 in the text stays for a 1.5 (but -0.0 is not 0.0).
        if(old.is_structured() || now.is_structured() || !same_scalar(old, now))
            text_.set(pointer, {}, now, change::replace, indent_);
        return now;
    }

private:
    // Boost.JSON compares an int64 and a uint64 by value, as they are written.
    static bool same_scalar(boost::json::value const& a, boost::json::value const& b)
    {
        return a == b && (!a.is_double() || std::signbit(a.get_double()) == std::signbit(b.get_double()));
    }

    boost::json::value merge_object(boost::json::object const& old, boost::json::object const& now,
        std::string& pointer)
    {
        boost::json::object merged;
        std::size_t const depth = pointer.size();
        for(auto const& member : old)
        {
            append_pointer_token(pointer, member.key());
            if(boost::json::value const* const value = now.if_contains(member.key()))
                merged.emplace(member.key(), merge(member.value(), *value, pointer));
            else
                text_.remove(pointer, member.key());
            pointer.resize(depth);
        }
        for(auto const& member : now)
        {
            if(old.contains(member.key()))
                continue;
            append_pointer_token(pointer, member.key());
            text_.set(pointer, member.key(), member.value(), change::add, indent_);
            merged.emplace(member.key(), member.value());
            pointer.resize(depth);
        }
        return merged;
    }

    // Element by element where both have one; the elements the array loses
    // go from its end, those it gains are added after its last, so that the
    // comments about the elements that stay, stay.
    boost::json::value merge_array(boost::json::array const& old, boost::json::array const& now,
        std::string& pointer)
    {
        boost::json::array merged;
        std::size_t const depth = pointer.size();
        std::size_t const kept = std::min(old.size(), now.size());
        auto const at = [&](std::size_t i) -> std::string& {
            pointer.resize(depth);
            return pointer.append("/").append(std::to_string(i));
        };
        for(std::size_t i = 0; i < kept; ++i)
            merged.push_back(merge(old[i], now[i], at(i)));
        // The last first, so that the index of each still names its element.
        for(std::size_t i = old.size(); i-- > kept;)
            text_.remove(at(i), std::to_string(i));
        for(std::size_t i = kept; i < now.size(); ++i)
        {
            text_.set(at(i), std::to_string(i), now[i], change::add, indent_);
            merged.push_back(now[i]);
        }
        pointer.resize(depth);
        return merged;
    }

    edited_text& text_;
    unsigned indent_;
};

} // namespace

std::optional<std::string> set_value(
    std::string_view text,
    boost::json::value const& document,
    std::string_view pointer,
    boost::json::value const& value,
    edit_options const& options,
    problem& failure)
{
    std::optional<std::vector<std::string>> const tokens = split_pointer(pointer);
    if(!tokens)
    {
        report(failure, pointer, "malformed JSON pointer");
        return std::nullopt;
    }
    boost::json::value expected = document;
    std::optional<change> const kind = set_in_document(expected, pointer, *tokens, value, failure);
    if(!kind)
        return std::nullopt;
    edited_text edited(text);
    edited.set(pointer, tokens->empty() ? std::string() : tokens->back(), value, *kind, options.indent);
    return std::move(edited).verified(expected, nullptr, pointer, options.syntax, failure);
}

std::optional<std::string> remove_member(
    std::string_view text,
    boost::json::value const& document,
    std::string_view pointer,
    edit_options const& options,
    problem& failure)
{
    std::optional<std::vector<std::string>> const tokens = split_pointer(pointer);
    if(!tokens || tokens->empty())
    {
        report(failure, pointer, tokens ? "the whole document is no member" : "malformed JSON pointer");
        return std::nullopt;
    }
    boost::json::value expected = document;
    boost::system::error_code ec;
    boost::json::value* const parent = expected.find_pointer(parent_of(pointer), ec);
    boost::json::object* const object = parent ? parent->if_object() : nullptr;
    if(!object || !object->contains(tokens->back()))
    {
        report(failure, pointer, "no such member");
        return std::nullopt;
    }
    object->stable_erase(tokens->back());
    edited_text edited(text);
    edited.remove(pointer, tokens->back());
    return std::move(edited).verified(expected, nullptr, pointer, options.syntax, failure);
}

std::optional<std::string> merge_text(
    std::string_view text,
    boost::json::value const& document,
    boost::json::value const& value,
    edit_options const& options,
    problem& failure)
{
    edited_text edited(text);
    std::string pointer;
    boost::json::value const expected = merger(edited, options.indent).merge(document, value, pointer);
    return std::move(edited).verified(expected, &value, {}, options.syntax, failure);
}

} // namespace json
} // namespace durable
