# Copyright (c) 2026 The durable authors
# Distributed under the Boost Software License, Version 1.0.
#
# The Boost targets durable links, for a cross-build that has Boost's
# headers but not its CMake package nor its compiled libraries (MinGW on
# Debian: cmake/mingw-w64.cmake). Boost::headers is the headers alone;
# Boost::json and Boost::unit_test_framework are static libraries compiled
# from the header-only forms those libraries offer, in one translation unit
# each, so that every program gets one copy.

# The headers' directory holds the build machine's other headers too (glibc's,
# which must not shadow MinGW's): a directory of our own holds only a link to
# boost/, and is the one searched.
set(durable_boost_root ${CMAKE_BINARY_DIR}/boost-headers)
file(MAKE_DIRECTORY ${durable_boost_root})
file(CREATE_LINK ${DURABLE_BOOST_INCLUDE_DIR} ${durable_boost_root}/boost SYMBOLIC)

add_library(Boost::headers INTERFACE IMPORTED)
set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${durable_boost_root})
# Boost.Asio's sockets and its IOCP reactor.
set_property(TARGET Boost::headers APPEND PROPERTY INTERFACE_LINK_LIBRARIES ws2_32 mswsock)
# The Windows API of Windows 10 and later; Asio asks for a version.
set_property(TARGET Boost::headers APPEND PROPERTY INTERFACE_COMPILE_DEFINITIONS _WIN32_WINNT=0x0A00)

add_library(durable_boost_json STATIC ${CMAKE_CURRENT_LIST_DIR}/windows/boost_json.cpp)
target_link_libraries(durable_boost_json PUBLIC Boost::headers)
target_compile_features(durable_boost_json PUBLIC cxx_std_17)
add_library(Boost::json ALIAS durable_boost_json)

# With its own main(), as the static Boost.Test library has: each test
# program defines BOOST_TEST_MODULE and its test cases only.
add_library(durable_boost_test STATIC ${CMAKE_CURRENT_LIST_DIR}/windows/boost_test.cpp)
target_link_libraries(durable_boost_test PUBLIC Boost::headers)
add_library(Boost::unit_test_framework ALIAS durable_boost_test)

install(TARGETS durable_boost_json durable_boost_test EXPORT durable-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
