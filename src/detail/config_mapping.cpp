//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <durable/detail/config_mapping.hpp>
#include <durable/json/pointer.hpp>

#include <charconv>
#include <cstdlib>
#include <numeric>
#include <utility>

namespace durable {
namespace detail {

namespace {

// A count as a save writes it: a minus sign, if any, then digits, as many
// as the member's count takes (a limit of 18 digits here refused the 19 of
// "-1975797584054975000ms", which a load of "-1975797584054975s" had given,
// so that a save could not be loaded: found by the fuzz target). Read into
// the std::int64_t the mapping converts through.
struct count_reading
{
    std::optional<std::int64_t> count;
    bool out_of_range = false; // digits, but too many for std::int64_t
};

count_reading parse_count(std::string_view digits)
{
    char const* const end = digits.data() + digits.size();
    std::int64_t n = 0;
    auto const result = std::from_chars(digits.data(), end, n);
    if(result.ptr != end)
        return {};
    if(result.ec == std::errc::result_out_of_range)
        return {std::nullopt, true};
    if(result.ec != std::errc())
        return {};
    return {n, false};
}

// count × (unit / period), exactly, or nothing when it is no whole number of
// periods or does not fit.
std::optional<std::int64_t> convert(std::int64_t count, duration_unit unit, std::intmax_t num, std::intmax_t den)
{
    std::intmax_t factor_num = unit.num * den;
    std::intmax_t factor_den = unit.den * num;
    std::intmax_t const g = std::gcd(factor_num, factor_den);
    factor_num /= g;
    factor_den /= g;
    std::int64_t scaled = 0;
    if(__builtin_mul_overflow(count, factor_num, &scaled) || scaled % factor_den != 0)
        return std::nullopt;
    return scaled / factor_den;
}

// Built only for a value that is no duration: every duration of a config
// is read through here.
std::string expected_duration(boost::json::value const& value)
{
    return std::string("expected duration such as \"30s\" or \"1500ms\" ") +
        "(a whole number and one of ns, us, ms, s, min, h), found " + json::describe_value(value);
}

} // namespace

std::string json_path::pointer() const
{
    std::vector<step const*> steps;
    for(step const* s = last_; s; s = s->parent_)
        steps.push_back(s);
    std::string result;
    for(auto s = steps.rbegin(); s != steps.rend(); ++s)
    {
        if((*s)->index_plus_one_ == 0)
            json::append_pointer_token(result, (*s)->key_);
        else
            result += '/' + std::to_string((*s)->index_plus_one_ - 1);
    }
    return result;
}

// From the last step back, each step's token must end what is left of the
// pointer, '/' before it, with a key's '~' and '/' as "~0" and "~1".
bool json_path::is(std::string_view pointer) const noexcept
{
    std::size_t left = pointer.size();
    auto const ends_with = [&](std::string_view tail) {
        if(left < tail.size() || pointer.substr(left - tail.size(), tail.size()) != tail)
            return false;
        left -= tail.size();
        return true;
    };
    for(step const* s = last_; s; s = s->parent_)
    {
        if(s->index_plus_one_ != 0)
        {
            char digits[24];
            char const* const end = std::to_chars(digits, digits + sizeof digits, s->index_plus_one_ - 1).ptr;
            if(!ends_with(std::string_view(digits, static_cast<std::size_t>(end - digits))))
                return false;
        }
        else
        {
            for(auto c = s->key_.rbegin(); c != s->key_.rend(); ++c)
            {
                std::string_view const token = *c == '~' ? "~0" : *c == '/' ? "~1" : std::string_view(&*c, 1);
                if(!ends_with(token))
                    return false;
            }
        }
        if(!ends_with("/"))
            return false;
    }
    return left == 0;
}

void mapping_context::fail(std::string message)
{
    if(problems_.size() < max_problems_)
        problems_.push_back({path.pointer(), 0, 0, std::move(message)});
}

void mapping_context::expected(char const* what, boost::json::value const& found)
{
    fail(std::string("expected ") + what + ", found " + json::describe_value(found));
}

void reading_context::unknown_key(std::string_view key, boost::json::value const& value)
{
    if(policy_ == durable::unknown_keys::ignore)
        return;
    if(policy_ == durable::unknown_keys::keep)
    {
        // Copied out of the document's memory, which the load frees.
        if(kept_)
            kept_->push_back({path.pointer(), std::string(key), boost::json::value(value, {})});
        return;
    }
    json_path::step const here(path, key);
    fail("unknown key");
}

void writing_context::begin_members(json::pretty_writer& out) const
{
    if(!path.empty() || version_key_.empty())
        return;
    out.key(version_key_);
    out.number(version_);
}

// No kept key repeats a key written before it: it named no member when it
// was read, and the version key is never kept.
void writing_context::end_members(json::pretty_writer& out) const
{
    for(kept_key const& k : kept_)
    {
        if(!path.is(k.parent))
            continue;
        out.key(k.key);
        out.value(k.value);
    }
}

boost::json::value const* find_member(boost::json::object const& object, std::string_view name, std::size_t& next)
{
    if(next < object.size())
    {
        boost::json::key_value_pair const& guess = object.begin()[next];
        if(std::string_view(guess.key().data(), guess.key().size()) == name)
        {
            ++next;
            return &guess.value();
        }
    }
    auto const it = object.find(boost::json::string_view(name.data(), name.size()));
    if(it == object.end())
        return nullptr;
    next = static_cast<std::size_t>(it - object.begin()) + 1;
    return &it->value();
}

bool read_integer(boost::json::value const& value, std::int64_t min, std::uint64_t max, std::int64_t& result)
{
    if(value.is_int64())
        result = value.get_int64();
    else
        return false;
    return result >= min && (result < 0 || static_cast<std::uint64_t>(result) <= max);
}

bool read_integer(boost::json::value const& value, std::int64_t, std::uint64_t max, std::uint64_t& result)
{
    if(value.is_int64() && value.get_int64() >= 0)
        result = static_cast<std::uint64_t>(value.get_int64());
    else if(value.is_uint64())
        result = value.get_uint64();
    else
        return false;
    return result <= max;
}

std::string integer_range(std::int64_t min, std::uint64_t max)
{
    return "integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
}

bool read_duration(boost::json::value const& value, std::intmax_t num, std::intmax_t den,
    std::int64_t& count, std::string& error)
{
    if(!value.is_string())
    {
        error = expected_duration(value);
        return false;
    }
    std::string_view const text(value.get_string().data(), value.get_string().size());
    for(duration_unit const& unit : duration_units)
    {
        if(text.size() <= unit.suffix.size() || text.substr(text.size() - unit.suffix.size()) != unit.suffix)
            continue;
        count_reading const n = parse_count(text.substr(0, text.size() - unit.suffix.size()));
        if(!n.count && !n.out_of_range)
            break;
        std::optional<std::int64_t> const converted = n.count ? convert(*n.count, unit, num, den) : std::nullopt;
        if(!converted)
        {
            error = std::string("expected a whole number of ") + duration_suffix(num, den) +
                " within range, found " + json::describe_value(value);
            return false;
        }
        count = *converted;
        return true;
    }
    error = expected_duration(value);
    return false;
}

} // namespace detail
} // namespace durable
