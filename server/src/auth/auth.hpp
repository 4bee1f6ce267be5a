// SPDX-License-Identifier: Apache-2.0
// Auth: login, request authentication, logout and per-device session management over an AccountStore.
#pragma once

#include "auth/account_store.hpp"
#include "auth/password.hpp"
#include "auth/roles.hpp"
#include "auth/throttle.hpp"
#include "caller.hpp"
#include "http_message.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/protocol.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jejak::server {

/// The current reference snapshot (names and roles come from it); may return null while none is loaded,
/// in which case logins carry no name and no roles. Must be thread-safe.
using ReferenceProvider = std::function<std::shared_ptr<const shared::InMemoryDomain>()>;

/// The policy knobs of authentication.
struct AuthOptions {
    std::chrono::seconds sessionLifetime{30LL * 24 * 3600}; ///< token expiry, counted from the login
    PasswordParams password = kInteractivePassword;         ///< cost of new hashes (and of the dummy hash)
    ThrottleOptions throttle;
    std::size_t sessionCacheCapacity = 10'000; ///< validated sessions kept in memory
    /// How long a cached validation is trusted before the store is asked again. Revocations made through
    /// this Auth take effect at once; this bounds how late one made elsewhere (jejak-admin user passwd,
    /// another server process) is noticed.
    std::chrono::milliseconds sessionCacheTtl{60'000};
};

/// One of the caller's sessions, as GET /v1/auth/sessions lists it.
struct SessionInfo {
    std::string sessionId;
    std::string deviceId;
    std::string deviceName;
    shared::Timestamp createdAt{};
    shared::Timestamp expiresAt{};
    bool current = false; ///< the session of the request that asked

    friend bool operator==(const SessionInfo&, const SessionInfo&) = default;
};

/// The outcome of a login: the response, or the error with, for auth.throttled, when to try again.
struct LoginAttempt {
    shared::Result<sync::LoginResponse> result;
    std::chrono::seconds retryAfter{0}; ///< non-zero exactly when the error is auth.throttled
};

/// Authentication service: one per server process, shared by every handler thread.
///
/// Tokens are 32 random bytes handed to the client once; the store keeps only their SHA-256, so a copy of
/// the database opens no session. A login from a device revokes that device's previous session.
/// Unknown NIP and wrong password give the same error, auth.invalid_credentials, and cost about the same
/// time: an unknown NIP is verified against a dummy hash made with the same parameters at start-up.
/// Failed logins are throttled per NIP and per remote address (LoginThrottle, in memory, per process).
///
/// Invariants: every cached session was valid (known, unrevoked, unexpired, account enabled) when it was
/// cached, less than sessionCacheTtl ago, and is dropped as soon as this Auth revokes it; the cache holds
/// at most sessionCacheCapacity entries. Thread-safe: the cache has its own mutex, the store and the
/// throttle are thread-safe, and password hashing runs outside any lock.
class Auth {
  public:
    /// Makes the dummy hash (one Argon2id run with options.password). The store, clock and whatever the
    /// provider refers to must outlive the Auth. Fails when libsodium cannot start or the parameters are
    /// out of range.
    [[nodiscard]] static shared::Result<std::unique_ptr<Auth>> create(AccountStore& store,
                                                                      const shared::Clock& clock,
                                                                      ReferenceProvider reference,
                                                                      AuthOptions options = {});

    /// Checks the credentials and opens a session for the device. Errors: auth.throttled (with
    /// retryAfter), auth.invalid_credentials, auth.account_disabled (right password, disabled account),
    /// general.invalid_argument (deviceId empty, deviceId or deviceName over 200 bytes), storage.*.
    /// The NIP may be given in its printed grouping ("19790919 199802 1 001").
    [[nodiscard]] LoginAttempt login(const sync::LoginRequest& request, std::string_view remoteAddress);

    /// The caller behind `Authorization: Bearer <token>`. auth.unauthenticated when the header is missing
    /// or malformed or the token is unknown, expired or revoked; auth.account_disabled when its account
    /// was disabled; storage.* when the store fails.
    [[nodiscard]] shared::Result<Caller> authenticate(const HttpRequest& request);
    /// authenticate() for a bare token.
    [[nodiscard]] shared::Result<Caller> authenticateToken(std::string_view token);

    /// Revokes the caller's own session (the token stops working at once).
    [[nodiscard]] shared::Result<void> logout(const Caller& caller);
    /// The caller's live (unrevoked, unexpired) sessions, oldest first, the current one marked.
    [[nodiscard]] shared::Result<std::vector<SessionInfo>> sessions(const Caller& caller);
    /// Revokes one of the caller's live sessions by its id (any of their devices, the current one
    /// included). general.not_found when the caller has no live session of that id: another person's
    /// session is indistinguishable from none.
    [[nodiscard]] shared::Result<void> revokeSession(const Caller& caller, std::string_view sessionId);

    /// The roles of `nip` today (the local date of their instansi) in the current reference snapshot;
    /// none when there is no snapshot.
    [[nodiscard]] Roles rolesOf(std::string_view nip) const;

    [[nodiscard]] const AuthOptions& options() const noexcept { return m_options; }

  private:
    Auth(AccountStore& store, const shared::Clock& clock, ReferenceProvider reference, AuthOptions options,
         std::string dummyHash);

    struct CachedSession {
        Caller caller;
        shared::Timestamp expiresAt;
        shared::Timestamp checkedAt;
    };

    [[nodiscard]] shared::Result<sync::LoginResponse>
    openSession(const std::string& nip, const sync::LoginRequest& request, shared::Timestamp now);
    void forget(const std::vector<std::string>& tokenHashes);
    /// Caches a validated session unless forget() ran since `revocationsSeen` was read (the store answer
    /// may predate that revocation).
    void remember(const std::string& tokenHash, CachedSession entry, std::uint64_t revocationsSeen);

    AccountStore& m_store;
    const shared::Clock& m_clock;
    const ReferenceProvider m_reference;
    const AuthOptions m_options;
    const std::string m_dummyHash;
    LoginThrottle m_throttle;

    std::mutex m_cacheMutex;                                // guards m_cache and m_revocations
    std::unordered_map<std::string, CachedSession> m_cache; // by token hash
    std::uint64_t m_revocations = 0;                        // forget() calls so far
};

} // namespace jejak::server
