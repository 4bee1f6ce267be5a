// SPDX-License-Identifier: Apache-2.0
// Error values and Result<T>: how every fallible public function in shared, sync and server reports failure.
#pragma once

#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace jejak::shared {

/// Every error the system can report. The list, with a doc comment per code, is error_codes.def.
enum class ErrorCode {
#define JEJAK_ERROR(name, code, transient, id, en) name,
#include "jejak/shared/error_codes.def"
#undef JEJAK_ERROR
};

/// How many codes the registry has (ErrorCode values are 0 .. kErrorCodeCount - 1).
inline constexpr std::size_t kErrorCodeCount = 0
#define JEJAK_ERROR(name, code, transient, id, en) +1
#include "jejak/shared/error_codes.def"
#undef JEJAK_ERROR
    ;

/// The stable wire code, e.g. "activity.not_team_member".
[[nodiscard]] std::string_view codeString(ErrorCode code) noexcept;
/// Inverse of codeString(); false when the text is no known code.
[[nodiscard]] bool parseErrorCode(std::string_view text, ErrorCode& out) noexcept;
/// Whether retrying later can succeed for this code by default.
[[nodiscard]] bool isTransient(ErrorCode code) noexcept;

enum class Language { Indonesian, English };
/// The user-facing message of the registry in the given language (Indonesian first).
[[nodiscard]] std::string_view userMessage(ErrorCode code, Language lang = Language::Indonesian) noexcept;

/// One failure: a stable code, the field it concerns (a JSON path or a domain field name; empty when it
/// concerns the whole request), a human detail message (English, for logs and developers), and whether a
/// retry may succeed.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string field;
    std::string message;
    bool transient = false;

    Error() = default;
    Error(ErrorCode c, std::string f = {}, std::string m = {})
        : code(c), field(std::move(f)), message(std::move(m)), transient(isTransient(c)) {}

    friend bool operator==(const Error&, const Error&) = default;
};

/// "code at field: message", for logs and test output.
[[nodiscard]] std::string toString(const Error& e);

/// A value or an Error. A small stand-in for std::expected (C++23).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(m_v); }
    const T& value() const& { assert(ok()); return std::get<0>(m_v); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& { assert(!ok()); return std::get<1>(m_v); }
    Error&& error() && { assert(!ok()); return std::get<1>(std::move(m_v)); }

private:
    std::variant<T, Error> m_v;
};

/// Result of an operation that yields no value.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    [[nodiscard]] bool ok() const noexcept { return !m_failed; }
    explicit operator bool() const noexcept { return ok(); }
    const Error& error() const& { assert(m_failed); return m_error; }
    Error&& error() && { assert(m_failed); return std::move(m_error); }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace jejak::shared
