// SPDX-License-Identifier: Apache-2.0
// Text helpers for the rules: UTF-8 code-point counting (length limits are in code points, not bytes) and
// the ASCII-only trimming and case folding used to compare short labels such as output units.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jejak::shared {

/// The number of Unicode code points in `text`, or nullopt when it is not valid UTF-8 (RFC 3629): a stray
/// continuation byte, a truncated sequence, an overlong encoding, a UTF-16 surrogate (U+D800..U+DFFF) or
/// a value above U+10FFFF. An empty text has 0 code points.
[[nodiscard]] std::optional<std::size_t> utf8CodePoints(std::string_view text) noexcept;

/// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
[[nodiscard]] std::string_view trimAscii(std::string_view text) noexcept;

/// Whether `text` is empty or only ASCII whitespace.
[[nodiscard]] bool isBlank(std::string_view text) noexcept;

/// Equality that ignores the case of ASCII letters; other bytes must match exactly.
[[nodiscard]] bool equalsIgnoreAsciiCase(std::string_view a, std::string_view b) noexcept;

/// Whether `text` is a SHA-256 digest as evidence and blobs are named: 64 lowercase hex digits.
[[nodiscard]] bool isSha256Hex(std::string_view text) noexcept;

} // namespace jejak::shared
