// SPDX-License-Identifier: Apache-2.0
// Tests of the sync engine over a fake transport and a real ClientStore (SQLite in a temp directory):
// resumable uploads, the push order around evidence, op results, faults and retries, the pull loop, auth
// failures, Backoff and the SyncScheduler.
#include "jejak/shared/sha256.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/engine.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include "support/fixture_domain.hpp"
#include "support/temp_dir.hpp"
#include "sync/fake_transport.hpp"
#include "sync/snapshot.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace jejak;
using namespace jejak::sync;
using namespace jejak::testing;
using namespace std::chrono_literals;
using shared::Error;
using shared::ErrorCode;

namespace {

constexpr std::string_view kPush = "/v1/sync/push";
constexpr std::string_view kPull = "/v1/sync/pull";
constexpr std::string_view kFirstCursor = "1.0";

std::string blobPath(std::string_view sha) {
    return "/v1/blobs/" + std::string(sha);
}

/// Waits up to 20 s for `done`; true when it happened.
bool eventually(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

/// The fixture organisation as the first pull's reset snapshot.
PullResponse snapshot() {
    return snapshotOf(fixtureBundle(), std::string(kFirstCursor));
}

PullResponse emptyPage(std::string cursor) {
    PullResponse page;
    page.cursor = std::move(cursor);
    return page;
}

BlobStatus blobStatus(std::string sha, std::int64_t size, std::int64_t received) {
    return BlobStatus{std::move(sha), size, received, size > 0 && received == size};
}

/// The answer of a server that applied `op`.
OpResult applied(const Op& op) {
    OpResult result;
    result.opId = op.opId;
    result.ok = true;
    if (const auto* submit = std::get_if<SubmitActivity>(&op.payload)) {
        result.status = ActivityStatus{submit->activity.id,
                                       submit->activity.revision,
                                       shared::ActivityState::Submitted,
                                       std::string(kNipKetuaPak),
                                       false,
                                       {},
                                       fixtureNow()};
        result.record = shared::toJson(submit->activity).as_object();
    } else if (const auto* post = std::get_if<PostFeedback>(&op.payload)) {
        result.record = shared::toJson(post->feedback).as_object();
    }
    return result;
}

OpResult refused(const Op& op, const Error& error) {
    OpResult result;
    result.opId = op.opId;
    result.error = toErrorBody(error);
    return result;
}

boost::json::value pushAnswer(std::vector<OpResult> results) {
    return toJson(PushResponse{std::move(results)});
}

/// The op ids of a recorded push request.
std::vector<std::string> opIds(const HttpRequest& push) {
    auto request = shared::decode<PushRequest>(boost::json::parse(push.body));
    REQUIRE(request.ok());
    std::vector<std::string> ids;
    for (const auto& op : request->ops)
        ids.push_back(op.opId);
    return ids;
}

std::vector<std::string> contentRanges(const std::vector<HttpRequest>& puts) {
    std::vector<std::string> ranges;
    for (const auto& r : puts)
        ranges.push_back(header(r, "Content-Range"));
    return ranges;
}

/// Bytes that differ at every position (so a chunk sent from a wrong offset shows).
std::string photoBytes(std::size_t size, unsigned seed) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<char>((i * 31 + seed * 7) % 251);
    return bytes;
}

/// A logged-in device: a real store with the fixture organisation cached, the fake transport, the engine.
struct Device {
    TempDir dir;
    shared::FixedClock clock{fixtureNow()};
    std::unique_ptr<ClientStore> store;
    FakeTransport transport;
    std::unique_ptr<SyncEngine> engine;
    unsigned made = 0; ///< records made so far (distinct ids and photos)

    explicit Device(EngineOptions options = smallChunks()) {
        options.thumbnailDir = dir.path() / "thumbnails";
        auto opened = ClientStore::open(dir.path(), clock);
        REQUIRE(opened.ok());
        store = std::move(opened).value();
        engine = std::make_unique<SyncEngine>(*store, transport, clock, options);

        LoginResponse answer{"token-putra",
                             fixtureNow() + std::chrono::hours(24 * 30),
                             std::string(kNipPutra),
                             "Putra",
                             {"employee", "ketua"}};
        transport.replyJson("POST", "/v1/auth/login", 200, toJson(answer));
        auto login =
            engine->login(std::string(FakeTransport::kServerUrl), std::string(kNipPutra), "rahasia", "A14");
        REQUIRE(login.ok());
        REQUIRE(store->applyPull(snapshot()).ok());
    }

    static EngineOptions smallChunks() {
        EngineOptions options;
        options.chunkBytes = 1000;
        return options;
    }

    std::string newId() {
        ++made;
        return shared::makeUuidV7(clock.now(), 0x1234 + made, 0xabcd0000 + made);
    }

    /// Saves and submits an activity with one photo of `photoSize` bytes; returns the photo's digest.
    std::string submitActivity(std::size_t photoSize, std::string* activityId = nullptr) {
        const unsigned n = ++made;
        auto photo = store->addEvidence(photoBytes(photoSize, n), "image/jpeg", shared::EvidenceKind::Photo,
                                        instant("2023-03-15T09:30:00+08:00"));
        REQUIRE(photo.ok());
        auto activity = fixtureActivity();
        activity.id = newId();
        activity.start -= std::chrono::hours(2 * n); // no overlap between the activities of one test
        activity.end -= std::chrono::hours(2 * n);
        activity.evidence = {*photo};
        REQUIRE(store->saveDraft(activity).ok());
        auto submitted = store->submit(activity.id);
        INFO((submitted.ok() ? "" : shared::toString(submitted.error())));
        REQUIRE(submitted.ok());
        if (activityId)
            *activityId = activity.id;
        return photo->sha256;
    }

    void postFeedback() {
        shared::Feedback feedback{newId(), std::string(kItemPutraPak), std::string(kNipPutra),
                                  "Mohon arahan untuk target triwulan II.", clock.now()};
        REQUIRE(store->postFeedback(feedback).ok());
    }

    /// The queued op whose record is `recordId`, or the first one.
    Op queuedOp(std::string_view recordId = {}) {
        for (const auto& entry : store->outbox()) {
            if (recordId.empty() || entry.recordId == recordId)
                return entry.op;
        }
        FAIL("no such op in the outbox");
        return {};
    }

    void replyPull(std::string cursor = std::string(kFirstCursor)) {
        transport.replyJson("POST", kPull, 200, toJson(emptyPage(std::move(cursor))));
    }
};

} // namespace

TEST_CASE("engine: login stores the session; every request carries the token and the protocol version",
          "[sync][engine]") {
    Device device;
    const auto login = device.transport.requests("POST", "/v1/auth/login");
    REQUIRE(login.size() == 1);
    CHECK(header(login[0], "X-Jejak-Protocol") == "1");
    CHECK(header(login[0], "Authorization").empty());
    auto sent = shared::decode<LoginRequest>(boost::json::parse(login[0].body));
    REQUIRE(sent.ok());
    CHECK(sent->deviceId == device.store->deviceId());
    CHECK(sent->nip == kNipPutra);
    const auto session = device.store->session();
    REQUIRE(session.has_value());
    CHECK(session->token == "token-putra");
    CHECK(session->serverUrl == FakeTransport::kServerUrl);

    device.postFeedback();
    const Op op = device.queuedOp();
    device.transport.replyJson("POST", kPush, 200, pushAnswer({applied(op)}));
    device.replyPull();
    REQUIRE(device.engine->syncOnce().ok());
    const auto requests = device.transport.requests();
    REQUIRE(requests.size() == 3);
    for (std::size_t i = 1; i < requests.size(); ++i) {
        INFO(requests[i].method << " " << requests[i].url);
        CHECK(header(requests[i], "Authorization") == "Bearer token-putra");
        CHECK(header(requests[i], "X-Jejak-Protocol") == "1");
        CHECK(header(requests[i], "Content-Type") == "application/json");
    }
    CHECK(device.store->outbox().empty());
    CHECK(device.engine->progress().lastSuccess.has_value());
}

TEST_CASE("engine: a cut upload resumes at the server's offset and re-sends only the missing bytes",
          "[sync][engine][blob]") {
    Device device;
    const std::string sha = device.submitActivity(2500);
    const std::string path = blobPath(sha);
    auto& t = device.transport;

    // Pass 1: the first chunk is accepted; the answer to the second is lost although the server kept it.
    t.replyJson("GET", path, 200, toJson(blobStatus(sha, 0, 0)));
    t.replyJson("PUT", path, 200, toJson(blobStatus(sha, 2500, 1000)));
    t.cut("PUT", path);
    const auto first = device.engine->syncOnce();
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().code == ErrorCode::SyncNetwork);
    CHECK(first.error().transient);
    CHECK(t.requests("POST", kPush).empty()); // the activity waits for its photo
    CHECK(t.requests("POST", kPull).empty()); // a network failure ends the pass
    CHECK_FALSE(device.engine->progress().online);
    const auto pending = device.store->pendingBlobs();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].uploaded == 1000);
    CHECK(device.engine->progress().bytesOnWire == 2000);
    CHECK(device.engine->progress().bytesSent == 1000);

    // Pass 2: the server holds 2000 bytes; only the last 500 go out, then the activity.
    t.replyJson("GET", path, 200, toJson(blobStatus(sha, 2500, 2000)));
    t.replyJson("PUT", path, 200, toJson(blobStatus(sha, 2500, 2500)));
    t.replyJson("POST", kPush, 200, pushAnswer({applied(device.queuedOp())}));
    device.replyPull();
    const auto second = device.engine->syncOnce();
    INFO((second.ok() ? "" : shared::toString(second.error())));
    REQUIRE(second.ok());

    const auto puts = t.requests("PUT", path);
    CHECK(contentRanges(puts) ==
          std::vector<std::string>{"bytes 0-999/2500", "bytes 1000-1999/2500", "bytes 2000-2499/2500"});
    CHECK(puts.back().body == photoBytes(2500, 1).substr(2000));
    CHECK(header(puts.back(), "Content-Type") == "image/jpeg");
    const auto progress = device.engine->progress();
    CHECK(progress.bytesOnWire == 500);
    CHECK(progress.bytesSent == 500);
    CHECK(progress.bytesTotal == 500);
    CHECK(progress.online);
    CHECK_FALSE(progress.lastError.has_value());
    CHECK(device.store->pendingBlobs().empty());
    CHECK(device.store->outbox().empty());
    CHECK(t.pendingReplies() == 0);
}

TEST_CASE("engine: blob.offset_mismatch resumes at the server's Upload-Offset", "[sync][engine][blob]") {
    Device device;
    const std::string sha = device.submitActivity(2500);
    const std::string path = blobPath(sha);
    auto& t = device.transport;

    t.replyJson("GET", path, 200, toJson(blobStatus(sha, 0, 0)));
    t.replyError("PUT", path, 409, Error(ErrorCode::BlobOffsetMismatch, "Content-Range", "server holds 2000"),
                 {{"Upload-Offset", "2000"}});
    t.replyJson("PUT", path, 200, toJson(blobStatus(sha, 2500, 2500)));
    t.replyJson("POST", kPush, 200, pushAnswer({applied(device.queuedOp())}));
    device.replyPull();
    REQUIRE(device.engine->syncOnce().ok());

    CHECK(contentRanges(t.requests("PUT", path)) ==
          std::vector<std::string>{"bytes 0-999/2500", "bytes 2000-2499/2500"});
    const auto progress = device.engine->progress();
    CHECK(progress.bytesOnWire == 1500);
    CHECK(progress.bytesSent == 500);
    CHECK(progress.bytesTotal == 500);
    CHECK(device.store->outbox().empty());
}

TEST_CASE("engine: a corrupt blob fails the ops that cite it and not the pass; other refusals fail the pass",
          "[sync][engine][blob]") {
    Device device;
    std::string activityId;
    const std::string sha = device.submitActivity(800, &activityId);
    const std::string path = blobPath(sha);
    device.transport.replyJson("GET", path, 200, toJson(blobStatus(sha, 0, 0)));

    SECTION("evidence.corrupt") {
        device.transport.replyError("PUT", path, 422,
                                    Error(ErrorCode::EvidenceCorrupt, "", "digest differs"));
        device.replyPull();
        REQUIRE(device.engine->syncOnce().ok());

        CHECK(device.transport.requests("POST", kPush).empty());
        CHECK(device.store->outbox().empty());
        CHECK(device.store->pendingBlobs().empty());
        const auto activity = device.store->activity(activityId);
        REQUIRE(activity.has_value());
        CHECK(activity->syncState == SyncState::Error);
        REQUIRE(activity->error.has_value());
        CHECK(activity->error->code == "evidence.corrupt");
    }
    SECTION("a local file cut short fails the ops that cite it") {
        std::filesystem::resize_file(device.store->blobPath(sha).value(), 500);
        device.replyPull();
        REQUIRE(device.engine->syncOnce().ok());
        CHECK(device.transport.requests("PUT", path).empty());
        CHECK(device.store->outbox().empty());
        const auto activity = device.store->activity(activityId);
        REQUIRE(activity.has_value());
        CHECK(activity->syncState == SyncState::Error);
        CHECK(activity->error->code == "evidence.corrupt");
    }
    SECTION("a local file that cannot be read holds back its record only") {
        std::filesystem::remove(device.store->blobPath(sha).value());
        device.postFeedback();
        const Op feedback = device.store->outbox().back().op;
        device.transport.replyJson("POST", kPush, 200, pushAnswer({applied(feedback)}));
        device.replyPull();
        const auto outcome = device.engine->syncOnce();
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().code == ErrorCode::BlobIo);
        CHECK(outcome.error().transient);
        CHECK(device.transport.requests("PUT", path).empty());
        const auto outbox = device.store->outbox();
        REQUIRE(outbox.size() == 1); // the feedback went; the activity waits
        CHECK(outbox[0].recordId == activityId);
        CHECK(device.transport.requests("POST", kPull).size() == 1);
    }
    SECTION("a disabled account") {
        device.transport.replyError("PUT", path, 403, Error(ErrorCode::AuthAccountDisabled, "", "disabled"));
        const auto outcome = device.engine->syncOnce();
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().code == ErrorCode::AuthAccountDisabled);
        CHECK(device.store->outbox().size() == 1);
        CHECK(device.store->activity(activityId)->syncState == SyncState::Uploading);
    }
}

TEST_CASE("engine: blobs upload in parallel, at most maxParallelUploads at once", "[sync][engine][blob]") {
    Device device; // maxParallelUploads 2
    std::vector<std::string> shas;
    for (int i = 0; i < 3; ++i)
        shas.push_back(device.submitActivity(600));
    auto& t = device.transport;
    for (const auto& sha : shas) {
        t.replyJson("GET", blobPath(sha), 200, toJson(blobStatus(sha, 0, 0)));
        t.replyJson("PUT", blobPath(sha), 200, toJson(blobStatus(sha, 600, 600)));
    }
    // However the pushes fall around the uploads, the server applies every op.
    t.answer("POST", kPush, [](const HttpRequest& request) {
        const auto push = shared::decode<PushRequest>(boost::json::parse(request.body));
        std::vector<OpResult> results;
        for (const auto& op : push.value().ops)
            results.push_back(applied(op));
        HttpResponse response;
        response.status = 200;
        response.body = boost::json::serialize(pushAnswer(results));
        return response;
    });
    device.replyPull();

    std::atomic<int> inside{0};
    std::atomic<int> most{0};
    std::atomic<int> arrived{0};
    std::atomic<int> met{0};
    device.engine->setFaultHook([&](SyncPoint point) {
        if (point != SyncPoint::BeforeBlobChunk)
            return false;
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        // The first two chunks wait for each other: they can only meet if two threads upload.
        if (++arrived <= 2 && eventually([&] { return arrived.load() >= 2; }))
            ++met;
        --inside;
        return false;
    });
    const auto outcome = device.engine->syncOnce();
    INFO((outcome.ok() ? "" : shared::toString(outcome.error())));
    REQUIRE(outcome.ok());
    CHECK(met.load() == 2);
    CHECK(most.load() == 2);
    for (const auto& sha : shas)
        CHECK(t.requests("PUT", blobPath(sha)).size() == 1);
    CHECK(device.store->outbox().empty());
}

TEST_CASE("engine: the progress listener sees the pass start, the bytes move and the pass end",
          "[sync][engine]") {
    Device device;
    const std::string sha = device.submitActivity(2500);
    auto& t = device.transport;
    t.replyJson("GET", blobPath(sha), 200, toJson(blobStatus(sha, 0, 0)));
    for (const std::int64_t received : {1000, 2000, 2500})
        t.replyJson("PUT", blobPath(sha), 200, toJson(blobStatus(sha, 2500, received)));
    t.replyJson("POST", kPush, 200, pushAnswer({applied(device.queuedOp())}));
    device.replyPull();

    std::vector<SyncProgress> seen; // listener calls never overlap
    device.engine->setProgressListener([&seen](const SyncProgress& p) { seen.push_back(p); });
    REQUIRE(device.engine->syncOnce().ok());
    REQUIRE(seen.size() >= 5);
    CHECK(seen.front().running);
    CHECK_FALSE(seen.back().running);
    CHECK(seen.back().queuedOps == 0);
    CHECK(seen.back().lastSuccess.has_value());
    std::vector<std::int64_t> sent;
    for (const auto& p : seen) {
        if (sent.empty() || sent.back() != p.bytesSent)
            sent.push_back(p.bytesSent);
    }
    CHECK(sent == std::vector<std::int64_t>{0, 1000, 2000, 2500});
    CHECK(seen.back().bytesTotal == 2500);
}

TEST_CASE("engine: cancel ends the pass with sync.cancelled; the next pass runs", "[sync][engine]") {
    Device device;
    device.postFeedback();
    const Op op = device.queuedOp();
    device.engine->setFaultHook([&device](SyncPoint point) {
        if (point == SyncPoint::BeforePush)
            device.engine->cancel();
        return false;
    });
    const auto outcome = device.engine->syncOnce();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code == ErrorCode::SyncCancelled);
    CHECK(outcome.error().transient);
    CHECK(device.store->outbox().size() == 1);

    device.engine->setFaultHook({});
    device.transport.replyJson("POST", kPush, 200, pushAnswer({applied(op)}));
    device.replyPull();
    REQUIRE(device.engine->syncOnce().ok());
    CHECK(device.store->outbox().empty());
}

TEST_CASE("engine: logout revokes the session on the server and forgets it, reachable or not",
          "[sync][engine]") {
    Device device;
    SECTION("reachable") {
        device.transport.replyJson("POST", "/v1/auth/logout", 200, boost::json::object{{"sessionId", "s1"}});
        REQUIRE(device.engine->logout().ok());
        const auto logout = device.transport.requests("POST", "/v1/auth/logout");
        REQUIRE(logout.size() == 1);
        CHECK(header(logout[0], "Authorization") == "Bearer token-putra");
    }
    SECTION("offline") {
        device.transport.cut("POST", "/v1/auth/logout");
        REQUIRE(device.engine->logout().ok());
    }
    CHECK_FALSE(device.store->session().has_value());
    const auto outcome = device.engine->syncOnce();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code == ErrorCode::SyncNoSession);
}

TEST_CASE("engine: a refused login stores no session", "[sync][engine][errors]") {
    TempDir dir;
    shared::FixedClock clock{fixtureNow()};
    auto store = ClientStore::open(dir.path(), clock);
    REQUIRE(store.ok());
    FakeTransport transport;
    SyncEngine engine(**store, transport, clock);
    transport.replyError("POST", "/v1/auth/login", 401,
                         Error(ErrorCode::AuthInvalidCredentials, "", "wrong"));
    const auto login =
        engine.login(std::string(FakeTransport::kServerUrl) + "/", "198507202010121002", "x", "A14");
    REQUIRE_FALSE(login.ok());
    CHECK(login.error().code == ErrorCode::AuthInvalidCredentials);
    CHECK_FALSE((*store)->session().has_value());
    REQUIRE(transport.requests().size() == 1);
    CHECK(transport.requests()[0].url == FakeTransport::url("/v1/auth/login")); // no double slash
}

TEST_CASE("engine: an activity waits for its photo while a later small op goes first",
          "[sync][engine][push]") {
    Device device;
    std::string activityId;
    const std::string sha = device.submitActivity(2500, &activityId);
    device.postFeedback();
    const auto outbox = device.store->outbox();
    REQUIRE(outbox.size() == 2);
    CHECK(outbox[0].waitingForEvidence);
    const Op submit = outbox[0].op;
    const Op feedback = outbox[1].op;

    auto& t = device.transport;
    const std::string path = blobPath(sha);
    t.replyJson("GET", path, 200, toJson(blobStatus(sha, 0, 0)));
    t.replyJson("PUT", path, 200, toJson(blobStatus(sha, 2500, 1000)));
    t.replyJson("PUT", path, 200, toJson(blobStatus(sha, 2500, 2000)));
    t.replyJson("PUT", path, 200, toJson(blobStatus(sha, 2500, 2500)));
    t.replyJson("POST", kPush, 200, pushAnswer({applied(feedback)}));
    t.replyJson("POST", kPush, 200, pushAnswer({applied(submit)}));
    device.replyPull();
    // The photo is held back until the feedback went out, as on a slow link.
    device.engine->setFaultHook([&t](SyncPoint point) {
        if (point == SyncPoint::BeforeBlobChunk)
            CHECK(eventually([&t] { return !t.requests("POST", kPush).empty(); }));
        return false;
    });
    const auto outcome = device.engine->syncOnce();
    INFO((outcome.ok() ? "" : shared::toString(outcome.error())));
    REQUIRE(outcome.ok());

    const auto pushes = t.requests("POST", kPush);
    REQUIRE(pushes.size() == 2);
    CHECK(opIds(pushes[0]) == std::vector<std::string>{feedback.opId});
    CHECK(opIds(pushes[1]) == std::vector<std::string>{submit.opId});
    CHECK(device.store->outbox().empty());
    const auto activity = device.store->activity(activityId);
    REQUIRE(activity.has_value());
    CHECK(activity->syncState == SyncState::Synced);
}

TEST_CASE("engine: a transient op error keeps the op and the next pass sends the same op id",
          "[sync][engine][push]") {
    Device device;
    const std::string sha = device.submitActivity(500);
    const Op submit = device.queuedOp();
    auto& t = device.transport;

    // The server has the photo already; the op still meets evidence.incomplete (e.g. a lagging replica).
    t.replyJson("GET", blobPath(sha), 200, toJson(blobStatus(sha, 500, 500)));
    t.replyJson(
        "POST", kPush, 200,
        pushAnswer({refused(submit, Error(ErrorCode::EvidenceIncomplete, "evidence[0]", "not yet"))}));
    device.replyPull();
    const auto first = device.engine->syncOnce();
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().code == ErrorCode::EvidenceIncomplete);
    CHECK(first.error().transient);
    CHECK(t.requests("POST", kPull).size() == 1); // the pass went on to the pull
    const auto outbox = device.store->outbox();
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].op.opId == submit.opId);
    CHECK(outbox[0].attempts == 1);
    REQUIRE(device.engine->progress().lastError.has_value());
    CHECK(device.engine->progress().lastError->code == "evidence.incomplete");

    t.replyJson("POST", kPush, 200, pushAnswer({applied(submit)}));
    device.replyPull();
    REQUIRE(device.engine->syncOnce().ok());
    const auto pushes = t.requests("POST", kPush);
    REQUIRE(pushes.size() == 2);
    CHECK(opIds(pushes[0]) == std::vector<std::string>{submit.opId});
    CHECK(opIds(pushes[1]) == std::vector<std::string>{submit.opId});
    CHECK(device.store->outbox().empty());
    CHECK_FALSE(device.engine->progress().lastError.has_value());
}

TEST_CASE("engine: a permanent op error lands on its record and the pass succeeds", "[sync][engine][push]") {
    Device device;
    std::string activityId;
    const std::string sha = device.submitActivity(500, &activityId);
    const Op submit = device.queuedOp();
    auto& t = device.transport;
    t.replyJson("GET", blobPath(sha), 200, toJson(blobStatus(sha, 500, 500)));
    t.replyJson("POST", kPush, 200,
                pushAnswer({refused(submit, Error(ErrorCode::NotTeamMember, "teamId", "membership ended"))}));
    device.replyPull();
    REQUIRE(device.engine->syncOnce().ok());

    CHECK(device.store->outbox().empty());
    const auto activity = device.store->activity(activityId);
    REQUIRE(activity.has_value());
    CHECK(activity->syncState == SyncState::Error);
    REQUIRE(activity->error.has_value());
    CHECK(activity->error->code == "activity.not_team_member");
    CHECK(activity->error->field == "teamId");
}

TEST_CASE("engine: a fault after the push answer re-sends the same op ids on the next pass",
          "[sync][engine][push][fault]") {
    Device device;
    device.postFeedback();
    device.postFeedback();
    const auto outbox = device.store->outbox();
    REQUIRE(outbox.size() == 2);
    auto& t = device.transport;
    // The server applies both ops each time; the second answer is its stored result (idempotency).
    t.replyJson("POST", kPush, 200, pushAnswer({applied(outbox[0].op), applied(outbox[1].op)}));
    t.replyJson("POST", kPush, 200, pushAnswer({applied(outbox[0].op), applied(outbox[1].op)}));
    device.replyPull();

    std::atomic<int> faults{0};
    device.engine->setFaultHook([&faults](SyncPoint point) {
        return point == SyncPoint::AfterPushResponse && faults.fetch_add(1) == 0;
    });
    const auto first = device.engine->syncOnce();
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().code == ErrorCode::SyncNetwork);
    CHECK(first.error().transient);
    CHECK(device.store->outbox().size() == 2); // nothing after the fault point was stored
    CHECK(t.requests("POST", kPull).empty());

    REQUIRE(device.engine->syncOnce().ok());
    const auto pushes = t.requests("POST", kPush);
    REQUIRE(pushes.size() == 2);
    CHECK(opIds(pushes[1]) == opIds(pushes[0]));
    CHECK(opIds(pushes[0]) == std::vector<std::string>{outbox[0].op.opId, outbox[1].op.opId});
    CHECK(device.store->outbox().empty());
}

TEST_CASE("engine: pull pages are applied until hasMore is false and the cursor is kept",
          "[sync][engine][pull]") {
    Device device;
    auto& t = device.transport;
    const shared::Feedback fromAppraiser{device.newId(), std::string(kItemPutraPak), std::string(kNipKabid),
                                         "Bagus, lanjutkan.", fixtureNow()};
    PullResponse page1 = emptyPage("1.10");
    page1.hasMore = true;
    page1.changes.push_back(Change{10, ChangeEntity::Feedback, fromAppraiser.id, false,
                                   shared::toJson(fromAppraiser).as_object()});
    t.replyJson("POST", kPull, 200, toJson(page1));
    t.replyJson("POST", kPull, 200, toJson(emptyPage("1.20")));

    SECTION("both pages") {
        REQUIRE(device.engine->syncOnce().ok());
        const auto pulls = t.requests("POST", kPull);
        REQUIRE(pulls.size() == 2);
        auto firstRequest = shared::decode<PullRequest>(boost::json::parse(pulls[0].body));
        auto secondRequest = shared::decode<PullRequest>(boost::json::parse(pulls[1].body));
        REQUIRE(firstRequest.ok());
        REQUIRE(secondRequest.ok());
        CHECK(firstRequest->cursor == std::string(kFirstCursor));
        CHECK(secondRequest->cursor == std::string("1.10"));
        CHECK(device.store->cursor() == std::string("1.20"));
        const auto feedback = device.store->feedback(kItemPutraPak);
        REQUIRE(feedback.size() == 1);
        CHECK(feedback[0] == fromAppraiser);
    }
    SECTION("a fault before the second page is applied keeps the first page's cursor") {
        std::atomic<int> pages{0};
        device.engine->setFaultHook([&pages](SyncPoint point) {
            return point == SyncPoint::AfterPullResponse && pages.fetch_add(1) == 1;
        });
        const auto outcome = device.engine->syncOnce();
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().code == ErrorCode::SyncNetwork);
        CHECK(device.store->cursor() == std::string("1.10"));
        CHECK(device.store->feedback(kItemPutraPak).size() == 1);
    }
}

TEST_CASE("engine: 401 ends the pass permanently; 5xx and unreadable answers are transient",
          "[sync][engine][errors]") {
    Device device;
    device.postFeedback();
    auto& t = device.transport;

    SECTION("401") {
        t.replyError("POST", kPush, 401, Error(ErrorCode::AuthUnauthenticated, "Authorization", "revoked"));
        const auto outcome = device.engine->syncOnce();
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().code == ErrorCode::AuthUnauthenticated);
        CHECK_FALSE(outcome.error().transient);
        CHECK(t.requests("POST", kPull).empty());
        CHECK(device.store->outbox().size() == 1);
        REQUIRE(device.engine->progress().lastError.has_value());
        CHECK(device.engine->progress().lastError->code == "auth.unauthenticated");
    }
    SECTION("502 with an HTML body") {
        HttpResponse gateway;
        gateway.status = 502;
        gateway.body = "<html>Bad Gateway</html>";
        t.reply("POST", kPush, gateway);
        const auto outcome = device.engine->syncOnce();
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().code == ErrorCode::SyncBadResponse);
        CHECK(outcome.error().transient);
        CHECK(device.store->outbox().size() == 1);
    }
    SECTION("503 with an error body marked permanent") {
        t.replyError("POST", kPush, 503, Error(ErrorCode::StorageCorrupt, "", "disk trouble"));
        const auto outcome = device.engine->syncOnce();
        REQUIRE_FALSE(outcome.ok());
        CHECK(outcome.error().transient);
    }
}

TEST_CASE("engine: without a session a pass fails at once", "[sync][engine][errors]") {
    TempDir dir;
    shared::FixedClock clock{fixtureNow()};
    auto store = ClientStore::open(dir.path(), clock);
    REQUIRE(store.ok());
    FakeTransport transport;
    SyncEngine engine(**store, transport, clock);
    const auto outcome = engine.syncOnce();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code == ErrorCode::SyncNoSession);
    CHECK(transport.requests().empty());
}

TEST_CASE("backoff: full jitter within the exponential bound, deterministic per seed", "[sync][backoff]") {
    Backoff a(100ms, 1000ms, 42);
    Backoff b(100ms, 1000ms, 42);
    Backoff other(100ms, 1000ms, 43);
    bool differs = false;
    for (int n = 0; n < 12; ++n) {
        const auto bound = std::min(1000ms, 100ms * (std::int64_t{1} << n));
        const auto delay = a.next();
        INFO("attempt " << n);
        CHECK(delay >= 0ms);
        CHECK(delay <= bound);
        CHECK(b.next() == delay);
        differs = differs || other.next() != delay;
        CHECK(a.attempts() == n + 1);
    }
    CHECK(differs);
    a.reset();
    CHECK(a.attempts() == 0);
    CHECK(a.next() <= 100ms);

    // The jitter spreads: 200 first attempts with a 1 s bound are not all alike.
    Backoff spread(1000ms, 1000ms, 7);
    auto low = 1000ms;
    auto high = 0ms;
    for (int i = 0; i < 200; ++i) {
        const auto d = spread.next();
        low = std::min(low, d);
        high = std::max(high, d);
    }
    CHECK(high - low > 500ms);
}

TEST_CASE("scheduler: a requested pass runs, and a transient failure is retried with backoff",
          "[sync][scheduler]") {
    Device device;
    device.postFeedback();
    const Op op = device.queuedOp();
    auto& t = device.transport;
    t.cut("POST", kPush);
    t.replyJson("POST", kPush, 200, pushAnswer({applied(op)}));
    device.replyPull();

    {
        SyncScheduler scheduler(*device.engine, 1h, Backoff(1ms, 20ms, 7));
        scheduler.requestSync();
        CHECK(eventually(
            [&] { return device.store->outbox().empty() && t.requests("POST", kPull).size() == 1; }));
    }
    const auto pushes = t.requests("POST", kPush);
    REQUIRE(pushes.size() == 2);
    CHECK(opIds(pushes[0]) == opIds(pushes[1]));
    CHECK_FALSE(device.engine->progress().running);
    CHECK_FALSE(device.engine->progress().lastError.has_value());
}

TEST_CASE("scheduler: the interval timer runs passes without being asked", "[sync][scheduler]") {
    Device device;
    device.transport.answer("POST", kPull, [](const HttpRequest&) {
        HttpResponse response;
        response.status = 200;
        response.body = boost::json::serialize(toJson(emptyPage(std::string(kFirstCursor))));
        return response;
    });
    {
        SyncScheduler scheduler(*device.engine, 5ms, Backoff(1ms, 20ms, 7));
        CHECK(eventually([&] { return device.transport.requests("POST", kPull).size() >= 2; }));
    }
    CHECK_FALSE(device.engine->progress().running);
}

TEST_CASE("scheduler: coming back online starts a pass", "[sync][scheduler]") {
    Device device;
    device.replyPull();
    SyncScheduler scheduler(*device.engine, 1h, Backoff(1ms, 20ms, 7));
    scheduler.setOnline(false);
    scheduler.setOnline(true);
    CHECK(eventually([&] { return device.engine->progress().lastSuccess.has_value(); }));
    CHECK(device.transport.requests("POST", kPull).size() == 1);
}

TEST_CASE("engine: fetchEvidence downloads a blob into the store once, and a thumbnail beside it",
          "[sync][engine][blob]") {
    Device device;
    const std::string bytes = photoBytes(700, 9);
    const std::string sha = shared::sha256Hex(bytes).value();
    HttpResponse content;
    content.status = 200;
    content.headers = {{"content-type", "image/jpeg"}};
    content.body = bytes;
    device.transport.reply("GET", blobPath(sha) + "/content", content);
    HttpResponse thumbnail;
    thumbnail.status = 200;
    thumbnail.headers = {{"Content-Type", "image/jpeg"}};
    thumbnail.body = "small";
    device.transport.reply("GET", blobPath(sha) + "/thumbnail", thumbnail);

    const auto path = device.engine->fetchEvidence(sha, false);
    REQUIRE(path.ok());
    CHECK(device.store->readBlob(sha, 0, 700).value() == bytes);
    CHECK(device.engine->fetchEvidence(sha, false).value() == *path); // from the store, no second download
    CHECK(device.transport.requests("GET", blobPath(sha) + "/content").size() == 1);

    const auto small = device.engine->fetchEvidence(sha, true);
    REQUIRE(small.ok());
    CHECK(*small != *path);
    CHECK(std::filesystem::file_size(*small) == 5);

    const std::string other = digest(77);
    device.transport.replyError("GET", blobPath(other) + "/content", 403,
                                Error(ErrorCode::NotAllowed, "", "not yours"));
    const auto refusedFetch = device.engine->fetchEvidence(other, false);
    REQUIRE_FALSE(refusedFetch.ok());
    CHECK(refusedFetch.error().code == ErrorCode::NotAllowed);
    CHECK(device.engine->fetchEvidence("not-a-digest", false).error().code == ErrorCode::BlobDigestInvalid);
}

TEST_CASE("sync point names", "[sync][engine]") {
    CHECK(toString(SyncPoint::BeforeBlobChunk) == "beforeBlobChunk");
    CHECK(toString(SyncPoint::AfterPushResponse) == "afterPushResponse");
    CHECK(toString(SyncPoint::AfterPullResponse) == "afterPullResponse");
}
