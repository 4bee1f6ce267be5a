// SPDX-License-Identifier: Apache-2.0
// Integration test of the sync endpoints through the real jejak-server process: login, a chunked evidence
// upload, a pushed submission and the pull that brings it back.
#include "handlers/sync.hpp"

#include "admin/user_commands.hpp"
#include "auth_fixture.hpp"
#include "blob_fixtures.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <sstream>

using namespace jejak::testing;
using namespace std::chrono_literals;

namespace {

const std::string kLocalhost = "127.0.0.1";
constexpr const char* kPassword = "kata-sandi-rahasia";

} // namespace

TEST_CASE("sync server: login, chunked upload, push a submission, pull it back", "[server][integration][sync]") {
    TempDir dir;
    const std::string data = dir.file("data");
    seedDatabase(data, demoBundle());
    for (const std::string_view nip : {kDemoAnggota, std::string_view("198605122010031004")}) {
        std::istringstream in(std::string(kPassword) + "\n");
        std::ostringstream out;
        std::ostringstream err;
        REQUIRE(jejak::server::runUserAdd({"--data-dir", data, "--nip", std::string(nip), "--password-ops-limit", "1",
                                           "--password-mem-limit-kib", "8"},
                                          in, out, err) == 0);
    }
    ServerProcess process;
    const std::string started = process.start(
        JEJAK_SERVER_EXE,
        {"--listen", kLocalhost, "--port", "0", "--threads", "2", "--data-dir", data, "--password-ops-limit", "1",
         "--password-mem-limit-kib", "8", "--clock-start", "2023-03-15T08:00:00+08:00"},
        std::string(JEJAK_TEST_LOG_DIR) + "/sync_http.log");
    INFO(started);
    REQUIRE(started.empty());
    HttpClient client;
    REQUIRE(client.connect(kLocalhost, process.port()).empty());
    const auto send = [&](std::string_view method, std::string_view target, std::string_view body,
                          HttpClient::Headers headers) {
        auto r = client.request(method, target, body, headers);
        INFO(client.lastError());
        REQUIRE(r);
        return *r;
    };

    const jejak::sync::LoginRequest login{std::string(kDemoAnggota), kPassword, "phone-1", "Phone"};
    const auto loggedIn = send("POST", "/v1/auth/login", boost::json::serialize(jejak::sync::toJson(login)),
                               {{"Content-Type", "application/json"}, {"X-Jejak-Protocol", "1"}});
    REQUIRE(loggedIn.status == 200);
    const auto session = jejak::shared::decode<jejak::sync::LoginResponse>(boost::json::parse(loggedIn.body));
    REQUIRE(session);
    const std::string bearer = "Bearer " + session->token;

    const std::string jpeg = makeJpeg(photoPixels(64, 48, 3));
    const std::string sha = sha256Of(jpeg);
    const std::size_t half = jpeg.size() / 2;
    const auto chunk = [&](std::size_t from, std::size_t to) {
        return send("PUT", "/v1/blobs/" + sha, std::string_view(jpeg).substr(from, to - from),
                    {{"Authorization", bearer},
                     {"Content-Type", "image/jpeg"},
                     {"Content-Range", "bytes " + std::to_string(from) + "-" + std::to_string(to - 1) + "/" +
                                           std::to_string(jpeg.size())}});
    };
    REQUIRE(chunk(0, half).status == 200);
    const auto last = chunk(half, jpeg.size());
    INFO(last.body);
    REQUIRE(last.status == 200);
    CHECK(send("GET", "/v1/blobs/" + sha + "/content", {}, {{"Authorization", bearer}}).status == 200);

    jejak::shared::Activity a;
    a.id = "0186c0a0-0000-7000-8000-000000000001";
    a.nip = std::string(kDemoAnggota);
    a.name = "Verifikasi usul PAK";
    a.teamId = "team-pak";
    a.skpItemId = "si-2023-a7-1";
    a.outputQuantity = 1;
    a.outputUnit = "Indeks";
    a.start = *jejak::shared::parseTimestamp("2023-03-14T09:00:00+08:00");
    a.end = *jejak::shared::parseTimestamp("2023-03-14T10:00:00+08:00");
    a.evidence = {{sha, static_cast<std::int64_t>(jpeg.size()), "image/jpeg", jejak::shared::EvidenceKind::Photo,
                   std::nullopt}};
    a.createdAt = a.end;
    jejak::sync::PushRequest push{"phone-1", {{"0186c0a0-0000-7000-8000-0000000000aa", jejak::sync::SubmitActivity{a}}}};
    const auto pushed = send("POST", "/v1/sync/push", boost::json::serialize(jejak::sync::toJson(push)),
                             {{"Authorization", bearer}, {"Content-Type", "application/json"}});
    INFO(pushed.body);
    REQUIRE(pushed.status == 200);
    const auto results = jejak::shared::decode<jejak::sync::PushResponse>(boost::json::parse(pushed.body));
    REQUIRE(results);
    REQUIRE(results->results.size() == 1);
    CHECK(results->results[0].ok);
    CHECK(results->results[0].status->validatorNip == "198605122010031004");

    push.deviceId = "phone-2";
    const auto otherDevice = send("POST", "/v1/sync/push", boost::json::serialize(jejak::sync::toJson(push)),
                                  {{"Authorization", bearer}, {"Content-Type", "application/json"}});
    CHECK(otherDevice.status == 403);

    const auto pulled = send("POST", "/v1/sync/pull", R"({"limit": 200})",
                             {{"Authorization", bearer}, {"Content-Type", "application/json"}});
    INFO(pulled.body);
    REQUIRE(pulled.status == 200);
    const auto page = jejak::shared::decode<jejak::sync::PullResponse>(boost::json::parse(pulled.body));
    REQUIRE(page);
    CHECK(page->reset);
    CHECK(std::any_of(page->changes.begin(), page->changes.end(), [&](const auto& c) {
        return c.entity == jejak::sync::ChangeEntity::Activity && c.id == a.id && c.seq > 0;
    }));
    CHECK(send("POST", "/v1/sync/pull", "{}", {{"Content-Type", "application/json"}}).status == 401);

    client.close();
    process.signal(SIGTERM);
    CHECK(process.wait(10s) == 0);
}
