//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_CONFIG_OPTIONS_HPP
#define DURABLE_CONFIG_OPTIONS_HPP

#include <durable/config_error.hpp>
#include <durable/config_problem.hpp>
#include <durable/saver_options.hpp>
#include <durable/detail/enum_output.hpp>
#include <durable/json/syntax.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace durable {

/// What a load does with keys that name no member of the struct.
enum class unknown_keys
{
    /// Report each as a problem: the load fails (the default; it catches typos).
    error,

    /// Skip them.
    ignore,

    /** Skip them when mapping, and write them back, unchanged, on the next save.

        So that the settings of a newer program survive a save by an older one.
        They are written after the members of their object.
    */
    keep
};
BOOST_DESCRIBE_ENUM(unknown_keys, error, ignore, keep)

/// What a load does when the file does not exist.
enum class missing_file
{
    /// Use the defaults (the default); see config_policy::write_defaults.
    use_defaults,

    /// Fail with the operating-system error (`std::errc::no_such_file_or_directory`).
    error
};
BOOST_DESCRIBE_ENUM(missing_file, use_defaults, error)

/// What a load does when the file exists but cannot be used.
enum class corrupt_file
{
    /// Fail with every problem found (the default). The file is left as it is.
    error,

    /** Move the file aside as `<name>.bad-<UTC time>`, then load the backup
        if config_policy::keep_backup is set and it loads, else the defaults.

        Always reported, through config_policy::on_quarantine. A file of a
        newer schema version is not corrupt: it always fails the load.
    */
    quarantine
};
BOOST_DESCRIBE_ENUM(corrupt_file, error, quarantine)

/// Turns a document of one schema version into the next.
using config_migration = std::function<boost::json::value(boost::json::value)>;

/// Where a quarantined file went, and what was loaded instead.
struct config_quarantine
{
    /// The problems of the file that was moved aside.
    config_error cause;

    /// Its new name.
    std::filesystem::path moved_to;

    /// True if the backup was loaded; false if the defaults were.
    bool used_backup = false;
};

/// How a config_file reads, writes and recovers, whatever the type it maps.
struct config_policy
{
    /// Accept `//` and `/* */` comments. A save keeps them (see keep_layout).
    bool allow_comments = true;

    /// Accept a comma after the last element of an array or object.
    bool allow_trailing_commas = true;

    /** A larger file is refused, and at most this many bytes and one more are read.

        The bound holds for what is not a regular file too: a FIFO, a
        device or a socket at the path is refused before a byte of it is
        read (`error::not_a_regular_file`), so a link to /dev/zero cannot
        make a load eat memory.
    */
    std::size_t max_size = 16 * 1024 * 1024;

    /// Deeper nesting of arrays and objects is refused, so that no text can exhaust the stack.
    std::size_t max_depth = 64;

    /// A load stops collecting problems after this many.
    std::size_t max_problems = 50;

    /// Spaces per level of nesting in a saved file (in what a save adds to a kept layout).
    unsigned indent = 4;

    /** A save of an existing file changes only the values that differ, in its text.

        So that what a person wrote in the file survives the program's
        saves: comments, the order of members, indentation, line breaks
        ("\r\n") and a byte order mark. A member the save adds goes after
        the last member of its object; one it drops goes with its line; an
        array whose size changes is written whole. The edited text is parsed
        again before it is written, and must read as the canonical form
        would; else, and for a new file, a file that cannot be read or does
        not parse, the canonical form is written. False: always the
        canonical form.
    */
    bool keep_layout = true;

    /// What to do with keys that name no member.
    durable::unknown_keys unknown_keys = durable::unknown_keys::error;

    /** The top-level key of the schema version; empty (the default) for none.

        When set, a save writes it first, as the current version:
        `migrations.size() + 1`. A load reads it (a file without it is
        version 1), applies the migrations from that version on, and refuses
        a file of a version above the current one.
    */
    std::string version_key;

    /// migrations[i] turns a document of version i + 1 into one of version i + 2.
    std::vector<config_migration> migrations;

    /// What to do when the file does not exist.
    durable::missing_file missing_file = durable::missing_file::use_defaults;

    /// With missing_file::use_defaults: also save the defaults as the file.
    bool write_defaults = false;

    /// What to do when the file cannot be used.
    durable::corrupt_file corrupt_file = durable::corrupt_file::error;

    /** Keep the previous content of each save as `<name>.bak`.

        Written with the same protocol, before the file changes (see
        write_options::keep_backup); corrupt_file::quarantine falls back on it.
    */
    bool keep_backup = false;

    /** Called when a corrupt file was quarantined; by default a line on standard error.

        It runs on the thread of the load, before the load returns.
    */
    std::function<void(config_quarantine const&)> on_quarantine;

    /** How long config_file::update() and save_if_unchanged() wait for the file's lock.

        The lock is `.<name>.lock` beside the file (see "Many writers" in
        doc/config.md). When it stays taken longer, they fail with a
        save_error at step::lock, `error::lock_timeout`, naming the lock file
        and, where the system shows it, the pid of the holder.
    */
    std::chrono::milliseconds lock_timeout = std::chrono::seconds(10);

    /// How saves are written: durability, symbolic links, mode, commit delay, errors.
    saver_options saving;

    /// What the text of a file may contain, as json::parse() takes it: the comments, commas and depth above.
    json::syntax json_syntax() const noexcept
    {
        json::syntax rules;
        rules.allow_comments = allow_comments;
        rules.allow_trailing_commas = allow_trailing_commas;
        rules.max_depth = max_depth;
        return rules;
    }
};

/** The options of a config_file<T>.

    @code
    durable::config_options<settings> options;
    options.unknown_keys = durable::unknown_keys::keep;
    options.validate = [](settings const& s) {
        std::vector<durable::config_problem> problems;
        if(s.server.port == 0)
            problems.push_back({"/server/port", 0, 0, "must not be 0"});
        return problems;
    };
    @endcode
*/
template<class T>
struct config_options : config_policy
{
    /// The value of every key a file leaves out (an absent `std::optional` is empty instead).
    T defaults{};

    /** Finds what is wrong with a config that has the right types.

        Returns problems with a JSON pointer and a message (line and column
        are filled in from the file). A config with problems is never
        returned by a load and never saved. It may run on several threads
        at once (an asynchronous load on the blocking executor, a save on
        the caller's thread): it must be safe to call concurrently.
    */
    std::function<std::vector<config_problem>(T const&)> validate;
};

} // namespace durable

#endif
