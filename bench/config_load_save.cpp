//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What a typed configuration costs over plain Boost.JSON, for a config of
// about 1 MiB (app_config.hpp): the figures and targets of issue 4.
//
//   load   config_file<app_config>::load() with the default options (the
//          file is read, parsed with duplicate keys refused, comments
//          allowed and UTF-8 checked, then mapped onto the struct),
//          against reading the same file into a string and
//          boost::json::parse with its default options. Both read the file
//          as a load does (config_document::read_bytes: the path resolved
//          with the rules for links, a regular file only, a bounded read).
//
//   save   what a save does before its write: the struct validated and
//          written in the canonical pretty form (render_config, the code
//          save() and async_save() call), against
//          boost::json::serialize of the same document (the file, as
//          durable parses it).
//          The disk is in neither: durable_bench_replace measures it.
//
// Each side of a pair runs once per round, the first of the two
// alternating, so that the machine's other work weighs on both alike.
// Every sample includes freeing what it built. A table gives the median
// and the 10th and 90th percentiles of each side, the ratio of the
// medians, which the target is about, and the spread of the ratios of the
// two samples of each round, which says how far to trust it.
//
// Before timing, the file is saved with config_file::save(), and the
// program checks that both sides of each pair did the same work: the
// loaded struct equals the one saved, boost::json::parse of the file gives
// durable's document (but for the doubles that Boost.JSON 1.81 reads a
// unit in the last place off, which are counted), the rendered text is
// the file, and the two texts of a save hold the same document.
//
// Usage:
//   durable_bench_config [--iterations N] [--dir DIR] [--only load|save]

#include "app_config.hpp"
#include "measure.hpp"

#include <durable/config_document.hpp>
#include <durable/config_file.hpp>
#include <durable/render_config.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

char const durable_bench::program_name[] = "durable_bench_config";
char const durable_bench::program_options[] = "[--iterations N] [--dir DIR] [--only load|save]";

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using durable_bench::all;
using durable_bench::app_config;
using durable_bench::check;
using durable_bench::millis;
using durable_bench::percentile;
using durable_bench::verdict;

// The pairs, as indices of the arrays below.
constexpr std::size_t pair_load = 0;
constexpr std::size_t pair_save = 1;
constexpr std::size_t pair_count = 2;

struct pair_description
{
    char const* name;
    char const* baseline;
    char const* subject;
    double target; // subject median / baseline median, at most
};

// The targets of issue 4.
constexpr std::array<pair_description, pair_count> pairs = {{
    {"load", "read + boost::json::parse", "config_file::load()", 1.3},
    {"save", "boost::json::serialize", "map + render (pretty)", 1.5},
}};

using options = durable_bench::pair_options;

options parse_options(int argc, char** argv)
{
    return durable_bench::parse_pair_options(argc, argv, pairs);
}

// What both sides of the pairs work on.
struct workload
{
    std::string path;
    app_config value;
    std::string bytes;    // the file, as save() wrote it
    json::value document; // the file, as durable parses it: exactly
};

std::string read_file(std::string const& path)
{
    durable::config_policy unbounded;
    unbounded.max_size = std::numeric_limits<std::size_t>::max();
    return durable::config_document::read_bytes(path, unbounded);
}

std::string render(workload const& work)
{
    return durable::render_config(work.value);
}

struct comparison
{
    std::size_t doubles = 0;      // seen in the first document
    std::size_t near_doubles = 0; // a unit in the last place from their match
};

// Equal, but for doubles a unit in the last place apart, which are counted.
bool same_document(json::value const& a, json::value const& b, comparison& seen)
{
    if(a.kind() != b.kind())
        return false;
    if(a.is_double())
    {
        ++seen.doubles;
        if(a == b)
            return true;
        ++seen.near_doubles;
        return std::nextafter(a.get_double(), b.get_double()) == b.get_double();
    }
    if(auto const* array = a.if_array())
    {
        json::array const& other = b.get_array();
        return array->size() == other.size() &&
            std::equal(array->begin(), array->end(), other.begin(),
                [&](json::value const& x, json::value const& y) { return same_document(x, y, seen); });
    }
    if(auto const* object = a.if_object())
    {
        json::object const& other = b.get_object();
        return object->size() == other.size() &&
            std::equal(object->begin(), object->end(), other.begin(),
                [&](json::key_value_pair const& x, json::key_value_pair const& y) {
                    return x.key() == y.key() && same_document(x.value(), y.value(), seen);
                });
    }
    return a == b;
}

// That both sides of each pair do the same work, before any is timed.
void check_workload(workload const& work, durable::config_file<app_config>& file)
{
    std::printf("\nsanity checks\n");
    check(file.load() == work.value, "load: the struct loaded equals the struct saved");
    comparison parsed;
    check(same_document(json::parse(work.bytes), work.document, parsed),
        "load: boost::json::parse of the file equals durable's parse");
    std::printf("  %-62s %zu of %zu\n", "load: doubles that boost::json::parse reads 1 ulp off",
        parsed.near_doubles, parsed.doubles);
    std::string const rendered = render(work);
    check(rendered == work.bytes, "save: the rendered text is the file, byte for byte");
    std::string const serialized = json::serialize(work.document);
    comparison written;
    check(same_document(json::parse(serialized), json::parse(rendered), written) && written.near_doubles == 0,
        "save: both texts parse to the same document");
    std::printf("  %-62s %zu and %zu\n", "save: bytes rendered (pretty) and serialized (compact)",
        rendered.size(), serialized.size());
}

// One side of a pair, once; returns a byte count that the optimiser must keep.
std::size_t run_once(std::size_t pair, bool subject, workload const& work,
    durable::config_file<app_config>& file)
{
    switch(pair)
    {
    case pair_load:
        return subject ? file.load().services.size() : json::parse(read_file(work.path)).as_object().size();
    case pair_save:
        return subject ? render(work).size() : json::serialize(work.document).size();
    }
    throw std::logic_error("no pair " + std::to_string(pair));
}

durable_bench::pair_samples time_pair(std::size_t pair, workload const& work,
    durable::config_file<app_config>& file, std::size_t iterations, std::size_t& sink)
{
    return durable_bench::time_pair(iterations, millis,
        [&] { sink += run_once(pair, false, work, file); },
        [&] { sink += run_once(pair, true, work, file); });
}

void print_row(char const* name, char const* variant, std::vector<double> const& ms)
{
    std::printf("%-5s %-27s %12.3f %10.3f %10.3f\n",
        name, variant, percentile(ms, 0.50), percentile(ms, 0.10), percentile(ms, 0.90));
}

// The ratio of the medians, and the spread of the ratios round by round.
void print_pair(pair_description const& p, durable_bench::pair_samples const& s)
{
    print_row(p.name, p.baseline, s.baseline);
    print_row("", p.subject, s.subject);
    durable_bench::pair_ratio const ratio = durable_bench::ratio_of(s);
    std::printf("%-5s %-27s %12.3f %10.3f %10.3f   target <= %.2f: %s\n",
        "", "ratio", ratio.medians, ratio.p10, ratio.p90,
        p.target, verdict(ratio.medians <= p.target));
}

int run(options const& opt)
{
    durable_bench::scratch_directory scratch(opt.dir);
    boost::asio::io_context io;
    workload work{scratch.file("app-config.json"), durable_bench::make_app_config(), {}, {}};
    durable::config_file<app_config> file(io, work.path);
    file.save(work.value);
    work.bytes = read_file(work.path);
    work.document = json::value(durable::config_document::parse(work.path, work.bytes, {}).value(), {});

    std::printf("directory %s\n", scratch.path().c_str());
    std::printf("config: %zu bytes (%.2f MiB), %zu services of %zu backends, %zu users, %zu counters\n",
        work.bytes.size(), static_cast<double>(work.bytes.size()) / (1024 * 1024),
        durable_bench::service_count, durable_bench::backends_per_service,
        durable_bench::user_count, durable_bench::counter_count);
    check_workload(work, file);

    std::array<durable_bench::pair_samples, pair_count> results;
    std::size_t sink = 0;
    for(std::size_t p = 0; p < pair_count; ++p)
        if(opt.only == all || opt.only == p)
            results[p] = time_pair(p, work, file, static_cast<std::size_t>(opt.iterations), sink);

    std::printf("\n%ld rounds, interleaved; milliseconds (ratio rows: subject / baseline)\n",
        opt.iterations);
    std::printf("%-5s %-27s %12s %10s %10s\n", "", "variant", "median", "p10", "p90");
    if(opt.iterations > 0)
        for(std::size_t p = 0; p < pair_count; ++p)
            if(opt.only == all || opt.only == p)
                print_pair(pairs[p], results[p]);
    // Printed, so that no timed call can be optimised away.
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
