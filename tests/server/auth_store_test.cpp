// SPDX-License-Identifier: Apache-2.0
#include "auth/sqlite_account_store.hpp"

#include "support/temp_dir.hpp"

#include "jejak/shared/sqlite.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using namespace std::chrono_literals;
using jejak::shared::ErrorCode;
using jejak::shared::Timestamp;
using jejak::testing::TempDir;

namespace {

const Timestamp kT0 = Timestamp(1'700'000'000'000ms);
constexpr const char* kNip = "198410082009021003";

SessionRecord session(std::string hash, std::string device, Timestamp at) {
    return {std::move(hash), kNip, std::move(device), "Phone", at, at + 24h, std::nullopt};
}

} // namespace

TEST_CASE("account store: accounts are created once and their password replaced", "[server][auth][store]") {
    TempDir dir;
    auto store = SqliteAccountStore::open(dir.file("jejak.db"));
    REQUIRE(store);
    auto none = (*store)->findAccount(kNip);
    REQUIRE(none);
    CHECK_FALSE(none->has_value());

    REQUIRE((*store)->createAccount({kNip, "$argon2id$old", kT0, false}));
    auto again = (*store)->createAccount({kNip, "$argon2id$other", kT0, false});
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::StorageConstraint);

    REQUIRE((*store)->setPasswordHash(kNip, "$argon2id$new"));
    auto found = (*store)->findAccount(kNip);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK(**found == Account{kNip, "$argon2id$new", kT0, false});

    auto missing = (*store)->setPasswordHash("199999999999999999", "$argon2id$x");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::NotFound);

    // Reopening (and migrating again) keeps everything.
    store->reset();
    auto reopened = SqliteAccountStore::open(dir.file("jejak.db"));
    REQUIRE(reopened);
    auto kept = (*reopened)->findAccount(kNip);
    REQUIRE(kept);
    CHECK(kept->has_value());
}

TEST_CASE("account store: one live session per device, revocation and listing", "[server][auth][store]") {
    TempDir dir;
    auto opened = SqliteAccountStore::open(dir.file("jejak.db"));
    REQUIRE(opened);
    SqliteAccountStore& store = **opened;
    REQUIRE(store.createAccount({kNip, "$argon2id$h", kT0, false}));

    auto first = store.openSession(session("hash-a", "phone", kT0));
    REQUIRE(first);
    CHECK(first->empty());
    auto tablet = store.openSession(session("hash-t", "tablet", kT0 + 1s));
    REQUIRE(tablet);
    CHECK(tablet->empty());
    // A second login from the phone revokes the phone's first session, not the tablet's.
    auto second = store.openSession(session("hash-b", "phone", kT0 + 2s));
    REQUIRE(second);
    CHECK(*second == std::vector<std::string>{"hash-a"});
    auto a = store.findSession("hash-a");
    REQUIRE(a);
    REQUIRE(a->has_value());
    CHECK((*a)->revokedAt == kT0 + 2s);

    auto live = store.liveSessions(kNip, kT0 + 3s);
    REQUIRE(live);
    REQUIRE(live->size() == 2);
    CHECK((*live)[0].tokenHash == "hash-t");
    CHECK((*live)[1].tokenHash == "hash-b");
    CHECK((*live)[1] == session("hash-b", "phone", kT0 + 2s));
    // Expired sessions are not live.
    auto later = store.liveSessions(kNip, kT0 + 24h + 1s);
    REQUIRE(later);
    REQUIRE(later->size() == 1);
    CHECK((*later)[0].tokenHash == "hash-b");

    auto revoked = store.revokeSession("hash-t", kT0 + 5s);
    REQUIRE(revoked);
    CHECK(*revoked);
    auto twice = store.revokeSession("hash-t", kT0 + 6s);
    REQUIRE(twice);
    CHECK_FALSE(*twice);
    auto unknown = store.findSession("nope");
    REQUIRE(unknown);
    CHECK_FALSE(unknown->has_value());

    auto all = store.revokeAllSessions(kNip, kT0 + 7s);
    REQUIRE(all);
    CHECK(*all == std::vector<std::string>{"hash-b"});
    auto none = store.liveSessions(kNip, kT0 + 8s);
    REQUIRE(none);
    CHECK(none->empty());

    // A session needs an account (foreign key).
    SessionRecord orphan = session("hash-x", "phone", kT0);
    orphan.nip = "199999999999999999";
    auto refused = store.openSession(orphan);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::StorageConstraint);
}
