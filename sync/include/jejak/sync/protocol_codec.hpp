// SPDX-License-Identifier: Apache-2.0
// Strict JSON codec of every protocol message (protocol.hpp), built on the shared codec (codec.hpp).
//
// Use shared::decode<PushRequest>(json) for the first problem, or shared::decodeAll(json, out, problems)
// for every problem with its JSON path ("ops[2].payload.evidence[0].sha256"). Wire shapes beyond the plain
// member lists:
//   - Op is {"opId", "kind", "payload"}: payload is the op's record (Activity for submitActivity and
//     reviseActivity, Review, Rating, Feedback, Evaluation) or, for withdrawActivity, {activityId, revision}.
//     A payload is decoded only when its kind is valid.
//   - Change.data is present exactly when deleted is false; OpResult.error exactly when ok is false. A
//     violation is JsonMissingField or JsonBadValue at that field.
//   - Ids of ops, activities (activityId) and blob digests are checked like the records' (UUID, SHA-256).
#pragma once

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol.hpp"

#include <span>
#include <string_view>

namespace jejak::sync {

//---- Enum wire names (see shared::json::enumName and parseEnum)

[[nodiscard]] std::span<const std::string_view> enumNames(ChangeEntity) noexcept;
[[nodiscard]] std::span<const std::string_view> enumNames(OpKind) noexcept;

//---- Messages: toJson encodes; fromJson decodes strictly, reporting into the Context

[[nodiscard]] boost::json::value toJson(const ErrorBody& v);
void fromJson(const boost::json::value& json, ErrorBody& out, const shared::json::Context& at);

[[nodiscard]] boost::json::value toJson(const LoginRequest& v);
void fromJson(const boost::json::value& json, LoginRequest& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const LoginResponse& v);
void fromJson(const boost::json::value& json, LoginResponse& out, const shared::json::Context& at);

[[nodiscard]] boost::json::value toJson(const PullRequest& v);
void fromJson(const boost::json::value& json, PullRequest& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const Change& v);
void fromJson(const boost::json::value& json, Change& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const PullResponse& v);
void fromJson(const boost::json::value& json, PullResponse& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const ActivityStatus& v);
void fromJson(const boost::json::value& json, ActivityStatus& out, const shared::json::Context& at);

[[nodiscard]] boost::json::value toJson(const WithdrawActivity& v);
void fromJson(const boost::json::value& json, WithdrawActivity& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const Op& v);
void fromJson(const boost::json::value& json, Op& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const PushRequest& v);
void fromJson(const boost::json::value& json, PushRequest& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const OpResult& v);
void fromJson(const boost::json::value& json, OpResult& out, const shared::json::Context& at);
[[nodiscard]] boost::json::value toJson(const PushResponse& v);
void fromJson(const boost::json::value& json, PushResponse& out, const shared::json::Context& at);

[[nodiscard]] boost::json::value toJson(const BlobStatus& v);
void fromJson(const boost::json::value& json, BlobStatus& out, const shared::json::Context& at);

} // namespace jejak::sync
