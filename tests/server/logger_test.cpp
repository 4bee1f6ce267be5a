// SPDX-License-Identifier: Apache-2.0
#include "logger.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cstdio>

using namespace jejak::server;

TEST_CASE("logger: one JSON object per line at or above the level", "[server][logger]") {
    std::FILE* out = std::tmpfile();
    Logger logger(LogLevel::Info, out);
    logger.debug("hidden");
    logger.info("listening", {{"port", 8080U}, {"tls", false}, {"address", "127.0.0.1"}, {"ms", 1.5},
                              {"delta", -3}, {"quote", "a\"b\n"}});
    logger.error("failed");
    std::rewind(out);
    char line[512] = {};
    REQUIRE(std::fgets(line, sizeof line, out) != nullptr);
    const auto o = boost::json::parse(line).as_object();
    CHECK(o.at("level") == "info");
    CHECK(o.at("msg") == "listening");
    CHECK(o.at("port") == 8080);
    CHECK(o.at("tls") == false);
    CHECK(o.at("address") == "127.0.0.1");
    CHECK(o.at("ms").to_number<double>() == Approx(1.5));
    CHECK(o.at("delta") == -3);
    CHECK(o.at("quote") == "a\"b\n");
    CHECK(o.at("ts").as_string().size() == 24); // 2026-01-02T03:04:05.678Z
    REQUIRE(std::fgets(line, sizeof line, out) != nullptr);
    CHECK(boost::json::parse(line).at("msg") == "failed");
    CHECK(std::fgets(line, sizeof line, out) == nullptr); // debug was filtered
    std::fclose(out);

    std::FILE* quiet = std::tmpfile();
    Logger errorsOnly(LogLevel::Error, quiet);
    errorsOnly.info("dropped");
    errorsOnly.lifecycle("listening", {{"port", 1234}});
    std::rewind(quiet);
    REQUIRE(std::fgets(line, sizeof line, quiet) != nullptr);
    CHECK(boost::json::parse(line).at("port") == 1234);
    CHECK(boost::json::parse(line).at("level") == "info");
    CHECK(std::fgets(line, sizeof line, quiet) == nullptr);
    std::fclose(quiet);

    LogLevel level{};
    CHECK(parseLogLevel("warn", level));
    CHECK(level == LogLevel::Warn);
    CHECK_FALSE(parseLogLevel("WARN", level));
    CHECK(levelName(LogLevel::Debug) == "debug");
}
