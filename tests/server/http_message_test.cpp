// SPDX-License-Identifier: Apache-2.0
#include "http_message.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;

TEST_CASE("http message: headers are looked up ignoring case", "[server][http_message]") {
    HttpHeaders h;
    h.add("Content-Type", "application/json");
    h.add("X-Trace", "1");
    h.add("x-trace", "2");
    CHECK(h.find("content-type") == "application/json");
    CHECK(h.find("X-TRACE") == "1");
    CHECK_FALSE(h.find("Accept").has_value());
    CHECK(h.fields().size() == 3);
    h.set("X-TRACE", "3");
    CHECK(h.fields().size() == 2);
    CHECK(h.find("x-trace") == "3");
    CHECK(equalsIgnoreCase("Keep-Alive", "keep-alive"));
    CHECK_FALSE(equalsIgnoreCase("keep-alive", "keep-alivE "));
}

TEST_CASE("http message: media type drops parameters, case and blanks", "[server][http_message]") {
    CHECK(mediaType("Application/JSON; charset=utf-8") == "application/json");
    CHECK(mediaType("  application/json  ") == "application/json");
    CHECK(mediaType("") == "");
    CHECK(mediaType("text/plain;application/json") == "text/plain");
}
