//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/replacement.hpp>
#include <durable/detail/target.hpp>
#include <durable/error.hpp>
#include "orphan_sweep.hpp"
#include "temp_name.hpp"

#include <boost/asio/error.hpp>

#include <utility>

namespace durable {
namespace detail {

namespace {

// O_EXCL makes a name collision an error, not a shared file; with a 64-bit
// nonce a collision means a name someone else made up, so a few tries do.
constexpr int create_attempts = 8;

// The mode a new file gets from open(2) when the options give none: the
// kernel applies the umask (or the directory's default ACL) to it.
constexpr unsigned new_file_mode = 0666;

// Pieces smaller than this are gathered before they are written.
constexpr std::size_t write_buffer_size = 64 * 1024;

// The mode the temporary file is created with. It is never more permissive
// than the final mode, so the new content is never more readable than the
// target was, not even for the moment before chmod.
unsigned creation_mode(file_status const& target, write_options const& options) noexcept
{
    if(options.mode)
        return *options.mode & 0600;
    if(target.kind == file_kind::regular)
        return target.mode & 0777;
    return new_file_mode;
}

// The attribute that holds a file's access ACL: its permissions beyond the
// mode bits, which the mode's group bits only mask.
constexpr std::string_view access_acl = "system.posix_acl_access";

// The extended attributes a replaced file keeps: its access ACL, and its
// security labels (SELinux, Smack...). Not the security attributes that
// describe the content (ima, evm: a hash of the old content would be a lie
// about the new one) nor one that grants privileges (capability: never
// handed on by a configuration save).
bool is_kept_attribute(std::string_view name) noexcept
{
    if(name == access_acl)
        return true;
    constexpr std::string_view security = "security.";
    return name.substr(0, security.size()) == security && name != "security.capability" &&
        name != "security.ima" && name != "security.evm";
}

// Whether the file opened for a backup is the one the save resolved.
bool is_same_file(file_status const& opened, file_status const& resolved) noexcept
{
    return opened.device == resolved.device && opened.inode == resolved.inode;
}

// The kept attributes of the target, read before anything is created, so
// that a target whose permissions cannot be known is not replaced at all.
failure read_attributes(file_system& fs, target const& t, attribute_list& kept)
{
    boost::system::error_code ec;
    std::vector<std::string> names;
    retry_interrupted([&](auto& e) { names = fs.list_attributes(t.dir, t.name, e); }, ec);
    if(ec)
        return {step::resolve, ec};
    for(std::string& name : names)
    {
        if(!is_kept_attribute(name))
            continue;
        std::string value;
        retry_interrupted([&](auto& e) { value = fs.read_attribute(t.dir, t.name, name, e); }, ec);
        if(ec)
            return {step::resolve, ec};
        kept.emplace_back(std::move(name), std::move(value));
    }
    return {};
}

} // namespace

replacement::replacement(replacement&& other) noexcept
    : fs_(other.fs_)
    , durability_(other.durability_)
    , dir_(std::exchange(other.dir_, invalid_handle))
    , file_(std::exchange(other.file_, invalid_handle))
    , dir_path_(std::move(other.dir_path_))
    , name_(std::move(other.name_))
    , temp_name_(std::move(other.temp_name_))
    , buffer_(std::move(other.buffer_))
    , kept_(std::move(other.kept_))
    , is_backup_(other.is_backup_)
    , backup_options_(std::move(other.backup_options_))
{
    other.temp_name_.clear();
    other.buffer_.clear();
}

replacement& replacement::operator=(replacement&& other) noexcept
{
    if(this != &other)
    {
        discard();
        fs_ = other.fs_;
        durability_ = other.durability_;
        dir_ = std::exchange(other.dir_, invalid_handle);
        file_ = std::exchange(other.file_, invalid_handle);
        dir_path_ = std::move(other.dir_path_);
        name_ = std::move(other.name_);
        temp_name_ = std::move(other.temp_name_);
        buffer_ = std::move(other.buffer_);
        kept_ = std::move(other.kept_);
        is_backup_ = other.is_backup_;
        backup_options_ = std::move(other.backup_options_);
        other.temp_name_.clear();
        other.buffer_.clear();
    }
    return *this;
}

replacement::~replacement()
{
    discard();
}

failure replacement::open(std::filesystem::path const& path, write_options const& options)
{
    discard();
    fs_ = options.fs ? options.fs : &default_file_system();
    target t;
    if(failure f = resolve_target(*fs_, path, options.symlinks, t))
        return f;
    metadata keep{t.status, {}};
    failure f;
    if(t.status.kind == file_kind::regular)
        f = read_attributes(*fs_, t, keep.attributes);
    if(f)
    {
        close_handle(*fs_, t.dir);
        return f;
    }
    return open_target(std::move(t), std::move(keep), options, false);
}

// Runs the protocol on a resolved target (whose directory it takes) for a
// content that keeps the metadata of `keep`: the target's own, or for a
// backup, those of the file it backs up, which replace whatever the
// backup's name held.
failure replacement::open_target(target t, metadata keep, write_options const& options, bool is_backup)
{
    is_backup_ = is_backup;
    fs_ = options.fs ? options.fs : &default_file_system();
    durability_ = options.durability;
    sweep_orphans_once(*fs_, t);
    backup_options_.reset();
    if(options.keep_backup && t.status.kind == file_kind::regular)
    {
        backup_options_ = options;
        backup_options_->keep_backup = false;
        backup_options_->mode.reset(); // the backup keeps the previous file's mode
    }
    dir_ = t.dir;
    dir_path_ = std::move(t.dir_path);
    name_ = std::move(t.name);
    kept_ = std::move(keep);
    if(failure f = create_temp(options))
        return f;
    return copy_metadata(options);
}

failure replacement::create_temp(write_options const& options)
{
    boost::system::error_code ec;
    for(int attempt = 0; attempt < create_attempts; ++attempt)
    {
        std::string name = make_temp_name(name_);
        retry_interrupted(
            [&](auto& e) {
                file_ = fs_->create_file(dir_, name, creation_mode(kept_.status, options), kept_.attributes, e);
            },
            ec);
        if(!ec)
        {
            temp_name_ = std::move(name);
            return {};
        }
        if(ec != boost::system::errc::file_exists)
            break;
    }
    file_ = invalid_handle;
    return fail(step::create, ec);
}

// Mode, owner and attributes are set before any data is written, so that a
// failure shows before a large payload is streamed, and long before the
// rename, so that the name never shows the new content with the wrong
// owner, mode or ACL. (fdatasync does not promise to persist them; the
// journaling file systems commit them with the size change it must
// persist.) What open(2) already got right (the usual case) costs no
// change: the temporary file is inspected once and only the differences
// are changed. That one look cannot be skipped: what open(2) gave depends
// on the umask (which cannot be read without being set), a set-group-ID
// directory, a default ACL and the caller's credentials (which a daemon
// may drop between two saves). It is made through the descriptor: it
// describes the file this save holds, whatever its name now is, costs no
// lookup, and reads no time, so that the write after it costs no second
// metadata update (file_system::status says why). The owner goes first,
// because chown clears the set-id bits that chmod then restores; the
// attributes come before chmod, because setting an ACL sets the mode's
// permission bits from it.
failure replacement::copy_metadata(write_options const& options)
{
    file_status const& target = kept_.status;
    bool const existed = target.kind == file_kind::regular;
    if(!existed && !options.mode)
        return {}; // a new file: open(2) applied the umask or the default ACL, as for any new file
    boost::system::error_code ec;
    file_status created;
    retry_interrupted([&](auto& e) { created = fs_->status(file_, e); }, ec);
    if(ec)
        return fail(step::chmod, ec);
    // The new file's owner is the user the kernel acts for (its fsuid): the
    // caller whose right to keep the target's owner is judged here, when a
    // backup is not what is written (a backup never writes into the file it
    // replaces, and gets the owner of the file it backs up).
    if(!is_backup_)
    {
        if(failure f = check_replaceable(*fs_, dir_, target, created.uid))
            return fail(f.step, f.code);
    }
    bool const chown_needed = existed && (created.uid != target.uid || created.gid != target.gid);
    if(chown_needed)
    {
        retry_interrupted([&](auto& e) { fs_->change_owner(file_, target.uid, target.gid, e); }, ec);
        if(ec)
            return fail(step::chown, ec);
    }
    if(existed)
    {
        if(failure f = copy_attributes())
            return f;
    }
    unsigned const mode = options.mode ? *options.mode & 07777 : target.mode;
    if(chown_needed || created.mode != mode)
    {
        retry_interrupted([&](auto& e) { fs_->change_mode(file_, mode, e); }, ec);
        if(ec)
            return fail(step::chmod, ec);
    }
    return {};
}

// A security label (or on Windows the DACL) is set only where the one the
// new file got differs, since changing one may need a privilege that
// keeping it does not; where it cannot be read, other than for being
// absent, or cannot be set, the save fails, rather than publish the
// content under another label. The target's access ACL is set whole,
// which also drops any the temporary file inherited.
failure replacement::copy_attributes()
{
    boost::system::error_code ec;
    bool has_acl = false;
    for(auto const& attribute : kept_.attributes)
    {
        // Not a structured binding: C++17 does not let the lambda below
        // capture one (clang rejects it).
        std::string const& name = attribute.first;
        std::string const& value = attribute.second;
        if(name == access_acl)
        {
            has_acl = true;
        }
        else
        {
            std::string given;
            retry_interrupted([&](auto& e) { given = fs_->read_attribute(file_, name, e); }, ec);
            if(ec && ec != boost::system::errc::no_message_available)
                return fail(step::chmod, ec);
            if(!ec && given == value)
                continue;
        }
        retry_interrupted([&](auto& e) { fs_->write_attribute(file_, name, value, e); }, ec);
        if(ec)
            return fail(step::chmod, ec);
    }
    if(!has_acl)
        return drop_inherited_acl();
    return {};
}

// The temporary file was created with the directory's default ACL, if it
// has one: a target without an ACL must not gain the access it gives, so
// the temporary file's own is removed. Whether it has one is asked first,
// by a read that changes nothing. Removing one it does not have (most
// directories have no default ACL) also succeeds, but only after the
// kernel has begun a metadata change for it: ext4 starts a journal handle,
// which waits while a commit locks the running transaction; xfs reserves
// log space and locks the inode for a transaction it then cancels; on
// every save. The read costs the same one call.
failure replacement::drop_inherited_acl()
{
    boost::system::error_code ec;
    retry_interrupted([&](auto& e) { fs_->read_attribute(file_, std::string(access_acl), e); }, ec);
    if(ec == boost::system::errc::no_message_available || ec == boost::system::errc::operation_not_supported)
        return {}; // none, or none possible on this file system
    if(!ec)
        retry_interrupted([&](auto& e) { fs_->remove_attribute(file_, std::string(access_acl), e); }, ec);
    if(ec)
        return fail(step::chmod, ec);
    return {};
}

// Small pieces gather in a buffer, so that a program writing line by line
// makes one system call per buffer, not one per line; a piece too large for
// the buffer goes straight to the file, without a copy.
failure replacement::write(void const* data, std::size_t size)
{
    if(!is_open())
        return {step::write, make_error_code(error::not_open)};
    if(buffer_.size() + size > write_buffer_size)
    {
        if(failure f = flush_buffer())
            return f;
        if(size >= write_buffer_size)
            return write_all(data, size);
    }
    buffer_.append(static_cast<char const*>(data), size);
    return {};
}

failure replacement::flush_buffer()
{
    failure const f = write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
    return f;
}

failure replacement::write_all(void const* data, std::size_t size)
{
    auto const* next = static_cast<char const*>(data);
    while(size > 0)
    {
        boost::system::error_code ec;
        std::size_t written = 0;
        retry_interrupted([&](auto& e) { written = fs_->write(file_, next, size, e); }, ec);
        // A regular file that accepts nothing, without an error, would loop
        // forever; no file system does that on purpose.
        if(!ec && written == 0)
            ec = make_error_code(boost::system::errc::io_error);
        if(ec)
            return fail(step::write, ec);
        next += written;
        size -= written;
    }
    return {};
}

failure replacement::commit()
{
    if(failure f = prepare())
        return f;
    return publish();
}

failure replacement::prepare()
{
    if(!is_open())
        return {step::close, make_error_code(error::not_open)};
    if(failure f = flush_buffer())
        return f;
    boost::system::error_code ec;

    // The data must be on disk before the name points at it: a rename that
    // reached the disk before its data is the empty file after a power cut.
    // After a failed sync the pages may be marked clean with the data lost,
    // so the descriptor is closed and the temporary file removed, never
    // synced again.
    if(durability_ == durability::durable)
    {
        retry_interrupted([&](auto& e) { fs_->sync_data(file_, e); }, ec);
        if(ec)
            return fail(step::sync, ec);
    }

    // close() can report a deferred write error (NFS): the content would be
    // incomplete, so it is checked before the rename publishes it.
    ec = close_handle(*fs_, std::exchange(file_, invalid_handle));
    if(ec)
        return fail(step::close, ec);
    return {};
}

failure replacement::publish()
{
    if(failure f = rename())
        return f;
    return sync_directory();
}

failure replacement::rename()
{
    if(temp_name_.empty() || file_ != invalid_handle)
        return {step::rename, make_error_code(error::not_open)};
    if(failure f = keep_backup())
        return f;
    boost::system::error_code ec;

    // The rename is the moment of truth: atomic, the target names the old or
    // the new file, never a mix.
    retry_interrupted([&](auto& e) { fs_->rename(dir_, temp_name_, name_, e); }, ec);
    if(ec)
        return fail(step::rename, ec);
    temp_name_.clear();
    return {};
}

failure replacement::sync_directory()
{
    if(!temp_name_.empty() || dir_ == invalid_handle)
        return {step::dirsync, make_error_code(error::not_open)};
    // The rename lives in the directory; until the directory is synced a
    // power cut can bring the old name back. From here the new content is
    // visible, so a failure is not "nothing happened" but its own error.
    if(durability_ == durability::durable)
    {
        boost::system::error_code ec;
        retry_interrupted([&](auto& e) { fs_->sync_directory(dir_, e); }, ec);
        if(ec)
        {
            close_directory();
            return {step::dirsync, make_error_code(error::durability_unknown), ec};
        }
    }
    close_directory();
    return {};
}

// Runs after the new content is synced and before the rename, so that the
// backup is durable before the target changes (a power cut then leaves the
// old target, or the new target with the old content in the backup), and so
// that a save that fails earlier does not disturb the backup.
//
// The previous content is read from the entry the save resolved, never
// through a link, never from a FIFO, and only if it is still that file:
// else someone swapped it, perhaps for a link to a secret, and the save
// stops with nothing changed. The backup is written by this same protocol
// beside it, as a new file in place of whatever `<name>.bak` was (never
// into it), with the mode, owner and attributes of the file it backs up.
failure replacement::keep_backup()
{
    if(!backup_options_)
        return {};
    boost::system::error_code ec;
    file_status opened;
    std::string content;
    retry_interrupted(
        [&](auto& e) { content = fs_->read_file(dir_, name_, kept_.status.size, opened, e); }, ec);
    bool const swapped = opened.kind != file_kind::none && !is_same_file(opened, kept_.status);
    if(swapped || ec == error::file_too_large || ec == error::not_a_regular_file ||
       ec == boost::system::errc::too_many_symbolic_link_levels ||
       ec == boost::system::errc::no_such_file_or_directory || ec == boost::system::errc::is_a_directory)
        ec = make_error_code(error::target_changed);
    if(ec)
        return fail(step::backup, ec);

    target backup;
    native_handle dir = invalid_handle;
    retry_interrupted([&](auto& e) { dir = fs_->open_directory(dir_, ".", e); }, ec);
    failure f = ec ? failure{step::open, ec}
                   : resolve_target(*fs_, dir, dir_path_, name_ + ".bak", symlink_policy::replace, backup);
    if(!f)
    {
        metadata previous{opened, kept_.attributes};
        replacement r;
        f = r.open_target(std::move(backup), std::move(previous), *backup_options_, true);
        if(!f)
            f = r.write(content.data(), content.size());
        if(!f)
            f = r.commit();
    }
    if(f)
    {
        discard();
        return {step::backup, f.code, f.cause};
    }
    return {};
}

void replacement::discard() noexcept
{
    buffer_.clear();
    if(file_ != invalid_handle)
        close_handle(*fs_, std::exchange(file_, invalid_handle));
    if(!temp_name_.empty())
    {
        // Best effort: a temporary file that cannot be removed is an orphan
        // for the next sweep; the error that got us here is the one to report.
        boost::system::error_code ignored;
        retry_interrupted([&](auto& e) { fs_->unlink(dir_, temp_name_, e); }, ignored);
        temp_name_.clear();
    }
    close_directory();
}

failure replacement::fail(step where, boost::system::error_code ec) noexcept
{
    discard();
    return {where, ec};
}

void replacement::close_directory() noexcept
{
    if(dir_ != invalid_handle)
        close_handle(*fs_, std::exchange(dir_, invalid_handle));
}

failure replace_file(
    std::filesystem::path const& path,
    std::string_view bytes,
    write_options const& options,
    std::atomic<bool> const* cancelled)
{
    replacement r;
    // Cancellation is looked at before each step up to the rename; past it,
    // the save completes, because the new content is already visible.
    auto const check = [&](step next) -> failure {
        if(cancelled && cancelled->load())
        {
            r.discard();
            return {next, boost::asio::error::operation_aborted};
        }
        return {};
    };
    if(failure f = check(step::open))
        return f;
    if(failure f = r.open(path, options))
        return f;
    if(failure f = check(step::write))
        return f;
    if(failure f = r.write(bytes.data(), bytes.size()))
        return f;
    if(failure f = check(step::sync))
        return f;
    if(failure f = r.prepare())
        return f;
    if(failure f = check(step::rename))
        return f;
    return r.publish();
}

} // namespace detail
} // namespace durable
