// SPDX-License-Identifier: Apache-2.0
// Integration tests: the real jejak-server process, over loopback.
#include "http_server.hpp"

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <thread>

using jejak::testing::ClientResponse;
using jejak::testing::HttpClient;
using jejak::testing::ServerProcess;
using jejak::testing::TempDir;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kServerExe = JEJAK_SERVER_EXE;
const std::string kLocalhost = "127.0.0.1";

/// The data directory of the servers of this test process (removed when it exits).
const TempDir& dataDir() {
    static const TempDir dir;
    return dir;
}

/// Short deadlines so that the timeout tests stay fast; later flags in `extra` override these.
std::vector<std::string> argsWith(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--listen",          kLocalhost, "--port",           "0",    "--threads",
                                  "2",                 "--read-timeout-ms", "1000",    "--idle-timeout-ms", "5000",
                                  "--write-timeout-ms", "2000",    "--drain-timeout-ms", "3000", "--log-level",
                                  "debug"};
    args.insert(args.end(), {"--data-dir", dataDir().path().string()});
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

std::string logPath(const std::string& name) { return std::string(JEJAK_TEST_LOG_DIR) + "/" + name + ".log"; }

/// A running server for one test; fails the test when it does not come up.
struct Server {
    explicit Server(const std::string& name, const std::vector<std::string>& extra = {}) {
        const std::string err = process.start(kServerExe, argsWith(extra), logPath(name));
        INFO(err);
        REQUIRE(err.empty());
    }
    std::uint16_t port() const { return process.port(); }
    /// SIGTERM and the exit status: 0 also says that ASan found no leak or error in the server.
    int terminate() {
        process.signal(SIGTERM);
        return process.wait(10s).value_or(-1);
    }
    HttpClient connect() const {
        HttpClient c;
        const std::string err = c.connect(kLocalhost, port());
        INFO(err);
        REQUIRE(err.empty());
        return c;
    }
    ServerProcess process;
};

boost::json::object jsonOf(const ClientResponse& r) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    INFO(r.body);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    return v.as_object();
}

std::string codeOf(const ClientResponse& r) { return std::string(jsonOf(r).at("code").as_string()); }

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

} // namespace

TEST_CASE("server: health over one keep-alive connection, metrics and access log", "[server][integration]") {
    Server server("health");
    HttpClient client = server.connect();
    for (int i = 0; i < 3; ++i) {
        auto r = client.request("GET", "/v1/health");
        INFO(client.lastError());
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->header("Content-Type") == "application/json");
        CHECK(r->header("Connection") != "close");
        const auto body = jsonOf(*r);
        CHECK(body.at("status") == "ok");
        CHECK(body.at("version") == "0.1.0");
        CHECK(body.at("uptimeSeconds").is_int64());
    }
    // Two pipelined requests in one write: two responses, in order.
    REQUIRE(client.send("GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto first = client.readResponse();
    auto second = client.readResponse();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->status == 200);
    CHECK(second->status == 404);

    auto metrics = client.request("GET", "/metrics");
    REQUIRE(metrics);
    CHECK(metrics->status == 200);
    CHECK(metrics->header("Content-Type").starts_with("text/plain; version=0.0.4"));
    CHECK_THAT(metrics->body, Catch::Contains("jejak_http_requests_total{route=\"GET /v1/health\",status=\"2xx\"} 4\n"));
    CHECK_THAT(metrics->body, Catch::Contains("jejak_http_requests_total{route=\"unmatched\",status=\"4xx\"} 1\n"));
    CHECK_THAT(metrics->body, Catch::Contains("jejak_http_open_connections 1\n"));
    CHECK_THAT(metrics->body, Catch::Contains("jejak_http_requests_in_flight 1\n")); // the scrape itself
    CHECK_THAT(metrics->body, Catch::Contains("jejak_http_request_duration_seconds_count 5\n"));

    const auto lines = server.process.logLines("\"msg\":\"request\"");
    REQUIRE(lines.size() >= 5);
    const auto line = boost::json::parse(lines.front()).as_object();
    CHECK(line.at("level") == "info");
    CHECK(line.at("method") == "GET");
    CHECK(line.at("path") == "/v1/health");
    CHECK(line.at("status") == 200);
    CHECK(line.at("remote") == "127.0.0.1");
    CHECK(line.at("route") == "GET /v1/health");
    CHECK(line.at("duration_ms").is_double());
    client.close();
    CHECK(server.terminate() == 0);
}

TEST_CASE("server: unknown route is 404, wrong method 405, both JSON and keep-alive", "[server][integration]") {
    Server server("not_found");
    HttpClient client = server.connect();
    auto missing = client.request("GET", "/v1/nothing?x=1");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->header("Content-Type") == "application/json");
    const auto body = jsonOf(*missing);
    CHECK(body.at("code") == "http.not_found_route");
    CHECK(body.at("transient") == false);
    CHECK(body.contains("field"));
    CHECK(body.contains("message"));

    auto wrong = client.request("DELETE", "/v1/health");
    REQUIRE(wrong);
    CHECK(wrong->status == 405);
    CHECK(wrong->header("Allow") == "GET");
    CHECK(codeOf(*wrong) == "http.method_not_allowed");

    auto head = client.request("HEAD", "/v1/health"); // 405 without a body, framing intact
    REQUIRE(head);
    CHECK(head->status == 405);
    CHECK(head->header("Content-Length") != "0"); // the length of the body a GET would get
    CHECK(head->body.empty());
    // The connection survived all of it.
    auto ok = client.request("GET", "/v1/health");
    REQUIRE(ok);
    CHECK(ok->status == 200);
    client.close();
    CHECK(server.terminate() == 0);
}

TEST_CASE("server: oversize bodies get 413 and the server stays healthy", "[server][integration]") {
    Server server("payload_too_large", {"--max-body-bytes", "65536"});

    SECTION("declared by Content-Length") {
        HttpClient client = server.connect();
        REQUIRE(client.send("POST /v1/health HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                            "Content-Length: 200000\r\n\r\n" + std::string(200000, 'x')));
        auto r = client.readResponse();
        INFO(client.lastError());
        REQUIRE(r);
        CHECK(r->status == 413);
        CHECK(r->header("Connection") == "close");
        CHECK(codeOf(*r) == "http.payload_too_large");
        CHECK(client.waitForClose(3s));
    }
    SECTION("sent chunked") {
        HttpClient client = server.connect();
        std::string request = "POST /v1/health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 5; ++i) {
            request += "4000\r\n" + std::string(0x4000, 'y') + "\r\n";
        }
        request += "0\r\n\r\n";
        REQUIRE(client.send(request));
        auto r = client.readResponse();
        REQUIRE(r);
        CHECK(r->status == 413);
        CHECK(codeOf(*r) == "http.payload_too_large");
    }
    SECTION("Expect: 100-continue is answered before the body, never when it is too large") {
        HttpClient client = server.connect();
        REQUIRE(client.send("GET /v1/health HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
        auto interim = client.readResponse();
        REQUIRE(interim);
        CHECK(interim->status == 100);
        REQUIRE(client.send("hello"));
        auto r = client.readResponse();
        REQUIRE(r);
        CHECK(r->status == 200);
        REQUIRE(client.send("GET /v1/health HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 70000\r\n\r\n"));
        auto refused = client.readResponse();
        REQUIRE(refused);
        CHECK(refused->status == 413);
    }
    SECTION("a body at the limit is read and the connection kept") {
        HttpClient client = server.connect();
        auto r = client.request("GET", "/v1/health", std::string(65536, 'z'));
        REQUIRE(r);
        CHECK(r->status == 200);
        auto again = client.request("GET", "/v1/health");
        REQUIRE(again);
        CHECK(again->status == 200);
    }
    HttpClient fresh = server.connect();
    auto health = fresh.request("GET", "/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    fresh.close();
    CHECK(server.terminate() == 0);
}

TEST_CASE("server: malformed requests get 400 or 431 and the connection is closed", "[server][integration]") {
    Server server("bad_request");
    struct Case {
        std::string bytes;
        unsigned status;
        std::string code;
    };
    const std::vector<Case> cases{
        {"NOT A REQUEST\r\n\r\n", 400, "http.bad_request"},
        {"GET /v1/health HTTP/1.1\r\nHost a\r\n\r\n", 400, "http.bad_request"},
        {"GET http://elsewhere/v1/health HTTP/1.1\r\nHost: a\r\n\r\n", 400, "http.bad_request"},
        {"GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(10000, 'a') + "\r\n\r\n", 431,
         "http.header_too_large"},
    };
    for (const Case& c : cases) {
        INFO(c.bytes.substr(0, 40));
        HttpClient client = server.connect();
        REQUIRE(client.send(c.bytes));
        auto r = client.readResponse();
        REQUIRE(r);
        CHECK(r->status == c.status);
        CHECK(codeOf(*r) == c.code);
        CHECK(client.waitForClose(3s));
    }
    HttpClient fresh = server.connect();
    auto health = fresh.request("GET", "/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    fresh.close();
    CHECK(server.terminate() == 0);
}

TEST_CASE("server: a client dribbling its header is cut off at the read deadline", "[server][integration]") {
    Server server("slow_client"); // read deadline 1 s
    HttpClient client = server.connect();
    const std::string request = "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-Slow: " + std::string(100, 's');
    const auto start = Clock::now();
    std::optional<ClientResponse> r;
    for (std::size_t i = 0; i < request.size() && !r; ++i) {
        if (!client.send(request.substr(i, 1))) {
            break;
        }
        r = client.readResponse(150ms); // keeps what arrived; a complete response ends the loop
    }
    if (!r) {
        r = client.readResponse(3s);
    }
    REQUIRE(r);
    const double elapsed = secondsSince(start);
    CHECK(r->status == 408);
    CHECK(codeOf(*r) == "http.timeout");
    CHECK(jsonOf(*r).at("transient") == true);
    CHECK(elapsed >= 0.9);
    CHECK(elapsed < 3.0);
    CHECK(client.waitForClose(3s));
    CHECK(server.terminate() == 0);
}

TEST_CASE("server: an idle keep-alive connection is closed after the idle timeout", "[server][integration]") {
    Server server("idle", {"--idle-timeout-ms", "300"});
    HttpClient client = server.connect();
    auto r = client.request("GET", "/v1/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto start = Clock::now();
    CHECK(client.waitForClose(3s));
    CHECK(secondsSince(start) >= 0.25);
}

TEST_CASE("server: connections beyond the limit get 503 too_many_connections", "[server][integration]") {
    Server server("too_many", {"--max-connections", "2"});
    HttpClient a = server.connect();
    HttpClient b = server.connect();
    REQUIRE(a.request("GET", "/v1/health"));
    REQUIRE(b.request("GET", "/v1/health"));

    HttpClient c = server.connect();
    auto rejected = c.request("GET", "/v1/health");
    REQUIRE(rejected);
    CHECK(rejected->status == 503);
    CHECK(rejected->header("Retry-After") == "1");
    CHECK(rejected->header("Connection") == "close");
    const auto body = jsonOf(*rejected);
    CHECK(body.at("code") == "http.too_many_connections");
    CHECK(body.at("transient") == true);
    CHECK(c.waitForClose(3s));

    // The connections being served are unaffected; once one leaves, a newcomer is served.
    auto stillServed = a.request("GET", "/v1/health");
    REQUIRE(stillServed);
    CHECK(stillServed->status == 200);
    b.close();
    unsigned status = 0;
    for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {
        HttpClient d = server.connect();
        auto r = d.request("GET", "/v1/health");
        status = r ? r->status : 0;
        if (status != 200) {
            std::this_thread::sleep_for(20ms);
        }
    }
    CHECK(status == 200);
    a.close();
    CHECK(server.terminate() == 0);
}

TEST_CASE("server: TLS with a certificate serves HTTPS", "[server][integration][tls]") {
    TempDir dir;
    const std::string cert = dir.file("cert.pem");
    const std::string key = dir.file("key.pem");
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
                                " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
                                key + " -out " + cert + " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);

    Server server("tls", {"--tls-cert", cert, "--tls-key", key});
    CHECK_THAT(server.process.log(), Catch::Contains("\"tls\":true"));
    HttpClient client;
    const std::string err = client.connectTls(kLocalhost, server.port(), cert);
    INFO(err);
    REQUIRE(err.empty());
    for (int i = 0; i < 2; ++i) {
        auto r = client.request("GET", "/v1/health");
        INFO(client.lastError());
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(jsonOf(*r).at("status") == "ok");
    }
    auto missing = client.request("GET", "/nope");
    REQUIRE(missing);
    CHECK(missing->status == 404);

    // Plain HTTP on the TLS port gets no HTTP answer, and the server carries on.
    HttpClient plain = server.connect();
    REQUIRE(plain.send("GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n"));
    CHECK_FALSE(plain.readResponse(3s));
    auto again = client.request("GET", "/v1/health");
    REQUIRE(again);
    CHECK(again->status == 200);
    client.close();
    CHECK(server.terminate() == 0);

    // A key file that cannot be loaded is a configuration error.
    ServerProcess broken;
    REQUIRE(broken.spawn(kServerExe, argsWith({"--tls-cert", cert, "--tls-key", dir.file("absent.pem")}),
                         logPath("tls_bad_key")).empty());
    CHECK(broken.wait(20s) == 2);
    CHECK_THAT(broken.log(), Catch::Contains("\"code\":\"server.config_invalid\",\"field\":\"tlsKeyFile\""));
}

TEST_CASE("server: SIGTERM lets an in-flight request finish, then exits 0", "[server][integration][shutdown]") {
    Server server("drain");
    HttpClient idle = server.connect(); // idle keep-alive connection: closed at once by the drain
    REQUIRE(idle.request("GET", "/v1/health"));

    HttpClient slow = server.connect();
    REQUIRE(slow.send("GET /v1/health HTTP/1.1\r\nHost: a\r\n")); // the request is in flight
    std::this_thread::sleep_for(100ms);
    REQUIRE(server.process.signal(SIGTERM));

    CHECK(idle.waitForClose(2s));
    std::this_thread::sleep_for(200ms);
    CHECK_FALSE(server.process.wait(0ms)); // still draining
    HttpClient late;
    CHECK_FALSE(late.connect(kLocalhost, server.port()).empty()); // no longer accepting

    REQUIRE(slow.send("\r\n"));
    auto r = slow.readResponse();
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->header("Connection") == "close");
    slow.close();
    CHECK(server.process.wait(5s) == 0);
    CHECK_THAT(server.process.log(), Catch::Contains("\"signal\":\"SIGTERM\""));
    CHECK_THAT(server.process.log(), Catch::Contains("\"msg\":\"stopped\",\"drained\":true"));
}

TEST_CASE("server: SIGINT on an idle server exits 0 at once", "[server][integration][shutdown]") {
    Server server("sigint", {"--log-level", "error"}); // the port line is written at every level
    REQUIRE(server.process.signal(SIGINT));
    CHECK(server.process.wait(5s) == 0);
    CHECK_THAT(server.process.log(), Catch::Contains("\"signal\":\"SIGINT\""));
}

TEST_CASE("server: bad configuration exits 2, a taken port exits 1, --help exits 0", "[server][integration]") {
    ServerProcess badPort;
    REQUIRE(badPort.spawn(kServerExe, {"--port", "70000"}, logPath("bad_port")).empty());
    CHECK(badPort.wait(20s) == 2);
    const auto lines = badPort.logLines("\"level\":\"error\"");
    REQUIRE(lines.size() == 1);
    const auto line = boost::json::parse(lines.front()).as_object();
    CHECK(line.at("code") == "server.config_invalid");
    CHECK(line.at("field") == "--port");

    Server first("port_owner");
    ServerProcess second;
    REQUIRE(second.spawn(kServerExe, argsWith({"--port", std::to_string(first.port())}), logPath("port_taken")).empty());
    CHECK(second.wait(20s) == 1);
    CHECK_THAT(second.log(), Catch::Contains("\"code\":\"server.listen_failed\""));

    ServerProcess help;
    REQUIRE(help.spawn(kServerExe, {"--help"}, logPath("help")).empty());
    CHECK(help.wait(20s) == 0);
    CHECK_THAT(help.log(), Catch::Contains("--read-timeout-ms MS  (env JEJAK_READ_TIMEOUT_MS"));
}
