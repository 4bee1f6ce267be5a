// SPDX-License-Identifier: Apache-2.0
// Idempotent push and durability across a SIGKILL of the real jejak-server: retried ops apply once,
// nothing acknowledged is lost, and the audit chain stays valid.
#include "story_fixture.hpp"

#include "blob_fixtures.hpp"

#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <map>
#include <set>
#include <thread>

using namespace jejak::testing;
using namespace std::chrono_literals;
namespace proto = jejak::sync;

namespace {

/// How many `activity` change rows of each activity id the author's feed holds.
std::map<std::string, int> activityRows(StoryServer& server, const StorySession& author) {
    std::map<std::string, int> rows;
    for (const auto& c : server.pullAll(author)) {
        if (c.entity == proto::ChangeEntity::Activity) {
            ++rows[c.id];
        }
    }
    return rows;
}

std::string serialized(const proto::OpResult& r) {
    return boost::json::serialize(proto::toJson(proto::PushResponse{{r}}));
}

} // namespace

TEST_CASE("durability: the same op twice gives one record and the identical result",
          "[server][integration][durability]") {
    StoryServer server("durability_idempotent");
    const StorySession author = server.login(kStoryAuthor);
    const std::string jpeg = makeJpeg(photoPixels(64, 48, 11));
    REQUIRE(server.upload(author, jpeg).status == 200);
    const auto size = static_cast<std::int64_t>(jpeg.size());

    const proto::Op op{storyId("0186d0a0", 1),
                      proto::SubmitActivity{storyActivity(storyId("0186d0b0", 1), 0, sha256Of(jpeg), size)}};
    const auto first = server.pushOne(author, op);
    REQUIRE(first.ok);
    const auto again = server.pushOne(author, op);
    CHECK(again == first);
    CHECK(serialized(again) == serialized(first));
    // From another device of the same account, too.
    const StorySession tablet = server.login(kStoryAuthor, "tablet-1");
    CHECK(server.pushOne(tablet, op) == first);
    // Another account cannot reuse the op id.
    const StorySession ketua = server.login(kStoryKetuaPak);
    const auto stolen = server.pushOne(ketua, op);
    REQUIRE(stolen.error);
    CHECK(stolen.error->code == "review.not_allowed");
    CHECK(stolen.error->field == "opId");

    const auto rows = activityRows(server, author);
    CHECK(rows.size() == 1);
    CHECK(rows.at(storyId("0186d0b0", 1)) == 1);
    server.stop();
}

TEST_CASE("durability: SIGKILL during a stream of pushes loses nothing acknowledged and applies retries once",
          "[server][integration][durability]") {
    StoryServer server("durability_kill");
    const StorySession author = server.login(kStoryAuthor);
    const std::string jpeg = makeJpeg(photoPixels(64, 48, 12));
    REQUIRE(server.upload(author, jpeg).status == 200);
    const std::string sha = sha256Of(jpeg);
    const auto size = static_cast<std::int64_t>(jpeg.size());

    constexpr int kOps = 40;
    std::vector<proto::Op> ops;
    for (int i = 0; i < kOps; ++i) {
        ops.push_back({storyId("0186d1a0", i), proto::SubmitActivity{storyActivity(storyId("0186d1b0", i), i, sha, size)}});
    }

    // The client pushes one op per request; a killer SIGKILLs the server once a few are acknowledged.
    std::map<std::string, proto::OpResult> acknowledged;
    std::atomic<int> acks{0};
    const pid_t pid = server.process().pid();
    std::thread killer([&] {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (acks.load() < 6 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(3ms);
        ::kill(pid, SIGKILL);
    });
    std::vector<proto::Op> unanswered;
    std::vector<std::string> refused;
    for (const auto& op : ops) {
        if (!unanswered.empty()) {
            unanswered.push_back(op); // the server is gone: everything after the first failure is queued
            continue;
        }
        const auto r = server.tryCall("POST", "/v1/sync/push", jsonBody({author.deviceId, {op}}), author.token);
        if (!r || r->status != 200) {
            unanswered.push_back(op);
            continue;
        }
        boost::system::error_code ec;
        const auto body = boost::json::parse(r->body, ec);
        auto decoded = jejak::shared::decode<proto::PushResponse>(ec ? boost::json::value() : body);
        if (!decoded || decoded->results.size() != 1 || !decoded->results[0].ok) {
            refused.push_back(r->body); // checked after the killer is joined
            continue;
        }
        acknowledged.emplace(op.opId, decoded->results[0]);
        ++acks;
    }
    killer.join();
    CHECK(refused.empty());
    const auto killed = server.process().wait(10s);
    REQUIRE(killed);
    CHECK(*killed == 128 + SIGKILL);
    INFO("acknowledged " << acknowledged.size() << ", unanswered " << unanswered.size());
    REQUIRE(acknowledged.size() >= 6);
    CHECK_FALSE(unanswered.empty());

    // Restart on the same data dir; the session survives. Retry what got no answer with the same op ids,
    // and one acknowledged op as well: it answers its stored result.
    server.start();
    const auto retried = server.push(author, unanswered);
    for (const auto& r : retried) {
        INFO(r.opId << (r.error ? " " + r.error->code + " " + r.error->message : std::string()));
        CHECK(r.ok);
    }
    const auto& firstAcked = *acknowledged.begin();
    const auto stored = server.pushOne(author, *std::find_if(ops.begin(), ops.end(), [&](const proto::Op& o) {
        return o.opId == firstAcked.first;
    }));
    CHECK(stored == firstAcked.second);

    // Every submission exists exactly once.
    const auto rows = activityRows(server, author);
    CHECK(rows.size() == static_cast<std::size_t>(kOps));
    for (int i = 0; i < kOps; ++i) {
        INFO(storyId("0186d1b0", i));
        CHECK(rows.count(storyId("0186d1b0", i)) == 1);
        if (rows.count(storyId("0186d1b0", i)) == 1) {
            CHECK(rows.at(storyId("0186d1b0", i)) == 1);
        }
    }
    server.stop();
    CHECK(runAdmin({"audit", "verify", "--data-dir", server.dataDir()},
                   std::string(JEJAK_TEST_LOG_DIR) + "/durability_kill_audit.log") == 0);
}
