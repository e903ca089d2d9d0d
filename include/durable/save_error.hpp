//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_SAVE_ERROR_HPP
#define DURABLE_SAVE_ERROR_HPP

#include <durable/detail/export.hpp>
#include <durable/step.hpp>

#include <boost/system/system_error.hpp>

#include <filesystem>
#include <string>

namespace durable {

/** The exception thrown by the throwing forms of the save functions.

    It is a `boost::system::system_error`, so code that catches those keeps
    working; `what()` is one line naming the path, the step and the cause:

    @code
    settings.json: sync: Input/output error
    settings.json: dirsync: replaced, durability unknown: Invalid argument
    @endcode
*/
class DURABLE_DECL save_error : public boost::system::system_error
{
public:
    /** Constructor.

        @param target The path that was being saved, as the caller gave it.
        @param where The step that failed.
        @param ec The error: an operating-system code or a `durable::error`.
        @param cause For `error::durability_unknown`, the operating-system
        error of the directory sync; otherwise empty.
    */
    save_error(
        std::filesystem::path target,
        durable::step where,
        boost::system::error_code ec,
        boost::system::error_code cause = {});

    /** As above, with a detail appended to the message after ": ".

        Used by step::lock to name the lock file and the process that holds it:
        `c.json: lock: timed out waiting for the file's lock: ./.c.json.lock held by pid 4242`.
    */
    save_error(
        std::filesystem::path target,
        durable::step where,
        boost::system::error_code ec,
        std::string const& detail);

    /// The path that was being saved, as the caller gave it.
    std::filesystem::path const& path() const noexcept { return path_; }

    /// The step of the replace protocol that failed.
    durable::step step() const noexcept { return step_; }

    /// The operating-system error behind `error::durability_unknown`, else empty.
    boost::system::error_code cause() const noexcept { return cause_; }

    /// One line: "PATH: STEP: MESSAGE".
    char const* what() const noexcept override { return message_.c_str(); }

private:
    std::filesystem::path path_;
    durable::step step_;
    boost::system::error_code cause_;
    std::string message_;
};

} // namespace durable

#endif
