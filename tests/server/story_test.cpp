// SPDX-License-Identifier: Apache-2.0
// The whole story over HTTP against the real jejak-server: upload with a resume, every validation rule's
// code over the wire, review (return, revise, approve), rating, the author's feed and live channel.
#include "story_fixture.hpp"

#include "blob_fixtures.hpp"
#include "handlers/live.hpp"
#include "support/ws_client.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>

using namespace jejak::testing;
using namespace std::chrono_literals;
namespace shared = jejak::shared;
namespace proto = jejak::sync;

namespace {

/// The BlobStatus of an answer.
boost::json::object blobStatusOf(const ClientResponse& r) {
    INFO(r.body);
    REQUIRE(r.status == 200);
    return boost::json::parse(r.body).as_object();
}

/// Pushes a submission that must fail with `code` at `field`; checks the wire answer.
void expectRefused(StoryServer& server, const StorySession& s, const shared::Activity& a, int opNumber,
                   const std::string& code, const std::string& field, bool transient = false) {
    const auto result = server.pushOne(s, {storyId("0186c0a1", opNumber), proto::SubmitActivity{a}});
    INFO(code);
    CHECK_FALSE(result.ok);
    CHECK_FALSE(result.status);
    REQUIRE(result.error);
    CHECK(result.error->code == code);
    CHECK(result.error->field == field);
    CHECK(result.error->transient == transient);
}

} // namespace

TEST_CASE("story: upload, every rule over the wire, return, revise, approve, rate, feed and live",
          "[server][integration][story]") {
    StoryServer server("story");
    const StorySession author = server.login(kStoryAuthor);
    const StorySession ketua = server.login(kStoryKetuaPak);
    const StorySession appraiser = server.login(kStoryAppraiser);

    // A real photo, uploaded in three chunks with an interruption: the second chunk is "lost", the third is
    // refused at the wrong offset, and the client resumes from the offset query.
    const std::string jpeg = makeJpeg(photoPixels(640, 480, 7));
    const std::string sha = sha256Of(jpeg);
    const auto size = static_cast<std::int64_t>(jpeg.size());
    const std::size_t third = jpeg.size() / 3;
    CHECK(blobStatusOf(server.call("GET", "/v1/blobs/" + sha, {}, author.token)).at("size").as_int64() == 0);
    CHECK(blobStatusOf(server.uploadChunk(author, sha, jpeg, 0, third)).at("received").as_int64() ==
          static_cast<std::int64_t>(third));
    const auto skipped = server.uploadChunk(author, sha, jpeg, 2 * third, jpeg.size());
    CHECK(skipped.status == 409);
    CHECK(errorCodeOf(skipped) == "blob.offset_mismatch");
    CHECK(skipped.header("Upload-Offset") == std::to_string(third));
    const auto status = blobStatusOf(server.call("GET", "/v1/blobs/" + sha, {}, author.token));
    CHECK(status.at("size").as_int64() == size);
    CHECK_FALSE(status.at("complete").as_bool());
    const auto resumeAt = static_cast<std::size_t>(status.at("received").as_int64());
    REQUIRE(resumeAt == third);
    CHECK_FALSE(blobStatusOf(server.uploadChunk(author, sha, jpeg, resumeAt, 2 * third)).at("complete").as_bool());
    CHECK(blobStatusOf(server.uploadChunk(author, sha, jpeg, 2 * third, jpeg.size())).at("complete").as_bool());
    const auto content = server.call("GET", "/v1/blobs/" + sha + "/content", {}, author.token);
    CHECK(content.status == 200);
    CHECK(content.body == jpeg);

    // A truncated JPEG is refused when its last byte arrives, and the upload is discarded.
    const std::string truncated = jpeg.substr(0, jpeg.size() * 2 / 3);
    const auto corrupt = server.upload(author, truncated);
    CHECK(corrupt.status == 422);
    CHECK(errorCodeOf(corrupt) == "evidence.corrupt");
    CHECK(blobStatusOf(server.call("GET", "/v1/blobs/" + sha256Of(truncated), {}, author.token)).at("size").as_int64() == 0);

    // Each rule fails with its code over the wire.
    int op = 0;
    {
        auto a = storyActivity(storyId("0186c0b0", 1), 0, sha, size);
        a.teamId = "team-pdk";
        expectRefused(server, author, a, ++op, "activity.not_team_member", "teamId");
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 2), 0, sha, size);
        a.skpItemId = "si-2023-a7-3"; // a PIA item in a PAK activity
        a.outputUnit = "Instansi";
        expectRefused(server, author, a, ++op, "activity.skp_item_not_in_team_cascade", "skpItemId");
    }
    {
        const StorySession drafter = server.login(kStoryDraftSkpOwner);
        auto a = storyActivity(storyId("0186c0b0", 3), 0, sha, size);
        a.nip = std::string(kStoryDraftSkpOwner);
        a.teamId = "team-pdk";
        a.skpItemId = "si-2023-c6-1";
        expectRefused(server, drafter, a, ++op, "activity.skp_not_approved", "skpItemId");
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 4), 0, sha, size);
        a.evidence.clear();
        expectRefused(server, author, a, ++op, "evidence.photo_required", "evidence");
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 5), 0, sha, size - 1); // not the file that was uploaded
        expectRefused(server, author, a, ++op, "evidence.corrupt", "evidence[0]");
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 6), 0, sha256Of(truncated), size);
        expectRefused(server, author, a, ++op, "evidence.incomplete", "evidence[0]", true);
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 7), 0, sha, size);
        a.description = std::string(301, 'x');
        expectRefused(server, author, a, ++op, "activity.description_too_long", "description");
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 8), 0, sha, size);
        a.start = *shared::parseTimestamp("2023-03-15T10:00:00+08:00");
        a.end = *shared::parseTimestamp("2023-03-15T11:00:00+08:00");
        expectRefused(server, author, a, ++op, "activity.in_future", "end");
    }
    {
        auto a = storyActivity(storyId("0186c0b0", 9), 0, sha, size);
        a.start = *shared::parseTimestamp("2023-02-10T09:00:00+08:00");
        a.end = *shared::parseTimestamp("2023-02-10T10:00:00+08:00");
        expectRefused(server, author, a, ++op, "activity.too_late", "end");
    }

    // A valid submission goes to the Ketua of PAK.
    auto activity = storyActivity(storyId("0186c0c0", 1), 2, sha, size);
    const auto submitted = server.pushOne(author, {storyId("0186c0a2", 1), proto::SubmitActivity{activity}});
    INFO((submitted.error ? submitted.error->message : std::string()));
    REQUIRE(submitted.ok);
    REQUIRE(submitted.status);
    CHECK(submitted.status->state == shared::ActivityState::Submitted);
    CHECK(submitted.status->validatorNip == kStoryKetuaPak);
    const auto ketuaFeed = server.pullAll(ketua);
    CHECK(std::any_of(ketuaFeed.begin(), ketuaFeed.end(), [&](const proto::Change& c) {
        return c.entity == proto::ChangeEntity::Activity && c.id == activity.id;
    }));
    CHECK(server.call("GET", "/v1/blobs/" + sha + "/thumbnail", {}, ketua.token).status == 200);

    // The author listens live; the ketua returns the activity with a note.
    WsClient live;
    const auto upgraded = live.connect("127.0.0.1", server.port(), jejak::server::kLivePath,
                                       {{"Authorization", "Bearer " + author.token}});
    REQUIRE(upgraded);
    REQUIRE(upgraded->status == 101);
    const auto hello = live.readMessage(5s);
    REQUIRE(hello);
    CHECK(hello->payload.find("\"hello\"") != std::string::npos);

    const shared::Review back{storyId("0186c0d0", 1), activity.id, 1, std::string(kStoryKetuaPak), shared::Decision::Return,
                        "Lampirkan daftar arsip yang diperiksa",
                        *shared::parseTimestamp("2023-03-15T08:05:00+08:00")};
    auto noNote = back;
    noNote.note.clear();
    const auto refusedReturn = server.pushOne(ketua, {storyId("0186c0a3", 1), proto::DecideReview{noNote}});
    REQUIRE(refusedReturn.error);
    CHECK(refusedReturn.error->code == "review.note_required");
    const auto returned = server.pushOne(ketua, {storyId("0186c0a3", 2), proto::DecideReview{back}});
    REQUIRE(returned.ok);
    CHECK(returned.status->state == shared::ActivityState::Returned);
    const auto changed = live.readMessage(5s);
    INFO(live.lastError());
    REQUIRE(changed);
    CHECK(changed->kind == WsFrame::Kind::Text);
    CHECK(changed->payload.find("\"type\":\"changed\"") != std::string::npos);
    live.sendClose();

    // Revision 2, approved, then rated by the Kepala Bidang.
    activity.revision = 2;
    activity.description = "Arsip digital diperiksa; daftar arsip terlampir";
    const auto revised = server.pushOne(author, {storyId("0186c0a2", 2), proto::ReviseActivity{activity}});
    REQUIRE(revised.ok);
    CHECK(revised.status->revision == 2);
    CHECK(revised.status->state == shared::ActivityState::Submitted);
    const shared::Review approve{storyId("0186c0d0", 2), activity.id, 2, std::string(kStoryKetuaPak),
                                 shared::Decision::Approve, "",
                                 *shared::parseTimestamp("2023-03-15T08:10:00+08:00")};
    const auto approved = server.pushOne(ketua, {storyId("0186c0a3", 3), proto::DecideReview{approve}});
    REQUIRE(approved.ok);
    CHECK(approved.status->state == shared::ActivityState::Approved);
    const shared::Rating rating{storyId("0186c0e0", 1), activity.id, std::string(kStoryAppraiser), {85, 80, 90},
                                *shared::parseTimestamp("2023-03-15T08:15:00+08:00")};
    auto outOfRange = rating;
    outOfRange.id = storyId("0186c0e0", 2);
    outOfRange.scores.substance = 101;
    const auto badRating = server.pushOne(appraiser, {storyId("0186c0a4", 1), proto::RateActivity{outOfRange}});
    REQUIRE(badRating.error);
    CHECK(badRating.error->code == "rating.score_out_of_range");
    const auto rated = server.pushOne(appraiser, {storyId("0186c0a4", 2), proto::RateActivity{rating}});
    REQUIRE(rated.ok);
    CHECK(rated.status->state == shared::ActivityState::Rated);

    // The author's feed tells every step, in order.
    std::vector<std::pair<int, shared::ActivityState>> steps;
    std::int64_t lastSeq = 0;
    for (const auto& c : server.pullAll(author)) {
        CHECK(c.seq > lastSeq);
        lastSeq = c.seq;
        if (c.entity == proto::ChangeEntity::ActivityState && c.id == activity.id) {
            REQUIRE(c.data);
            const auto s = shared::decode<proto::ActivityStatus>(boost::json::value(*c.data));
            REQUIRE(s);
            steps.emplace_back(s->revision, s->state);
        }
    }
    using S = shared::ActivityState;
    const std::vector<std::pair<int, S>> expected{
        {1, S::Submitted}, {1, S::Returned}, {2, S::Submitted}, {2, S::Approved}, {2, S::Rated}};
    CHECK(steps == expected);

    server.stop();
}
