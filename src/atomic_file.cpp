//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/atomic_file.hpp>
#include <durable/drop_handler.hpp>

#include <exception>
#include <utility>

namespace durable {

atomic_file::atomic_file(std::filesystem::path target, write_options const& options)
    : path_(std::move(target))
    , uncaught_exceptions_(std::uncaught_exceptions())
{
    detail::throw_if_failed(replacement_.open(path_, options), path_);
}

atomic_file::atomic_file(
    std::filesystem::path target,
    write_options const& options,
    boost::system::error_code& ec)
    : path_(std::move(target))
    , uncaught_exceptions_(std::uncaught_exceptions())
{
    detail::assign(replacement_.open(path_, options), ec);
}

atomic_file::atomic_file(atomic_file&& other) noexcept
    : path_(std::move(other.path_))
    , replacement_(std::move(other.replacement_))
    , uncaught_exceptions_(other.uncaught_exceptions_)
{
}

void atomic_file::write(void const* data, std::size_t size)
{
    detail::throw_if_failed(replacement_.write(data, size), path_);
}

void atomic_file::write(void const* data, std::size_t size, boost::system::error_code& ec)
{
    detail::assign(replacement_.write(data, size), ec);
}

void atomic_file::commit()
{
    detail::throw_if_failed(replacement_.commit(), path_);
}

void atomic_file::commit(boost::system::error_code& ec)
{
    detail::assign(replacement_.commit(), ec);
}

void atomic_file::abort() noexcept
{
    replacement_.discard();
}

void atomic_file::take(atomic_file&& other) noexcept
{
    path_ = std::move(other.path_);
    replacement_ = std::move(other.replacement_);
    uncaught_exceptions_ = other.uncaught_exceptions_;
}

void atomic_file::drop(bool report) noexcept
{
    if(!replacement_.is_open())
        return;
    // The temporary file goes first, so that a handler that aborts the
    // process does not leave an orphan behind.
    replacement_.discard();
    // More exceptions in flight than at construction: the stack is unwinding
    // past this object, and that exception reports the failed save.
    if(!report || std::uncaught_exceptions() > uncaught_exceptions_)
        return;
    detail::report_drop({dropped_object::atomic_file, path_});
}

} // namespace durable
