//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_POSIX_FILE_SYSTEM_HPP
#define DURABLE_POSIX_FILE_SYSTEM_HPP

#include <durable/detail/export.hpp>
#include <durable/file_system.hpp>

namespace durable {

/** The file_system of the operating system: one POSIX call per function.

    Directories are opened with openat2(2) and RESOLVE_NO_SYMLINKS where
    the kernel has it (Linux 5.6), else one component at a time; extended
    attributes are named by directory and name with the *xattrat calls
    where the kernel has them (Linux 6.13), else through a descriptor of
    the file opened for reading.

    Data syncs use fdatasync(2) (on macOS, fcntl F_FULLFSYNC, since its
    fsync does not flush the drive's cache). Errors are the errno values of
    the calls, in `boost::system::system_category()`.
*/
class DURABLE_DECL posix_file_system final : public file_system
{
public:
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
    std::vector<std::string> list_directory(
        native_handle dir, boost::system::error_code& ec) override;
};

} // namespace durable

#endif
