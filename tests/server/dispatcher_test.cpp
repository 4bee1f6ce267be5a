// SPDX-License-Identifier: Apache-2.0
#include "dispatcher.hpp"

#include "app_state.hpp"
#include "auth_fixture.hpp"
#include "http_errors.hpp"
#include "routes.hpp"
#include "storage/sqlite_storage.hpp"

#include "support/temp_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cstdio>
#include <stdexcept>

using namespace jejak::server;

namespace {

HttpRequest makeRequest(std::string method, std::string target, std::string body = {}, std::string contentType = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    if (!contentType.empty()) {
        r.headers.add("content-type", std::move(contentType));
    }
    r.remoteAddress = "127.0.0.1";
    return r;
}

std::string codeOf(const HttpResponse& r) {
    return std::string(boost::json::parse(r.body).at("code").as_string());
}

/// A dispatcher over a test router, logging to a scratch file.
struct Fixture {
    Fixture() {
        RouteOptions json;
        json.jsonBody = true;
        json.maxBodyBytes = 8 * 1024 * 1024;
        REQUIRE(router.add("POST", "/v1/echo", [](const HttpRequest& req, const RouteParams&) {
            return jsonResponse(200, req.body);
        }, json));
        REQUIRE(router.add("GET", "/v1/boom/{id}", [](const HttpRequest&, const RouteParams& p) -> HttpResponse {
            throw std::runtime_error("boom " + std::string(p.get("id")));
        }));
    }
    ~Fixture() { std::fclose(logFile); }

    Router router;
    Metrics metrics;
    std::FILE* logFile = std::tmpfile();
    Logger logger{LogLevel::Debug, logFile};
    Dispatcher dispatcher{router, metrics, logger, 1024};
};

} // namespace

TEST_CASE("dispatcher: routes, 404 and 405", "[server][dispatcher]") {
    Fixture f;
    auto ok = f.dispatcher.dispatch(makeRequest("POST", "/v1/echo", R"({"a":1})", "application/json"));
    CHECK(ok.response.status == 200);
    CHECK(ok.response.body == R"({"a":1})");
    CHECK(ok.route == "POST /v1/echo");

    auto missing = f.dispatcher.dispatch(makeRequest("GET", "/v1/nothing"));
    CHECK(missing.response.status == 404);
    CHECK(codeOf(missing.response) == "http.not_found_route");
    CHECK(missing.route == Metrics::kUnmatched);

    auto wrong = f.dispatcher.dispatch(makeRequest("GET", "/v1/echo"));
    CHECK(wrong.response.status == 405);
    CHECK(wrong.response.headers.find("Allow") == "POST");
    CHECK(codeOf(wrong.response) == "http.method_not_allowed");
}

TEST_CASE("dispatcher: JSON routes refuse other media types with 415", "[server][dispatcher]") {
    Fixture f;
    auto plain = f.dispatcher.dispatch(makeRequest("POST", "/v1/echo", "{}", "text/plain"));
    CHECK(plain.response.status == 415);
    CHECK(codeOf(plain.response) == "http.unsupported_media_type");
    CHECK(f.dispatcher.dispatch(makeRequest("POST", "/v1/echo", "{}")).response.status == 415); // no type at all
    CHECK(f.dispatcher.dispatch(makeRequest("POST", "/v1/echo", "{}", "Application/JSON; charset=utf-8")).response.status == 200);
    CHECK(f.dispatcher.dispatch(makeRequest("POST", "/v1/echo", "", "text/plain")).response.status == 200); // no body
}

TEST_CASE("dispatcher: a throwing handler becomes 500 and is logged", "[server][dispatcher]") {
    Fixture f;
    auto r = f.dispatcher.dispatch(makeRequest("GET", "/v1/boom/7"));
    CHECK(r.response.status == 500);
    CHECK(codeOf(r.response) == "general.internal");
    CHECK(r.response.body.find("boom") == std::string::npos); // no internals leak to the client
    std::rewind(f.logFile);
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, f.logFile) != nullptr);
    CHECK(std::string(line).find(R"("error":"boom 7")") != std::string::npos);
}

TEST_CASE("dispatcher: admission gives the route's body limit, else the default", "[server][dispatcher]") {
    Fixture f;
    auto echo = f.dispatcher.admit("POST", "/v1/echo");
    CHECK(echo.maxBodyBytes == 8 * 1024 * 1024);
    CHECK(echo.route == "POST /v1/echo");
    auto boom = f.dispatcher.admit("GET", "/v1/boom/1");
    CHECK(boom.maxBodyBytes == 1024);
    CHECK(f.dispatcher.admit("GET", "/elsewhere").maxBodyBytes == 1024);
    CHECK(f.dispatcher.admit("GET", "/elsewhere").route == Metrics::kUnmatched);
}

TEST_CASE("dispatcher: live routes are admitted as such and open their channel",
          "[server][dispatcher][live]") {
    Fixture f;
    Notifier notifier;
    REQUIRE(f.router.add(
        "GET", "/v1/live", [](const HttpRequest&, const RouteParams&) { return jsonResponse(426, "{}"); }, {},
        [&notifier](const HttpRequest& req, Notifier::Wake wake) -> jejak::shared::Result<LiveGrant> {
            if (req.headers.contains("X-Boom")) {
                throw std::runtime_error("opener failed");
            }
            auto s = notifier.subscribe("199106222015031012", std::move(wake));
            if (!s) {
                return std::move(s).error();
            }
            return LiveGrant{Caller{"199106222015031012", "phone", "s1"}, std::move(*s)};
        }));
    CHECK(f.dispatcher.admit("GET", "/v1/live").live);
    CHECK_FALSE(f.dispatcher.admit("POST", "/v1/echo").live);
    CHECK_FALSE(f.dispatcher.admit("GET", "/elsewhere").live);

    int woken = 0;
    auto grant = f.dispatcher.openLive(makeRequest("GET", "/v1/live"), [&woken](std::int64_t) { ++woken; });
    REQUIRE(grant);
    CHECK(grant->caller.nip == "199106222015031012");
    notifier.notify({"199106222015031012"}, 4);
    CHECK(woken == 1);

    auto boom = makeRequest("GET", "/v1/live");
    boom.headers.add("X-Boom", "1");
    auto failed = f.dispatcher.openLive(boom, [](std::int64_t) {});
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == jejak::shared::ErrorCode::Internal);
    CHECK(failed.error().message.find("opener failed") == std::string::npos); // logged, not answered

    auto notLive = f.dispatcher.openLive(makeRequest("POST", "/v1/echo"), [](std::int64_t) {});
    REQUIRE_FALSE(notLive);
    CHECK(notLive.error().code == jejak::shared::ErrorCode::HttpBadRequest);
    // Without the upgrade the route's handler answers as usual.
    CHECK(f.dispatcher.dispatch(makeRequest("GET", "/v1/live")).response.status == 426);
}

TEST_CASE("dispatcher: record counts in the metrics and writes an access log line", "[server][dispatcher]") {
    Fixture f;
    f.metrics.requestStarted();
    f.dispatcher.record({"POST", "/v1/echo", "10.0.0.9", "POST /v1/echo", 201, std::chrono::milliseconds(3)});
    f.metrics.requestEnded();
    const std::string text = f.metrics.renderPrometheus();
    CHECK(text.find("jejak_http_requests_total{route=\"POST /v1/echo\",status=\"2xx\"} 1\n") != std::string::npos);
    std::rewind(f.logFile);
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, f.logFile) != nullptr);
    const auto o = boost::json::parse(line).as_object();
    CHECK(o.at("msg") == "request");
    CHECK(o.at("level") == "info");
    CHECK(o.at("method") == "POST");
    CHECK(o.at("path") == "/v1/echo");
    CHECK(o.at("status") == 201);
    CHECK(o.at("remote") == "10.0.0.9");
    CHECK(o.at("duration_ms").to_number<double>() == Approx(3.0));
    CHECK(o.contains("ts"));
}

TEST_CASE("dispatcher: the server's routes serve health and metrics", "[server][dispatcher][health]") {
    jejak::testing::TempDir dir;
    const jejak::shared::FixedClock clock(*jejak::shared::parseTimestamp("2023-03-01T08:00:00+08:00"));
    SqliteStorageOptions options;
    options.path = dir.file("jejak.db");
    auto storage = SqliteStorage::open(options, clock);
    REQUIRE(storage);
    jejak::testing::AuthRig rig;
    AppState state("9.9.9", **storage, clock, *rig.auth);
    auto router = buildRouter(state);
    REQUIRE(router);
    std::FILE* logFile = std::tmpfile();
    Logger logger(LogLevel::Error, logFile);
    const Dispatcher dispatcher(*router, state.metrics, logger, 1024);

    auto health = dispatcher.dispatch(makeRequest("GET", "/v1/health"));
    CHECK(health.response.status == 200);
    CHECK(health.response.contentType == "application/json");
    const auto o = boost::json::parse(health.response.body).as_object();
    CHECK(o.at("status") == "ok");
    CHECK(o.at("version") == "9.9.9");
    CHECK(o.at("uptimeSeconds").to_number<std::int64_t>() >= 0);
    CHECK(o.at("referenceVersion") == 0); // nothing imported into the fresh database

    state.metrics.connectionOpened();
    auto metrics = dispatcher.dispatch(makeRequest("GET", "/metrics"));
    CHECK(metrics.response.status == 200);
    CHECK(metrics.response.contentType.starts_with("text/plain; version=0.0.4"));
    CHECK(metrics.response.body.find("jejak_http_open_connections 1\n") != std::string::npos);
    CHECK(dispatcher.dispatch(makeRequest("POST", "/metrics")).response.status == 405);
    std::fclose(logFile);
}
