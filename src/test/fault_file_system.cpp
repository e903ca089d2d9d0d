//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/test/fault_file_system.hpp>

#include <algorithm>
#include <limits>

namespace durable {
namespace test {

namespace {

// One spelling per directory, so that "d", "./d" and a link to d share a model.
std::string canonical_key(std::filesystem::path const& dir)
{
    std::error_code ec;
    std::filesystem::path p = std::filesystem::weakly_canonical(dir, ec);
    if(ec)
        p = std::filesystem::absolute(dir, ec).lexically_normal();
    return p.string();
}

} // namespace

char const* to_string(fs_call call) noexcept
{
    return boost::describe::enum_to_string(call, "unknown");
}

std::optional<std::string> disk_image::read(std::filesystem::path const& file) const
{
    auto const dir = files_.find(canonical_key(file.parent_path().empty() ? "." : file.parent_path()));
    if(dir == files_.end())
        return std::nullopt;
    auto const entry = dir->second.find(file.filename().string());
    if(entry == dir->second.end())
        return std::nullopt;
    return entry->second;
}

std::vector<std::string> disk_image::list(std::filesystem::path const& dir) const
{
    std::vector<std::string> names;
    auto const found = files_.find(canonical_key(dir));
    if(found != files_.end())
        for(auto const& entry : found->second)
            names.push_back(entry.first);
    return names;
}

fault_file_system::fault_file_system(file_system& base)
    : base_(base)
{
}

void fault_file_system::fail_call(std::size_t nth, int errno_value, fault_duration duration)
{
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.push_back({std::nullopt, nth, errno_value, duration});
}

void fault_file_system::fail_call(
    fs_call which, std::size_t nth, int errno_value, fault_duration duration)
{
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.push_back({which, nth, errno_value, duration});
}

void fault_file_system::limit_write_size(std::size_t bytes)
{
    std::lock_guard<std::mutex> lock(mutex_);
    write_limit_ = bytes;
}

void fault_file_system::skip_syncs(fs_call which)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if(which == fs_call::sync_data)
        skip_data_syncs_ = true;
    else if(which == fs_call::sync_directory)
        skip_directory_syncs_ = true;
}

void fault_file_system::crash_after(std::size_t nth)
{
    std::lock_guard<std::mutex> lock(mutex_);
    crash_point_ = nth;
    frozen_.reset();
    if(count_ >= nth)
        frozen_ = image();
}

disk_image fault_file_system::crash_image() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return frozen_ ? *frozen_ : image();
}

std::vector<recorded_call> fault_file_system::calls() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
}

std::size_t fault_file_system::call_count() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
}

std::unique_lock<std::mutex> fault_file_system::enter(fs_call which)
{
    std::function<void()> hook;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if(auto const found = hooks_.find(which); found != hooks_.end())
            hook = found->second;
    }
    // Outside the lock: a hook may wait for the test, and the test may call in.
    if(hook)
        hook();
    return std::unique_lock<std::mutex>(mutex_);
}

void fault_file_system::before_call(fs_call which, std::function<void()> hook)
{
    std::lock_guard<std::mutex> lock(mutex_);
    hooks_[which] = std::move(hook);
}

bool fault_file_system::begin_call(fs_call which, boost::system::error_code& ec)
{
    ec.clear();
    ++count_;
    std::size_t const nth_of_kind = ++counts_[which];
    for(fault const& f : faults_)
    {
        std::size_t const n = f.which ? (*f.which == which ? nth_of_kind : 0) : count_;
        bool const hit = n != 0 &&
            (n == f.nth || (f.duration == fault_duration::persistent && n > f.nth));
        if(hit)
        {
#ifdef _WIN32
            // The system category holds GetLastError() values there: an
            // errno value is a generic one.
            ec.assign(f.errno_value, boost::system::generic_category());
#else
            ec.assign(f.errno_value, boost::system::system_category());
#endif
            return false;
        }
    }
    return true;
}

void fault_file_system::end_call(
    fs_call which, std::string name, boost::system::error_code const& ec)
{
    calls_.push_back({which, std::move(name), ec});
    if(crash_point_ && count_ == *crash_point_)
        frozen_ = image();
}

// The first sight of a directory: what is in it now is taken as durable.
void fault_file_system::track_directory(native_handle dir, std::filesystem::path const& path)
{
    std::string key = canonical_key(path);
    directory_handles_[dir] = key;
    auto const [it, inserted] = directories_.try_emplace(key);
    if(!inserted)
        return;
    boost::system::error_code ec;
    for(std::string const& name : base_.list_directory(dir, ec))
    {
        boost::system::error_code status_ec;
        if(base_.status(dir, name, status_ec).kind != file_kind::regular)
            continue;
        boost::system::error_code read_ec;
        file_status opened;
        std::string content = base_.read_file(
            dir, name, std::numeric_limits<std::uint64_t>::max(), opened, read_ec);
        if(read_ec)
            continue;
        inodes_.push_back({content, content});
        it->second.live[name] = inodes_.size() - 1;
        it->second.durable[name] = inodes_.size() - 1;
    }
    // First seen after the crash point: nothing had changed it through this
    // file system, so the crash leaves it as it is now. (A batch of saves
    // reaches its second directory only after calls in its first.)
    if(frozen_)
    {
        auto& files = frozen_->files_[key];
        for(auto const& [name, id] : it->second.durable)
            files[name] = inodes_[id].durable;
    }
}

std::string fault_file_system::name_of(native_handle handle) const
{
    if(auto const file = files_.find(handle); file != files_.end())
        return file->second.name;
    if(auto const dir = directory_handles_.find(handle); dir != directory_handles_.end())
        return dir->second;
    return {};
}

disk_image fault_file_system::image() const
{
    disk_image result;
    for(auto const& [path, dir] : directories_)
    {
        auto& files = result.files_[path];
        for(auto const& [name, id] : dir.durable)
            files[name] = inodes_[id].durable;
    }
    return result;
}

native_handle fault_file_system::open_directory(
    std::filesystem::path const& dir, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::open_directory);
    native_handle h = invalid_handle;
    if(begin_call(fs_call::open_directory, ec))
    {
        h = base_.open_directory(dir, ec);
        if(!ec)
            track_directory(h, dir);
    }
    end_call(fs_call::open_directory, dir.string(), ec);
    return h;
}

native_handle fault_file_system::open_directory(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::open_directory);
    native_handle h = invalid_handle;
    if(begin_call(fs_call::open_directory, ec))
    {
        h = base_.open_directory(dir, name, ec);
        auto const parent = directory_handles_.find(dir);
        if(!ec && parent != directory_handles_.end())
            track_directory(h, std::filesystem::path(parent->second) / name);
    }
    end_call(fs_call::open_directory, name, ec);
    return h;
}

native_handle fault_file_system::create_file(
    native_handle dir, std::string const& name, unsigned mode, attribute_list const& attributes,
    boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::create_file);
    native_handle h = invalid_handle;
    if(begin_call(fs_call::create_file, ec))
    {
        h = base_.create_file(dir, name, mode, attributes, ec);
        auto const d = directory_handles_.find(dir);
        if(!ec && d != directory_handles_.end())
        {
            inodes_.push_back({});
            directories_[d->second].live[name] = inodes_.size() - 1;
            files_[h] = {inodes_.size() - 1, 0, name};
        }
    }
    end_call(fs_call::create_file, name, ec);
    return h;
}

std::size_t fault_file_system::write(
    native_handle file, void const* data, std::size_t size, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::write);
    std::size_t written = 0;
    if(begin_call(fs_call::write, ec))
    {
        if(write_limit_ != 0)
            size = std::min(size, write_limit_);
        written = base_.write(file, data, size, ec);
        if(auto const f = files_.find(file); f != files_.end() && !ec)
        {
            std::string& live = inodes_[f->second.inode].live;
            if(live.size() < f->second.offset + written)
                live.resize(f->second.offset + written);
            live.replace(f->second.offset, written, static_cast<char const*>(data), written);
            f->second.offset += written;
        }
    }
    end_call(fs_call::write, name_of(file), ec);
    return written;
}

void fault_file_system::change_owner(
    native_handle file, std::uint32_t uid, std::uint32_t gid, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::change_owner);
    if(begin_call(fs_call::change_owner, ec))
        base_.change_owner(file, uid, gid, ec);
    end_call(fs_call::change_owner, name_of(file), ec);
}

void fault_file_system::change_mode(
    native_handle file, unsigned mode, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::change_mode);
    if(begin_call(fs_call::change_mode, ec))
        base_.change_mode(file, mode, ec);
    end_call(fs_call::change_mode, name_of(file), ec);
}

void fault_file_system::sync_data(native_handle file, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::sync_data);
    if(begin_call(fs_call::sync_data, ec) && !skip_data_syncs_)
    {
        base_.sync_data(file, ec);
        if(auto const f = files_.find(file); f != files_.end() && !ec)
            inodes_[f->second.inode].durable = inodes_[f->second.inode].live;
    }
    end_call(fs_call::sync_data, name_of(file), ec);
}

void fault_file_system::sync_directory(native_handle dir, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::sync_directory);
    if(begin_call(fs_call::sync_directory, ec) && !skip_directory_syncs_)
    {
        base_.sync_directory(dir, ec);
        if(auto const d = directory_handles_.find(dir); d != directory_handles_.end() && !ec)
        {
            directory& model = directories_[d->second];
            model.durable = model.live;
        }
    }
    end_call(fs_call::sync_directory, name_of(dir), ec);
}

void fault_file_system::close(native_handle handle, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::close);
    std::string name = name_of(handle);
    if(begin_call(fs_call::close, ec))
    {
        base_.close(handle, ec);
    }
    else
    {
        // As on Linux, a failing close still releases the descriptor.
        boost::system::error_code ignored;
        base_.close(handle, ignored);
    }
    files_.erase(handle);
    directory_handles_.erase(handle);
    end_call(fs_call::close, std::move(name), ec);
}

void fault_file_system::rename(
    native_handle dir, std::string const& from, std::string const& to,
    boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::rename);
    if(begin_call(fs_call::rename, ec))
    {
        base_.rename(dir, from, to, ec);
        if(auto const d = directory_handles_.find(dir); d != directory_handles_.end() && !ec)
        {
            auto& live = directories_[d->second].live;
            if(auto const entry = live.find(from); entry != live.end())
            {
                live[to] = entry->second;
                live.erase(from);
            }
        }
    }
    end_call(fs_call::rename, from + " -> " + to, ec);
}

void fault_file_system::unlink(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::unlink);
    if(begin_call(fs_call::unlink, ec))
    {
        base_.unlink(dir, name, ec);
        if(auto const d = directory_handles_.find(dir); d != directory_handles_.end() && !ec)
            directories_[d->second].live.erase(name);
    }
    end_call(fs_call::unlink, name, ec);
}

file_status fault_file_system::status(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::status);
    file_status result;
    if(begin_call(fs_call::status, ec))
        result = base_.status(dir, name, ec);
    end_call(fs_call::status, name, ec);
    return result;
}

file_status fault_file_system::status(native_handle file, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::status);
    file_status result;
    if(begin_call(fs_call::status, ec))
        result = base_.status(file, ec);
    end_call(fs_call::status, name_of(file), ec);
    return result;
}

std::filesystem::path fault_file_system::read_link(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::read_link);
    std::filesystem::path result;
    if(begin_call(fs_call::read_link, ec))
        result = base_.read_link(dir, name, ec);
    end_call(fs_call::read_link, name, ec);
    return result;
}

std::string fault_file_system::read_file(
    native_handle dir, std::string const& name, std::uint64_t limit,
    file_status& opened, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::read_file);
    std::string result;
    opened = {};
    if(begin_call(fs_call::read_file, ec))
        result = base_.read_file(dir, name, limit, opened, ec);
    end_call(fs_call::read_file, name, ec);
    return result;
}

std::vector<std::string> fault_file_system::list_directory(
    native_handle dir, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::list_directory);
    std::vector<std::string> result;
    if(begin_call(fs_call::list_directory, ec))
        result = base_.list_directory(dir, ec);
    end_call(fs_call::list_directory, name_of(dir), ec);
    return result;
}

std::vector<std::string> fault_file_system::list_attributes(
    native_handle dir, std::string const& name, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::list_attributes);
    std::vector<std::string> result;
    if(begin_call(fs_call::list_attributes, ec))
        result = base_.list_attributes(dir, name, ec);
    end_call(fs_call::list_attributes, name, ec);
    return result;
}

std::string fault_file_system::read_attribute(
    native_handle dir, std::string const& name, std::string const& attribute,
    boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::read_attribute);
    std::string result;
    if(begin_call(fs_call::read_attribute, ec))
        result = base_.read_attribute(dir, name, attribute, ec);
    end_call(fs_call::read_attribute, name, ec);
    return result;
}

std::string fault_file_system::read_attribute(
    native_handle file, std::string const& attribute, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::read_attribute);
    std::string result;
    if(begin_call(fs_call::read_attribute, ec))
        result = base_.read_attribute(file, attribute, ec);
    end_call(fs_call::read_attribute, name_of(file), ec);
    return result;
}

void fault_file_system::write_attribute(
    native_handle file, std::string const& attribute, std::string const& value,
    boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::write_attribute);
    if(begin_call(fs_call::write_attribute, ec))
        base_.write_attribute(file, attribute, value, ec);
    end_call(fs_call::write_attribute, name_of(file), ec);
}

void fault_file_system::remove_attribute(
    native_handle file, std::string const& attribute, boost::system::error_code& ec)
{
    auto const lock = enter(fs_call::remove_attribute);
    if(begin_call(fs_call::remove_attribute, ec))
        base_.remove_attribute(file, attribute, ec);
    end_call(fs_call::remove_attribute, name_of(file), ec);
}

} // namespace test
} // namespace durable
