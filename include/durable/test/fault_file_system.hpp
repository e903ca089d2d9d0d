//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_FAULT_FILE_SYSTEM_HPP
#define DURABLE_TEST_FAULT_FILE_SYSTEM_HPP

#include <durable/detail/enum_output.hpp>
#include <durable/detail/export.hpp>
#include <durable/file_system.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace durable {
namespace test {

/// The functions of file_system, as the fault_file_system counts and records them.
enum class fs_call
{
    open_directory,
    create_file,
    write,
    change_owner,
    change_mode,
    sync_data,
    sync_directory,
    close,
    rename,
    unlink,
    status,
    read_link,
    read_file,
    list_directory,
    list_attributes,
    read_attribute,
    write_attribute,
    remove_attribute
};
BOOST_DESCRIBE_ENUM(fs_call, open_directory, create_file, write, change_owner, change_mode, sync_data,
    sync_directory, close, rename, unlink, status, read_link, read_file, list_directory, list_attributes,
    read_attribute, write_attribute, remove_attribute)

/// The name of the file_system function: "sync_data", ...
DURABLE_TESTING_DECL char const* to_string(fs_call call) noexcept;

/// Whether an injected fault hits one call, or that call and every later one.
enum class fault_duration
{
    once,
    persistent
};
BOOST_DESCRIBE_ENUM(fault_duration, once, persistent)

// The enums of this namespace are written as those of durable are.
using durable::operator<<;

/// One call as the fault_file_system saw it.
struct recorded_call
{
    fs_call call;
    std::string name;                 ///< the entry or path it concerned, if known
    boost::system::error_code result; ///< what it reported
};

/** What a file system would hold after a crash: the files in the
    directories the fault_file_system has seen, each with the data and the
    directory entries that were made durable before the crash.
*/
class DURABLE_TESTING_DECL disk_image
{
public:
    /// The content of a file after the crash, or nothing if it would be missing.
    std::optional<std::string> read(std::filesystem::path const& file) const;

    /// The names in a directory after the crash (regular files only).
    std::vector<std::string> list(std::filesystem::path const& dir) const;

private:
    friend class fault_file_system;
    // canonical directory path -> entry name -> content
    std::map<std::string, std::map<std::string, std::string>> files_;
};

/** A file_system that fails, records and crashes on command.

    It forwards every call to another file_system (the operating system's,
    by default) and can:

    - fail the Nth call, counting all calls or the calls of one function,
      with a chosen errno, once or from then on. A failed call does nothing,
      except close(), which releases the handle as Linux does;
    - record every call with its result;
    - cut writes short, to exercise the loops that complete them;
    - pretend to sync: report success for data or directory syncs that make
      nothing durable, as a lying disk or a writer that skips them would;
    - simulate a crash: it models what is durable (file data at its last data
      sync, directory entries at their directory's last sync, files that
      existed when their directory was first opened) and gives the image
      of what a crash would leave, now or frozen after the Nth call.

    The model covers the directories opened through this object (both forms
    of open_directory count as fs_call::open_directory) and the files
    created in them; it keeps their content in memory, so keep the
    payloads of crash tests small. Both forms of status and of
    read_attribute (by name and by handle) count as one fs_call each too;
    a call by handle is recorded with the name the file was created with.
    All functions are thread safe; calls are serialized.
*/
class DURABLE_TESTING_DECL fault_file_system final : public file_system
{
public:
    /// Wraps `base`, which must outlive this object.
    explicit fault_file_system(file_system& base = default_file_system());

    /// Fails the `nth` call (1-based, all functions counted) with `errno_value`.
    void fail_call(
        std::size_t nth, int errno_value, fault_duration duration = fault_duration::once);

    /// Fails the `nth` call of `which` (1-based) with `errno_value`.
    void fail_call(
        fs_call which, std::size_t nth, int errno_value,
        fault_duration duration = fault_duration::once);

    /// Makes each write accept at most `bytes` (0: no limit).
    void limit_write_size(std::size_t bytes);

    /// Makes sync_data or sync_directory report success and do nothing, in reality and in the model.
    void skip_syncs(fs_call which);

    /** Calls `hook` before every call of `which`, outside any lock of this object.

        A hook that waits lets a test act while a save is at a chosen step:
        cancel it, destroy its context. An empty function removes the hook.
    */
    void before_call(fs_call which, std::function<void()> hook);

    /// Freezes the crash image after the `nth` call (1-based); later calls still run.
    void crash_after(std::size_t nth);

    /// What a crash would leave: frozen by crash_after(), or as of now.
    disk_image crash_image() const;

    /// Every call so far, in order.
    std::vector<recorded_call> calls() const;

    /// How many calls were made so far.
    std::size_t call_count() const;

    native_handle open_directory(
        std::filesystem::path const& dir, boost::system::error_code& ec) override;
    native_handle open_directory(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    native_handle create_file(
        native_handle dir, std::string const& name, unsigned mode,
        attribute_list const& attributes, boost::system::error_code& ec) override;
    std::size_t write(
        native_handle file, void const* data, std::size_t size,
        boost::system::error_code& ec) override;
    void change_owner(
        native_handle file, std::uint32_t uid, std::uint32_t gid,
        boost::system::error_code& ec) override;
    void change_mode(
        native_handle file, unsigned mode, boost::system::error_code& ec) override;
    void sync_data(native_handle file, boost::system::error_code& ec) override;
    void sync_directory(native_handle dir, boost::system::error_code& ec) override;
    void close(native_handle handle, boost::system::error_code& ec) override;
    void rename(
        native_handle dir, std::string const& from, std::string const& to,
        boost::system::error_code& ec) override;
    void unlink(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    file_status status(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    file_status status(native_handle file, boost::system::error_code& ec) override;
    std::filesystem::path read_link(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    std::string read_file(
        native_handle dir, std::string const& name, std::uint64_t limit,
        file_status& opened, boost::system::error_code& ec) override;
    std::vector<std::string> list_directory(
        native_handle dir, boost::system::error_code& ec) override;
    std::vector<std::string> list_attributes(
        native_handle dir, std::string const& name, boost::system::error_code& ec) override;
    std::string read_attribute(
        native_handle dir, std::string const& name, std::string const& attribute,
        boost::system::error_code& ec) override;
    std::string read_attribute(
        native_handle file, std::string const& attribute, boost::system::error_code& ec) override;
    void write_attribute(
        native_handle file, std::string const& attribute, std::string const& value,
        boost::system::error_code& ec) override;
    void remove_attribute(
        native_handle file, std::string const& attribute, boost::system::error_code& ec) override;

private:
    struct fault
    {
        std::optional<fs_call> which; // empty: counts every call
        std::size_t nth;
        int errno_value;
        fault_duration duration;
    };

    // A file's content as the process sees it and as a crash would leave it.
    struct inode
    {
        std::string live;
        std::string durable;
    };

    struct directory
    {
        std::map<std::string, std::size_t> live;    // name -> inode
        std::map<std::string, std::size_t> durable; // as of the last directory sync
    };

    struct open_file
    {
        std::size_t inode;
        std::size_t offset;
        std::string name;
    };

    std::unique_lock<std::mutex> enter(fs_call which);
    bool begin_call(fs_call which, boost::system::error_code& ec);
    void end_call(fs_call which, std::string name, boost::system::error_code const& ec);
    void track_directory(native_handle dir, std::filesystem::path const& path);
    std::string name_of(native_handle handle) const;
    disk_image image() const;

    file_system& base_;
    mutable std::mutex mutex_;
    std::vector<fault> faults_;
    std::map<fs_call, std::size_t> counts_;
    std::size_t count_ = 0;
    std::size_t write_limit_ = 0;
    bool skip_data_syncs_ = false;
    bool skip_directory_syncs_ = false;
    std::optional<std::size_t> crash_point_;
    std::optional<disk_image> frozen_;
    std::vector<recorded_call> calls_;
    std::map<fs_call, std::function<void()>> hooks_;

    std::vector<inode> inodes_;
    std::map<std::string, directory> directories_; // by canonical path
    std::map<native_handle, std::string> directory_handles_;
    std::map<native_handle, open_file> files_;
};

} // namespace test
} // namespace durable

#endif
