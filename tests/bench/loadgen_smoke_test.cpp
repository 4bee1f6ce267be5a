// SPDX-License-Identifier: Apache-2.0
// Smoke test of jejak_loadgen against a real jejak-server: correctness only (no timing is asserted).
#include "workload.hpp"

#include "admin/admin.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/sqlite.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>

using namespace jejak::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kClockStart = "2023-03-15T08:00:00+08:00";
constexpr const char* kPassword = "loadgen-smoke-password";
constexpr std::size_t kDevices = 4;

std::string bundlePath() { return std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json"; }
std::string logPath(const std::string& name) { return std::string(JEJAK_TEST_LOG_DIR) + "/" + name + ".log"; }

int admin(const std::vector<std::string>& args, const std::string& input = {}) {
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    const int status = jejak::server::runAdmin(args, in, out, err);
    INFO(err.str());
    CHECK(status == jejak::server::kAdminOk);
    return status;
}

/// A data directory with the demo data and an account (kPassword) for each employee the devices use.
std::string prepareData(const TempDir& dir) {
    const std::string data = dir.file("data");
    REQUIRE(admin({"init-db", "--data-dir", data}) == 0);
    REQUIRE(admin({"import", "--data-dir", data, bundlePath()}) == 0);
    const auto bundle = jejak::shared::loadBundleFile(bundlePath());
    REQUIRE(bundle.ok());
    const auto workload = jejak::bench::Workload::create(*bundle.bundle, *jejak::shared::parseTimestamp(kClockStart));
    REQUIRE(workload);
    REQUIRE(workload->authors().size() >= kDevices);
    for (std::size_t i = 0; i < kDevices; ++i) {
        REQUIRE(admin({"user", "add", "--data-dir", data, "--nip", workload->authors()[i].nip, "--password-ops-limit",
                       "1", "--password-mem-limit-kib", "8"},
                      std::string(kPassword) + "\n") == 0);
    }
    return data;
}

std::vector<std::string> readLines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

/// The value of `key=` in a report file; empty when absent.
std::string reportValue(const std::string& path, const std::string& key) {
    for (const auto& line : readLines(path)) {
        if (line.starts_with(key + "="))
            return line.substr(key.size() + 1);
    }
    return {};
}

std::vector<std::string> loadgenArgs(std::uint16_t port, const std::string& passwordFile, const TempDir& dir) {
    return {"--port",       std::to_string(port), "--bundle",     bundlePath(),
            "--password-file", passwordFile,      "--clock-start", kClockStart,
            "--devices",    std::to_string(kDevices), "--duration-s", "2",
            "--photos",     "4",                  "--photo-size", "64x48",
            "--report",     dir.file("report"),   "--acked-out",  dir.file("acked")};
}

std::vector<std::string> serverArgs(const std::string& data) {
    return {"--listen",     "127.0.0.1", "--port",        "0",          "--threads",           "2",
            "--data-dir",   data,        "--clock-start", kClockStart,  "--password-ops-limit", "1",
            "--password-mem-limit-kib", "8", "--drain-timeout-ms", "3000"};
}

} // namespace

TEST_CASE("loadgen: four devices push for two seconds and every acknowledged submission is stored once",
          "[bench][loadgen]") {
    const TempDir dir;
    const std::string data = prepareData(dir);
    const std::string passwordFile = dir.file("password");
    std::ofstream(passwordFile) << kPassword << "\n";

    ServerProcess server;
    const std::string started = server.start(JEJAK_SERVER_EXE, serverArgs(data), logPath("loadgen-smoke-server"));
    INFO(started);
    REQUIRE(started.empty());

    ServerProcess loadgen;
    REQUIRE(loadgen.spawn(JEJAK_LOADGEN_EXE, loadgenArgs(server.port(), passwordFile, dir),
                          logPath("loadgen-smoke-loadgen"))
                .empty());
    const auto status = loadgen.wait(120s);
    INFO(loadgen.log());
    REQUIRE(status == 0);
    CHECK(reportValue(dir.file("report"), "errors") == "0");
    CHECK(reportValue(dir.file("report"), "push_missing") == "0");

    const std::vector<std::string> acked = readLines(dir.file("acked"));
    const std::set<std::string> ackedSet(acked.begin(), acked.end());
    CHECK(!acked.empty());
    CHECK(ackedSet.size() == acked.size()); // no submission acknowledged twice
    CHECK(reportValue(dir.file("report"), "acked_total") == std::to_string(acked.size()));

    REQUIRE(server.signal(SIGTERM));
    REQUIRE(server.wait(30s) == 0);

    jejak::shared::sqlite::OpenOptions readOnly;
    readOnly.readOnly = true;
    auto db = jejak::shared::sqlite::Database::open(data + "/jejak.db", readOnly);
    REQUIRE(db);
    auto ids = db->prepare("SELECT id FROM activity WHERE state = 'submitted'");
    REQUIRE(ids);
    std::set<std::string> stored;
    for (auto row = ids->step(); row && *row; row = ids->step())
        stored.insert(ids->columnText(0));
    CHECK(stored == ackedSet); // every acknowledged submission stored, nothing else
    for (const char* table : {"activity", "activity_revision", "applied_op"}) {
        auto count = db->prepare(std::string("SELECT count(*) FROM ") + table);
        REQUIRE(count);
        REQUIRE(count->step());
        INFO(table);
        CHECK(count->columnInt64(0) == static_cast<std::int64_t>(acked.size()));
    }
}

TEST_CASE("loadgen: a login that fails stops the run before any push, with status 1", "[bench][loadgen]") {
    const TempDir dir;
    const std::string data = prepareData(dir);
    const std::string passwordFile = dir.file("password");
    std::ofstream(passwordFile) << "not-the-password\n";

    ServerProcess server;
    const std::string started = server.start(JEJAK_SERVER_EXE, serverArgs(data), logPath("loadgen-badlogin-server"));
    INFO(started);
    REQUIRE(started.empty());

    ServerProcess loadgen;
    REQUIRE(loadgen.spawn(JEJAK_LOADGEN_EXE, loadgenArgs(server.port(), passwordFile, dir),
                          logPath("loadgen-badlogin-loadgen"))
                .empty());
    CHECK(loadgen.wait(60s) == 1);
    CHECK_THAT(loadgen.log(), Catch::Contains("setup failed") && Catch::Contains("auth.invalid_credentials"));
    CHECK(server.logLines("/v1/sync/push").empty());
}
