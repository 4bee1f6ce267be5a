// SPDX-License-Identifier: Apache-2.0
// Building blocks of the strict JSON codecs (shared model and sync protocol): JSON paths and problem
// collection, an object reader that reports unknown, missing and mistyped fields, an object writer, and
// the codecs of primitive values. A type's codec is one describe() list of its fields that serves both
// directions:
//
//     template <class Io> void describe(Io& io, json::Ref<Io, Review> v) {
//         io("id", v.id, json::kUuidText); // a string that must be a canonical UUID
//         io("revision", v.revision);      // required; std::optional members are optional
//     }
//     JEJAK_JSON_OBJECT_CODEC(Review)      // defines toJson(const Review&) and fromJson(json, Review&, at)
//
// `io.defaulted("policy", v.policy)` declares a field that may be absent or null and then keeps its
// default. Types that need more (a payload chosen by a kind, fields present only in some states) write
// fromJson/toJson by hand with ObjectReader and ObjectWriter. Decoding never throws on bad input and never
// stops at the first problem.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace jejak::shared {

/// Problems found while decoding one document, in the order the decoder met them (an object's fields in
/// the order of its field list, then its unknown fields); Error::field is the JSON path.
using Problems = std::vector<Error>;

namespace json {

//---- Paths and problems

/// Where in a document a value sits, and where its problems go. The path is a chain of segments that live
/// in the callers' stack frames and is rendered to text ("skpItems[3].parentTargetId") only when a problem
/// is reported, so passing a Context down costs nothing. A Context must not outlive the Context it was
/// derived from (member() and element() point back to it).
class Context {
  public:
    /// The root of a document; problems are appended to `problems`.
    explicit Context(Problems& problems) noexcept
        : m_problems(&problems) {}

    [[nodiscard]] Context member(std::string_view key) const noexcept {
        return Context(m_problems, this, Segment::Member, key, 0);
    }
    [[nodiscard]] Context element(std::size_t index) const noexcept {
        return Context(m_problems, this, Segment::Element, {}, index);
    }

    /// The JSON path: "" at the root, then "key", "key[2]", "key[2].other".
    [[nodiscard]] std::string path() const;
    /// Records a problem at this path.
    void report(ErrorCode code, std::string message) const;
    /// Problems recorded so far in the whole document; compare before and after a decode to tell whether
    /// that decode found any.
    [[nodiscard]] std::size_t problemCount() const noexcept { return m_problems->size(); }

  private:
    enum class Segment { Root, Member, Element };
    Context(Problems* problems, const Context* parent, Segment segment, std::string_view key,
            std::size_t index) noexcept
        : m_problems(problems)
        , m_parent(parent)
        , m_segment(segment)
        , m_key(key)
        , m_index(index) {}

    Problems* m_problems;
    const Context* m_parent = nullptr;
    Segment m_segment = Segment::Root;
    std::string_view m_key;
    std::size_t m_index = 0;
};

/// A constraint on the text of a string field, checked once the value is known to be a string; a string
/// that fails it is JsonBadValue. Rules for ids and digests are in codec.hpp.
struct TextRule {
    bool (*accepts)(std::string_view) noexcept;
    const char* expected; ///< what the text must be, for the message: "a canonical lowercase UUID"
};

//---- Primitive values
// Decoders report at most one problem each (JsonWrongType for another JSON type, JsonBadValue for a value
// outside the C++ type's domain) and leave `out` unchanged when they do.
//
// Integers: any JSON number with an integral value that fits is accepted, so 2, 2.0 and 2e0 all decode as
// 2 (JSON itself does not distinguish them and some producers write every number as a double); 1.5 and
// values out of range are JsonBadValue. Doubles: any finite JSON number (1e400, which overflows a double,
// is JsonBadValue). Date: "YYYY-MM-DD". Timestamp: RFC 3339 with an offset (time.hpp).
// Encoders write the canonical forms: integers as integers, a double whose value is integral and exactly
// representable (|x| <= 2^53) as an integer, other doubles as doubles, dates as "YYYY-MM-DD", instants in
// UTC as "YYYY-MM-DDThh:mm:ss.fffZ".

void fromJson(const boost::json::value& json, std::string& out, const Context& at);
void fromJson(const boost::json::value& json, bool& out, const Context& at);
void fromJson(const boost::json::value& json, int& out, const Context& at);
void fromJson(const boost::json::value& json, std::int64_t& out, const Context& at);
void fromJson(const boost::json::value& json, double& out, const Context& at);
void fromJson(const boost::json::value& json, Date& out, const Context& at);
void fromJson(const boost::json::value& json, Timestamp& out, const Context& at);
/// Any JSON object, kept as it is (records carried opaquely by the protocol).
void fromJson(const boost::json::value& json, boost::json::object& out, const Context& at);

[[nodiscard]] boost::json::value toJson(std::string_view text);
/// Deleted so that a string literal cannot silently pick the bool overload.
boost::json::value toJson(const char*) = delete;
[[nodiscard]] boost::json::value toJson(bool b);
[[nodiscard]] boost::json::value toJson(int i);
[[nodiscard]] boost::json::value toJson(std::int64_t i);
/// Precondition: `d` is finite.
[[nodiscard]] boost::json::value toJson(double d);
[[nodiscard]] boost::json::value toJson(Date d);
[[nodiscard]] boost::json::value toJson(Timestamp t);
[[nodiscard]] boost::json::value toJson(const boost::json::object& object);

//---- Enums

/// An enum with wire names: `enumNames(E)`, found by argument-dependent lookup next to the enum, returns
/// the names in enumerator order, each the enumerator's name with a lower-case first letter
/// (InstansiKind::PemdaKabKota is "pemdaKabKota").
template <class E>
concept WireEnum = std::is_enum_v<E> && requires(E e) {
    { enumNames(e) } -> std::same_as<std::span<const std::string_view>>;
};

/// The wire name of an enumerator.
template <WireEnum E> [[nodiscard]] std::string_view enumName(E e) noexcept {
    return enumNames(e)[static_cast<std::size_t>(e)];
}

/// The enumerator with this wire name (exact, case-sensitive), if any.
template <WireEnum E> [[nodiscard]] std::optional<E> parseEnum(std::string_view name) noexcept {
    const auto names = enumNames(E{});
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name)
            return static_cast<E>(i);
    }
    return std::nullopt;
}

/// Reports a name that is not one of `names` (JsonBadValue listing the accepted names).
void reportBadEnum(std::string_view name, std::span<const std::string_view> names, const Context& at);
/// Reports a JSON value of the wrong type; `expected` names the type wanted ("a string").
void reportWrongType(const boost::json::value& json, std::string_view expected, const Context& at);

template <WireEnum E> void fromJson(const boost::json::value& json, E& out, const Context& at) {
    if (!json.is_string()) {
        reportWrongType(json, "a string", at);
        return;
    }
    const std::string_view name = json.get_string();
    if (const auto e = parseEnum<E>(name))
        out = *e;
    else
        reportBadEnum(name, enumNames(E{}), at);
}

template <WireEnum E> [[nodiscard]] boost::json::value toJson(E e) {
    return toJson(enumName(e));
}

//---- Arrays

template <class T> void fromJson(const boost::json::value& json, std::vector<T>& out, const Context& at) {
    if (!json.is_array()) {
        reportWrongType(json, "an array", at);
        return;
    }
    const auto& array = json.get_array();
    out.clear();
    out.resize(array.size());
    for (std::size_t i = 0; i < array.size(); ++i)
        fromJson(array[i], out[i], at.element(i));
}

template <class T> [[nodiscard]] boost::json::value toJson(const std::vector<T>& values) {
    boost::json::array array;
    array.reserve(values.size());
    for (const auto& v : values)
        array.push_back(toJson(v));
    return array;
}

//---- Objects

/// Reads the fields of one JSON object strictly. Every read marks its key consumed; finish() reports every
/// key no read consumed as JsonUnknownField. A value that is not an object is reported once (JsonWrongType)
/// when the reader is made, and every read on it is then a no-op returning false, so describe() lists need
/// no special case. Reads return true when the field was decoded without problems (an absent optional
/// or defaulted field counts as decoded).
class ObjectReader {
  public:
    ObjectReader(const boost::json::value& json, const Context& at);
    ObjectReader(const ObjectReader&) = delete;
    ObjectReader& operator=(const ObjectReader&) = delete;

    [[nodiscard]] bool isObject() const noexcept { return m_object != nullptr; }
    /// The object's own place in the document.
    [[nodiscard]] const Context& context() const noexcept { return m_at; }

    /// A required field.
    template <class T> bool operator()(std::string_view key, T& out) {
        const auto* json = take(key);
        if (json == nullptr) {
            missing(key);
            return false;
        }
        return decodeField(*json, out, key);
    }

    /// An optional field: absent or null leaves `out` empty.
    template <class T> bool operator()(std::string_view key, std::optional<T>& out) {
        out.reset();
        const auto* json = take(key);
        if (json == nullptr || json->is_null())
            return isObject();
        out.emplace();
        return decodeField(*json, *out, key);
    }

    /// A required string field whose text must satisfy `rule`.
    bool operator()(std::string_view key, std::string& out, const TextRule& rule);

    /// A field with a default: absent or null keeps the current value of `out`.
    template <class T> bool defaulted(std::string_view key, T& out) {
        const auto* json = take(key);
        if (json == nullptr || json->is_null())
            return isObject();
        return decodeField(*json, out, key);
    }

    /// The raw value of a field, marked consumed; nullptr when absent or when this is not an object.
    /// Nothing is reported: for fields whose decoding depends on other fields.
    [[nodiscard]] const boost::json::value* take(std::string_view key);
    /// Reports a problem at a field of this object.
    void report(std::string_view key, ErrorCode code, std::string message) const;
    /// Reports that a required field is absent (nothing when this is not an object).
    void missing(std::string_view key) const;
    /// Reports every key no read consumed. Call once, after the last read.
    void finish() const;

  private:
    template <class T> bool decodeField(const boost::json::value& json, T& out, std::string_view key) {
        const auto before = m_at.problemCount();
        fromJson(json, out, m_at.member(key));
        return m_at.problemCount() == before;
    }

    const boost::json::object* m_object = nullptr;
    Context m_at;
    std::vector<bool> m_consumed; ///< parallel to m_object's entries, in document order
};

/// Builds a JSON object field by field; keys appear in call order, so the order of a describe() list is
/// the canonical key order. Absent optionals are omitted; defaulted fields are always written.
class ObjectWriter {
  public:
    template <class T> void operator()(std::string_view key, const T& value) {
        m_object.emplace(key, toJson(value));
    }
    template <class T> void operator()(std::string_view key, const std::optional<T>& value) {
        if (value)
            m_object.emplace(key, toJson(*value));
    }
    template <class T> void operator()(std::string_view key, const T& value, const TextRule&) {
        (*this)(key, value);
    }
    template <class T> void defaulted(std::string_view key, const T& value) { (*this)(key, value); }

    [[nodiscard]] boost::json::object release() { return std::move(m_object); }

  private:
    boost::json::object m_object;
};

/// The parameter type of describe(): `const T&` when writing and `T&` when reading, so that one field list
/// serves both directions.
template <class Io, class T> using Ref = std::conditional_t<std::is_same_v<Io, ObjectWriter>, const T&, T&>;

/// Decodes a type through its describe(ObjectReader&, T&) list.
template <class T> void readObject(const boost::json::value& json, T& out, const Context& at) {
    ObjectReader reader(json, at);
    if (!reader.isObject())
        return;
    describe(reader, out);
    reader.finish();
}

/// Encodes a type through its describe(ObjectWriter&, const T&) list.
template <class T> [[nodiscard]] boost::json::value writeObject(const T& value) {
    ObjectWriter writer;
    describe(writer, value);
    return writer.release();
}

} // namespace json

//---- Entry points

/// Decodes `document` as T strictly, appending every problem found to `problems` with its JSON path
/// (relative to `document`). Returns true when none was found. On false `out` is partly decoded and must not
/// be used. Fields with defaults keep `out`'s value when absent: pass a default-constructed `out`.
template <class T>
[[nodiscard]] bool decodeAll(const boost::json::value& document, T& out, Problems& problems) {
    const auto before = problems.size();
    fromJson(document, out, json::Context(problems));
    return problems.size() == before;
}

/// Decodes `document` as T strictly; the first problem (see Problems) when there is any.
template <class T> [[nodiscard]] Result<T> decode(const boost::json::value& document) {
    Problems problems;
    T out{};
    if (!decodeAll(document, out, problems))
        return std::move(problems.front());
    return out;
}

} // namespace jejak::shared

/// Defines `toJson(const T&)` and `fromJson(json, T&, Context)` of a type from its describe() list; use in
/// the namespace of T, after describe().
#define JEJAK_JSON_OBJECT_CODEC(T)                                                                           \
    boost::json::value toJson(const T& value) {                                                              \
        return ::jejak::shared::json::writeObject(value);                                                    \
    }                                                                                                        \
    void fromJson(const boost::json::value& json, T& out, const ::jejak::shared::json::Context& at) {        \
        ::jejak::shared::json::readObject(json, out, at);                                                    \
    }
