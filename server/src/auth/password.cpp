// SPDX-License-Identifier: Apache-2.0
// Argon2id through libsodium's crypto_pwhash_str family.
#include "auth/password.hpp"

#include "auth/sodium.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace jejak::server {

static_assert(kInteractivePassword.opsLimit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(kInteractivePassword.memLimitBytes == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(kMinPasswordOpsLimit == crypto_pwhash_OPSLIMIT_MIN);
static_assert(kMinPasswordMemLimitBytes == crypto_pwhash_MEMLIMIT_MIN);

namespace {

/// The encoded hash as the NUL-terminated string libsodium wants; false when it cannot be one (empty,
/// longer than crypto_pwhash_STRBYTES - 1, or with an embedded NUL).
bool toCString(std::string_view encodedHash, std::array<char, crypto_pwhash_STRBYTES>& out) noexcept {
    if (encodedHash.empty() || encodedHash.size() >= out.size() ||
        encodedHash.find('\0') != std::string_view::npos) {
        return false;
    }
    std::copy(encodedHash.begin(), encodedHash.end(), out.begin());
    out[encodedHash.size()] = '\0';
    return true;
}

} // namespace

shared::Result<std::string> hashPassword(std::string_view password, const PasswordParams& params) {
    using shared::Error;
    using shared::ErrorCode;
    if (password.empty() || password.size() > kMaxPasswordBytes) {
        return Error(ErrorCode::InvalidArgument, "password",
                     "a password must have 1 to " + std::to_string(kMaxPasswordBytes) + " bytes");
    }
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.opsLimit > crypto_pwhash_OPSLIMIT_MAX ||
        params.memLimitBytes < crypto_pwhash_MEMLIMIT_MIN ||
        params.memLimitBytes > crypto_pwhash_MEMLIMIT_MAX) {
        return Error(ErrorCode::InvalidArgument, "password", "Argon2id parameters out of range");
    }
    if (auto ready = ensureSodium(); !ready) {
        return std::move(ready).error();
    }
    char out[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str(out, password.data(), password.size(), params.opsLimit, params.memLimitBytes) !=
        0) {
        return Error(ErrorCode::Internal, "password", "password hashing ran out of memory");
    }
    return std::string(out);
}

bool verifyPassword(std::string_view encodedHash, std::string_view password) noexcept {
    std::array<char, crypto_pwhash_STRBYTES> hash{};
    if (!toCString(encodedHash, hash) || password.size() > kMaxPasswordBytes || !ensureSodium()) {
        return false;
    }
    return crypto_pwhash_str_verify(hash.data(), password.data(), password.size()) == 0;
}

bool passwordNeedsRehash(std::string_view encodedHash, const PasswordParams& params) noexcept {
    std::array<char, crypto_pwhash_STRBYTES> hash{};
    if (!toCString(encodedHash, hash)) {
        return true;
    }
    return crypto_pwhash_str_needs_rehash(hash.data(), params.opsLimit, params.memLimitBytes) != 0;
}

} // namespace jejak::server
