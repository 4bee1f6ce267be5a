// SPDX-License-Identifier: Apache-2.0
#include "metrics.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

} // namespace

TEST_CASE("metrics: counters by route and status class, gauges, histogram", "[server][metrics]") {
    Metrics m;
    m.connectionOpened();
    m.connectionOpened();
    m.connectionClosed();
    m.requestStarted();
    m.requestCompleted("GET /v1/health", 200, 2ms);
    m.requestCompleted("GET /v1/health", 204, 20ms);
    m.requestCompleted(Metrics::kUnmatched, 404, 700ms);
    m.requestCompleted(Metrics::kUnmatched, 503, 30s);

    const std::string text = m.renderPrometheus();
    CHECK(has(text, "# TYPE jejak_http_requests_total counter"));
    CHECK(has(text, R"(jejak_http_requests_total{route="GET /v1/health",status="2xx"} 2)"));
    CHECK(has(text, R"(jejak_http_requests_total{route="unmatched",status="4xx"} 1)"));
    CHECK(has(text, R"(jejak_http_requests_total{route="unmatched",status="5xx"} 1)"));
    CHECK(text.find("status=\"3xx\"") == std::string::npos); // classes never seen are not listed
    CHECK(has(text, "jejak_http_requests_in_flight 1"));
    CHECK(has(text, "jejak_http_open_connections 1"));
    CHECK(has(text, "# TYPE jejak_http_request_duration_seconds histogram"));
    CHECK(has(text, R"(jejak_http_request_duration_seconds_bucket{le="0.001"} 0)"));
    CHECK(has(text, R"(jejak_http_request_duration_seconds_bucket{le="0.005"} 1)"));
    CHECK(has(text, R"(jejak_http_request_duration_seconds_bucket{le="0.025"} 2)"));
    CHECK(has(text, R"(jejak_http_request_duration_seconds_bucket{le="1"} 3)"));
    CHECK(has(text, R"(jejak_http_request_duration_seconds_bucket{le="10"} 3)"));
    CHECK(has(text, R"(jejak_http_request_duration_seconds_bucket{le="+Inf"} 4)"));
    CHECK(has(text, "jejak_http_request_duration_seconds_count 4"));
    CHECK(has(text, "jejak_http_request_duration_seconds_sum 30.722"));
    m.requestEnded();
    CHECK(m.inFlight() == 0);
}

TEST_CASE("metrics: live connections are a gauge of their own", "[server][metrics]") {
    Metrics m;
    m.connectionOpened();
    m.liveOpened();
    m.liveOpened();
    m.liveClosed();
    CHECK(m.liveConnections() == 1);
    const std::string text = m.renderPrometheus();
    CHECK(has(text, "# TYPE jejak_live_connections gauge"));
    CHECK(has(text, "jejak_live_connections 1"));
    CHECK(has(text, "jejak_http_open_connections 1"));
}
