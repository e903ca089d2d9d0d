//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_CONFIG_DOCUMENT_HPP
#define DURABLE_DETAIL_CONFIG_DOCUMENT_HPP

#include <durable/config_options.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace durable {
namespace detail {

/// A configuration file's text and its JSON document: what config_file<T> maps, whatever T.
class config_document
{
public:
    // Movable only by construction: an assignment would free the arena the
    // value assigned to still lives in.
    config_document(config_document&&) = default;
    config_document& operator=(config_document&&) = delete;

    /** Reads and parses `file`, then brings the document to the current schema version.

        @throws config_error with the operating-system error of the read
        (`no_such_file_or_directory` for a missing file), or with the
        problems of the text.
    */
    static config_document read(std::filesystem::path const& file, config_policy const& policy);

    /** Reads the bytes of `file`, refusing a file larger than `policy.max_size`.

        @throws config_error as read() does.
    */
    static std::string read_bytes(std::filesystem::path const& file, config_policy const& policy);

    /// Whose size check_size() checks.
    enum class sized_text
    {
        read, ///< a file read
        save  ///< a text about to be saved
    };

    /** Refuses a text of `size` bytes for `file` if it is larger than `policy.max_size`.

        A save checks what it would write, so that it never writes a file
        that no load takes.

        @throws config_error with error::invalid_config and no place:
        "the file is N bytes, more than the limit of M" for a read, "the
        text to save is N bytes, ..." for a save.
    */
    static void check_size(
        std::filesystem::path const& file, std::uintmax_t size, config_policy const& policy, sized_text text);

    /// Parses `bytes` as the content of `file` (which is not read).
    static config_document parse(std::filesystem::path file, std::string bytes, config_policy const& policy);

    /** The document, which lives as long as this object.

        Its memory is the document's own: a copy meant to outlive it is
        made with a storage_ptr of its own (`boost::json::value(v, {})`).
    */
    boost::json::value const& value() const noexcept { return value_; }

    /// The text as read, byte order mark included.
    std::string const& bytes() const noexcept { return bytes_; }

    /// Throws config_error(error::invalid_config) listing `problems`, each placed in the text.
    [[noreturn]] void reject(std::vector<config_problem> problems) const;

private:
    config_document(std::filesystem::path file, std::string bytes, config_policy const& policy);
    std::string_view text() const noexcept;
    void upgrade(config_policy const& policy);

    std::filesystem::path file_;
    std::string bytes_;
    std::unique_ptr<boost::json::monotonic_resource> arena_; // before value_, which lives in it
    boost::json::value value_;
};

/** The canonical text of a document: the pretty form, indented as the policy says, with a final newline.

    What a save writes for a value that maps to `document`, when the policy
    has no version key and the last load kept no key (render_value() adds
    those as it writes).
*/
std::string render_document(boost::json::value const& document, config_policy const& policy);

/** The text a save writes over `file`, whose canonical form is `canonical`.

    With `policy.keep_layout`, the text of `file` (read as a load reads it)
    with only the values that differ from `canonical` changed, by
    json::merge_text; `canonical` itself for a new file, when keep_layout
    is false, or when the file cannot be read or parsed, or its edit cannot
    be verified or would be larger than `policy.max_size`. Never throws a
    config_error: the fallback is always a text that a load takes.
*/
std::string keep_layout(std::filesystem::path const& file, std::string canonical, config_policy const& policy);

/** keep_layout() on `existing`, the text of the file already read (under the
    lock of an update, which has just loaded it): the file is not read again.
*/
std::string splice_values(std::string_view existing, std::string canonical, config_policy const& policy);

/** Moves a corrupt file aside, as `<name>.bad-<UTC time>`, durably; returns its new path.

    @throws config_error naming the operating-system error of the rename.
*/
std::filesystem::path quarantine_file(std::filesystem::path const& file, config_policy const& policy);

/// The options of a config_file's saver: those of the policy, with its backup.
saver_options saver_options_of(config_policy const& policy);

/// Tells config_policy::on_quarantine, or standard error when it is empty.
void report_quarantine(config_quarantine const& quarantine, config_policy const& policy);

} // namespace detail
} // namespace durable

#endif
