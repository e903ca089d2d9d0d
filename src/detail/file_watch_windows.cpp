//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "file_watch.hpp"
#include <durable/windows_file_system.hpp>

#include "watched_names.hpp"

#include <boost/asio/windows/overlapped_ptr.hpp>
#include <boost/asio/windows/stream_handle.hpp>

#include <algorithm>
#include <cstddef>
#include <new>
#include <system_error>
#include <string_view>
#include <utility>

namespace durable {
namespace detail {

namespace {

// What a directory's reads report. FILE_NAME: a file created, removed or
// renamed, which is how a save by rename shows; DIR_NAME: the same for a
// directory or a link to one standing at a watched name; LAST_WRITE: an
// in-place rewrite (Windows tells it while the writes go on, not at the
// close: the debounce and the settling of a half-written text wait for
// the writer to finish); ATTRIBUTES and SECURITY: the read-only attribute
// or the ACL changed, and a file that could not be read may be readable
// now.
constexpr DWORD directory_changes = FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME |
    FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SECURITY;

// What a parent reports: a directory below it made, removed or renamed.
// Not its times, which change at every save in it.
constexpr DWORD parent_changes = FILE_NOTIFY_CHANGE_DIR_NAME;

// Enough for a few hundred changes between two reads; 64 KiB is the most
// a read may ask for on a share. Windows keeps the changes that come
// while no read is pending in a buffer of this size, and one overflowed
// is reported as a read of nothing: anything may have changed.
constexpr std::size_t buffer_size = 16 * 1024;

// Names compare as NTFS compares them, without case: a program that saves
// "Settings.json" replaces "settings.json".
bool same_name(std::wstring_view a, std::wstring const& b)
{
    return ::CompareStringOrdinal(a.data(), static_cast<int>(a.size()), b.data(), static_cast<int>(b.size()), TRUE) ==
        CSTR_EQUAL;
}

bool is_windows_error(boost::system::error_code const& ec, DWORD value)
{
    return ec.category() == boost::system::system_category() && ec.value() == static_cast<int>(value);
}

// The errors that end a directory's reads because the directory is gone:
// removed (the read ends with access denied while the removal waits for
// the last handle), its share disconnected, or its read cancelled by
// someone else. The path is then resolved again, as inotify's IN_IGNORED
// makes it be on Linux.
bool is_gone(boost::system::error_code const& ec)
{
    for(DWORD const gone : {ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_NETNAME_DELETED,
            ERROR_OPERATION_ABORTED})
        if(is_windows_error(ec, gone))
            return true;
    return false;
}

// A name of the 8.3 form (SETTIN~1.JSO), which Windows may report instead
// of the long one when a program used it: it may be the watched file.
bool may_be_a_short_name(std::wstring_view name)
{
    return name.find(L'~') != std::wstring_view::npos;
}

// The file's full path as Windows reads it (detail::full_path), from which
// the directories to watch are named; as given if even that fails, and
// then the watch's opens say why.
std::filesystem::path watched_path(std::filesystem::path const& file)
{
    boost::system::error_code ec;
    std::filesystem::path full = full_path(file, ec);
    return ec ? file : full;
}

} // namespace

// One directory watched: its handle, registered with the I/O completion
// port of the io_context, and the buffer of its one pending read. Held by
// that read too, so that the buffer lives until the read ends, even after
// the watch is gone.
struct file_watch::directory
{
    // Read only for the directories below it: the parent of one watched,
    // and nothing else. Its changes carry no content, and it fails nothing.
    bool only_parent() const noexcept { return names.empty(); }

    // Takes what was opened but its handle, which assign() takes once it can.
    directory(boost::asio::any_io_executor const& executor, opened_directory& opened, file_watch* w)
        : path(std::move(opened.path))
        , names(std::move(opened.names))
        , device(opened.device)
        , inode(opened.inode)
        , below(std::move(opened.below))
        , handle(executor)
        , watch(w)
    {
    }

    std::filesystem::path path;
    name_set names;
    std::uint64_t device; // with inode, which directory was opened at the path
    std::uint64_t inode;
    name_set below;
    boost::asio::windows::stream_handle handle;
    // DWORDs: the changes are read into DWORD-aligned memory.
    std::vector<DWORD> buffer = std::vector<DWORD>(buffer_size / sizeof(DWORD));
    file_watch* watch; // null once no longer watched: a read that ends after tells no one
    bool told = false; // a read has completed: the directory's changes can be read
};

file_watch::file_watch(boost::asio::any_io_executor executor, std::filesystem::path file)
    : file_(watched_path(file))
    , wake_(std::move(executor))
{
}

file_watch::~file_watch()
{
    close();
}

file_watch::placer::placer(std::filesystem::path file)
    : file_(std::move(file))
{
}

file_watch::placer::placer(placer&& other) noexcept
    : file_(std::move(other.file_))
{
}

file_watch::placer::~placer() = default;

namespace {

// Opens a directory to watch it, shared for everything: the watch never
// keeps anyone from renaming or removing it.
file_watch::opened_directory open_to_watch(std::filesystem::path const& path, file_watch::name_set names,
    file_watch::name_set below, boost::system::error_code& ec)
{
    HANDLE const h = ::CreateFileW(extended_path(path).c_str(), FILE_LIST_DIRECTORY, share_all, nullptr,
        OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, nullptr);
    ec.clear();
    if(h == INVALID_HANDLE_VALUE)
        set_last_error(ec);
    scoped_handle handle(h == INVALID_HANDLE_VALUE ? nullptr : h);
    file_status const s = ec ? file_status() : windows_file_system().status(h, ec);
    if(!ec && s.kind != file_kind::directory)
        ec = make_error_code(boost::system::errc::not_a_directory);
    return {path, std::move(names), s.device, s.inode, std::move(handle), std::move(below)};
}

} // namespace

// Each watched directory's parent is watched too, for the directory's own
// name: ReadDirectoryChangesW tells nothing of the directory it reads, so
// a directory renamed away (to the Recycle Bin, say) would stay watched
// where it went, as inotify's IN_MOVE_SELF makes it not be on Linux. Only
// the directory's making, removal and renaming count there, not its times,
// which change at every save in it; and a parent watched for nothing else
// is watched where it can be: one that cannot be opened or read fails
// nothing.
file_watch::placement file_watch::placer::operator()() const
{
    placement p;
    // The directories opened before a failure are kept in the placement,
    // so that they are watched: the retry places all of them again.
    boost::system::error_code const ec = place_without_throwing([&] {
        watched_directories directories = directories_to_watch(file_);
        watched_directories below;
        for(auto const& entry : directories)
            if(entry.first.has_relative_path()) // not a root, which has no parent
                below[entry.first.parent_path()].insert(entry.first.filename().native());
        for(auto& [path, names] : directories)
        {
            boost::system::error_code e;
            auto const children = below.find(path);
            opened_directory opened =
                open_to_watch(path, std::move(names), children != below.end() ? std::move(children->second) : name_set(), e);
            if(children != below.end())
                below.erase(children);
            if(e && !p.error)
                p.error = e;
            if(!e)
                p.directories.push_back(std::move(opened));
        }
        for(auto& [path, children] : below)
        {
            boost::system::error_code e;
            opened_directory opened = open_to_watch(path, name_set(), std::move(children), e);
            if(!e)
                p.directories.push_back(std::move(opened));
        }
    });
    if(ec)
        p.error = ec;
    return p;
}

file_watch::placer file_watch::make_placer()
{
    return placer(file_);
}

bool file_watch::install(placement p, boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> lock(shared_->mutex);
    ec = p.error;
    std::map<std::filesystem::path, std::shared_ptr<directory>> next;
    std::vector<std::shared_ptr<directory>> added;
    bool changed = false;
    try
    {
        for(opened_directory& opened : p.directories)
        {
            auto const old = directories_.find(opened.path);
            // The same directory at the same path: its reads have seen
            // every change since they began, and the handle just opened
            // closes. At a path watched already, another directory (the
            // first renamed away, another put in its place) replaces the
            // first.
            if(old != directories_.end() && old->second->device == opened.device && old->second->inode == opened.inode &&
                old->second->only_parent() == opened.names.empty())
            {
                changed |= old->second->names != opened.names;
                old->second->names = std::move(opened.names);
                old->second->below = std::move(opened.below);
                next.insert(directories_.extract(old));
                continue;
            }
            auto d = std::make_shared<directory>(wake_.get_executor(), opened, this);
            boost::system::error_code e;
            d->handle.assign(opened.handle.get(), e);
            if(e)
            {
                if(!ec && !d->only_parent())
                    ec = e;
                continue;
            }
            opened.handle.release();
            next.emplace(d->path, d);
            added.push_back(std::move(d));
        }
    }
    catch(std::bad_alloc const&)
    {
        // Nothing is left half watched: every read ends, and the retry
        // places all of them again.
        for(auto& entry : next)
            stop(*entry.second);
        stop_all();
        ec = make_error_code(std::errc::not_enough_memory);
        return true;
    }
    // A directory no longer watched is a change, a parent only is not.
    for(auto& entry : directories_)
    {
        changed |= !entry.second->only_parent();
        stop(*entry.second);
    }
    directories_ = std::move(next);
    // The reads start once the set is final. One that cannot start (a file
    // system that cannot tell its changes) is not watched, and says why.
    for(std::shared_ptr<directory> const& d : added)
    {
        if(boost::system::error_code const e = read_changes(d))
        {
            forget(*d);
            if(!ec && !d->only_parent())
                ec = e;
            continue;
        }
        changed |= !d->only_parent();
    }
    for(auto const& entry : directories_)
    {
        if(entry.second->only_parent())
            continue;
        auto const failed = failing_.find(entry.first);
        if(failed != failing_.end() && failed->second.reported && !ec)
            ec = failed->second.ec;
    }
    return changed;
}

// Where nothing may escape (a completion handler): the memory a read
// needs, if there is none, is its error.
boost::system::error_code file_watch::read_changes(std::shared_ptr<directory> const& d)
{
    try
    {
        boost::asio::windows::overlapped_ptr read(
            wake_.get_executor(), [d, shared = shared_](boost::system::error_code ec, std::size_t bytes) {
                std::lock_guard<std::mutex> lock(shared->mutex);
                if(d->watch)
                    d->watch->changes_read(d, ec, bytes);
            });
        DWORD unused = 0; // the size read comes with the completion
        if(!::ReadDirectoryChangesW(d->handle.native_handle(), d->buffer.data(),
               static_cast<DWORD>(d->buffer.size() * sizeof(DWORD)), FALSE,
               d->only_parent() ? parent_changes : directory_changes, &unused, read.get(), nullptr))
        {
            // The handler goes unrun with the overlapped_ptr.
            boost::system::error_code ec;
            set_last_error(ec);
            return ec;
        }
        read.release();
        return {};
    }
    catch(std::bad_alloc const&)
    {
        return make_error_code(std::errc::not_enough_memory);
    }
}

void file_watch::changes_read(std::shared_ptr<directory> const& d, boost::system::error_code ec, std::size_t bytes)
{
    bool const overflow = is_windows_error(ec, ERROR_NOTIFY_ENUM_DIR);
    if(ec && !overflow)
        return reads_ended(*d, ec);
    d->told = true;
    // A directory that failed before tells again: the watch works there,
    // and the placement that follows reports it.
    auto const failed = failing_.find(d->path);
    bool const recovered = failed != failing_.end() && failed->second.reported;
    if(failed != failing_.end())
        failing_.erase(failed);
    // Nothing read, or ERROR_NOTIFY_ENUM_DIR: more changes came than the
    // buffer holds, and were dropped.
    change const c = overflow || bytes == 0 ? change::other : what_changed(*d, bytes);
    if(c != change::none || recovered)
    {
        relevant_ = true;
        wake_.cancel();
    }
    // A watched name removed or renamed away: the directory may be going
    // too, held only by this handle (a directory removed while it is open
    // goes when the last handle closes; Wine even lets it be opened until
    // then, so the placement could not tell). The handle closes now, and
    // the placement that the event brings opens it again if it is there.
    if(c == change::removed)
        return forget(*d);
    if(boost::system::error_code const e = read_changes(d))
        reads_ended(*d, e);
}

// Each record is its header and its name, which is not padded in the last
// one: a record that does not fit in what was read ends the parse as an
// overflow would, with "anything may have changed".
file_watch::change file_watch::what_changed(directory const& d, std::size_t bytes) const
{
    auto const* const base = reinterpret_cast<char const*>(d.buffer.data());
    constexpr std::size_t header = offsetof(FILE_NOTIFY_INFORMATION, FileName);
    change found = change::none;
    std::size_t offset = 0;
    for(;;)
    {
        auto const* const info = reinterpret_cast<FILE_NOTIFY_INFORMATION const*>(base + offset);
        if(offset + header > bytes || offset + header + info->FileNameLength > bytes)
            return change::other;
        std::wstring_view const name(info->FileName, info->FileNameLength / sizeof(WCHAR));
        auto const named = [&](name_set const& names) {
            return std::any_of(names.begin(), names.end(), [&](std::wstring const& n) { return same_name(name, n); });
        };
        bool const gone = info->Action == FILE_ACTION_REMOVED || info->Action == FILE_ACTION_RENAMED_OLD_NAME;
        bool const renamed = gone || info->Action == FILE_ACTION_ADDED || info->Action == FILE_ACTION_RENAMED_NEW_NAME;
        if(named(d.names))
        {
            if(gone)
                return change::removed;
            found = change::other;
        }
        // A watched directory below made, removed or renamed; not its
        // times, which change at every save in it. A short name may be any
        // watched name, so it counts whatever happened (in a parent, a
        // directory with a `~` costs a reload that finds nothing new).
        else if(named(d.below) ? renamed : may_be_a_short_name(name))
            found = change::other;
        if(info->NextEntryOffset == 0)
            return found;
        offset += info->NextEntryOffset;
    }
}

// Gone, the path is resolved again, as inotify's IN_IGNORED makes it be on
// Linux; anything else (a file system that cannot tell its changes) fails
// the watch, which is retried.
//
// A read may also be accepted and refused later (a share that cannot tell
// its changes answers so). A directory whose reads end before they told
// anything is remembered: gone, it is resolved again once; ended again, or
// for another cause, its cause is the watch's error, which install()
// repeats until the directory tells something. So the watch stays failed
// and is retried quietly, instead of coming back and failing at each retry.
void file_watch::reads_ended(directory& d, boost::system::error_code ec)
{
    forget(d);
    if(d.only_parent())
        return; // watched where it can be: its directories still are
    if(!d.told)
    {
        auto const [entry, first] = failing_.try_emplace(d.path);
        entry->second = read_failure{ec, !(first && is_gone(ec))};
        if(entry->second.reported)
            error_ = ec;
        else
            relevant_ = true;
    }
    else if(is_gone(ec))
        relevant_ = true;
    else
        error_ = ec;
    wake_.cancel();
}

void file_watch::forget(directory& d)
{
    auto const watched = directories_.find(d.path);
    if(watched != directories_.end() && watched->second.get() == &d)
        directories_.erase(watched);
    stop(d);
}

// On the strand, under the lock: CloseHandle on a share whose server is
// gone can take as long as the redirector's timeout.
void file_watch::stop(directory& d)
{
    d.watch = nullptr;
    // Its pending read ends with operation_aborted, and tells no one:
    // cancelled first, for a file system whose close would not end it.
    boost::system::error_code ignored;
    d.handle.cancel(ignored);
    d.handle.close(ignored);
}

void file_watch::stop_all()
{
    for(auto& entry : directories_)
        stop(*entry.second);
    directories_.clear();
}

bool file_watch::take_events(boost::system::error_code& ec)
{
    std::lock_guard<std::mutex> lock(shared_->mutex);
    ec = std::exchange(error_, {});
    return std::exchange(relevant_, false);
}

void file_watch::close()
{
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->closed = true;
    wake_.cancel();
    stop_all();
    failing_.clear();
    relevant_ = false;
    error_.clear();
}

} // namespace detail
} // namespace durable
