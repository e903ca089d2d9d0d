//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_EXPORT_HPP
#define DURABLE_DETAIL_EXPORT_HPP

#include <boost/config.hpp>

// DURABLE_DECL marks what a shared build of the library exports: the
// functions and classes of its public API, and the few internal ones that
// its headers' templates call. The library is compiled with hidden
// visibility, so nothing else is exported: a program cannot come to depend
// on an internal symbol. The library defines DURABLE_SOURCE when it is
// built; a shared build defines DURABLE_DYN_LINK for itself and for the
// programs that use it (CMake's target does both). A static build exports
// nothing, as Boost's libraries do: linked into someone's shared library,
// it stays that library's own.
#if defined(DURABLE_DYN_LINK) && defined(DURABLE_SOURCE)
#define DURABLE_DECL BOOST_SYMBOL_EXPORT
#elif defined(DURABLE_DYN_LINK)
#define DURABLE_DECL BOOST_SYMBOL_IMPORT
#else
#define DURABLE_DECL
#endif

// The same for the test helpers of include/durable/test/, a library of
// their own (DURABLE_TESTING_SOURCE when it is built).
#if defined(DURABLE_DYN_LINK) && defined(DURABLE_TESTING_SOURCE)
#define DURABLE_TESTING_DECL BOOST_SYMBOL_EXPORT
#elif defined(DURABLE_DYN_LINK)
#define DURABLE_TESTING_DECL BOOST_SYMBOL_IMPORT
#else
#define DURABLE_TESTING_DECL
#endif

// MinGW-w64 offers Asio two kinds of thread primitives, and Asio takes
// POSIX threads in a translation unit that included <pthread.h> (through
// <mutex>, <thread>, ...) before it, Windows' own in one that did not: two
// layouts of the same io_context, which corrupt the heap when both meet in
// one program. Every translation unit must make the same choice; the CMake
// target durable::durable makes it for the programs that link it.
#if defined(__MINGW32__) && !defined(BOOST_ASIO_HAS_PTHREADS)
#error "durable with MinGW-w64: define BOOST_ASIO_HAS_PTHREADS for every translation unit (the CMake target durable::durable does)"
#endif

#endif
