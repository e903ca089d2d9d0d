# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# Cross-builds durable for 64-bit Windows on Debian with MinGW-w64 (the
# posix-threads flavour: std::thread and std::mutex, which Asio's thread
# pool and the library use, need it), and runs the programs it builds under
# Wine, so that ctest runs the tests here. `./build.sh windows` uses it.
#
# Debian ships no Boost for MinGW: its headers, which do not depend on the
# platform, are used from /usr/include/boost (DURABLE_BOOST_INCLUDE_DIR),
# and the two compiled parts durable needs, Boost.JSON and Boost.Test, are
# built from their header-only forms (cmake/boost-from-headers.cmake).

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

# Only the MinGW sysroot is searched for libraries and headers: a library of
# the build machine (glibc's, Linux Boost's) must never be found.
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(DURABLE_BOOST_INCLUDE_DIR /usr/include/boost CACHE PATH "The Boost headers (their boost/ directory) for a build without Boost's CMake package")

# The programs are Windows executables: ctest starts them through Wine.
# Debian's wine64 package installs its loader outside PATH (the `wine`
# wrapper of the package of that name is not needed).
find_program(DURABLE_WINE NAMES wine64 wine PATHS /usr/lib/wine NO_CMAKE_FIND_ROOT_PATH)
set(CMAKE_CROSSCOMPILING_EMULATOR ${DURABLE_WINE})

# The MinGW runtime (libstdc++, libgcc, winpthreads) linked into each
# program, so that Wine finds no missing DLL and no PATH is needed.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
