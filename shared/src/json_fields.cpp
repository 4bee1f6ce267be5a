// SPDX-License-Identifier: Apache-2.0
// JSON paths, primitive value codecs and the strict object reader.
#include "jejak/shared/json_fields.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace jejak::shared::json {
namespace {

namespace bj = boost::json;

// Largest magnitude up to which every integer is exactly representable as a double.
constexpr double kExactIntegerLimit = 9007199254740992.0; // 2^53
constexpr double kInt64Limit = 9223372036854775808.0;     // 2^63

std::string_view kindName(const bj::value& json) noexcept {
    switch (json.kind()) {
    case bj::kind::null:
        return "null";
    case bj::kind::bool_:
        return "a boolean";
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_:
        return "a number";
    case bj::kind::string:
        return "a string";
    case bj::kind::array:
        return "an array";
    case bj::kind::object:
        return "an object";
    }
    return "an unknown value";
}

// The integral value of a JSON number within [min, max]; reports and returns nullopt otherwise.
std::optional<std::int64_t> integerIn(const bj::value& json, std::int64_t min, std::int64_t max,
                                      const Context& at) {
    std::int64_t value = 0;
    bool inInt64 = true;
    switch (json.kind()) {
    case bj::kind::int64:
        value = json.get_int64();
        break;
    case bj::kind::uint64:
        inInt64 = json.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        value = inInt64 ? static_cast<std::int64_t>(json.get_uint64()) : 0;
        break;
    case bj::kind::double_: {
        const double d = json.get_double();
        if (std::trunc(d) != d) {
            at.report(ErrorCode::JsonBadValue, "expected an integer, got a fraction");
            return std::nullopt;
        }
        inInt64 = d >= -kInt64Limit && d < kInt64Limit;
        value = inInt64 ? static_cast<std::int64_t>(d) : 0;
        break;
    }
    default:
        reportWrongType(json, "an integer", at);
        return std::nullopt;
    }
    if (!inInt64 || value < min || value > max) {
        at.report(ErrorCode::JsonBadValue,
                  "integer out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
        return std::nullopt;
    }
    return value;
}

// A value echoed in a message, in quotes, cut short (at a UTF-8 character boundary) so that a huge value
// cannot bloat the error.
std::string quoted(std::string_view text) {
    constexpr std::size_t kMaxEcho = 80;
    if (text.size() <= kMaxEcho)
        return "\"" + std::string(text) + "\"";
    std::size_t cut = kMaxEcho;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return "\"" + std::string(text.substr(0, cut)) + "\"... (" + std::to_string(text.size()) + " bytes)";
}

// The text of a JSON string; reports and returns nullopt for any other type.
std::optional<std::string_view> textOf(const bj::value& json, const Context& at) {
    if (!json.is_string()) {
        reportWrongType(json, "a string", at);
        return std::nullopt;
    }
    return std::string_view(json.get_string());
}

} // namespace

//---- Context

std::string Context::path() const {
    std::vector<const Context*> chain;
    for (const Context* c = this; c != nullptr && c->m_segment != Segment::Root; c = c->m_parent)
        chain.push_back(c);
    std::string text;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Context& c = **it;
        if (c.m_segment == Segment::Element) {
            text += '[';
            text += std::to_string(c.m_index);
            text += ']';
        } else {
            if (!text.empty())
                text += '.';
            text += c.m_key;
        }
    }
    return text;
}

void Context::report(ErrorCode code, std::string message) const {
    m_problems->emplace_back(code, path(), std::move(message));
}

//---- Primitive values

void reportWrongType(const bj::value& json, std::string_view expected, const Context& at) {
    std::string message = "expected ";
    message += expected;
    message += ", got ";
    message += kindName(json);
    at.report(ErrorCode::JsonWrongType, std::move(message));
}

void reportBadEnum(std::string_view name, std::span<const std::string_view> names, const Context& at) {
    std::string message = quoted(name) + " is not one of: ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            message += ", ";
        message += names[i];
    }
    at.report(ErrorCode::JsonBadValue, std::move(message));
}

void fromJson(const bj::value& json, std::string& out, const Context& at) {
    if (const auto text = textOf(json, at))
        out = *text;
}

void fromJson(const bj::value& json, bool& out, const Context& at) {
    if (json.is_bool())
        out = json.get_bool();
    else
        reportWrongType(json, "a boolean", at);
}

void fromJson(const bj::value& json, int& out, const Context& at) {
    if (const auto value =
            integerIn(json, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), at))
        out = static_cast<int>(*value);
}

void fromJson(const bj::value& json, std::int64_t& out, const Context& at) {
    if (const auto value = integerIn(json, std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::max(), at))
        out = *value;
}

void fromJson(const bj::value& json, double& out, const Context& at) {
    switch (json.kind()) {
    case bj::kind::int64:
        out = static_cast<double>(json.get_int64());
        break;
    case bj::kind::uint64:
        out = static_cast<double>(json.get_uint64());
        break;
    case bj::kind::double_:
        // The parser turns numbers beyond the double range (1e400) into infinities, which JSON cannot carry.
        if (std::isfinite(json.get_double()))
            out = json.get_double();
        else
            at.report(ErrorCode::JsonBadValue, "number out of range");
        break;
    default:
        reportWrongType(json, "a number", at);
    }
}

void fromJson(const bj::value& json, Date& out, const Context& at) {
    const auto text = textOf(json, at);
    if (!text)
        return;
    if (const auto date = parseDate(*text))
        out = *date;
    else
        at.report(ErrorCode::JsonBadValue, "expected a date \"YYYY-MM-DD\", got " + quoted(*text));
}

void fromJson(const bj::value& json, Timestamp& out, const Context& at) {
    const auto text = textOf(json, at);
    if (!text)
        return;
    if (const auto instant = parseTimestamp(*text))
        out = *instant;
    else
        at.report(ErrorCode::JsonBadValue, "expected an RFC 3339 instant with offset, got " + quoted(*text));
}

void fromJson(const bj::value& json, bj::object& out, const Context& at) {
    if (json.is_object())
        out = json.get_object();
    else
        reportWrongType(json, "an object", at);
}

bj::value toJson(std::string_view text) {
    return bj::value(bj::string_view(text));
}
bj::value toJson(bool b) {
    return bj::value(b);
}
bj::value toJson(int i) {
    return bj::value(static_cast<std::int64_t>(i));
}
bj::value toJson(std::int64_t i) {
    return bj::value(i);
}

bj::value toJson(double d) {
    assert(std::isfinite(d));
    if (std::trunc(d) == d && std::fabs(d) <= kExactIntegerLimit)
        return bj::value(static_cast<std::int64_t>(d));
    return bj::value(d);
}

bj::value toJson(Date d) {
    return toJson(std::string_view(formatDate(d)));
}
bj::value toJson(Timestamp t) {
    return toJson(std::string_view(formatTimestamp(t)));
}
bj::value toJson(const bj::object& object) {
    return bj::value(object);
}

//---- ObjectReader

ObjectReader::ObjectReader(const bj::value& json, const Context& at)
    : m_at(at) {
    if (json.is_object()) {
        m_object = &json.get_object();
        m_consumed.assign(m_object->size(), false);
    } else {
        reportWrongType(json, "an object", at);
    }
}

bool ObjectReader::operator()(std::string_view key, std::string& out, const TextRule& rule) {
    if (!(*this)(key, out))
        return false;
    if (rule.accepts(out))
        return true;
    report(key, ErrorCode::JsonBadValue, "expected " + std::string(rule.expected) + ", got " + quoted(out));
    return false;
}

const bj::value* ObjectReader::take(std::string_view key) {
    if (m_object == nullptr)
        return nullptr;
    const auto it = m_object->find(key);
    if (it == m_object->end())
        return nullptr;
    m_consumed[static_cast<std::size_t>(it - m_object->begin())] = true;
    return &it->value();
}

void ObjectReader::report(std::string_view key, ErrorCode code, std::string message) const {
    m_at.member(key).report(code, std::move(message));
}

void ObjectReader::missing(std::string_view key) const {
    if (m_object != nullptr)
        report(key, ErrorCode::JsonMissingField, "required field is missing");
}

void ObjectReader::finish() const {
    if (m_object == nullptr)
        return;
    std::size_t i = 0;
    for (const auto& entry : *m_object) {
        if (!m_consumed[i++])
            report(entry.key(), ErrorCode::JsonUnknownField, "unknown field");
    }
}

} // namespace jejak::shared::json
