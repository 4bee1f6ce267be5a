// SPDX-License-Identifier: Apache-2.0
// Structured logging: one JSON object per line ({"ts", "level", "msg", ...fields}) to stderr.
#pragma once

#include <concepts>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>

namespace jejak::server {

enum class LogLevel { Debug, Info, Warn, Error };

/// "debug", "info", "warn", "error".
[[nodiscard]] std::string_view levelName(LogLevel level) noexcept;
/// Inverse of levelName(); false when the text names no level.
[[nodiscard]] bool parseLogLevel(std::string_view text, LogLevel& out) noexcept;

/// One key-value field of a log line. Holds views: the referenced text must outlive the log() call.
struct LogField {
    using Value = std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool>;

    LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
    LogField(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
    LogField(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
    LogField(std::string_view k, bool v) : key(k), value(v) {}
    LogField(std::string_view k, double v) : key(k), value(v) {}
    template <std::signed_integral T>
    LogField(std::string_view k, T v) : key(k), value(static_cast<std::int64_t>(v)) {}
    template <std::unsigned_integral T>
        requires(!std::same_as<T, bool>)
    LogField(std::string_view k, T v) : key(k), value(static_cast<std::uint64_t>(v)) {}

    std::string_view key;
    Value value;
};

/// Writes log lines at or above a minimum level, each one JSON object on its own line, flushed at once:
/// `{"ts":"2026-01-02T03:04:05.678Z","level":"info","msg":"listening","port":8080}`. Thread-safe: lines
/// from different threads never interleave.
class Logger {
public:
    explicit Logger(LogLevel minLevel, std::FILE* out = stderr) : m_minLevel(minLevel), m_out(out) {}

    [[nodiscard]] bool enabled(LogLevel level) const noexcept { return level >= m_minLevel; }
    /// Writes one line when the level is enabled. Never throws; a line that cannot be written is dropped.
    void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {}) noexcept;

    void debug(std::string_view msg, std::initializer_list<LogField> fields = {}) noexcept { log(LogLevel::Debug, msg, fields); }
    void info(std::string_view msg, std::initializer_list<LogField> fields = {}) noexcept { log(LogLevel::Info, msg, fields); }
    void warn(std::string_view msg, std::initializer_list<LogField> fields = {}) noexcept { log(LogLevel::Warn, msg, fields); }
    void error(std::string_view msg, std::initializer_list<LogField> fields = {}) noexcept { log(LogLevel::Error, msg, fields); }
    /// An info line written whatever the minimum level: for the few lifecycle lines that tools rely on
    /// (starting, listening with the bound port, stopped).
    void lifecycle(std::string_view msg, std::initializer_list<LogField> fields = {}) noexcept {
        write(LogLevel::Info, msg, fields);
    }

private:
    void write(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) noexcept;

    LogLevel m_minLevel;
    std::FILE* m_out;
    std::mutex m_mutex; // serialises writes to m_out
};

} // namespace jejak::server
