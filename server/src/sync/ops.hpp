// SPDX-License-Identifier: Apache-2.0
// The sync operations' semantics (push ops, the pull feed's reference snapshot, cursors, who may see
// what), independent of the storage backend: a backend supplies a SyncTransaction and persists.
#pragma once

#include "caller.hpp"
#include "storage/storage.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/shared/validation.hpp"
#include "jejak/sync/protocol.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// An activity as the server keeps it: the current revision as the author wrote it, and the server's
/// workflow state and route for that revision.
struct StoredActivity {
    shared::Activity activity;
    shared::ActivityState state = shared::ActivityState::Submitted;
    std::string validatorNip;
    std::string routeKind; ///< routeKindName() of the route
    bool unlinked = false;
    std::vector<std::string> flags; ///< codes of the validation flags
    shared::Timestamp createdAt{};  ///< server time of the first submission
    shared::Timestamp updatedAt{};  ///< server time of the last state change
};

/// The wire status of a stored activity.
[[nodiscard]] sync::ActivityStatus statusOf(const StoredActivity& stored);

/// The stable name of a route kind as stored ("ketuaTim", "teamUnitHead", "unitHead", "appraiser",
/// "directSuperior", "appointedValidator").
[[nodiscard]] std::string_view routeKindName(shared::RouteKind kind) noexcept;

/// An op already applied: who sent it and the result first answered (OpResult JSON text).
struct AppliedOp {
    std::string nip;
    std::string resultJson;
};

/// Kinds of records whose ids an op creates.
enum class RecordKind { Review, Rating, Feedback, Evaluation };

/// What applying one op needs from a backend, inside ONE write transaction (the op's). Every method
/// either succeeds or returns the storage error; the caller then fails the op, and the backend rolls
/// back everything the op wrote. The backend collects the audiences of appendChange for its
/// notifications.
class SyncTransaction {
  public:
    virtual ~SyncTransaction() = default;

    [[nodiscard]] virtual shared::Timestamp now() const noexcept = 0;
    [[nodiscard]] virtual const ReferenceSnapshot& reference() const noexcept = 0;
    [[nodiscard]] virtual const ActivityHistory& history() const noexcept = 0;

    [[nodiscard]] virtual shared::Result<std::optional<AppliedOp>> findAppliedOp(std::string_view opId) = 0;
    [[nodiscard]] virtual shared::Result<void> recordAppliedOp(std::string_view opId, std::string_view nip,
                                                               std::string_view deviceId,
                                                               std::string_view resultJson) = 0;
    [[nodiscard]] virtual shared::Result<std::optional<StoredActivity>> findActivity(std::string_view id) = 0;
    /// Inserts or replaces the activity row with its evidence; with `newRevision` also keeps the revision
    /// in the revision history.
    [[nodiscard]] virtual shared::Result<void> saveActivity(const StoredActivity& stored, bool newRevision) = 0;
    [[nodiscard]] virtual shared::Result<bool> recordExists(RecordKind kind, std::string_view id) = 0;
    [[nodiscard]] virtual shared::Result<bool> evaluationExists(std::string_view nip, int year, int quarter) = 0;
    [[nodiscard]] virtual shared::Result<void> insertReview(const shared::Review& review) = 0;
    [[nodiscard]] virtual shared::Result<void> insertRating(const shared::Rating& rating) = 0;
    [[nodiscard]] virtual shared::Result<void> insertFeedback(const shared::Feedback& feedback) = 0;
    [[nodiscard]] virtual shared::Result<void> insertEvaluation(const shared::Evaluation& evaluation) = 0;
    /// Appends one change row for one audience; returns its seq.
    [[nodiscard]] virtual shared::Result<std::int64_t> appendChange(std::string_view audience,
                                                                    sync::ChangeEntity entity,
                                                                    std::string_view id,
                                                                    const boost::json::object& data) = 0;
    [[nodiscard]] virtual shared::Result<std::int64_t> appendAudit(const AuditEntry& entry) = 0;
};

/// Applies one op of `caller` in `tx` (architecture.md section 4; docs/api.md lists every rule):
/// - a known op id of the same account answers its stored result and changes nothing; of another
///   account it is refused (review.not_allowed, "opId");
/// - otherwise the op's rules run; on success the state change, its change rows (every audience that may
///   see it), its audit entry and the applied_op row are written, and the result is returned;
/// - a failed op returns its error; the caller must roll back whatever `tx` wrote (a backend runs each
///   op in its own savepoint). Nothing of a failed op is stored, so a retry recomputes it.
/// `checkBlob` is validation's evidence hook (empty: evidence content is not checked).
[[nodiscard]] shared::Result<sync::OpResult> applyOp(SyncTransaction& tx, const Caller& caller,
                                                     const sync::Op& op, const shared::BlobCheck& checkBlob);

/// A pull cursor, "<refVersion>.<seq>": the reference version the client's snapshot came from and the
/// last change seq it applied.
struct FeedCursor {
    std::int64_t refVersion = 0;
    std::int64_t seq = 0;
};

/// Parses a cursor; JsonBadValue ("cursor") unless it is two non-negative decimal numbers joined by '.'.
[[nodiscard]] shared::Result<FeedCursor> parseCursor(std::string_view text);
[[nodiscard]] std::string formatCursor(const FeedCursor& cursor);

/// Page size of a pull: `requested` clamped to 1..kMaxPullLimit.
inline constexpr int kMaxPullLimit = 1000;
[[nodiscard]] int pullLimit(int requested) noexcept;

/// The reference records `nip` needs offline, as changes with seq 0 (see docs/api.md, "Pull"): their
/// employee record, position and placements; the teams they belong to with those teams' memberships;
/// the targets of those teams and of their SKP items with every ancestor; their SKPs and items; as a
/// Ketua the employees of their teams; as an appraiser (on `day`) their appraisees with the appraisees'
/// SKPs and items; the instansi, units and role bindings on the paths of all these. Deterministic order:
/// by entity kind, then id.
[[nodiscard]] std::vector<sync::Change> referenceChangesFor(const ReferenceSnapshot& reference,
                                                            std::string_view nip, shared::Date day);

/// An activity as blob authorization sees it.
struct ActivityParties {
    std::string authorNip;
    std::optional<std::string> teamId;
    std::string validatorNip;
    shared::Timestamp start{};
};

/// Whether `nip` may see the activity: its author, its validator, the ketua of its team, or the author's
/// appraiser (auth/roles.hpp canSeeActivity, roles on the activity date).
[[nodiscard]] bool maySeeActivity(const ReferenceSnapshot& reference, std::string_view nip,
                                  const ActivityParties& activity);

/// The policy of the employee's instansi; shared::Policy's defaults when it cannot be found.
[[nodiscard]] shared::Policy policyOf(const ReferenceSnapshot& reference, std::string_view nip);

/// The local date of `t` in the employee's instansi (UTC when it cannot be found).
[[nodiscard]] shared::Date localDayOf(const ReferenceSnapshot& reference, std::string_view nip,
                                      shared::Timestamp t);

} // namespace jejak::server
