//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_REPLACEMENT_HPP
#define DURABLE_DETAIL_REPLACEMENT_HPP

#include <durable/detail/export.hpp>
#include <durable/detail/failure.hpp>
#include <durable/detail/target.hpp>
#include <durable/file_system.hpp>
#include <durable/write_options.hpp>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace durable {
namespace detail {

// One run of the replace protocol (its steps and the reason for each:
// doc/guide.md, section 2): open() resolves the target and creates the
// temporary file, write() appends to it, commit() syncs, renames and syncs
// the directory. Any failure before the rename removes the temporary file
// and leaves the target untouched; discard() does the same on request.
// write_file and atomic_file are both this.
//
// commit() is prepare() (flush, sync, close) then publish() (rename, sync
// the directory): the asynchronous operation checks for cancellation
// between the two, since the rename is the point of no return. publish()
// is rename() then sync_directory(): a batch (write_files) renames each of
// its files, then syncs each directory once.
class DURABLE_DECL replacement
{
public:
    replacement() = default;
    replacement(replacement&& other) noexcept;
    replacement& operator=(replacement&& other) noexcept;
    ~replacement();

    failure open(std::filesystem::path const& target, write_options const& options);
    failure write(void const* data, std::size_t size);
    failure commit();
    failure prepare();
    failure publish();
    failure rename();
    failure sync_directory();
    void discard() noexcept;

    bool is_open() const noexcept { return file_ != invalid_handle; }

    // The directory the target was resolved to, as its path spells it, and
    // the target's name in it.
    std::filesystem::path const& directory() const noexcept { return dir_path_; }
    std::string const& name() const noexcept { return name_; }

    // Renames without keeping a backup (write_options::keep_backup) of what
    // the target holds: a batch that renamed into the same target before
    // has kept the backup of what it held before the batch.
    void skip_backup() noexcept { backup_options_.reset(); }

private:
    // What the new content keeps of the file it replaces: its status (mode,
    // owner, and which file it is) and the extended attributes that carry
    // its permissions and security label. Kind none for a new file.
    struct metadata
    {
        file_status status;
        attribute_list attributes;
    };

    failure open_target(target t, metadata keep, write_options const& options, bool is_backup);
    failure create_temp(write_options const& options);
    failure copy_metadata(write_options const& options);
    failure copy_attributes();
    failure drop_inherited_acl();
    failure keep_backup();
    failure flush_buffer();
    failure write_all(void const* data, std::size_t size);
    failure fail(step where, boost::system::error_code ec) noexcept;
    void close_directory() noexcept;

    file_system* fs_ = nullptr;
    durability durability_ = durability::durable;
    native_handle dir_ = invalid_handle;
    native_handle file_ = invalid_handle;
    std::filesystem::path dir_path_;
    std::string name_;      // the target's name in dir_
    std::string temp_name_; // empty once renamed or removed
    std::string buffer_;    // small pieces not yet written
    metadata kept_;
    bool is_backup_ = false;
    // Set when write_options::keep_backup asks for a backup and the target
    // exists: how the backup is written.
    std::optional<write_options> backup_options_;
};

// The whole protocol for content in memory. With a `cancelled` flag, it is
// checked before each step up to the rename, and a set flag removes the
// temporary file and reports boost::asio::error::operation_aborted.
DURABLE_DECL failure replace_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options,
    std::atomic<bool> const* cancelled = nullptr);

} // namespace detail
} // namespace durable

#endif
