//
// Copyright (c) 2026 The durable authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef DURABLE_DETAIL_CONFIG_MAPPING_HPP
#define DURABLE_DETAIL_CONFIG_MAPPING_HPP

#include <durable/config_options.hpp>
#include <durable/config_problem.hpp>
#include <durable/detail/export.hpp>
#include <durable/json/describe_value.hpp>
#include <durable/json/pretty_writer.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

// Maps described structs to JSON values and back, reporting every problem
// with the JSON pointer of its value. doc/config.md (section 1, "Why not
// Boost.JSON's own conversion") says why this is not Boost.JSON's own
// conversion of described structs.

namespace durable {
namespace detail {

/** The way from the root of a document to the value being mapped.

    A chain of steps, each on the stack of the function that maps its value:
    a step is taken at every member and element of a load or a save, and
    costs two stores.
*/
class DURABLE_DECL json_path
{
public:
    /// One step down, to a member or an element, for as long as it lives.
    class step
    {
    public:
        step(json_path& path, std::string_view key) noexcept : step(path, key, 0) {}
        step(json_path& path, std::size_t index) noexcept : step(path, {}, index + 1) {}
        step(step const&) = delete;
        step& operator=(step const&) = delete;
        ~step() { path_.last_ = parent_; }

    private:
        friend class json_path;

        step(json_path& path, std::string_view key, std::size_t index_plus_one) noexcept
            : path_(path), parent_(path.last_), key_(key), index_plus_one_(index_plus_one)
        {
            path.last_ = this;
        }

        json_path& path_;
        step const* parent_;
        std::string_view key_;
        std::size_t index_plus_one_; // 0 for a key
    };

    bool empty() const noexcept { return last_ == nullptr; }

    /// As a JSON pointer (RFC 6901); built only for problems, so the walk costs nothing.
    std::string pointer() const;

    /// Whether pointer() would equal `pointer`, without building it: a save with kept keys asks at every object.
    bool is(std::string_view pointer) const noexcept;

private:
    step const* last_ = nullptr;
};

/// A key kept by unknown_keys::keep: where it was and what it held.
struct kept_key
{
    std::string parent; // JSON pointer of its object
    std::string key;
    boost::json::value value;
};

/// The state of one mapping: where it is and what is wrong.
class DURABLE_DECL mapping_context
{
public:
    explicit mapping_context(std::size_t max_problems) : max_problems_(max_problems) {}

    json_path path;

    /// Records a problem of the value at the current path, unless the limit is reached.
    void fail(std::string message);

    /// Records "expected WHAT, found VALUE" at the current path.
    void expected(char const* what, boost::json::value const& found);

    bool failed() const noexcept { return !problems_.empty(); }
    std::vector<config_problem>& problems() noexcept { return problems_; }

private:
    std::size_t max_problems_;
    std::vector<config_problem> problems_;
};

/// The state of a load: also what to do with unknown keys.
class DURABLE_DECL reading_context : public mapping_context
{
public:
    reading_context(std::size_t max_problems, durable::unknown_keys policy, std::vector<kept_key>* kept)
        : mapping_context(max_problems), policy_(policy), kept_(kept)
    {
    }

    /// Handles a key of the object at the current path that names no member.
    void unknown_key(std::string_view key, boost::json::value const& value);

private:
    durable::unknown_keys policy_;
    std::vector<kept_key>* kept_;
};

/** The state of a save: also what it writes besides the values' own members.

    The schema version, when there is a version key, goes first in the root
    object; the keys kept by the last load go back to the objects they were
    in, after the members.
*/
class DURABLE_DECL writing_context : public mapping_context
{
public:
    writing_context(std::size_t max_problems, std::vector<kept_key> const& kept,
        std::string_view version_key, std::uint64_t version)
        : mapping_context(max_problems), kept_(kept), version_key_(version_key), version_(version)
    {
    }

    /// Whether the key of the object at the current path is the version key, which only begin_members() writes.
    bool reserved(std::string_view key) const noexcept
    {
        return !version_key_.empty() && path.empty() && key == version_key_;
    }

    /// Writes, in the object at the current path just begun, what a save puts before the members.
    void begin_members(json::pretty_writer& out) const;

    /// Writes, in the object at the current path about to end, what a save puts after the members.
    void end_members(json::pretty_writer& out) const;

private:
    std::vector<kept_key> const& kept_;
    std::string_view version_key_;
    std::uint64_t version_;
};

/// Reads a JSON integer into [min, max]; false if it is no integer or out of the range.
DURABLE_DECL bool read_integer(boost::json::value const& value, std::int64_t min, std::uint64_t max, std::int64_t& result);
DURABLE_DECL bool read_integer(boost::json::value const& value, std::int64_t min, std::uint64_t max, std::uint64_t& result);

/// "expected integer in [MIN, MAX]".
DURABLE_DECL std::string integer_range(std::int64_t min, std::uint64_t max);

/// A unit of the durations a config holds, as its suffix and its ratio to one second.
struct duration_unit
{
    std::string_view suffix;
    std::intmax_t num;
    std::intmax_t den;
};

/** Durations are strings of a whole number and a unit: "30s", "1500ms", "-2h".

    A load converts exactly into the member's own unit or fails; a save
    writes the member's unit. Longest suffixes first, so that a load does
    not read "min" and "ms" as "m"-something.
*/
inline constexpr duration_unit duration_units[] = {
    {"min", 60, 1},
    {"ns", 1, 1000000000},
    {"us", 1, 1000000},
    {"ms", 1, 1000},
    {"h", 3600, 1},
    {"s", 1, 1},
};

/// The suffix of the unit num/den seconds, or null if it is not one of duration_units.
constexpr char const* duration_suffix(std::intmax_t num, std::intmax_t den) noexcept
{
    for(duration_unit const& unit : duration_units)
    {
        if(unit.num == num && unit.den == den)
            return unit.suffix.data(); // a literal's: the suffix ends in a '\0'
    }
    return nullptr;
}

DURABLE_DECL bool read_duration(boost::json::value const& value, std::intmax_t num, std::intmax_t den,
    std::int64_t& count, std::string& error);

template<class T> struct is_optional : std::false_type {};
template<class T> struct is_optional<std::optional<T>> : std::true_type {};

template<class T> struct is_vector : std::false_type {};
template<class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};

template<class T> struct is_string_map : std::false_type {};
template<class V, class C, class A> struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};
template<class V, class H, class E, class A>
struct is_string_map<std::unordered_map<std::string, V, H, E, A>> : std::true_type {};

template<class T> struct is_duration : std::false_type {};
template<class R, class P> struct is_duration<std::chrono::duration<R, P>> : std::true_type {};

template<class T>
using members_of = boost::describe::describe_members<T,
    boost::describe::mod_public | boost::describe::mod_inherited>;

template<class T>
bool names_member(std::string_view key)
{
    bool found = false;
    boost::mp11::mp_for_each<members_of<T>>([&](auto member) { found = found || key == member.name; });
    return found;
}

template<class T>
void read_value(boost::json::value const& value, T& result, reading_context& cx);

template<class T>
void read_integer_value(boost::json::value const& value, T& result, reading_context& cx)
{
    using limits = std::numeric_limits<T>;
    std::int64_t const min = static_cast<std::int64_t>(limits::min());
    std::uint64_t const max = static_cast<std::uint64_t>(limits::max());
    std::conditional_t<std::is_signed<T>::value, std::int64_t, std::uint64_t> n{};
    if(read_integer(value, min, max, n))
        result = static_cast<T>(n);
    else
        cx.expected(integer_range(min, max).c_str(), value);
}

// Whether `d` (finite) rounds to a finite T: it must lie below the midpoint
// between T's largest value and the next power of two, which rounds to
// infinity. A text that rounds to the largest float, such as that float's
// own shortest text 3.4028235e38, is above the largest float itself.
template<class T>
bool narrows_to_finite(double d)
{
    if constexpr(sizeof(T) >= sizeof(double))
        return true;
    else
    {
        T const largest = std::numeric_limits<T>::max();
        double const step = static_cast<double>(largest) - static_cast<double>(std::nextafter(largest, T(0)));
        return std::abs(d) < static_cast<double>(largest) + step / 2;
    }
}

template<class T>
void read_floating_value(boost::json::value const& value, T& result, reading_context& cx)
{
    double d = 0;
    if(value.is_double())
        d = value.get_double();
    else if(value.is_int64())
        d = static_cast<double>(value.get_int64());
    else if(value.is_uint64())
        d = static_cast<double>(value.get_uint64());
    else
        return cx.expected("number", value);
    if(!narrows_to_finite<T>(d))
        return cx.expected("number in the range of float", value);
    result = static_cast<T>(d);
}

template<class T>
void read_enum_value(boost::json::value const& value, T& result, reading_context& cx)
{
    std::string names;
    bool found = false;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
        names += names.empty() ? "one of \"" : ", \"";
        names += e.name;
        names += '"';
        if(!found && value.is_string() && value.get_string() == e.name)
        {
            result = e.value;
            found = true;
        }
    });
    if(!found)
        cx.expected(names.c_str(), value);
}

template<class Rep, class Period>
void read_duration_value(boost::json::value const& value, std::chrono::duration<Rep, Period>& result,
    reading_context& cx)
{
    static_assert(std::is_integral<Rep>::value, "durations are mapped with an integer count");
    static_assert(duration_suffix(Period::num, Period::den) != nullptr,
        "durations are mapped in ns, us, ms, s, min or h");
    std::int64_t count = 0;
    std::string error;
    if(!read_duration(value, Period::num, Period::den, count, error))
        return cx.fail(std::move(error));
    bool const fits = count < 0
        ? count >= static_cast<std::int64_t>(std::numeric_limits<Rep>::min())
        : static_cast<std::uint64_t>(count) <= static_cast<std::uint64_t>(std::numeric_limits<Rep>::max());
    if(!fits)
        return cx.expected("duration in the range of the member", value);
    result = std::chrono::duration<Rep, Period>(static_cast<Rep>(count));
}

template<class T>
void read_array_value(boost::json::value const& value, T& result, reading_context& cx)
{
    auto const* array = value.if_array();
    if(!array)
        return cx.expected("array", value);
    T elements;
    elements.reserve(array->size());
    for(std::size_t i = 0; i < array->size(); ++i)
    {
        typename T::value_type element{};
        json_path::step const here(cx.path, i);
        read_value((*array)[i], element, cx);
        elements.push_back(std::move(element));
    }
    result = std::move(elements);
}

template<class T>
void read_map_value(boost::json::value const& value, T& result, reading_context& cx)
{
    auto const* object = value.if_object();
    if(!object)
        return cx.expected("object", value);
    T entries;
    for(auto const& entry : *object)
    {
        typename T::mapped_type mapped{};
        std::string_view const key(entry.key().data(), entry.key().size());
        json_path::step const here(cx.path, key);
        read_value(entry.value(), mapped, cx);
        entries.emplace(std::string(key), std::move(mapped));
    }
    result = std::move(entries);
}

/** Finds the value of the member `name` in `object`, starting at `next`.

    A file written by a save holds the members in declaration order, so
    the entry at `next` (the one after the last member found) is tried
    before a lookup of the key; `next` moves past what is found.
*/
DURABLE_DECL boost::json::value const* find_member(boost::json::object const& object, std::string_view name, std::size_t& next);

// A member absent from the object keeps its value (the defaults'), except
// an optional, which is empty: so that saving an empty optional (which
// leaves the key out) and loading it again gives an empty optional.
template<class T>
void read_struct_value(boost::json::value const& value, T& result, reading_context& cx)
{
    auto const* object = value.if_object();
    if(!object)
        return cx.expected("object", value);
    std::size_t next = 0;
    std::size_t found = 0;
    boost::mp11::mp_for_each<members_of<T>>([&](auto member) {
        auto& field = result.*member.pointer;
        auto const* json = find_member(*object, member.name, next);
        if(!json)
        {
            if constexpr(is_optional<std::remove_reference_t<decltype(field)>>::value)
                field.reset();
            return;
        }
        ++found;
        json_path::step const here(cx.path, member.name);
        read_value(*json, field, cx);
    });
    // The keys of an object are distinct: when each named a member, none is unknown.
    if(found == object->size())
        return;
    for(auto const& entry : *object)
    {
        std::string_view const key(entry.key().data(), entry.key().size());
        if(!names_member<T>(key))
            cx.unknown_key(key, entry.value());
    }
}

// Types of their own, and boost::json::value itself, go through Boost.JSON's
// conversion, which their tag_invoke overloads customise. They convert a
// copy in memory of its own: what they keep of it (a boost::json::value
// member keeps all) must outlive the document's memory.
template<class T>
void read_converted_value(boost::json::value const& value, T& result, reading_context& cx)
{
    try
    {
        result = boost::json::value_to<T>(boost::json::value(value, {}));
    }
    catch(std::exception const& e)
    {
        cx.fail(std::string("invalid value (") + e.what() + "), found " + json::describe_value(value));
    }
}

template<class T>
void read_value(boost::json::value const& value, T& result, reading_context& cx)
{
    if constexpr(std::is_same<T, bool>::value)
    {
        if(value.is_bool())
            result = value.get_bool();
        else
            cx.expected("boolean", value);
    }
    else if constexpr(std::is_integral<T>::value)
        read_integer_value(value, result, cx);
    else if constexpr(std::is_floating_point<T>::value)
        read_floating_value(value, result, cx);
    else if constexpr(std::is_same<T, std::string>::value)
    {
        if(value.is_string())
            result.assign(value.get_string().data(), value.get_string().size());
        else
            cx.expected("string", value);
    }
    else if constexpr(boost::describe::has_describe_enumerators<T>::value)
        read_enum_value(value, result, cx);
    else if constexpr(is_duration<T>::value)
        read_duration_value(value, result, cx);
    else if constexpr(is_optional<T>::value)
    {
        if(value.is_null())
            return result.reset();
        if(!result)
            result.emplace();
        read_value(value, *result, cx);
    }
    else if constexpr(is_vector<T>::value)
        read_array_value(value, result, cx);
    else if constexpr(is_string_map<T>::value)
        read_map_value(value, result, cx);
    else if constexpr(boost::describe::has_describe_members<T>::value)
        read_struct_value(value, result, cx);
    else
    {
        static_assert(boost::json::has_value_to<T>::value,
            "durable maps described structs and enums, standard types, and types with a "
            "Boost.JSON tag_invoke conversion; this type is none of them");
        read_converted_value(value, result, cx);
    }
}

template<class T>
void write_value(T const& value, json::pretty_writer& out, writing_context& cx);

// A value with no JSON form is a problem; a null holds its place, since
// the text of a save with a problem is never written.
template<class T>
void write_floating_value(T value, json::pretty_writer& out, writing_context& cx)
{
    // A float has digits of its own (0.1, not 0.10000000149011612).
    if(std::isfinite(value) && std::is_same<T, float>::value)
        return out.number(static_cast<float>(value));
    if(std::isfinite(value))
        return out.number(static_cast<double>(value));
    cx.fail("cannot be saved: JSON has no NaN or infinity");
    out.null();
}

template<class T>
void write_enum_value(T value, json::pretty_writer& out, writing_context& cx)
{
    char const* name = nullptr;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
        if(!name && value == e.value)
            name = e.name;
    });
    if(name)
        return out.string(name);
    cx.fail("cannot be saved: the enum holds " +
        std::to_string(static_cast<std::underlying_type_t<T>>(value)) + ", which has no name");
    out.null();
}

template<class T>
void write_member(std::string_view key, T const& value, json::pretty_writer& out, writing_context& cx)
{
    if(cx.reserved(key))
        return;
    out.key(key);
    json_path::step const here(cx.path, key);
    write_value(value, out, cx);
}

template<class T>
void write_struct_value(T const& value, json::pretty_writer& out, writing_context& cx)
{
    out.begin_object();
    cx.begin_members(out);
    boost::mp11::mp_for_each<members_of<T>>([&](auto member) {
        auto const& field = value.*member.pointer;
        if constexpr(is_optional<std::remove_cv_t<std::remove_reference_t<decltype(field)>>>::value)
        {
            if(!field)
                return;
        }
        write_member(member.name, field, out, cx);
    });
    cx.end_members(out);
    out.end_object();
}

// A converted value's object goes member by member, as a struct's does, so
// that a type converted by tag_invoke at the root still gets the schema
// version first (without it, the next load would migrate it again).
inline void write_json_object(boost::json::object const& object, json::pretty_writer& out, writing_context& cx)
{
    out.begin_object();
    cx.begin_members(out);
    for(boost::json::key_value_pair const& member : object)
        write_member(std::string_view(member.key().data(), member.key().size()), member.value(), out, cx);
    cx.end_members(out);
    out.end_object();
}

// Keys in a stable order whatever the map: an unordered_map would write
// its keys in hash order, different from run to run.
template<class T>
void write_map_value(T const& value, json::pretty_writer& out, writing_context& cx)
{
    std::vector<typename T::value_type const*> entries;
    entries.reserve(value.size());
    for(auto const& entry : value)
        entries.push_back(&entry);
    if constexpr(!std::is_same<T, std::map<std::string, typename T::mapped_type>>::value)
        std::sort(entries.begin(), entries.end(), [](auto a, auto b) { return a->first < b->first; });
    out.begin_object();
    cx.begin_members(out);
    for(auto const* entry : entries)
        write_member(entry->first, entry->second, out, cx);
    cx.end_members(out);
    out.end_object();
}

template<class T>
void write_array_value(T const& value, json::pretty_writer& out, writing_context& cx)
{
    out.begin_array();
    for(std::size_t i = 0; i < value.size(); ++i)
    {
        out.element();
        json_path::step const here(cx.path, i);
        typename T::value_type const& element = value[i]; // a copy for vector<bool>
        write_value(element, out, cx);
    }
    out.end_array();
}

template<class T>
void write_value(T const& value, json::pretty_writer& out, writing_context& cx)
{
    if constexpr(std::is_same<T, bool>::value)
        out.boolean(value);
    else if constexpr(std::is_integral<T>::value)
    {
        if constexpr(std::is_signed<T>::value)
            out.number(static_cast<std::int64_t>(value));
        else
            out.number(static_cast<std::uint64_t>(value));
    }
    else if constexpr(std::is_floating_point<T>::value)
        write_floating_value(value, out, cx);
    else if constexpr(std::is_same<T, std::string>::value)
        out.string(value);
    else if constexpr(boost::describe::has_describe_enumerators<T>::value)
        write_enum_value(value, out, cx);
    else if constexpr(is_duration<T>::value)
    {
        using period = typename T::period;
        out.string(std::to_string(value.count()) + duration_suffix(period::num, period::den));
    }
    else if constexpr(is_optional<T>::value)
    {
        if(!value)
            return out.null();
        write_value(*value, out, cx);
    }
    else if constexpr(is_vector<T>::value)
        write_array_value(value, out, cx);
    else if constexpr(is_string_map<T>::value)
        write_map_value(value, out, cx);
    else if constexpr(boost::describe::has_describe_members<T>::value)
        write_struct_value(value, out, cx);
    else
    {
        static_assert(boost::json::has_value_from<T>::value,
            "durable maps described structs and enums, standard types, and types with a "
            "Boost.JSON tag_invoke conversion; this type is none of them");
        boost::json::value const converted = boost::json::value_from(value);
        if(converted.is_object())
            write_json_object(converted.get_object(), out, cx);
        else
            out.value(converted);
    }
}

} // namespace detail
} // namespace durable

#endif
