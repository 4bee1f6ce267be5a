// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/time.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace jejak::shared;
using namespace std::chrono;

TEST_CASE("time: dates parse only when real", "[shared][time]") {
    CHECK(parseDate("2023-02-28").has_value());
    CHECK(parseDate("2024-02-29").has_value());
    CHECK_FALSE(parseDate("2023-02-29").has_value());
    CHECK_FALSE(parseDate("2023-13-01").has_value());
    CHECK_FALSE(parseDate("2023-1-01").has_value());
    CHECK_FALSE(parseDate("2023-01-01x").has_value());
    CHECK(formatDate(*parseDate("2023-03-07")) == "2023-03-07");
}

TEST_CASE("time: RFC 3339 instants need an offset and normalise to UTC", "[shared][time]") {
    const auto wita = parseTimestamp("2023-03-01T08:30:00+08:00");
    REQUIRE(wita);
    CHECK(formatTimestamp(*wita) == "2023-03-01T00:30:00.000Z");
    CHECK(parseTimestamp("2023-03-01T00:30:00.250Z") == *wita + milliseconds{250});
    CHECK(parseTimestamp("2023-03-01T00:30:00.1Z") == *wita + milliseconds{100});
    CHECK_FALSE(parseTimestamp("2023-03-01T08:30:00").has_value());
    CHECK_FALSE(parseTimestamp("2023-03-01T24:00:00Z").has_value());
    CHECK_FALSE(parseTimestamp("2023-03-01T08:30:00+0800").has_value());
    CHECK_FALSE(parseTimestamp("2023-03-01T08:30:00Z ").has_value());
}

TEST_CASE("time: local date uses the instance offset", "[shared][time]") {
    const auto t = *parseTimestamp("2023-03-01T17:30:00Z");
    CHECK(localDate(t, 7 * 60) == *parseDate("2023-03-02"));
    CHECK(localDate(t, 0) == *parseDate("2023-03-01"));
    FixedClock clock(t);
    clock.advance(hours{1});
    CHECK(clock.now() == t + hours{1});
}

TEST_CASE("time: an offset clock starts at its instant and then runs in real time", "[shared][time]") {
    const auto start = *parseTimestamp("2023-03-01T08:00:00+08:00");
    const OffsetClock clock(start);
    const Timestamp first = clock.now();
    CHECK(first >= start);
    CHECK(first < start + minutes{1}); // the 2023 instant, not today's date
    std::this_thread::sleep_for(milliseconds{20});
    const Timestamp second = clock.now();
    CHECK(second - first >= milliseconds{20});
    CHECK(clock.now() >= second); // never runs backwards
    const OffsetClock other(start + hours{24});
    CHECK(other.now() >= start + hours{24});
    CHECK(other.now() < start + hours{24} + minutes{1});
}
