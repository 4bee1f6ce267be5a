// SPDX-License-Identifier: Apache-2.0
// Session tokens: random, handed to the client in base64url, known to the server only by their SHA-256.
#pragma once

#include "jejak/shared/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace jejak::server {

/// Random bytes in a token (256 bits: guessing one is hopeless, so no rate limit protects tokens).
inline constexpr std::size_t kTokenBytes = 32;
/// Bytes of a token hash (SHA-256).
inline constexpr std::size_t kTokenHashBytes = 32;

/// A fresh token: kTokenBytes from libsodium's CSPRNG (randombytes_buf), base64url without padding
/// (43 characters). Fails only when libsodium cannot start. Thread-safe.
[[nodiscard]] shared::Result<std::string> newToken();

/// SHA-256 of the token text as kTokenHashBytes raw bytes: the only form in which the server keeps it.
[[nodiscard]] std::string hashToken(std::string_view token);

/// The public id of a session: lowercase hex of the first 8 bytes of its token hash (16 characters).
/// It names the session in lists and revocation without revealing anything that authenticates.
[[nodiscard]] std::string sessionIdOf(std::string_view tokenHash);

/// Whether `text` can be a token newToken() made: exactly 43 base64url characters. Cheap, so malformed
/// Authorization headers are refused before any lookup.
[[nodiscard]] bool looksLikeToken(std::string_view text) noexcept;

} // namespace jejak::server
