// SPDX-License-Identifier: Apache-2.0
// The sync wire protocol: its version, and the messages of login, pull, push and blob upload.
//
// Protocol version changelog. Bump kProtocolVersion on every change a deployed peer could misread (a new
// required field, a new enum value, a changed meaning), and add a line here.
//
//   1  Initial protocol.
//      - Login: LoginRequest -> LoginResponse with an opaque session token.
//      - Pull: a change feed with an opaque monotonic cursor; the first pull (no cursor) is a snapshot of
//        the reference data the user needs offline (reset = true). Changes carry the entity's JSON as the
//        shared codec writes it (codec.hpp), or a tombstone.
//      - Push: batches of idempotent ops keyed by (deviceId, opId); one OpResult per op, in order.
//      - Blobs: evidence uploaded separately, content-addressed by SHA-256, resumable (BlobStatus).
//
// Every message has a strict JSON codec in protocol_codec.hpp; examples of each are the golden files in
// tests/data/protocol/. Field names are the member names below.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace jejak::sync {

/// The protocol version this build speaks (see the changelog above).
inline constexpr int kProtocolVersion = 1;
/// The oldest client protocol version a server of this build still serves.
inline constexpr int kMinProtocolVersion = 1;
/// The HTTP request header in which a client sends its protocol version, as a decimal integer.
inline constexpr std::string_view kProtocolHeader = "X-Jejak-Protocol";

/// The client's protocol version from the value of its kProtocolHeader header (empty when the header is
/// absent). ErrorCode::ProtocolVersion, with field kProtocolHeader, when it is absent, not a decimal
/// integer, or outside [kMinProtocolVersion, kProtocolVersion].
[[nodiscard]] shared::Result<int> checkProtocolVersion(std::string_view headerValue);

//---- Errors

/// An error as it crosses the wire: shared::Error with its code as text, so that a client can carry a code
/// a newer server introduced.
struct ErrorBody {
    std::string code;       ///< stable code from error_codes.def, e.g. "activity.not_team_member"
    std::string field;      ///< JSON path or domain field concerned; empty when it concerns the whole request
    std::string message;    ///< detail for developers and logs (English); the UI shows the code's own message
    bool transient = false; ///< a retry of the same request later may succeed

    friend bool operator==(const ErrorBody&, const ErrorBody&) = default;
};

[[nodiscard]] ErrorBody toErrorBody(const shared::Error& error);
/// The error a body stands for. A code this build does not know becomes ErrorCode::Internal with the code
/// in the message; the body's transient flag is kept in every case.
[[nodiscard]] shared::Error toError(const ErrorBody& body);

//---- Login

/// Starts a session for one device (POST, no token needed).
struct LoginRequest {
    std::string nip;
    std::string password;
    std::string deviceId;   ///< stable id the device chose for itself (a UUID is recommended)
    std::string deviceName; ///< shown to the user in the list of their sessions, e.g. "Samsung A14"

    friend bool operator==(const LoginRequest&, const LoginRequest&) = default;
};

/// A session: the token goes in the Authorization header ("Bearer <token>") of every later request.
struct LoginResponse {
    std::string token; ///< opaque; the server stores only its hash
    shared::Timestamp expiresAt;
    std::string nip;
    std::string name;
    /// What the user may do, which the client uses to choose its screens: "employee", "ketua",
    /// "appraiser", "unitHead", "admin". The server checks authority on every request regardless.
    std::vector<std::string> roles;

    friend bool operator==(const LoginResponse&, const LoginResponse&) = default;
};

//---- Pull

/// Asks for the changes after a cursor.
struct PullRequest {
    /// The cursor of the last PullResponse applied; absent on the first pull (and after the client lost its
    /// cache), which yields a snapshot.
    std::optional<std::string> cursor;
    int limit = 500; ///< at most this many changes in the response; the server may send fewer

    friend bool operator==(const PullRequest&, const PullRequest&) = default;
};

/// The kinds of record a change feed carries. ActivityState changes carry an ActivityStatus.
enum class ChangeEntity {
    Instansi,
    Unit,
    Position,
    Employee,
    Placement,
    RoleBinding,
    Target,
    Skp,
    SkpItem,
    Team,
    Membership,
    Activity,
    Review,
    Rating,
    Evaluation,
    Feedback,
    ActivityState,
};

/// One change of one record. Within a feed, seq is strictly increasing; a record may change several times.
struct Change {
    std::int64_t seq = 0; ///< server change-log sequence number
    ChangeEntity entity = ChangeEntity::Activity;
    std::string id;       ///< the record's id (an employee's NIP; the activity id for ActivityState)
    bool deleted = false; ///< a tombstone: the record is gone or no longer visible to this user
    /// The record as the shared codec writes it (an ActivityStatus for ActivityState); present exactly when
    /// not deleted. Kept as JSON so the applier decodes it with the entity's own strict decoder.
    std::optional<boost::json::object> data;

    friend bool operator==(const Change&, const Change&) = default;
};

/// A page of the change feed, filtered to what the user may see.
struct PullResponse {
    /// Where the next pull continues. Opaque: clients store it and send it back unchanged, nothing more.
    std::string cursor;
    bool hasMore = false; ///< more changes are waiting: pull again at once with the new cursor
    /// The client must drop its cached server records before applying these changes (keeping its unsent
    /// local edits): the first pull, or a server that can no longer serve the old cursor, sends a snapshot.
    bool reset = false;
    std::vector<Change> changes; ///< in increasing seq

    friend bool operator==(const PullResponse&, const PullResponse&) = default;
};

/// The server-decided workflow state of an activity revision (architecture.md section 6).
struct ActivityStatus {
    std::string activityId;
    int revision = 1; ///< the revision this state belongs to
    shared::ActivityState state = shared::ActivityState::Submitted;
    std::string validatorNip;       ///< who reviews it (routing)
    bool unlinked = false;          ///< no SKP item: routed to the superior and flagged
    std::vector<std::string> flags; ///< stable codes of flags raised, e.g. "activity.overlap"
    shared::Timestamp updatedAt;

    friend bool operator==(const ActivityStatus&, const ActivityStatus&) = default;
};

//---- Push

/// What an op does. The order is that of OpPayload's alternatives.
enum class OpKind {
    SubmitActivity,
    ReviseActivity,
    WithdrawActivity,
    DecideReview,
    RateActivity,
    PostFeedback,
    Evaluate
};

/// Submits a new activity (revision 1).
struct SubmitActivity {
    shared::Activity activity;
    friend bool operator==(const SubmitActivity&, const SubmitActivity&) = default;
};
/// Resubmits a returned activity under the same id with the next revision.
struct ReviseActivity {
    shared::Activity activity;
    friend bool operator==(const ReviseActivity&, const ReviseActivity&) = default;
};
/// Withdraws a submitted activity; refused as stale when `revision` is no longer the current one.
struct WithdrawActivity {
    std::string activityId;
    int revision = 1;
    friend bool operator==(const WithdrawActivity&, const WithdrawActivity&) = default;
};
/// A validator's decision on one revision.
struct DecideReview {
    shared::Review review;
    friend bool operator==(const DecideReview&, const DecideReview&) = default;
};
/// The appraiser's rating of an approved activity.
struct RateActivity {
    shared::Rating rating;
    friend bool operator==(const RateActivity&, const RateActivity&) = default;
};
/// A message in the feedback thread of an SKP item.
struct PostFeedback {
    shared::Feedback feedback;
    friend bool operator==(const PostFeedback&, const PostFeedback&) = default;
};
/// A quarterly evaluation of an employee.
struct Evaluate {
    shared::Evaluation evaluation;
    friend bool operator==(const Evaluate&, const Evaluate&) = default;
};

/// The payload of an op; its alternative is its kind, so a kind with the wrong payload cannot be built.
using OpPayload = std::variant<SubmitActivity, ReviseActivity, WithdrawActivity, DecideReview, RateActivity,
                               PostFeedback, Evaluate>;
static_assert(std::variant_size_v<OpPayload> == static_cast<std::size_t>(OpKind::Evaluate) + 1);

/// One mutation made on the device. The server applies an op at most once per (deviceId, opId) and answers
/// a repeated op with the stored result, so a client retries freely.
struct Op {
    std::string opId; ///< UUID made on the device when the user acted
    OpPayload payload;

    [[nodiscard]] OpKind kind() const noexcept { return static_cast<OpKind>(payload.index()); }
    friend bool operator==(const Op&, const Op&) = default;
};

/// A batch of ops from one device, applied in order.
struct PushRequest {
    std::string deviceId;
    std::vector<Op> ops;

    friend bool operator==(const PushRequest&, const PushRequest&) = default;
};

/// The outcome of one op. `error` is present exactly when !ok; a transient error means the op was not
/// applied and may be sent again (e.g. evidence still uploading).
struct OpResult {
    std::string opId;
    bool ok = false;
    std::optional<ErrorBody> error;
    std::optional<ActivityStatus> status;      ///< the activity's state after an activity or review op
    std::optional<boost::json::object> record; ///< the record as the server stored it, in the shared codec

    friend bool operator==(const OpResult&, const OpResult&) = default;
};

/// One OpResult per op of the request, in the same order.
struct PushResponse {
    std::vector<OpResult> results;

    friend bool operator==(const PushResponse&, const PushResponse&) = default;
};

//---- Blobs

/// What the server holds of one evidence blob: the answer to an offset query and to every chunk upload.
/// An interrupted upload resumes at `received`. `complete` means the whole blob arrived and passed the
/// digest, size and type checks.
struct BlobStatus {
    std::string sha256;        ///< 64 lowercase hex digits; names the blob
    std::int64_t size = 0;     ///< declared total size in bytes
    std::int64_t received = 0; ///< bytes held so far
    bool complete = false;

    friend bool operator==(const BlobStatus&, const BlobStatus&) = default;
};

} // namespace jejak::sync
