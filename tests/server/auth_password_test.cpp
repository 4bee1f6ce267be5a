// SPDX-License-Identifier: Apache-2.0
#include "auth/password.hpp"

#include "auth_fixture.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using jejak::shared::ErrorCode;
using jejak::testing::kFastPassword;

TEST_CASE("password: an Argon2id hash verifies its password and nothing else", "[server][auth][password]") {
    auto hash = hashPassword("correct horse battery", kFastPassword);
    REQUIRE(hash);
    CHECK(hash->starts_with("$argon2id$"));
    CHECK(hash->find("correct horse") == std::string::npos);
    CHECK(verifyPassword(*hash, "correct horse battery"));
    CHECK_FALSE(verifyPassword(*hash, "correct horse batterY"));
    CHECK_FALSE(verifyPassword(*hash, ""));
    CHECK_FALSE(verifyPassword("not a hash", "correct horse battery"));
    CHECK_FALSE(verifyPassword("", "correct horse battery"));

    // A random salt: the same password hashes differently each time, and both verify.
    auto again = hashPassword("correct horse battery", kFastPassword);
    REQUIRE(again);
    CHECK(*again != *hash);
    CHECK(verifyPassword(*again, "correct horse battery"));
}

TEST_CASE("password: empty, over-long and out-of-range parameters are refused", "[server][auth][password]") {
    auto empty = hashPassword("", kFastPassword);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(hashPassword(std::string(kMaxPasswordBytes + 1, 'x'), kFastPassword));
    CHECK(hashPassword(std::string(kMaxPasswordBytes, 'x'), kFastPassword));
    CHECK_FALSE(hashPassword("pw", PasswordParams{0, 8192}));
    CHECK_FALSE(hashPassword("pw", PasswordParams{1, 1024}));
    // An over-long password never verifies, even against a hash of its first bytes.
    auto hash = hashPassword(std::string(kMaxPasswordBytes, 'x'), kFastPassword);
    REQUIRE(hash);
    CHECK_FALSE(verifyPassword(*hash, std::string(kMaxPasswordBytes + 1, 'x')));
}

TEST_CASE("password: a hash made with other parameters needs a rehash", "[server][auth][password]") {
    auto hash = hashPassword("secret-pass", kFastPassword);
    REQUIRE(hash);
    CHECK_FALSE(passwordNeedsRehash(*hash, kFastPassword));
    CHECK(passwordNeedsRehash(*hash, PasswordParams{2, 8192}));
    CHECK(passwordNeedsRehash(*hash, kInteractivePassword));
    CHECK(passwordNeedsRehash("garbage", kFastPassword));
}
