// SPDX-License-Identifier: Apache-2.0
// FaultProxy against the real jejak-server: every rule does what it says, and only as often as armed.
#include "blob_fixtures.hpp"
#include "story_fixture.hpp"
#include "support/eventually.hpp"
#include "support/fault_proxy.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <thread>

using namespace jejak::testing;
using namespace std::chrono_literals;
namespace proto = jejak::sync;

namespace {

const std::string kLocalhost = "127.0.0.1";

/// A story server with a started proxy in front of it and the author logged in (directly).
struct ProxyRig {
    explicit ProxyRig(std::string logName)
        : server(std::move(logName))
        , author(server.login(kStoryAuthor)) {
        const std::string started = proxy.start(server.port());
        INFO(started);
        REQUIRE(started.empty());
    }

    /// A client connected to the proxy.
    HttpClient connect() {
        HttpClient client;
        const std::string err = client.connect(kLocalhost, proxy.port());
        INFO(err);
        REQUIRE(err.empty());
        return client;
    }

    /// A request on `client` as the author; nullopt when the connection breaks.
    std::optional<ClientResponse> request(HttpClient& client, std::string_view method,
                                          const std::string& target, std::string_view body = {},
                                          HttpClient::Headers headers = {}) {
        headers.emplace_back("Authorization", "Bearer " + author.token);
        return client.request(method, target, body, headers, 10s);
    }

    /// The server's view of a blob, asked directly.
    ClientResponse blobStatus(const std::string& sha) {
        return server.call("GET", "/v1/blobs/" + sha, {}, author.token);
    }

    /// How many requests for `path` the server has logged (it logs a request after answering it).
    std::size_t logged(std::string_view path) {
        return server.process().logLines("\"path\":\"" + std::string(path) + "\"").size();
    }

    StoryServer server;
    StorySession author;
    FaultProxy proxy;
};

HttpClient::Headers jpegRange(std::size_t total) {
    return {{"Content-Type", "image/jpeg"},
            {"Content-Range", "bytes 0-" + std::to_string(total - 1) + "/" + std::to_string(total)}};
}

std::size_t threadCount() {
    const auto tasks = std::filesystem::directory_iterator("/proc/self/task");
    return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

} // namespace

TEST_CASE("fault proxy: forwards requests both ways and counts the bytes", "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_forward");
    HttpClient client = rig.connect();
    for (int i = 0; i < 3; ++i) { // one keep-alive connection
        const auto r = rig.request(client, "GET", "/v1/auth/sessions");
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    const FaultCounters c = rig.proxy.counters();
    CHECK(c.connections == 1);
    CHECK(c.faults() == 0);
    CHECK(c.bytesToServer > 0);
    CHECK(c.bytesToClient > 0);
    CHECK(eventually([&] { return rig.logged("/v1/auth/sessions") == 3; }));
}

TEST_CASE("fault proxy: cuts a connection after N bytes towards the client, once", "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_cut_down");
    rig.proxy.cutAfter(Direction::ToClient, 20);
    HttpClient client = rig.connect();
    const auto cut = rig.request(client, "GET", "/v1/auth/sessions");
    CHECK_FALSE(cut);
    CHECK(rig.proxy.counters().cuts == 1);
    CHECK(rig.proxy.counters().bytesToClient == 20);
    // The server answered; the client got 20 bytes of it.
    CHECK(eventually([&] { return rig.logged("/v1/auth/sessions") == 1; }));

    HttpClient again = rig.connect();
    const auto r = rig.request(again, "GET", "/v1/auth/sessions");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(rig.proxy.counters().cuts == 1);
}

TEST_CASE("fault proxy: cuts a connection after N bytes towards the server, in the middle of a request",
          "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_cut_up");
    const std::string jpeg = makeJpeg(photoPixels(320, 240, 21));
    const std::string sha = sha256Of(jpeg);
    rig.proxy.cutAfter(Direction::ToServer, 600, 2);

    for (int attempt = 0; attempt < 2; ++attempt) {
        HttpClient client = rig.connect();
        CHECK_FALSE(rig.request(client, "PUT", "/v1/blobs/" + sha, jpeg, jpegRange(jpeg.size())));
    }
    const FaultCounters c = rig.proxy.counters();
    CHECK(c.cuts == 2);
    CHECK(c.bytesToServer == 1200);
    const auto status = rig.blobStatus(sha);
    CHECK(status.status == 200);
    CHECK(status.body.find("\"complete\":true") == std::string::npos);

    HttpClient client = rig.connect(); // disarmed after two
    const auto r = rig.request(client, "PUT", "/v1/blobs/" + sha, jpeg, jpegRange(jpeg.size()));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("\"complete\":true") != std::string::npos);
}

TEST_CASE("fault proxy: delays chunks and connections and still delivers", "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_delay");
    rig.proxy.setDelay(20ms, 50ms);
    HttpClient client = rig.connect();
    const auto r = rig.request(client, "GET", "/v1/auth/sessions");
    REQUIRE(r);
    CHECK(r->status == 200);
    FaultCounters c = rig.proxy.counters();
    CHECK(c.delayedConnections == 1);
    CHECK(c.delayedChunks >= 2); // at least the request and the first chunk of the answer

    rig.proxy.setDelay({}, {});
    const auto before = rig.proxy.counters().delayedChunks;
    REQUIRE(rig.request(client, "GET", "/v1/auth/sessions"));
    CHECK(rig.proxy.counters().delayedChunks == before);
}

TEST_CASE("fault proxy: duplicates a matching request on a fresh connection, as often as armed",
          "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_duplicate");
    const std::string jpeg = makeJpeg(photoPixels(64, 48, 22));
    REQUIRE(rig.server.upload(rig.author, jpeg).status == 200);
    const proto::Op op{storyId("0186d2a0", 1),
                       proto::SubmitActivity{storyActivity(storyId("0186d2b0", 1), 0, sha256Of(jpeg),
                                                           static_cast<std::int64_t>(jpeg.size()))}};
    rig.proxy.duplicateRequests(1, "POST /v1/sync/push");

    HttpClient client = rig.connect();
    REQUIRE(rig.request(client, "GET", "/v1/auth/sessions")); // does not match the prefix
    const auto pushed = rig.request(client, "POST", "/v1/sync/push", jsonBody({rig.author.deviceId, {op}}),
                                    {{"Content-Type", "application/json"}});
    REQUIRE(pushed);
    CHECK(pushed->status == 200);
    REQUIRE(eventually([&] { return rig.proxy.counters().duplicates == 1; }));
    CHECK(eventually([&] { return rig.logged("/v1/sync/push") == 2; }));
    CHECK(eventually([&] { return rig.logged("/v1/auth/sessions") == 1; }));
    CHECK(rig.proxy.counters().connections == 1); // the duplicate went on the proxy's own connection

    // Disarmed: the next push passes once. The server applied the op once for both copies.
    const auto again = rig.request(client, "POST", "/v1/sync/push", jsonBody({rig.author.deviceId, {op}}),
                                   {{"Content-Type", "application/json"}});
    REQUIRE(again);
    CHECK(again->body == pushed->body);
    CHECK(eventually([&] { return rig.logged("/v1/sync/push") == 3; }));
    CHECK(rig.proxy.counters().duplicates == 1);
    int rows = 0;
    for (const auto& c : rig.server.pullAll(rig.author)) {
        rows += c.entity == proto::ChangeEntity::Activity ? 1 : 0;
    }
    CHECK(rows == 1);
}

TEST_CASE("fault proxy: resets the connection in the middle of a blob upload", "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_reset");
    const std::string jpeg = makeJpeg(photoPixels(320, 240, 23));
    const std::string sha = sha256Of(jpeg);
    REQUIRE(jpeg.size() > 4000);
    rig.proxy.resetUploadAfter(3000);

    HttpClient client = rig.connect();
    REQUIRE(rig.request(client, "GET", "/v1/blobs/" + sha)); // not an upload: passes
    CHECK_FALSE(rig.request(client, "PUT", "/v1/blobs/" + sha, jpeg, jpegRange(jpeg.size())));
    CHECK(client.lastError().find("reset") != std::string::npos);
    const FaultCounters c = rig.proxy.counters();
    CHECK(c.uploadResets == 1);
    CHECK(c.cuts == 0);
    const auto status = rig.blobStatus(sha);
    CHECK(status.status == 200);
    CHECK(status.body.find("\"complete\":true") == std::string::npos);

    HttpClient again = rig.connect();
    const auto r = rig.request(again, "PUT", "/v1/blobs/" + sha, jpeg, jpegRange(jpeg.size()));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.find("\"complete\":true") != std::string::npos);
    CHECK(rig.proxy.counters().uploadResets == 1);
}

TEST_CASE("fault proxy: refuses new connections while keeping open ones, then accepts again",
          "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_refuse");
    HttpClient open = rig.connect();
    REQUIRE(rig.request(open, "GET", "/v1/auth/sessions"));

    REQUIRE(rig.proxy.refuseConnections(true).empty());
    HttpClient refused;
    const std::string err = refused.connect(kLocalhost, rig.proxy.port());
    CHECK(err.find("refused") != std::string::npos);
    const auto kept = rig.request(open, "GET", "/v1/auth/sessions");
    REQUIRE(kept);
    CHECK(kept->status == 200);
    CHECK(rig.proxy.counters().refusals == 1);

    REQUIRE(rig.proxy.refuseConnections(false).empty());
    HttpClient back = rig.connect();
    const auto r = rig.request(back, "GET", "/v1/auth/sessions");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(rig.proxy.counters().connections == 2);
}

TEST_CASE("fault proxy: follows a restarted server and closes clients while it is down",
          "[sync][fault_proxy]") {
    ProxyRig rig("fault_proxy_restart");
    rig.server.process().kill();
    HttpClient client = rig.connect();
    CHECK_FALSE(rig.request(client, "GET", "/v1/auth/sessions"));
    CHECK(eventually([&] { return rig.proxy.counters().upstreamFailures == 1; }));

    rig.server.start(); // a new port
    rig.proxy.setUpstreamPort(rig.server.port());
    HttpClient again = rig.connect();
    const auto r = rig.request(again, "GET", "/v1/auth/sessions"); // the session survived the restart
    REQUIRE(r);
    CHECK(r->status == 200);
}

TEST_CASE("fault proxy: stop closes the listener and every connection and joins its thread",
          "[sync][fault_proxy]") {
    StoryServer server("fault_proxy_stop");
    const std::size_t threadsBefore = threadCount();
    FaultProxy proxy;
    REQUIRE(proxy.start(server.port()).empty());
    CHECK(threadCount() == threadsBefore + 1);
    HttpClient client;
    REQUIRE(client.connect(kLocalhost, proxy.port()).empty());
    REQUIRE(eventually([&] { return proxy.counters().connections == 1; }));

    proxy.stop();
    CHECK(threadCount() == threadsBefore);
    CHECK(client.waitForClose(5s));
    HttpClient late;
    CHECK_FALSE(late.connect(kLocalhost, proxy.port()).empty());
    proxy.stop(); // idempotent
    server.stop();
}
