// SPDX-License-Identifier: Apache-2.0
// SqliteAccountStore: accounts and sessions in the tables account and session of DIR/jejak.db.
#pragma once

#include "auth/account_store.hpp"

#include "jejak/shared/sqlite.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace jejak::server {

/// AccountStore over its own SQLite connection, guarded by a mutex (one statement sequence at a time).
///
/// Why not through the storage core's group-commit writer: logins, logouts and revocations are rare (a
/// handful per user per month) and each is one small durable transaction, so batching them buys nothing,
/// while a separate connection keeps authentication independent of the op pipeline (a login works even
/// while the writer is busy with a large import, waiting at most the busy timeout for the write lock).
/// Session look-ups are cached above this store (Auth), so the mutex is not on the path of every request.
///
/// Invariants: m_db is open, in WAL mode with synchronous=FULL (a revocation that returned survives a
/// power loss), and migrated to server::schemaMigrations(); it is only touched with m_mutex held.
class SqliteAccountStore final : public AccountStore {
  public:
    /// Opens (creating when absent) the database file and brings its schema up to date (migrate() is
    /// idempotent, so it does not matter whether the storage core ran first).
    [[nodiscard]] static shared::Result<std::unique_ptr<SqliteAccountStore>>
    open(const std::string& databasePath);

    [[nodiscard]] shared::Result<std::optional<Account>> findAccount(std::string_view nip) override;
    [[nodiscard]] shared::Result<void> createAccount(const Account& account) override;
    [[nodiscard]] shared::Result<void> setPasswordHash(std::string_view nip,
                                                       std::string_view passwordHash) override;
    [[nodiscard]] shared::Result<std::vector<std::string>> openSession(const SessionRecord& session) override;
    [[nodiscard]] shared::Result<std::optional<SessionRecord>>
    findSession(std::string_view tokenHash) override;
    [[nodiscard]] shared::Result<std::vector<SessionRecord>> liveSessions(std::string_view nip,
                                                                          shared::Timestamp now) override;
    [[nodiscard]] shared::Result<bool> revokeSession(std::string_view tokenHash,
                                                     shared::Timestamp at) override;
    [[nodiscard]] shared::Result<std::vector<std::string>> revokeAllSessions(std::string_view nip,
                                                                             shared::Timestamp at) override;

  private:
    explicit SqliteAccountStore(shared::sqlite::Database db)
        : m_db(std::move(db)) {}

    /// Revokes the unrevoked sessions of the NIP (of one device when `deviceId` is given) and returns their
    /// token hashes. Called with m_mutex held, inside the caller's transaction.
    [[nodiscard]] shared::Result<std::vector<std::string>>
    revokeWhere(std::string_view nip, const std::string* deviceId, shared::Timestamp at);

    std::mutex m_mutex;
    shared::sqlite::Database m_db;
};

} // namespace jejak::server
