// SPDX-License-Identifier: Apache-2.0
#include "config.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>

using namespace jejak::server;
using jejak::shared::ErrorCode;
using namespace std::chrono_literals;

namespace {

EnvLookup envOf(std::map<std::string, std::string> values) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(std::string(name));
        if (it == values.end()) {
            return std::nullopt;
        }
        return it->second;
    };
}

const EnvLookup kNoEnv = envOf({});

std::string writeFile(const jejak::testing::TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.file(name);
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST_CASE("config: defaults", "[server][config]") {
    auto inv = parseInvocation({}, kNoEnv);
    REQUIRE(inv);
    CHECK(inv->action == Invocation::Action::Run);
    const ServerConfig& c = inv->config;
    CHECK(c.listenAddress == "0.0.0.0");
    CHECK(c.port == 8080);
    CHECK(c.threads == 0);
    CHECK(c.maxHeaderBytes == 8192);
    CHECK(c.maxBodyBytes == 1024 * 1024);
    CHECK(c.readTimeout == 15s);
    CHECK(c.idleTimeout == 60s);
    CHECK(c.drainTimeout == 10s);
    CHECK(c.logLevel == LogLevel::Info);
    CHECK(c.dataDir == "./jejak-data");
    CHECK_FALSE(c.clockStart.has_value());
    CHECK_FALSE(c.tlsEnabled());
    CHECK(inv->configFile.empty());
}

TEST_CASE("config: flags beat environment beats file beats defaults", "[server][config]") {
    jejak::testing::TempDir dir;
    const std::string file = writeFile(dir, "server.json",
                                       R"({"port": 1111, "threads": 3, "readTimeoutMs": 3000,
                                           "logLevel": "warn", "maxBodyBytes": 100})");
    const auto env = envOf({{"JEJAK_PORT", "2222"}, {"JEJAK_READ_TIMEOUT_MS", "4000"}, {"JEJAK_CONFIG", "/nonexistent"}});

    auto inv = parseInvocation({"--config", file, "--port=3333"}, env);
    REQUIRE(inv);
    const ServerConfig& c = inv->config;
    CHECK(c.port == 3333);                      // flag
    CHECK(c.readTimeout == 4000ms);             // env over file
    CHECK(c.threads == 3);                      // file over default
    CHECK(c.logLevel == LogLevel::Warn);        // file
    CHECK(c.maxBodyBytes == 100);               // file
    CHECK(c.idleTimeout == 60s);                // default
    CHECK(inv->configFile == file);             // --config beats JEJAK_CONFIG

    // Without the flag, JEJAK_CONFIG names the file.
    auto fromEnv = parseInvocation({}, envOf({{"JEJAK_CONFIG", file}}));
    REQUIRE(fromEnv);
    CHECK(fromEnv->config.port == 1111);
}

TEST_CASE("config: invalid values name their source", "[server][config]") {
    jejak::testing::TempDir dir;
    struct Case {
        std::vector<std::string> args;
        std::map<std::string, std::string> env;
        std::string field;
    };
    const std::string unknownKey = writeFile(dir, "a.json", R"({"prot": 1})");
    const std::string wrongType = writeFile(dir, "b.json", R"({"port": "80"})");
    const std::string notObject = writeFile(dir, "c.json", R"([1])");
    const std::string broken = writeFile(dir, "d.json", R"({"port": )");
    const std::string negative = writeFile(dir, "e.json", R"({"port": -1})");
    const std::vector<Case> cases{
        {{"--port", "65536"}, {}, "--port"},
        {{"--port", "80x"}, {}, "--port"},
        {{"--port"}, {}, "--port"},
        {{"--bogus", "1"}, {}, "--bogus"},
        {{"positional"}, {}, "positional"},
        {{"--read-timeout-ms", "0"}, {}, "--read-timeout-ms"},
        {{"--log-level", "loud"}, {}, "--log-level"},
        {{"--max-connections", "0"}, {}, "--max-connections"},
        {{}, {{"JEJAK_THREADS", "many"}}, "JEJAK_THREADS"},
        {{"--config", unknownKey}, {}, unknownKey + ":prot"},
        {{"--config", wrongType}, {}, wrongType + ":port"},
        {{"--config", negative}, {}, negative + ":port"},
        {{"--config", notObject}, {}, notObject},
        {{"--config", broken}, {}, broken},
        {{"--config", dir.file("missing.json")}, {}, "--config"},
        {{"--tls-cert", "cert.pem"}, {}, "tlsKeyFile"},
        {{"--data-dir", ""}, {}, "--data-dir"},
        {{"--clock-start", "2023-03-01T08:00:00"}, {}, "--clock-start"},
        {{}, {{"JEJAK_CLOCK_START", "yesterday"}}, "JEJAK_CLOCK_START"},
    };
    for (const Case& c : cases) {
        INFO(c.field);
        auto inv = parseInvocation(c.args, envOf(c.env));
        REQUIRE_FALSE(inv);
        CHECK(inv.error().code == ErrorCode::ServerConfigInvalid);
        CHECK(inv.error().field == c.field);
    }
}

TEST_CASE("config: data directory and evidence chunk size", "[server][config]") {
    auto defaults = parseInvocation({}, kNoEnv);
    REQUIRE(defaults);
    CHECK(defaults->config.dataDir == "./jejak-data");
    CHECK(defaults->config.maxBlobChunkBytes == 1024 * 1024);

    jejak::testing::TempDir dir;
    const std::string file = writeFile(dir, "server.json", R"({"dataDir": "/srv/jejak", "maxBlobChunkBytes": 262144})");
    auto fromFile = parseInvocation({"--config", file}, kNoEnv);
    REQUIRE(fromFile);
    CHECK(fromFile->config.dataDir == "/srv/jejak");
    CHECK(fromFile->config.maxBlobChunkBytes == 262144);
    auto layered = parseInvocation({"--config", file, "--max-blob-chunk-bytes", "65536"},
                                   envOf({{"JEJAK_DATA_DIR", "/var/lib/jejak"}}));
    REQUIRE(layered);
    CHECK(layered->config.dataDir == "/var/lib/jejak");
    CHECK(layered->config.maxBlobChunkBytes == 65536);

    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"--max-blob-chunk-bytes", "1023"}, {"--max-blob-chunk-bytes", "67108865"}, {"--data-dir", ""}}) {
        auto inv = parseInvocation(bad, kNoEnv);
        REQUIRE_FALSE(inv);
        CHECK(inv.error().field == bad.front());
    }
    CHECK_THAT(helpText(), Catch::Contains("--data-dir DIR  (env JEJAK_DATA_DIR"));
}

TEST_CASE("config: data directory and clock start from every layer", "[server][config]") {
    jejak::testing::TempDir dir;
    const std::string file =
        writeFile(dir, "server.json", R"({"dataDir": "/srv/jejak", "clockStart": "2023-03-01T08:00:00+08:00"})");
    auto fromFile = parseInvocation({"--config", file}, kNoEnv);
    REQUIRE(fromFile);
    CHECK(fromFile->config.dataDir == "/srv/jejak");
    REQUIRE(fromFile->config.clockStart.has_value());
    CHECK(jejak::shared::formatTimestamp(*fromFile->config.clockStart) == "2023-03-01T00:00:00.000Z");

    auto fromEnv = parseInvocation({"--config", file}, envOf({{"JEJAK_DATA_DIR", "/var/lib/jejak"},
                                                              {"JEJAK_CLOCK_START", "2023-06-01T00:00:00Z"}}));
    REQUIRE(fromEnv);
    CHECK(fromEnv->config.dataDir == "/var/lib/jejak");
    CHECK(jejak::shared::formatTimestamp(*fromEnv->config.clockStart) == "2023-06-01T00:00:00.000Z");

    auto fromFlags = parseInvocation({"--data-dir", "d", "--clock-start=2023-07-01T07:00:00+07:00"},
                                     envOf({{"JEJAK_DATA_DIR", "/var/lib/jejak"}}));
    REQUIRE(fromFlags);
    CHECK(fromFlags->config.dataDir == "d");
    CHECK(jejak::shared::formatTimestamp(*fromFlags->config.clockStart) == "2023-07-01T00:00:00.000Z");
}

TEST_CASE("config: live notification limits", "[server][config]") {
    auto defaults = parseInvocation({}, kNoEnv);
    REQUIRE(defaults);
    CHECK(defaults->config.maxLiveConnections == 10'000);
    CHECK(defaults->config.livePingInterval == std::chrono::milliseconds(30'000));

    auto set = parseInvocation({"--max-live-connections", "500", "--live-ping-interval-ms=15000"}, kNoEnv);
    REQUIRE(set);
    CHECK(set->config.maxLiveConnections == 500);
    CHECK(set->config.livePingInterval == std::chrono::milliseconds(15'000));
    auto fromEnv = parseInvocation(
        {}, envOf({{"JEJAK_MAX_LIVE_CONNECTIONS", "7"}, {"JEJAK_LIVE_PING_INTERVAL_MS", "100"}}));
    REQUIRE(fromEnv);
    CHECK(fromEnv->config.maxLiveConnections == 7);
    CHECK(fromEnv->config.livePingInterval == std::chrono::milliseconds(100));

    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"--max-live-connections", "0"},
             {"--live-ping-interval-ms", "0"},
             {"--live-ping-interval-ms", "soon"}}) {
        auto inv = parseInvocation(bad, kNoEnv);
        REQUIRE_FALSE(inv);
        CHECK(inv.error().field == bad.front());
    }
    CHECK_THAT(helpText(), Catch::Contains("--max-live-connections N  (env JEJAK_MAX_LIVE_CONNECTIONS"));
}

TEST_CASE("config: TLS, help and version", "[server][config]") {
    auto tls = parseInvocation({"--tls-cert", "c.pem", "--tls-key=k.pem"}, kNoEnv);
    REQUIRE(tls);
    CHECK(tls->config.tlsEnabled());
    CHECK(tls->config.tlsKeyFile == "k.pem");

    auto help = parseInvocation({"--port", "1", "--help"}, kNoEnv);
    REQUIRE(help);
    CHECK(help->action == Invocation::Action::Help);
    auto version = parseInvocation({"--version"}, kNoEnv);
    REQUIRE(version);
    CHECK(version->action == Invocation::Action::Version);

    const std::string text = helpText();
    for (const char* expected : {"--config FILE", "--listen ADDRESS", "JEJAK_READ_TIMEOUT_MS", "\"maxBodyBytes\"",
                                 "default 8192", "default 1048576", "--drain-timeout-ms", "--log-level",
                                 "--data-dir DIR", "JEJAK_DATA_DIR", "default ./jejak-data", "--clock-start RFC3339",
                                 "JEJAK_CLOCK_START"}) {
        INFO(expected);
        CHECK(text.find(expected) != std::string::npos);
    }
}

TEST_CASE("config: worker threads, data directory, session lifetime and password cost", "[server][config]") {
    auto defaults = parseInvocation({}, kNoEnv);
    REQUIRE(defaults);
    CHECK(defaults->config.workerThreads == 0);
    CHECK(defaults->config.dataDir == "./jejak-data");
    CHECK(defaults->config.sessionLifetime == std::chrono::hours(24 * 30));
    CHECK(defaults->config.password == kInteractivePassword);

    jejak::testing::TempDir dir;
    const std::string file =
        writeFile(dir, "server.json", R"({"workerThreads": 8, "dataDir": "/srv/jejak", "sessionLifetimeSeconds": 60})");
    const auto env = envOf({{"JEJAK_WORKER_THREADS", "12"}, {"JEJAK_PASSWORD_MEM_LIMIT_KIB", "8"}});
    auto inv = parseInvocation({"--config", file, "--password-ops-limit", "1", "--data-dir=/data"}, env);
    REQUIRE(inv);
    CHECK(inv->config.workerThreads == 12);
    CHECK(inv->config.dataDir == "/data");
    CHECK(inv->config.sessionLifetime == 60s);
    CHECK(inv->config.password == PasswordParams{1, 8192});

    auto zeroLifetime = parseInvocation({"--session-lifetime-s", "0"}, kNoEnv);
    REQUIRE_FALSE(zeroLifetime);
    CHECK(zeroLifetime.error().field == "--session-lifetime-s");
    auto tinyMemory = parseInvocation({}, envOf({{"JEJAK_PASSWORD_MEM_LIMIT_KIB", "4"}}));
    REQUIRE_FALSE(tinyMemory);
    CHECK(tinyMemory.error().field == "JEJAK_PASSWORD_MEM_LIMIT_KIB");
    CHECK_FALSE(parseInvocation({"--data-dir", ""}, kNoEnv));
    CHECK_FALSE(parseInvocation({"--password-ops-limit", "0"}, kNoEnv));
    CHECK_THAT(helpText(), Catch::Contains("--worker-threads N  (env JEJAK_WORKER_THREADS"));
}
