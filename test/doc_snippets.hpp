//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_DOC_SNIPPETS_HPP
#define DURABLE_TEST_DOC_SNIPPETS_HPP

// What the fragments of README.md and doc/*.md take as given (see
// doc_snippets.awk). The snippets are compiled, never linked, so the
// objects and functions here are declared only. A page that declares one of
// these names itself (doc/config.md's `settings`) hides this one.

#include <durable.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>

#include <cassert>
#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace doc_snippets {

namespace asio = boost::asio;
using namespace std::chrono_literals;

/// An application's settings, as the pages that do not define their own use them.
struct settings
{
    std::string host = "localhost";
    std::uint16_t port = 8080;
};
BOOST_DESCRIBE_STRUCT(settings, (), (host, port))

extern asio::io_context io;               ///< the program's event loop
extern std::filesystem::path const path;  ///< a file to save
extern std::string const text;            ///< content to save
extern std::string const bytes;           ///< the same, as the guide calls it
extern std::string const piece;           ///< a part of the content, for atomic_file::write
extern durable::write_options const options;
extern boost::system::error_code ec;
extern durable::live_config<settings> config;

/// What a daemon reconfigures on a change.
struct application_server
{
    void reconfigure(settings const& old_config, settings const& new_config);
};
extern application_server server;

/// The program's log: its arguments on one line.
template<class... Text>
void log(Text const&... text);

template<class... Text>
void show_message(Text const&... text);

void report(std::exception_ptr error);

/// A program's own reader of its own file format.
std::string read_text(std::filesystem::path const& file);

/// Puts a new configuration to work.
void apply(settings const& s);

/// A daemon's validation: the problems of `s`, none if it is good.
std::vector<durable::config_problem> check_settings(settings const& s);

} // namespace doc_snippets

#endif
