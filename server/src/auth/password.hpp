// SPDX-License-Identifier: Apache-2.0
// Password hashing with Argon2id (libsodium crypto_pwhash_str): hash, verify, and whether to rehash.
#pragma once

#include "jejak/shared/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jejak::server {

/// The Argon2id cost of new hashes. A stored hash carries its own parameters, so verifying never needs
/// these; changing them only affects hashes made afterwards (and needsRehash()).
struct PasswordParams {
    std::uint64_t opsLimit = 2;                   ///< passes (libsodium opslimit)
    std::size_t memLimitBytes = 64 * 1024 * 1024; ///< memory (libsodium memlimit)

    friend bool operator==(const PasswordParams&, const PasswordParams&) = default;
};

/// libsodium's OPSLIMIT_INTERACTIVE and MEMLIMIT_INTERACTIVE: the production default (about 50 ms and
/// 64 MiB per hash on a server core). password.cpp checks that these equal the library's constants.
inline constexpr PasswordParams kInteractivePassword{2, 64 * 1024 * 1024};
/// The smallest parameters Argon2id accepts (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN).
inline constexpr std::uint64_t kMinPasswordOpsLimit = 1;
inline constexpr std::size_t kMinPasswordMemLimitBytes = 8192;
/// Passwords longer than this are refused before hashing (Argon2 accepts more; nobody types this much,
/// and it bounds the work an attacker can make the server do per request).
inline constexpr std::size_t kMaxPasswordBytes = 1024;

/// The encoded Argon2id hash of `password` ("$argon2id$v=19$m=...,t=...,p=1$salt$hash", random salt).
/// Fails with general.invalid_argument when the password is empty or longer than kMaxPasswordBytes or the
/// parameters are out of range, general.internal when libsodium runs out of memory. Thread-safe.
[[nodiscard]] shared::Result<std::string> hashPassword(std::string_view password,
                                                       const PasswordParams& params);

/// Whether `password` matches the encoded hash. False for a wrong password, an over-long one, or a hash
/// that is not a valid encoded Argon2 hash. Takes as long as the hash's parameters say. Thread-safe.
[[nodiscard]] bool verifyPassword(std::string_view encodedHash, std::string_view password) noexcept;

/// Whether the hash was made with parameters other than `params` (or is not a valid encoded hash), so a
/// successful login should store a fresh hash.
[[nodiscard]] bool passwordNeedsRehash(std::string_view encodedHash, const PasswordParams& params) noexcept;

} // namespace jejak::server
