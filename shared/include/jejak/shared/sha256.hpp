// SPDX-License-Identifier: Apache-2.0
// SHA-256 of a byte string as hex (OpenSSL EVP): evidence blob names and the audit chain.
#pragma once

#include "jejak/shared/error.hpp"

#include <string>
#include <string_view>

namespace jejak::shared {

/// The SHA-256 digest of `bytes` as 64 lowercase hex digits. Fails with general.internal only when
/// OpenSSL cannot provide the digest.
[[nodiscard]] Result<std::string> sha256Hex(std::string_view bytes);

} // namespace jejak::shared
