// SPDX-License-Identifier: Apache-2.0
// jejak-admin init-db, import and audit verify as real processes; usage errors in-process.
#include "admin/admin.hpp"

#include "storage/schema.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/sqlite.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using jejak::shared::sqlite::Database;
using jejak::testing::ServerProcess;
using jejak::testing::TempDir;
using namespace std::chrono_literals;

namespace {

const std::string kAdminExe = JEJAK_ADMIN_EXE;
const std::string kDemoBundle = std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json";

struct Run {
    int status = -1;
    std::string output; ///< stdout and stderr together
};

/// Runs jejak-admin as a process and waits for it.
Run admin(const std::vector<std::string>& args, const std::string& name) {
    ServerProcess process;
    const std::string logPath = std::string(JEJAK_TEST_LOG_DIR) + "/admin-" + name + ".log";
    const std::string err = process.spawn(kAdminExe, args, logPath);
    INFO(err);
    REQUIRE(err.empty());
    const auto status = process.wait(120s);
    REQUIRE(status.has_value());
    return {*status, process.log()};
}

/// Runs jejak-admin in this process (for argument errors, which never touch a database).
Run adminInProcess(const std::vector<std::string>& args) {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int status = jejak::server::runAdmin(args, in, out, err);
    return {status, out.str() + err.str()};
}

std::int64_t scalar(const std::string& dbPath, const std::string& sql) {
    auto db = Database::open(dbPath, {.readOnly = true});
    REQUIRE(db);
    auto stmt = db->prepare(sql);
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    return stmt->columnInt64(0);
}

/// The demo bundle with two broken references, written to `path`.
void writeBrokenBundle(const std::string& path) {
    std::ifstream in(kDemoBundle);
    std::stringstream text;
    text << in.rdbuf();
    boost::json::value doc = boost::json::parse(text.str());
    auto& memberships = doc.at("memberships").as_array();
    memberships.at(0).as_object()["teamId"] = "team-nope";
    doc.at("employees").as_array().at(0).as_object()["positionId"] = "pos-nope";
    std::ofstream(path) << boost::json::serialize(doc);
}

} // namespace

TEST_CASE("admin: init-db creates and migrates the database, idempotently", "[server][admin]") {
    TempDir dir;
    const std::string dataDir = dir.file("data/nested");
    const Run first = admin({"init-db", "--data-dir", dataDir}, "init-db-1");
    INFO(first.output);
    CHECK(first.status == 0);
    const auto latest = static_cast<int>(jejak::server::schemaMigrations().size());
    CHECK_THAT(first.output, Catch::Contains("schema version " + std::to_string(latest)) &&
                                 Catch::Contains("reference version 0"));
    CHECK(std::filesystem::exists(dataDir + "/jejak.db"));
    const Run second = admin({"init-db", "--data-dir=" + dataDir}, "init-db-2");
    INFO(second.output);
    CHECK(second.status == 0);
    CHECK(scalar(dataDir + "/jejak.db", "PRAGMA user_version") == latest);
}

TEST_CASE("admin: import the demo bundle, then verify the audit chain", "[server][admin]") {
    TempDir dir;
    const std::string dataDir = dir.path().string();
    REQUIRE(admin({"init-db", "--data-dir", dataDir}, "import-init").status == 0);
    const Run imported = admin({"import", "--data-dir", dataDir, "--actor", "199210232017031022",
                                "--clock-start", "2023-03-01T08:00:00+08:00", kDemoBundle},
                               "import-demo");
    INFO(imported.output);
    CHECK(imported.status == 0);
    CHECK_THAT(imported.output, Catch::Contains("reference version 1 at 2023-03-01T00:00:"));
    CHECK_THAT(imported.output, Catch::Contains("by 199210232017031022 (audit seq 1)"));
    CHECK_THAT(imported.output, Catch::Matches("(.|\n)*employees +32\n(.|\n)*"));
    CHECK_THAT(imported.output, Catch::Matches("(.|\n)*total +329 +\\(replaced 0 previous records\\)\n"));
    const std::string db = dataDir + "/jejak.db";
    CHECK(scalar(db, "SELECT version FROM ref_version") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM ref_entity WHERE kind = 'membership'") == 44);
    CHECK(scalar(db, "SELECT count(*) FROM audit WHERE actor_nip = '199210232017031022'") == 1);

    const Run again = admin({"import", "--data-dir", dataDir, kDemoBundle}, "import-demo-again");
    INFO(again.output);
    CHECK(again.status == 0);
    CHECK_THAT(again.output, Catch::Contains("reference version 2") && Catch::Contains("by jejak-admin") &&
                                 Catch::Contains("replaced 329 previous records"));

    const Run verified = admin({"audit", "verify", "--data-dir", dataDir}, "audit-verify-ok");
    INFO(verified.output);
    CHECK(verified.status == 0);
    CHECK_THAT(verified.output, Catch::Matches("audit chain valid: 2 entries, head hash [0-9a-f]{64}\n"));
}

TEST_CASE("admin: a broken bundle is refused with every problem listed, and nothing changes",
          "[server][admin]") {
    TempDir dir;
    const std::string dataDir = dir.path().string();
    const std::string db = dataDir + "/jejak.db";
    REQUIRE(admin({"init-db", "--data-dir", dataDir}, "broken-init").status == 0);
    REQUIRE(admin({"import", "--data-dir", dataDir, kDemoBundle}, "broken-first").status == 0);
    const std::string broken = dir.file("broken.json");
    writeBrokenBundle(broken);

    const Run refused = admin({"import", "--data-dir", dataDir, broken}, "broken-import");
    INFO(refused.output);
    CHECK(refused.status == 1);
    CHECK_THAT(refused.output, Catch::Contains("bundle.dangling_reference at memberships[m-pak-01].teamId"));
    CHECK_THAT(refused.output, Catch::Contains("bundle.dangling_reference at employees["));
    CHECK_THAT(refused.output, Catch::Contains("].positionId"));
    CHECK_THAT(refused.output, Catch::Contains("import refused: 2 problem(s) in " + broken +
                                               "; the database was not changed"));
    CHECK(scalar(db, "SELECT version FROM ref_version") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM ref_entity") == 329);
    CHECK(scalar(db, "SELECT count(*) FROM audit") == 1);

    const Run missing = admin({"import", "--data-dir", dataDir, dir.file("nope.json")}, "broken-missing");
    INFO(missing.output);
    CHECK(missing.status == 1);
    CHECK_THAT(missing.output,
               Catch::Contains("storage.io") && Catch::Contains("cannot read the bundle file"));
    CHECK(scalar(db, "SELECT version FROM ref_version") == 1);
}

TEST_CASE("admin: audit verify names the first tampered entry", "[server][admin]") {
    TempDir dir;
    const std::string dataDir = dir.path().string();
    REQUIRE(admin({"init-db", "--data-dir", dataDir}, "tamper-init").status == 0);
    for (int i = 0; i < 3; ++i)
        REQUIRE(admin({"import", "--data-dir", dataDir, kDemoBundle}, "tamper-import").status == 0);
    {
        // What someone with the sqlite3 tool could do: drop the guard, edit history.
        auto db = Database::open(dataDir + "/jejak.db");
        REQUIRE(db);
        REQUIRE(db->exec("DROP TRIGGER audit_no_update"));
        REQUIRE(db->exec("UPDATE audit SET actor_nip = '199001292015032006' WHERE seq = 2"));
    }
    const Run verified = admin({"audit", "verify", "--data-dir", dataDir}, "audit-verify-tampered");
    INFO(verified.output);
    CHECK(verified.status == 1);
    CHECK_THAT(verified.output, Catch::Contains("audit chain broken at seq 2: hash does not match"));
    CHECK_THAT(verified.output, Catch::Contains("(3 entries read)"));
}

TEST_CASE("admin: commands other than init-db need an initialised database", "[server][admin]") {
    TempDir dir;
    const std::string dataDir = dir.file("empty");
    const Run verified = admin({"audit", "verify", "--data-dir", dataDir}, "no-db-verify");
    INFO(verified.output);
    CHECK(verified.status == 1);
    CHECK_THAT(verified.output, Catch::Contains("jejak-admin init-db --data-dir " + dataDir));
    const Run imported = admin({"import", "--data-dir", dataDir, kDemoBundle}, "no-db-import");
    INFO(imported.output);
    CHECK(imported.status == 1);
    CHECK_FALSE(std::filesystem::exists(dataDir + "/jejak.db"));
}

TEST_CASE("admin: bad arguments exit 2 with a usage line", "[server][admin]") {
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    const std::vector<Case> cases{
        {{}, "no command given"},
        {{"frobnicate"}, "unknown command 'frobnicate'"},
        {{"audit"}, "unknown command 'audit'"},
        {{"import", "--data-dir", "d"}, "usage: jejak-admin import [--data-dir DIR]"},
        {{"import", "a.json", "b.json"}, "unexpected argument 'b.json'"},
        {{"import", "--actor", "12345", "a.json"}, "--actor expects the NIP"},
        {{"import", "--clock-start", "yesterday", "a.json"}, "--clock-start expects an RFC 3339 instant"},
        {{"init-db", "--bogus", "1"}, "unknown option --bogus"},
        {{"init-db", "--data-dir"}, "missing value for --data-dir"},
        {{"audit", "verify", "extra"}, "usage: jejak-admin audit verify [--data-dir DIR]"},
    };
    for (const Case& c : cases) {
        const Run run = adminInProcess(c.args);
        INFO(run.output);
        CHECK(run.status == jejak::server::kAdminUsage);
        CHECK_THAT(run.output, Catch::Contains(c.expected));
    }
    const Run help = adminInProcess({"--help"});
    CHECK(help.status == jejak::server::kAdminOk);
    for (const auto& command : jejak::server::adminCommands())
        CHECK_THAT(help.output, Catch::Contains("jejak-admin " + std::string(command.words)));

    const Run usage = admin({"import"}, "usage-process");
    CHECK(usage.status == 2);
    CHECK_THAT(usage.output, Catch::Contains("usage: jejak-admin import"));
}
