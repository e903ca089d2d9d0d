//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_CONFIG_DOCUMENT_HPP
#define DURABLE_CONFIG_DOCUMENT_HPP

#include <durable/config_options.hpp>
#include <durable/detail/export.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace durable {

/** A configuration file's text and its JSON document: what config_file<T> maps, whatever T.

    Read as every config_file reads a file (the path judged as a save
    judges it, the size bounded, the syntax of the policy, the schema
    version brought up to date), without a schema: for a program that
    looks at a configuration file as JSON, such as the `durable` tool.

    @code
    durable::config_policy const policy;
    durable::config_document const document = durable::config_document::read("settings.json", policy);
    std::cout << document.canonical_text(policy);
    @endcode
*/
class DURABLE_DECL config_document
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

    /** The canonical text of the document: the pretty form, indented as `policy` says, with a final newline.

        What a save writes for a value that maps to the document, when the
        policy has no version key and the last load kept no key (a save adds
        those as it writes); what `durable fmt` writes.
    */
    std::string canonical_text(config_policy const& policy) const;

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

} // namespace durable

#endif
