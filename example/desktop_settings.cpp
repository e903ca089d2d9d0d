//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A desktop application's settings, changed hundreds of times a second from
// two threads and saved after every change, without the event loop ever
// waiting for the disk.
//
// The UI thread runs the event loop: the user drags the window, one move per
// 2 ms frame. A worker thread opens files: the list of recent files and the
// usage counters change every 3 ms. Each change calls
// config_file::async_save(), which returns at once: the value is rendered
// to JSON and written later, on the blocking executor, and the commit delay
// groups the changes, so that hundreds of changes a second make at most one
// write per delay. When saving fails (a full disk, a directory made
// read-only) the user is told once, not once per change, and told again
// when saving works again. Before the program exits, a flush makes the last
// change durable, or says that it was lost.
//
//     desktop_settings FILE [SECONDS] [COMMIT_DELAY_MS]
//
// Runs for SECONDS (default 2) with a commit delay of COMMIT_DELAY_MS
// (default 200), then prints the number of changes and the values it saved
// last, one a line, as a JSON pointer and the value's JSON (what
// `durable get FILE POINTER` prints). The number of writes is not printed:
// a config_file does not count them; test/desktop_settings.sh counts the
// renames onto FILE with strace. Exits with 0; with 1 if the settings
// could not be read or the last change could not be saved; with 2 on a
// usage error.

#include <durable.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;

// The settings, as a desktop application has them. Described, so that
// config_file maps them to JSON and back.

enum class color_scheme
{
    system,
    light,
    dark
};
BOOST_DESCRIBE_ENUM(color_scheme, system, light, dark)

struct window_geometry
{
    int x = 100;
    int y = 100;
    int width = 1280;
    int height = 800;
    bool maximized = false;
};
BOOST_DESCRIBE_STRUCT(window_geometry, (), (x, y, width, height, maximized))

struct settings
{
    window_geometry window;
    color_scheme theme = color_scheme::system;    // saved as "system", "light" or "dark"
    std::vector<std::string> recent_files;        // the newest first
    std::optional<std::string> last_directory;    // left out of the file until a file is opened
    std::chrono::minutes autosave_interval{5};    // saved as "5min": the unit is in the file
    std::map<std::string, std::uint64_t> usage;   // counters, by name
};
BOOST_DESCRIBE_STRUCT(settings, (), (window, theme, recent_files, last_directory, autosave_interval, usage))

namespace {

struct command_line
{
    std::filesystem::path file;
    std::chrono::milliseconds run_time{2000};
    std::chrono::milliseconds commit_delay{200};
};

// A whole number in [low, high], or nothing.
std::optional<long> number(std::string_view text, long low, long high)
{
    long value = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if(error != std::errc() || end != text.data() + text.size() || value < low || value > high)
        return std::nullopt;
    return value;
}

std::optional<command_line> parse(int argc, char** argv)
{
    char const* const usage = "usage: desktop_settings FILE [SECONDS] [COMMIT_DELAY_MS]\n";
    if(argc < 2 || argc > 4)
    {
        std::cerr << usage;
        return std::nullopt;
    }
    command_line line;
    line.file = argv[1];
    if(argc > 2)
    {
        auto const seconds = number(argv[2], 1, 3600);
        if(!seconds)
        {
            std::cerr << "desktop_settings: SECONDS must be a whole number from 1 to 3600, not '"
                      << argv[2] << "'\n" << usage;
            return std::nullopt;
        }
        line.run_time = std::chrono::seconds(*seconds);
    }
    if(argc > 3)
    {
        auto const delay = number(argv[3], 0, 60'000);
        if(!delay)
        {
            std::cerr << "desktop_settings: COMMIT_DELAY_MS must be a whole number from 0 to 60000, not '"
                      << argv[3] << "'\n" << usage;
            return std::nullopt;
        }
        line.commit_delay = std::chrono::milliseconds(*delay);
    }
    return line;
}

durable::config_options<settings> saving_options(std::chrono::milliseconds commit_delay)
{
    durable::config_options<settings> options;
    // Hundreds of changes a second, one write per delay at most: the first
    // change starts the delay, the later ones join it. No change waits
    // longer than the delay and one write.
    options.saving.commit_delay = commit_delay;
    // Once per episode, not once per change: a full disk shows one message,
    // not hundreds a second. Both run on the event loop, as UI code must.
    options.saving.on_error = [](durable::save_error const& e, std::uint64_t) {
        std::cerr << "settings are not being saved: " << e.what() << std::endl;
    };
    options.saving.on_recovered = [](std::uint64_t) { std::cerr << "settings saved again" << std::endl; };
    // When the user stops changing things, the last change is written again
    // by itself once the disk takes it: after 1 s, then 2 s, ... up to 30 s.
    options.saving.retry.initial_delay = 1s;
    options.saving.retry.max_delay = 30s;
    // A file that cannot be parsed is moved aside (the reason goes to
    // standard error) and the application starts on the defaults, rather
    // than refusing to start.
    options.corrupt_file = durable::corrupt_file::quarantine;
    return options;
}

// The completion of one save. A failed write is on_error's to tell, once;
// here only a refused value is told: a bug of this program.
void on_saved(std::exception_ptr error)
{
    if(!error)
        return;
    try
    {
        std::rethrow_exception(error);
    }
    catch(durable::save_error const&)
    {
    }
    catch(std::exception const& e)
    {
        std::cerr << "settings refused: " << e.what() << std::endl;
    }
}

// The settings as the application has them now, changed from any thread.
class app_settings
{
public:
    app_settings(durable::config_file<settings>& file, settings initial)
        : file_(file)
        , current_(std::move(initial))
    {
    }

    // Applies a change and saves the result.
    template<class Change>
    void change(Change&& apply)
    {
        std::lock_guard lock(mutex_);
        apply(current_);
        ++changes_;
        // Under the lock, so that the saves are made in the order of the
        // changes: the newest save is the newest state, whichever thread
        // made it. It takes a copy and returns at once: rendering and
        // writing happen later, on the blocking executor, and only for the
        // newest copy when the saver writes, so holding the lock here costs
        // a copy, never a wait for the disk.
        file_.async_save(current_, [](std::exception_ptr error) { on_saved(error); });
    }

    settings now() const
    {
        std::lock_guard lock(mutex_);
        return current_;
    }

    std::uint64_t changes() const
    {
        std::lock_guard lock(mutex_);
        return changes_;
    }

private:
    durable::config_file<settings>& file_;
    mutable std::mutex mutex_;
    settings current_;
    std::uint64_t changes_ = 0;
};

// The UI thread: the user drags the window about, one move per frame.
asio::awaitable<void> drag_window(app_settings& app, std::chrono::steady_clock::time_point end)
{
    asio::steady_timer frame(co_await asio::this_coro::executor);
    for(int move = 1; std::chrono::steady_clock::now() < end; ++move)
    {
        app.change([move](settings& s) {
            s.window.x = 100 + move % 1000;
            s.window.y = 100 + move % 500;
            s.window.width = 1280 + move % 64;
            ++s.usage["window_moves"];
        });
        frame.expires_after(2ms);
        co_await frame.async_wait(asio::use_awaitable);
    }
}

// The worker thread: files are opened (a batch import, a script).
void open_files(app_settings& app, std::stop_token stop)
{
    for(int n = 1; !stop.stop_requested(); ++n)
    {
        app.change([n](settings& s) {
            s.recent_files.insert(s.recent_files.begin(), "document-" + std::to_string(n) + ".txt");
            if(s.recent_files.size() > 10)
                s.recent_files.resize(10);
            s.last_directory = "/home/user/documents";
            ++s.usage["files_opened"];
        });
        std::this_thread::sleep_for(3ms);
    }
}

// Blocks until the last change is durable: called once the event loop has
// stopped, never on it. Returns the exit status.
int flush_at_exit(durable::config_file<settings>& file)
{
    try
    {
        file.flush(); // writes once more a state whose write failed
        return 0;
    }
    catch(durable::save_error const& e)
    {
        std::cerr << "the last settings were not saved: " << e.what() << std::endl;
    }
    catch(durable::config_error const& e)
    {
        std::cerr << "the last settings were refused: " << e.what() << std::endl;
    }
    // Given up knowingly: without this, the flush guard of the destructor
    // would write once more and report the failure a second time.
    file.discard();
    return 1;
}

// What was saved last, as `durable get FILE POINTER` prints it.
void print_saved(settings const& s)
{
    std::cout << "/window/x " << s.window.x << "\n"
              << "/window/y " << s.window.y << "\n"
              << "/window/width " << s.window.width << "\n";
    if(!s.recent_files.empty())
        std::cout << "/recent_files/0 \"" << s.recent_files.front() << "\"\n";
    for(auto const& [name, count] : s.usage)
        std::cout << "/usage/" << name << " " << count << "\n";
}

} // namespace

int main(int argc, char** argv)
{
    auto const line = parse(argc, argv);
    if(!line)
        return 2;

    asio::io_context io;
    durable::config_file<settings> file(io, line->file, saving_options(line->commit_delay));

    // At start-up, before the event loop runs: blocking is fine here. A
    // missing file gives the defaults.
    auto loaded = file.try_load();
    if(!loaded)
    {
        // Not the defaults: saving them would overwrite settings that could
        // not be read (a permission, an I/O error).
        std::cerr << "settings cannot be read: " << loaded.error().what() << std::endl;
        return 1;
    }
    app_settings app(file, std::move(*loaded));

    std::jthread worker([&app](std::stop_token stop) { open_files(app, stop); });
    auto const end = std::chrono::steady_clock::now() + line->run_time;
    asio::co_spawn(io, drag_window(app, end), [&io](std::exception_ptr error) {
        // Stopped rather than run dry: a commit delay or a retry may still
        // be pending on the loop, and the flush below does not need it.
        io.stop();
        if(error)
            std::rethrow_exception(error);
    });
    io.run();
    worker.request_stop();
    worker.join();

    int const status = flush_at_exit(file);
    // What the saver posted meanwhile: the completions of the last saves,
    // an on_error or on_recovered.
    io.restart();
    io.poll();

    settings const saved = app.now();
    std::cout << "changes: " << app.changes() << "\n";
    if(status == 0)
        print_saved(saved);
    return status;
}
