//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DROP_HANDLER_HPP
#define DURABLE_DROP_HANDLER_HPP

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>

namespace durable {

/// The kind of object that was dropped.
enum class dropped_object
{
    atomic_file, ///< an atomic_file destroyed without commit() or abort()
    saver        ///< a saver destroyed holding saves that were not flushed
};

/** What the drop handler is told.

    A drop is the destruction of one of the library's RAII objects while it
    still holds work that was neither committed nor flushed: the save the
    program believes it made may not have happened.
*/
struct drop_event
{
    /// What was dropped.
    dropped_object object;

    /// The path it was saving.
    std::filesystem::path const& path;

    /// For a saver: the newest generation that was not flushed; else 0.
    std::uint64_t generation = 0;

    /// For a saver in a release build: the error of its final flush, if any.
    boost::system::error_code error = {};
};

/// A function called on every drop.
using drop_handler = std::function<void(drop_event const&)>;

/** Installs the function called when an object of the library is dropped.

    The handler is called on the thread running the destructor. It must not
    throw (destructors are noexcept); it may abort.

    The default handler, in a library built without `NDEBUG`, prints what
    was dropped to standard error and calls `std::abort()`, because a drop
    is a bug in the program. In a release build it prints only drops that
    lost data (a saver whose final flush failed) and returns: an atomic_file
    dropped there simply discards its temporary file.

    An atomic_file destroyed while an exception unwinds the stack is not a
    drop: the exception already tells the program that the save failed.

    @param handler The new handler; an empty function restores the default.
    @return The previous handler (empty if it was the default).
*/
drop_handler set_drop_handler(drop_handler handler);

namespace detail {

// Calls the installed handler, or the default one.
void report_drop(drop_event const& event) noexcept;

} // namespace detail

} // namespace durable

#endif
