// SPDX-License-Identifier: Apache-2.0
#include "auth/auth.hpp"

#include "auth/token.hpp"
#include "auth_fixture.hpp"

#include "jejak/shared/sqlite.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using namespace jejak::testing;
using namespace std::chrono_literals;
using jejak::shared::ErrorCode;

namespace {

constexpr const char* kPassword = "rahasia-sekali";

HttpRequest bearer(const std::string& token) {
    HttpRequest r;
    r.method = "GET";
    r.target = "/v1/auth/sessions";
    r.headers.add("authorization", "Bearer " + token);
    return r;
}

/// The error code of a failed result; nullopt when it succeeded (so a wrong success fails the check
/// instead of aborting).
template <class R> std::optional<ErrorCode> codeOf(const R& r) {
    if (r) {
        return std::nullopt;
    }
    return r.error().code;
}

std::string loginToken(AuthRig& rig, std::string_view nip, std::string_view device = "device-1") {
    LoginAttempt a = rig.auth->login(AuthRig::request(nip, kPassword, device), "10.1.1.1");
    INFO((a.result ? std::string() : jejak::shared::toString(a.result.error())));
    REQUIRE(a.result);
    return a.result->token;
}

} // namespace

TEST_CASE("auth: login returns a token, name and roles; the token authenticates", "[server][auth]") {
    AuthRig rig;
    rig.addAccount(kDemoKetuaPia, kPassword);
    LoginAttempt a = rig.auth->login(AuthRig::request(kDemoKetuaPia, kPassword), "10.1.1.1");
    REQUIRE(a.result);
    const auto& r = *a.result;
    CHECK(looksLikeToken(r.token));
    CHECK(r.nip == kDemoKetuaPia);
    CHECK(r.name == "I Made Dharma Wicaksana");
    CHECK(r.roles == std::vector<std::string>{"employee", "ketua"});
    CHECK(r.expiresAt == rig.clock.now() + std::chrono::hours(24 * 30));

    auto caller = rig.auth->authenticate(bearer(r.token));
    REQUIRE(caller);
    CHECK(caller->nip == kDemoKetuaPia);
    CHECK(caller->deviceId == "device-1");
    CHECK(caller->sessionId == sessionIdOf(hashToken(r.token)));
    // The printed NIP grouping logs into the same account.
    CHECK(
        rig.auth->login(AuthRig::request("19841008 200902 1 003", kPassword, "device-2"), "10.1.1.1").result);
}

TEST_CASE("auth: only the token's SHA-256 is stored", "[server][auth]") {
    AuthRig rig;
    rig.addAccount(kDemoKetuaPia, kPassword);
    const std::string token = loginToken(rig, kDemoKetuaPia);

    auto db = jejak::shared::sqlite::Database::open(rig.databasePath());
    REQUIRE(db);
    auto s = db->prepare("SELECT token_hash, nip, device_id, device_name FROM session");
    REQUIRE(s);
    auto row = s->step();
    REQUIRE(row);
    REQUIRE(*row);
    const auto stored = s->columnBlob(0);
    const std::string hash = hashToken(token);
    REQUIRE(stored.size() == hash.size());
    CHECK(std::equal(stored.begin(), stored.end(), hash.begin(), [](std::byte b, char c) {
        return static_cast<unsigned char>(b) == static_cast<unsigned char>(c);
    }));
    for (int column = 1; column < 4; ++column) {
        CHECK(s->columnText(column).find(token) == std::string::npos);
    }
    auto next = s->step();
    REQUIRE(next);
    CHECK_FALSE(*next);
}

TEST_CASE("auth: unknown NIP and wrong password fail alike and are throttled", "[server][auth]") {
    AuthRig rig;
    rig.addAccount(kDemoKetuaPia, kPassword);
    LoginAttempt wrong = rig.auth->login(AuthRig::request(kDemoKetuaPia, "salah"), "10.1.1.1");
    LoginAttempt unknown = rig.auth->login(AuthRig::request(kDemoAnggota, kPassword), "10.1.1.1");
    REQUIRE_FALSE(wrong.result);
    REQUIRE_FALSE(unknown.result);
    CHECK(wrong.result.error() == unknown.result.error());
    CHECK(codeOf(wrong.result) == ErrorCode::AuthInvalidCredentials);
    CHECK(wrong.retryAfter == 0s);

    // Four more failures lock the NIP: even the right password is refused until the window passes.
    for (int i = 0; i < 4; ++i) {
        const LoginAttempt failed = rig.auth->login(AuthRig::request(kDemoKetuaPia, "salah"), "10.1.1.2");
        CHECK(codeOf(failed.result) == ErrorCode::AuthInvalidCredentials);
    }
    LoginAttempt locked = rig.auth->login(AuthRig::request(kDemoKetuaPia, kPassword), "10.1.1.3");
    REQUIRE_FALSE(locked.result);
    CHECK(codeOf(locked.result) == ErrorCode::AuthThrottled);
    CHECK(locked.result.error().transient);
    CHECK(locked.retryAfter == 900s);
    rig.clock.advance(15min);
    LoginAttempt after = rig.auth->login(AuthRig::request(kDemoKetuaPia, kPassword), "10.1.1.3");
    CHECK(after.result);
}

TEST_CASE("auth: a disabled account gets account_disabled, but only with the right password",
          "[server][auth]") {
    AuthRig rig;
    rig.addAccount(kDemoAnggota, kPassword, true);
    auto wrong = rig.auth->login(AuthRig::request(kDemoAnggota, "salah"), "10.1.1.1");
    CHECK(codeOf(wrong.result) == ErrorCode::AuthInvalidCredentials);
    auto right = rig.auth->login(AuthRig::request(kDemoAnggota, kPassword), "10.1.1.1");
    REQUIRE_FALSE(right.result);
    CHECK(codeOf(right.result) == ErrorCode::AuthAccountDisabled);
}

TEST_CASE("auth: device fields are checked", "[server][auth]") {
    AuthRig rig;
    rig.addAccount(kDemoAnggota, kPassword);
    auto noDevice = rig.auth->login(AuthRig::request(kDemoAnggota, kPassword, ""), "10.1.1.1");
    REQUIRE_FALSE(noDevice.result);
    CHECK(codeOf(noDevice.result) == ErrorCode::InvalidArgument);
    CHECK(noDevice.result.error().field == "deviceId");
    auto request = AuthRig::request(kDemoAnggota, kPassword);
    request.deviceName = std::string(201, 'x');
    const LoginAttempt longName = rig.auth->login(request, "10.1.1.1");
    REQUIRE_FALSE(longName.result);
    CHECK(longName.result.error().field == "deviceName");
}

TEST_CASE("auth: bad Authorization headers and unknown tokens are unauthenticated", "[server][auth]") {
    AuthRig rig;
    HttpRequest none;
    CHECK(codeOf(rig.auth->authenticate(none)) == ErrorCode::AuthUnauthenticated);
    const std::vector<std::string> values{"Basic abc", "Bearer", "Bearer ", "Bearer short",
                                          "bearer " + std::string(43, '!')};
    for (const std::string& value : values) {
        HttpRequest r;
        r.headers.add("Authorization", value);
        INFO(value);
        CHECK(codeOf(rig.auth->authenticate(r)) == ErrorCode::AuthUnauthenticated);
    }
    auto unknown = rig.auth->authenticate(bearer(std::string(43, 'A')));
    REQUIRE_FALSE(unknown);
    CHECK(codeOf(unknown) == ErrorCode::AuthUnauthenticated);
    CHECK(unknown.error().field == "Authorization");
}

TEST_CASE("auth: tokens expire, logout and re-login revoke at once (cache included)", "[server][auth]") {
    AuthOptions options = AuthRig::fastOptions();
    options.sessionLifetime = 30s; // shorter than the cache lifetime, so expiry is seen on a cached entry
    AuthRig rig(demoReference(), options);
    rig.addAccount(kDemoAnggota, kPassword);

    const std::string first = loginToken(rig, kDemoAnggota, "phone");
    REQUIRE(rig.auth->authenticate(bearer(first))); // now cached
    rig.clock.advance(1s);
    const std::string second = loginToken(rig, kDemoAnggota, "phone");
    CHECK(codeOf(rig.auth->authenticate(bearer(first))) == ErrorCode::AuthUnauthenticated);
    auto caller = rig.auth->authenticate(bearer(second));
    REQUIRE(caller);

    rig.clock.advance(1s);
    const std::string tablet = loginToken(rig, kDemoAnggota, "tablet");
    auto sessions = rig.auth->sessions(*caller);
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 2);
    CHECK((*sessions)[0].deviceId == "phone");
    CHECK((*sessions)[0].current);
    CHECK((*sessions)[0].deviceName == "Test phone phone");
    CHECK((*sessions)[1].deviceId == "tablet");
    CHECK_FALSE((*sessions)[1].current);

    // Revoke the tablet from the phone; an unknown id (or someone else's) is not found.
    REQUIRE(rig.auth->authenticate(bearer(tablet)));
    REQUIRE(rig.auth->revokeSession(*caller, (*sessions)[1].sessionId));
    CHECK(codeOf(rig.auth->authenticate(bearer(tablet))) == ErrorCode::AuthUnauthenticated);
    CHECK(codeOf(rig.auth->revokeSession(*caller, (*sessions)[1].sessionId)) == ErrorCode::NotFound);
    CHECK(codeOf(rig.auth->revokeSession(*caller, "0000000000000000")) == ErrorCode::NotFound);

    // Expiry is checked on cached sessions too (`second` was cached less than the cache lifetime ago).
    rig.clock.advance(30s - 1s - 1ms);
    CHECK(rig.auth->authenticate(bearer(second)));
    rig.clock.advance(1ms);
    CHECK(codeOf(rig.auth->authenticate(bearer(second))) == ErrorCode::AuthUnauthenticated);

    const std::string third = loginToken(rig, kDemoAnggota, "phone");
    auto current = rig.auth->authenticate(bearer(third));
    REQUIRE(current);
    REQUIRE(rig.auth->logout(*current));
    CHECK(codeOf(rig.auth->authenticate(bearer(third))) == ErrorCode::AuthUnauthenticated);
}

TEST_CASE("auth: revocations made elsewhere are noticed within the cache lifetime", "[server][auth]") {
    AuthRig rig;
    rig.addAccount(kDemoAnggota, kPassword);
    const std::string token = loginToken(rig, kDemoAnggota);
    REQUIRE(rig.auth->authenticate(bearer(token)));
    REQUIRE(rig.store->revokeAllSessions(kDemoAnggota, rig.clock.now())); // as jejak-admin user passwd does
    rig.clock.advance(rig.auth->options().sessionCacheTtl - 1ms);
    CHECK(rig.auth->authenticate(bearer(token))); // still cached
    rig.clock.advance(1ms);
    CHECK(codeOf(rig.auth->authenticate(bearer(token))) == ErrorCode::AuthUnauthenticated);
}

TEST_CASE("auth: a login with a hash of older parameters stores a fresh hash", "[server][auth]") {
    AuthOptions options = AuthRig::fastOptions();
    options.password = PasswordParams{2, 8192};
    AuthRig rig(demoReference(), options);
    rig.addAccount(kDemoAnggota, kPassword); // made with kFastPassword {1, 8192}
    REQUIRE(rig.auth->login(AuthRig::request(kDemoAnggota, kPassword), "10.1.1.1").result);
    auto account = rig.store->findAccount(kDemoAnggota);
    REQUIRE(account);
    REQUIRE(account->has_value());
    CHECK_FALSE(passwordNeedsRehash((*account)->passwordHash, options.password));
    CHECK(verifyPassword((*account)->passwordHash, kPassword));
}

TEST_CASE("auth: without a reference snapshot a login has no name and no roles", "[server][auth]") {
    AuthRig rig(nullptr);
    rig.addAccount(kDemoAnggota, kPassword);
    auto a = rig.auth->login(AuthRig::request(kDemoAnggota, kPassword), "10.1.1.1");
    REQUIRE(a.result);
    CHECK(a.result->name.empty());
    CHECK(a.result->roles.empty());
    CHECK(rig.auth->rolesOf(kDemoAnggota) == Roles{});
}
