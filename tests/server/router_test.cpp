// SPDX-License-Identifier: Apache-2.0
#include "router.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using Kind = Router::Match::Kind;

namespace {

Handler answer(std::string body) {
    return [body](const HttpRequest&, const RouteParams&) {
        HttpResponse r;
        r.body = body;
        return r;
    };
}

std::string run(const Router::Match& m) { return m.route->handler(HttpRequest{}, m.params).body; }

} // namespace

TEST_CASE("router: literal routes match exactly", "[server][router]") {
    Router router;
    REQUIRE(router.add("GET", "/v1/health", answer("health")));
    REQUIRE(router.add("GET", "/", answer("root")));

    auto m = router.match("GET", "/v1/health");
    REQUIRE(m.kind == Kind::Found);
    CHECK(run(m) == "health");
    CHECK(m.route->label == "GET /v1/health");
    CHECK(m.params.size() == 0);
    CHECK(run(router.match("GET", "/")) == "root");

    CHECK(router.match("GET", "/v1/health/").kind == Kind::NotFound);
    CHECK(router.match("GET", "/v1/healthz").kind == Kind::NotFound);
    CHECK(router.match("GET", "/v1").kind == Kind::NotFound);
    CHECK(router.match("GET", "/V1/health").kind == Kind::NotFound);
    CHECK(router.match("GET", "v1/health").kind == Kind::NotFound);
    CHECK(router.match("GET", "").kind == Kind::NotFound);
}

TEST_CASE("router: parameters capture percent-decoded segments", "[server][router]") {
    Router router;
    REQUIRE(router.add("GET", "/v1/teams/{teamId}/members/{nip}", answer("member")));

    auto m = router.match("GET", "/v1/teams/t-1/members/1985%20X");
    REQUIRE(m.kind == Kind::Found);
    CHECK(m.params.get("teamId") == "t-1");
    CHECK(m.params.get("nip") == "1985 X");
    CHECK(m.params.get("absent").empty());

    CHECK(router.match("GET", "/v1/teams//members/x").kind == Kind::NotFound);   // empty parameter
    CHECK(router.match("GET", "/v1/teams/%zz/members/x").kind == Kind::NotFound); // broken escape
    CHECK(router.match("GET", "/v1/teams/a%2/members/x").kind == Kind::NotFound); // truncated escape
    CHECK(router.match("GET", "/v1/teams/a/members").kind == Kind::NotFound);
}

TEST_CASE("router: a literal segment beats a parameter", "[server][router]") {
    Router router;
    REQUIRE(router.add("GET", "/v1/blobs/{digest}", answer("blob")));
    REQUIRE(router.add("GET", "/v1/blobs/stats", answer("stats")));
    CHECK(run(router.match("GET", "/v1/blobs/stats")) == "stats");
    CHECK(run(router.match("GET", "/v1/blobs/abc")) == "blob");
}

TEST_CASE("router: a known path with another method is 405 with the allowed methods", "[server][router]") {
    Router router;
    REQUIRE(router.add("PUT", "/v1/blobs/{digest}", answer("put")));
    REQUIRE(router.add("GET", "/v1/blobs/{digest}", answer("get")));
    REQUIRE(router.add("HEAD", "/v1/blobs/{digest}", answer("head")));

    auto m = router.match("DELETE", "/v1/blobs/abc");
    CHECK(m.kind == Kind::MethodNotAllowed);
    CHECK(m.allow == "GET, HEAD, PUT");
    CHECK(m.route == nullptr);
    CHECK(router.match("get", "/v1/blobs/abc").kind == Kind::MethodNotAllowed); // methods are case-sensitive
    CHECK(run(router.match("PUT", "/v1/blobs/abc")) == "put");
    CHECK(router.match("DELETE", "/v1/other").kind == Kind::NotFound);
}

TEST_CASE("router: malformed patterns and duplicates are refused", "[server][router]") {
    Router router;
    REQUIRE(router.add("GET", "/v1/items/{id}", answer("a")));
    for (const char* bad : {"", "v1/items", "/v1//items", "/v1/items/", "/v1/{}", "/v1/{id", "/v1/x{id}",
                            "/v1/{bad-name}"}) {
        INFO(bad);
        auto r = router.add("GET", bad, answer("x"));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == jejak::shared::ErrorCode::InvalidArgument);
    }
    auto dup = router.add("GET", "/v1/items/{other}", answer("b")); // same shape, other name
    REQUIRE_FALSE(dup);
    CHECK(dup.error().message.find("duplicates GET /v1/items/{id}") != std::string::npos);
    CHECK(router.add("POST", "/v1/items/{id}", answer("c")));      // same shape, other method: fine
    CHECK_FALSE(router.add("", "/v1/x", answer("d")));
    CHECK_FALSE(router.add("GET", "/v1/x", Handler{}));
    CHECK(router.routes().size() == 2);
}
