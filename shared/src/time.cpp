// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/time.hpp"

#include <cstdio>

namespace jejak::shared {
namespace {

using namespace std::chrono;

// Reads exactly `n` decimal digits at `pos`; false if any is not a digit.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

std::optional<Date> dateAt(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok())
        return std::nullopt;
    return sys_days{ymd};
}

} // namespace

std::optional<Date> parseDate(std::string_view text) {
    if (text.size() != 10)
        return std::nullopt;
    return dateAt(text);
}

std::string formatDate(Date d) {
    const year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::optional<Timestamp> parseTimestamp(std::string_view s) {
    const auto date = dateAt(s);
    int hh = 0, mm = 0, ss = 0;
    if (!date || s.size() < 20 || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, hh) || s[13] != ':' ||
        !digits(s, 14, 2, mm) || s[16] != ':' || !digits(s, 17, 2, ss))
        return std::nullopt;
    if (hh > 23 || mm > 59 || ss > 59)
        return std::nullopt;
    std::size_t pos = 19;
    int millis = 0;
    if (s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (pos - start < 3)
                millis = millis * 10 + (s[pos] - '0');
            ++pos;
        }
        const std::size_t n = pos - start;
        if (n == 0 || n > 9)
            return std::nullopt;
        for (std::size_t i = n; i < 3; ++i)
            millis *= 10;
    }
    int offsetMinutes = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh = 0, om = 0;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) ||
            oh > 23 || om > 59)
            return std::nullopt;
        offsetMinutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    return Timestamp{*date + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{millis} -
                     minutes{offsetMinutes}};
}

std::string formatTimestamp(Timestamp t) {
    const auto day = floor<days>(t);
    const hh_mm_ss tod{t - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", formatDate(day).c_str(),
                  static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                  static_cast<int>(tod.seconds().count()), static_cast<int>(tod.subseconds().count()));
    return buf;
}

Date localDate(Timestamp t, int utcOffsetMinutes) { return floor<days>(t + minutes{utcOffsetMinutes}); }

Timestamp SystemClock::now() const { return time_point_cast<milliseconds>(system_clock::now()); }

OffsetClock::OffsetClock(Timestamp start) : m_start(start), m_origin(steady_clock::now()) {}

Timestamp OffsetClock::now() const { return m_start + duration_cast<milliseconds>(steady_clock::now() - m_origin); }

} // namespace jejak::shared
