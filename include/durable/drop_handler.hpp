//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DROP_HANDLER_HPP
#define DURABLE_DROP_HANDLER_HPP

#include <durable/detail/enum_output.hpp>
#include <durable/detail/export.hpp>

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

/// Why an object was dropped.
enum class drop_reason
{
    /// The program never flushed it (an atomic_file: never committed nor
    /// aborted): a bug in the program.
    not_flushed,

    /// The program was told that saving failed (a flush or a save's
    /// completion reported the error, or on_error did), and the final
    /// flush of the destructor failed as well: the state is lost, knowingly.
    flush_failed
};
BOOST_DESCRIBE_ENUM(drop_reason, not_flushed, flush_failed)

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

    /// For a saver: the error of the final flush of its destructor. Empty
    /// for a drop reported before that flush (a debug build's report).
    boost::system::error_code error = {};

    /// Why it was dropped.
    drop_reason reason = drop_reason::not_flushed;
};

/// A function called on every drop.
using drop_handler = std::function<void(drop_event const&)>;

/** Installs the function called when an object of the library is dropped.

    The handler is called on the thread running the destructor. It must not
    throw (destructors are noexcept); it may abort.

    Whether a destruction is reported is decided by the program's own build,
    in the library's inline destructors, not by how the library was built:

    - in a debug build (without `NDEBUG`), a drop the program was not told
      of is reported before anything is done about it, since it is a bug in
      the program: an atomic_file destroyed while open, a saver destroyed
      holding saves that were never flushed (drop_reason::not_flushed, no
      error). The default handler prints what was dropped to standard error
      and calls `std::abort()`. The saver then flushes;
    - in a release build, an atomic_file simply discards its temporary file,
      and a saver flushes in its destructor and reports only a flush that
      failed (`drop_event::error` set); the default handler prints that and
      returns;
    - in either build, a saver whose newest state failed to save, and whose
      failure the program was told of, flushes once more in its destructor
      and reports only a failure of that flush (drop_reason::flush_failed);
      the default handler prints it and returns. A program that gives up
      the unsaved state calls discard() first, and nothing is reported.

    An atomic_file destroyed while an exception unwinds the stack is not a
    drop: the exception already tells the program that the save failed.

    @param handler The new handler; an empty function restores the default.
    @return The previous handler (empty if it was the default).
*/
DURABLE_DECL drop_handler set_drop_handler(drop_handler handler);

namespace detail {

// Calls the installed handler, or the default one.
DURABLE_DECL void report_drop(drop_event const& event) noexcept;

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
