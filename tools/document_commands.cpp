//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// durable check, get, set and fmt: configuration files read as the library
// reads them (config_document, the default config_policy), with no schema,
// and written as it writes them.

#include "command.hpp"
#include "file_locking.hpp"

#include <durable/config_document.hpp>
#include <durable/config_error.hpp>
#include <durable/json/edit.hpp>
#include <durable/json/parse.hpp>
#include <durable/json/pointer.hpp>
#include <durable/json/pretty_writer.hpp>
#include <durable/printable.hpp>
#include <durable/write_file.hpp>

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

namespace durable_cli {

namespace {

using durable::config_document;

char const check_help[] =
    "usage: durable check FILE\n"
    "\n"
    "Reads FILE as every durable program reads a configuration file: JSON with\n"
    "comments and trailing commas, a UTF-8 byte order mark tolerated, valid\n"
    "UTF-8, no key twice in one object, at most 16 MiB and 64 levels deep, and\n"
    "integers within 64 bits, which no command changes into a nearby double.\n"
    "There is no schema: this finds what any durable loader refuses before it\n"
    "looks at the values.\n"
    "\n"
    "Exit status: 0 if FILE reads; 1 with each error on a line of standard error,\n"
    "'FILE:LINE:COLUMN: POINTER: MESSAGE' (no pointer for the document as a\n"
    "whole), or 'durable: FILE: read: CAUSE' if FILE cannot be read; 2 on bad usage.\n";

char const get_help[] =
    "usage: durable get [--raw] [--indent N] FILE POINTER\n"
    "\n"
    "Prints the value at POINTER in FILE, in the canonical form that a save\n"
    "writes, and a newline. POINTER is a JSON pointer (RFC 6901): '' is the\n"
    "whole document, '/server/port' a member, '/tags/0' an element; in a key,\n"
    "'~1' stands for '/' and '~0' for '~'. FILE is read as by 'durable check'.\n"
    "\n"
    "  --raw       print a string as its text, without quotes or escapes (other\n"
    "              values print as without --raw)\n"
    "  --indent N  spaces per level of nesting, 0 to 16 (default 4)\n"
    "\n"
    "Exit status: 0 on success; 1 if FILE does not read (errors as for check),\n"
    "or with 'durable: FILE: POINTER: no such value'; 2 on bad usage, such as a\n"
    "malformed POINTER.\n";

char const set_help[] =
    "usage: durable set [--indent N] [--lock-timeout SECONDS] FILE POINTER JSON [POINTER JSON]...\n"
    "\n"
    "Sets the value at POINTER (a JSON pointer, as for 'durable get') to JSON\n"
    "and saves FILE durably, as 'durable write' does: mode and owner kept, a\n"
    "symbolic link written through. Comments, formatting and line breaks\n"
    "survive: the edit is made in the text, where only the value changes.\n"
    "Several POINTER JSON pairs are applied in order, and saved once: all of\n"
    "them or, if one cannot be made, none.\n"
    "\n"
    "FILE is read, changed and saved under its lock, '.NAME.lock' beside it,\n"
    "which programs' config_file::update() and other runs of 'durable set'\n"
    "and 'durable fmt' take too, and 'durable write' around its rename: no\n"
    "change of theirs is lost.\n"
    "\n"
    "An existing value is replaced; an object or array goes in the canonical\n"
    "form, indented as the line it begins on. A key missing from an existing\n"
    "object is added after its last member; '-' or the size of an array\n"
    "appends to it. Every parent must exist. JSON is read as FILE is: '\"text\"'\n"
    "is a string, 80 a number, -5 needs no '--'. A FILE that does not exist is\n"
    "taken as {} and created with mode 0666 less the umask. FILE is not written\n"
    "when its text would not change, nor when it would be larger than a load\n"
    "takes (16 MiB). Before the save, the edited text is read back, and must be\n"
    "the old document with this one change; else nothing is written.\n"
    "\n"
    "  --indent N              spaces per level of nesting in what is added, 0 to 16\n"
    "                          (default 4)\n"
    "  --lock-timeout SECONDS  how long to wait for the lock (default 10; 0 tries once)\n"
    "\n"
    "Exit status: 0 on success; 1 if FILE does not read (errors as for check),\n"
    "'durable: FILE: POINTER: MESSAGE' if the value cannot be set there, or\n"
    "'durable: FILE: STEP: CAUSE' if the save failed or the lock was not\n"
    "taken (step lock), FILE untouched; 2 on bad\n"
    "usage, such as a malformed POINTER or JSON.\n";

char const fmt_help[] =
    "usage: durable fmt [--check] [--indent N] [--lock-timeout SECONDS] FILE\n"
    "\n"
    "Rewrites FILE durably in the canonical form that a save writes: one member\n"
    "or element per line, members in their order, a final newline. Comments,\n"
    "trailing commas and a byte order mark are dropped. A file already in that\n"
    "form is not written (its modification time stays), nor is a canonical form\n"
    "larger than a load takes (16 MiB). FILE must read as for 'durable check';\n"
    "else it is left as it is. FILE is read and saved under its lock, as for\n"
    "'durable set'.\n"
    "\n"
    "  --check                 write nothing; exit 1 if FILE is not in the canonical\n"
    "                          form (takes no lock)\n"
    "  --indent N              spaces per level of nesting, 0 to 16 (default 4)\n"
    "  --lock-timeout SECONDS  how long to wait for the lock (default 10; 0 tries once)\n"
    "\n"
    "Exit status: 0 if FILE is, or now is, in the canonical form; 1 if it does\n"
    "not read (errors as for check), with --check if it is not in the canonical\n"
    "form ('durable: FILE: not in the canonical form'), or if the save failed\n"
    "('durable: FILE: STEP: CAUSE', FILE untouched); 2 on bad usage.\n";

constexpr unsigned max_indent = 16;

// The default policy, which every durable loader starts from, with --indent.
durable::config_policy policy_of(command_line const& line)
{
    durable::config_policy policy;
    if(auto const text = line.value("--indent"))
    {
        char const* const end = text->data() + text->size();
        auto const result = std::from_chars(text->data(), end, policy.indent);
        if(result.ec != std::errc() || result.ptr != end || policy.indent > max_indent)
            throw usage_error(line.command(),
                "--indent needs a number of spaces from 0 to " + std::to_string(max_indent));
    }
    return policy;
}

std::string const& checked_pointer(command_line const& line, std::string const& pointer)
{
    if(!durable::json::split_pointer(pointer))
        throw usage_error(line.command(), "'" + durable::printable(pointer) +
            "' is not a JSON pointer: it must be empty or "
            "begin with '/', and '~' must be followed by 0 or 1");
    return pointer;
}

// A problem with what was asked of a file, not with its text: reported as
// the tool's own failures are, after "durable: ".
int fail(std::filesystem::path const& file, durable::config_problem const& problem)
{
    std::cerr << "durable: " << durable::to_string(problem, file) << "\n";
    return exit_failed;
}

int run_check(command_line const& line)
{
    config_document::read(file_path(line.operands({"FILE"})[0]), policy_of(line));
    return exit_ok;
}

int run_get(command_line const& line)
{
    std::vector<std::string> const operands = line.operands({"FILE", "POINTER"});
    std::filesystem::path const file = file_path(operands[0]);
    std::string const& pointer = checked_pointer(line, operands[1]);
    durable::config_policy const policy = policy_of(line);
    config_document const document = config_document::read(file, policy);
    boost::system::error_code ec;
    boost::json::value const* const value = document.value().find_pointer(pointer, ec);
    if(!value)
        return fail(file, {pointer, 0, 0, "no such value"});
    std::string text;
    if(line.has("--raw") && value->is_string())
        text.assign(value->get_string().data(), value->get_string().size());
    else
        durable::json::write_pretty(*value, text, policy.indent);
    text += '\n';
    if(!std::cout.write(text.data(), static_cast<std::streamsize>(text.size())).flush())
    {
        std::cerr << "durable: standard output: write error\n";
        return exit_failed;
    }
    return exit_ok;
}

// The JSON operand, read as a file is read.
boost::json::value parse_argument(
    command_line const& line, std::string const& text, durable::config_policy const& policy)
{
    boost::json::value value;
    durable::json::problem refused;
    if(!durable::json::parse(text, policy.json_syntax(), value, refused))
        throw usage_error(line.command(), durable::to_string(durable::to_config_problem(std::move(refused), text),
            "JSON") + " (a string needs its quotes, as in '\"text\"')");
    return value;
}

std::optional<config_document> read_if_exists(std::filesystem::path const& file, durable::config_policy const& policy)
{
    try
    {
        return config_document::read(file, policy);
    }
    catch(durable::config_error const& e)
    {
        if(e.code() != std::errc::no_such_file_or_directory)
            throw;
        return std::nullopt;
    }
}

int run_set(command_line const& line)
{
    std::vector<std::string> const operands = line.operands({"FILE", "POINTER", "JSON"}, 2);
    std::filesystem::path const file = file_path(operands[0]);
    durable::config_policy const policy = policy_of(line);
    std::vector<std::pair<std::string, boost::json::value>> changes;
    for(std::size_t i = 1; i < operands.size(); i += 2)
        changes.emplace_back(checked_pointer(line, operands[i]), parse_argument(line, operands[i + 1], policy));
    // Held from the read to the rename: a program's update and another run
    // of the tool wait for it, and none of their changes is lost.
    durable::file_lock const held = lock_file(line, file);
    std::optional<config_document> existing = read_if_exists(file, policy);
    bool const exists = existing.has_value();
    std::string const original = exists ? existing->bytes() : std::string("{}\n");
    std::optional<config_document> document = std::move(existing);
    if(!document)
        document.emplace(config_document::parse(file, original, policy));
    for(auto const& [pointer, value] : changes)
    {
        durable::json::problem refused;
        std::optional<std::string> edited = durable::json::set_value(document->bytes(),
            document->value(), pointer, value, {policy.json_syntax(), policy.indent}, refused);
        if(!edited)
            return fail(file, durable::to_config_problem(std::move(refused), document->bytes()));
        // The next change is made in the text this one left.
        document.reset();
        document.emplace(config_document::parse(file, std::move(*edited), policy));
    }
    if(exists && document->bytes() == original)
        return exit_ok;
    // A file that no durable program would load is never written.
    config_document::check_size(file, document->bytes().size(), policy, config_document::sized_text::save);
    durable::write_file(file, document->bytes());
    return exit_ok;
}

int run_fmt(command_line const& line)
{
    std::filesystem::path const file = file_path(line.operands({"FILE"})[0]);
    durable::config_policy const policy = policy_of(line);
    // --check writes nothing, and needs no lock.
    durable::file_lock const held = line.has("--check") ? durable::file_lock() : lock_file(line, file);
    config_document const document = config_document::read(file, policy);
    std::string const canonical = document.canonical_text(policy);
    if(canonical == document.bytes())
        return exit_ok;
    if(line.has("--check"))
    {
        std::cerr << "durable: " << durable::printable(file) << ": not in the canonical form\n";
        return exit_failed;
    }
    config_document::check_size(file, canonical.size(), policy, config_document::sized_text::save);
    durable::write_file(file, canonical);
    return exit_ok;
}

} // namespace

command const check_command{
    "check", "report what stops FILE from loading as a configuration", check_help, {}, {}, run_check};

command const get_command{
    "get", "print the JSON value at a pointer", get_help, {"--raw"}, {"--indent"}, run_get};

command const set_command{
    "set", "change values durably, keeping comments and layout", set_help, {}, {"--indent", "--lock-timeout"},
    run_set};

command const fmt_command{
    "fmt", "rewrite FILE durably in the canonical form", fmt_help, {"--check"}, {"--indent", "--lock-timeout"},
    run_fmt};

} // namespace durable_cli
