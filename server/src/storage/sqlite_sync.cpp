// SPDX-License-Identifier: Apache-2.0
// The sync operations on SQLite: a SyncTransaction over the writer's job, the pull feed, blob access.
#include "storage/sqlite_storage.hpp"

#include "sync/ops.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>

#include <set>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::Timestamp;
using shared::sqlite::Statement;

namespace {

/// Runs one statement that returns no rows.
template <class... Args> Result<void> runSql(StatementCache& sql, std::string_view text, const Args&... args) {
    auto stmt = sql.get(text);
    if (!stmt)
        return std::move(stmt).error();
    if (auto r = (*stmt)->bindAll(args...); !r)
        return r;
    auto r = (*stmt)->run();
    (*stmt)->reset();
    return r;
}

/// Whether a query returns at least one row.
template <class... Args> Result<bool> anyRow(StatementCache& sql, std::string_view text, const Args&... args) {
    auto stmt = sql.get(text);
    if (!stmt)
        return std::move(stmt).error();
    if (auto r = (*stmt)->bindAll(args...); !r)
        return std::move(r).error();
    auto row = (*stmt)->step();
    (*stmt)->reset();
    return row;
}

Result<boost::json::object> parseObject(const std::string& text) {
    auto json = shared::parseJson(text);
    if (!json)
        return std::move(json).error();
    if (!json->is_object())
        return Error(ErrorCode::StorageCorrupt, "", "stored JSON is not an object");
    return std::move(json->as_object());
}

/// A SyncTransaction on the writer's job: the job's savepoint makes a failed op change nothing.
/// Collects the audiences of the change rows it appends.
class SqliteSyncTransaction final : public SyncTransaction {
  public:
    explicit SqliteSyncTransaction(WriteContext& ctx) noexcept
        : m_ctx(ctx) {}

    [[nodiscard]] const std::set<std::string, std::less<>>& audience() const noexcept { return m_audience; }
    [[nodiscard]] std::int64_t lastSeq() const noexcept { return m_lastSeq; }

    Timestamp now() const noexcept override { return m_ctx.now(); }
    const ReferenceSnapshot& reference() const noexcept override { return m_ctx.reference(); }
    const ActivityHistory& history() const noexcept override { return m_ctx.history(); }

    Result<std::optional<AppliedOp>> findAppliedOp(std::string_view opId) override {
        auto stmt = sql().get("SELECT nip, result FROM applied_op WHERE op_id = ?");
        if (!stmt)
            return std::move(stmt).error();
        if (auto r = (*stmt)->bindAll(opId); !r)
            return std::move(r).error();
        auto row = (*stmt)->step();
        if (!row)
            return std::move(row).error();
        std::optional<AppliedOp> out;
        if (*row)
            out = AppliedOp{(*stmt)->columnText(0), (*stmt)->columnText(1)};
        (*stmt)->reset();
        return out;
    }

    Result<void> recordAppliedOp(std::string_view opId, std::string_view nip, std::string_view deviceId,
                                 std::string_view resultJson) override {
        return runSql(sql(),
                      "INSERT INTO applied_op (op_id, nip, device_id, result, applied_at) VALUES (?, ?, ?, ?, ?)",
                      opId, nip, deviceId, resultJson, toMillis(now()));
    }

    Result<std::optional<StoredActivity>> findActivity(std::string_view id) override {
        auto stmt = sql().get("SELECT data, state, validator_nip, route_kind, unlinked, flags, created_at, "
                              "updated_at FROM activity WHERE id = ?");
        if (!stmt)
            return std::move(stmt).error();
        Statement& s = **stmt;
        if (auto r = s.bindAll(id); !r)
            return std::move(r).error();
        auto row = s.step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            return std::optional<StoredActivity>();
        const std::string data = s.columnText(0);
        const std::string state = s.columnText(1);
        StoredActivity out;
        out.validatorNip = s.columnText(2);
        out.routeKind = s.columnText(3);
        out.unlinked = s.columnInt64(4) != 0;
        const std::string flags = s.columnText(5);
        out.createdAt = fromMillis(s.columnInt64(6));
        out.updatedAt = fromMillis(s.columnInt64(7));
        s.reset();
        auto json = shared::parseJson(data);
        if (!json)
            return std::move(json).error();
        auto activity = shared::decode<shared::Activity>(*json);
        const auto parsedState = shared::json::parseEnum<shared::ActivityState>(state);
        auto flagJson = shared::parseJson(flags);
        if (!activity || !parsedState || !flagJson || !flagJson->is_array())
            return Error(ErrorCode::StorageCorrupt, "", "stored activity " + std::string(id) + " is unreadable");
        for (const boost::json::value& f : flagJson->as_array()) {
            if (!f.is_string())
                return Error(ErrorCode::StorageCorrupt, "", "stored flags of " + std::string(id) + " are unreadable");
            out.flags.emplace_back(f.get_string());
        }
        out.activity = std::move(activity).value();
        out.state = *parsedState;
        return std::optional<StoredActivity>(std::move(out));
    }

    Result<void> saveActivity(const StoredActivity& s, bool newRevision) override {
        const shared::Activity& a = s.activity;
        const std::string data = boost::json::serialize(shared::toJson(a));
        boost::json::array flagArray;
        for (const std::string& f : s.flags)
            flagArray.emplace_back(f);
        const std::string flags = boost::json::serialize(flagArray);
        if (auto r = runSql(sql(),
                            "INSERT INTO activity (id, nip, revision, state, validator_nip, route_kind, unlinked, "
                            "flags, team_id, skp_item_id, start_ms, end_ms, data, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                            "revision = excluded.revision, state = excluded.state, validator_nip = "
                            "excluded.validator_nip, route_kind = excluded.route_kind, unlinked = "
                            "excluded.unlinked, flags = excluded.flags, team_id = excluded.team_id, "
                            "skp_item_id = excluded.skp_item_id, start_ms = excluded.start_ms, end_ms = "
                            "excluded.end_ms, data = excluded.data, updated_at = excluded.updated_at",
                            a.id, a.nip, a.revision, shared::json::enumName(s.state), s.validatorNip, s.routeKind,
                            static_cast<std::int64_t>(s.unlinked ? 1 : 0), flags, a.teamId, a.skpItemId,
                            toMillis(a.start), toMillis(a.end), data, toMillis(s.createdAt), toMillis(s.updatedAt));
            !r)
            return r;
        if (!newRevision)
            return {};
        if (auto r = runSql(sql(),
                            "INSERT INTO activity_revision (activity_id, revision, data, submitted_at) "
                            "VALUES (?, ?, ?, ?)",
                            a.id, a.revision, data, toMillis(now()));
            !r)
            return r;
        if (auto r = runSql(sql(), "DELETE FROM activity_evidence WHERE activity_id = ?", a.id); !r)
            return r;
        for (const shared::EvidenceRef& e : a.evidence) {
            if (auto r = runSql(sql(), "INSERT OR IGNORE INTO activity_evidence (activity_id, sha256) VALUES (?, ?)",
                                a.id, e.sha256);
                !r)
                return r;
        }
        return {};
    }

    Result<bool> recordExists(RecordKind kind, std::string_view id) override {
        switch (kind) {
        case RecordKind::Review:
            return anyRow(sql(), "SELECT 1 FROM review WHERE id = ?", id);
        case RecordKind::Rating:
            return anyRow(sql(), "SELECT 1 FROM rating WHERE id = ?", id);
        case RecordKind::Feedback:
            return anyRow(sql(), "SELECT 1 FROM feedback WHERE id = ?", id);
        case RecordKind::Evaluation:
            return anyRow(sql(), "SELECT 1 FROM evaluation WHERE id = ?", id);
        }
        return Error(ErrorCode::Internal, "", "unknown record kind");
    }

    Result<bool> evaluationExists(std::string_view nip, int year, int quarter) override {
        return anyRow(sql(), "SELECT 1 FROM evaluation WHERE nip = ? AND year = ? AND quarter = ?", nip, year,
                      quarter);
    }

    Result<void> insertReview(const shared::Review& r) override {
        return runSql(sql(),
                      "INSERT INTO review (id, activity_id, revision, reviewer_nip, decision, data, decided_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      r.id, r.activityId, r.revision, r.reviewerNip, shared::json::enumName(r.decision),
                      boost::json::serialize(shared::toJson(r)), toMillis(now()));
    }

    Result<void> insertRating(const shared::Rating& r) override {
        return runSql(sql(),
                      "INSERT INTO rating (id, activity_id, appraiser_nip, data, rated_at) VALUES (?, ?, ?, ?, ?)",
                      r.id, r.activityId, r.appraiserNip, boost::json::serialize(shared::toJson(r)),
                      toMillis(now()));
    }

    Result<void> insertFeedback(const shared::Feedback& f) override {
        return runSql(sql(),
                      "INSERT INTO feedback (id, skp_item_id, author_nip, data, posted_at) VALUES (?, ?, ?, ?, ?)",
                      f.id, f.skpItemId, f.authorNip, boost::json::serialize(shared::toJson(f)), toMillis(now()));
    }

    Result<void> insertEvaluation(const shared::Evaluation& e) override {
        return runSql(sql(),
                      "INSERT INTO evaluation (id, nip, year, quarter, appraiser_nip, data, evaluated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      e.id, e.nip, e.year, e.quarter, e.appraiserNip, boost::json::serialize(shared::toJson(e)),
                      toMillis(now()));
    }

    Result<std::int64_t> appendChange(std::string_view audience, sync::ChangeEntity entity, std::string_view id,
                                      const boost::json::object& data) override {
        if (auto r = runSql(sql(),
                            "INSERT INTO change (audience, entity, entity_id, deleted, data, at) "
                            "VALUES (?, ?, ?, 0, ?, ?)",
                            audience, shared::json::enumName(entity), id, boost::json::serialize(data),
                            toMillis(now()));
            !r)
            return std::move(r).error();
        m_lastSeq = m_ctx.db().lastInsertRowId();
        m_audience.emplace(audience);
        return m_lastSeq;
    }

    Result<std::int64_t> appendAudit(const AuditEntry& entry) override { return m_ctx.appendAudit(entry); }

  private:
    StatementCache& sql() noexcept { return m_ctx.statements(); }

    WriteContext& m_ctx;
    std::set<std::string, std::less<>> m_audience;
    std::int64_t m_lastSeq = 0;
};

} // namespace

Result<sync::OpResult> SqliteStorage::applyOp(const Caller& caller, const sync::Op& op) {
    return write([this, &caller, &op](WriteContext& ctx) -> Result<sync::OpResult> {
        SqliteSyncTransaction tx(ctx);
        auto result = server::applyOp(tx, caller, op, m_options.blobCheck);
        if (result && !tx.audience().empty() && m_options.onFeedChanged) {
            ctx.onCommit([notify = m_options.onFeedChanged,
                          nips = std::vector<std::string>(tx.audience().begin(), tx.audience().end()),
                          seq = tx.lastSeq()] { notify(nips, seq); });
        }
        return result;
    });
}

Result<sync::PullResponse> SqliteStorage::pull(const Caller& caller, const sync::PullRequest& request) const {
    const ReferenceSnapshot reference = referenceSnapshot();
    std::optional<FeedCursor> cursor;
    if (request.cursor) {
        auto parsed = parseCursor(*request.cursor);
        if (!parsed)
            return std::move(parsed).error();
        cursor = *parsed;
    }
    const bool reset = !cursor || cursor->refVersion != reference.version;
    const std::int64_t after = reset ? 0 : cursor->seq;
    const int limit = pullLimit(request.limit);

    sync::PullResponse response;
    response.reset = reset;
    if (reset)
        response.changes = referenceChangesFor(reference, caller.nip, localDayOf(reference, caller.nip, m_clock.now()));
    auto rows = read([&](ReadContext& ctx) -> Result<std::vector<sync::Change>> {
        auto stmt = ctx.statements().get("SELECT seq, entity, entity_id, deleted, data FROM change "
                                         "WHERE audience = ? AND seq > ? ORDER BY seq LIMIT ?");
        if (!stmt)
            return std::move(stmt).error();
        Statement& s = **stmt;
        if (auto r = s.bindAll(std::string_view(caller.nip), after, limit + 1); !r)
            return std::move(r).error();
        std::vector<sync::Change> out;
        for (;;) {
            auto row = s.step();
            if (!row)
                return std::move(row).error();
            if (!*row)
                break;
            sync::Change c;
            c.seq = s.columnInt64(0);
            const auto entity = shared::json::parseEnum<sync::ChangeEntity>(s.columnText(1));
            if (!entity)
                return Error(ErrorCode::StorageCorrupt, "", "unknown change entity " + s.columnText(1));
            c.entity = *entity;
            c.id = s.columnText(2);
            c.deleted = s.columnInt64(3) != 0;
            if (const auto data = s.optionalText(4); data && !c.deleted) {
                auto object = parseObject(*data);
                if (!object)
                    return std::move(object).error();
                c.data = std::move(object).value();
            }
            out.push_back(std::move(c));
        }
        s.reset();
        return out;
    });
    if (!rows)
        return std::move(rows).error();
    std::vector<sync::Change>& feed = *rows;
    response.hasMore = feed.size() > static_cast<std::size_t>(limit);
    if (response.hasMore)
        feed.resize(static_cast<std::size_t>(limit));
    const std::int64_t last = feed.empty() ? after : feed.back().seq;
    response.cursor = formatCursor(FeedCursor{reference.version, last});
    response.changes.insert(response.changes.end(), std::make_move_iterator(feed.begin()),
                            std::make_move_iterator(feed.end()));
    return response;
}

Result<std::int64_t> SqliteStorage::latestSeq(std::string_view nip) const {
    return read([nip](ReadContext& ctx) -> Result<std::int64_t> {
        return sqlQueryInt64(ctx.statements(), "SELECT coalesce(max(seq), 0) FROM change WHERE audience = ?", nip);
    });
}

Result<void> SqliteStorage::recordBlobUpload(std::string_view nip, std::string_view sha256) {
    auto done = write([nip, sha256](WriteContext& ctx) -> Result<bool> {
        if (auto r = runSql(ctx.statements(),
                            "INSERT OR IGNORE INTO blob_upload (sha256, nip, uploaded_at) VALUES (?, ?, ?)", sha256,
                            nip, toMillis(ctx.now()));
            !r)
            return std::move(r).error();
        return true;
    });
    if (!done)
        return std::move(done).error();
    return {};
}

Result<bool> SqliteStorage::mayReadBlob(std::string_view nip, std::string_view sha256) const {
    auto parties = read([nip, sha256](ReadContext& ctx) -> Result<std::optional<std::vector<ActivityParties>>> {
        auto uploaded = anyRow(ctx.statements(), "SELECT 1 FROM blob_upload WHERE sha256 = ? AND nip = ?", sha256, nip);
        if (!uploaded)
            return std::move(uploaded).error();
        if (*uploaded)
            return std::optional<std::vector<ActivityParties>>(); // the uploader: no need to look further
        auto stmt = ctx.statements().get("SELECT a.nip, a.team_id, a.validator_nip, a.start_ms FROM activity_evidence e "
                                         "JOIN activity a ON a.id = e.activity_id WHERE e.sha256 = ?");
        if (!stmt)
            return std::move(stmt).error();
        Statement& s = **stmt;
        if (auto r = s.bindAll(sha256); !r)
            return std::move(r).error();
        std::vector<ActivityParties> out;
        for (;;) {
            auto row = s.step();
            if (!row)
                return std::move(row).error();
            if (!*row)
                break;
            out.push_back(ActivityParties{s.columnText(0), s.optionalText(1), s.columnText(2),
                                          fromMillis(s.columnInt64(3))});
        }
        s.reset();
        return std::optional<std::vector<ActivityParties>>(std::move(out));
    });
    if (!parties)
        return std::move(parties).error();
    if (!*parties)
        return true;
    const ReferenceSnapshot reference = referenceSnapshot();
    for (const ActivityParties& p : **parties) {
        if (maySeeActivity(reference, nip, p))
            return true;
    }
    return false;
}

} // namespace jejak::server
