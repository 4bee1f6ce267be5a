// SPDX-License-Identifier: Apache-2.0
// Photos for the link benchmark (scripts/bench_sync.sh): distinct real JPEGs of a chosen size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

namespace jejak::bench {

/// A JPEG of about `targetBytes` (within 3 %, for targets of 20 KB and more) whose pixels are a gradient
/// under strong noise, so it compresses like a detailed photo rather than to a few kilobytes. The same
/// seed gives the same bytes; different seeds give different images. Encoded by the server's own
/// encoder (libjpeg-turbo, quality 90, 4:3); the image is rescaled until the size fits. Or the reason.
[[nodiscard]] std::variant<std::string, std::string> makeNoisePhoto(std::uint64_t seed, std::size_t targetBytes);

} // namespace jejak::bench
