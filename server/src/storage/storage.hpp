// SPDX-License-Identifier: Apache-2.0
// Storage: the server's persistent state behind a domain-level interface (SQLite now, PostgreSQL later).
#pragma once

#include "caller.hpp"

#include "jejak/shared/domain_view.hpp"
#include "jejak/shared/error.hpp"
#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::server {

/// The imported reference data (organisation, targets, SKPs, teams) as one immutable value.
/// Invariant: `domain` is never null; `version` is 0 (and `domain` empty) before the first import and
/// grows by one with every import. Each collection is in stored order: sorted by id (employees by NIP),
/// the same after an import as after a restart.
struct ReferenceSnapshot {
    std::shared_ptr<const shared::InMemoryDomain> domain;
    std::int64_t version = 0;
    std::optional<shared::Timestamp> importedAt; ///< server clock at the import; empty for version 0
};

/// What a caller appends to the audit log. The storage assigns `seq` and `at` (its clock) and chains the
/// entry to the previous one (audit_chain.hpp documents the hashed bytes).
struct AuditEntry {
    std::string actor;         ///< NIP of the person acting, or a system name such as "jejak-admin"
    std::string action;        ///< dotted verb, e.g. "reference.import", "activity.submit", "account.create"
    std::string entity;        ///< kind of the record acted on, e.g. "reference", "activity", "account"
    std::string entityId;      ///< its id
    std::string detail = "{}"; ///< JSON text (an object by convention) with what else an auditor needs
};

/// One stored audit row.
struct AuditRecord {
    std::int64_t seq = 0; ///< 1, 2, 3, ... without gaps
    shared::Timestamp at{};
    AuditEntry entry;
    std::string prevHash; ///< 64 lowercase hex digits; 64 zeros for seq 1
    std::string hash;     ///< 64 lowercase hex digits

    friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

/// The outcome of re-checking the whole audit chain.
struct AuditVerification {
    std::int64_t entries = 0;                ///< rows read (all of them, also past a bad one)
    std::optional<std::int64_t> firstBadSeq; ///< the first row whose seq, prev_hash or hash is wrong
    std::string problem;                     ///< what is wrong with that row (empty when valid)
    /// The hash of the last entry when the chain is valid: the head, which an auditor notes down elsewhere
    /// to detect a later truncation of the log (the chain alone cannot show missing trailing entries).
    /// Empty for an empty or broken log.
    std::string headHash;

    [[nodiscard]] bool valid() const noexcept { return !firstBadSeq.has_value(); }
};

/// What an import did.
struct ImportSummary {
    std::int64_t version = 0; ///< the new reference version
    shared::Timestamp importedAt{};
    std::int64_t auditSeq = 0;         ///< the audit entry of the import
    std::int64_t replacedEntities = 0; ///< reference records before the import (all of them replaced)
    /// Records per collection, in the bundle's collection order: ("instansi", 2), ("units", 4), ...
    std::vector<std::pair<std::string, std::size_t>> counts;

    [[nodiscard]] std::size_t totalEntities() const noexcept;
};

/// One stored activity linked to an SKP item, as the realisation reports read it (reports/realisation.hpp):
/// the current revision's output and start, the server's workflow state and the rating's scores, if any.
struct SkpItemActivity {
    std::string activityId;
    std::string nip;       ///< author
    std::string skpItemId;
    shared::ActivityState state = shared::ActivityState::Submitted;
    double outputQuantity = 0;
    shared::Timestamp start{};
    std::optional<shared::IkiScores> rating; ///< the appraiser's scores when the activity was rated

    friend bool operator==(const SkpItemActivity&, const SkpItemActivity&) = default;
};

/// A half-open range [from, to) of activity start instants; an absent end is unbounded.
struct ActivityPeriod {
    std::optional<shared::Timestamp> from;
    std::optional<shared::Timestamp> to;
};

/// The activity-history queries of shared::DomainView (the overlap and reused-photo flags of
/// validation), answered from the stored activities. "Live" means any state but withdrawn and rejected;
/// time ranges are half-open, so touching ranges do not overlap. Ids are sorted.
class ActivityHistory {
  public:
    virtual ~ActivityHistory() = default;

    /// Ids of the person's live activities whose [start, end) overlaps [start, end), except `excludeId`.
    [[nodiscard]] virtual shared::Result<std::vector<std::string>>
    overlappingActivities(std::string_view nip, shared::Timestamp start, shared::Timestamp end,
                          std::string_view excludeId) const = 0;
    /// Ids of live activities, except `excludeId`, whose current revision uses the blob as evidence.
    [[nodiscard]] virtual shared::Result<std::vector<std::string>>
    activitiesUsingEvidence(std::string_view sha256, std::string_view excludeId) const = 0;
};

/// The server's storage as the handlers see it: domain operations only, no SQL and no backend types, so
/// a PostgreSQL backend can replace SQLite without touching a handler. A backend is opened by its own
/// factory (SqliteStorage::open), which creates and migrates the schema and loads the reference
/// snapshot before it returns.
///
/// Guarantees of every backend:
/// - A write that returned success is durable (survives a crash or power loss) and was atomic.
/// - Every state change appends to the audit log in the same transaction as the change.
/// - Readers are never blocked by writers and see only committed data.
/// Thread-safe: every method may be called from any number of threads at once, except close().
class Storage : public ActivityHistory {
  public:
    /// The current reference data: held in memory, replaced atomically by an import, so a caller keeps
    /// one consistent snapshot for as long as it holds it. Never blocks on the database; never fails.
    [[nodiscard]] virtual ReferenceSnapshot referenceSnapshot() const = 0;

    /// Re-reads the reference version from the database and reloads the snapshot when another process
    /// (e.g. jejak-admin import) changed it; returns the snapshot now current.
    [[nodiscard]] virtual shared::Result<ReferenceSnapshot> refreshReference() = 0;

    /// Replaces all reference data with `bundle` in one transaction: every reference record, the
    /// reference version (+1) and one audit entry ("reference.import" by `actor`), then swaps the
    /// snapshot. The bundle must be sound: load it with shared::loadBundle/loadBundleFile and refuse it
    /// when any problem is listed. As a guard, a bundle that shared::checkBundle finds problems in is
    /// refused here too (the first problem's code and field; nothing changes).
    [[nodiscard]] virtual shared::Result<ImportSummary> importBundle(const shared::Bundle& bundle,
                                                                     std::string_view actor) = 0;

    /// Appends one audit entry in a transaction of its own; returns its seq. Changes that are audited
    /// append inside their own write transaction instead (the backend's write API).
    [[nodiscard]] virtual shared::Result<std::int64_t> appendAudit(const AuditEntry& entry) = 0;

    /// Recomputes the whole audit chain from the stored rows; the first bad seq when it is broken.
    /// Fails only when the log cannot be read.
    [[nodiscard]] virtual shared::Result<AuditVerification> verifyAudit() const = 0;

    /// The activities (every state) linked to any of `skpItemIds` whose start lies in `period`, ordered by
    /// SKP item id, then start, then activity id; read in one read transaction. A stored row that does
    /// not decode is storage.corrupt.
    [[nodiscard]] virtual shared::Result<std::vector<SkpItemActivity>>
    skpItemActivities(const std::vector<std::string>& skpItemIds, const ActivityPeriod& period) const = 0;

    //---- Sync (docs/api.md): each op is one write transaction; see sync/ops.hpp for the rules.

    /// Applies one pushed op of `caller` (its device: caller.deviceId) atomically and durably: the
    /// state change, its change rows, its audit entry and its idempotency row commit together. The
    /// OpResult of an applied (or already applied) op; the op's error when it failed, in which case
    /// nothing changed and nothing was stored (a retry recomputes it).
    [[nodiscard]] virtual shared::Result<sync::OpResult> applyOp(const Caller& caller, const sync::Op& op) = 0;

    /// One page of the caller's change feed (docs/api.md, "Pull"): a reset with the caller's reference
    /// snapshot when the request has no cursor or the cursor's reference version is not current, then the
    /// caller's change rows after the cursor, at most pullLimit(request.limit). JsonBadValue ("cursor")
    /// for a cursor this server did not issue.
    [[nodiscard]] virtual shared::Result<sync::PullResponse> pull(const Caller& caller,
                                                                  const sync::PullRequest& request) const = 0;

    /// The last change seq of the person's feed; 0 when it is empty.
    [[nodiscard]] virtual shared::Result<std::int64_t> latestSeq(std::string_view nip) const = 0;

    /// Records that `nip` uploaded the blob (idempotent), so the uploader may read it back.
    [[nodiscard]] virtual shared::Result<void> recordBlobUpload(std::string_view nip, std::string_view sha256) = 0;

    /// Whether `nip` may read the blob: they uploaded it, or may see an activity whose current revision
    /// uses it (its author, its validator, the ketua of its team, the author's appraiser).
    [[nodiscard]] virtual shared::Result<bool> mayReadBlob(std::string_view nip, std::string_view sha256) const = 0;

    /// Finishes the writes already queued, then closes the database. Later writes fail with StorageBusy.
    /// Idempotent. Not thread-safe: call it once no request is in progress (after the HTTP drain).
    virtual void close() noexcept = 0;
};

/// The DomainView the server's validation runs on: reference queries from a snapshot, history queries
/// from an ActivityHistory (the storage, or a write transaction's own view of the history, so that
/// validation and the write it guards see the same data).
///
/// The history can fail (the DomainView signatures cannot say so): a failing query answers as if there
/// were no matching activity and records its error; the first one is historyError(). A caller must check
/// it after validation and fail the operation rather than trust flags computed without history.
/// One instance per operation: it is not safe to share between threads (historyError is mutable).
/// The ActivityHistory must outlive the view.
class ServerDomainView final : public shared::DomainView {
  public:
    ServerDomainView(ReferenceSnapshot reference, const ActivityHistory& history);

    [[nodiscard]] const ReferenceSnapshot& reference() const noexcept { return m_reference; }
    /// The first error of a history query, if any.
    [[nodiscard]] const std::optional<shared::Error>& historyError() const noexcept { return m_historyError; }

    [[nodiscard]] std::optional<shared::Instansi> instansi(std::string_view id) const override;
    [[nodiscard]] std::optional<shared::Unit> unit(std::string_view id) const override;
    [[nodiscard]] std::optional<shared::Position> position(std::string_view id) const override;
    [[nodiscard]] std::optional<shared::Employee> employee(std::string_view nip) const override;
    [[nodiscard]] std::optional<shared::Placement> placementOn(std::string_view nip,
                                                               shared::Date day) const override;
    [[nodiscard]] std::vector<shared::RoleBinding> roleBindings(std::string_view unitId) const override;
    [[nodiscard]] std::optional<shared::Team> team(std::string_view id) const override;
    [[nodiscard]] std::vector<shared::Membership> teamMemberships(std::string_view teamId) const override;
    [[nodiscard]] std::vector<shared::Membership> membershipsOf(std::string_view nip) const override;
    [[nodiscard]] std::optional<shared::PerformanceTarget> target(std::string_view id) const override;
    [[nodiscard]] std::optional<shared::Skp> skp(std::string_view id) const override;
    [[nodiscard]] std::optional<shared::SkpItem> skpItem(std::string_view id) const override;

    [[nodiscard]] std::vector<std::string> overlappingActivities(std::string_view nip,
                                                                 shared::Timestamp start,
                                                                 shared::Timestamp end,
                                                                 std::string_view excludeId) const override;
    [[nodiscard]] std::vector<std::string> activitiesUsingEvidence(std::string_view sha256,
                                                                   std::string_view excludeId) const override;

  private:
    [[nodiscard]] std::vector<std::string> orRecord(shared::Result<std::vector<std::string>> result) const;

    ReferenceSnapshot m_reference;
    const ActivityHistory& m_history;
    mutable std::optional<shared::Error> m_historyError;
};

} // namespace jejak::server
