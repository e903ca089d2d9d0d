//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_HPP
#define DURABLE_HPP

// Everything durable offers to programs (test helpers: include/durable/test/).

#include <durable/async_write_file.hpp>
#include <durable/async_write_files.hpp>
#include <durable/async_write_options.hpp>
#include <durable/atomic_file.hpp>
#include <durable/blocking_executor.hpp>
#include <durable/config_document.hpp>
#include <durable/config_error.hpp>
#include <durable/config_file.hpp>
#include <durable/config_options.hpp>
#include <durable/config_problem.hpp>
#include <durable/config_version.hpp>
#include <durable/drop_handler.hpp>
#include <durable/error.hpp>
#include <durable/file_lock.hpp>
#include <durable/file_system.hpp>
#include <durable/live_config.hpp>
#include <durable/live_config_options.hpp>
#ifdef _WIN32
#include <durable/windows_file_system.hpp>
#else
#include <durable/posix_file_system.hpp>
#endif
#include <durable/printable.hpp>
#include <durable/reload_status.hpp>
#include <durable/render_config.hpp>
#include <durable/retry_options.hpp>
#include <durable/save_error.hpp>
#include <durable/saver.hpp>
#include <durable/saver_options.hpp>
#include <durable/step.hpp>
#include <durable/sweep_orphans.hpp>
#include <durable/systemd_notify.hpp>
#include <durable/write_file.hpp>
#include <durable/write_files.hpp>
#include <durable/write_options.hpp>

#endif
