//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_TEST_SUPPORT_HPP
#define DURABLE_TEST_SUPPORT_HPP

// What the tests of durable share on every platform: a temporary directory
// per test, reading files back behind the library's back, recording drops,
// running coroutines. What only POSIX systems have (counting descriptors,
// child processes, a service manager's socket, a thread on which path
// lookups fail) is in posix_support.hpp, which this includes there.

#include <durable/drop_handler.hpp>
#include <durable/error.hpp>
#include <durable/step.hpp>
#include <durable/test/fault_file_system.hpp>
#include <durable/test/temporary_directory.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/results_collector.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <iterator>
#include <memory>
#include <optional>
#include <system_error>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <csignal>

namespace durable_test {

namespace fs = std::filesystem;

// A fresh directory for one test: the fixture users get.
using temp_dir = durable::test::temporary_directory;

// Records drops instead of aborting, for the length of a test.
class drop_recorder
{
public:
    drop_recorder()
    {
        previous_ = durable::set_drop_handler([this](durable::drop_event const& e) {
            std::lock_guard<std::mutex> lock(mutex);
            events.push_back({e.object, e.path, e.generation, e.error, e.reason});
            recorded_.notify_all();
        });
    }

    ~drop_recorder() { durable::set_drop_handler(std::move(previous_)); }

    struct event
    {
        durable::dropped_object object;
        fs::path path;
        std::uint64_t generation;
        boost::system::error_code error;
        durable::drop_reason reason;
    };
    std::vector<event> events;
    std::mutex mutex; // a destructor may run on another thread

    // Waits until `count` drops were recorded, or `limit` passed; for a test
    // that must act while a destructor on another thread is under way.
    bool wait_for(std::size_t count, std::chrono::seconds limit = std::chrono::seconds(30))
    {
        std::unique_lock<std::mutex> lock(mutex);
        return recorded_.wait_for(lock, limit, [&] { return events.size() >= count; });
    }

private:
    durable::drop_handler previous_;
    std::condition_variable recorded_;
};

// How many calls of `which` a fault_file_system saw.
inline std::size_t calls_of(durable::test::fault_file_system const& fault, durable::test::fs_call which)
{
    auto const calls = fault.calls();
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(),
        [which](durable::test::recorded_call const& c) { return c.call == which; }));
}

// How many files a fault_file_system saw replaced: one rename per write.
inline std::size_t renames(durable::test::fault_file_system const& fault)
{
    return calls_of(fault, durable::test::fs_call::rename);
}

// Reads a file with the standard library, not through durable.
inline std::optional<std::string> read_file(fs::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    if(!in)
        return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes a file the plain way, to set up an old content.
inline void put_file(fs::path const& p, std::string const& content)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
    if(!out.flush())
        throw std::runtime_error("cannot write " + p.string());
}

// The names in a directory, sorted.
inline std::vector<std::string> list_dir(fs::path const& dir)
{
    std::vector<std::string> names;
    for(auto const& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Every type of cancellation: an operation that supports all of them is
// tested with each.
inline constexpr boost::asio::cancellation_type every_cancellation_type[] = {boost::asio::cancellation_type::terminal,
    boost::asio::cancellation_type::partial, boost::asio::cancellation_type::total};

// A save waits here, the first time it reaches a call, until the test
// opens it: hook() goes to fault_file_system::before_call().
struct gate
{
    std::promise<void> reached;
    std::promise<void> open;
    std::atomic<bool> passed{false};

    std::function<void()> hook()
    {
        return [this] {
            if(passed.exchange(true))
                return;
            reached.set_value();
            open.get_future().wait();
        };
    }
};

// Runs `f` on a thread of its own a little later: it unblocks a save (opens
// a gate, frees a busy pool) while the test is blocked destroying the
// save's owner. Joined when it goes.
class run_later
{
public:
    explicit run_later(std::function<void()> f)
        : thread_([f = std::move(f)] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            f();
        })
    {
    }

    run_later(run_later const&) = delete;
    run_later& operator=(run_later const&) = delete;

    ~run_later() { thread_.join(); }

private:
    std::thread thread_;
};

// Keeps a thread of an executor busy until release(), so that what is
// posted after it to a pool of one thread has not started. Released when it
// goes, so that the pool can be joined whatever the test did.
class busy_thread
{
public:
    template<class Executor>
    explicit busy_thread(Executor const& ex)
    {
        boost::asio::post(ex, [f = free_.get_future().share()] { f.wait(); });
    }

    busy_thread(busy_thread const&) = delete;
    busy_thread& operator=(busy_thread const&) = delete;

    ~busy_thread() { release(); }

    void release()
    {
        if(!released_.exchange(true))
            free_.set_value();
    }

private:
    std::promise<void> free_;
    std::atomic<bool> released_{false};
};

// An allocator that counts what it allocates, to see the associated one used.
template<class T>
struct counting_allocator
{
    using value_type = T;
    std::size_t* count;

    explicit counting_allocator(std::size_t* c) noexcept : count(c) {}
    template<class U>
    counting_allocator(counting_allocator<U> const& other) noexcept : count(other.count) {}

    T* allocate(std::size_t n)
    {
        ++*count;
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, std::size_t n) noexcept { std::allocator<T>().deallocate(p, n); }

    template<class U>
    bool operator==(counting_allocator<U> const& other) const noexcept { return count == other.count; }
    template<class U>
    bool operator!=(counting_allocator<U> const& other) const noexcept { return count != other.count; }
};

// `size` bytes of every value 0..255 in a varying order: binary content that
// a mixed-up offset or a lost piece would change.
inline std::string binary_payload(std::size_t size, unsigned seed = 1)
{
    std::string data(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for(char& c : data)
    {
        x = x * 1664525u + 1013904223u;
        c = static_cast<char>(x >> 24);
    }
    return data;
}

// Runs the coroutine that `start()` returns on `io` to its end; what escapes
// it fails the test. co_spawn keeps `start`, and so its captures, alive.
template<class CoroutineFunction>
void run_coroutine(boost::asio::io_context& io, CoroutineFunction start)
{
    boost::asio::co_spawn(io, std::move(start), [](std::exception_ptr e) {
        if(e)
            std::rethrow_exception(e);
    });
    io.run();
}

// Waits until `done()` holds, or 10 s pass (a hung library fails the checks
// that follow, instead of hanging the test). For work that runs on other
// threads with nothing to wait on.
inline void wait_until(std::function<bool()> const& done)
{
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while(!done() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

} // namespace durable_test

#ifndef _WIN32
#include "posix_support.hpp"
#endif

// How Boost.Test prints the values of failed comparisons.
template<>
struct boost::test_tools::tt_detail::print_log_value<std::optional<std::string>>
{
    void operator()(std::ostream& os, std::optional<std::string> const& value) const
    {
        if(!value)
            os << "<no file>";
        else if(value->size() > 80)
            os << '"' << value->substr(0, 80) << "\"... (" << value->size() << " bytes)";
        else
            os << '"' << *value << '"';
    }
};

template<>
struct boost::test_tools::tt_detail::print_log_value<std::errc>
{
    void operator()(std::ostream& os, std::errc value) const
    {
        os << std::make_error_code(value).message();
    }
};

namespace durable {

inline std::ostream& boost_test_print_type(std::ostream& os, error e)
{
    return os << make_error_code(e).message();
}

inline std::ostream& boost_test_print_type(std::ostream& os, step s)
{
    return os << to_string(s);
}

} // namespace durable

#endif
