// SPDX-License-Identifier: Apache-2.0
#include "admin/user_commands.hpp"

#include "auth/password.hpp"
#include "auth/sqlite_account_store.hpp"
#include "auth_fixture.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace jejak::server;
using namespace jejak::testing;

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

using Command = int (*)(const std::vector<std::string>&, std::istream&, std::ostream&, std::ostream&);

Run run(Command command, std::vector<std::string> args, const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Run r;
    r.status = command(args, in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::vector<std::string> fastArgs(const std::string& dataDir, std::string_view nip) {
    return {"--data-dir",
            dataDir,
            "--nip",
            std::string(nip),
            "--password-ops-limit",
            "1",
            "--password-mem-limit-kib=8"};
}

std::optional<Account> accountOf(const std::string& dataDir, std::string_view nip) {
    auto store = SqliteAccountStore::open(dataDir + "/jejak.db");
    REQUIRE(store);
    auto account = (*store)->findAccount(nip);
    REQUIRE(account);
    return *account;
}

} // namespace

TEST_CASE("user add: creates the account of a known employee with the password from stdin",
          "[server][admin]") {
    TempDir dir;
    const std::string data = dir.file("data");
    seedDatabase(data, demoBundle());

    const Run added = run(&runUserAdd, fastArgs(data, kDemoKetuaPia), "kata-sandi-1\n");
    INFO(added.err);
    CHECK(added.status == kUserCommandOk);
    CHECK(added.out == "account created for NIP 198410082009021003\n");
    const auto account = accountOf(data, kDemoKetuaPia);
    REQUIRE(account);
    CHECK(verifyPassword(account->passwordHash, "kata-sandi-1"));
    CHECK_FALSE(account->disabled);
    CHECK(account->passwordHash.find("m=8,t=1") != std::string::npos);

    // Default cost is Argon2id interactive; a CRLF line ending is not part of the password.
    const Run interactive =
        run(&runUserAdd, {"--data-dir", data, "--nip", "19760821 200103 1 005"}, "kata-sandi-2\r\n");
    INFO(interactive.err);
    CHECK(interactive.status == kUserCommandOk);
    const auto kabid = accountOf(data, kDemoKabidInka);
    REQUIRE(kabid);
    CHECK_FALSE(passwordNeedsRehash(kabid->passwordHash, kInteractivePassword));
    CHECK(verifyPassword(kabid->passwordHash, "kata-sandi-2"));
}

TEST_CASE("user add: refuses unknown NIPs, existing accounts, short passwords and bad arguments",
          "[server][admin]") {
    TempDir dir;
    const std::string data = dir.file("data");

    const Run noDatabase = run(&runUserAdd, fastArgs(data, kDemoKetuaPia), "kata-sandi-1\n");
    CHECK(noDatabase.status == kUserCommandRefused);
    CHECK_THAT(noDatabase.err, Catch::Contains("no database"));

    seedDatabase(data, demoBundle());
    const Run stranger = run(&runUserAdd, fastArgs(data, "198001012005011001"), "kata-sandi-1\n");
    CHECK(stranger.status == kUserCommandRefused);
    CHECK_THAT(stranger.err, Catch::Contains("not an employee of the imported reference data"));
    CHECK_FALSE(accountOf(data, "198001012005011001"));

    const Run badNip = run(&runUserAdd, fastArgs(data, "12345"), "kata-sandi-1\n");
    CHECK(badNip.status == kUserCommandRefused);
    CHECK_THAT(badNip.err, Catch::Contains("nip.format"));

    CHECK(run(&runUserAdd, fastArgs(data, kDemoAnggota), "pendek\n").status == kUserCommandRefused);
    CHECK(run(&runUserAdd, fastArgs(data, kDemoAnggota), "").status == kUserCommandRefused);
    CHECK_FALSE(accountOf(data, kDemoAnggota));

    REQUIRE(run(&runUserAdd, fastArgs(data, kDemoAnggota), "kata-sandi-1\n").status == kUserCommandOk);
    const Run twice = run(&runUserAdd, fastArgs(data, kDemoAnggota), "kata-sandi-2\n");
    CHECK(twice.status == kUserCommandRefused);
    CHECK_THAT(twice.err, Catch::Contains("already has an account"));
    CHECK(verifyPassword(accountOf(data, kDemoAnggota)->passwordHash, "kata-sandi-1"));

    CHECK(run(&runUserAdd, {"--data-dir", data}, "kata-sandi-1\n").status == kUserCommandUsage);
    CHECK(run(&runUserAdd, {"--nip"}, "kata-sandi-1\n").status == kUserCommandUsage);
    CHECK(run(&runUserAdd, {"--nip", std::string(kDemoAnggota), "--color", "red"}, "x\n").status ==
          kUserCommandUsage);
    const Run argvPassword =
        run(&runUserAdd, {"--nip", std::string(kDemoAnggota), "--password", "kata-sandi-1"}, "");
    CHECK(argvPassword.status == kUserCommandUsage);
    CHECK_THAT(argvPassword.err, Catch::Contains("standard input"));
}

TEST_CASE("user passwd: sets a new password and revokes every session", "[server][admin]") {
    TempDir dir;
    const std::string data = dir.file("data");
    seedDatabase(data, demoBundle());
    REQUIRE(run(&runUserAdd, fastArgs(data, kDemoAnggota), "kata-sandi-1\n").status == kUserCommandOk);
    {
        auto store = SqliteAccountStore::open(data + "/jejak.db");
        REQUIRE(store);
        const auto now = jejak::shared::SystemClock().now();
        REQUIRE((*store)->openSession(
            {"hash-1", std::string(kDemoAnggota), "phone", "Phone", now, now + std::chrono::hours(1), {}}));
        REQUIRE((*store)->openSession(
            {"hash-2", std::string(kDemoAnggota), "tablet", "Tab", now, now + std::chrono::hours(1), {}}));
    }

    const Run changed = run(&runUserPasswd, fastArgs(data, kDemoAnggota), "kata-sandi-baru\n");
    INFO(changed.err);
    CHECK(changed.status == kUserCommandOk);
    CHECK(changed.out == "password changed for NIP 199106222015031012; 2 session(s) revoked\n");
    const auto account = accountOf(data, kDemoAnggota);
    REQUIRE(account);
    CHECK(verifyPassword(account->passwordHash, "kata-sandi-baru"));
    CHECK_FALSE(verifyPassword(account->passwordHash, "kata-sandi-1"));
    auto store = SqliteAccountStore::open(data + "/jejak.db");
    REQUIRE(store);
    auto live = (*store)->liveSessions(kDemoAnggota, jejak::shared::SystemClock().now());
    REQUIRE(live);
    CHECK(live->empty());

    const Run noAccount = run(&runUserPasswd, fastArgs(data, kDemoKetuaPia), "kata-sandi-baru\n");
    CHECK(noAccount.status == kUserCommandRefused);
    CHECK_THAT(noAccount.err, Catch::Contains("has no account"));
    CHECK(run(&runUserPasswd, fastArgs(data, kDemoAnggota), "short\n").status == kUserCommandRefused);
}
