// SPDX-License-Identifier: Apache-2.0
// SQL of the storage core: reference rows and version, the audit chain, the activity-history queries.
#include "storage/sqlite_tables.hpp"

#include "storage/audit_chain.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/in_memory_domain.hpp"

#include <memory>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::Timestamp;
using shared::sqlite::Statement;

namespace {

/// Steps through every row, collecting column 0 as text.
Result<std::vector<std::string>> collectIds(Statement& stmt) {
    std::vector<std::string> ids;
    for (;;) {
        auto row = stmt.step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            break;
        ids.push_back(stmt.columnText(0));
    }
    return ids;
}

} // namespace

//---- StatementCache

Result<Statement*> StatementCache::get(std::string_view sql) {
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto stmt = m_db->prepare(sql);
        if (!stmt)
            return std::move(stmt).error();
        it = m_statements.emplace(std::string(sql), std::move(stmt).value()).first;
    } else {
        it->second.reset();
        it->second.clearBindings();
    }
    return &it->second;
}

void StatementCache::resetAll() noexcept {
    for (auto& [text, stmt] : m_statements)
        stmt.reset();
}

//---- Reference data

Result<std::int64_t> sqlReferenceVersion(StatementCache& sql) {
    return sqlQueryInt64(sql, "SELECT version FROM ref_version WHERE id = 1");
}

Result<ReferenceSnapshot> sqlLoadReference(StatementCache& sql) {
    ReferenceSnapshot snapshot;
    {
        auto stmt = sql.get("SELECT version, imported_at FROM ref_version WHERE id = 1");
        if (!stmt)
            return std::move(stmt).error();
        auto row = (*stmt)->step();
        if (!row)
            return std::move(row).error();
        if (*row) {
            snapshot.version = (*stmt)->columnInt64(0);
            snapshot.importedAt = fromMillis((*stmt)->columnInt64(1));
        }
        (*stmt)->reset();
    }
    // Stored order: kind, then id (byte order), which is the order inStoredOrder() sorts a bundle into.
    auto stmt = sql.get("SELECT kind, id, data FROM ref_entity ORDER BY kind, id");
    if (!stmt)
        return std::move(stmt).error();
    ReferenceDecoder decoder;
    for (;;) {
        auto row = (*stmt)->step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            break;
        if (auto added = decoder.add((*stmt)->columnText(0), (*stmt)->columnText(1), (*stmt)->columnText(2));
            !added) {
            (*stmt)->reset();
            return std::move(added).error();
        }
    }
    snapshot.domain = std::make_shared<const shared::InMemoryDomain>(decoder.take());
    return snapshot;
}

Result<ReplacedReference> sqlReplaceReference(StatementCache& sql, const std::vector<ReferenceRow>& rows,
                                              Timestamp at) {
    ReplacedReference out;
    {
        auto del = sql.get("DELETE FROM ref_entity");
        if (!del)
            return std::move(del).error();
        if (auto r = (*del)->run(); !r)
            return std::move(r).error();
        out.replaced = sql.db().changes();
    }
    auto insert = sql.get("INSERT INTO ref_entity (kind, id, data) VALUES (?, ?, ?)");
    if (!insert)
        return std::move(insert).error();
    for (const ReferenceRow& row : rows) {
        if (auto r = (*insert)->bindAll(row.kind, std::string_view(row.id), std::string_view(row.data)); !r)
            return std::move(r).error();
        if (auto r = (*insert)->run(); !r)
            return std::move(r).error();
    }
    auto bump = sql.get("INSERT INTO ref_version (id, version, imported_at) VALUES (1, 1, ?1) "
                        "ON CONFLICT (id) DO UPDATE SET version = version + 1, imported_at = ?1 "
                        "RETURNING version");
    if (!bump)
        return std::move(bump).error();
    if (auto r = (*bump)->bind(1, toMillis(at)); !r)
        return std::move(r).error();
    auto row = (*bump)->step();
    if (!row)
        return std::move(row).error();
    if (!*row)
        return Error(ErrorCode::StorageSql, {}, "ref_version upsert returned no row");
    out.version = (*bump)->columnInt64(0);
    if (auto done = (*bump)->run(); !done) // finish the statement so that its write completes
        return std::move(done).error();
    return out;
}

//---- Audit log

Result<AuditRecord> sqlAppendAudit(StatementCache& sql, const AuditEntry& entry, Timestamp at) {
    if (entry.actor.empty() || entry.action.empty())
        return Error(ErrorCode::InvalidArgument, entry.actor.empty() ? "actor" : "action",
                     "an audit entry needs an actor and an action");
    if (auto detail = shared::parseJson(entry.detail); !detail)
        return Error(ErrorCode::InvalidArgument, "detail",
                     "the detail of an audit entry must be JSON text: " + detail.error().message);

    AuditRecord record;
    record.entry = entry;
    record.at = at;
    {
        auto last = sql.get("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        if (!last)
            return std::move(last).error();
        auto row = (*last)->step();
        if (!row)
            return std::move(row).error();
        if (*row) {
            record.seq = (*last)->columnInt64(0) + 1;
            record.prevHash = (*last)->columnText(1);
        } else {
            record.seq = 1;
            record.prevHash = kAuditGenesisHash;
        }
        (*last)->reset();
    }
    auto hash = auditHash(record.prevHash, record.seq, record.at, record.entry);
    if (!hash)
        return std::move(hash).error();
    record.hash = std::move(hash).value();

    auto insert =
        sql.get("INSERT INTO audit (seq, at, actor_nip, action, entity, entity_id, detail, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return std::move(insert).error();
    if (auto r = (*insert)->bindAll(record.seq, toMillis(record.at), std::string_view(entry.actor),
                                    std::string_view(entry.action), std::string_view(entry.entity),
                                    std::string_view(entry.entityId), std::string_view(entry.detail),
                                    std::string_view(record.prevHash), std::string_view(record.hash));
        !r)
        return std::move(r).error();
    if (auto r = (*insert)->run(); !r)
        return std::move(r).error();
    return record;
}

Result<AuditVerification> sqlVerifyAudit(StatementCache& sql) {
    auto stmt = sql.get("SELECT seq, at, actor_nip, action, entity, entity_id, detail, prev_hash, hash "
                        "FROM audit ORDER BY seq");
    if (!stmt)
        return std::move(stmt).error();
    AuditChainVerifier verifier;
    for (;;) {
        auto row = (*stmt)->step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            break;
        Statement& s = **stmt;
        const AuditRecord record{
            s.columnInt64(0),
            fromMillis(s.columnInt64(1)),
            {s.columnText(2), s.columnText(3), s.columnText(4), s.columnText(5), s.columnText(6)},
            s.columnText(7),
            s.columnText(8)};
        if (auto added = verifier.add(record); !added) {
            s.reset();
            return std::move(added).error();
        }
    }
    return verifier.result();
}

Result<std::int64_t> sqlAuditLength(StatementCache& sql) {
    return sqlQueryInt64(sql, "SELECT count(*) FROM audit");
}

//---- Activity history

Result<std::vector<std::string>> SqlActivityHistory::overlappingActivities(std::string_view nip,
                                                                           Timestamp start, Timestamp end,
                                                                           std::string_view excludeId) const {
    // activity_author_end (nip, end_ms) narrows to the person's activities ending after `start`: the recent
    // ones, however long their history (the start_ms index would visit every earlier activity).
    // Live: not withdrawn or rejected (the states' wire names, as the activity table stores them).
    auto stmt = m_sql->get("SELECT id FROM activity INDEXED BY activity_author_end "
                           "WHERE nip = ? AND start_ms < ? AND end_ms > ? AND id <> ? "
                           "AND state NOT IN ('withdrawn', 'rejected') ORDER BY id");
    if (!stmt)
        return std::move(stmt).error();
    if (auto r = (*stmt)->bindAll(nip, toMillis(end), toMillis(start), excludeId); !r)
        return std::move(r).error();
    auto ids = collectIds(**stmt);
    (*stmt)->reset();
    return ids;
}

Result<std::vector<std::string>>
SqlActivityHistory::activitiesUsingEvidence(std::string_view sha256, std::string_view excludeId) const {
    auto stmt = m_sql->get("SELECT a.id FROM activity_evidence e JOIN activity a ON a.id = e.activity_id "
                           "WHERE e.sha256 = ? AND a.id <> ? AND a.state NOT IN ('withdrawn', 'rejected') "
                           "ORDER BY a.id");
    if (!stmt)
        return std::move(stmt).error();
    if (auto r = (*stmt)->bindAll(sha256, excludeId); !r)
        return std::move(r).error();
    auto ids = collectIds(**stmt);
    (*stmt)->reset();
    return ids;
}

} // namespace jejak::server
