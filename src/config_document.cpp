//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/config_document.hpp>
#include <durable/detail/config_document.hpp>
#include <durable/detail/config_mapping.hpp>
#include <durable/detail/target.hpp>
#include <durable/json/describe_value.hpp>
#include <durable/json/edit.hpp>
#include <durable/json/locate.hpp>
#include <durable/json/parse.hpp>
#include <durable/json/pointer.hpp>
#include <durable/json/pretty_writer.hpp>
#include <durable/error.hpp>
#include <durable/file_system.hpp>
#include <durable/printable.hpp>

#include <algorithm>
#include <ctime>
#include <limits>
#include <exception>
#include <iostream>
#include <utility>

namespace durable {

namespace {

file_system& file_system_of(config_policy const& policy)
{
    return policy.saving.fs ? *policy.saving.fs : default_file_system();
}

[[noreturn]] void fail_without_place(std::filesystem::path const& file, error e, std::string message)
{
    throw config_error(file, make_error_code(e), {{{}, 0, 0, std::move(message)}});
}

std::string utc_stamp()
{
    std::time_t const now = std::time(nullptr);
    std::tm utc{};
#ifdef _WIN32
    gmtime_s(&utc, &now); // Windows's thread-safe gmtime, its arguments the other way round
#else
    gmtime_r(&now, &utc);
#endif
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

// Places each problem of the mapping (which has a pointer, no line) at the
// value its pointer leads to in `text`, and sorts them in the order of the
// file, as a reader goes through it.
void place_problems(std::string_view text, std::vector<config_problem>& problems)
{
    for(config_problem& p : problems)
    {
        if(p.line == 0)
            p = to_config_problem({json::locate(text, p.pointer), std::move(p.pointer), std::move(p.message)}, text);
    }
    std::stable_sort(problems.begin(), problems.end(), [](config_problem const& a, config_problem const& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
}

} // namespace

// The document lives only while it is mapped: in an arena, its thousands of
// values cost a pointer bump each to build and nothing to free, one by one.
// Not when there are migrations: they are the program's own functions, and
// may keep what they are given beyond the load.
//
// A document takes about 1.2 times the size of its text when pretty, 2.4
// times when compact (the 1 MiB config of bench/); the arena's first block
// is four times the text, so that it holds the document. With a block the
// size of the text, glibc's allocator, whose trim and mmap thresholds
// follow the sizes freed, gave the memory a load frees back to the system
// and faulted it in again at the next load: 940 page faults a load, 13
// with the larger block. Room the document leaves unused is never touched,
// and costs no memory.
constexpr std::size_t arena_per_text_byte = 4;

config_document::config_document(std::filesystem::path file, std::string bytes, config_policy const& policy)
    : file_(std::move(file))
    , bytes_(std::move(bytes))
    , arena_(policy.migrations.empty()
          ? std::make_unique<boost::json::monotonic_resource>(arena_per_text_byte * bytes_.size())
          : nullptr)
    , value_(arena_ ? boost::json::storage_ptr(arena_.get()) : boost::json::storage_ptr())
{
}

std::string_view config_document::text() const noexcept
{
    return json::without_bom(bytes_);
}

config_document config_document::read(std::filesystem::path const& file, config_policy const& policy)
{
    return parse(file, read_bytes(file, policy), policy);
}

// The file is found as a save finds it (its links judged by the same
// rules), refused unless it is a regular file, and read no further than one
// byte past the limit: a FIFO, /dev/zero or a file of /proc in its place
// neither hangs the read nor fills the memory.
std::string config_document::read_bytes(std::filesystem::path const& file, config_policy const& policy)
{
    boost::system::error_code ec;
    file_status status;
    std::string bytes = detail::read_target(file_system_of(policy), file, policy.max_size, status, ec);
    if(ec == error::file_too_large)
    {
        // The size a regular file claims, else (/proc) what was read.
        check_size(file, status.size, policy, sized_text::read);
        fail_without_place(file, error::invalid_config,
            "the file holds more than the limit of " + std::to_string(policy.max_size) + " bytes");
    }
    if(ec)
        throw config_error(file, ec, "read");
    return bytes;
}

void config_document::check_size(
    std::filesystem::path const& file, std::uintmax_t size, config_policy const& policy, sized_text text)
{
    if(size > policy.max_size)
        fail_without_place(file, error::invalid_config,
            std::string(text == sized_text::read ? "the file is " : "the text to save is ") +
                std::to_string(size) + " bytes, more than the limit of " + std::to_string(policy.max_size));
}

config_document config_document::parse(std::filesystem::path file, std::string bytes, config_policy const& policy)
{
    config_document document(std::move(file), std::move(bytes), policy);
    json::problem refused;
    if(!json::parse(document.text(), policy.json_syntax(), document.value_, refused))
        throw config_error(document.file_, make_error_code(error::invalid_config),
            {to_config_problem(std::move(refused), document.text())});
    document.upgrade(policy);
    return document;
}

// A document of an older schema version goes through the migrations that
// follow it; the version key is removed, since it names no member.
void config_document::upgrade(config_policy const& policy)
{
    if(policy.version_key.empty() || !value_.is_object())
        return;
    std::uint64_t const current = policy.migrations.size() + 1;
    std::string pointer;
    json::append_pointer_token(pointer, policy.version_key);
    std::uint64_t version = 1;
    boost::json::object& object = value_.get_object();
    if(auto const* stored = object.if_contains(policy.version_key))
    {
        std::uint64_t const max = std::numeric_limits<std::int64_t>::max();
        if(!detail::read_integer(*stored, 1, max, version))
            reject({{pointer, 0, 0, "expected " + detail::integer_range(1, max) + ", found " + json::describe_value(*stored)}});
        if(version > current)
        {
            std::vector<config_problem> newer{{pointer, 0, 0, "written by version " +
                std::to_string(version) + " of the schema; this program reads versions up to " +
                std::to_string(current)}};
            place_problems(text(), newer);
            throw config_error(file_, make_error_code(error::newer_config_version), std::move(newer));
        }
        // stable_erase: erase() moves the last member into the gap, and
        // kept keys would change places at every save.
        object.stable_erase(policy.version_key);
    }
    for(std::uint64_t v = version; v < current; ++v)
    {
        try
        {
            value_ = policy.migrations[v - 1](std::move(value_));
        }
        catch(std::exception const& e)
        {
            reject({{{}, 0, 0, "migration from version " + std::to_string(v) + " failed: " + e.what()}});
        }
    }
}

void config_document::reject(std::vector<config_problem> problems) const
{
    place_problems(text(), problems);
    throw config_error(file_, make_error_code(error::invalid_config), std::move(problems));
}

std::string config_document::canonical_text(config_policy const& policy) const
{
    json::pretty_writer out(policy.indent);
    out.value(value_);
    out.end_line();
    return std::move(out).text();
}

namespace detail {

std::string keep_layout(std::filesystem::path const& file, std::string canonical, config_policy const& policy)
{
    if(!policy.keep_layout)
        return canonical;
    std::string existing;
    try
    {
        existing = config_document::read_bytes(file, policy);
    }
    catch(config_error const&)
    {
        return canonical; // a new file, or one a load would not take either
    }
    return splice_values(existing, std::move(canonical), policy);
}

std::string splice_values(std::string_view existing, std::string canonical, config_policy const& policy)
{
    if(!policy.keep_layout || existing == canonical)
        return canonical;
    json::edit_options options;
    options.syntax = policy.json_syntax();
    options.indent = policy.indent;
    boost::json::value document;
    boost::json::value value;
    json::problem refused;
    if(!json::parse(json::without_bom(existing), options.syntax, document, refused) ||
       !json::parse(canonical, options.syntax, value, refused))
        return canonical;
    std::optional<std::string> merged = json::merge_text(existing, document, value, options, refused);
    if(!merged || merged->size() > policy.max_size)
        return canonical;
    return std::move(*merged);
}

std::filesystem::path quarantine_file(std::filesystem::path const& file, config_policy const& policy)
{
    file_system& fs = file_system_of(policy);
    // The entry itself is moved, a link as much as a file: resolved as a
    // save under symlink_policy::replace would, so the directories on the
    // way are judged by the rules for links.
    target t;
    if(failure f = resolve_target(fs, file, symlink_policy::replace, t))
        throw config_error(file, f.code, "quarantine");
    boost::system::error_code ec;
    // Never over an earlier bad file of the same second: both are evidence.
    std::string const stem = t.name + ".bad-" + utc_stamp();
    std::string moved = stem;
    for(int n = 2; !ec && fs.status(t.dir, moved, ec).kind != file_kind::none; ++n)
        moved = stem + "-" + std::to_string(n);
    if(!ec)
        retry_interrupted([&](auto& e) { fs.rename(t.dir, t.name, moved, e); }, ec);
    // The move is synced like a save: after a power cut, the bad file must
    // not come back under the name that the recovery has just replaced.
    if(!ec && policy.saving.durability == durability::durable)
        retry_interrupted([&](auto& e) { fs.sync_directory(t.dir, e); }, ec);
    close_handle(fs, t.dir);
    if(ec)
        throw config_error(file, ec, "quarantine");
    return t.dir_path / moved;
}

saver_options saver_options_of(config_policy const& policy)
{
    saver_options options = policy.saving;
    options.keep_backup = options.keep_backup || policy.keep_backup;
    return options;
}

void report_quarantine(config_quarantine const& quarantine, config_policy const& policy)
{
    if(policy.on_quarantine)
        return policy.on_quarantine(quarantine);
    std::cerr << "durable: " << quarantine.cause.what() << "\n"
              << "durable: " << printable(quarantine.cause.path()) << ": moved aside as "
              << printable(quarantine.moved_to) << "; loaded "
              << (quarantine.used_backup ? "the backup" : "the defaults") << "\n";
}

} // namespace detail
} // namespace durable
