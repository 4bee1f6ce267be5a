// SPDX-License-Identifier: Apache-2.0
// Tests of the codec building blocks: paths, primitive values, and the strict object reader and writer.
#include "jejak/shared/json_fields.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bj = boost::json;
using namespace jejak::shared;

namespace fixture {

enum class Colour { Red, DeepBlue };

std::span<const std::string_view> enumNames(Colour) noexcept {
    static constexpr std::array<std::string_view, 2> kNames = {"red", "deepBlue"};
    return kNames;
}

bool isShort(std::string_view text) noexcept {
    return text.size() <= 3;
}
constexpr json::TextRule kShortText{&isShort, "at most 3 characters"};

/// A small type codec'd the way the model's are: one describe() list for both directions.
struct Swatch {
    std::string code;
    Colour colour = Colour::Red;
    std::optional<int> count;
    std::vector<std::string> tags;
    bool glossy = false;
};

template <class Io> void describe(Io& io, json::Ref<Io, Swatch> v) {
    io("code", v.code, kShortText);
    io("colour", v.colour);
    io("count", v.count);
    io("tags", v.tags);
    io.defaulted("glossy", v.glossy);
}
JEJAK_JSON_OBJECT_CODEC(Swatch)

} // namespace fixture

namespace {

// Decodes one primitive at the root and returns the problems.
template <class T> Problems decodeInto(const bj::value& input, T& out) {
    Problems problems;
    json::fromJson(input, out, json::Context(problems));
    return problems;
}

} // namespace

TEST_CASE("json: paths render members and elements only when reported", "[shared][json]") {
    Problems problems;
    const json::Context root(problems);
    root.report(ErrorCode::JsonWrongType, "root");
    const auto items = root.member("skpItems");
    const auto third = items.element(3);
    third.member("parentTargetId").report(ErrorCode::JsonMissingField, "x");
    root.element(0).element(1).member("a").report(ErrorCode::JsonBadValue, "y");
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].field.empty());
    CHECK(problems[1].field == "skpItems[3].parentTargetId");
    CHECK(problems[1].code == ErrorCode::JsonMissingField);
    CHECK(problems[2].field == "[0][1].a");
    CHECK(root.problemCount() == 3);
}

TEST_CASE("json: integers accept integral numbers only, within range", "[shared][json]") {
    int i = 7;
    CHECK(decodeInto(bj::value(42), i).empty());
    CHECK(i == 42);
    CHECK(decodeInto(bj::value(2.0), i).empty());
    CHECK(i == 2);
    CHECK(decodeInto(bj::value(-3e0), i).empty());
    CHECK(i == -3);

    auto problems = decodeInto(bj::value(1.5), i);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonBadValue);
    CHECK(i == -3);
    problems = decodeInto(bj::value(std::int64_t{1} << 40), i);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonBadValue);
    problems = decodeInto(bj::value("5"), i);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonWrongType);
    CHECK(problems[0].message == "expected an integer, got a string");

    std::int64_t big = 0;
    CHECK(decodeInto(bj::value(std::int64_t{1} << 40), big).empty());
    CHECK(big == (std::int64_t{1} << 40));
    CHECK(decodeInto(bj::value(std::uint64_t{18446744073709551615u}), big).front().code ==
          ErrorCode::JsonBadValue);
    CHECK(decodeInto(bj::value(1e19), big).front().code == ErrorCode::JsonBadValue);
    CHECK(decodeInto(bj::value(nullptr), big).front().code == ErrorCode::JsonWrongType);
}

TEST_CASE("json: doubles take any number and write integral values as integers", "[shared][json]") {
    double d = 0;
    CHECK(decodeInto(bj::value(3), d).empty());
    CHECK(d == 3.0);
    CHECK(decodeInto(bj::value(-7.25), d).empty());
    CHECK(d == -7.25);
    CHECK(decodeInto(bj::value(true), d).front().code == ErrorCode::JsonWrongType);
    const auto huge = bj::parse("1e400"); // the parser makes it an infinity
    const auto problems = decodeInto(huge, d);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonBadValue);
    CHECK(d == -7.25);

    CHECK(json::toJson(12.0).is_int64());
    CHECK(json::toJson(12.0).get_int64() == 12);
    CHECK(json::toJson(-7.25).is_double());
    CHECK(json::toJson(1e300).is_double()); // integral but beyond 2^53: stays a double
}

TEST_CASE("json: dates and instants are checked strings", "[shared][json]") {
    Date d{};
    CHECK(decodeInto(bj::value("2023-03-07"), d).empty());
    CHECK(d == *parseDate("2023-03-07"));
    auto problems = decodeInto(bj::value("2023-02-30"), d);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonBadValue);
    CHECK(decodeInto(bj::value(20230307), d).front().code == ErrorCode::JsonWrongType);
    CHECK(json::toJson(d) == bj::value("2023-03-07"));

    std::string longText;
    for (int n = 0; n < 100; ++n)
        longText += "\xc3\xa9"; // e acute, two bytes
    problems = decodeInto(bj::value(longText), d);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message ==
          "expected a date \"YYYY-MM-DD\", got \"" + longText.substr(0, 80) + "\"... (200 bytes)");
    problems = decodeInto(bj::value("x" + longText), d); // byte 80 falls inside a character: cut before it
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message ==
          "expected a date \"YYYY-MM-DD\", got \"x" + longText.substr(0, 78) + "\"... (201 bytes)");

    Timestamp t{};
    CHECK(decodeInto(bj::value("2023-03-01T08:30:00+08:00"), t).empty());
    CHECK(json::toJson(t) == bj::value("2023-03-01T00:30:00.000Z"));
    CHECK(decodeInto(bj::value("2023-03-01T08:30:00"), t).front().code == ErrorCode::JsonBadValue);
}

TEST_CASE("json: enums use their wire names", "[shared][json]") {
    using fixture::Colour;
    CHECK(json::enumName(Colour::DeepBlue) == "deepBlue");
    CHECK(json::parseEnum<Colour>("red") == Colour::Red);
    CHECK_FALSE(json::parseEnum<Colour>("Red").has_value());
    Colour c = Colour::Red;
    CHECK(decodeInto(bj::value("deepBlue"), c).empty());
    CHECK(c == Colour::DeepBlue);
    const auto problems = decodeInto(bj::value("green"), c);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonBadValue);
    CHECK(problems[0].message == "\"green\" is not one of: red, deepBlue");
    CHECK(decodeInto(bj::value(0), c).front().code == ErrorCode::JsonWrongType);
}

TEST_CASE("json: a describe() list encodes and decodes both ways", "[shared][json]") {
    fixture::Swatch s{"abc", fixture::Colour::DeepBlue, 4, {"x", "y"}, true};
    const bj::value encoded = toJson(s);
    CHECK(bj::serialize(encoded) ==
          R"({"code":"abc","colour":"deepBlue","count":4,"tags":["x","y"],"glossy":true})");
    const auto back = decode<fixture::Swatch>(encoded);
    REQUIRE(back.ok());
    CHECK(back->code == "abc");
    CHECK(back->count == 4);
    CHECK(back->tags == std::vector<std::string>{"x", "y"});
    CHECK(back->glossy);

    s.count.reset();
    CHECK(bj::serialize(toJson(s)) == R"({"code":"abc","colour":"deepBlue","tags":["x","y"],"glossy":true})");
}

TEST_CASE("json: optional and defaulted fields may be absent or null", "[shared][json]") {
    const auto decoded = decode<fixture::Swatch>(bj::value{
        {"code", "a"}, {"colour", "red"}, {"count", nullptr}, {"tags", bj::array{}}, {"glossy", nullptr}});
    REQUIRE(decoded.ok());
    CHECK_FALSE(decoded->count.has_value());
    CHECK_FALSE(decoded->glossy);
    CHECK(decode<fixture::Swatch>(bj::value{{"code", "a"}, {"colour", "red"}, {"tags", bj::array{}}}).ok());

    const auto nullRequired =
        decode<fixture::Swatch>(bj::value{{"code", nullptr}, {"colour", "red"}, {"tags", bj::array{}}});
    REQUIRE_FALSE(nullRequired.ok());
    CHECK(nullRequired.error().code == ErrorCode::JsonWrongType);
    CHECK(nullRequired.error().field == "code");
}

TEST_CASE("json: the reader collects every problem, unknown fields last", "[shared][json]") {
    const bj::value doc = {
        {"code", "toolong"}, {"colour", "green"}, {"tags", {"ok", 5}}, {"extra", 1}, {"more", 2}};
    Problems problems;
    fixture::Swatch out;
    CHECK_FALSE(decodeAll(doc, out, problems));
    REQUIRE(problems.size() == 5);
    CHECK(problems[0].code == ErrorCode::JsonBadValue);
    CHECK(problems[0].field == "code");
    CHECK(problems[0].message == "expected at most 3 characters, got \"toolong\"");
    CHECK(problems[1].code == ErrorCode::JsonBadValue);
    CHECK(problems[1].field == "colour");
    CHECK(problems[2].code == ErrorCode::JsonWrongType);
    CHECK(problems[2].field == "tags[1]");
    CHECK(problems[3].code == ErrorCode::JsonUnknownField);
    CHECK(problems[3].field == "extra");
    CHECK(problems[4].field == "more");

    const auto first = decode<fixture::Swatch>(doc);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error() == problems[0]);
}

TEST_CASE("json: a non-object is one wrong-type problem, not one per field", "[shared][json]") {
    Problems problems;
    fixture::Swatch out;
    CHECK_FALSE(decodeAll(bj::value(bj::array{1, 2}), out, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == ErrorCode::JsonWrongType);
    CHECK(problems[0].field.empty());
    CHECK(problems[0].message == "expected an object, got an array");
}

TEST_CASE("json: take() consumes a key without decoding it", "[shared][json]") {
    Problems problems;
    const bj::value doc = {{"kind", "x"}, {"payload", {{"a", 1}}}};
    json::ObjectReader reader(doc, json::Context(problems));
    REQUIRE(reader.isObject());
    const auto* payload = reader.take("payload");
    REQUIRE(payload != nullptr);
    CHECK(payload->is_object());
    CHECK(reader.take("absent") == nullptr);
    reader.missing("absent");
    reader.finish();
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == ErrorCode::JsonMissingField);
    CHECK(problems[0].field == "absent");
    CHECK(problems[1].code == ErrorCode::JsonUnknownField);
    CHECK(problems[1].field == "kind");
}
