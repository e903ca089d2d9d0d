//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_WRITE_FILES_HPP
#define DURABLE_WRITE_FILES_HPP

#include <durable/detail/export.hpp>
#include <durable/step.hpp>
#include <durable/write_options.hpp>

#include <boost/system/error_code.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace durable {

/// One file of a batch: where it goes and its complete new content.
struct file_write
{
    std::filesystem::path path;
    std::string_view bytes;
};

/** One file of an asynchronous batch, which owns its content.

    async_write_files() runs after its caller has returned, so it cannot
    borrow the bytes as write_files() does: it takes a vector of these by
    value, and a vector built for it and moved in is never copied.
*/
struct file_content
{
    std::filesystem::path path;
    std::string bytes;
};

/// What became of one file of a batch.
struct file_write_result
{
    /// The step that failed; step::open when nothing failed.
    durable::step step = durable::step::open;

    /// Clear when the file was saved, else why it was not.
    /// `error::durability_unknown`: the content was replaced, but the
    /// directory sync that would make it durable failed.
    boost::system::error_code error;

    /// The system's error behind `error::durability_unknown`.
    boost::system::error_code cause;

    bool failed() const noexcept { return error.failed(); }
};

/** Replaces the content of several files, sharing the cost of their syncs.

    Each file gets what write_file() gives it: when its result is clear its
    new content is visible, was never torn, and (with
    `durability::durable`) survives a power loss; when it failed, its old
    content is untouched and no temporary file of it remains, except after
    `error::durability_unknown`.

    What is shared: every temporary file is created and written first, then
    all are synced side by side, on up to 64 threads of their own, so that
    the file system commits their data and metadata together instead of
    once per file (with `durability::atomic` nothing is synced, and the
    batch runs on the calling thread alone); then each is renamed over its
    target, in the order given, and each directory is synced once, after
    the last rename into it. A file whose temporary file cannot be made,
    written or synced fails alone, at its step; a directory sync that fails
    gives `error::durability_unknown` to every file renamed into that
    directory. The same path named twice ends with
    the later content.

    The options apply to every file. The temporary files of a batch are
    open together: a batch of a few thousand files may reach the limit of
    open files. With `keep_backup`, each backup is written, synced and its
    directory synced just before its file's rename, one after another, as
    write_file() does it: the backups share no flush. A path named twice
    keeps the backup of what it held before the batch.

    @return One result per file, in the order of `files`.
*/
DURABLE_DECL std::vector<file_write_result> write_files(
    std::vector<file_write> const& files,
    write_options const& options = {});

} // namespace durable

#endif
