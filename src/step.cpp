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
    return boost::describe::enum_to_string(s, "unknown");
}

} // namespace durable
