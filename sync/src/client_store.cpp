// SPDX-License-Identifier: Apache-2.0
// The device store on SQLite (WAL): schema, pull applier, user actions, outbox and evidence files.
// Design and conflict rules: docs/sync.md.
#include "jejak/sync/client_store.hpp"

#include "client_store_db.hpp"

#include "jejak/shared/rating.hpp"
#include "jejak/shared/review.hpp"
#include "jejak/shared/sha256.hpp"
#include "jejak/shared/text.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/shared/validation.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <mutex>
#include <random>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

namespace jejak::sync {

namespace bj = boost::json;
namespace fs = std::filesystem;
using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::sqlite::Database;
using shared::sqlite::Transaction;

std::string_view toString(SyncState state) noexcept {
    switch (state) {
    case SyncState::Draft:
        return "draft";
    case SyncState::Queued:
        return "queued";
    case SyncState::Uploading:
        return "uploading";
    case SyncState::Synced:
        return "synced";
    case SyncState::Returned:
        return "returned";
    case SyncState::Rejected:
        return "rejected";
    case SyncState::Error:
        return "error";
    }
    return "unknown";
}

using namespace store_db;

namespace {

/// The message of a refused submit: every failed rule.
std::string describeErrors(const std::vector<Error>& errors) {
    std::string out = std::to_string(errors.size()) + " rule(s) failed:";
    for (const auto& e : errors)
        out += " " + shared::toString(e) + ";";
    return out;
}

class SqliteClientStore final : public ClientStore {
  public:
    SqliteClientStore(fs::path dir, Database db, const shared::Clock& clock, std::string deviceId)
        : m_dir(std::move(dir))
        , m_db(std::move(db))
        , m_clock(clock)
        , m_deviceId(std::move(deviceId))
        , m_random(std::random_device{}()) {}

    //---- identity and session

    std::string deviceId() const override { return m_deviceId; }

    std::optional<Session> session() const override {
        std::lock_guard lock(m_mutex);
        auto s = loadSession();
        return s ? std::move(s).value() : std::nullopt;
    }

    Result<void> setSession(const Session& session) override {
        if (session.nip.empty() || session.token.empty() || session.serverUrl.empty())
            return Error(ErrorCode::InvalidArgument,
                         session.nip.empty()     ? "nip"
                         : session.token.empty() ? "token"
                                                 : "serverUrl",
                         "a session needs a server, a NIP and a token");
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        auto owner = meta(m_db, "owner_nip");
        if (!owner)
            return std::move(owner).error();
        if (*owner && **owner != session.nip) {
            // Another account: its cache and cursor are not this one's (the next pull is a snapshot).
            if (auto r = m_db.exec(
                    "DELETE FROM server_record; DELETE FROM meta WHERE key IN ('cursor', 'last_sync');");
                !r)
                return r;
            m_domain.reset();
        }
        const LoginResponse login{session.token, session.expiresAt, session.nip, session.name, session.roles};
        const std::array<std::pair<std::string_view, std::string>, 3> values = {
            {{"owner_nip", session.nip}, {"server_url", session.serverUrl}, {"session", encode(login)}}};
        for (const auto& [key, value] : values) {
            if (auto r = setMeta(m_db, key, value); !r)
                return r;
        }
        return tx->commit();
    }

    Result<void> clearSession() override {
        std::lock_guard lock(m_mutex);
        return run(m_db, "DELETE FROM meta WHERE key = 'session'");
    }

    //---- pull side

    std::optional<std::string> cursor() const override {
        std::lock_guard lock(m_mutex);
        auto c = meta(m_db, "cursor");
        return c ? std::move(c).value() : std::nullopt;
    }

    Result<void> applyPull(const PullResponse& page) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        if (page.reset) {
            if (auto r = run(m_db, "DELETE FROM server_record"); !r)
                return r;
        }
        for (std::size_t i = 0; i < page.changes.size(); ++i) {
            if (auto r = applyChange(page.changes[i], i); !r)
                return r;
        }
        if (auto r = setMeta(m_db, "cursor", page.cursor); !r)
            return r;
        m_domain.reset();
        if (auto r = recheckLocalActivities(); !r) {
            m_domain.reset();
            return r;
        }
        auto committed = tx->commit();
        if (!committed)
            m_domain.reset();
        return committed;
    }

    std::shared_ptr<const shared::InMemoryDomain> domain() const override {
        std::lock_guard lock(m_mutex);
        auto d = currentDomain();
        return d ? std::move(d).value() : std::make_shared<const shared::InMemoryDomain>(shared::Bundle{});
    }

    //---- user actions

    Result<shared::EvidenceRef> addEvidence(std::string_view bytes, std::string mediaType,
                                            shared::EvidenceKind kind,
                                            std::optional<shared::Timestamp> capturedAt) override {
        if (bytes.empty())
            return Error(ErrorCode::EvidenceInvalid, "size", "the file is empty");
        if (!shared::isAllowedMediaType(kind, mediaType))
            return Error(ErrorCode::EvidenceInvalid, "mediaType", "media type not allowed: " + mediaType);
        auto sha = shared::sha256Hex(bytes);
        if (!sha)
            return std::move(sha).error();
        std::uint64_t nonce = 0;
        {
            std::lock_guard lock(m_mutex);
            if (auto s = requireSession(); !s)
                return std::move(s).error();
            nonce = m_random();
        }
        // The file is written outside the lock (the engine keeps using the store meanwhile); the row follows
        // it, so no row ever names a missing file. Two writers of the same bytes write the same file.
        const fs::path path = m_dir / "blobs" / *sha;
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            if (auto r = writeFileDurably(path, bytes, nonce); !r)
                return std::move(r).error();
        }
        std::lock_guard lock(m_mutex);
        const auto size = static_cast<std::int64_t>(bytes.size());
        if (auto r = run(m_db, "INSERT OR IGNORE INTO blob (sha256, size, media_type) VALUES (?, ?, ?)", *sha,
                         size, mediaType);
            !r)
            return std::move(r).error();
        return shared::EvidenceRef{*sha, size, std::move(mediaType), kind, capturedAt};
    }

    Result<LocalActivity> saveDraft(shared::Activity activity) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        if (activity.id.empty())
            activity.id = newId();
        else if (!shared::isUuid(activity.id))
            return Error(ErrorCode::InvalidArgument, "id", "an activity id is a canonical UUID");
        if (activity.nip.empty())
            activity.nip = session->nip;
        else if (activity.nip != session->nip)
            return Error(ErrorCode::NotAllowed, "nip", "only the author writes their activity");
        auto existing = loadActivity(activity.id);
        if (!existing)
            return std::move(existing).error();
        if (*existing) {
            if (auto r = checkEditable(**existing, session->nip); !r)
                return std::move(r).error();
            activity.createdAt = (*existing)->activity.createdAt;
            activity.revision = (*existing)->status ? (*existing)->status->revision : 1;
        } else {
            activity.createdAt = m_clock.now();
            activity.revision = 1;
        }
        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        if (auto r = putLocalActivity(activity); !r)
            return std::move(r).error();
        if (auto r = tx->commit(); !r)
            return std::move(r).error();
        return loadExisting(activity.id);
    }

    Result<LocalActivity> submit(std::string_view activityId) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        auto existing = loadExisting(activityId);
        if (!existing)
            return std::move(existing).error();
        const LocalActivity& current = *existing;
        if (auto r = checkEditable(current, session->nip); !r)
            return std::move(r).error();
        shared::Activity activity = current.activity;
        const bool revise = current.status && current.status->state == shared::ActivityState::Returned;
        activity.revision = revise ? current.status->revision + 1 : 1;

        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        auto report = putLocalActivity(activity);
        if (!report)
            return std::move(report).error();
        if (!report->ok()) {
            // Kept as a draft with every failed rule; nothing is queued.
            if (auto r = tx->commit(); !r)
                return std::move(r).error();
            const Error& first = report->errors.front();
            return Error(first.code, first.field, describeErrors(report->errors));
        }
        Op op{newId(), revise ? OpPayload(ReviseActivity{activity}) : OpPayload(SubmitActivity{activity})};
        if (auto r = enqueue(op); !r)
            return std::move(r).error();
        if (auto r = tx->commit(); !r)
            return std::move(r).error();
        m_domain.reset(); // a queued activity is live for the overlap rule
        return loadExisting(activity.id);
    }

    Result<void> withdraw(std::string_view activityId) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        auto existing = loadExisting(activityId);
        if (!existing)
            return std::move(existing).error();
        const LocalActivity& current = *existing;
        if (current.activity.nip != session->nip)
            return Error(ErrorCode::NotAllowed, "nip", "only the author withdraws an activity");
        if (current.unsent || !current.status || current.status->state != shared::ActivityState::Submitted)
            return Error(ErrorCode::SyncNotEditable, "activityId",
                         "only a submitted activity can be withdrawn");
        return commitOp(Op{newId(), WithdrawActivity{current.activity.id, current.status->revision}}, {});
    }

    Result<void> decide(shared::Review review) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        if (auto r = fillIds(review.id, review.reviewerNip, session->nip, "reviewerNip"); !r)
            return r;
        review.decidedAt = m_clock.now();
        auto existing = loadExisting(review.activityId);
        if (!existing)
            return std::move(existing).error();
        const LocalActivity& current = *existing;
        if (current.unsent || !current.status)
            return Error(ErrorCode::SyncNotEditable, "activityId",
                         "the activity is not waiting for a decision");
        if (auto r = shared::checkActor(shared::ReviewAction::Decide, review.reviewerNip,
                                        {current.activity.nip, current.status->validatorNip, {}});
            !r)
            return r;
        if (auto r = shared::decide(current.status->state, current.status->revision, review); !r)
            return std::move(r).error();
        return commitOp(Op{newId(), DecideReview{review}}, encode(review));
    }

    Result<void> rate(shared::Rating rating) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        if (auto r = fillIds(rating.id, rating.appraiserNip, session->nip, "appraiserNip"); !r)
            return r;
        rating.ratedAt = m_clock.now();
        if (auto r = shared::checkScores(rating.scores); !r)
            return std::move(r).error();
        auto existing = loadExisting(rating.activityId);
        if (!existing)
            return std::move(existing).error();
        const LocalActivity& current = *existing;
        if (current.unsent || !current.status || (current.rating && !current.error))
            return Error(ErrorCode::SyncNotEditable, "activityId",
                         "the activity is not waiting for a rating");
        if (auto r = shared::rate(current.status->state); !r)
            return std::move(r).error();
        if (rating.appraiserNip == current.activity.nip)
            return Error(ErrorCode::NotAllowed, "appraiserNip", "nobody rates their own activity");
        return commitOp(Op{newId(), RateActivity{rating}}, encode(rating));
    }

    Result<void> postFeedback(shared::Feedback feedback) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        if (auto r = fillIds(feedback.id, feedback.authorNip, session->nip, "authorNip"); !r)
            return r;
        feedback.postedAt = m_clock.now();
        if (shared::isBlank(feedback.text))
            return Error(ErrorCode::InvalidArgument, "text", "feedback needs a text");
        auto domain = currentDomain();
        if (!domain)
            return std::move(domain).error();
        if (!(*domain)->skpItem(feedback.skpItemId))
            return Error(ErrorCode::NotFound, "skpItemId", "no SKP item " + feedback.skpItemId);
        return commitOp(Op{newId(), PostFeedback{feedback}}, encode(feedback));
    }

    Result<void> evaluate(shared::Evaluation evaluation) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        if (auto r = fillIds(evaluation.id, evaluation.appraiserNip, session->nip, "appraiserNip"); !r)
            return r;
        evaluation.evaluatedAt = m_clock.now();
        evaluation.predicate = shared::predicateOf(evaluation.resultRating, evaluation.behaviourRating);
        if (auto r = shared::checkEvaluation(evaluation); !r)
            return r;
        auto domain = currentDomain();
        if (!domain)
            return std::move(domain).error();
        if (!(*domain)->employee(evaluation.nip))
            return Error(ErrorCode::NotFound, "nip", "no employee " + evaluation.nip);
        if (evaluation.nip == evaluation.appraiserNip)
            return Error(ErrorCode::NotAllowed, "appraiserNip", "nobody evaluates themselves");
        return commitOp(Op{newId(), Evaluate{evaluation}}, encode(evaluation));
    }

    Result<void> discardDraft(std::string_view activityId) override {
        std::lock_guard lock(m_mutex);
        auto session = requireSession();
        if (!session)
            return std::move(session).error();
        auto existing = loadExisting(activityId);
        if (!existing)
            return std::move(existing).error();
        if (existing->activity.nip != session->nip)
            return Error(ErrorCode::NotAllowed, "nip", "only the author discards their draft");
        auto onServer = text(
            m_db, "SELECT id FROM server_record WHERE entity IN ('activity', 'activityState') AND id = ?",
            activityId);
        if (!onServer)
            return std::move(onServer).error();
        if (existing->unsent || *onServer)
            return Error(ErrorCode::SyncNotEditable, "activityId",
                         "only a draft never sent can be discarded");
        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        if (auto r = run(m_db, "DELETE FROM local_record WHERE entity = 'activity' AND id = ?", activityId);
            !r)
            return r;
        if (auto r = run(m_db, "DELETE FROM record_error WHERE entity = 'activity' AND id = ?", activityId);
            !r)
            return r;
        return tx->commit();
    }

    //---- queries

    std::vector<LocalActivity> activities(const ActivityFilter& filter) const override {
        std::lock_guard lock(m_mutex);
        const std::string sql = std::string("SELECT id FROM server_record WHERE entity = 'activity'") +
                                (filter.authorNip ? " AND ref = ?1" : "") +
                                " UNION SELECT id FROM local_record WHERE entity = 'activity'" +
                                (filter.authorNip ? " AND ref = ?1" : "");
        auto stmt = m_db.prepare(sql);
        if (!stmt || (filter.authorNip && !stmt->bind(1, *filter.authorNip)))
            return {};
        std::vector<std::string> ids;
        while (true) {
            auto row = stmt->step();
            if (!row || !*row)
                break;
            ids.push_back(stmt->columnText(0));
        }
        std::vector<LocalActivity> out;
        for (const auto& id : ids) {
            auto la = loadActivity(id);
            if (!la || !*la)
                continue;
            LocalActivity& a = **la;
            if (filter.authorNip && a.activity.nip != *filter.authorNip)
                continue;
            if (filter.validatorNip && (!a.status || a.status->validatorNip != *filter.validatorNip))
                continue;
            if (filter.authorNips && std::find(filter.authorNips->begin(), filter.authorNips->end(),
                                               a.activity.nip) == filter.authorNips->end())
                continue;
            if (filter.syncState && a.syncState != *filter.syncState)
                continue;
            out.push_back(std::move(a));
        }
        std::sort(out.begin(), out.end(), [](const LocalActivity& x, const LocalActivity& y) {
            if (x.activity.start != y.activity.start)
                return x.activity.start > y.activity.start;
            return x.activity.id > y.activity.id;
        });
        return out;
    }

    std::optional<LocalActivity> activity(std::string_view id) const override {
        std::lock_guard lock(m_mutex);
        auto la = loadActivity(id);
        return la ? std::move(la).value() : std::nullopt;
    }

    std::vector<shared::Feedback> feedback(std::string_view skpItemId) const override {
        std::lock_guard lock(m_mutex);
        auto out = mergedRecords<shared::Feedback>(kFeedback, skpItemId);
        std::stable_sort(out.begin(), out.end(), [](const shared::Feedback& a, const shared::Feedback& b) {
            return a.postedAt < b.postedAt;
        });
        return out;
    }

    std::vector<shared::Evaluation> evaluations(std::string_view employeeNip) const override {
        std::lock_guard lock(m_mutex);
        auto out = mergedRecords<shared::Evaluation>(kEvaluation, employeeNip);
        std::stable_sort(out.begin(), out.end(),
                         [](const shared::Evaluation& a, const shared::Evaluation& b) {
                             return std::tie(a.year, a.quarter, a.evaluatedAt) <
                                    std::tie(b.year, b.quarter, b.evaluatedAt);
                         });
        return out;
    }

    std::optional<std::string> blobPath(std::string_view sha256) const override {
        if (!shared::isSha256Hex(sha256))
            return std::nullopt;
        const fs::path path = m_dir / "blobs" / std::string(sha256);
        std::error_code ec;
        if (!fs::is_regular_file(path, ec))
            return std::nullopt;
        return path.string();
    }

    //---- push side

    std::vector<OutboxEntry> outbox() const override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare(
            "SELECT o.seq, o.op, o.record_id, o.attempts, EXISTS (SELECT 1 FROM outbox_blob ob JOIN blob b "
            "ON b.sha256 = ob.sha256 WHERE ob.seq = o.seq AND b.complete = 0) FROM outbox o ORDER BY o.seq");
        std::vector<OutboxEntry> out;
        if (!stmt)
            return out;
        while (true) {
            auto row = stmt->step();
            if (!row || !*row)
                break;
            auto op = decodeText<Op>(stmt->columnText(1));
            if (!op)
                continue;
            out.push_back(OutboxEntry{stmt->columnInt64(0), std::move(op).value(), stmt->columnText(2),
                                      static_cast<int>(stmt->columnInt64(3)), stmt->columnInt64(4) != 0});
        }
        return out;
    }

    Result<void> recordResult(std::int64_t outboxSeq, const OpResult& result) override {
        std::lock_guard lock(m_mutex);
        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        auto opText = text(m_db, "SELECT op FROM outbox WHERE seq = ?", outboxSeq);
        if (!opText)
            return std::move(opText).error();
        if (!*opText)
            return Error(ErrorCode::NotFound, "outboxSeq", "no outbox entry " + std::to_string(outboxSeq));
        auto op = decodeText<Op>(**opText);
        if (!op)
            return Error(ErrorCode::StorageCorrupt, "outbox", toString(op.error()));
        if (result.opId != op->opId)
            return Error(ErrorCode::InvalidArgument, "opId", "the result is for op " + result.opId);
        const OpTarget target = targetOf(*op);

        if (!result.ok && (!result.error || result.error->transient)) {
            if (auto r = run(m_db, "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", outboxSeq); !r)
                return r;
            return tx->commit();
        }
        if (auto r = run(m_db, "DELETE FROM outbox WHERE seq = ?", outboxSeq); !r)
            return r;
        if (result.ok) {
            if (auto r = storeAcknowledged(*op, result); !r)
                return r;
        } else {
            // The record keeps its local version (nothing is dropped) and shows the error.
            if (auto r = run(
                    m_db,
                    "INSERT INTO record_error (entity, id, activity_id, error, at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (entity, id) DO UPDATE SET activity_id = excluded.activity_id, "
                    "error = excluded.error, at = excluded.at",
                    target.entity, target.id, target.activityId, encode(*result.error),
                    millis(m_clock.now()));
                !r)
                return r;
        }
        m_domain.reset();
        return tx->commit();
    }

    std::vector<LocalBlob> pendingBlobs() const override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT b.sha256, b.size, b.media_type, b.uploaded FROM blob b JOIN "
                                 "outbox_blob ob ON ob.sha256 = b.sha256 "
                                 "WHERE b.complete = 0 GROUP BY b.sha256 ORDER BY min(ob.seq), b.sha256");
        std::vector<LocalBlob> out;
        if (!stmt)
            return out;
        while (true) {
            auto row = stmt->step();
            if (!row || !*row)
                break;
            const std::string sha = stmt->columnText(0);
            out.push_back(LocalBlob{sha, stmt->columnInt64(1), stmt->columnText(2), m_dir / "blobs" / sha,
                                    stmt->columnInt64(3), false});
        }
        return out;
    }

    Result<void> setBlobProgress(std::string_view sha256, std::int64_t uploaded, bool complete) override {
        std::lock_guard lock(m_mutex);
        auto size = blobSize(sha256);
        if (!size)
            return std::move(size).error();
        if (uploaded < 0 || uploaded > *size || (complete && uploaded != *size))
            return Error(ErrorCode::InvalidArgument, "uploaded",
                         "progress " + std::to_string(uploaded) + " of a blob of " + std::to_string(*size) +
                             " bytes");
        return run(m_db, "UPDATE blob SET uploaded = ?, complete = ? WHERE sha256 = ?", uploaded,
                   complete ? 1 : 0, sha256);
    }

    Result<std::string> readBlob(std::string_view sha256, std::int64_t offset,
                                 std::int64_t length) const override {
        std::int64_t size = 0;
        {
            std::lock_guard lock(m_mutex);
            auto s = blobSize(sha256);
            if (!s)
                return std::move(s).error();
            size = *s;
        }
        if (offset < 0 || length < 0 || offset > size)
            return Error(ErrorCode::InvalidArgument, "offset",
                         "range " + std::to_string(offset) + "+" + std::to_string(length) + " of " +
                             std::to_string(size) + " bytes");
        const auto count = std::min(length, size - offset);
        std::ifstream in(m_dir / "blobs" / std::string(sha256), std::ios::binary);
        std::string out(static_cast<std::size_t>(count), '\0');
        if (!in)
            return Error(ErrorCode::BlobIo, "", "cannot open blob " + std::string(sha256));
        // A file shorter than the size it was stored with was damaged on the device: retrying cannot help.
        if (!in.seekg(offset) || !in.read(out.data(), count))
            return Error(ErrorCode::EvidenceCorrupt, "", "blob " + std::string(sha256) + " is shorter than stored");
        return out;
    }

    std::optional<shared::Timestamp> lastSuccessfulSync() const override {
        std::lock_guard lock(m_mutex);
        auto value = integer(m_db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_sync'");
        if (!value || !*value)
            return std::nullopt;
        return shared::Timestamp(shared::Milliseconds(**value));
    }

    Result<void> setLastSuccessfulSync(shared::Timestamp at) override {
        std::lock_guard lock(m_mutex);
        return setMeta(m_db, "last_sync", std::to_string(millis(at)));
    }

  private:
    //---- helpers; every one runs under m_mutex

    std::string newId() { return shared::makeUuidV7(m_clock.now(), m_random(), m_random()); }

    Result<std::optional<Session>> loadSession() const {
        auto login = meta(m_db, "session");
        if (!login)
            return std::move(login).error();
        if (!*login)
            return std::optional<Session>();
        auto url = meta(m_db, "server_url");
        if (!url)
            return std::move(url).error();
        auto decoded = decodeText<LoginResponse>(**login);
        if (!decoded)
            return Error(ErrorCode::StorageCorrupt, "session", toString(decoded.error()));
        return std::optional<Session>(Session{url->value_or(""), decoded->nip, decoded->name, decoded->token,
                                              decoded->expiresAt, decoded->roles});
    }

    Result<Session> requireSession() const {
        auto s = loadSession();
        if (!s)
            return std::move(s).error();
        if (!*s)
            return Error(ErrorCode::SyncNoSession, "", "no one is logged in on this device");
        return std::move(**s);
    }

    /// Fills in a record's id and actor, or checks them when the caller gave them.
    Result<void> fillIds(std::string& id, std::string& actorNip, const std::string& sessionNip,
                         std::string_view actorField) {
        if (id.empty())
            id = newId();
        else if (!shared::isUuid(id))
            return Error(ErrorCode::InvalidArgument, "id", "an id is a canonical UUID");
        if (actorNip.empty())
            actorNip = sessionNip;
        else if (actorNip != sessionNip)
            return Error(ErrorCode::NotAllowed, std::string(actorField), "the actor is the logged-in user");
        return {};
    }

    /// The author may edit a draft, an activity the server refused (never accepted), or a returned one.
    static Result<void> checkEditable(const LocalActivity& a, const std::string& sessionNip) {
        if (a.activity.nip != sessionNip)
            return Error(ErrorCode::NotAllowed, "nip", "only the author edits their activity");
        const bool editable =
            !a.unsent && (a.status ? a.status->state == shared::ActivityState::Returned
                                   : a.syncState == SyncState::Draft || a.syncState == SyncState::Error);
        if (!editable)
            return Error(ErrorCode::SyncNotEditable, "activityId",
                         "activity " + a.activity.id + " is " + std::string(toString(a.syncState)));
        return {};
    }

    Result<std::shared_ptr<const shared::InMemoryDomain>> currentDomain() const {
        if (m_domain)
            return m_domain;
        auto built = buildDomain();
        if (!built)
            return std::move(built).error();
        m_domain = std::move(built).value();
        return m_domain;
    }

    /// The cached reference data, and the live activities: the server's with their state, and the queued
    /// local versions as submitted.
    Result<std::shared_ptr<const shared::InMemoryDomain>> buildDomain() const {
        shared::Bundle b;
        Result<void> r;
        const auto load = [&](ChangeEntity entity, auto& out) {
            if (!r)
                return;
            auto rows = records<typename std::decay_t<decltype(out)>::value_type>(m_db, "server_record",
                                                                                  entityName(entity));
            if (!rows)
                r = std::move(rows).error();
            else
                out = std::move(rows).value();
        };
        load(ChangeEntity::Instansi, b.instansi);
        load(ChangeEntity::Unit, b.units);
        load(ChangeEntity::Position, b.positions);
        load(ChangeEntity::Employee, b.employees);
        load(ChangeEntity::Placement, b.placements);
        load(ChangeEntity::RoleBinding, b.roleBindings);
        load(ChangeEntity::Target, b.targets);
        load(ChangeEntity::Skp, b.skps);
        load(ChangeEntity::SkpItem, b.skpItems);
        load(ChangeEntity::Team, b.teams);
        load(ChangeEntity::Membership, b.memberships);
        std::vector<shared::Activity> serverActivities;
        std::vector<ActivityStatus> states;
        std::vector<shared::Activity> queued;
        load(ChangeEntity::Activity, serverActivities);
        load(ChangeEntity::ActivityState, states);
        if (!r)
            return std::move(r).error();
        auto queuedRows =
            texts(m_db, "SELECT json FROM local_record WHERE entity = 'activity' AND id IN "
                        "(SELECT activity_id FROM outbox WHERE entity = 'activity') ORDER BY id");
        if (!queuedRows)
            return std::move(queuedRows).error();
        std::vector<shared::KnownActivity> known;
        for (const auto& row : *queuedRows) {
            if (auto a = decodeText<shared::Activity>(row))
                known.push_back({std::move(a).value(), shared::ActivityState::Submitted});
        }
        for (auto& a : serverActivities) {
            if (std::any_of(known.begin(), known.end(), [&](const auto& k) { return k.activity.id == a.id; }))
                continue;
            auto state = std::find_if(states.begin(), states.end(),
                                      [&](const auto& s) { return s.activityId == a.id; });
            known.push_back(
                {std::move(a), state == states.end() ? shared::ActivityState::Submitted : state->state});
        }
        return std::make_shared<const shared::InMemoryDomain>(std::move(b), std::move(known));
    }

    /// Stores the user's version of an activity with the rules' verdict against the cached data.
    Result<shared::ValidationReport> putLocalActivity(const shared::Activity& activity) {
        auto domain = currentDomain();
        if (!domain)
            return std::move(domain).error();
        auto report = shared::validateActivity(activity, **domain, m_clock);
        if (auto r = run(m_db,
                         "INSERT INTO local_record (entity, id, ref, json, issues, flags, updated_at) "
                         "VALUES ('activity', ?, ?, ?, ?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET "
                         "ref = excluded.ref, json = excluded.json, issues = excluded.issues, "
                         "flags = excluded.flags, updated_at = excluded.updated_at",
                         activity.id, activity.nip, encode(activity), encodeErrors(report.errors),
                         encodeErrors(report.flags), millis(m_clock.now()));
            !r)
            return std::move(r).error();
        return report;
    }

    /// Re-validates every local activity version against the current data (after a pull).
    Result<void> recheckLocalActivities() {
        auto rows = records<shared::Activity>(m_db, "local_record", kActivity);
        if (!rows)
            return std::move(rows).error();
        auto domain = currentDomain();
        if (!domain)
            return std::move(domain).error();
        for (const auto& a : *rows) {
            const auto report = shared::validateActivity(a, **domain, m_clock);
            if (auto r =
                    run(m_db,
                        "UPDATE local_record SET issues = ?, flags = ? WHERE entity = 'activity' AND id = ?",
                        encodeErrors(report.errors), encodeErrors(report.flags), a.id);
                !r)
                return r;
        }
        return {};
    }

    /// Appends an op to the outbox with the blobs it cites.
    Result<void> enqueue(const Op& op) {
        const OpTarget target = targetOf(op);
        if (auto r = run(
                m_db, "INSERT INTO outbox (op_id, op, entity, record_id, activity_id) VALUES (?, ?, ?, ?, ?)",
                op.opId, encode(op), target.entity, target.id, target.activityId);
            !r)
            return r;
        const std::int64_t seq = m_db.lastInsertRowId();
        const shared::Activity* activity = nullptr;
        if (const auto* s = std::get_if<SubmitActivity>(&op.payload))
            activity = &s->activity;
        else if (const auto* v = std::get_if<ReviseActivity>(&op.payload))
            activity = &v->activity;
        if (activity) {
            for (const auto& e : activity->evidence) {
                if (auto r = run(m_db,
                                 "INSERT OR IGNORE INTO outbox_blob (seq, sha256) SELECT ?, sha256 FROM blob "
                                 "WHERE sha256 = ?",
                                 seq, e.sha256);
                    !r)
                    return r;
            }
        }
        return run(m_db, "DELETE FROM record_error WHERE entity = ? AND id = ?", target.entity, target.id);
    }

    /// Queues an op with the local version of the record it writes (`json`, empty for a withdrawal). A new
    /// decision or rating replaces an earlier failed one of the same activity and clears its error.
    Result<void> commitOp(const Op& op, const std::string& json) {
        const OpTarget target = targetOf(op);
        auto tx = Transaction::begin(m_db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        if (target.activityId && target.entity != kActivity) {
            if (auto r = run(m_db, "DELETE FROM local_record WHERE entity = ? AND ref = ?", target.entity,
                             *target.activityId);
                !r)
                return r;
            if (auto r = run(m_db, "DELETE FROM record_error WHERE entity = ? AND activity_id = ?",
                             target.entity, *target.activityId);
                !r)
                return r;
        }
        if (!json.empty()) {
            const std::optional<std::string> ref =
                target.activityId ? target.activityId : std::optional<std::string>(refOfLocal(op));
            if (auto r =
                    run(m_db,
                        "INSERT INTO local_record (entity, id, ref, json, updated_at) VALUES (?, ?, ?, ?, ?)",
                        target.entity, target.id, ref, json, millis(m_clock.now()));
                !r)
                return r;
        }
        if (auto r = enqueue(op); !r)
            return r;
        return tx->commit();
    }

    /// The record an op writes, as JSON; null for a withdrawal.
    static bj::value recordOf(const Op& op) {
        return std::visit(
            [](const auto& p) -> bj::value {
                using P = std::decay_t<decltype(p)>;
                if constexpr (std::is_same_v<P, SubmitActivity> || std::is_same_v<P, ReviseActivity>)
                    return toJson(p.activity);
                else if constexpr (std::is_same_v<P, DecideReview>)
                    return toJson(p.review);
                else if constexpr (std::is_same_v<P, RateActivity>)
                    return toJson(p.rating);
                else if constexpr (std::is_same_v<P, PostFeedback>)
                    return toJson(p.feedback);
                else if constexpr (std::is_same_v<P, Evaluate>)
                    return toJson(p.evaluation);
                else
                    return nullptr;
            },
            op.payload);
    }

    static std::string refOfLocal(const Op& op) {
        if (const auto* f = std::get_if<PostFeedback>(&op.payload))
            return f->feedback.skpItemId;
        if (const auto* e = std::get_if<Evaluate>(&op.payload))
            return e->evaluation.nip;
        return {};
    }

    /// An acknowledged op: the server's record and state replace the local version, unless another op of
    /// the same record still waits.
    /// The record is the server's copy in the result, or else the op's own (the server applied it as sent).
    Result<void> storeAcknowledged(const Op& op, const OpResult& result) {
        const OpTarget target = targetOf(op);
        if (const auto record = result.record ? bj::value(*result.record) : recordOf(op); !record.is_null()) {
            auto ref = checkRecord(target.change, record);
            if (!ref)
                return Error(ErrorCode::SyncBadResponse, "record", toString(ref.error()));
            if (auto r = putServerRecord(m_db, target.entity, target.id, *ref, record); !r)
                return r;
        }
        if (result.status) {
            if (auto r = putServerRecord(m_db, kActivityState, result.status->activityId,
                                         result.status->activityId, toJson(*result.status));
                !r)
                return r;
        }
        auto waiting =
            text(m_db, "SELECT seq FROM outbox WHERE entity = ? AND record_id = ?", target.entity, target.id);
        if (!waiting)
            return std::move(waiting).error();
        if (*waiting)
            return {};
        if (auto r =
                run(m_db, "DELETE FROM local_record WHERE entity = ? AND id = ?", target.entity, target.id);
            !r)
            return r;
        return run(m_db, "DELETE FROM record_error WHERE entity = ? AND id = ?", target.entity, target.id);
    }

    /// Applies one change of a page; a record its entity's decoder refuses fails the page (SyncBadResponse).
    Result<void> applyChange(const Change& change, std::size_t index) {
        const auto at = "changes[" + std::to_string(index) + "]";
        const std::string entity = entityName(change.entity);
        if (change.deleted) {
            if (change.entity == ChangeEntity::Activity) {
                if (auto r = run(
                        m_db,
                        "DELETE FROM server_record WHERE entity IN ('activity', 'activityState') AND id = ?",
                        change.id);
                    !r)
                    return r;
                return {};
            }
            return run(m_db, "DELETE FROM server_record WHERE entity = ? AND id = ?", entity, change.id);
        }
        if (!change.data)
            return Error(ErrorCode::SyncBadResponse, at + ".data",
                         "a change that is no tombstone carries its record");
        const bj::value json = *change.data;
        auto ref = checkRecord(change.entity, json);
        if (!ref)
            return Error(ErrorCode::SyncBadResponse, at + ".data." + ref.error().field,
                         shared::toString(ref.error()));
        return putServerRecord(m_db, entity, change.id, *ref, json);
    }

    Result<std::int64_t> blobSize(std::string_view sha256) const {
        auto size = integer(m_db, "SELECT size FROM blob WHERE sha256 = ?", sha256);
        if (!size)
            return std::move(size).error();
        if (!*size)
            return Error(ErrorCode::NotFound, "sha256", "no blob " + std::string(sha256));
        return **size;
    }

    /// The server's records of `entity` under `ref`, with the local versions on top.
    template <class T> std::vector<T> mergedRecords(std::string_view entity, std::string_view ref) const {
        std::vector<T> out;
        if (ref.empty())
            return out;
        auto server = records<T>(m_db, "server_record", entity, ref);
        auto local = records<T>(m_db, "local_record", entity, ref);
        if (server)
            out = std::move(server).value();
        if (local) {
            for (auto& l : *local) {
                auto same = std::find_if(out.begin(), out.end(), [&](const T& s) { return s.id == l.id; });
                if (same != out.end())
                    *same = std::move(l);
                else
                    out.push_back(std::move(l));
            }
        }
        return out;
    }

    Result<LocalActivity> loadExisting(std::string_view id) const {
        auto la = loadActivity(id);
        if (!la)
            return std::move(la).error();
        if (!*la)
            return Error(ErrorCode::NotFound, "activityId", "no activity " + std::string(id));
        return std::move(**la);
    }

    /// The activity as the device shows it (see SyncState in client_store.hpp for the derivation).
    Result<std::optional<LocalActivity>> loadActivity(std::string_view id) const {
        auto server = record<shared::Activity>(m_db, "server_record", kActivity, id);
        if (!server)
            return std::move(server).error();
        auto stmt = query(
            m_db, "SELECT json, issues, flags FROM local_record WHERE entity = 'activity' AND id = ?", id);
        if (!stmt)
            return std::move(stmt).error();
        auto row = stmt->step();
        if (!row)
            return std::move(row).error();
        LocalActivity la;
        if (*row) {
            auto local = decodeText<shared::Activity>(stmt->columnText(0));
            if (!local)
                return Error(ErrorCode::StorageCorrupt, "activity", toString(local.error()));
            la.activity = std::move(local).value();
            la.localIssues = decodeErrors(stmt->columnText(1));
            la.flags = decodeErrors(stmt->columnText(2));
        } else if (*server) {
            la.activity = std::move(**server);
        } else {
            return std::optional<LocalActivity>();
        }
        auto status = record<ActivityStatus>(m_db, "server_record", kActivityState, id);
        if (!status)
            return std::move(status).error();
        la.status = std::move(status).value();
        if (!*row && la.status) {
            for (const auto& code : la.status->flags) {
                ErrorCode c{};
                if (shared::parseErrorCode(code, c))
                    la.flags.emplace_back(c);
            }
        }

        auto ops = query(
            m_db,
            "SELECT count(*), coalesce(max(o.entity = 'activity'), 0), EXISTS (SELECT 1 FROM outbox_blob ob "
            "JOIN outbox o2 ON o2.seq = ob.seq JOIN blob b ON b.sha256 = ob.sha256 WHERE o2.activity_id = ?1 "
            "AND b.complete = 0) FROM outbox o WHERE o.activity_id = ?1",
            id);
        if (!ops)
            return std::move(ops).error();
        if (auto r = ops->step(); !r)
            return std::move(r).error();
        la.unsent = ops->columnInt64(0) > 0;
        const bool waiting = ops->columnInt64(2) != 0;

        auto error =
            text(m_db, "SELECT error FROM record_error WHERE activity_id = ? ORDER BY at DESC LIMIT 1", id);
        if (!error)
            return std::move(error).error();
        if (*error) {
            if (auto body = decodeText<ErrorBody>(**error))
                la.error = std::move(body).value();
        }

        auto localReview = records<shared::Review>(m_db, "local_record", kReview, id);
        auto serverReviews = records<shared::Review>(m_db, "server_record", kReview, id);
        if (!localReview || !serverReviews)
            return Error(ErrorCode::StorageCorrupt, "review", "unreadable reviews");
        if (!localReview->empty()) {
            la.lastReview = localReview->front();
        } else if (!serverReviews->empty()) {
            la.lastReview = *std::max_element(
                serverReviews->begin(), serverReviews->end(), [](const auto& a, const auto& b) {
                    return std::tie(a.revision, a.decidedAt) < std::tie(b.revision, b.decidedAt);
                });
        }
        auto localRating = records<shared::Rating>(m_db, "local_record", kRating, id);
        auto serverRating = records<shared::Rating>(m_db, "server_record", kRating, id);
        if (!localRating || !serverRating)
            return Error(ErrorCode::StorageCorrupt, "rating", "unreadable ratings");
        if (!localRating->empty())
            la.rating = localRating->front();
        else if (!serverRating->empty())
            la.rating = serverRating->front();

        if (la.unsent)
            la.syncState = waiting ? SyncState::Uploading : SyncState::Queued;
        else if (la.error && *row)
            // The user's own version was refused: it stays editable until fixed. An error of an action on
            // the server's record (a refused withdrawal or decision) is shown beside the server's state.
            la.syncState = SyncState::Error;
        else if (la.status && la.status->state == shared::ActivityState::Returned)
            la.syncState = SyncState::Returned;
        else if (la.status && la.status->state == shared::ActivityState::Rejected)
            la.syncState = SyncState::Rejected;
        else if (la.status || (!*row && *server))
            la.syncState = SyncState::Synced;
        else
            la.syncState = SyncState::Draft;
        return std::optional<LocalActivity>(std::move(la));
    }

    mutable std::mutex m_mutex;
    fs::path m_dir;
    mutable Database m_db;
    const shared::Clock& m_clock;
    std::string m_deviceId;
    /// Rebuilt on demand after every change of the server records or the queued activities.
    mutable std::shared_ptr<const shared::InMemoryDomain> m_domain;
    std::mt19937_64 m_random;
};

} // namespace

Result<std::unique_ptr<ClientStore>> ClientStore::open(const fs::path& dir, const shared::Clock& clock) {
    std::error_code ec;
    fs::create_directories(dir / "blobs", ec);
    if (ec)
        return Error(ErrorCode::StorageIo, "",
                     "cannot create " + (dir / "blobs").string() + ": " + ec.message());
    auto db = Database::open((dir / "client.db").string());
    if (!db)
        return std::move(db).error();
    if (auto v = shared::sqlite::migrate(*db, migrations()); !v)
        return std::move(v).error();
    auto id = meta(*db, "device_id");
    if (!id)
        return std::move(id).error();
    std::string deviceId = id->value_or("");
    if (deviceId.empty()) {
        std::random_device random;
        const auto high = (std::uint64_t{random()} << 32) | random();
        const auto low = (std::uint64_t{random()} << 32) | random();
        deviceId = shared::makeUuidV7(clock.now(), high, low);
        if (auto r = setMeta(*db, "device_id", deviceId); !r)
            return std::move(r).error();
    }
    return std::unique_ptr<ClientStore>(
        std::make_unique<SqliteClientStore>(dir, std::move(db).value(), clock, std::move(deviceId)));
}

} // namespace jejak::sync
