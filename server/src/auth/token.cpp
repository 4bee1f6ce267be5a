// SPDX-License-Identifier: Apache-2.0
// Token generation, hashing and the session id, on libsodium.
#include "auth/token.hpp"

#include "auth/sodium.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace jejak::server {

namespace {

constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t kTokenChars = 43; // ceil(32 * 4 / 3) without padding
constexpr std::size_t kSessionIdBytes = 8;

} // namespace

shared::Result<void> ensureSodium() noexcept {
    // sodium_init returns 0 on the first success, 1 when already initialised, -1 on failure.
    if (sodium_init() < 0) {
        return shared::Error(shared::ErrorCode::Internal, {}, "libsodium could not be initialised");
    }
    return {};
}

shared::Result<std::string> newToken() {
    if (auto ready = ensureSodium(); !ready) {
        return std::move(ready).error();
    }
    std::array<unsigned char, kTokenBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kBase64Variant)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kBase64Variant);
    sodium_memzero(bytes.data(), bytes.size());
    return std::string(text.data());
}

std::string hashToken(std::string_view token) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    static_assert(digest.size() == kTokenHashBytes);
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return std::string(digest.begin(), digest.end());
}

std::string sessionIdOf(std::string_view tokenHash) {
    const std::size_t n = std::min(tokenHash.size(), kSessionIdBytes);
    std::array<char, kSessionIdBytes * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(tokenHash.data()), n);
    return std::string(hex.data());
}

bool looksLikeToken(std::string_view text) noexcept {
    if (text.size() != kTokenChars) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace jejak::server
