//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_BENCH_APP_CONFIG_HPP
#define DURABLE_BENCH_APP_CONFIG_HPP

// The configuration that durable_bench_config loads and saves: the
// settings and state file of a service gateway, as a real program keeps
// it. Nested structs, vectors of them, maps of both kinds, optionals,
// enums, durations, every integer width, floats and doubles; strings with
// escapes and with characters outside ASCII. make_app_config() fills it,
// the same way on every run, to about 1 MiB; make_small_app_config() to
// about 4 KiB.

#include <boost/describe.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace durable_bench {

enum class wire_protocol
{
    http,
    https,
    grpc,
    tcp
};
BOOST_DESCRIBE_ENUM(wire_protocol, http, https, grpc, tcp)

enum class balancing
{
    round_robin,
    least_connections,
    random,
    consistent_hash
};
BOOST_DESCRIBE_ENUM(balancing, round_robin, least_connections, random, consistent_hash)

enum class log_level
{
    trace,
    debug,
    info,
    warning,
    error
};
BOOST_DESCRIBE_ENUM(log_level, trace, debug, info, warning, error)

struct window_state
{
    std::int16_t x = 0;
    std::int16_t y = 0;
    std::uint16_t width = 1280;
    std::uint16_t height = 800;
    bool maximized = false;
    double scale = 1.0;

    friend bool operator==(window_state const&, window_state const&) = default;
};
BOOST_DESCRIBE_STRUCT(window_state, (), (x, y, width, height, maximized, scale))

struct tls_settings
{
    std::string certificate;
    std::string private_key;
    std::optional<std::string> ca_bundle;
    std::vector<std::string> ciphers;
    std::chrono::hours rotation{24 * 30};
    bool verify_peer = true;

    friend bool operator==(tls_settings const&, tls_settings const&) = default;
};
BOOST_DESCRIBE_STRUCT(tls_settings, (), (certificate, private_key, ca_bundle, ciphers, rotation, verify_peer))

struct health_check
{
    std::string path = "/healthz";
    std::chrono::milliseconds interval{5000};
    std::chrono::milliseconds timeout{1000};
    std::uint8_t healthy_after = 2;
    std::uint8_t unhealthy_after = 3;
    std::uint16_t expected_status = 200;

    friend bool operator==(health_check const&, health_check const&) = default;
};
BOOST_DESCRIBE_STRUCT(health_check, (),
    (path, interval, timeout, healthy_after, unhealthy_after, expected_status))

// The state part: what the gateway has seen of a backend, saved so that a
// restart does not forget it.
struct backend_stats
{
    std::uint64_t requests = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint32_t errors = 0;
    double latency_ewma_ms = 0;
    double latency_p99_ms = 0;
    std::int64_t last_seen_unix_ms = 0;

    friend bool operator==(backend_stats const&, backend_stats const&) = default;
};
BOOST_DESCRIBE_STRUCT(backend_stats, (),
    (requests, bytes_in, bytes_out, errors, latency_ewma_ms, latency_p99_ms, last_seen_unix_ms))

struct backend
{
    std::string host;
    std::uint16_t port = 80;
    std::int8_t priority = 0;
    double weight = 1.0;
    bool draining = false;
    std::optional<std::string> zone;
    backend_stats stats;

    friend bool operator==(backend const&, backend const&) = default;
};
BOOST_DESCRIBE_STRUCT(backend, (), (host, port, priority, weight, draining, zone, stats))

struct service
{
    std::string name;
    std::string description;
    bool enabled = true;
    wire_protocol protocol = wire_protocol::http;
    balancing balance = balancing::round_robin;
    std::vector<backend> backends;
    health_check health;
    std::optional<tls_settings> tls;
    std::map<std::string, std::string> labels;
    std::int32_t max_connections = 1024;
    std::uint32_t queue_limit = 4096;
    std::chrono::seconds idle_timeout{60};
    std::optional<std::chrono::milliseconds> request_timeout;
    std::vector<double> retry_backoff;

    friend bool operator==(service const&, service const&) = default;
};
BOOST_DESCRIBE_STRUCT(service, (),
    (name, description, enabled, protocol, balance, backends, health, tls, labels, max_connections,
     queue_limit, idle_timeout, request_timeout, retry_backoff))

struct user
{
    std::string display_name;
    std::string email;
    std::uint64_t id = 0;
    std::int32_t quota_mb = 0;
    std::int16_t utc_offset_minutes = 0;
    std::vector<std::string> roles;
    std::optional<std::chrono::seconds> session_limit;
    std::unordered_map<std::string, bool> features;

    friend bool operator==(user const&, user const&) = default;
};
BOOST_DESCRIBE_STRUCT(user, (),
    (display_name, email, id, quota_mb, utc_offset_minutes, roles, session_limit, features))

struct app_config
{
    std::string instance;
    std::uint32_t revision = 0;
    std::int64_t created_unix = 0;
    std::uint64_t install_id = 0;
    log_level level = log_level::info;
    std::chrono::milliseconds flush_interval{250};
    float ui_scale = 1.0f;
    window_state window;
    std::optional<std::string> proxy;
    std::vector<std::string> recent_files;
    std::vector<service> services;
    std::map<std::string, user> users;
    std::unordered_map<std::string, std::int64_t> counters;

    friend bool operator==(app_config const&, app_config const&) = default;
};
BOOST_DESCRIBE_STRUCT(app_config, (),
    (instance, revision, created_unix, install_id, level, flush_interval, ui_scale, window, proxy,
     recent_files, services, users, counters))

// How many of each make_app_config() makes: about 1 MiB in the saved form.
constexpr std::size_t service_count = 128;
constexpr std::size_t backends_per_service = 6;
constexpr std::size_t user_count = 640;
constexpr std::size_t counter_count = 400;

namespace detail {

// Deterministic pseudo-random choices. The engine's sequence is fixed by
// the standard; the standard's distributions are not, so none is used.
class chooser
{
public:
    std::uint64_t below(std::uint64_t n) { return engine_() % n; }
    bool chance(unsigned percent) { return below(100) < percent; }

    // A double with all 53 bits of its mantissa used, in [0, scale): what
    // a program computes, as opposed to what a person types.
    double measured(double scale)
    {
        return static_cast<double>(engine_() >> 11) * 0x1.0p-53 * scale;
    }

    template<class T, std::size_t N>
    T const& pick(T const (&choices)[N])
    {
        return choices[below(N)];
    }

private:
    std::mt19937_64 engine_{20260401};
};

inline char const* const regions[] = {"eu-west", "eu-central", "us-east", "us-west", "ap-south", "sa-east"};
inline char const* const words[] = {"billing", "search", "auth", "media", "catalog", "checkout",
    "inventory", "profile", "reports", "gateway", "notify", "archive"};
inline char const* const places[] = {"Zürich", "São Paulo", "Kraków", "東京", "Reykjavík", "Montréal"};
inline char const* const names[] = {"Ana", "Björn", "Chloé", "Dmitri", "Émile", "Fatima", "Gōrō", "Hana"};
inline char const* const roles[] = {"admin", "operator", "viewer", "auditor", "on-call"};
inline char const* const features[] = {"dark_mode", "beta_dashboard", "bulk_export", "audit_log",
    "two_factor", "new_editor"};
inline char const* const ciphers[] = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"};

inline std::string numbered(char const* stem, std::size_t n)
{
    return std::string(stem) + "-" + std::to_string(n);
}

inline backend make_backend(chooser& c, std::string const& service_name, std::size_t n)
{
    backend b;
    b.host = service_name + "-" + std::to_string(n) + "." + c.pick(regions) + ".internal.example.net";
    b.port = static_cast<std::uint16_t>(8000 + c.below(2000));
    b.priority = static_cast<std::int8_t>(static_cast<int>(c.below(256)) - 128);
    b.weight = static_cast<double>(c.below(100) + 1) / 100;
    b.draining = c.chance(5);
    if(c.chance(70))
        b.zone = std::string(c.pick(regions)) + "-" + static_cast<char>('a' + c.below(3));
    b.stats.requests = c.below(std::uint64_t(1) << 40);
    b.stats.bytes_in = c.below(std::uint64_t(1) << 50);
    // Near the top of the range: a counter that has wrapped once is not rare.
    b.stats.bytes_out = ~std::uint64_t(0) - c.below(std::uint64_t(1) << 62);
    b.stats.errors = static_cast<std::uint32_t>(c.below(std::uint64_t(1) << 32));
    b.stats.latency_ewma_ms = c.measured(250);
    b.stats.latency_p99_ms = c.measured(2000);
    b.stats.last_seen_unix_ms = 1767225600000 + static_cast<std::int64_t>(c.below(86400000));
    return b;
}

inline service make_service(chooser& c, std::size_t n)
{
    service s;
    s.name = numbered(c.pick(words), n);
    s.description = "Serves \"" + s.name + "\" for the " + c.pick(places) + " office\t(v" +
        std::to_string(c.below(10)) + ")\nowner: C:\\ops\\" + c.pick(words);
    s.enabled = c.chance(90);
    s.protocol = static_cast<wire_protocol>(c.below(4));
    s.balance = static_cast<balancing>(c.below(4));
    for(std::size_t i = 0; i < backends_per_service; ++i)
        s.backends.push_back(make_backend(c, s.name, i));
    s.health.path = "/" + s.name + "/healthz";
    s.health.interval = std::chrono::milliseconds(1000 * (1 + c.below(30)));
    s.health.unhealthy_after = static_cast<std::uint8_t>(1 + c.below(255));
    if(s.protocol == wire_protocol::https || s.protocol == wire_protocol::grpc)
    {
        tls_settings tls;
        tls.certificate = "/etc/gateway/tls/" + s.name + ".crt";
        tls.private_key = "/etc/gateway/tls/" + s.name + ".key";
        if(c.chance(50))
            tls.ca_bundle = "/etc/ssl/certs/ca-certificates.crt";
        tls.ciphers.assign(std::begin(ciphers), std::begin(ciphers) + 1 + c.below(4));
        tls.rotation = std::chrono::hours(24 * (1 + c.below(90)));
        s.tls = std::move(tls);
    }
    s.labels["team"] = c.pick(words);
    s.labels["region"] = c.pick(regions);
    s.labels["tier"] = c.chance(30) ? "critical" : "standard";
    s.max_connections = static_cast<std::int32_t>(c.below(100000)) - 1;
    s.queue_limit = static_cast<std::uint32_t>(c.below(std::uint64_t(1) << 32));
    s.idle_timeout = std::chrono::seconds(30 + c.below(600));
    if(c.chance(60))
        s.request_timeout = std::chrono::milliseconds(100 + c.below(30000));
    for(double factor = 1; factor < 40; factor *= 1.5 + c.measured(1))
        s.retry_backoff.push_back(factor);
    return s;
}

inline user make_user(chooser& c, std::size_t n)
{
    user u;
    u.display_name = std::string(c.pick(names)) + " " + c.pick(places) + " #" + std::to_string(n);
    u.email = "user" + std::to_string(n) + "@" + c.pick(words) + ".example.com";
    u.id = c.below(~std::uint64_t(0));
    u.quota_mb = static_cast<std::int32_t>(c.below(std::uint64_t(1) << 32) - (std::uint64_t(1) << 31));
    u.utc_offset_minutes = static_cast<std::int16_t>(static_cast<int>(c.below(27)) * 60 - 720);
    for(char const* role : roles)
        if(c.chance(30))
            u.roles.push_back(role);
    if(c.chance(40))
        u.session_limit = std::chrono::seconds(3600 * (1 + c.below(72)));
    for(char const* feature : features)
        if(c.chance(50))
            u.features[feature] = c.chance(50);
    return u;
}

} // namespace detail

/// The configuration every run loads and saves: the same on every run.
inline app_config make_app_config()
{
    detail::chooser c;
    app_config config;
    config.instance = "gateway-prod-7 (Zürich)";
    config.revision = 4187;
    config.created_unix = 1767225600;
    config.install_id = 0xC0FFEE0DDF00D5EDull;
    config.level = log_level::warning;
    config.flush_interval = std::chrono::milliseconds(1500);
    config.ui_scale = 1.25f;
    config.window = {-1920, 24, 2560, 1377, true, 1.5};
    config.proxy = "http://proxy.example.net:3128";
    for(std::size_t i = 0; i < 20; ++i)
        config.recent_files.push_back("/home/ops/exports/" + detail::numbered(c.pick(detail::words), i) + ".csv");
    for(std::size_t i = 0; i < service_count; ++i)
        config.services.push_back(detail::make_service(c, i));
    for(std::size_t i = 0; i < user_count; ++i)
        config.users.emplace(detail::numbered("user", 100000 + i), detail::make_user(c, i));
    for(std::size_t i = 0; i < counter_count; ++i)
        config.counters.emplace(detail::numbered("requests", i),
            static_cast<std::int64_t>(c.below(std::uint64_t(1) << 63)) - (std::int64_t(1) << 62));
    return config;
}

// What make_small_app_config() keeps: about 4 KiB in the saved form.
constexpr std::size_t small_services = 1;
constexpr std::size_t small_backends = 2;
constexpr std::size_t small_users = 1;
constexpr std::size_t small_counters = 4;
constexpr std::size_t small_recent_files = 4;

/// The configuration of about 4 KiB: make_app_config() cut down to one
/// service of two backends, one user, four counters and four recent files.
inline app_config make_small_app_config()
{
    app_config config = make_app_config();
    config.recent_files.resize(small_recent_files);
    config.services.resize(small_services);
    for(service& s : config.services)
        s.backends.resize(small_backends);
    config.users.erase(std::next(config.users.begin(), small_users), config.users.end());
    while(config.counters.size() > small_counters)
        config.counters.erase(config.counters.begin());
    return config;
}

} // namespace durable_bench

#endif
