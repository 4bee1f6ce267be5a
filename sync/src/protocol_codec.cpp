// SPDX-License-Identifier: Apache-2.0
// Field lists (describe) of the protocol messages, the op payload switch and the presence rules.
#include "jejak/sync/protocol_codec.hpp"

#include <array>
#include <utility>

namespace jejak::sync {

namespace bj = boost::json;
namespace json = shared::json;
using json::kSha256Text;
using json::kUuidText;
using json::Ref;
using shared::ErrorCode;

namespace {

constexpr std::array<std::string_view, 17> kChangeEntityNames = {
    "instansi", "unit",   "position",   "employee", "placement",    "roleBinding",
    "target",   "skp",    "skpItem",    "team",     "membership",   "activity",
    "review",   "rating", "evaluation", "feedback", "activityState"};
static_assert(kChangeEntityNames.size() == static_cast<std::size_t>(ChangeEntity::ActivityState) + 1);

constexpr std::array<std::string_view, 7> kOpKindNames = {
    "submitActivity", "reviseActivity", "withdrawActivity", "decideReview",
    "rateActivity",   "postFeedback",   "evaluate"};
static_assert(kOpKindNames.size() == static_cast<std::size_t>(OpKind::Evaluate) + 1);

// Reports `key` missing when the field should be there, or present when it should not (`rule` says when).
void checkPresence(const json::ObjectReader& reader, std::string_view key, bool present, bool wanted,
                   std::string_view rule) {
    if (present == wanted)
        return;
    if (wanted)
        reader.missing(key);
    else
        reader.report(key, ErrorCode::JsonBadValue, "must be absent " + std::string(rule));
}

// An op payload of the given alternative index, default-constructed.
template <std::size_t... I> OpPayload emptyPayload(std::size_t index, std::index_sequence<I...>) {
    OpPayload payload;
    ((index == I ? static_cast<void>(payload.emplace<I>()) : static_cast<void>(0)), ...);
    return payload;
}

} // namespace

std::span<const std::string_view> enumNames(ChangeEntity) noexcept {
    return kChangeEntityNames;
}
std::span<const std::string_view> enumNames(OpKind) noexcept {
    return kOpKindNames;
}

//---- Errors and login

template <class Io> void describe(Io& io, Ref<Io, ErrorBody> v) {
    io("code", v.code);
    io("field", v.field);
    io("message", v.message);
    io("transient", v.transient);
}
JEJAK_JSON_OBJECT_CODEC(ErrorBody)

template <class Io> void describe(Io& io, Ref<Io, LoginRequest> v) {
    io("nip", v.nip);
    io("password", v.password);
    io("deviceId", v.deviceId);
    io("deviceName", v.deviceName);
}
JEJAK_JSON_OBJECT_CODEC(LoginRequest)

template <class Io> void describe(Io& io, Ref<Io, LoginResponse> v) {
    io("token", v.token);
    io("expiresAt", v.expiresAt);
    io("nip", v.nip);
    io("name", v.name);
    io("roles", v.roles);
}
JEJAK_JSON_OBJECT_CODEC(LoginResponse)

//---- Pull

template <class Io> void describe(Io& io, Ref<Io, PullRequest> v) {
    io("cursor", v.cursor);
    io("limit", v.limit);
}
JEJAK_JSON_OBJECT_CODEC(PullRequest)

template <class Io> void describe(Io& io, Ref<Io, Change> v) {
    io("seq", v.seq);
    io("entity", v.entity);
    io("id", v.id);
    io("deleted", v.deleted);
    io("data", v.data);
}

bj::value toJson(const Change& v) {
    return json::writeObject(v);
}

void fromJson(const bj::value& json, Change& out, const json::Context& at) {
    json::ObjectReader reader(json, at);
    if (!reader.isObject())
        return;
    describe(reader, out);
    checkPresence(reader, "data", out.data.has_value(), !out.deleted, "when deleted is true");
    reader.finish();
}

template <class Io> void describe(Io& io, Ref<Io, PullResponse> v) {
    io("cursor", v.cursor);
    io("hasMore", v.hasMore);
    io("reset", v.reset);
    io("changes", v.changes);
}
JEJAK_JSON_OBJECT_CODEC(PullResponse)

template <class Io> void describe(Io& io, Ref<Io, ActivityStatus> v) {
    io("activityId", v.activityId, kUuidText);
    io("revision", v.revision);
    io("state", v.state);
    io("validatorNip", v.validatorNip);
    io("unlinked", v.unlinked);
    io("flags", v.flags);
    io("updatedAt", v.updatedAt);
}
JEJAK_JSON_OBJECT_CODEC(ActivityStatus)

//---- Push

template <class Io> void describe(Io& io, Ref<Io, WithdrawActivity> v) {
    io("activityId", v.activityId, kUuidText);
    io("revision", v.revision);
}
JEJAK_JSON_OBJECT_CODEC(WithdrawActivity)

namespace {

// The payload of every kind but withdrawActivity is its one record, written as the record itself.
template <class Payload> bj::value payloadToJson(const Payload& payload) {
    if constexpr (std::is_same_v<Payload, WithdrawActivity>) {
        return toJson(payload);
    } else {
        const auto& [record] = payload;
        return toJson(record);
    }
}

template <class Payload>
void payloadFromJson(const bj::value& json, Payload& payload, const json::Context& at) {
    if constexpr (std::is_same_v<Payload, WithdrawActivity>) {
        fromJson(json, payload, at);
    } else {
        auto& [record] = payload;
        fromJson(json, record, at);
    }
}

} // namespace

bj::value toJson(const Op& v) {
    json::ObjectWriter writer;
    writer("opId", v.opId);
    writer("kind", v.kind());
    bj::object object = writer.release();
    object.emplace("payload",
                   std::visit([](const auto& payload) { return payloadToJson(payload); }, v.payload));
    return object;
}

void fromJson(const bj::value& json, Op& out, const json::Context& at) {
    json::ObjectReader reader(json, at);
    if (!reader.isObject())
        return;
    reader("opId", out.opId, kUuidText);
    OpKind kind{};
    const bool kindOk = reader("kind", kind);
    const bj::value* payload = reader.take("payload");
    if (payload == nullptr) {
        reader.missing("payload");
    } else if (kindOk) {
        out.payload = emptyPayload(static_cast<std::size_t>(kind),
                                   std::make_index_sequence<std::variant_size_v<OpPayload>>{});
        const auto payloadAt = reader.context().member("payload");
        std::visit([&](auto& alternative) { payloadFromJson(*payload, alternative, payloadAt); },
                   out.payload);
    }
    reader.finish();
}

template <class Io> void describe(Io& io, Ref<Io, PushRequest> v) {
    io("deviceId", v.deviceId);
    io("ops", v.ops);
}
JEJAK_JSON_OBJECT_CODEC(PushRequest)

template <class Io> void describe(Io& io, Ref<Io, OpResult> v) {
    io("opId", v.opId, kUuidText);
    io("ok", v.ok);
    io("error", v.error);
    io("status", v.status);
    io("record", v.record);
}

bj::value toJson(const OpResult& v) {
    return json::writeObject(v);
}

void fromJson(const bj::value& json, OpResult& out, const json::Context& at) {
    json::ObjectReader reader(json, at);
    if (!reader.isObject())
        return;
    describe(reader, out);
    checkPresence(reader, "error", out.error.has_value(), !out.ok, "when ok is true");
    reader.finish();
}

template <class Io> void describe(Io& io, Ref<Io, PushResponse> v) {
    io("results", v.results);
}
JEJAK_JSON_OBJECT_CODEC(PushResponse)

//---- Blobs

template <class Io> void describe(Io& io, Ref<Io, BlobStatus> v) {
    io("sha256", v.sha256, kSha256Text);
    io("size", v.size);
    io("received", v.received);
    io("complete", v.complete);
}
JEJAK_JSON_OBJECT_CODEC(BlobStatus)

} // namespace jejak::sync
