// SPDX-License-Identifier: Apache-2.0
#include "auth/token.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace jejak::server;

TEST_CASE("token: 32 random bytes in base64url, different every time", "[server][auth][token]") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto token = newToken();
        REQUIRE(token);
        CHECK(token->size() == 43);
        CHECK(looksLikeToken(*token));
        CHECK(token->find_first_of("+/=") == std::string::npos);
        seen.insert(*token);
    }
    CHECK(seen.size() == 200);
}

TEST_CASE("token: the hash is SHA-256 and the session id its first 8 bytes in hex", "[server][auth][token]") {
    // SHA-256("abc"), FIPS 180-2 test vector.
    const std::string hash = hashToken("abc");
    REQUIRE(hash.size() == kTokenHashBytes);
    CHECK(static_cast<unsigned char>(hash[0]) == 0xba);
    CHECK(static_cast<unsigned char>(hash[31]) == 0xad);
    CHECK(sessionIdOf(hash) == "ba7816bf8f01cfea");
    CHECK(hashToken("abd") != hash);
}

TEST_CASE("token: malformed tokens are recognised without a lookup", "[server][auth][token]") {
    CHECK(looksLikeToken(std::string(43, 'A')));
    CHECK(looksLikeToken("abcdefghijklmnopqrstuvwxyz-_0123456789ABCDE"));
    CHECK_FALSE(looksLikeToken(std::string(42, 'A')));
    CHECK_FALSE(looksLikeToken(std::string(44, 'A')));
    CHECK_FALSE(looksLikeToken(""));
    CHECK_FALSE(looksLikeToken("abcdefghijklmnopqrstuvwxyz+/0123456789ABCDE"));
    CHECK_FALSE(looksLikeToken("abcdefghijklmnopqrstuvwxyz  0123456789ABCDE"));
}
