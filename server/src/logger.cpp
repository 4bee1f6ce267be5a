// SPDX-License-Identifier: Apache-2.0
// JSON log line formatting and level names.
#include "logger.hpp"

#include "jejak/shared/time.hpp"

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace jejak::server {
namespace {

constexpr std::array<std::string_view, 4> kLevelNames{"debug", "info", "warn", "error"};

/// A JSON string literal (quoted and escaped).
std::string quoted(std::string_view text) { return boost::json::serialize(boost::json::string_view(text)); }

void appendValue(std::string& out, std::string_view v) { out += quoted(v); }
void appendValue(std::string& out, std::int64_t v) { out += std::to_string(v); }
void appendValue(std::string& out, std::uint64_t v) { out += std::to_string(v); }
void appendValue(std::string& out, bool v) { out += v ? "true" : "false"; }
void appendValue(std::string& out, double v) {
    // Fixed notation with microsecond-friendly precision (Boost.JSON would write 4.2E-1).
    char buf[64];
    const int n = std::isfinite(v) ? std::snprintf(buf, sizeof buf, "%.3f", v) : std::snprintf(buf, sizeof buf, "null");
    out.append(buf, static_cast<std::size_t>(n));
}

} // namespace

std::string_view levelName(LogLevel level) noexcept { return kLevelNames[static_cast<std::size_t>(level)]; }

bool parseLogLevel(std::string_view text, LogLevel& out) noexcept {
    for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
        if (kLevelNames[i] == text) {
            out = static_cast<LogLevel>(i);
            return true;
        }
    }
    return false;
}

void Logger::log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) noexcept {
    if (enabled(level)) {
        write(level, msg, fields);
    }
}

void Logger::write(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) noexcept {
    try {
        std::string text = "{\"ts\":\"";
        text += shared::formatTimestamp(
            std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
        text += "\",\"level\":\"";
        text += levelName(level);
        text += "\",\"msg\":";
        text += quoted(msg);
        for (const LogField& f : fields) {
            text += ',';
            text += quoted(f.key);
            text += ':';
            std::visit([&](const auto& v) { appendValue(text, v); }, f.value);
        }
        text += "}\n";
        const std::lock_guard lock(m_mutex);
        std::fwrite(text.data(), 1, text.size(), m_out);
        std::fflush(m_out);
    } catch (...) {
        // Logging must never take the server down; an unformattable line is dropped.
    }
}

} // namespace jejak::server
