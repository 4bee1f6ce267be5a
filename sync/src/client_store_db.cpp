// SPDX-License-Identifier: Apache-2.0
// The device store's schema and its helpers over SQLite and the JSON codecs.
#include "client_store_db.hpp"

#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace jejak::sync::store_db {

namespace bj = boost::json;
namespace fs = std::filesystem;

namespace {

// The schema. Records are kept as the shared codec's JSON; the columns beside them exist for lookups.
//   meta          key/value: device_id, owner_nip, server_url, session (LoginResponse JSON), cursor,
//                 last_sync (ms since the epoch).
//   server_record the server's records as last pulled or acknowledged, per (entity, id); entity is the
//                 ChangeEntity wire name ("activityState" rows hold ActivityStatus). ref is the parent used
//                 by lookups: the author of an activity, the activity of a review, rating or state, the SKP
//                 item of a feedback, the employee of an evaluation.
//   local_record  the user's versions not yet acknowledged by the server (drafts, edits, queued decisions,
//                 ratings, feedback, evaluations), with the local issues and flags of activities.
//   outbox        unsent ops in push order; activity_id names the activity an activity/review/rating op
//                 concerns.
//   blob          evidence files in <dir>/blobs/<sha256> and the server's upload progress.
//   outbox_blob   the blobs an activity op cites (its evidence must be complete before it is pushed).
//   record_error  the permanent error of the last op of a record.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE server_record (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    ref TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE INDEX server_record_ref ON server_record (entity, ref);
CREATE TABLE local_record (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    ref TEXT,
    json TEXT NOT NULL,
    issues TEXT NOT NULL DEFAULT '[]',
    flags TEXT NOT NULL DEFAULT '[]',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE INDEX local_record_ref ON local_record (entity, ref);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    op TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    activity_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_record ON outbox (entity, record_id);
CREATE INDEX outbox_activity ON outbox (activity_id);
CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL CHECK (size > 0),
    media_type TEXT NOT NULL,
    uploaded INTEGER NOT NULL DEFAULT 0,
    complete INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE outbox_blob (
    seq INTEGER NOT NULL REFERENCES outbox (seq) ON DELETE CASCADE,
    sha256 TEXT NOT NULL REFERENCES blob (sha256),
    PRIMARY KEY (seq, sha256)
);
CREATE INDEX outbox_blob_sha ON outbox_blob (sha256);
CREATE TABLE record_error (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    activity_id TEXT,
    error TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE INDEX record_error_activity ON record_error (activity_id);
)sql";

constexpr std::array<shared::sqlite::Migration, 1> kMigrations = {{{1, kSchemaV1}}};

/// The record's parent for lookups (see the schema), after a strict decode of its JSON.
template <class T>
Result<std::optional<std::string>> refOf(const bj::value& json, std::optional<std::string> (*ref)(const T&)) {
    auto value = shared::decode<T>(json);
    if (!value)
        return std::move(value).error();
    return ref(*value);
}

std::optional<std::string> noRef(const auto&) {
    return std::nullopt;
}

} // namespace

std::span<const shared::sqlite::Migration> migrations() noexcept {
    return kMigrations;
}

std::string entityName(ChangeEntity entity) {
    return std::string(shared::json::enumName(entity));
}

std::int64_t millis(shared::Timestamp t) {
    return t.time_since_epoch().count();
}

std::string jsonText(const bj::value& json) {
    return bj::serialize(json);
}

std::string encodeErrors(const std::vector<Error>& errors) {
    bj::array array;
    for (const auto& e : errors)
        array.push_back(toJson(toErrorBody(e)));
    return jsonText(array);
}

std::vector<Error> decodeErrors(std::string_view text) {
    std::vector<Error> out;
    auto json = shared::parseJson(text);
    if (!json || !json->is_array())
        return out;
    for (const auto& element : json->as_array()) {
        if (auto body = shared::decode<ErrorBody>(element))
            out.push_back(toError(*body));
    }
    return out;
}

Result<std::optional<std::string>> meta(Database& db, std::string_view key) {
    return text(db, "SELECT value FROM meta WHERE key = ?", key);
}

Result<void> setMeta(Database& db, std::string_view key, std::string_view value) {
    return run(
        db,
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key, value);
}

Result<std::optional<std::string>> checkRecord(ChangeEntity entity, const bj::value& json) {
    using namespace shared;
    switch (entity) {
    case ChangeEntity::Instansi:
        return refOf<Instansi>(json, noRef);
    case ChangeEntity::Unit:
        return refOf<Unit>(json, noRef);
    case ChangeEntity::Position:
        return refOf<Position>(json, noRef);
    case ChangeEntity::Employee:
        return refOf<Employee>(json, noRef);
    case ChangeEntity::Placement:
        return refOf<Placement>(json, noRef);
    case ChangeEntity::RoleBinding:
        return refOf<RoleBinding>(json, noRef);
    case ChangeEntity::Target:
        return refOf<PerformanceTarget>(json, noRef);
    case ChangeEntity::Skp:
        return refOf<Skp>(json, noRef);
    case ChangeEntity::SkpItem:
        return refOf<SkpItem>(json, noRef);
    case ChangeEntity::Team:
        return refOf<Team>(json, noRef);
    case ChangeEntity::Membership:
        return refOf<Membership>(json, noRef);
    case ChangeEntity::Activity:
        return refOf<Activity>(
            json, +[](const Activity& a) { return std::optional<std::string>(a.nip); });
    case ChangeEntity::Review:
        return refOf<Review>(
            json, +[](const Review& r) { return std::optional<std::string>(r.activityId); });
    case ChangeEntity::Rating:
        return refOf<Rating>(
            json, +[](const Rating& r) { return std::optional<std::string>(r.activityId); });
    case ChangeEntity::Evaluation:
        return refOf<Evaluation>(
            json, +[](const Evaluation& e) { return std::optional<std::string>(e.nip); });
    case ChangeEntity::Feedback:
        return refOf<Feedback>(
            json, +[](const Feedback& f) { return std::optional<std::string>(f.skpItemId); });
    case ChangeEntity::ActivityState:
        return refOf<ActivityStatus>(
            json, +[](const ActivityStatus& s) { return std::optional<std::string>(s.activityId); });
    }
    return Error(ErrorCode::InvalidArgument, "entity", "unknown entity");
}

Result<void> putServerRecord(Database& db, std::string_view entity, std::string_view id,
                             const std::optional<std::string>& ref, const bj::value& json) {
    return run(db,
               "INSERT INTO server_record (entity, id, ref, json) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (entity, id) DO UPDATE SET ref = excluded.ref, json = excluded.json",
               entity, id, ref, jsonText(json));
}

OpTarget targetOf(const Op& op) {
    struct Visitor {
        OpTarget operator()(const SubmitActivity& p) const {
            return {kActivity, ChangeEntity::Activity, p.activity.id, p.activity.id};
        }
        OpTarget operator()(const ReviseActivity& p) const {
            return {kActivity, ChangeEntity::Activity, p.activity.id, p.activity.id};
        }
        OpTarget operator()(const WithdrawActivity& p) const {
            return {kActivity, ChangeEntity::Activity, p.activityId, p.activityId};
        }
        OpTarget operator()(const DecideReview& p) const {
            return {kReview, ChangeEntity::Review, p.review.id, p.review.activityId};
        }
        OpTarget operator()(const RateActivity& p) const {
            return {kRating, ChangeEntity::Rating, p.rating.id, p.rating.activityId};
        }
        OpTarget operator()(const PostFeedback& p) const {
            return {kFeedback, ChangeEntity::Feedback, p.feedback.id, std::nullopt};
        }
        OpTarget operator()(const Evaluate& p) const {
            return {kEvaluation, ChangeEntity::Evaluation, p.evaluation.id, std::nullopt};
        }
    };
    return std::visit(Visitor{}, op.payload);
}

Result<void> writeFileDurably(const fs::path& path, std::string_view bytes, std::uint64_t nonce) {
    const fs::path temp = path.string() + ".tmp-" + std::to_string(nonce);
    const auto ioError = [&](const char* what) {
        const int err = errno;
        return Error(ErrorCode::BlobIo, "",
                     std::string(what) + " " + temp.string() + ": " + std::strerror(err));
    };
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return ioError("cannot create");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            auto e = ioError("cannot write");
            ::close(fd);
            ::unlink(temp.c_str());
            return e;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        auto e = ioError("cannot sync");
        ::close(fd);
        ::unlink(temp.c_str());
        return e;
    }
    ::close(fd);
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        auto e = ioError("cannot rename");
        ::unlink(temp.c_str());
        return e;
    }
    const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace jejak::sync::store_db
