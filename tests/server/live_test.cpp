// SPDX-License-Identifier: Apache-2.0
// GET /v1/sync/live over loopback: the real HttpServer in process (to drive the Notifier), and the real
// jejak-server process (login, upgrade, SIGTERM).
#include "handlers/live.hpp"

#include "admin/user_commands.hpp"
#include "auth_fixture.hpp"
#include "dispatcher.hpp"
#include "http_server.hpp"
#include "logger.hpp"
#include "notifier.hpp"
#include "routes.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <future>
#include <sstream>
#include <thread>

using namespace jejak::server;
using namespace jejak::testing;
using namespace std::chrono_literals;

namespace {

const std::string kLocalhost = "127.0.0.1";
constexpr const char* kPassword = "kata-sandi-rahasia";
const std::string kAni(kDemoAnggota);
const std::string kBudi(kDemoKetuaPia);

std::string event(std::string_view type, std::int64_t seq) {
    return R"({"type":")" + std::string(type) + R"(","seq":)" + std::to_string(seq) + "}";
}

boost::json::object jsonOf(std::string_view body) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    INFO(body);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    return v.as_object();
}

std::string codeOf(std::string_view body) {
    return std::string(jsonOf(body).at("code").as_string());
}

/// The next data message must be `expected`.
void expectMessage(WsClient& client, const std::string& expected, std::chrono::milliseconds timeout = 5s) {
    auto m = client.readMessage(timeout);
    INFO(client.lastError());
    REQUIRE(m);
    CHECK(m->kind == WsFrame::Kind::Text);
    CHECK(m->payload == expected);
}

/// The next frame but pings and pongs must be a close frame with `code`.
void expectClose(WsClient& client, std::uint16_t code, std::chrono::milliseconds timeout = 5s) {
    auto m = client.readMessage(timeout);
    INFO(client.lastError());
    REQUIRE(m);
    CHECK(m->kind == WsFrame::Kind::Close);
    CHECK(m->closeCode == code);
}

/// The real HttpServer, Dispatcher, routes and Auth (demo reference data, accounts for Ani and Budi) on a
/// loopback port in this process, with the Notifier the test drives as storage would.
/// What a LiveRig varies.
struct LiveOptions {
    NotifierOptions notifier;
    std::chrono::milliseconds pingInterval = 30s;
    std::size_t maxConnections = 64;
};

struct LiveRig {
    explicit LiveRig(LiveOptions options = {})
        : notifier(options.notifier) {
        for (const std::string& nip : {kAni, kBudi}) {
            rig.addAccount(nip, kPassword);
        }
        state.notifier = &notifier;
        auto built = buildRouter(state);
        REQUIRE(built);
        router = std::make_unique<Router>(std::move(*built));
        config.listenAddress = kLocalhost;
        config.port = 0;
        config.threads = 2;
        config.workerThreads = 4;
        config.readTimeout = 5s;
        config.writeTimeout = 5s;
        config.maxConnections = options.maxConnections;
        config.livePingInterval = options.pingInterval;
        dispatcher = std::make_unique<Dispatcher>(*router, state.metrics, logger, config.maxBodyBytes);
        server = std::make_unique<HttpServer>(config, *dispatcher, state.metrics, logger);
        auto started = server->start();
        INFO((started ? std::string() : jejak::shared::toString(started.error())));
        REQUIRE(started);
    }
    ~LiveRig() {
        if (server) {
            server->stop(2s);
            server.reset(); // before its log file closes
        }
        std::fclose(logFile);
    }

    std::string token(const std::string& nip, const std::string& device) {
        auto login = rig.auth->login(AuthRig::request(nip, kPassword, device), kLocalhost);
        REQUIRE(login.result);
        return login.result->token;
    }
    std::optional<ClientResponse> upgrade(WsClient& client, const WsClient::Headers& headers) {
        auto r = client.connect(kLocalhost, server->port(), kLivePath, headers);
        INFO(client.lastError());
        REQUIRE(r);
        return r;
    }
    /// An open live channel of `nip` from `device`, its hello read.
    WsClient open(const std::string& nip, const std::string& device, std::int64_t helloSeq = 0) {
        WsClient client;
        auto r = upgrade(client, {{"Authorization", "Bearer " + token(nip, device)}});
        INFO(r->body);
        REQUIRE(r->status == 101);
        REQUIRE(client.isOpen());
        expectMessage(client, event("hello", helloSeq));
        return client;
    }
    HttpClient http() const {
        HttpClient c;
        REQUIRE(c.connect(kLocalhost, server->port()).empty());
        return c;
    }

    AuthRig rig;
    TempDir dir;
    std::unique_ptr<SqliteStorage> storage = openTestStorage(dir, rig.clock);
    Notifier notifier; // outlives the server: live sessions hold subscriptions
    AppState state{"0.1.0", *storage, rig.clock, *rig.auth};
    std::FILE* logFile = std::fopen("/dev/null", "w");
    Logger logger{LogLevel::Error, logFile};
    ServerConfig config;
    std::unique_ptr<Router> router;
    std::unique_ptr<Dispatcher> dispatcher;
    std::unique_ptr<HttpServer> server;
};

} // namespace

TEST_CASE("live: a notified change reaches every device of the NIP and no one else", "[server][live]") {
    LiveRig live;
    WsClient phone = live.open(kAni, "phone");
    WsClient tablet = live.open(kAni, "tablet");
    WsClient other = live.open(kBudi, "phone");
    CHECK(live.notifier.subscriptionCount() == 3);

    live.notifier.notify({kAni}, 7);
    expectMessage(phone, event("changed", 7));
    expectMessage(tablet, event("changed", 7));
    CHECK_FALSE(other.readMessage(300ms));
    CHECK(other.lastError() == "timeout");

    live.notifier.notify({kBudi, kAni}, 8);
    expectMessage(other, event("changed", 8));
    expectMessage(phone, event("changed", 8));
    expectMessage(tablet, event("changed", 8));

    // A device that connects now is told the latest seq in its hello.
    WsClient laptop = live.open(kAni, "laptop", 8);
    live.notifier.notify({kAni}, 9);
    expectMessage(laptop, event("changed", 9));
}

TEST_CASE("live: a burst of commits reaches the client as increasing seqs ending with the latest",
          "[server][live]") {
    LiveRig live;
    WsClient client = live.open(kAni, "phone");
    constexpr std::int64_t kLast = 300;
    for (std::int64_t seq = 1; seq <= kLast; ++seq) {
        live.notifier.notify({kAni}, seq);
    }
    std::int64_t previous = 0;
    int messages = 0;
    while (previous < kLast) {
        auto m = client.readMessage(5s);
        INFO(client.lastError());
        REQUIRE(m);
        const auto json = jsonOf(m->payload);
        CHECK(json.at("type").as_string() == "changed");
        const std::int64_t seq = json.at("seq").as_int64();
        CHECK(seq > previous);
        previous = seq;
        ++messages;
    }
    CHECK(previous == kLast);
    CHECK(messages <= kLast);
    CHECK_FALSE(client.readMessage(200ms)); // nothing stale trails behind
}

TEST_CASE("live: the channel answers pings and closes on messages from the client", "[server][live]") {
    LiveRig live;
    {
        WsClient client = live.open(kAni, "phone");
        REQUIRE(client.sendPing("are-you-there"));
        auto pong = client.readFrame(5s);
        REQUIRE(pong);
        CHECK(pong->kind == WsFrame::Kind::Pong);
        CHECK(pong->payload == "are-you-there");

        REQUIRE(client.sendText(R"({"type":"ack"})"));
        expectClose(client, 1008); // policy violation: the channel is server to client only
        REQUIRE(client.sendClose(1000));
        CHECK(client.waitForEof(5s));
    }
    {
        WsClient client = live.open(kAni, "phone");
        REQUIRE(client.sendFrame(0x2, std::string(5000, 'x')));
        expectClose(client, 1009); // over 4 KiB
        CHECK(client.waitForEof(5s));
    }
    CHECK(eventually([&] { return live.notifier.subscriptionCount() == 0; }));
}

TEST_CASE("live: pings keep an answering client and close a silent one", "[server][live]") {
    LiveRig live(LiveOptions{{}, 200ms});
    WsClient silent = live.open(kAni, "tablet");
    silent.setAutoPong(false);
    const auto start = std::chrono::steady_clock::now();
    CHECK(silent.waitForEof(3s)); // a ping after 200 ms, no pong within 200 ms more: closed
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
    CHECK(eventually([&] { return live.notifier.subscriptionCount() == 0; }));

    WsClient answering = live.open(kAni, "phone");
    int pings = 0;
    const auto until = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < until) {
        auto f = answering.readFrame(100ms);
        if (f) {
            CHECK(f->kind == WsFrame::Kind::Ping);
            ++pings;
        }
    }
    CHECK(pings >= 2);
    live.notifier.notify({kAni}, 3);
    expectMessage(answering, event("changed", 3));
    CHECK(eventually([&] { return live.notifier.subscriptionCount() == 1; }));
}

TEST_CASE("live: refused upgrades get an HTTP answer and no channel", "[server][live]") {
    LiveRig live(LiveOptions{NotifierOptions{2, 100}});

    SECTION("no token, or a bad one: 401") {
        WsClient client;
        auto anonymous = live.upgrade(client, {});
        CHECK(anonymous->status == 401);
        CHECK(anonymous->header("Content-Type") == "application/json");
        CHECK(anonymous->header("WWW-Authenticate") == "Bearer");
        CHECK(codeOf(anonymous->body) == "auth.unauthenticated");
        CHECK_FALSE(client.isOpen());

        auto forged =
            live.upgrade(client, {{"Authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
        CHECK(forged->status == 401);
        CHECK(codeOf(forged->body) == "auth.unauthenticated");
    }
    SECTION("an unsupported protocol version: 426") {
        WsClient client;
        auto r = live.upgrade(
            client, {{"Authorization", "Bearer " + live.token(kAni, "phone")}, {"X-Jejak-Protocol", "99"}});
        CHECK(r->status == 426);
        CHECK(codeOf(r->body) == "protocol.version");
        CHECK_FALSE(client.isOpen());
        // The current version is accepted.
        WsClient current;
        auto ok = live.upgrade(
            current, {{"Authorization", "Bearer " + live.token(kAni, "phone")}, {"X-Jejak-Protocol", "1"}});
        CHECK(ok->status == 101);
        expectMessage(current, event("hello", 0));
    }
    SECTION("more devices of one NIP than allowed: 503 until one leaves") {
        WsClient phone = live.open(kAni, "phone");
        WsClient tablet = live.open(kAni, "tablet");
        WsClient laptop;
        auto refused = live.upgrade(laptop, {{"Authorization", "Bearer " + live.token(kAni, "laptop")}});
        CHECK(refused->status == 503);
        CHECK(refused->header("Retry-After") == "1");
        const auto body = jsonOf(refused->body);
        CHECK(body.at("code") == "http.too_many_connections");
        CHECK(body.at("field") == "nip");
        CHECK(body.at("transient") == true);
        // Another NIP is not affected.
        WsClient other = live.open(kBudi, "phone");

        REQUIRE(tablet.sendClose(1000));
        expectClose(tablet, 1000);
        CHECK(tablet.waitForEof(5s));
        tablet.close();
        REQUIRE(eventually([&] { return live.notifier.subscriptionCount(kAni) == 1; }));
        WsClient again = live.open(kAni, "laptop");
    }
    SECTION("a plain GET is told to upgrade: 426") {
        HttpClient client = live.http();
        auto r =
            client.request("GET", kLivePath, {}, {{"Authorization", "Bearer " + live.token(kAni, "phone")}});
        REQUIRE(r);
        CHECK(r->status == 426);
        CHECK(r->header("Upgrade") == "websocket");
        CHECK(codeOf(r->body) == "http.upgrade_required");
    }
    CHECK(eventually([&] { return live.notifier.subscriptionCount() <= 2; }));
}

TEST_CASE("live: live channels do not count against maxConnections", "[server][live]") {
    LiveRig live(LiveOptions{{}, 30s, 1});
    WsClient phone = live.open(kAni, "phone");
    WsClient other = live.open(kBudi, "phone");
    // Both upgrades went through the single HTTP slot, which they left: plain requests are still served.
    HttpClient client = live.http();
    auto metrics = client.request("GET", "/metrics");
    REQUIRE(metrics);
    CHECK(metrics->status == 200);
    CHECK_THAT(metrics->body, Catch::Contains("jejak_live_connections 2\n"));
    CHECK_THAT(metrics->body, Catch::Contains("jejak_http_open_connections 1\n"));
    CHECK_THAT(metrics->body,
               Catch::Contains(R"(jejak_http_requests_total{route="GET /v1/sync/live",status="1xx"} 2)"));
}

TEST_CASE("live: stop() closes live channels with a close frame within the drain timeout", "[server][live]") {
    SECTION("a client that answers the close: drained") {
        LiveRig live;
        WsClient client = live.open(kAni, "phone");
        const auto start = std::chrono::steady_clock::now();
        auto stopping = std::async(std::launch::async, [&] { return live.server->stop(5s); });
        expectClose(client, 1001); // going away
        REQUIRE(client.sendClose(1001));
        CHECK(client.waitForEof(5s));
        client.close(); // as a client does once the server closed
        CHECK(stopping.get());
        CHECK(std::chrono::steady_clock::now() - start < 3s);
        CHECK(live.notifier.subscriptionCount() == 0);
    }
    SECTION("a client that never answers: stop returns at the drain timeout") {
        LiveRig live;
        WsClient client = live.open(kAni, "phone");
        const auto start = std::chrono::steady_clock::now();
        auto stopping = std::async(std::launch::async, [&] { return live.server->stop(300ms); });
        expectClose(client, 1001);
        CHECK_FALSE(stopping.get());
        CHECK(std::chrono::steady_clock::now() - start < 2s);
        live.server.reset();
        CHECK(live.notifier.subscriptionCount() == 0);
        live.notifier.notify({kAni}, 1); // nobody is left to wake
    }
}

//---- The real jejak-server process

namespace {

std::string logPath(const std::string& name) {
    return std::string(JEJAK_TEST_LOG_DIR) + "/" + name + ".log";
}

/// A data directory with the demo reference data and an account for Ani (made by `user add`).
struct DataDir {
    DataDir() {
        seedDatabase(path(), demoBundle());
        std::istringstream in(std::string(kPassword) + "\n");
        std::ostringstream out;
        std::ostringstream err;
        const int status = runUserAdd({"--data-dir", path(), "--nip", kAni, "--password-ops-limit", "1",
                                       "--password-mem-limit-kib", "8"},
                                      in, out, err);
        INFO(err.str());
        REQUIRE(status == 0);
    }
    std::string path() const { return dir.file("data"); }
    TempDir dir;
};

} // namespace

TEST_CASE("live: the real server upgrades a logged-in client and closes it on SIGTERM", "[server][live]") {
    DataDir data;
    ServerProcess process;
    const std::string started =
        process.start(JEJAK_SERVER_EXE,
                      {"--listen", kLocalhost, "--port", "0", "--threads", "2", "--data-dir", data.path(),
                       "--password-ops-limit", "1", "--password-mem-limit-kib", "8", "--drain-timeout-ms",
                       "10000", "--max-live-connections", "100"},
                      logPath("live_sigterm"));
    INFO(started);
    REQUIRE(started.empty());

    WsClient anonymous;
    auto refused = anonymous.connect(kLocalhost, process.port(), kLivePath);
    INFO(anonymous.lastError());
    REQUIRE(refused);
    CHECK(refused->status == 401);
    CHECK(codeOf(refused->body) == "auth.unauthenticated");
    CHECK_FALSE(anonymous.isOpen());

    HttpClient http;
    REQUIRE(http.connect(kLocalhost, process.port()).empty());
    const jejak::sync::LoginRequest login{kAni, kPassword, "phone-1", "Phone 1"};
    auto loggedIn = http.request("POST", "/v1/auth/login", boost::json::serialize(jejak::sync::toJson(login)),
                                 {{"Content-Type", "application/json"}, {"X-Jejak-Protocol", "1"}});
    REQUIRE(loggedIn);
    INFO(loggedIn->body);
    REQUIRE(loggedIn->status == 200);
    const std::string token = std::string(jsonOf(loggedIn->body).at("token").as_string());
    http.close();

    WsClient client;
    auto upgraded = client.connect(kLocalhost, process.port(), kLivePath,
                                   {{"Authorization", "Bearer " + token}, {"X-Jejak-Protocol", "1"}});
    INFO(client.lastError());
    REQUIRE(upgraded);
    REQUIRE(upgraded->status == 101);
    expectMessage(client, event("hello", 0));
    REQUIRE(eventually([&] { return !process.logLines(R"("status":101)").empty(); }));
    CHECK_THAT(process.logLines(R"("status":101)").front(),
               Catch::Contains(R"("route":"GET /v1/sync/live")"));

    const auto start = std::chrono::steady_clock::now();
    REQUIRE(process.signal(SIGTERM));
    expectClose(client, 1001);
    REQUIRE(client.sendClose(1001));
    CHECK(client.waitForEof(5s));
    client.close();
    CHECK(process.wait(10s) == 0);                        // 0 also says ASan found nothing in the server
    CHECK(std::chrono::steady_clock::now() - start < 5s); // well before the 10 s drain timeout
    CHECK_THAT(process.log(), Catch::Contains(R"("msg":"stopped","drained":true)"));
}
