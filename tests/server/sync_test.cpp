// SPDX-License-Identifier: Apache-2.0
// Push and pull over SqliteStorage with the demo bundle imported and real evidence blobs: every op's
// rules, idempotency, fan-out, the reference snapshot and paging of the feed, blob access.
#include "sync/ops.hpp"

#include "auth_fixture.hpp"
#include "blob_fixtures.hpp"
#include "blobs/blob_store.hpp"
#include "storage/data_dir.hpp"
#include "storage/sqlite_storage.hpp"

#include "support/temp_dir.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <mutex>

using namespace jejak::server;
using jejak::shared::Activity;
using jejak::shared::ActivityState;
using jejak::shared::ErrorCode;
using jejak::shared::Timestamp;
using jejak::sync::ChangeEntity;
using jejak::sync::Op;
using jejak::sync::OpResult;
using jejak::testing::TempDir;
using namespace std::chrono_literals;

namespace {

const Timestamp kNow = *jejak::shared::parseTimestamp("2023-03-15T08:00:00+08:00");
const std::string kAnggota(jejak::testing::kDemoAnggota);   // PAK, PIA and PLT member; appraised by the Kabid
const std::string kKetuaPak = "198605122010031004";          // Ketua of PAK
const std::string kKabid(jejak::testing::kDemoKabidInka);   // Kepala Bidang: appraiser of everyone in INKA
const std::string kStranger = "198412092009121004";          // Ketua of a Pasuruan team: unrelated
const std::string kKetuaPdk = "198206172008031006";          // Ketua of PDK, not of PAK

std::string uuid(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "0186c0a0-0000-7000-8000-%012d", n);
    return buf;
}

Caller callerOf(const std::string& nip, std::string device = "device-1") {
    return Caller{nip, std::move(device), "session"};
}

/// A SqliteStorage with the demo bundle, a BlobStore beside it and the feed notifications recorded.
struct SyncRig {
    SyncRig() {
        auto store = BlobStore::open(dir.path() / "blobs");
        REQUIRE(store);
        blobs = std::move(store).value();
        SqliteStorageOptions options;
        options.path = databasePath(dir.path().string());
        options.referencePoll = 0ms;
        options.blobCheck = [this](const jejak::shared::EvidenceRef& ref) { return blobs->check(ref); };
        options.onFeedChanged = [this](const std::vector<std::string>& nips, std::int64_t seq) {
            const std::lock_guard lock(mutex);
            notified.emplace_back(nips, seq);
        };
        auto opened = SqliteStorage::open(options, clock);
        INFO((opened ? std::string() : toString(opened.error())));
        REQUIRE(opened);
        storage = std::move(opened).value();
        REQUIRE(storage->importBundle(jejak::testing::demoBundle(), "test"));
    }

    /// A real JPEG, uploaded completely; its reference.
    jejak::shared::EvidenceRef photo(std::uint32_t seed, bool upload = true) {
        const std::string bytes = jejak::testing::makeJpeg(jejak::testing::photoPixels(64, 48, seed));
        const std::string sha = jejak::testing::sha256Of(bytes);
        if (upload)
            uploadBytes(bytes);
        return jejak::shared::EvidenceRef{sha, static_cast<std::int64_t>(bytes.size()), "image/jpeg",
                                          jejak::shared::EvidenceKind::Photo, std::nullopt};
    }
    void uploadBytes(const std::string& bytes) {
        const std::string sha = jejak::testing::sha256Of(bytes);
        // two chunks, as a phone would send them
        const std::size_t half = bytes.size() / 2;
        BlobChunk first{sha, static_cast<std::int64_t>(bytes.size()), "image/jpeg", 0,
                        std::string_view(bytes).substr(0, half)};
        REQUIRE(blobs->appendChunk(first, {}));
        BlobChunk second{sha, static_cast<std::int64_t>(bytes.size()), "image/jpeg",
                         static_cast<std::int64_t>(half), std::string_view(bytes).substr(half)};
        auto done = blobs->appendChunk(second, {});
        REQUIRE(done);
        REQUIRE(done->complete);
    }

    OpResult push(const Caller& caller, const Op& op) {
        auto r = storage->applyOp(caller, op);
        INFO((r ? std::string() : toString(r.error())));
        REQUIRE(r);
        return *r;
    }
    jejak::shared::Error refused(const Caller& caller, const Op& op) {
        auto r = storage->applyOp(caller, op);
        REQUIRE_FALSE(r);
        return r.error();
    }
    std::vector<jejak::sync::Change> feed(const std::string& nip) {
        jejak::sync::PullRequest request;
        request.limit = 1000;
        std::vector<jejak::sync::Change> all;
        auto page = storage->pull(callerOf(nip), request);
        REQUIRE(page);
        for (auto& c : page->changes)
            if (c.seq > 0)
                all.push_back(c);
        return all;
    }
    std::int64_t auditLength() {
        auto n = storage->auditLength();
        REQUIRE(n);
        return *n;
    }

    TempDir dir;
    jejak::shared::FixedClock clock{kNow};
    std::unique_ptr<BlobStore> blobs;
    std::unique_ptr<SqliteStorage> storage;
    std::mutex mutex;
    std::vector<std::pair<std::vector<std::string>, std::int64_t>> notified;
};

/// A valid PAK activity of the anggota on 2023-03-14.
Activity pakActivity(const std::string& id, const jejak::shared::EvidenceRef& photo) {
    Activity a;
    a.id = id;
    a.nip = kAnggota;
    a.name = "Verifikasi usul PAK";
    a.teamId = "team-pak";
    a.skpItemId = "si-2023-a7-1";
    a.outputQuantity = 2;
    a.outputUnit = "Indeks";
    a.start = *jejak::shared::parseTimestamp("2023-03-14T09:00:00+08:00");
    a.end = *jejak::shared::parseTimestamp("2023-03-14T11:00:00+08:00");
    a.description = "Memeriksa berkas";
    a.evidence = {photo};
    a.createdAt = a.end;
    return a;
}

Op submitOp(int opN, const Activity& a) {
    return Op{uuid(opN), jejak::sync::SubmitActivity{a}};
}
Op reviewOp(int opN, const std::string& activityId, int revision, jejak::shared::Decision d, std::string note,
            const std::string& reviewer = kKetuaPak) {
    jejak::shared::Review r{uuid(opN + 5000), activityId, revision, reviewer, d, std::move(note), kNow};
    return Op{uuid(opN), jejak::sync::DecideReview{r}};
}

bool hasChange(const std::vector<jejak::sync::Change>& feed, ChangeEntity entity, const std::string& id) {
    return std::any_of(feed.begin(), feed.end(), [&](const auto& c) { return c.entity == entity && c.id == id; });
}

} // namespace

TEST_CASE("sync: a valid submission is stored, routed to the ketua, fanned out and audited", "[server][sync]") {
    SyncRig rig;
    const auto audit = rig.auditLength();
    const Activity a = pakActivity(uuid(1), rig.photo(1));
    const OpResult r = rig.push(callerOf(kAnggota), submitOp(100, a));
    CHECK(r.ok);
    CHECK(r.opId == uuid(100));
    REQUIRE(r.status);
    CHECK(r.status->state == ActivityState::Submitted);
    CHECK(r.status->validatorNip == kKetuaPak);
    CHECK(r.status->revision == 1);
    CHECK(rig.auditLength() == audit + 1);
    CHECK(hasChange(rig.feed(kAnggota), ChangeEntity::Activity, a.id));
    CHECK(hasChange(rig.feed(kKetuaPak), ChangeEntity::ActivityState, a.id));
    CHECK(rig.feed(kKabid).empty()); // the appraiser sees it from approval on
    CHECK(rig.feed(kStranger).empty());
    {
        const std::lock_guard lock(rig.mutex);
        REQUIRE(rig.notified.size() == 1);
        CHECK(rig.notified[0].first == std::vector<std::string>{kKetuaPak, kAnggota});
        CHECK(rig.notified[0].second > 0);
    }
    // The notification carries the op's highest seq; each audience's latest is at most that.
    auto author = rig.storage->latestSeq(kAnggota);
    auto ketua = rig.storage->latestSeq(kKetuaPak);
    auto none = rig.storage->latestSeq(kStranger);
    REQUIRE((author && ketua && none));
    CHECK(*author == rig.notified[0].second);
    CHECK(*ketua > 0);
    CHECK(*ketua < *author);
    CHECK(*none == 0);
}

TEST_CASE("sync: each failed validation rule answers its code and field and changes nothing", "[server][sync]") {
    SyncRig rig;
    const auto photo = rig.photo(2);
    struct Case {
        std::string name;
        std::function<void(Activity&)> change;
        ErrorCode code;
        std::string field;
    };
    const std::vector<Case> cases{
        {"not a member of the team", [](Activity& a) { a.teamId = "team-pdk"; }, ErrorCode::NotTeamMember, "teamId"},
        {"item of someone else", [](Activity& a) { a.skpItemId = "si-2023-a1-1"; }, ErrorCode::SkpItemNotOwned,
         "skpItemId"},
        {"item outside the team's cascade", [](Activity& a) { a.skpItemId = "si-2023-a7-3"; },
         ErrorCode::SkpItemNotInTeamCascade, "skpItemId"},
        {"end before start", [](Activity& a) { a.end = a.start - 1h; }, ErrorCode::EndBeforeStart, "end"},
        {"in the future", [](Activity& a) { a.start = kNow + 2h; a.end = kNow + 3h; }, ErrorCode::InFuture, "end"},
        {"too late", [](Activity& a) { a.start -= 24h * 40; a.end -= 24h * 40; }, ErrorCode::TooLate, "end"},
        {"blank name", [](Activity& a) { a.name = "  "; }, ErrorCode::NameRequired, "name"},
        {"long description", [](Activity& a) { a.description = std::string(301, 'x'); },
         ErrorCode::DescriptionTooLong, "description"},
        {"no output", [](Activity& a) { a.outputQuantity = 0; }, ErrorCode::OutputNotPositive, "outputQuantity"},
        {"wrong unit", [](Activity& a) { a.outputUnit = "Dokumen"; }, ErrorCode::OutputUnitMismatch, "outputUnit"},
        {"no photo", [](Activity& a) { a.evidence.clear(); }, ErrorCode::PhotoRequired, "evidence"},
        {"size differs from the blob", [](Activity& a) { a.evidence[0].size += 1; }, ErrorCode::EvidenceCorrupt,
         "evidence[0]"},
    };
    const auto audit = rig.auditLength();
    int n = 200;
    for (const Case& c : cases) {
        SECTION(c.name) {
            Activity a = pakActivity(uuid(n), photo);
            c.change(a);
            const auto e = rig.refused(callerOf(kAnggota), submitOp(n + 1, a));
            CHECK(e.code == c.code);
            CHECK(e.field == c.field);
            CHECK_FALSE(e.transient);
            CHECK(rig.feed(kAnggota).empty());
            CHECK(rig.auditLength() == audit);
        }
        n += 2;
    }
}

TEST_CASE("sync: missing evidence is transient and the same op succeeds after the upload", "[server][sync]") {
    SyncRig rig;
    const std::string bytes = jejak::testing::makeJpeg(jejak::testing::photoPixels(64, 48, 7));
    const auto ref = rig.photo(7, false);
    const Activity a = pakActivity(uuid(3), ref);
    const Op op = submitOp(300, a);
    const auto e = rig.refused(callerOf(kAnggota), op);
    CHECK(e.code == ErrorCode::EvidenceIncomplete);
    CHECK(e.transient);
    CHECK(rig.feed(kAnggota).empty());
    rig.uploadBytes(bytes);
    const OpResult r = rig.push(callerOf(kAnggota), op);
    CHECK(r.ok);
    CHECK(r.status->state == ActivityState::Submitted);
}

TEST_CASE("sync: a repeated op answers its stored result; a foreign op id or author is refused", "[server][sync]") {
    SyncRig rig;
    const Activity a = pakActivity(uuid(4), rig.photo(4));
    const Op op = submitOp(400, a);
    const OpResult first = rig.push(callerOf(kAnggota), op);
    const auto feedSize = rig.feed(kAnggota).size();
    const auto audit = rig.auditLength();
    const OpResult again = rig.push(callerOf(kAnggota, "device-2"), op);
    CHECK(again == first);
    CHECK(rig.feed(kAnggota).size() == feedSize);
    CHECK(rig.auditLength() == audit);

    SECTION("the same submission under another op id answers the current state") {
        const OpResult other = rig.push(callerOf(kAnggota), submitOp(401, a));
        CHECK(other.ok);
        CHECK(other.status == first.status);
        CHECK(rig.feed(kAnggota).size() == feedSize);
    }
    SECTION("another activity under the same id is a conflict") {
        Activity changed = a;
        changed.name = "Lain";
        CHECK(rig.refused(callerOf(kAnggota), submitOp(402, changed)).code == ErrorCode::StorageConstraint);
    }
    SECTION("an op id of another account") {
        const auto e = rig.refused(callerOf(kKetuaPak), op);
        CHECK(e.code == ErrorCode::NotAllowed);
        CHECK(e.field == "opId");
    }
    SECTION("a forged author") {
        Activity forged = pakActivity(uuid(5), a.evidence[0]);
        const auto e = rig.refused(callerOf(kKetuaPak), submitOp(403, forged));
        CHECK(e.code == ErrorCode::NotAllowed);
        CHECK(e.field == "nip");
    }
    SECTION("a decision by someone who is not the validator") {
        const auto e = rig.refused(callerOf(kKetuaPdk),
                                   reviewOp(404, a.id, 1, jejak::shared::Decision::Approve, "", kKetuaPdk));
        CHECK(e.code == ErrorCode::NotAllowed);
        const auto forged = rig.refused(callerOf(kKetuaPdk), reviewOp(405, a.id, 1, jejak::shared::Decision::Approve, ""));
        CHECK(forged.field == "reviewerNip");
    }
}

TEST_CASE("sync: return, revise, stale decision, approve, rate; the author's feed shows every step", "[server][sync]") {
    SyncRig rig;
    const auto photo = rig.photo(8);
    Activity a = pakActivity(uuid(6), photo);
    rig.push(callerOf(kAnggota), submitOp(600, a));
    const auto returned = rig.push(callerOf(kKetuaPak), reviewOp(601, a.id, 1, jejak::shared::Decision::Return, "Lengkapi foto"));
    CHECK(returned.status->state == ActivityState::Returned);

    CHECK(rig.refused(callerOf(kKetuaPak), reviewOp(602, a.id, 1, jejak::shared::Decision::Return, " ")).code ==
          ErrorCode::NoteRequired);

    Activity revised = a;
    revised.revision = 2;
    revised.description = "Berkas lengkap";
    const auto r2 = rig.push(callerOf(kAnggota), Op{uuid(603), jejak::sync::ReviseActivity{revised}});
    CHECK(r2.status->revision == 2);
    CHECK(r2.status->state == ActivityState::Submitted);

    const auto stale = rig.refused(callerOf(kKetuaPak), reviewOp(604, a.id, 1, jejak::shared::Decision::Approve, ""));
    CHECK(stale.code == ErrorCode::StaleDecision);

    const auto approved = rig.push(callerOf(kKetuaPak), reviewOp(605, a.id, 2, jejak::shared::Decision::Approve, ""));
    CHECK(approved.status->state == ActivityState::Approved);
    CHECK(hasChange(rig.feed(kKabid), ChangeEntity::Activity, a.id)); // the appraiser sees approved work

    jejak::shared::Rating bad{uuid(7000), a.id, kKabid, {0, 80, 80}, kNow};
    CHECK(rig.refused(callerOf(kKabid), Op{uuid(606), jejak::sync::RateActivity{bad}}).code ==
          ErrorCode::ScoreOutOfRange);
    jejak::shared::Rating byKetua{uuid(7001), a.id, kKetuaPak, {80, 80, 80}, kNow};
    CHECK(rig.refused(callerOf(kKetuaPak), Op{uuid(607), jejak::sync::RateActivity{byKetua}}).code ==
          ErrorCode::NotAllowed);
    jejak::shared::Rating rating{uuid(7002), a.id, kKabid, {80, 85, 90}, kNow};
    const auto rated = rig.push(callerOf(kKabid), Op{uuid(608), jejak::sync::RateActivity{rating}});
    CHECK(rated.status->state == ActivityState::Rated);

    std::vector<ActivityState> states;
    std::int64_t lastSeq = 0;
    for (const auto& c : rig.feed(kAnggota)) {
        CHECK(c.seq > lastSeq);
        lastSeq = c.seq;
        if (c.entity == ChangeEntity::ActivityState) {
            auto status = jejak::shared::decode<jejak::sync::ActivityStatus>(*c.data);
            REQUIRE(status);
            states.push_back(status->state);
        }
    }
    CHECK(states == std::vector<ActivityState>{ActivityState::Submitted, ActivityState::Returned,
                                               ActivityState::Submitted, ActivityState::Approved,
                                               ActivityState::Rated});
    const auto author = rig.feed(kAnggota);
    CHECK(hasChange(author, ChangeEntity::Review, uuid(5601)));
    CHECK(hasChange(author, ChangeEntity::Rating, uuid(7002)));
}

TEST_CASE("sync: withdraw by the author while submitted", "[server][sync]") {
    SyncRig rig;
    const Activity a = pakActivity(uuid(9), rig.photo(9));
    rig.push(callerOf(kAnggota), submitOp(900, a));
    CHECK(rig.refused(callerOf(kKetuaPak), Op{uuid(901), jejak::sync::WithdrawActivity{a.id, 1}}).code ==
          ErrorCode::NotAllowed);
    CHECK(rig.refused(callerOf(kAnggota), Op{uuid(902), jejak::sync::WithdrawActivity{a.id, 2}}).code ==
          ErrorCode::StaleDecision);
    const auto r = rig.push(callerOf(kAnggota), Op{uuid(903), jejak::sync::WithdrawActivity{a.id, 1}});
    CHECK(r.status->state == ActivityState::Withdrawn);
    CHECK(rig.refused(callerOf(kKetuaPak), reviewOp(904, a.id, 1, jejak::shared::Decision::Approve, "")).code ==
          ErrorCode::InvalidTransition);
}

TEST_CASE("sync: feedback thread of an SKP item", "[server][sync]") {
    SyncRig rig;
    const auto post = [&](int n, const std::string& author, const std::string& text) {
        return Op{uuid(n), jejak::sync::PostFeedback{{uuid(n + 5000), "si-2023-a7-1", author, text, kNow}}};
    };
    CHECK(rig.push(callerOf(kAnggota), post(1000, kAnggota, "Mohon arahan")).ok);
    CHECK(rig.push(callerOf(kKetuaPak), post(1001, kKetuaPak, "Fokus pada verifikasi")).ok); // item cascades from PAK
    CHECK(rig.push(callerOf(kKabid), post(1002, kKabid, "Setuju")).ok);
    CHECK(rig.refused(callerOf(kKetuaPdk), post(1003, kKetuaPdk, "?")).code == ErrorCode::NotAllowed);
    CHECK(rig.refused(callerOf(kAnggota), post(1004, kAnggota, " ")).code == ErrorCode::InvalidArgument);
    const auto feed = rig.feed(kAnggota);
    CHECK(std::count_if(feed.begin(), feed.end(), [](const auto& c) { return c.entity == ChangeEntity::Feedback; }) == 3);
}

TEST_CASE("sync: a quarterly evaluation by the appraiser with the matrix's predicate", "[server][sync]") {
    SyncRig rig;
    using jejak::shared::Expectation;
    using jejak::shared::Predicate;
    const auto eval = [&](int n, const std::string& appraiser, Predicate p, int quarter = 1) {
        jejak::shared::Evaluation e{uuid(n + 5000), kAnggota, appraiser, 2023, quarter, Expectation::Above,
                                    Expectation::Meets, p, "", kNow};
        return Op{uuid(n), jejak::sync::Evaluate{e}};
    };
    CHECK(rig.refused(callerOf(kKabid), eval(1100, kKabid, Predicate::SangatBaik)).code == ErrorCode::InvalidArgument);
    CHECK(rig.refused(callerOf(kKetuaPak), eval(1101, kKetuaPak, Predicate::Baik)).code == ErrorCode::NotAllowed);
    CHECK(rig.push(callerOf(kKabid), eval(1102, kKabid, Predicate::Baik)).ok);
    CHECK(rig.refused(callerOf(kKabid), eval(1103, kKabid, Predicate::Baik)).code == ErrorCode::StorageConstraint);
    CHECK(hasChange(rig.feed(kAnggota), ChangeEntity::Evaluation, uuid(6102)));
}

TEST_CASE("sync: the first pull is the caller's reference snapshot, then pages of their feed", "[server][sync]") {
    SyncRig rig;
    jejak::sync::PullRequest first;
    auto page = rig.storage->pull(callerOf(kAnggota), first);
    REQUIRE(page);
    CHECK(page->reset);
    const auto& c = page->changes;
    CHECK(hasChange(c, ChangeEntity::Team, "team-pak"));
    CHECK_FALSE(hasChange(c, ChangeEntity::Team, "team-pdk"));
    CHECK(hasChange(c, ChangeEntity::Membership, "m-pak-01"));
    CHECK(hasChange(c, ChangeEntity::Target, "tt-pak-4"));
    CHECK(hasChange(c, ChangeEntity::Target, "iku-4"));
    CHECK(hasChange(c, ChangeEntity::Target, "ss-2"));
    CHECK(hasChange(c, ChangeEntity::Skp, "skp-2023-a7"));
    CHECK(hasChange(c, ChangeEntity::SkpItem, "si-2023-a7-1"));
    CHECK_FALSE(hasChange(c, ChangeEntity::Skp, "skp-2023-a1"));
    CHECK(hasChange(c, ChangeEntity::Employee, kAnggota));
    CHECK_FALSE(hasChange(c, ChangeEntity::Employee, "199102172014032011")); // a PAK colleague
    CHECK(hasChange(c, ChangeEntity::Instansi, "inst-bkn-kanreg-x"));
    CHECK(hasChange(c, ChangeEntity::Unit, "unit-kanreg-x"));
    CHECK(std::all_of(c.begin(), c.end(), [](const auto& ch) { return ch.seq == 0 && ch.data; }));
    CHECK_FALSE(page->hasMore);

    auto ketua = rig.storage->pull(callerOf(kKetuaPak), first);
    REQUIRE(ketua);
    CHECK(hasChange(ketua->changes, ChangeEntity::Employee, "199102172014032011")); // the team's employees
    auto kabid = rig.storage->pull(callerOf(kKabid), first);
    REQUIRE(kabid);
    CHECK(hasChange(kabid->changes, ChangeEntity::Skp, "skp-2023-a7")); // appraisees' SKPs

    // Three submissions: six change rows for the author; page by two.
    for (int i = 0; i < 3; ++i) {
        Activity a = pakActivity(uuid(1200 + i), rig.photo(static_cast<std::uint32_t>(20 + i)));
        a.start += std::chrono::hours(3 * i);
        a.end += std::chrono::hours(3 * i);
        rig.push(callerOf(kAnggota), submitOp(1300 + i, a));
    }
    jejak::sync::PullRequest next;
    next.cursor = page->cursor;
    next.limit = 4;
    auto p1 = rig.storage->pull(callerOf(kAnggota), next);
    REQUIRE(p1);
    CHECK_FALSE(p1->reset);
    CHECK(p1->changes.size() == 4);
    CHECK(p1->hasMore);
    next.cursor = p1->cursor;
    auto p2 = rig.storage->pull(callerOf(kAnggota), next);
    REQUIRE(p2);
    CHECK(p2->changes.size() == 2);
    CHECK_FALSE(p2->hasMore);
    CHECK(p2->changes.front().seq > p1->changes.back().seq);
    next.cursor = p2->cursor;
    auto p3 = rig.storage->pull(callerOf(kAnggota), next);
    REQUIRE(p3);
    CHECK(p3->changes.empty());
    CHECK(p3->cursor == p2->cursor);

    CHECK(rig.feed(kKetuaPak).size() == 6);
    CHECK(rig.feed(kStranger).empty());

    SECTION("a cursor of an older reference version is answered with a reset") {
        REQUIRE(rig.storage->importBundle(jejak::testing::demoBundle(), "test"));
        auto again = rig.storage->pull(callerOf(kAnggota), next);
        REQUIRE(again);
        CHECK(again->reset);
        CHECK(hasChange(again->changes, ChangeEntity::Team, "team-pak"));
        CHECK(hasChange(again->changes, ChangeEntity::Activity, uuid(1200)));
    }
    SECTION("a cursor the server did not issue") {
        next.cursor = "abc";
        auto bad = rig.storage->pull(callerOf(kAnggota), next);
        REQUIRE_FALSE(bad);
        CHECK(bad.error().code == ErrorCode::JsonBadValue);
        CHECK(bad.error().field == "cursor");
    }
}

TEST_CASE("sync: evidence is readable by its uploader and the people who may see the activity", "[server][sync]") {
    SyncRig rig;
    const auto photo = rig.photo(30);
    const auto may = [&](const std::string& nip) {
        auto r = rig.storage->mayReadBlob(nip, photo.sha256);
        REQUIRE(r);
        return *r;
    };
    CHECK_FALSE(may(kAnggota));
    REQUIRE(rig.storage->recordBlobUpload(kAnggota, photo.sha256));
    REQUIRE(rig.storage->recordBlobUpload(kAnggota, photo.sha256)); // idempotent
    CHECK(may(kAnggota));
    CHECK_FALSE(may(kKetuaPak));
    rig.push(callerOf(kAnggota), submitOp(1400, pakActivity(uuid(14), photo)));
    CHECK(may(kKetuaPak));
    CHECK(may(kKabid));
    CHECK_FALSE(may(kStranger));
    CHECK_FALSE(may(kKetuaPdk));
}

TEST_CASE("sync: cursors and page limits", "[server][sync]") {
    const auto c = parseCursor("3.42");
    REQUIRE(c);
    CHECK(c->refVersion == 3);
    CHECK(c->seq == 42);
    CHECK(formatCursor(*c) == "3.42");
    for (const char* bad : {"", "3", ".4", "3.", "-1.2", "3.x", "3.4.5"})
        CHECK_FALSE(parseCursor(bad));
    CHECK(pullLimit(0) == 1);
    CHECK(pullLimit(5000) == kMaxPullLimit);
    CHECK(pullLimit(200) == 200);
}
