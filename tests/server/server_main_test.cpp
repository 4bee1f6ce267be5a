// SPDX-License-Identifier: Apache-2.0
// jejak-server start-up and shutdown around its database, as a real process.
#include "server_main.hpp"

#include "storage/schema.hpp"

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "jejak/shared/sqlite.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

using jejak::shared::sqlite::Database;
using jejak::testing::HttpClient;
using jejak::testing::ServerProcess;
using jejak::testing::TempDir;
using namespace std::chrono_literals;

namespace {

const std::string kServerExe = JEJAK_SERVER_EXE;
const std::string kAdminExe = JEJAK_ADMIN_EXE;

std::string logPath(const std::string& name) {
    return std::string(JEJAK_TEST_LOG_DIR) + "/" + name + ".log";
}

std::int64_t referenceVersion(std::uint16_t port) {
    HttpClient client;
    const std::string err = client.connect("127.0.0.1", port);
    INFO(err);
    REQUIRE(err.empty());
    const auto response = client.request("GET", "/v1/health");
    REQUIRE(response.has_value());
    INFO(response->body);
    REQUIRE(response->status == 200);
    return boost::json::parse(response->body).at("referenceVersion").to_number<std::int64_t>();
}

} // namespace

TEST_CASE("server: starts on a fresh data directory, creates the database and closes it on SIGTERM",
          "[server][storage][integration]") {
    TempDir dir;
    const std::string dataDir = dir.file("fresh/data");
    {
        ServerProcess server;
        const std::string err =
            server.start(kServerExe,
                         {"--listen", "127.0.0.1", "--port", "0", "--threads", "1", "--data-dir", dataDir,
                          "--clock-start", "2023-03-01T08:00:00+08:00"},
                         logPath("storage-fresh"));
        INFO(err);
        REQUIRE(err.empty());
        CHECK(std::filesystem::exists(dataDir + "/jejak.db"));
        CHECK(referenceVersion(server.port()) == 0);
        server.signal(SIGTERM);
        CHECK(server.wait(20s) == 0);
        const std::string log = server.log();
        CHECK_THAT(log,
                   Catch::Contains("\"msg\":\"database open\"") && Catch::Contains("\"schemaVersion\":" +
                                   std::to_string(jejak::server::schemaMigrations().size())));
        CHECK_THAT(log, Catch::Contains("\"clock\":\"2023-03-01T00:00:00.000Z\""));
        CHECK_THAT(log, Catch::Contains("\"msg\":\"database closed\"") && Catch::Contains("\"writeBatches\":0") &&
                            Catch::Contains("\"writeJobsCommitted\":0"));
    }
    CHECK_FALSE(std::filesystem::exists(dataDir + "/jejak.db-wal")); // closed cleanly: WAL checkpointed

    // An import by jejak-admin, then a restart serves the new reference version.
    ServerProcess importer;
    REQUIRE(importer
                .spawn(kAdminExe,
                       {"import", "--data-dir", dataDir,
                        std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json"},
                       logPath("storage-fresh-import"))
                .empty());
    REQUIRE(importer.wait(120s) == 0);
    ServerProcess restarted;
    const std::string err = restarted.start(
        kServerExe, {"--listen", "127.0.0.1", "--port", "0", "--threads", "1", "--data-dir", dataDir},
        logPath("storage-restarted"));
    INFO(err);
    REQUIRE(err.empty());
    CHECK(referenceVersion(restarted.port()) == 1);
    restarted.signal(SIGTERM);
    CHECK(restarted.wait(20s) == 0);
}

TEST_CASE("server: refuses a database written by a newer program", "[server][storage][integration]") {
    TempDir dir;
    {
        auto db = Database::open(dir.file("jejak.db"));
        REQUIRE(db);
        REQUIRE(db->exec("PRAGMA user_version = 99"));
    }
    ServerProcess server;
    REQUIRE(server
                .spawn(kServerExe,
                       {"--listen", "127.0.0.1", "--port", "0", "--data-dir", dir.path().string()},
                       logPath("storage-too-new"))
                .empty());
    CHECK(server.wait(20s) == 1);
    const std::string log = server.log();
    INFO(log);
    CHECK_THAT(log, Catch::Contains("\"code\":\"storage.schema_too_new\""));
    CHECK_THAT(log, Catch::Contains("newer jejak-server"));
    CHECK_THAT(log, !Catch::Contains("\"msg\":\"listening\""));
}

TEST_CASE("server: a data directory that cannot be created stops the start",
          "[server][storage][integration]") {
    TempDir dir;
    const std::string file = dir.file("a-file");
    { std::ofstream(file) << "not a directory"; }
    ServerProcess server;
    REQUIRE(server
                .spawn(kServerExe, {"--listen", "127.0.0.1", "--port", "0", "--data-dir", file},
                       logPath("storage-bad-dir"))
                .empty());
    CHECK(server.wait(20s) == 1);
    CHECK_THAT(server.log(), Catch::Contains("cannot create the data directory"));
}
