//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DROP_HANDLER_HPP
#define DURABLE_DROP_HANDLER_HPP

#include <durable/detail/enum_output.hpp>

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
BOOST_DESCRIBE_ENUM(dropped_object, atomic_file, saver)

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

    /// For a saver in a release build: the error of its final flush. Empty
    /// for a drop that nothing was done about (a debug build's report).
    boost::system::error_code error = {};
};

/// A function called on every drop.
using drop_handler = std::function<void(drop_event const&)>;

/** Installs the function called when an object of the library is dropped.

    The handler is called on the thread running the destructor. It must not
    throw (destructors are noexcept); it may abort.

    Whether a destruction is reported is decided by the program's own build,
    in the library's inline destructors, not by how the library was built:

    - in a debug build (without `NDEBUG`), every drop is reported, since a
      drop is a bug in the program: an atomic_file destroyed while open, a
      saver destroyed holding saves that were not flushed. The default
      handler prints what was dropped to standard error and calls
      `std::abort()`;
    - in a release build, an atomic_file simply discards its temporary file,
      and a saver flushes in its destructor and reports only a flush that
      failed (`drop_event::error` set); the default handler prints that and
      returns.

    An atomic_file destroyed while an exception unwinds the stack is not a
    drop: the exception already tells the program that the save failed.

    @param handler The new handler; an empty function restores the default.
    @return The previous handler (empty if it was the default).
*/
drop_handler set_drop_handler(drop_handler handler);

namespace detail {

// Calls the installed handler, or the default one.
void report_drop(drop_event const& event) noexcept;

// Whether the translation unit that includes this is a debug build. It has
// internal linkage, so that a debug and a release part of one program each
// keep their own value.
#ifdef NDEBUG
constexpr bool debug_build = false;
#else
constexpr bool debug_build = true;
#endif

} // namespace detail

} // namespace durable

#endif
