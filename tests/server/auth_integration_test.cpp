// SPDX-License-Identifier: Apache-2.0
// Integration tests of the /v1/auth endpoints: the real jejak-server process over loopback, on a data
// directory seeded with the demo reference data and an account made by `user add`.
#include "handlers/auth.hpp"

#include "admin/user_commands.hpp"
#include "auth/token.hpp"
#include "auth_fixture.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

using namespace jejak::testing;
using namespace std::chrono_literals;

namespace {

const std::string kLocalhost = "127.0.0.1";
constexpr const char* kPassword = "kata-sandi-rahasia";

std::string logPath(const std::string& name) {
    return std::string(JEJAK_TEST_LOG_DIR) + "/" + name + ".log";
}

/// A data directory with the demo reference data and accounts for the given NIPs (password kPassword).
struct DataDir {
    explicit DataDir(std::initializer_list<std::string_view> nips) {
        seedDatabase(path(), demoBundle());
        for (const auto nip : nips) {
            std::istringstream in(std::string(kPassword) + "\n");
            std::ostringstream out;
            std::ostringstream err;
            const int status =
                jejak::server::runUserAdd({"--data-dir", path(), "--nip", std::string(nip),
                                           "--password-ops-limit", "1", "--password-mem-limit-kib", "8"},
                                          in, out, err);
            INFO(err.str());
            REQUIRE(status == 0);
        }
    }
    std::string path() const { return dir.file("data"); }
    TempDir dir;
};

/// The server on a data directory; fails the test when it does not come up.
struct AuthServer {
    AuthServer(const std::string& name, const DataDir& data, const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"--listen",
                                      kLocalhost,
                                      "--port",
                                      "0",
                                      "--threads",
                                      "2",
                                      "--data-dir",
                                      data.path(),
                                      "--password-ops-limit",
                                      "1",
                                      "--password-mem-limit-kib",
                                      "8",
                                      "--drain-timeout-ms",
                                      "3000"};
        args.insert(args.end(), extra.begin(), extra.end());
        const std::string err = process.start(JEJAK_SERVER_EXE, args, logPath(name));
        INFO(err);
        REQUIRE(err.empty());
        const std::string connected = client.connect(kLocalhost, process.port());
        INFO(connected);
        REQUIRE(connected.empty());
    }
    ~AuthServer() {
        client.close();
        process.signal(SIGTERM);
        CHECK(process.wait(10s) == 0); // 0 also says ASan found nothing in the server
    }

    ClientResponse send(std::string_view method, std::string_view target, std::string_view body = {},
                        HttpClient::Headers headers = {}) {
        auto r = client.request(method, target, body, headers);
        INFO(client.lastError());
        REQUIRE(r);
        return *r;
    }
    ClientResponse login(std::string_view nip, std::string_view password,
                         std::string_view device = "phone-1") {
        const jejak::sync::LoginRequest request{std::string(nip), std::string(password), std::string(device),
                                                "Phone " + std::string(device)};
        return send("POST", "/v1/auth/login", boost::json::serialize(jejak::sync::toJson(request)),
                    {{"Content-Type", "application/json"}, {"X-Jejak-Protocol", "1"}});
    }
    std::string token(std::string_view nip, std::string_view device = "phone-1") {
        const auto r = login(nip, kPassword, device);
        INFO(r.body);
        REQUIRE(r.status == 200);
        auto decoded = jejak::shared::decode<jejak::sync::LoginResponse>(boost::json::parse(r.body));
        REQUIRE(decoded);
        return decoded->token;
    }
    ClientResponse sessions(const std::string& token) {
        return send("GET", "/v1/auth/sessions", {}, {{"Authorization", "Bearer " + token}});
    }

    ServerProcess process;
    HttpClient client;
};

boost::json::object jsonOf(const ClientResponse& r) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    INFO(r.body);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    return v.as_object();
}

std::string codeOf(const ClientResponse& r) {
    return std::string(jsonOf(r).at("code").as_string());
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("auth server: login, the token on sessions, logout", "[server][integration][auth]") {
    DataDir data({kDemoKabidInka});
    AuthServer server("auth_login", data);

    const ClientResponse ok = server.login(kDemoKabidInka, kPassword);
    INFO(ok.body);
    REQUIRE(ok.status == 200);
    CHECK(ok.header("Cache-Control") == "no-store");
    auto login = jejak::shared::decode<jejak::sync::LoginResponse>(boost::json::parse(ok.body));
    REQUIRE(login);
    CHECK(login->nip == kDemoKabidInka);
    CHECK(login->name == "I Komang Adi Parwatha");
    // Today (the demo's teams ended in 2023) the Kepala Bidang is still appraiser and unit head.
    CHECK(login->roles == std::vector<std::string>{"employee", "appraiser", "unitHead"});
    CHECK(login->expiresAt > jejak::shared::SystemClock().now() + std::chrono::hours(24 * 29));

    // The token is in no file of the data directory; its SHA-256 is.
    const std::string db = fileText(data.path() + "/jejak.db") + fileText(data.path() + "/jejak.db-wal");
    CHECK(db.find(login->token) == std::string::npos);
    CHECK(db.find(jejak::server::hashToken(login->token)) != std::string::npos);

    const ClientResponse list = server.sessions(login->token);
    INFO(list.body);
    REQUIRE(list.status == 200);
    const auto sessions = jsonOf(list).at("sessions").as_array();
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0].at("deviceId") == "phone-1");
    CHECK(sessions[0].at("deviceName") == "Phone phone-1");
    CHECK(sessions[0].at("current") == true);
    CHECK(sessions[0].at("sessionId").as_string() ==
          jejak::server::sessionIdOf(jejak::server::hashToken(login->token)).c_str());

    const ClientResponse noToken = server.send("GET", "/v1/auth/sessions");
    CHECK(noToken.status == 401);
    CHECK(codeOf(noToken) == "auth.unauthenticated");
    CHECK(noToken.header("WWW-Authenticate") == "Bearer");

    const ClientResponse out =
        server.send("POST", "/v1/auth/logout", {}, {{"Authorization", "Bearer " + login->token}});
    CHECK(out.status == 200);
    const ClientResponse after = server.sessions(login->token);
    CHECK(after.status == 401);
    CHECK(codeOf(after) == "auth.unauthenticated");
}

TEST_CASE("auth server: wrong password and unknown NIP get the same 401; bad requests",
          "[server][integration][auth]") {
    DataDir data({kDemoAnggota});
    AuthServer server("auth_wrong", data);

    const ClientResponse wrong = server.login(kDemoAnggota, "bukan-sandinya");
    const ClientResponse unknown = server.login(kDemoKetuaPia, kPassword); // an employee without an account
    CHECK(wrong.status == 401);
    CHECK(unknown.status == 401);
    CHECK(codeOf(wrong) == "auth.invalid_credentials");
    CHECK(wrong.body == unknown.body);

    // No protocol header, or one from an unsupported version: 426.
    const std::string body = R"({"nip":"199106222015031012","password":"x","deviceId":"d","deviceName":"n"})";
    const ClientResponse noVersion =
        server.send("POST", "/v1/auth/login", body, {{"Content-Type", "application/json"}});
    CHECK(noVersion.status == 426);
    CHECK(codeOf(noVersion) == "protocol.version");
    const ClientResponse future = server.send(
        "POST", "/v1/auth/login", body, {{"Content-Type", "application/json"}, {"X-Jejak-Protocol", "99"}});
    CHECK(future.status == 426);
    // Strict decoding: a typo is an error naming the field.
    const ClientResponse typo =
        server.send("POST", "/v1/auth/login", R"({"nip":"1","pasword":"x","deviceId":"d","deviceName":"n"})",
                    {{"Content-Type", "application/json"}, {"X-Jejak-Protocol", "1"}});
    CHECK(typo.status == 400);
    CHECK(codeOf(typo).starts_with("json."));
}

TEST_CASE("auth server: the sixth failure in a row is throttled with Retry-After",
          "[server][integration][auth]") {
    DataDir data({kDemoAnggota});
    AuthServer server("auth_throttle", data);
    for (int i = 0; i < 5; ++i) {
        const ClientResponse r = server.login(kDemoAnggota, "bukan-sandinya");
        CHECK(r.status == 401);
    }
    const ClientResponse sixth = server.login(kDemoAnggota, kPassword); // even the right password
    CHECK(sixth.status == 429);
    CHECK(codeOf(sixth) == "auth.throttled");
    CHECK(jsonOf(sixth).at("transient") == true);
    const int retryAfter = std::stoi(sixth.header("Retry-After"));
    CHECK(retryAfter > 890);
    CHECK(retryAfter <= 900);
}

TEST_CASE("auth server: a second login from the same device revokes the first; revoke a device",
          "[server][integration][auth]") {
    DataDir data({kDemoAnggota});
    AuthServer server("auth_devices", data);
    const std::string first = server.token(kDemoAnggota, "phone");
    REQUIRE(server.sessions(first).status == 200);
    const std::string second = server.token(kDemoAnggota, "phone");
    CHECK(server.sessions(first).status == 401);
    const std::string tablet = server.token(kDemoAnggota, "tablet");

    const ClientResponse list = server.sessions(second);
    REQUIRE(list.status == 200);
    const auto sessions = jsonOf(list).at("sessions").as_array();
    REQUIRE(sessions.size() == 2);
    CHECK(sessions[0].at("deviceId") == "phone");
    CHECK(sessions[1].at("deviceId") == "tablet");
    const std::string tabletId(sessions[1].at("sessionId").as_string());

    const auto bearer = HttpClient::Headers{{"Authorization", "Bearer " + second}};
    const ClientResponse revoked = server.send("DELETE", "/v1/auth/sessions/" + tabletId, {}, bearer);
    CHECK(revoked.status == 200);
    CHECK(jsonOf(revoked).at("sessionId").as_string() == tabletId.c_str());
    CHECK(server.sessions(tablet).status == 401);
    CHECK(server.sessions(second).status == 200);
    const ClientResponse again = server.send("DELETE", "/v1/auth/sessions/" + tabletId, {}, bearer);
    CHECK(again.status == 404);
    CHECK(codeOf(again) == "general.not_found");
}

TEST_CASE("auth server: a token stops working when its lifetime ends", "[server][integration][auth]") {
    DataDir data({kDemoAnggota});
    AuthServer server("auth_expiry", data, {"--session-lifetime-s", "1"});
    const std::string token = server.token(kDemoAnggota);
    CHECK(server.sessions(token).status == 200);
    std::this_thread::sleep_for(1100ms);
    const ClientResponse expired = server.sessions(token);
    CHECK(expired.status == 401);
    CHECK(codeOf(expired) == "auth.unauthenticated");
}
