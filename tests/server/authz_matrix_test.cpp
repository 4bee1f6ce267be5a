// SPDX-License-Identifier: Apache-2.0
// The authorization matrix against the real jejak-server: every role against every endpoint, on their own
// and on other people's data, each cell asserted by status and error code.
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
#include <array>

using namespace jejak::testing;
using namespace std::chrono_literals;
namespace shared = jejak::shared;
namespace proto = jejak::sync;

namespace {

/// The callers of the matrix; None sends no token.
enum class Who { Author, KetuaPak, KetuaPia, Appraiser, Admin, Stranger, None };
constexpr std::array kEveryone{Who::Author, Who::KetuaPak, Who::KetuaPia, Who::Appraiser,
                               Who::Admin,  Who::Stranger, Who::None};

const char* nameOf(Who w) {
    switch (w) {
    case Who::Author: return "field employee (PAK anggota)";
    case Who::KetuaPak: return "PAK ketua";
    case Who::KetuaPia: return "PAK anggota and PIA ketua";
    case Who::Appraiser: return "appraiser (Kepala Bidang)";
    case Who::Admin: return "admin";
    case Who::Stranger: return "stranger (Pasuruan)";
    case Who::None: return "no token";
    }
    return "?";
}

/// One HTTP cell: the answer's status and, for an error, its code.
struct Expect {
    unsigned status;
    std::string code;
};
const Expect kOk{200, ""};
const Expect kUnauthenticated{401, "auth.unauthenticated"};
const Expect kNotAllowed{403, "review.not_allowed"};
const Expect kForbidden{403, "auth.forbidden"};
const Expect kNotFound{404, "general.not_found"};

/// The per-role expectations of one request: the order of kEveryone.
using Row = std::array<Expect, kEveryone.size()>;

struct Cast {
    StoryServer& server;
    std::array<StorySession, kEveryone.size() - 1> sessions;

    [[nodiscard]] std::string token(Who w) const {
        return w == Who::None ? std::string() : sessions[static_cast<std::size_t>(w)].token;
    }
    [[nodiscard]] const StorySession& session(Who w) const { return sessions[static_cast<std::size_t>(w)]; }

    /// Sends the request as every caller and checks each cell.
    void row(std::string_view method, const std::string& target, const Row& expected, std::string_view body = {},
             const HttpClient::Headers& headers = {}) {
        for (std::size_t i = 0; i < kEveryone.size(); ++i) {
            const Who who = kEveryone[i];
            const auto r = server.call(method, target, body, token(who), headers);
            INFO(std::string(method) << " " << target << " as " << nameOf(who) << ": " << r.body.substr(0, 300));
            CHECK(r.status == expected[i].status);
            if (!expected[i].code.empty()) {
                CHECK(errorCodeOf(r) == expected[i].code);
            }
        }
    }
};

/// Whether `s`'s feed has a change row about record `id`.
bool feedHas(StoryServer& server, const StorySession& s, const std::string& id) {
    const auto feed = server.pullAll(s);
    return std::any_of(feed.begin(), feed.end(), [&](const proto::Change& c) { return c.id == id; });
}

} // namespace

TEST_CASE("authz matrix: every role against every endpoint, own and others' data", "[server][integration][authz]") {
    StoryServer server("authz_matrix");
    Cast cast{server,
              {{server.login(kStoryAuthor), server.login(kStoryKetuaPak), server.login(kStoryKetuaPia),
                server.login(kStoryAppraiser), server.login(kStoryAdmin), server.login(kStoryStranger)}}};
    const StorySession& author = cast.session(Who::Author);

    // The author's PAK activity (validator: the PAK ketua) and PIA activity (validator: the PIA ketua).
    const std::string pakPhoto = makeJpeg(photoPixels(96, 64, 21));
    const std::string piaPhoto = makeJpeg(photoPixels(96, 64, 22));
    REQUIRE(server.upload(author, pakPhoto).status == 200);
    REQUIRE(server.upload(author, piaPhoto).status == 200);
    const std::string pakSha = sha256Of(pakPhoto);
    const std::string piaSha = sha256Of(piaPhoto);
    const auto pak = storyActivity(storyId("0186e0b0", 1), 0, pakSha, static_cast<std::int64_t>(pakPhoto.size()));
    auto pia = storyActivity(storyId("0186e0b0", 2), 3, piaSha, static_cast<std::int64_t>(piaPhoto.size()));
    pia.teamId = "team-pia";
    pia.skpItemId = "si-2023-a7-3";
    pia.outputUnit = "Instansi";
    const auto submitted = server.push(author, {{storyId("0186e0a0", 1), proto::SubmitActivity{pak}},
                                                {storyId("0186e0a0", 2), proto::SubmitActivity{pia}}});
    REQUIRE(submitted[0].ok);
    REQUIRE(submitted[1].ok);
    CHECK(submitted[0].status->validatorNip == kStoryKetuaPak);
    CHECK(submitted[1].status->validatorNip == kStoryKetuaPia);

    { // auth sessions
        const StorySession spare = server.login(kStoryAuthor, "old-phone");
        const auto listed = server.call("GET", "/v1/auth/sessions", {}, spare.token);
        REQUIRE(listed.status == 200);
        std::string spareId;
        const auto sessions = boost::json::parse(listed.body);
        for (const auto& s : sessions.at("sessions").as_array()) {
            if (s.at("current").as_bool()) {
                spareId = std::string(s.at("sessionId").as_string());
            }
        }
        REQUIRE_FALSE(spareId.empty());
        cast.row("GET", "/v1/auth/sessions", {kOk, kOk, kOk, kOk, kOk, kOk, kUnauthenticated});
        // Someone else's session is answered as not found; the owner revokes it.
        cast.row("DELETE", "/v1/auth/sessions/" + spareId,
                 {kOk, kNotFound, kNotFound, kNotFound, kNotFound, kNotFound, kUnauthenticated});
        CHECK(server.call("GET", "/v1/auth/sessions", {}, spare.token).status == 401);
    }

    { // blobs: status and upload for everyone signed in, content and thumbnail for the parties
        cast.row("GET", "/v1/blobs/" + pakSha, {kOk, kOk, kOk, kOk, kOk, kOk, kUnauthenticated});
        for (const Who who : kEveryone) {
            const std::string own = makeJpeg(photoPixels(32, 32, 100 + static_cast<std::uint32_t>(who)));
            const auto r = server.call("PUT", "/v1/blobs/" + sha256Of(own), std::string_view(own).substr(0, 100),
                                       cast.token(who),
                                       {{"Content-Type", "image/jpeg"},
                                        {"Content-Range", "bytes 0-99/" + std::to_string(own.size())}});
            INFO(nameOf(who) << ": " << r.body);
            CHECK(r.status == (who == Who::None ? 401U : 200U));
        }
        for (const std::string suffix : {"/content", "/thumbnail"}) {
            cast.row("GET", "/v1/blobs/" + pakSha + suffix,
                     {kOk, kOk, kNotAllowed, kOk, kNotAllowed, kNotAllowed, kUnauthenticated});
            cast.row("GET", "/v1/blobs/" + piaSha + suffix,
                     {kOk, kNotAllowed, kOk, kOk, kNotAllowed, kNotAllowed, kUnauthenticated});
        }
    }

    { // pull: each feed holds exactly the activities its owner may see
        const std::array<std::pair<bool, bool>, kEveryone.size() - 1> sees{{
            {true, true},   // the author
            {true, false},  // PAK ketua: PAK work only
            {false, true},  // PIA ketua: PIA work, not the PAK work of a fellow anggota
            {false, false}, // the appraiser: nothing before an approval
            {false, false}, // admin
            {false, false}, // stranger
        }};
        for (std::size_t i = 0; i + 1 < kEveryone.size(); ++i) {
            INFO(nameOf(kEveryone[i]));
            CHECK(feedHas(server, cast.sessions[i], pak.id) == sees[i].first);
            CHECK(feedHas(server, cast.sessions[i], pia.id) == sees[i].second);
        }
        CHECK(server.call("POST", "/v1/sync/pull", "{}").status == 401);
    }

    { // push: decisions, ratings and others' records per op; no token is 401
        int serial = 0;
        const auto opResult = [&](Who who, proto::OpPayload payload, int group) {
            const auto r =
                server.pushOne(cast.session(who), {storyId("0186e0c0", group * 1000 + ++serial), std::move(payload)});
            return r.ok ? std::string() : (r.error ? r.error->code : std::string("<no error>"));
        };
        const auto review = [&](Who who, const shared::Activity& a, int n) {
            return shared::Review{storyId("0186e0d0", n), a.id, 1, cast.session(who).nip, shared::Decision::Approve, "",
                                  *shared::parseTimestamp("2023-03-15T08:05:00+08:00")};
        };
        const auto rating = [&](Who who, const shared::Activity& a, int n) {
            return shared::Rating{storyId("0186e0e0", n), a.id, cast.session(who).nip, {80, 80, 80},
                                  *shared::parseTimestamp("2023-03-15T08:10:00+08:00")};
        };
        int n = 0;
        // Deciding the PAK activity: only its validator.
        for (const Who who : {Who::Author, Who::KetuaPia, Who::Appraiser, Who::Admin, Who::Stranger}) {
            INFO("decide PAK as " << nameOf(who));
            CHECK(opResult(who, proto::DecideReview{review(who, pak, ++n)}, 1) == "review.not_allowed");
        }
        for (const Who who : {Who::Author, Who::KetuaPak, Who::Appraiser, Who::Admin, Who::Stranger}) {
            INFO("decide PIA as " << nameOf(who));
            CHECK(opResult(who, proto::DecideReview{review(who, pia, ++n)}, 2) == "review.not_allowed");
        }
        // Others' activities cannot be revised, withdrawn or submitted in the author's name.
        for (const Who who : {Who::KetuaPak, Who::KetuaPia, Who::Appraiser, Who::Admin, Who::Stranger}) {
            INFO("others' records as " << nameOf(who));
            CHECK(opResult(who, proto::WithdrawActivity{pak.id, 1}, 3) == "review.not_allowed");
            auto revised = pak;
            revised.revision = 2;
            CHECK(opResult(who, proto::ReviseActivity{revised}, 4) == "review.not_allowed");
            auto forged = pak;
            forged.id = storyId("0186e0b1", ++n);
            CHECK(opResult(who, proto::SubmitActivity{forged}, 5) == "review.not_allowed");
        }
        CHECK(opResult(Who::KetuaPak, proto::DecideReview{review(Who::KetuaPak, pak, ++n)}, 6).empty());
        CHECK(opResult(Who::KetuaPia, proto::DecideReview{review(Who::KetuaPia, pia, ++n)}, 6).empty());
        // Rating the approved activities: only the author's appraiser.
        for (const Who who : {Who::Author, Who::KetuaPak, Who::KetuaPia, Who::Admin, Who::Stranger}) {
            INFO("rate as " << nameOf(who));
            CHECK(opResult(who, proto::RateActivity{rating(who, pak, ++n)}, 7) == "review.not_allowed");
        }
        CHECK(opResult(Who::Appraiser, proto::RateActivity{rating(Who::Appraiser, pak, ++n)}, 8).empty());
        // From the approval on, the appraiser's feed has the activity; the stranger's never does.
        CHECK(feedHas(server, cast.session(Who::Appraiser), pak.id));
        CHECK_FALSE(feedHas(server, cast.session(Who::Stranger), pak.id));
        CHECK(server.call("GET", "/v1/blobs/" + pakSha + "/content", {}, cast.token(Who::Stranger)).status == 403);

        const std::string body = jsonBody({"phone-1", {{storyId("0186e0c1", 1), proto::WithdrawActivity{pak.id, 1}}}});
        CHECK(server.call("POST", "/v1/sync/push", body).status == 401);
        CHECK(errorCodeOf(server.call("POST", "/v1/sync/push", body)) == "auth.unauthenticated");
    }

    { // reports of INKA subjects
        const std::string base = "/v1/reports/realisation?year=2023&scope=";
        cast.row("GET", base + "employee&nip=" + std::string(kStoryAuthor),
                 {kOk, kForbidden, kForbidden, kOk, kOk, kForbidden, kUnauthenticated});
        cast.row("GET", base + "skpItem&item=si-2023-a7-1",
                 {kOk, kOk, kForbidden, kOk, kOk, kForbidden, kUnauthenticated});
        cast.row("GET", base + "team&team=team-pak",
                 {kForbidden, kOk, kForbidden, kOk, kOk, kForbidden, kUnauthenticated});
        cast.row("GET", base + "team&team=team-pia",
                 {kForbidden, kForbidden, kOk, kOk, kOk, kForbidden, kUnauthenticated});
        cast.row("GET", base + "unit&unit=unit-inka",
                 {kForbidden, kForbidden, kForbidden, kOk, kOk, kForbidden, kUnauthenticated});
    }

    { // live channel: everyone signed in, nobody without a token
        for (const Who who : kEveryone) {
            WsClient live;
            WsClient::Headers headers;
            if (who != Who::None) {
                headers.emplace_back("Authorization", "Bearer " + cast.token(who));
            }
            const auto r = live.connect("127.0.0.1", server.port(), jejak::server::kLivePath, headers);
            INFO(nameOf(who) << ": " << live.lastError());
            REQUIRE(r);
            CHECK(r->status == (who == Who::None ? 401U : 101U));
            if (who == Who::None) {
                CHECK(errorCodeOf(*r) == "auth.unauthenticated");
            } else {
                live.sendClose();
            }
        }
    }

    server.stop();
}
