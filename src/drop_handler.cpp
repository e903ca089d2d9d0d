//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/drop_handler.hpp>
#include <durable/printable.hpp>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <utility>

namespace durable {

namespace {

std::mutex handler_mutex;
drop_handler installed_handler;

char const* name_of(dropped_object object) noexcept
{
    switch(object)
    {
    case dropped_object::atomic_file: return "atomic_file";
    case dropped_object::saver: return "saver";
    }
    return "object";
}

void default_handler(drop_event const& event) noexcept
{
    // A final flush that failed: worth telling, and the program goes on
    // (a release build's saver, or a failure the program already knew of).
    if(event.error.failed())
    {
        char const* const known = event.reason == drop_reason::flush_failed ? " again" : "";
        std::fprintf(stderr, "durable: %s for %s dropped: its final flush failed%s: %s\n",
            name_of(event.object), printable(event.path).c_str(), known, event.error.message().c_str());
        return;
    }
    // A debug build's drop is a bug in the program (a save it believes it
    // made may not have happened), so make it impossible to miss.
    std::fprintf(stderr,
        "durable: %s for %s destroyed without commit, abort or flush "
        "(generation %llu); see durable::set_drop_handler\n",
        name_of(event.object), printable(event.path).c_str(),
        static_cast<unsigned long long>(event.generation));
    std::abort();
}

} // namespace

drop_handler set_drop_handler(drop_handler handler)
{
    std::lock_guard<std::mutex> lock(handler_mutex);
    return std::exchange(installed_handler, std::move(handler));
}

namespace detail {

void report_drop(drop_event const& event) noexcept
{
    drop_handler handler;
    {
        // Copied out so that a handler may itself call set_drop_handler.
        std::lock_guard<std::mutex> lock(handler_mutex);
        handler = installed_handler;
    }
    // The function is noexcept: a handler that throws terminates the program.
    if(handler)
        handler(event);
    else
        default_handler(event);
}

} // namespace detail

} // namespace durable
