// SPDX-License-Identifier: Apache-2.0
// The device's local store: cached reference data, the user's and their reviewees' records, the outbox of
// unsent ops, the evidence files, the session and the pull cursor, in one SQLite file (WAL) plus a folder
// of content-addressed evidence files.
//
// Every user action commits here first, before any network is tried, and works offline. The sync engine
// (engine.hpp) reads the outbox and the pending blobs from here and writes the server's answers back.
//
// Threading: every method is thread-safe (one connection behind a mutex); the UI thread and the engine's
// threads share one instance.
//
// Conflict rules (see also docs/sync.md):
//   - Workflow state (submitted, approved, returned, rejected, withdrawn, rated) is the server's alone. The
//     device shows its own unsent edits on top of the server's record until the server acknowledged them;
//     applying a pull never overwrites a record that has an unsent op.
//   - A returned activity is revised under the same id with revision + 1 (ReviseActivity).
//   - A review decision made offline names the revision its reviewer saw; if the activity changed since,
//     the server refuses it as review.stale and the decision is shown as failed with that reason.
//   - A device offline for weeks sends its ops in their original order; each succeeds or fails on its own
//     (e.g. activity.too_late), and nothing is dropped silently: a failed op stays visible on its record.
//   - A reinstalled app has a new store, hence a fresh device id; ops are idempotent per op id, so nothing
//     it sends can duplicate what the old install sent, and its first pull is a snapshot.
//   - When reference data changes under an offline draft or a queued activity (membership ended, SKP item
//     revised), the record is kept and its local issues are recomputed and shown, never dropped.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/protocol.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::sync {

/// Per-record sync state shown in the UI. Derived, in this order: an op for the activity waits in the outbox
/// (Uploading while a blob it cites is incomplete, else Queued); the last op failed permanently (Error); the
/// server's state is Returned or Rejected; the server knows the activity (Synced); else Draft.
enum class SyncState {
    Draft,     ///< saved on the device, not submitted (or local validation failed)
    Queued,    ///< an op waits in the outbox, its evidence is uploaded
    Uploading, ///< an op waits for its evidence to finish uploading
    Synced,    ///< the server has the latest local version (state: submitted, approved, rated, withdrawn)
    Returned,  ///< the Ketua Tim returned it with a note: a task to fix
    Rejected,  ///< rejected with a reason (final)
    Error,     ///< the server refused the last op permanently: see `error`
};
[[nodiscard]] std::string_view toString(SyncState state) noexcept;

/// The logged-in account on this device.
struct Session {
    std::string serverUrl; ///< e.g. "http://127.0.0.1:8080"
    std::string nip;
    std::string name;
    std::string token;
    shared::Timestamp expiresAt;
    std::vector<std::string> roles;
};

/// An activity as the device shows it.
struct LocalActivity {
    shared::Activity activity;                 ///< the local version when there are unsent edits, else the server's
    SyncState syncState = SyncState::Draft;
    std::optional<ActivityStatus> status;      ///< the server's workflow state, once known
    std::optional<ErrorBody> error;            ///< the permanent error of the last op (syncState Error)
    std::vector<shared::Error> localIssues;    ///< failed shared rules against the cached reference data
    std::vector<shared::Error> flags;          ///< flags raised locally (overlap, unlinked, reused photo)
    bool unsent = false;                       ///< an op for this record waits in the outbox
    std::optional<shared::Review> lastReview;  ///< the latest decision known (its note for a returned activity)
    std::optional<shared::Rating> rating;
};

/// Which activities to list.
struct ActivityFilter {
    std::optional<std::string> authorNip;
    std::optional<std::string> validatorNip; ///< the reviewer's inbox
    std::optional<std::vector<std::string>> authorNips; ///< e.g. an appraiser's appraisees
    std::optional<SyncState> syncState;
};

/// One entry of the outbox.
struct OutboxEntry {
    std::int64_t seq = 0; ///< local order; ops are pushed in this order
    Op op;
    std::string recordId;   ///< the record the op concerns (activity id, or review/rating/... id)
    int attempts = 0;
    bool waitingForEvidence = false; ///< an activity op whose blobs are not all uploaded yet

    friend bool operator==(const OutboxEntry&, const OutboxEntry&) = default;
};

/// An evidence file held on the device.
struct LocalBlob {
    std::string sha256;
    std::int64_t size = 0;
    std::string mediaType;
    std::filesystem::path path;
    std::int64_t uploaded = 0; ///< bytes the server confirmed
    bool complete = false;     ///< the server confirmed the whole blob

    friend bool operator==(const LocalBlob&, const LocalBlob&) = default;
};

class ClientStore {
public:
    /// Opens (or creates) the store in `dir` (client.db and blobs/). A new store makes a fresh device id.
    /// `clock` gives the times the store fills in and the "now" of the rules; it must outlive the store.
    [[nodiscard]] static shared::Result<std::unique_ptr<ClientStore>> open(const std::filesystem::path& dir,
                                                                           const shared::Clock& clock);
    virtual ~ClientStore() = default;

    //---- identity and session
    [[nodiscard]] virtual std::string deviceId() const = 0;
    [[nodiscard]] virtual std::optional<Session> session() const = 0;
    /// Stores the session. A NIP other than the previous session's drops the cached server records and the
    /// cursor (the next pull is a snapshot); local versions and the outbox stay. InvalidArgument without a
    /// server URL, NIP or token.
    virtual shared::Result<void> setSession(const Session& session) = 0;
    /// Forgets the token (the outbox and the cache stay for the next login of the same NIP).
    virtual shared::Result<void> clearSession() = 0;

    //---- the pull side (Applier and Checkpointer)
    [[nodiscard]] virtual std::optional<std::string> cursor() const = 0;
    /// Applies one pull page and stores its cursor in one transaction. reset drops the cached server records
    /// first; records with unsent ops keep their local version. Re-checks drafts and queued activities
    /// against the new reference data afterwards. A record its entity's decoder refuses fails the page with
    /// SyncBadResponse and nothing of it is applied.
    virtual shared::Result<void> applyPull(const PullResponse& page) = 0;
    /// Reference data and known activities as the shared rules see them (rebuilt after every change).
    [[nodiscard]] virtual std::shared_ptr<const shared::InMemoryDomain> domain() const = 0;

    //---- user actions: each commits locally first. Each needs a session (SyncNoSession) and fills in what
    //---- the device knows: an empty id becomes a UUIDv7, the actor's NIP comes from the session (another
    //---- one is NotAllowed), the record's time from the clock. Refused input changes nothing.
    /// Copies the file's bytes into the store, named by their SHA-256 (EvidenceInvalid for an empty file or
    /// a media type the kind does not allow). Adding the same bytes again returns the same reference.
    virtual shared::Result<shared::EvidenceRef> addEvidence(std::string_view bytes, std::string mediaType,
                                                            shared::EvidenceKind kind,
                                                            std::optional<shared::Timestamp> capturedAt) = 0;
    /// Saves a new activity or edits the user's own draft, failed or returned activity; queues nothing.
    /// SyncNotEditable for any other activity. The revision is the server's (1 for a new activity) and
    /// createdAt the first save's; the result carries the draft's local issues.
    virtual shared::Result<LocalActivity> saveDraft(shared::Activity activity) = 0;
    /// Validates a saved draft with the shared rules against the cached data and queues SubmitActivity
    /// (or ReviseActivity with the server's revision + 1 for a returned one). On failed rules nothing is
    /// queued: the error has the code and field of the first and lists all in its message, and the
    /// activity's localIssues keep them all. NotFound for an unknown id, SyncNotEditable as for saveDraft.
    virtual shared::Result<LocalActivity> submit(std::string_view activityId) = 0;
    /// Queues WithdrawActivity for the user's submitted activity (SyncNotEditable otherwise).
    virtual shared::Result<void> withdraw(std::string_view activityId) = 0;
    /// Queues a decision on a known activity after the checks of shared::decide against its cached state
    /// (NoteRequired, StaleDecision, ...) and checkActor. One decision of an activity waits at a time; a new
    /// one replaces a failed one and clears its error.
    virtual shared::Result<void> decide(shared::Review review) = 0;
    /// Queues a rating of a known approved activity (checkScores; one at a time, like decide).
    virtual shared::Result<void> rate(shared::Rating rating) = 0;
    /// Queues a feedback message on a known SKP item (InvalidArgument for a blank text).
    virtual shared::Result<void> postFeedback(shared::Feedback feedback) = 0;
    /// Queues an evaluation of a known employee; the predicate is derived (predicateOf), checkEvaluation.
    virtual shared::Result<void> evaluate(shared::Evaluation evaluation) = 0;
    /// Deletes a draft that was never sent (SyncNotEditable once the server knows it or an op waits).
    virtual shared::Result<void> discardDraft(std::string_view activityId) = 0;

    //---- queries
    /// The activities the filter selects (every criterion given must hold), newest start first.
    [[nodiscard]] virtual std::vector<LocalActivity> activities(const ActivityFilter& filter) const = 0;
    [[nodiscard]] virtual std::optional<LocalActivity> activity(std::string_view id) const = 0;
    /// The server's and the unsent messages of an SKP item's thread, oldest first.
    [[nodiscard]] virtual std::vector<shared::Feedback> feedback(std::string_view skpItemId) const = 0;
    /// The server's and the unsent evaluations of an employee, by year and quarter.
    [[nodiscard]] virtual std::vector<shared::Evaluation> evaluations(std::string_view employeeNip) const = 0;
    /// The local file of a blob, when the store holds it.
    [[nodiscard]] virtual std::optional<std::string> blobPath(std::string_view sha256) const = 0;

    //---- the push side (used by the engine)
    [[nodiscard]] virtual std::vector<OutboxEntry> outbox() const = 0;
    /// Records the server's answer to an op: ok removes it from the outbox and stores the record and status;
    /// a transient error counts an attempt and keeps it; a permanent error removes it and marks its record
    /// with the error (SyncState::Error, or a failed decision shown on the activity); the record's local
    /// version is kept. A result without an error body counts as transient. NotFound for an unknown seq,
    /// InvalidArgument when the result's opId is not the entry's.
    virtual shared::Result<void> recordResult(std::int64_t outboxSeq, const OpResult& result) = 0;
    /// The blobs cited by queued ops that the server has not confirmed completely, in outbox order.
    [[nodiscard]] virtual std::vector<LocalBlob> pendingBlobs() const = 0;
    /// Stores the server's confirmed offset (complete only with uploaded == size). NotFound for an unknown
    /// blob, InvalidArgument for an offset outside [0, size].
    virtual shared::Result<void> setBlobProgress(std::string_view sha256, std::int64_t uploaded,
                                                 bool complete) = 0;
    /// Up to `length` bytes from `offset` (fewer at the end of the file). NotFound for an unknown blob,
    /// InvalidArgument for a negative length or an offset outside [0, size], BlobIo when the file fails.
    [[nodiscard]] virtual shared::Result<std::string> readBlob(std::string_view sha256, std::int64_t offset,
                                                               std::int64_t length) const = 0;
    [[nodiscard]] virtual std::optional<shared::Timestamp> lastSuccessfulSync() const = 0;
    virtual shared::Result<void> setLastSuccessfulSync(shared::Timestamp at) = 0;
};

} // namespace jejak::sync
