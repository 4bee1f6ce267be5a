// SPDX-License-Identifier: Apache-2.0
// Internal to the SQLite backend: the storage core's SQL over one connection, and a statement cache.
#pragma once

#include "storage/reference_data.hpp"
#include "storage/storage.hpp"

#include "jejak/shared/sqlite.hpp"
#include "jejak/shared/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jejak::server {

/// Prepared statements of one connection, kept by their SQL text so that hot statements are compiled once.
/// Invariant: every cached statement belongs to the connection given at construction, which must outlive
/// the cache. Same threading as that connection (one thread at a time).
class StatementCache {
  public:
    explicit StatementCache(shared::sqlite::Database& db) noexcept
        : m_db(&db) {}

    [[nodiscard]] shared::sqlite::Database& db() noexcept { return *m_db; }
    /// The statement for `sql` (exactly one statement), prepared at first use, reset and with its bindings
    /// cleared. The pointer stays valid as long as the cache. The next get() of the same text resets the
    /// statement again, so do not get() a statement's text while still stepping through its rows.
    [[nodiscard]] shared::Result<shared::sqlite::Statement*> get(std::string_view sql);
    /// Resets every cached statement, releasing what an unfinished step still holds. The storage calls it
    /// after each job, before ending the job's savepoint or read transaction.
    void resetAll() noexcept;

  private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    shared::sqlite::Database* m_db;
    std::unordered_map<std::string, shared::sqlite::Statement, StringHash, std::equal_to<>> m_statements;
};

/// A timestamp as the tables store it: milliseconds since the Unix epoch.
[[nodiscard]] inline std::int64_t toMillis(shared::Timestamp t) noexcept {
    return t.time_since_epoch().count();
}
/// The timestamp of a stored milliseconds column.
[[nodiscard]] inline shared::Timestamp fromMillis(std::int64_t ms) noexcept {
    return shared::Timestamp{shared::Milliseconds{ms}};
}

/// Runs a query that yields one integer, binding `args`: column 0 of its first row, 0 when it has no row.
template <class... Args>
[[nodiscard]] shared::Result<std::int64_t> sqlQueryInt64(StatementCache& sql, std::string_view text,
                                                         const Args&... args) {
    auto stmt = sql.get(text);
    if (!stmt)
        return std::move(stmt).error();
    if (auto r = (*stmt)->bindAll(args...); !r)
        return std::move(r).error();
    auto row = (*stmt)->step();
    if (!row)
        return std::move(row).error();
    const std::int64_t value = *row ? (*stmt)->columnInt64(0) : 0;
    (*stmt)->reset();
    return value;
}

//---- Reference data (tables ref_entity, ref_version)

/// The stored reference version; 0 before the first import.
[[nodiscard]] shared::Result<std::int64_t> sqlReferenceVersion(StatementCache& sql);

/// The stored reference data and version as a snapshot (collections in stored order, see ReferenceSnapshot).
/// Run it inside a transaction so that version and rows come from one state.
[[nodiscard]] shared::Result<ReferenceSnapshot> sqlLoadReference(StatementCache& sql);

/// What sqlReplaceReference did.
struct ReplacedReference {
    std::int64_t version = 0;  ///< the new version
    std::int64_t replaced = 0; ///< rows deleted
};

/// Deletes every reference row, inserts `rows` and bumps the version, stamped `at`. Run it inside a
/// write transaction (it is several statements).
[[nodiscard]] shared::Result<ReplacedReference>
sqlReplaceReference(StatementCache& sql, const std::vector<ReferenceRow>& rows, shared::Timestamp at);

//---- Audit log (table audit)

/// Appends one entry after the last stored one (seq + 1, chained to its hash), stamped `at`. Run it inside
/// a write transaction: the last entry is read and the new one written under the same write lock.
/// InvalidArgument when actor or action is empty or detail is not JSON text.
[[nodiscard]] shared::Result<AuditRecord> sqlAppendAudit(StatementCache& sql, const AuditEntry& entry,
                                                         shared::Timestamp at);

/// Reads the whole log in seq order through an AuditChainVerifier.
[[nodiscard]] shared::Result<AuditVerification> sqlVerifyAudit(StatementCache& sql);

/// The number of entries (the last seq of an intact log).
[[nodiscard]] shared::Result<std::int64_t> sqlAuditLength(StatementCache& sql);

//---- Activity history (tables activity, activity_evidence)

/// ActivityHistory over one connection: what that connection sees, including its own open transaction.
/// Used by one thread at a time, like the connection.
class SqlActivityHistory final : public ActivityHistory {
  public:
    explicit SqlActivityHistory(StatementCache& sql) noexcept
        : m_sql(&sql) {}

    [[nodiscard]] shared::Result<std::vector<std::string>>
    overlappingActivities(std::string_view nip, shared::Timestamp start, shared::Timestamp end,
                          std::string_view excludeId) const override;
    [[nodiscard]] shared::Result<std::vector<std::string>>
    activitiesUsingEvidence(std::string_view sha256, std::string_view excludeId) const override;

  private:
    StatementCache* m_sql;
};

} // namespace jejak::server
