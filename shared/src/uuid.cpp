// SPDX-License-Identifier: Apache-2.0
// UUID text check and UUIDv7 layout.
#include "jejak/shared/uuid.hpp"

#include <array>
#include <cassert>

namespace jejak::shared {
namespace {

constexpr std::size_t kUuidLength = 36;
constexpr std::array<std::size_t, 4> kHyphens = {8, 13, 18, 23};
constexpr std::uint64_t kTimeBits = 48;

bool isLowerHex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

} // namespace

bool isUuid(std::string_view text) noexcept {
    if (text.size() != kUuidLength)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool hyphenPosition =
            i == kHyphens[0] || i == kHyphens[1] || i == kHyphens[2] || i == kHyphens[3];
        if (hyphenPosition ? text[i] != '-' : !isLowerHex(text[i]))
            return false;
    }
    return true;
}

std::string makeUuidV7(Timestamp now, std::uint64_t randA, std::uint64_t randB) {
    const auto millis = now.time_since_epoch().count();
    assert(millis >= 0 && static_cast<std::uint64_t>(millis) < (std::uint64_t{1} << kTimeBits));
    // High 64 bits: unix_ts_ms (48) | ver (4) | rand_a (12). Low 64 bits: var (2) | rand_b (62).
    const std::uint64_t high =
        (static_cast<std::uint64_t>(millis) << 16) | (std::uint64_t{0x7} << 12) | (randA & 0xfff);
    const std::uint64_t low = (std::uint64_t{0b10} << 62) | (randB & ((std::uint64_t{1} << 62) - 1));

    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    text.reserve(kUuidLength);
    for (int nibble = 0; nibble < 32; ++nibble) {
        const std::uint64_t word = nibble < 16 ? high : low;
        const int shift = 60 - 4 * (nibble % 16);
        text += kDigits[(word >> shift) & 0xf];
        if (text.size() == kHyphens[0] || text.size() == kHyphens[1] || text.size() == kHyphens[2] ||
            text.size() == kHyphens[3])
            text += '-';
    }
    return text;
}

} // namespace jejak::shared
