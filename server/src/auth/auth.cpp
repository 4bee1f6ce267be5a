// SPDX-License-Identifier: Apache-2.0
// Login, token validation with a bounded cache, logout and session management.
#include "auth/auth.hpp"

#include "auth/token.hpp"

#include "jejak/shared/nip.hpp"
#include "jejak/shared/org.hpp"

#include <algorithm>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::Timestamp;

namespace {

constexpr std::size_t kMaxDeviceFieldBytes = 200;
constexpr int kDefaultUtcOffsetMinutes = 7 * 60; // WIB, when the employee's instansi is unknown

Error unauthenticated(std::string message) {
    return Error(ErrorCode::AuthUnauthenticated, "Authorization", std::move(message));
}

/// The NIP in its canonical 18-digit form when it parses, else as given (it then matches no account).
std::string canonicalNip(std::string_view text) {
    auto parsed = shared::parseNip(text);
    return parsed ? parsed->digits : std::string(text);
}

} // namespace

Result<std::unique_ptr<Auth>> Auth::create(AccountStore& store, const shared::Clock& clock,
                                           ReferenceProvider reference, AuthOptions options) {
    auto secret = newToken(); // a password nobody knows: the dummy hash never verifies
    if (!secret) {
        return std::move(secret).error();
    }
    auto dummy = hashPassword(*secret, options.password);
    if (!dummy) {
        return std::move(dummy).error();
    }
    return std::unique_ptr<Auth>(
        new Auth(store, clock, std::move(reference), std::move(options), std::move(*dummy)));
}

Auth::Auth(AccountStore& store, const shared::Clock& clock, ReferenceProvider reference, AuthOptions options,
           std::string dummyHash)
    : m_store(store)
    , m_clock(clock)
    , m_reference(std::move(reference))
    , m_options(std::move(options))
    , m_dummyHash(std::move(dummyHash))
    , m_throttle(m_options.throttle) {}

LoginAttempt Auth::login(const sync::LoginRequest& request, std::string_view remoteAddress) {
    if (request.deviceId.empty() || request.deviceId.size() > kMaxDeviceFieldBytes) {
        return {Error(ErrorCode::InvalidArgument, "deviceId", "deviceId must have 1 to 200 bytes"), {}};
    }
    if (request.deviceName.size() > kMaxDeviceFieldBytes) {
        return {Error(ErrorCode::InvalidArgument, "deviceName", "deviceName must have at most 200 bytes"),
                {}};
    }
    const std::string nip = canonicalNip(request.nip);
    const Timestamp now = m_clock.now();
    if (const auto wait = m_throttle.retryAfter(nip, remoteAddress, now); wait.count() > 0) {
        return {Error(ErrorCode::AuthThrottled, "nip",
                      "too many failed logins; retry in " + std::to_string(wait.count()) + " s"),
                wait};
    }

    auto account = m_store.findAccount(nip);
    if (!account) {
        return {std::move(account).error(), {}};
    }
    // Verify against the dummy hash when there is no account, so both failures take the same time.
    const std::string& hash = *account ? (*account)->passwordHash : m_dummyHash;
    const bool verified = verifyPassword(hash, request.password) && account->has_value();
    if (!verified) {
        m_throttle.recordFailure(nip, remoteAddress, now);
        return {Error(ErrorCode::AuthInvalidCredentials, "password"), {}};
    }
    if ((*account)->disabled) {
        return {Error(ErrorCode::AuthAccountDisabled, "nip"), {}};
    }
    m_throttle.recordSuccess(nip);

    if (passwordNeedsRehash(hash, m_options.password)) {
        // Best effort: when either step fails the old hash stays, and it still verifies.
        if (auto fresh = hashPassword(request.password, m_options.password)) {
            static_cast<void>(m_store.setPasswordHash(nip, *fresh));
        }
    }
    return {openSession(nip, request, now), {}};
}

Result<sync::LoginResponse> Auth::openSession(const std::string& nip, const sync::LoginRequest& request,
                                              Timestamp now) {
    auto token = newToken();
    if (!token) {
        return std::move(token).error();
    }
    SessionRecord record;
    record.tokenHash = hashToken(*token);
    record.nip = nip;
    record.deviceId = request.deviceId;
    record.deviceName = request.deviceName;
    record.createdAt = now;
    record.expiresAt = now + std::chrono::duration_cast<shared::Milliseconds>(m_options.sessionLifetime);
    auto revoked = m_store.openSession(record);
    if (!revoked) {
        return std::move(revoked).error();
    }
    forget(*revoked);

    sync::LoginResponse response;
    response.token = std::move(*token);
    response.expiresAt = record.expiresAt;
    response.nip = nip;
    if (const auto reference = m_reference ? m_reference() : nullptr) {
        if (const auto employee = reference->employee(nip)) {
            response.name = employee->name;
        }
    }
    response.roles = rolesOf(nip).names();
    return response;
}

Result<Caller> Auth::authenticate(const HttpRequest& request) {
    const auto header = request.headers.find("Authorization");
    if (!header) {
        return unauthenticated("the request has no Authorization header");
    }
    constexpr std::string_view kScheme = "Bearer ";
    if (header->size() <= kScheme.size() || !equalsIgnoreCase(header->substr(0, kScheme.size()), kScheme)) {
        return unauthenticated("the Authorization header must be 'Bearer <token>'");
    }
    return authenticateToken(header->substr(kScheme.size()));
}

Result<Caller> Auth::authenticateToken(std::string_view token) {
    if (!looksLikeToken(token)) {
        return unauthenticated("the token is malformed");
    }
    const std::string tokenHash = hashToken(token);
    const Timestamp now = m_clock.now();
    std::uint64_t revocations = 0;
    {
        const std::lock_guard lock(m_cacheMutex);
        revocations = m_revocations;
        if (const auto it = m_cache.find(tokenHash); it != m_cache.end()) {
            if (now < it->second.expiresAt && now < it->second.checkedAt + m_options.sessionCacheTtl) {
                return it->second.caller;
            }
            m_cache.erase(it);
        }
    }
    auto session = m_store.findSession(tokenHash);
    if (!session) {
        return std::move(session).error();
    }
    if (!*session) {
        return unauthenticated("unknown session");
    }
    const SessionRecord& s = **session;
    if (s.revokedAt) {
        return unauthenticated("the session was revoked");
    }
    if (now >= s.expiresAt) {
        return unauthenticated("the session has expired");
    }
    auto account = m_store.findAccount(s.nip);
    if (!account) {
        return std::move(account).error();
    }
    if (!*account) {
        return unauthenticated("the session's account no longer exists");
    }
    if ((*account)->disabled) {
        return Error(ErrorCode::AuthAccountDisabled, "Authorization");
    }
    Caller caller{s.nip, s.deviceId, sessionIdOf(tokenHash)};
    remember(tokenHash, {caller, s.expiresAt, now}, revocations);
    return caller;
}

Result<void> Auth::logout(const Caller& caller) {
    return revokeSession(caller, caller.sessionId);
}

Result<std::vector<SessionInfo>> Auth::sessions(const Caller& caller) {
    auto live = m_store.liveSessions(caller.nip, m_clock.now());
    if (!live) {
        return std::move(live).error();
    }
    std::vector<SessionInfo> out;
    out.reserve(live->size());
    for (const SessionRecord& s : *live) {
        std::string id = sessionIdOf(s.tokenHash);
        const bool current = id == caller.sessionId;
        out.push_back({std::move(id), s.deviceId, s.deviceName, s.createdAt, s.expiresAt, current});
    }
    return out;
}

Result<void> Auth::revokeSession(const Caller& caller, std::string_view sessionId) {
    const Timestamp now = m_clock.now();
    auto live = m_store.liveSessions(caller.nip, now);
    if (!live) {
        return std::move(live).error();
    }
    const auto it = std::find_if(live->begin(), live->end(), [&](const SessionRecord& s) {
        return sessionIdOf(s.tokenHash) == sessionId;
    });
    if (it == live->end()) {
        return Error(ErrorCode::NotFound, "sessionId", "no live session " + std::string(sessionId));
    }
    auto revoked = m_store.revokeSession(it->tokenHash, now);
    if (!revoked) {
        return std::move(revoked).error();
    }
    forget({it->tokenHash});
    return {};
}

Roles Auth::rolesOf(std::string_view nip) const {
    const auto reference = m_reference ? m_reference() : nullptr;
    if (!reference) {
        return {};
    }
    int offset = kDefaultUtcOffsetMinutes;
    if (const auto employee = reference->employee(nip)) {
        if (const auto instansi = shared::instansiOf(*reference, *employee)) {
            offset = instansi->utcOffsetMinutes;
        }
    }
    return server::rolesOf(*reference, nip, shared::localDate(m_clock.now(), offset));
}

void Auth::forget(const std::vector<std::string>& tokenHashes) {
    const std::lock_guard lock(m_cacheMutex);
    ++m_revocations;
    for (const std::string& h : tokenHashes) {
        m_cache.erase(h);
    }
}

void Auth::remember(const std::string& tokenHash, CachedSession entry, std::uint64_t revocationsSeen) {
    const std::lock_guard lock(m_cacheMutex);
    if (m_options.sessionCacheCapacity == 0 || revocationsSeen != m_revocations) {
        return; // a revocation since the store was read may concern this very session: do not cache it
    }
    if (m_cache.size() >= m_options.sessionCacheCapacity && !m_cache.contains(tokenHash)) {
        const Timestamp now = entry.checkedAt;
        std::erase_if(m_cache, [&](const auto& e) {
            return now >= e.second.expiresAt || now >= e.second.checkedAt + m_options.sessionCacheTtl;
        });
        if (m_cache.size() >= m_options.sessionCacheCapacity) {
            m_cache.erase(m_cache.begin()); // any entry: it is only re-validated on its next use
        }
    }
    m_cache.insert_or_assign(tokenHash, std::move(entry));
}

} // namespace jejak::server
