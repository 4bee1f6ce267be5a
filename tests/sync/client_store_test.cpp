// SPDX-License-Identifier: Apache-2.0
// The device store on real SQLite files, with the demo organisation (assets/demo/bundle.json) as its cached
// reference data: durability, local validation, the pull rules, the outbox results and the evidence files.
#include "support/temp_dir.hpp"
#include "sync/snapshot.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/codec.hpp"
#include "jejak/shared/sqlite.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace jejak;
using namespace jejak::sync;
using jejak::testing::TempDir;
using shared::ActivityState;
using shared::ErrorCode;
using shared::FixedClock;
using shared::Timestamp;

namespace {

// The demo's field employee (anggota of PAK, PIA and PLT; SKP skp-2023-a7) and the Ketua of PAK.
constexpr std::string_view kAuthor = "199106222015031012";
constexpr std::string_view kKetuaPak = "198605122010031004";
constexpr std::string_view kPakMembership = "m-pak-09";

Timestamp at(std::string_view rfc3339) {
    return *shared::parseTimestamp(rfc3339);
}

const shared::Bundle& demoBundle() {
    static const shared::Bundle bundle = [] {
        auto load = shared::loadBundleFile(std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json");
        REQUIRE(load.ok());
        return *load.bundle;
    }();
    return bundle;
}

template <class T> Change change(std::int64_t seq, ChangeEntity entity, std::string id, const T& record) {
    return Change{seq, entity, std::move(id), false, toJson(record).as_object()};
}

/// The first pull: every record of the demo bundle, as a server's snapshot.
PullResponse snapshot(std::string cursor = "c-1") {
    return jejak::testing::snapshotOf(demoBundle(), std::move(cursor));
}

Session sessionOf(std::string_view nip) {
    return Session{"http://127.0.0.1:8080",     std::string(nip),           "Pegawai",
                   "token-" + std::string(nip), at("2023-04-15T00:00:00Z"), {"employee"}};
}

/// Bytes shaped like a JPEG (SOI, APP0, EOI around `tag`): the store treats evidence as opaque bytes.
std::string photoBytes(std::string_view tag) {
    return std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF " + std::string(tag) + std::string(2000, 'x') +
           std::string("\xFF\xD9", 2);
}

/// A store in a temp dir with the demo snapshot applied and `nip` logged in, at 2023-03-15 08:00 WITA.
struct Rig {
    TempDir dir;
    FixedClock clock{at("2023-03-15T08:00:00+08:00")};
    std::unique_ptr<ClientStore> store;

    explicit Rig(std::string_view nip = kAuthor) {
        reopen();
        REQUIRE(store->setSession(sessionOf(nip)).ok());
        REQUIRE(store->applyPull(snapshot()).ok());
    }

    void reopen() {
        store.reset();
        auto opened = ClientStore::open(dir.path(), clock);
        REQUIRE(opened.ok());
        store = std::move(opened).value();
    }

    /// A valid activity of the author in team PAK on item si-2023-a7-1, with a photo added to the store.
    shared::Activity activity(int slot, std::string_view photoTag = {}) {
        shared::Activity a;
        a.name = "Verifikasi usul PAK";
        a.teamId = "team-pak";
        a.skpItemId = "si-2023-a7-1";
        a.outputQuantity = 1;
        a.outputUnit = "Indeks";
        a.start = at("2023-03-14T07:00:00+08:00") + std::chrono::minutes(30 * slot);
        a.end = a.start + std::chrono::minutes(20);
        a.description = "Arsip digital diperiksa";
        auto photo = store->addEvidence(photoBytes(photoTag.empty() ? std::to_string(slot) : photoTag),
                                        "image/jpeg", shared::EvidenceKind::Photo, a.start);
        REQUIRE(photo.ok());
        a.evidence = {*photo};
        return a;
    }

    /// Saves and submits a valid activity; its id.
    std::string submitted(int slot) {
        auto draft = store->saveDraft(activity(slot));
        REQUIRE(draft.ok());
        auto sent = store->submit(draft->activity.id);
        REQUIRE(sent.ok());
        return sent->activity.id;
    }

    LocalActivity get(std::string_view id) {
        auto a = store->activity(id);
        REQUIRE(a.has_value());
        return *a;
    }

    /// Marks every pending blob as uploaded.
    void uploadAll() {
        for (const auto& blob : store->pendingBlobs())
            REQUIRE(store->setBlobProgress(blob.sha256, blob.size, true).ok());
    }
};

OpResult okResult(const OutboxEntry& entry, ActivityState state, const std::string& validator) {
    OpResult result{entry.op.opId, true, std::nullopt, std::nullopt, std::nullopt};
    if (const auto* s = std::get_if<SubmitActivity>(&entry.op.payload)) {
        result.record = toJson(s->activity).as_object();
        result.status = ActivityStatus{s->activity.id, s->activity.revision, state, validator, false, {}, {}};
    } else if (const auto* r = std::get_if<ReviseActivity>(&entry.op.payload)) {
        result.record = toJson(r->activity).as_object();
        result.status = ActivityStatus{r->activity.id, r->activity.revision, state, validator, false, {}, {}};
    }
    return result;
}

OpResult failed(const OutboxEntry& entry, std::string code, bool transient) {
    return OpResult{entry.op.opId, false, ErrorBody{std::move(code), "", "refused", transient}, std::nullopt,
                    std::nullopt};
}

bool hasIssue(const LocalActivity& a, ErrorCode code) {
    return std::any_of(a.localIssues.begin(), a.localIssues.end(),
                       [&](const auto& e) { return e.code == code; });
}

} // namespace

TEST_CASE("client store: a reopened store keeps session, cache, drafts, outbox and evidence",
          "[sync][store]") {
    Rig rig;
    const std::string device = rig.store->deviceId();
    CHECK(shared::isUuid(device));
    const std::string queued = rig.submitted(0);
    auto draft = rig.store->saveDraft(rig.activity(1));
    REQUIRE(draft.ok());
    REQUIRE(rig.store->setLastSuccessfulSync(at("2023-03-15T07:00:00+08:00")).ok());
    const auto outboxBefore = rig.store->outbox();
    const auto photo = draft->activity.evidence.front();

    rig.reopen();
    CHECK(rig.store->deviceId() == device);
    REQUIRE(rig.store->session().has_value());
    CHECK(rig.store->session()->nip == kAuthor);
    CHECK(rig.store->session()->token == "token-" + std::string(kAuthor));
    CHECK(rig.store->session()->serverUrl == "http://127.0.0.1:8080");
    CHECK(rig.store->cursor() == std::optional<std::string>("c-1"));
    CHECK(rig.store->lastSuccessfulSync() == at("2023-03-15T07:00:00+08:00"));
    CHECK(rig.store->domain()->bundle().employees.size() == demoBundle().employees.size());
    CHECK(rig.store->domain()->bundle().memberships.size() == demoBundle().memberships.size());
    CHECK(rig.store->outbox() == outboxBefore);
    CHECK(rig.get(queued).syncState == SyncState::Uploading);
    CHECK(rig.get(draft->activity.id).syncState == SyncState::Draft);
    CHECK(rig.get(draft->activity.id).activity == draft->activity);
    auto bytes = rig.store->readBlob(photo.sha256, 0, photo.size);
    REQUIRE(bytes.ok());
    CHECK(*bytes == photoBytes("1"));

    // A second store (a reinstalled app) has its own device id.
    TempDir other;
    auto fresh = ClientStore::open(other.path(), rig.clock);
    REQUIRE(fresh.ok());
    CHECK((*fresh)->deviceId() != device);
    CHECK_FALSE((*fresh)->session().has_value());
    CHECK_FALSE((*fresh)->cursor().has_value());
}

TEST_CASE("client store: submit queues exactly one op, which waits for its evidence", "[sync][store]") {
    Rig rig;
    auto draft = rig.store->saveDraft(rig.activity(0));
    REQUIRE(draft.ok());
    CHECK(draft->syncState == SyncState::Draft);
    CHECK(draft->localIssues.empty());
    CHECK(shared::isUuid(draft->activity.id));
    CHECK(draft->activity.nip == kAuthor);
    CHECK(draft->activity.createdAt == rig.clock.now());
    CHECK(rig.store->outbox().empty());

    auto sent = rig.store->submit(draft->activity.id);
    REQUIRE(sent.ok());
    CHECK(sent->syncState == SyncState::Uploading);
    CHECK(sent->unsent);
    auto outbox = rig.store->outbox();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].op.kind() == OpKind::SubmitActivity);
    CHECK(shared::isUuid(outbox[0].op.opId));
    CHECK(outbox[0].recordId == draft->activity.id);
    CHECK(outbox[0].waitingForEvidence);
    CHECK(std::get<SubmitActivity>(outbox[0].op.payload).activity == draft->activity);

    // Submitting again, or editing while queued, is refused and queues nothing more.
    auto again = rig.store->submit(draft->activity.id);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::SyncNotEditable);
    auto edit = draft->activity;
    edit.name = "Diubah";
    auto edited = rig.store->saveDraft(edit);
    REQUIRE_FALSE(edited.ok());
    CHECK(edited.error().code == ErrorCode::SyncNotEditable);
    CHECK(rig.store->outbox().size() == 1);
    CHECK(rig.get(draft->activity.id).activity.name == "Verifikasi usul PAK");

    rig.uploadAll();
    CHECK_FALSE(rig.store->outbox()[0].waitingForEvidence);
    CHECK(rig.get(draft->activity.id).syncState == SyncState::Queued);
}

TEST_CASE("client store: failed local rules block queuing and are all kept on the draft", "[sync][store]") {
    Rig rig;
    auto a = rig.activity(0);
    a.teamId = "team-ppa";                     // the author is no member of PPA
    a.skpItemId = "si-2023-kb-1";              // the Kepala Bidang's item, not the author's
    a.description = std::string(301 * 2, ' '); // filled below with 301 two-byte code points
    a.description.clear();
    for (int i = 0; i < 301; ++i)
        a.description += "\xC3\xA9"; // é
    auto draft = rig.store->saveDraft(a);
    REQUIRE(draft.ok());
    CHECK(draft->syncState == SyncState::Draft);

    auto sent = rig.store->submit(draft->activity.id);
    REQUIRE_FALSE(sent.ok());
    const auto& issues = rig.get(draft->activity.id).localIssues;
    REQUIRE(issues.size() >= 3);
    CHECK(sent.error().code == issues.front().code);
    CHECK(sent.error().field == issues.front().field);
    for (const auto code :
         {ErrorCode::NotTeamMember, ErrorCode::SkpItemNotOwned, ErrorCode::DescriptionTooLong}) {
        CHECK(hasIssue(rig.get(draft->activity.id), code));
        CHECK(sent.error().message.find(std::string(shared::codeString(code))) != std::string::npos);
    }
    CHECK(rig.store->outbox().empty());
    CHECK(rig.get(draft->activity.id).syncState == SyncState::Draft);

    // The author's own item, but one that cascades from another team's targets.
    auto crossed = rig.get(draft->activity.id).activity;
    crossed.teamId = "team-pak";
    crossed.skpItemId = "si-2023-a7-3"; // under a PIA team target
    REQUIRE(rig.store->saveDraft(crossed).ok());
    CHECK(rig.store->submit(crossed.id).error().code == ErrorCode::SkpItemNotInTeamCascade);
    CHECK(hasIssue(rig.get(crossed.id), ErrorCode::SkpItemNotInTeamCascade));
    CHECK(rig.store->outbox().empty());

    // 300 code points, the right team and the author's own item: accepted and queued.
    auto fixed = rig.get(draft->activity.id).activity;
    fixed.teamId = "team-pak";
    fixed.skpItemId = "si-2023-a7-1";
    fixed.description.resize(300 * 2);
    REQUIRE(rig.store->saveDraft(fixed).ok());
    auto resent = rig.store->submit(fixed.id);
    REQUIRE(resent.ok());
    CHECK(resent->localIssues.empty());
    CHECK(rig.store->outbox().size() == 1);
}

TEST_CASE("client store: a reset keeps unsent drafts and ops; the cursor moves with the page",
          "[sync][store]") {
    Rig rig;
    const std::string queued = rig.submitted(0);
    auto draft = rig.store->saveDraft(rig.activity(1));
    REQUIRE(draft.ok());

    PullResponse again = snapshot("c-2");
    again.changes.erase(std::remove_if(again.changes.begin(), again.changes.end(),
                                       [](const Change& c) { return c.entity == ChangeEntity::Employee; }),
                        again.changes.end());
    REQUIRE(rig.store->applyPull(again).ok());
    CHECK(rig.store->cursor() == std::optional<std::string>("c-2"));
    CHECK(rig.store->domain()->bundle().employees.empty()); // the reset dropped the cached employees
    CHECK(rig.store->outbox().size() == 1);
    CHECK(rig.get(queued).syncState == SyncState::Uploading);
    CHECK(rig.get(draft->activity.id).activity == draft->activity);
    // Against a cache without employees, the author is unknown: flagged, never dropped.
    CHECK(hasIssue(rig.get(draft->activity.id), ErrorCode::EmployeeInactive));

    // A page the decoder refuses changes nothing, not even the cursor.
    PullResponse bad{
        "c-3", false, true, {Change{1, ChangeEntity::Team, "team-x", false, boost::json::object{{"id", 1}}}}};
    auto refused = rig.store->applyPull(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::SyncBadResponse);
    CHECK(rig.store->cursor() == std::optional<std::string>("c-2"));
    CHECK_FALSE(rig.store->domain()->bundle().teams.empty());
}

TEST_CASE("client store: a membership ended under a draft flags it and keeps it", "[sync][store]") {
    Rig rig;
    auto draft = rig.store->saveDraft(rig.activity(0));
    REQUIRE(draft.ok());
    const std::string queued = rig.submitted(1);
    CHECK(rig.get(draft->activity.id).localIssues.empty());

    PullResponse page{
        "c-2",
        false,
        false,
        {Change{900, ChangeEntity::Membership, std::string(kPakMembership), true, std::nullopt}}};
    REQUIRE(rig.store->applyPull(page).ok());
    for (const auto& id : {draft->activity.id, queued}) {
        const auto a = rig.get(id);
        CHECK(hasIssue(a, ErrorCode::NotTeamMember));
    }
    CHECK(rig.get(draft->activity.id).syncState == SyncState::Draft);
    CHECK(rig.store->outbox().size() == 1); // the queued op stays: the server has the last word
    CHECK(rig.store->activities({}).size() == 2);
}

TEST_CASE("client store: recordResult handles ok, transient and permanent answers", "[sync][store]") {
    Rig rig;
    const std::string id = rig.submitted(0);
    rig.uploadAll();
    auto entry = rig.store->outbox().at(0);

    // Bad input changes nothing.
    CHECK(rig.store->recordResult(entry.seq + 100, okResult(entry, ActivityState::Submitted, "x"))
              .error()
              .code == ErrorCode::NotFound);
    auto wrongOp = okResult(entry, ActivityState::Submitted, "x");
    wrongOp.opId = "0190d3a2-0000-7000-8000-000000000000";
    CHECK(rig.store->recordResult(entry.seq, wrongOp).error().code == ErrorCode::InvalidArgument);
    CHECK(rig.store->outbox().size() == 1);

    SECTION("transient: kept, one more attempt") {
        REQUIRE(rig.store->recordResult(entry.seq, failed(entry, "evidence.incomplete", true)).ok());
        REQUIRE(rig.store->outbox().size() == 1);
        CHECK(rig.store->outbox()[0].attempts == 1);
        CHECK(rig.get(id).syncState == SyncState::Queued);
    }
    SECTION("permanent: the error lands on the activity, which stays editable") {
        REQUIRE(rig.store->recordResult(entry.seq, failed(entry, "activity.too_late", false)).ok());
        CHECK(rig.store->outbox().empty());
        auto a = rig.get(id);
        CHECK(a.syncState == SyncState::Error);
        REQUIRE(a.error.has_value());
        CHECK(a.error->code == "activity.too_late");
        CHECK_FALSE(a.unsent);
        a.activity.name = "Diperbaiki";
        REQUIRE(rig.store->saveDraft(a.activity).ok());
        REQUIRE(rig.store->submit(id).ok());
        CHECK(rig.get(id).syncState == SyncState::Queued);
        CHECK_FALSE(rig.get(id).error.has_value());
    }
    SECTION("ok: the server's record and state replace the local version") {
        REQUIRE(
            rig.store
                ->recordResult(entry.seq, okResult(entry, ActivityState::Submitted, std::string(kKetuaPak)))
                .ok());
        CHECK(rig.store->outbox().empty());
        auto a = rig.get(id);
        CHECK(a.syncState == SyncState::Synced);
        REQUIRE(a.status.has_value());
        CHECK(a.status->state == ActivityState::Submitted);
        CHECK(a.status->validatorNip == kKetuaPak);
        CHECK_FALSE(a.unsent);
        // Submitted: neither editable nor discardable; withdrawing queues one op.
        auto edit = rig.store->saveDraft(a.activity);
        CHECK(edit.error().code == ErrorCode::SyncNotEditable);
        CHECK(rig.store->discardDraft(id).error().code == ErrorCode::SyncNotEditable);
        REQUIRE(rig.store->withdraw(id).ok());
        REQUIRE(rig.store->outbox().size() == 1);
        CHECK(std::get<WithdrawActivity>(rig.store->outbox()[0].op.payload).revision == 1);
        CHECK(rig.get(id).syncState == SyncState::Queued);
    }
}

TEST_CASE(
    "client store: a returned activity is revised as revision + 1; pulls never overwrite the unsent edit",
    "[sync][store]") {
    Rig rig;
    const std::string id = rig.submitted(0);
    rig.uploadAll();
    const auto entry = rig.store->outbox().at(0);
    REQUIRE(
        rig.store->recordResult(entry.seq, okResult(entry, ActivityState::Submitted, std::string(kKetuaPak)))
            .ok());
    const auto serverVersion = rig.get(id).activity;

    // The Ketua returns it with a note.
    shared::Review review{"0190d3a2-0000-7000-8000-000000000001",
                          id,
                          1,
                          std::string(kKetuaPak),
                          shared::Decision::Return,
                          "Lengkapi foto",
                          at("2023-03-15T09:00:00+08:00")};
    ActivityStatus returned{id,    1,  ActivityState::Returned, std::string(kKetuaPak),
                            false, {}, review.decidedAt};
    REQUIRE(rig.store
                ->applyPull({"c-2",
                             false,
                             false,
                             {change(901, ChangeEntity::Review, review.id, review),
                              change(902, ChangeEntity::ActivityState, id, returned)}})
                .ok());
    auto a = rig.get(id);
    CHECK(a.syncState == SyncState::Returned);
    REQUIRE(a.lastReview.has_value());
    CHECK(a.lastReview->note == "Lengkapi foto");

    a.activity.description = "Foto dilengkapi";
    auto edited = rig.store->saveDraft(a.activity);
    REQUIRE(edited.ok());
    CHECK(edited->syncState == SyncState::Returned);
    auto revised = rig.store->submit(id);
    REQUIRE(revised.ok());
    auto outbox = rig.store->outbox();
    REQUIRE(outbox.size() == 1);
    REQUIRE(outbox[0].op.kind() == OpKind::ReviseActivity);
    CHECK(std::get<ReviseActivity>(outbox[0].op.payload).activity.revision == 2);
    CHECK(std::get<ReviseActivity>(outbox[0].op.payload).activity.description == "Foto dilengkapi");

    // A pull bringing the server's (older) version does not overwrite the unsent edit.
    REQUIRE(rig.store
                ->applyPull({"c-3",
                             false,
                             false,
                             {change(903, ChangeEntity::Activity, id, serverVersion),
                              change(904, ChangeEntity::ActivityState, id, returned)}})
                .ok());
    CHECK(rig.get(id).activity.description == "Foto dilengkapi");
    CHECK(rig.get(id).activity.revision == 2);
    CHECK(rig.get(id).syncState == SyncState::Queued);

    REQUIRE(rig.store
                ->recordResult(outbox[0].seq,
                               okResult(outbox[0], ActivityState::Submitted, std::string(kKetuaPak)))
                .ok());
    CHECK(rig.get(id).syncState == SyncState::Synced);
    CHECK(rig.get(id).activity.revision == 2);
    CHECK(rig.get(id).status->revision == 2);
}

TEST_CASE("client store: evidence files are content-addressed and their upload progress is kept",
          "[sync][store]") {
    Rig rig;
    const std::string bytes = photoBytes("blob");
    auto first = rig.store->addEvidence(bytes, "image/jpeg", shared::EvidenceKind::Photo, std::nullopt);
    auto second = rig.store->addEvidence(bytes, "image/jpeg", shared::EvidenceKind::Photo, std::nullopt);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first->sha256 == second->sha256);
    CHECK(shared::isSha256Hex(first->sha256));
    CHECK(first->size == static_cast<std::int64_t>(bytes.size()));
    auto path = rig.store->blobPath(first->sha256);
    REQUIRE(path.has_value());
    std::ifstream in(*path, std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == bytes);
    CHECK(rig.store->pendingBlobs().empty()); // nothing cites it yet

    auto bad = rig.store->addEvidence(bytes, "image/gif", shared::EvidenceKind::Photo, std::nullopt);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::EvidenceInvalid);
    CHECK(rig.store->addEvidence({}, "image/jpeg", shared::EvidenceKind::Photo, std::nullopt).error().code ==
          ErrorCode::EvidenceInvalid);

    auto a = rig.activity(0);
    a.evidence = {*first};
    auto draft = rig.store->saveDraft(a);
    REQUIRE(draft.ok());
    REQUIRE(rig.store->submit(draft->activity.id).ok());
    auto pending = rig.store->pendingBlobs();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].sha256 == first->sha256);
    CHECK(pending[0].uploaded == 0);
    CHECK(pending[0].mediaType == "image/jpeg");
    CHECK(pending[0].path == std::filesystem::path(*path));

    REQUIRE(rig.store->setBlobProgress(first->sha256, 1000, false).ok());
    CHECK(rig.store->pendingBlobs().at(0).uploaded == 1000);
    auto chunk = rig.store->readBlob(first->sha256, 1000, 100);
    REQUIRE(chunk.ok());
    CHECK(*chunk == bytes.substr(1000, 100));
    auto tail = rig.store->readBlob(first->sha256, first->size - 10, 100);
    REQUIRE(tail.ok());
    CHECK(*tail == bytes.substr(bytes.size() - 10));

    CHECK(rig.store->readBlob(first->sha256, first->size + 1, 1).error().code == ErrorCode::InvalidArgument);
    CHECK(rig.store->readBlob(std::string(64, 'a'), 0, 1).error().code == ErrorCode::NotFound);
    CHECK(rig.store->setBlobProgress(first->sha256, first->size + 1, false).error().code ==
          ErrorCode::InvalidArgument);
    CHECK(rig.store->setBlobProgress(std::string(64, 'a'), 1, false).error().code == ErrorCode::NotFound);
    CHECK(rig.store->pendingBlobs().at(0).uploaded == 1000);

    REQUIRE(rig.store->setBlobProgress(first->sha256, first->size, true).ok());
    CHECK(rig.store->pendingBlobs().empty());
    CHECK(rig.get(draft->activity.id).syncState == SyncState::Queued);
}

TEST_CASE("client store: a stale decision shows on the activity with its reason", "[sync][store]") {
    Rig rig(kKetuaPak);
    // The author's activity in the Ketua's inbox.
    shared::Activity a;
    a.id = "0190d3a2-0000-7000-8000-0000000000aa";
    a.nip = std::string(kAuthor);
    a.name = "Verifikasi usul PAK";
    a.teamId = "team-pak";
    a.skpItemId = "si-2023-a7-1";
    a.outputQuantity = 1;
    a.outputUnit = "Indeks";
    a.start = at("2023-03-14T07:00:00+08:00");
    a.end = a.start + std::chrono::minutes(20);
    a.evidence = {{std::string(64, 'b'), 1000, "image/jpeg", shared::EvidenceKind::Photo, std::nullopt}};
    ActivityStatus status{a.id, 1, ActivityState::Submitted, std::string(kKetuaPak), false, {}, a.end};
    REQUIRE(rig.store
                ->applyPull({"c-2",
                             false,
                             false,
                             {change(901, ChangeEntity::Activity, a.id, a),
                              change(902, ChangeEntity::ActivityState, a.id, status)}})
                .ok());
    ActivityFilter inbox;
    inbox.validatorNip = std::string(kKetuaPak);
    REQUIRE(rig.store->activities(inbox).size() == 1);
    CHECK(rig.store->activities(inbox)[0].syncState == SyncState::Synced);

    // A return needs a note; the refusal changes nothing.
    shared::Review review;
    review.activityId = a.id;
    review.decision = shared::Decision::Return;
    CHECK(rig.store->decide(review).error().code == ErrorCode::NoteRequired);
    CHECK(rig.store->outbox().empty());

    review.decision = shared::Decision::Approve;
    REQUIRE(rig.store->decide(review).ok());
    auto outbox = rig.store->outbox();
    REQUIRE(outbox.size() == 1);
    const auto& sent = std::get<DecideReview>(outbox[0].op.payload).review;
    CHECK(sent.reviewerNip == kKetuaPak);
    CHECK(sent.decidedAt == rig.clock.now());
    CHECK(shared::isUuid(sent.id));
    CHECK(rig.get(a.id).syncState == SyncState::Queued);
    CHECK(rig.store->decide(review).error().code == ErrorCode::SyncNotEditable); // one decision at a time

    REQUIRE(rig.store->recordResult(outbox[0].seq, failed(outbox[0], "review.stale", false)).ok());
    CHECK(rig.store->outbox().empty());
    auto shown = rig.get(a.id);
    CHECK(shown.syncState == SyncState::Synced); // the server's record is unchanged: its state shows
    REQUIRE(shown.error.has_value());
    CHECK(shown.error->code == "review.stale");
    REQUIRE(shown.lastReview.has_value());
    CHECK(shown.lastReview->decision == shared::Decision::Approve);

    // Deciding again clears the failure.
    REQUIRE(rig.store->decide(review).ok());
    CHECK_FALSE(rig.get(a.id).error.has_value());
    CHECK(rig.get(a.id).syncState == SyncState::Queued);
}

TEST_CASE("client store: bad input gets a stable code and changes nothing", "[sync][store]") {
    Rig rig;
    const std::string unknown = "0190d3a2-0000-7000-8000-0000000000ff";
    CHECK(rig.store->submit(unknown).error().code == ErrorCode::NotFound);
    CHECK(rig.store->withdraw(unknown).error().code == ErrorCode::NotFound);
    CHECK(rig.store->discardDraft(unknown).error().code == ErrorCode::NotFound);
    shared::Review review;
    review.activityId = unknown;
    CHECK(rig.store->decide(review).error().code == ErrorCode::NotFound);
    shared::Rating rating;
    rating.activityId = unknown;
    rating.scores = {80, 80, 80};
    CHECK(rig.store->rate(rating).error().code == ErrorCode::NotFound);

    // An approved activity is not editable.
    const std::string id = rig.submitted(0);
    rig.uploadAll();
    const auto entry = rig.store->outbox().at(0);
    REQUIRE(
        rig.store->recordResult(entry.seq, okResult(entry, ActivityState::Approved, std::string(kKetuaPak)))
            .ok());
    const auto before = rig.get(id);
    auto edit = before.activity;
    edit.name = "Diubah";
    auto refused = rig.store->saveDraft(edit);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::SyncNotEditable);
    CHECK(rig.store->submit(id).error().code == ErrorCode::SyncNotEditable);
    CHECK(rig.store->withdraw(id).error().code == ErrorCode::SyncNotEditable);
    CHECK(rig.get(id).activity == before.activity);
    CHECK(rig.get(id).syncState == SyncState::Synced);
    CHECK(rig.store->outbox().empty());

    // Another author's NIP, a malformed id.
    auto foreign = rig.activity(1);
    foreign.nip = std::string(kKetuaPak);
    CHECK(rig.store->saveDraft(foreign).error().code == ErrorCode::NotAllowed);
    auto badId = rig.activity(2);
    badId.id = "not-a-uuid";
    CHECK(rig.store->saveDraft(badId).error().code == ErrorCode::InvalidArgument);

    // Without a session nothing is written.
    REQUIRE(rig.store->clearSession().ok());
    CHECK_FALSE(rig.store->session().has_value());
    auto offline = rig.store->saveDraft(rig.get(id).activity);
    CHECK(offline.error().code == ErrorCode::SyncNoSession);
    CHECK(rig.store->activities({}).size() == 1);
    CHECK(rig.store->cursor() == std::optional<std::string>("c-1")); // the cache stays for the next login
}

TEST_CASE("client store: feedback, evaluations and drafts", "[sync][store]") {
    Rig rig;
    shared::Feedback feedback;
    feedback.skpItemId = "si-2023-a7-1";
    feedback.text = "Mohon arahan untuk indikator ini";
    REQUIRE(rig.store->postFeedback(feedback).ok());
    auto thread = rig.store->feedback("si-2023-a7-1");
    REQUIRE(thread.size() == 1);
    CHECK(thread[0].authorNip == kAuthor);
    CHECK(rig.store->outbox().size() == 1);
    feedback.skpItemId = "si-unknown";
    CHECK(rig.store->postFeedback(feedback).error().code == ErrorCode::NotFound);
    // Acknowledged without a copy of the record: the op's own record becomes the server's.
    const auto posted = rig.store->outbox().at(0);
    REQUIRE(
        rig.store->recordResult(posted.seq, {posted.op.opId, true, std::nullopt, std::nullopt, std::nullopt})
            .ok());
    CHECK(rig.store->outbox().empty());
    REQUIRE(rig.store->feedback("si-2023-a7-1").size() == 1);
    CHECK(rig.store->feedback("si-2023-a7-1")[0] == thread[0]);

    shared::Evaluation evaluation;
    evaluation.nip = std::string(kKetuaPak);
    evaluation.year = 2023;
    evaluation.quarter = 5;
    CHECK(rig.store->evaluate(evaluation).error().code == ErrorCode::PeriodInvalid);
    evaluation.quarter = 1;
    evaluation.resultRating = shared::Expectation::Above;
    evaluation.behaviourRating = shared::Expectation::Above;
    REQUIRE(rig.store->evaluate(evaluation).ok());
    auto evaluations = rig.store->evaluations(kKetuaPak);
    REQUIRE(evaluations.size() == 1);
    CHECK(evaluations[0].predicate == shared::Predicate::SangatBaik);
    CHECK(rig.store->outbox().size() == 1);

    // Drafts are listed newest first and a draft never sent can be discarded.
    auto older = rig.store->saveDraft(rig.activity(0));
    auto newer = rig.store->saveDraft(rig.activity(3));
    REQUIRE(older.ok());
    REQUIRE(newer.ok());
    ActivityFilter mine;
    mine.authorNip = std::string(kAuthor);
    auto list = rig.store->activities(mine);
    REQUIRE(list.size() == 2);
    CHECK(list[0].activity.id == newer->activity.id);
    REQUIRE(rig.store->discardDraft(older->activity.id).ok());
    CHECK_FALSE(rig.store->activity(older->activity.id).has_value());
    CHECK(rig.store->activities(mine).size() == 1);
}

TEST_CASE("client store: ops keep the order of the actions; another account starts from a snapshot",
          "[sync][store]") {
    Rig rig;
    const std::string first = rig.submitted(0);
    shared::Feedback feedback;
    feedback.skpItemId = "si-2023-a7-2";
    feedback.text = "Target dokumen sudah 40%";
    REQUIRE(rig.store->postFeedback(feedback).ok());
    const std::string second = rig.submitted(1);
    auto outbox = rig.store->outbox();
    REQUIRE(outbox.size() == 3);
    CHECK(outbox[0].recordId == first);
    CHECK(outbox[1].op.kind() == OpKind::PostFeedback);
    CHECK(outbox[2].recordId == second);
    CHECK(outbox[0].seq < outbox[1].seq);
    CHECK(outbox[1].seq < outbox[2].seq);

    // Same NIP again: the cache stays. Another NIP: the cache and cursor go, the unsent work stays.
    REQUIRE(rig.store->setSession(sessionOf(kAuthor)).ok());
    CHECK(rig.store->cursor().has_value());
    REQUIRE(rig.store->setSession(sessionOf(kKetuaPak)).ok());
    CHECK_FALSE(rig.store->cursor().has_value());
    CHECK(rig.store->domain()->bundle().employees.empty());
    CHECK(rig.store->outbox() == outbox);
    CHECK(rig.store->session()->nip == kKetuaPak);
}

TEST_CASE("client store: the UI and the engine use one store from several threads", "[sync][store]") {
    Rig rig;
    std::vector<shared::Activity> drafts;
    for (int i = 0; i < 20; ++i)
        drafts.push_back(rig.activity(i));
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            for (int i = t; i < 20; i += 2) {
                auto saved = rig.store->saveDraft(drafts[static_cast<std::size_t>(i)]);
                if (!saved || !rig.store->submit(saved->activity.id))
                    ++failures;
            }
        });
    }
    threads.emplace_back([&] { // the engine's side: reads while the UI writes
        for (int i = 0; i < 50; ++i) {
            for (const auto& blob : rig.store->pendingBlobs()) {
                if (!rig.store->readBlob(blob.sha256, 0, blob.size))
                    ++failures;
            }
            static_cast<void>(rig.store->outbox());
        }
    });
    for (auto& thread : threads)
        thread.join();
    CHECK(failures == 0);
    CHECK(rig.store->outbox().size() == 20);
    CHECK(rig.store->pendingBlobs().size() == 20);
    CHECK(rig.store->activities({}).size() == 20);
}

TEST_CASE("client store: state changes update the status and tombstones delete", "[sync][store]") {
    Rig rig(kKetuaPak);
    shared::Activity a;
    a.id = "0190d3a2-0000-7000-8000-0000000000bb";
    a.nip = std::string(kAuthor);
    a.name = "Rapat koordinasi";
    a.outputQuantity = 1;
    a.outputUnit = "Laporan";
    a.start = at("2023-03-14T09:00:00+08:00");
    a.end = a.start + std::chrono::hours(1);
    ActivityStatus status{
        a.id, 1, ActivityState::Submitted, std::string(kKetuaPak), true, {"activity.unlinked"}, a.end};
    REQUIRE(rig.store
                ->applyPull({"c-2",
                             false,
                             false,
                             {change(901, ChangeEntity::Activity, a.id, a),
                              change(902, ChangeEntity::ActivityState, a.id, status)}})
                .ok());
    auto shown = rig.get(a.id);
    CHECK(shown.status->state == ActivityState::Submitted);
    REQUIRE(shown.flags.size() == 1);
    CHECK(shown.flags[0].code == ErrorCode::Unlinked);

    status.state = ActivityState::Rejected;
    REQUIRE(
        rig.store->applyPull({"c-3", false, false, {change(903, ChangeEntity::ActivityState, a.id, status)}})
            .ok());
    CHECK(rig.get(a.id).syncState == SyncState::Rejected);

    REQUIRE(rig.store
                ->applyPull(
                    {"c-4", false, false, {Change{904, ChangeEntity::Activity, a.id, true, std::nullopt}}})
                .ok());
    CHECK_FALSE(rig.store->activity(a.id).has_value());
    CHECK(rig.store->activities({}).empty());
    CHECK(rig.store->cursor() == std::optional<std::string>("c-4"));
}

TEST_CASE("client store: a store from a newer app or a corrupt file is refused, not touched",
          "[sync][store]") {
    FixedClock clock(at("2023-03-15T08:00:00+08:00"));
    SECTION("newer schema") {
        TempDir dir;
        REQUIRE(ClientStore::open(dir.path(), clock).ok());
        {
            auto db = shared::sqlite::Database::open((dir.path() / "client.db").string());
            REQUIRE(db.ok());
            REQUIRE(db->exec("PRAGMA user_version = 99").ok());
        }
        auto opened = ClientStore::open(dir.path(), clock);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::StorageSchemaTooNew);
    }
    SECTION("not a database") {
        TempDir dir;
        {
            std::ofstream out(dir.path() / "client.db", std::ios::binary);
            out << std::string(4096, 'x');
        }
        auto opened = ClientStore::open(dir.path(), clock);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::StorageCorrupt);
        std::ifstream in(dir.path() / "client.db", std::ios::binary);
        CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == std::string(4096, 'x'));
    }
}
