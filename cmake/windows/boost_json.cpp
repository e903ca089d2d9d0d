//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Boost.JSON, compiled once, where no compiled Boost is at hand
// (cmake/boost-from-headers.cmake says why).
#include <boost/json/src.hpp>
