// SPDX-License-Identifier: Apache-2.0
// Dates, instants and the injected clock. All instants are UTC; local dates are derived with the
// instance's fixed UTC offset (Indonesia has no daylight saving: WIB +07:00, WITA +08:00, WIT +09:00).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jejak::shared {

/// A calendar date (no time zone): days since 1970-01-01.
using Date = std::chrono::sys_days;
/// An instant, UTC, millisecond precision.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using Milliseconds = std::chrono::milliseconds;

/// Parses "YYYY-MM-DD" (a real calendar date); nullopt otherwise.
[[nodiscard]] std::optional<Date> parseDate(std::string_view text);
/// Formats as "YYYY-MM-DD".
[[nodiscard]] std::string formatDate(Date d);

/// Parses RFC 3339: "YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm)". An offset is required so that no
/// instant is ambiguous; nullopt otherwise.
[[nodiscard]] std::optional<Timestamp> parseTimestamp(std::string_view text);
/// Formats as RFC 3339 in UTC with milliseconds: "2023-03-01T00:30:00.000Z".
[[nodiscard]] std::string formatTimestamp(Timestamp t);

/// The local calendar date of an instant at a fixed UTC offset (minutes east of UTC).
[[nodiscard]] Date localDate(Timestamp t, int utcOffsetMinutes);

/// Source of "now". Injected everywhere a rule depends on the current time, so tests fix it.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual Timestamp now() const = 0;
};

/// The real clock (std::chrono::system_clock). Thread-safe.
class SystemClock final : public Clock {
public:
    [[nodiscard]] Timestamp now() const override;
};

/// A clock that starts at a given instant when it is constructed and then runs in real time, measured
/// with std::chrono::steady_clock: so it never jumps when the system clock is set. For demos and tests
/// whose data lies in the past (jejak-server --clock-start). Immutable after construction; thread-safe.
class OffsetClock final : public Clock {
public:
    explicit OffsetClock(Timestamp start);
    [[nodiscard]] Timestamp now() const override;

private:
    Timestamp m_start;
    std::chrono::steady_clock::time_point m_origin; ///< steady time at construction, when now() was m_start
};

/// A clock that says what it is told; for tests and replays.
class FixedClock final : public Clock {
public:
    explicit FixedClock(Timestamp t) : m_now(t) {}
    [[nodiscard]] Timestamp now() const override { return m_now; }
    void set(Timestamp t) { m_now = t; }
    void advance(Milliseconds d) { m_now += d; }

private:
    Timestamp m_now;
};

} // namespace jejak::shared
