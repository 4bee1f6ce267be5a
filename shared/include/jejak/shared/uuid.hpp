// SPDX-License-Identifier: Apache-2.0
// UUIDs: the canonical text check and UUIDv7 generation for records and ops created on a device.
#pragma once

#include "jejak/shared/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace jejak::shared {

/// True when `text` is a UUID in canonical form: 36 characters, 8-4-4-4-12 lowercase hex digits separated
/// by hyphens. Any version and variant is accepted (ids from other systems may be v4). Uppercase, braces,
/// "urn:uuid:" prefixes and missing hyphens are refused: ids are compared as text, so only one spelling of
/// each UUID may exist.
[[nodiscard]] bool isUuid(std::string_view text) noexcept;

/// A UUIDv7 (RFC 9562 section 5.7) in canonical form: the 48-bit big-endian Unix time in milliseconds of
/// `now`, version 7, 12 bits of `randA` (its low bits) as rand_a, variant 0b10, and 62 bits of `randB` (its
/// low bits) as rand_b. The caller supplies the entropy (std::random_device, libsodium), so tests can fix it.
/// UUIDs made at different milliseconds sort, as text, in time order.
/// Precondition: `now` lies in [1970-01-01, 1970 + 2^48 ms), the range the 48-bit field can hold.
[[nodiscard]] std::string makeUuidV7(Timestamp now, std::uint64_t randA, std::uint64_t randB);

} // namespace jejak::shared
