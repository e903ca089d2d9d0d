//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What one file with many writers costs (issue 16), for a config of about
// 4 KiB that a person has commented: make_small_app_config() (app_config.hpp)
// saved, then given the comments a person writes above its members.
//
//   update  config_file<T>::update(fn) against load(), fn and save() on the
//           same file: what the lock adds to a read-modify-write. fn
//           changes the revision, so that every save writes. Both keep the
//           layout (the default), so the file keeps its comments throughout.
//
//   no-sync the same with durability::atomic: the rename without the
//           syncs. A sync's time wanders with the disk by more than the
//           lock costs (on a VM, in steps of milliseconds), and hides it in
//           the ratio of `update`; here the disk is out of the comparison.
//
//   lock    durable::file_lock taken and released with no other holder, the
//           lock update() takes, against opening and closing its lock file:
//           the least any lock kept in a file costs. When both run, the
//           program also prints the lock's part of update()'s median.
//
//   render  what a save does before its write (detail::keep_layout over
//           render_config, the code of save()): with keep_layout the
//           file is read, it and the canonical text are parsed, the values
//           that differ are spliced into the file's text and the result is
//           parsed again; with keep_layout = false, the canonical text
//           alone. The value differs from the file in its revision, as a
//           program's save does. The disk is in neither.
//
//   save    config_file::save() both ways, from the call to its return,
//           the disk included: what the splice weighs in a whole save. Each
//           way writes a file of its own, both commented at the start; the
//           canonical one loses its comments on its first, untimed, save.
//
// The two sides of a pair take turns (durable_bench::time_pair), so that
// the machine's other work weighs on both alike. A table gives the median
// and the 10th and 90th percentiles of each side in microseconds, the
// ratio of the medians and the spread of the ratios of the two samples of
// each round, which says how far to trust it. Issue 16 sets no target:
// the program prints figures and judges none.
//
// Before timing, the program checks that the commented file loads as the
// value saved and that the spliced render keeps every comment; after, that
// the files of update and save kept every comment and lost no revision.
//
// Usage:
//   durable_bench_update [--iterations N] [--dir DIR]
//                        [--only update|no-sync|lock|render|save]

#include "app_config.hpp"
#include "measure.hpp"

#include <durable/config_file.hpp>
#include <durable/detail/config_document.hpp>
#include <durable/file_lock.hpp>
#include <durable/render_config.hpp>

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

char const durable_bench::program_name[] = "durable_bench_update";
char const durable_bench::program_options[] =
    "[--iterations N] [--dir DIR]\n"
    "                            [--only update|no-sync|lock|render|save]";

namespace {

namespace fs = std::filesystem;
using durable_bench::all;
using durable_bench::app_config;
using durable_bench::check;
using durable_bench::micros;
using durable_bench::percentile;

// The pairs, as indices of the arrays below.
constexpr std::size_t pair_update = 0;
constexpr std::size_t pair_no_sync = 1;
constexpr std::size_t pair_lock = 2;
constexpr std::size_t pair_render = 3;
constexpr std::size_t pair_save = 4;
constexpr std::size_t pair_count = 5;

struct pair_description
{
    char const* name;
    char const* baseline;
    char const* subject;
};

constexpr std::array<pair_description, pair_count> pairs = {{
    {"update", "load() + save()", "update()"},
    {"no-sync", "load() + save(), no sync", "update(), no sync"},
    {"lock", "open + close the lock file", "file_lock + release"},
    {"render", "keep_layout = false", "keep_layout"},
    {"save", "save(), keep_layout = false", "save(), keep_layout"},
}};

using options = durable_bench::pair_options;

options parse_options(int argc, char** argv)
{
    return durable_bench::parse_pair_options(argc, argv, pairs);
}

//
// The person's file
//

// A comment the person wrote above a top-level member.
struct comment
{
    char const* member;
    char const* text;
};

constexpr char const* file_heading =
    "// Gateway settings, Zurich site. Edited by hand and by gatewayctl: both\n"
    "// go through config_file::update(), so that neither loses the other's change.\n";

constexpr comment comments[] = {
    {"instance", "// Shown in the logs and on the dashboard: one name per site."},
    {"level", "// \"warning\" in production; \"debug\" fills the disk within the hour."},
    {"window", "// Where the console was left; the console saves it itself."},
    {"proxy", "// Outbound calls go through the office proxy (ticket OPS-2231)."},
    {"services", "/* One entry per service. A backend \"draining\" takes no new connection:\n"
                 "       remove it once its last connection is gone. */"},
    {"users", "// Operators of the console; their roles are checked on every request."},
    {"counters", "// Written by the gateway itself: a change made here is overwritten."},
};

// The canonical text with the person's comments: the heading, and each
// comment on the lines above its member.
std::string with_comments(std::string const& canonical)
{
    std::istringstream lines(canonical);
    std::string text = file_heading;
    std::string line;
    while(std::getline(lines, line))
    {
        for(comment const& c : comments)
            if(line.rfind("    \"" + std::string(c.member) + "\":", 0) == 0)
                text += std::string("    ") + c.text + "\n";
        text += line + "\n";
    }
    return text;
}

// How many of the person's comments, the heading included, the text holds.
std::size_t comments_in(std::string const& text)
{
    auto const holds = [&](char const* comment) { return text.find(comment) != std::string::npos; };
    return (holds(file_heading) ? 1 : 0) +
        static_cast<std::size_t>(std::count_if(std::begin(comments), std::end(comments),
            [&](comment const& c) { return holds(c.text); }));
}

bool keeps_every_comment(std::string const& text)
{
    return comments_in(text) == 1 + std::size(comments);
}

std::string contents(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_text(std::string const& path, std::string const& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if(!out.flush())
        throw std::runtime_error("cannot write " + path);
}

//
// The pairs
//

using config = durable::config_file<app_config>;

durable::config_options<app_config> layout_options(bool keep_layout)
{
    durable::config_options<app_config> o;
    o.keep_layout = keep_layout;
    return o;
}

durable::config_options<app_config> unsynced_options()
{
    durable::config_options<app_config> o;
    o.saving.durability = durable::durability::atomic;
    return o;
}

// The name of the lock file update() takes for `path`, as file_lock names it.
std::string lock_file_name(std::string const& path)
{
    durable::file_lock const held(path, std::chrono::seconds(1));
    return held.lock_path().filename().string();
}

// What the pairs work on: a commented file for each way of saving, and
// the value they save, whose revision each save moves on.
struct workload
{
    workload(boost::asio::io_context& io, durable_bench::scratch_directory& scratch, std::string const& text)
        : update_path(scratch.file("update.json"))
        , unsynced_path(scratch.file("update-no-sync.json"))
        , kept_path(scratch.file("keep-layout.json"))
        , canonical_path(scratch.file("canonical.json"))
        , lock_path(scratch.file(lock_file_name(update_path)))
        , unsynced_lock_path(scratch.file(lock_file_name(unsynced_path)))
        , updated(io, update_path)
        , unsynced(io, unsynced_path, unsynced_options())
        , kept(io, kept_path, kept_options)
        , canonical(io, canonical_path, canonical_options)
    {
        for(std::string const& path : {update_path, unsynced_path, kept_path, canonical_path})
            write_text(path, text);
        value = kept.load();
    }

    std::string update_path;
    std::string unsynced_path;
    std::string kept_path;
    std::string canonical_path;
    std::string lock_path; // update()'s, beside update_path
    std::string unsynced_lock_path; // made by update(), listed for scratch.remove()
    durable::config_options<app_config> const kept_options = layout_options(true);
    durable::config_options<app_config> const canonical_options = layout_options(false);
    config updated;
    config unsynced;
    config kept;
    config canonical;
    app_config value;
};

void next_revision(app_config& c)
{
    ++c.revision;
}

// The text a save of the file at `path` would write for `value`, as
// save() makes it.
std::string render(std::string const& path, durable::config_options<app_config> const& options,
    app_config const& value)
{
    // keep_layout has no public face: a program reaches it only through save().
    return durable::detail::keep_layout(path, durable::render_config(value, options), options);
}

// The lock that update() takes, with the options it takes it with.
void lock_and_release(std::string const& path, durable::config_policy const& options)
{
    durable::file_lock const held(path, options.lock_timeout, options.saving.symlinks);
}

void open_and_close(std::string const& path)
{
    int const fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if(fd < 0)
        durable_bench::die("open", path);
    ::close(fd);
}

// update() against what it does but the lock.
durable_bench::pair_samples time_update(config& file, std::size_t rounds)
{
    return durable_bench::time_pair(rounds, micros,
        [&] {
            app_config c = file.load();
            next_revision(c);
            file.save(c);
        },
        [&] { file.update(next_revision); });
}

durable_bench::pair_samples time_pair(std::size_t pair, workload& work, std::size_t rounds, std::size_t& sink)
{
    switch(pair)
    {
    case pair_update:
        return time_update(work.updated, rounds);
    case pair_no_sync:
        return time_update(work.unsynced, rounds);
    case pair_lock:
        return durable_bench::time_pair(rounds, micros,
            [&] { open_and_close(work.lock_path); },
            [&] { lock_and_release(work.update_path, work.kept_options); });
    case pair_render:
        next_revision(work.value);
        return durable_bench::time_pair(rounds, micros,
            [&] { sink += render(work.canonical_path, work.canonical_options, work.value).size(); },
            [&] { sink += render(work.kept_path, work.kept_options, work.value).size(); });
    default: // pair_save
        return durable_bench::time_pair(rounds, micros,
            [&] {
                next_revision(work.value);
                work.canonical.save(work.value);
            },
            [&] {
                next_revision(work.value);
                work.kept.save(work.value);
            });
    }
}

//
// Checks and tables
//

void check_before(workload& work)
{
    std::printf("\nsanity checks, before timing\n");
    check(work.kept.load() == durable_bench::make_small_app_config(),
        "the commented file loads as the config saved");
    app_config changed = work.value;
    next_revision(changed);
    check(keeps_every_comment(render(work.kept_path, work.kept_options, changed)),
        "render with keep_layout: every comment kept");
    check(comments_in(render(work.canonical_path, work.canonical_options, changed)) == 0,
        "render with keep_layout = false: no comment");
}

// After update() and load() + save() took turns on `file`: every comment
// there, and the revision moved on by each call (round 0, untimed, ran too).
bool updated_in_full(config& file, std::uint32_t first_revision, options const& opt)
{
    auto const calls = static_cast<std::uint32_t>(2 * (opt.iterations + 1));
    return keeps_every_comment(contents(file.path().string())) && file.load().revision == first_revision + calls;
}

void check_after(workload& work, std::uint32_t first_revision, options const& opt)
{
    std::printf("\nsanity checks, after timing\n");
    auto const ran = [&](std::size_t pair) { return opt.only == all || opt.only == pair; };
    check(!ran(pair_update) || updated_in_full(work.updated, first_revision, opt),
        "update and load + save: every comment kept, no revision lost");
    check(!ran(pair_no_sync) || updated_in_full(work.unsynced, first_revision, opt),
        "the same without syncs");
    check(!ran(pair_save) || keeps_every_comment(contents(work.kept_path)),
        "save with keep_layout: the file keeps every comment");
}

void print_row(char const* name, char const* variant, std::vector<double> const& us)
{
    std::printf("%-7s %-28s %12.1f %10.1f %10.1f\n",
        name, variant, percentile(us, 0.50), percentile(us, 0.10), percentile(us, 0.90));
}

void print_pair(pair_description const& p, durable_bench::pair_samples const& s)
{
    print_row(p.name, p.baseline, s.baseline);
    print_row("", p.subject, s.subject);
    durable_bench::pair_ratio const ratio = durable_bench::ratio_of(s);
    std::printf("%-7s %-28s %12.2f %10.2f %10.2f\n", "", "ratio", ratio.medians, ratio.p10, ratio.p90);
}

// The lock's part of update()'s median, with and without syncs, when
// every pair was measured in this run.
void print_lock_share(std::array<durable_bench::pair_samples, pair_count> const& results)
{
    double const lock = percentile(results[pair_lock].subject, 0.50);
    for(std::size_t p : {pair_update, pair_no_sync})
    {
        double const update = percentile(results[p].subject, 0.50);
        std::printf("the lock's part of %s: %.1f us of %.1f us (%.1f%%)\n",
            pairs[p].subject, lock, update, 100 * lock / update);
    }
}

int run(options const& opt)
{
    durable_bench::scratch_directory scratch(opt.dir);
    boost::asio::io_context io;
    // The program's first save, which the person then commented.
    std::string const first_save = scratch.file("first-save.json");
    config(io, first_save).save(durable_bench::make_small_app_config());
    std::string const text = with_comments(contents(first_save));
    workload work(io, scratch, text);
    std::uint32_t const first_revision = work.value.revision;

    std::printf("directory %s\n", scratch.path().c_str());
    std::printf("config: %zu bytes with comments (%zu without), %zu service of %zu backends, %zu user\n",
        text.size(), fs::file_size(first_save), durable_bench::small_services,
        durable_bench::small_backends, durable_bench::small_users);
    check_before(work);

    std::array<durable_bench::pair_samples, pair_count> results;
    std::size_t sink = 0;
    for(std::size_t p = 0; p < pair_count; ++p)
        if(opt.only == all || opt.only == p)
            results[p] = time_pair(p, work, static_cast<std::size_t>(opt.iterations), sink);
    check_after(work, first_revision, opt);

    std::printf("\n%ld rounds, interleaved; microseconds (ratio rows: subject / baseline)\n", opt.iterations);
    std::printf("%-7s %-28s %12s %10s %10s\n", "", "variant", "median", "p10", "p90");
    if(opt.iterations > 0)
    {
        for(std::size_t p = 0; p < pair_count; ++p)
            if(opt.only == all || opt.only == p)
                print_pair(pairs[p], results[p]);
        if(opt.only == all)
            print_lock_share(results);
    }
    // Printed, so that no render can be optimised away.
    std::printf("(checksum %zu)\n", sink);

    // Remove what we made, and only that, when the directory was given.
    scratch.remove();
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    return durable_bench::run_program(argc, argv, parse_options, run);
}
