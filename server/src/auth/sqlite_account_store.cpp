// SPDX-License-Identifier: Apache-2.0
// The SQL of accounts and sessions (tables in storage/schema.cpp, migration 1).
#include "auth/sqlite_account_store.hpp"

#include "storage/schema.hpp"

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::Timestamp;
using shared::sqlite::Database;
using shared::sqlite::Statement;
using shared::sqlite::Transaction;

namespace {

std::int64_t toMs(Timestamp t) {
    return t.time_since_epoch().count();
}
Timestamp fromMs(std::int64_t ms) {
    return Timestamp(shared::Milliseconds(ms));
}

std::string blobText(const Statement& s, int column) {
    const std::vector<std::byte> bytes = s.columnBlob(column);
    std::string out(bytes.size(), '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out[i] = static_cast<char>(bytes[i]);
    }
    return out;
}

constexpr std::string_view kSessionColumns =
    "token_hash, nip, device_id, device_name, created_at, expires_at, revoked_at";

SessionRecord readSession(const Statement& s) {
    SessionRecord r;
    r.tokenHash = blobText(s, 0);
    r.nip = s.columnText(1);
    r.deviceId = s.columnText(2);
    r.deviceName = s.columnText(3);
    r.createdAt = fromMs(s.columnInt64(4));
    r.expiresAt = fromMs(s.columnInt64(5));
    if (const auto revoked = s.optionalInt64(6)) {
        r.revokedAt = fromMs(*revoked);
    }
    return r;
}

} // namespace

Result<std::unique_ptr<SqliteAccountStore>> SqliteAccountStore::open(const std::string& databasePath) {
    auto db = Database::open(databasePath);
    if (!db) {
        return std::move(db).error();
    }
    if (auto migrated = shared::sqlite::migrate(*db, schemaMigrations()); !migrated) {
        return std::move(migrated).error();
    }
    return std::unique_ptr<SqliteAccountStore>(new SqliteAccountStore(std::move(*db)));
}

Result<std::optional<Account>> SqliteAccountStore::findAccount(std::string_view nip) {
    const std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT nip, password_hash, created_at, disabled FROM account WHERE nip = ?");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindAll(nip); !b) {
        return std::move(b).error();
    }
    auto row = s->step();
    if (!row) {
        return std::move(row).error();
    }
    if (!*row) {
        return std::optional<Account>();
    }
    return std::optional<Account>(
        Account{s->columnText(0), s->columnText(1), fromMs(s->columnInt64(2)), s->columnInt64(3) != 0});
}

Result<void> SqliteAccountStore::createAccount(const Account& account) {
    const std::lock_guard lock(m_mutex);
    auto s =
        m_db.prepare("INSERT INTO account (nip, password_hash, created_at, disabled) VALUES (?, ?, ?, ?)");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindAll(std::string_view(account.nip), std::string_view(account.passwordHash),
                            toMs(account.createdAt), account.disabled ? 1 : 0);
        !b) {
        return b;
    }
    return s->run();
}

Result<void> SqliteAccountStore::setPasswordHash(std::string_view nip, std::string_view passwordHash) {
    const std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("UPDATE account SET password_hash = ? WHERE nip = ?");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindAll(passwordHash, nip); !b) {
        return b;
    }
    if (auto r = s->run(); !r) {
        return r;
    }
    if (m_db.changes() == 0) {
        return Error(ErrorCode::NotFound, "nip", "no account for NIP " + std::string(nip));
    }
    return {};
}

Result<std::vector<std::string>> SqliteAccountStore::revokeWhere(std::string_view nip,
                                                                 const std::string* deviceId, Timestamp at) {
    const std::string select =
        std::string("SELECT token_hash FROM session WHERE nip = ? AND revoked_at IS NULL") +
        (deviceId != nullptr ? " AND device_id = ?" : "");
    const std::string update =
        std::string("UPDATE session SET revoked_at = ? WHERE nip = ? AND revoked_at IS NULL") +
        (deviceId != nullptr ? " AND device_id = ?" : "");
    auto s = m_db.prepare(select);
    if (!s) {
        return std::move(s).error();
    }
    auto u = m_db.prepare(update);
    if (!u) {
        return std::move(u).error();
    }
    Result<void> bound = deviceId != nullptr ? s->bindAll(nip, std::string_view(*deviceId)) : s->bindAll(nip);
    if (!bound) {
        return std::move(bound).error();
    }
    std::vector<std::string> revoked;
    for (;;) {
        auto row = s->step();
        if (!row) {
            return std::move(row).error();
        }
        if (!*row) {
            break;
        }
        revoked.push_back(blobText(*s, 0));
    }
    bound = deviceId != nullptr ? u->bindAll(toMs(at), nip, std::string_view(*deviceId))
                                : u->bindAll(toMs(at), nip);
    if (!bound) {
        return std::move(bound).error();
    }
    if (auto r = u->run(); !r) {
        return std::move(r).error();
    }
    return revoked;
}

Result<std::vector<std::string>> SqliteAccountStore::openSession(const SessionRecord& session) {
    const std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
    if (!tx) {
        return std::move(tx).error();
    }
    auto revoked = revokeWhere(session.nip, &session.deviceId, session.createdAt);
    if (!revoked) {
        return revoked;
    }
    auto s =
        m_db.prepare("INSERT INTO session (token_hash, nip, device_id, device_name, created_at, expires_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindBlob(1, session.tokenHash); !b) {
        return std::move(b).error();
    }
    if (auto b = s->bind(2, std::string_view(session.nip)); !b) {
        return std::move(b).error();
    }
    if (auto b = s->bind(3, std::string_view(session.deviceId)); !b) {
        return std::move(b).error();
    }
    if (auto b = s->bind(4, std::string_view(session.deviceName)); !b) {
        return std::move(b).error();
    }
    if (auto b = s->bind(5, toMs(session.createdAt)); !b) {
        return std::move(b).error();
    }
    if (auto b = s->bind(6, toMs(session.expiresAt)); !b) {
        return std::move(b).error();
    }
    if (auto r = s->run(); !r) {
        return std::move(r).error();
    }
    if (auto c = tx->commit(); !c) {
        return std::move(c).error();
    }
    return revoked;
}

Result<std::optional<SessionRecord>> SqliteAccountStore::findSession(std::string_view tokenHash) {
    const std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT " + std::string(kSessionColumns) + " FROM session WHERE token_hash = ?");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindBlob(1, tokenHash); !b) {
        return std::move(b).error();
    }
    auto row = s->step();
    if (!row) {
        return std::move(row).error();
    }
    if (!*row) {
        return std::optional<SessionRecord>();
    }
    return std::optional<SessionRecord>(readSession(*s));
}

Result<std::vector<SessionRecord>> SqliteAccountStore::liveSessions(std::string_view nip, Timestamp now) {
    const std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT " + std::string(kSessionColumns) +
                          " FROM session WHERE nip = ? AND revoked_at IS NULL AND expires_at > ?"
                          " ORDER BY created_at, token_hash");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindAll(nip, toMs(now)); !b) {
        return std::move(b).error();
    }
    std::vector<SessionRecord> out;
    for (;;) {
        auto row = s->step();
        if (!row) {
            return std::move(row).error();
        }
        if (!*row) {
            return out;
        }
        out.push_back(readSession(*s));
    }
}

Result<bool> SqliteAccountStore::revokeSession(std::string_view tokenHash, Timestamp at) {
    const std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("UPDATE session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bind(1, toMs(at)); !b) {
        return std::move(b).error();
    }
    if (auto b = s->bindBlob(2, tokenHash); !b) {
        return std::move(b).error();
    }
    if (auto r = s->run(); !r) {
        return std::move(r).error();
    }
    return m_db.changes() > 0;
}

Result<std::vector<std::string>> SqliteAccountStore::revokeAllSessions(std::string_view nip, Timestamp at) {
    const std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
    if (!tx) {
        return std::move(tx).error();
    }
    auto revoked = revokeWhere(nip, nullptr, at);
    if (!revoked) {
        return revoked;
    }
    if (auto c = tx->commit(); !c) {
        return std::move(c).error();
    }
    return revoked;
}

} // namespace jejak::server
