// SPDX-License-Identifier: Apache-2.0
// The audit log: the documented hashed bytes, the chain check, concurrent appends, triggers, tampering.
#include "storage/audit_chain.hpp"
#include "jejak/shared/sha256.hpp"

#include "storage/sqlite_storage.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

using namespace jejak::server;
using jejak::shared::ErrorCode;
using jejak::shared::FixedClock;
using jejak::shared::Timestamp;
using jejak::shared::sqlite::Database;
using jejak::testing::TempDir;

namespace {

const Timestamp kMarch1 = *jejak::shared::parseTimestamp("2023-03-01T00:00:00Z");

std::unique_ptr<SqliteStorage> openIn(const TempDir& dir, const jejak::shared::Clock& clock) {
    SqliteStorageOptions options;
    options.path = dir.file("jejak.db");
    auto storage = SqliteStorage::open(options, clock);
    INFO((storage ? std::string() : toString(storage.error())));
    REQUIRE(storage);
    return std::move(storage).value();
}

/// A chain of `n` well-formed records.
std::vector<AuditRecord> chainOf(int n) {
    std::vector<AuditRecord> records;
    std::string prev(kAuditGenesisHash);
    for (int i = 1; i <= n; ++i) {
        AuditRecord r;
        r.seq = i;
        r.at = kMarch1 + std::chrono::seconds(i);
        r.entry = {"198605122010031004", "activity.submit", "activity", "id-" + std::to_string(i), "{}"};
        r.prevHash = prev;
        r.hash = *auditHash(prev, r.seq, r.at, r.entry);
        prev = r.hash;
        records.push_back(r);
    }
    return records;
}

AuditVerification verify(const std::vector<AuditRecord>& records) {
    AuditChainVerifier verifier;
    for (const AuditRecord& r : records)
        REQUIRE(verifier.add(r));
    return verifier.result();
}

} // namespace

TEST_CASE("audit: the canonical text and the hash are the documented bytes", "[server][audit]") {
    const AuditEntry entry{"199001292015032006", "reference.import", "reference", "1", R"({"a":"x\ny"})"};
    CHECK(auditCanonicalText(1, kMarch1, entry) ==
          R"({"action":"reference.import","actor":"199001292015032006","at":1677628800000,)"
          R"("detail":"{\"a\":\"x\\ny\"}","entity":"reference","entityId":"1","seq":1})");
    // Computed independently with Python's hashlib and json.dumps(sort_keys=True, separators=(",", ":"),
    // ensure_ascii=False), as docs/storage.md tells an auditor to.
    const std::string first = *auditHash(kAuditGenesisHash, 1, kMarch1, entry);
    CHECK(first == "bae2cf1f29c568ec3f469c9b035df9a21ecc8463722137b43ce9c7205dc571d1");

    // Control characters, quotes, backslashes and non-ASCII text.
    const AuditEntry odd{"jejak-admin", "note", "k\xc3\xa9", "a\nb\t\x01\"\\", "{}"};
    const Timestamp at = kMarch1 + std::chrono::milliseconds(1);
    CHECK(auditCanonicalText(2, at, odd) ==
          "{\"action\":\"note\",\"actor\":\"jejak-admin\",\"at\":1677628800001,\"detail\":\"{}\","
          "\"entity\":\"k\xc3\xa9\",\"entityId\":\"a\\nb\\t\\u0001\\\"\\\\\",\"seq\":2}");
    CHECK(*auditHash(first, 2, at, odd) ==
          "2753f18dc67ad8effc611f68499938e98a27f79fc1e0a64aa1ff58c67ea24402");
    CHECK(*jejak::shared::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("audit: the chain check names the first bad row", "[server][audit]") {
    const auto good = chainOf(4);
    const AuditVerification valid = verify(good);
    CHECK(valid.valid());
    CHECK(valid.entries == 4);
    CHECK(valid.headHash == good.back().hash);
    CHECK(verify({}).valid());
    CHECK(verify({}).headHash.empty());

    SECTION("an edited row") {
        auto records = good;
        records[1].entry.detail = R"({"edited":true})";
        const auto v = verify(records);
        CHECK(v.firstBadSeq == 2);
        CHECK_THAT(v.problem, Catch::Contains("hash does not match"));
        CHECK(v.entries == 4);
        CHECK(v.headHash.empty());
    }
    SECTION("an edited row whose hash was recomputed breaks the link to the next") {
        auto records = good;
        records[1].entry.actor = "199001292015032006";
        records[1].hash = *auditHash(records[1].prevHash, 2, records[1].at, records[1].entry);
        const auto v = verify(records);
        CHECK(v.firstBadSeq == 3);
        CHECK_THAT(v.problem, Catch::Contains("prev_hash does not match the hash of seq 2"));
    }
    SECTION("a missing row") {
        auto records = good;
        records.erase(records.begin() + 2);
        const auto v = verify(records);
        CHECK(v.firstBadSeq == 4);
        CHECK_THAT(v.problem, Catch::Contains("expected seq 3"));
    }
    SECTION("a first row that does not start at the genesis hash") {
        auto records = good;
        records[0].prevHash = std::string(64, 'f');
        CHECK(verify(records).firstBadSeq == 1);
    }
    SECTION("a changed time stamp") {
        auto records = good;
        records[3].at += std::chrono::milliseconds(1);
        CHECK(verify(records).firstBadSeq == 4);
    }
}

TEST_CASE("audit: appends from concurrent jobs form one gapless valid chain", "[server][audit][storage]") {
    TempDir dir;
    const FixedClock clock(kMarch1);
    auto storage = openIn(dir, clock);
    constexpr int kThreads = 8;
    constexpr int kPerThread = 40;
    std::atomic<int> failures{0}; // Catch2 assertions are not thread-safe: count on the threads, check here
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::vector<std::future<jejak::shared::Result<std::int64_t>>> pending;
            for (int i = 0; i < kPerThread; ++i) {
                const AuditEntry entry{"198605122010031004", "test.append", "thread", std::to_string(t),
                                       "{\"i\":" + std::to_string(i) + "}"};
                if (i % 2 == 0) {
                    if (!storage->appendAudit(entry)) // its own transaction, waited for
                        ++failures;
                } else {
                    // Two entries in one job, not waited for: they share batches with the others.
                    pending.push_back(storage->writeAsync([entry](WriteContext& ctx) {
                        auto first = ctx.appendAudit(entry);
                        if (!first)
                            return first;
                        return ctx.appendAudit(entry);
                    }));
                }
            }
            for (auto& f : pending) {
                if (!f.get())
                    ++failures;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(failures == 0);
    const int expected = kThreads * (kPerThread / 2) * 3;
    const auto verification = storage->verifyAudit();
    REQUIRE(verification);
    CHECK(verification->valid());
    CHECK(verification->entries == expected);
    CHECK(storage->auditLength().value() == expected);

    // Every entry carries the storage clock's time.
    auto db = Database::open(dir.file("jejak.db"));
    REQUIRE(db);
    auto stmt = db->prepare("SELECT min(at), max(at), max(seq) FROM audit");
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    CHECK(stmt->columnInt64(0) == kMarch1.time_since_epoch().count());
    CHECK(stmt->columnInt64(1) == kMarch1.time_since_epoch().count());
    CHECK(stmt->columnInt64(2) == expected);
}

TEST_CASE("audit: an entry appended by a failing job is rolled back with it", "[server][audit][storage]") {
    TempDir dir;
    const FixedClock clock(kMarch1);
    auto storage = openIn(dir, clock);
    REQUIRE(storage->appendAudit({"jejak-admin", "test.first", "test", "1", "{}"}).value() == 1);
    std::int64_t lostSeq = 0;
    auto failed = storage->write([&](WriteContext& ctx) -> jejak::shared::Result<void> {
        if (auto seq = ctx.appendAudit({"jejak-admin", "test.lost", "test", "2", "{}"}))
            lostSeq = *seq;
        return jejak::shared::Error(ErrorCode::InvalidArgument, {}, "changed my mind");
    });
    CHECK(lostSeq == 2);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == ErrorCode::InvalidArgument);
    CHECK(storage->appendAudit({"jejak-admin", "test.second", "test", "2", "{}"}).value() == 2);
    CHECK(storage->verifyAudit()->valid());

    SECTION("entries need an actor, an action and JSON detail") {
        CHECK(storage->appendAudit({"", "x", "e", "1", "{}"}).error().code == ErrorCode::InvalidArgument);
        CHECK(storage->appendAudit({"a", "", "e", "1", "{}"}).error().code == ErrorCode::InvalidArgument);
        const auto notJson = storage->appendAudit({"a", "x", "e", "1", "{oops"});
        REQUIRE_FALSE(notJson);
        CHECK(notJson.error().field == "detail");
        CHECK(storage->auditLength().value() == 2);
    }
}

TEST_CASE("audit: the triggers forbid changing the log, and tampering is detected",
          "[server][audit][storage]") {
    TempDir dir;
    const FixedClock clock(kMarch1);
    auto storage = openIn(dir, clock);
    for (int i = 1; i <= 5; ++i)
        REQUIRE(storage->appendAudit({"jejak-admin", "test.append", "test", std::to_string(i), "{}"}));
    REQUIRE(storage->verifyAudit()->valid());

    // Another connection, as an attacker with the sqlite3 command-line tool would have.
    auto db = Database::open(dir.file("jejak.db"));
    REQUIRE(db);
    const auto update = db->exec("UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 3");
    REQUIRE_FALSE(update);
    CHECK(update.error().code == ErrorCode::StorageConstraint);
    CHECK_THAT(update.error().message, Catch::Contains("append-only"));
    const auto remove = db->exec("DELETE FROM audit WHERE seq = 5");
    REQUIRE_FALSE(remove);
    CHECK(remove.error().code == ErrorCode::StorageConstraint);
    CHECK(storage->verifyAudit()->valid());

    REQUIRE(db->exec("DROP TRIGGER audit_no_update"));
    SECTION("an edited row") {
        REQUIRE(db->exec("UPDATE audit SET detail = '{\"x\":1}' WHERE seq = 3"));
        const auto v = storage->verifyAudit();
        REQUIRE(v);
        CHECK_FALSE(v->valid());
        CHECK(v->firstBadSeq == 3);
        CHECK(v->entries == 5);
    }
    SECTION("an edited row with a recomputed hash") {
        const AuditEntry forged{"jejak-admin", "test.append", "test", "forged", "{}"};
        auto prev = db->prepare("SELECT prev_hash, at FROM audit WHERE seq = 3");
        REQUIRE(prev);
        REQUIRE(prev->step().value());
        const std::string hash = *auditHash(
            prev->columnText(0), 3, Timestamp{std::chrono::milliseconds(prev->columnInt64(1))}, forged);
        prev->reset();
        REQUIRE(db->exec("UPDATE audit SET entity_id = 'forged', hash = '" + hash + "' WHERE seq = 3"));
        const auto v = storage->verifyAudit();
        REQUIRE(v);
        CHECK(v->firstBadSeq == 4);
    }
}
