// SPDX-License-Identifier: Apache-2.0
// AccountStore: where accounts and sessions live, behind an interface (SQLite now, PostgreSQL later).
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// One login account. Everything about the person (name, roles) comes from the reference data.
struct Account {
    std::string nip;
    std::string passwordHash; ///< encoded Argon2id hash (password.hpp)
    shared::Timestamp createdAt{};
    bool disabled = false;

    friend bool operator==(const Account&, const Account&) = default;
};

/// One session: a token opened by a login from one device. The token itself is never stored.
struct SessionRecord {
    std::string tokenHash; ///< SHA-256 of the token, raw bytes (token.hpp)
    std::string nip;
    std::string deviceId;
    std::string deviceName;
    shared::Timestamp createdAt{};
    shared::Timestamp expiresAt{};
    std::optional<shared::Timestamp> revokedAt;

    friend bool operator==(const SessionRecord&, const SessionRecord&) = default;
};

/// Persistent accounts and sessions. Implementations are thread-safe: every method may be called from
/// any number of handler threads at once. Storage failures are the storage.* codes of sqlite.hpp (or the
/// backend's equivalent). The Auth service (auth.hpp) holds the policy; a store only keeps records.
class AccountStore {
  public:
    virtual ~AccountStore() = default;

    [[nodiscard]] virtual shared::Result<std::optional<Account>> findAccount(std::string_view nip) = 0;
    /// Adds an account; storage.constraint when the NIP already has one.
    [[nodiscard]] virtual shared::Result<void> createAccount(const Account& account) = 0;
    /// Replaces the password hash; general.not_found when the NIP has no account.
    [[nodiscard]] virtual shared::Result<void> setPasswordHash(std::string_view nip,
                                                               std::string_view passwordHash) = 0;

    /// Stores a new session and, atomically with it, revokes (at session.createdAt) every unrevoked session
    /// of the same NIP and device: one live session per device. Returns the token hashes it revoked.
    [[nodiscard]] virtual shared::Result<std::vector<std::string>>
    openSession(const SessionRecord& session) = 0;
    /// The session with this token hash, whatever its state (revoked and expired ones included).
    [[nodiscard]] virtual shared::Result<std::optional<SessionRecord>>
    findSession(std::string_view tokenHash) = 0;
    /// The NIP's sessions that are neither revoked nor expired at `now`, oldest first.
    [[nodiscard]] virtual shared::Result<std::vector<SessionRecord>> liveSessions(std::string_view nip,
                                                                                  shared::Timestamp now) = 0;
    /// Revokes one session at `at`; false when it does not exist or was already revoked.
    [[nodiscard]] virtual shared::Result<bool> revokeSession(std::string_view tokenHash,
                                                             shared::Timestamp at) = 0;
    /// Revokes every unrevoked session of the NIP at `at` (after a password change); their token hashes.
    [[nodiscard]] virtual shared::Result<std::vector<std::string>>
    revokeAllSessions(std::string_view nip, shared::Timestamp at) = 0;
};

} // namespace jejak::server
