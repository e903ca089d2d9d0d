//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/step.hpp>

namespace durable {

char const* to_string(step s) noexcept
{
    switch(s)
    {
    case step::open: return "open";
    case step::resolve: return "resolve";
    case step::sweep: return "sweep";
    case step::create: return "create";
    case step::chown: return "chown";
    case step::chmod: return "chmod";
    case step::write: return "write";
    case step::sync: return "sync";
    case step::close: return "close";
    case step::backup: return "backup";
    case step::rename: return "rename";
    case step::dirsync: return "dirsync";
    }
    return "unknown";
}

} // namespace durable
