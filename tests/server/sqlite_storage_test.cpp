// SPDX-License-Identifier: Apache-2.0
// SqliteStorage on real files: open and migrate, import and the reference snapshot, history queries,
// readers beside an open write transaction.
#include "storage/sqlite_storage.hpp"

#include "storage/data_dir.hpp"
#include "storage/schema.hpp"

#include "support/temp_dir.hpp"

#include "jejak/shared/bundle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

using namespace jejak::server;
using jejak::shared::Bundle;
using jejak::shared::Error;
using jejak::shared::ErrorCode;
using jejak::shared::FixedClock;
using jejak::shared::Result;
using jejak::shared::TeamRole;
using jejak::shared::Timestamp;
using jejak::shared::sqlite::Database;
using jejak::testing::TempDir;
using namespace std::chrono_literals;

namespace {

const Timestamp kNow = *jejak::shared::parseTimestamp("2023-03-01T08:00:00+08:00");
const std::string kKetuaPak = "198605122010031004";

Bundle demoBundle() {
    const auto load =
        jejak::shared::loadBundleFile(std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json");
    INFO(jejak::shared::formatProblems(load.problems));
    REQUIRE(load.ok());
    return *load.bundle;
}

SqliteStorageOptions optionsFor(const TempDir& dir) {
    SqliteStorageOptions options;
    options.path = databasePath(dir.path().string());
    options.referencePoll = 0ms;
    return options;
}

std::unique_ptr<SqliteStorage> open(const SqliteStorageOptions& options, const jejak::shared::Clock& clock) {
    auto storage = SqliteStorage::open(options, clock);
    INFO((storage ? std::string() : toString(storage.error())));
    REQUIRE(storage);
    return std::move(storage).value();
}

/// The Ketua of a team on a date, from a snapshot.
std::optional<std::string> ketuaOf(const ReferenceSnapshot& snapshot, std::string_view team,
                                   std::string_view day) {
    const auto date = *jejak::shared::parseDate(day);
    for (const auto& m : snapshot.domain->teamMemberships(team)) {
        if (m.role == TeamRole::Ketua && m.validFrom <= date && (!m.validTo || date <= *m.validTo))
            return m.nip;
    }
    return std::nullopt;
}

std::int64_t countRows(const std::string& path, const std::string& table) {
    auto db = Database::open(path);
    REQUIRE(db);
    auto stmt = db->prepare("SELECT count(*) FROM " + table);
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    return stmt->columnInt64(0);
}

/// Inserts a stored activity (only the columns the history queries read matter).
Result<void> insertActivity(WriteContext& ctx, const std::string& id, const std::string& nip,
                            const std::string& state, Timestamp start, Timestamp end,
                            const std::vector<std::string>& evidence) {
    auto stmt = ctx.statements().get(
        "INSERT INTO activity (id, nip, revision, state, validator_nip, route_kind, unlinked, flags, "
        "start_ms, "
        "end_ms, data, created_at, updated_at) VALUES (?, ?, 1, ?, ?, 'team', 0, '[]', ?, ?, '{}', ?, ?)");
    if (!stmt)
        return std::move(stmt).error();
    const std::int64_t now = ctx.now().time_since_epoch().count();
    if (auto r = (*stmt)->bindAll(std::string_view(id), std::string_view(nip), std::string_view(state),
                                  std::string_view(kKetuaPak), start.time_since_epoch().count(),
                                  end.time_since_epoch().count(), now, now);
        !r)
        return r;
    if (auto r = (*stmt)->run(); !r)
        return r;
    for (const std::string& sha : evidence) {
        auto ev = ctx.statements().get("INSERT INTO activity_evidence (activity_id, sha256) VALUES (?, ?)");
        if (!ev)
            return std::move(ev).error();
        if (auto r = (*ev)->bindAll(std::string_view(id), std::string_view(sha)); !r)
            return r;
        if (auto r = (*ev)->run(); !r)
            return r;
    }
    return {};
}

Timestamp at(const char* text) {
    return *jejak::shared::parseTimestamp(text);
}

/// An ActivityHistory that always fails, for ServerDomainView's error path.
class BrokenHistory final : public ActivityHistory {
  public:
    Result<std::vector<std::string>> overlappingActivities(std::string_view, Timestamp, Timestamp,
                                                           std::string_view) const override {
        return Error(ErrorCode::StorageIo, {}, "disk on fire");
    }
    Result<std::vector<std::string>> activitiesUsingEvidence(std::string_view,
                                                             std::string_view) const override {
        return Error(ErrorCode::StorageBusy, {}, "second failure");
    }
};

} // namespace

TEST_CASE("storage: a new database is created and migrated, and re-opened as it was", "[server][storage]") {
    TempDir dir;
    const FixedClock clock(kNow);
    const auto options = optionsFor(dir);
    {
        auto storage = open(options, clock);
        CHECK(storage->schemaVersion() == static_cast<int>(schemaMigrations().size()));
        const ReferenceSnapshot empty = storage->referenceSnapshot();
        CHECK(empty.version == 0);
        REQUIRE(empty.domain);
        CHECK(empty.domain->bundle() == Bundle{});
        CHECK_FALSE(empty.importedAt.has_value());
        REQUIRE(storage->appendAudit({"jejak-admin", "test.open", "test", "1", "{}"}));
    }
    CHECK(std::filesystem::exists(options.path));
    CHECK_FALSE(std::filesystem::exists(options.path + "-wal")); // closing checkpointed and removed the WAL
    {
        auto db = Database::open(options.path, {.readOnly = true});
        REQUIRE(db);
        auto mode = db->prepare("PRAGMA journal_mode");
        REQUIRE(mode);
        REQUIRE(mode->step().value());
        CHECK(mode->columnText(0) == "wal");
    }
    auto again = open(options, clock);
    CHECK(again->schemaVersion() == static_cast<int>(schemaMigrations().size()));
    CHECK(again->auditLength().value() == 1);
    CHECK(again->verifyAudit()->valid());
}

TEST_CASE("storage: a database from a newer program is refused and left alone", "[server][storage]") {
    TempDir dir;
    const FixedClock clock(kNow);
    const auto options = optionsFor(dir);
    open(options, clock)->close();
    {
        auto db = Database::open(options.path);
        REQUIRE(db);
        REQUIRE(db->exec("PRAGMA user_version = 99"));
    }
    auto refused = SqliteStorage::open(options, clock);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::StorageSchemaTooNew);
    CHECK_THAT(refused.error().message, Catch::Contains("99"));
    auto db = Database::open(options.path);
    REQUIRE(db);
    auto version = db->prepare("PRAGMA user_version");
    REQUIRE(version);
    REQUIRE(version->step().value());
    CHECK(version->columnInt64(0) == 99);
}

TEST_CASE("storage: without create, a missing database is an error", "[server][storage]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto options = optionsFor(dir);
    options.create = false;
    auto missing = SqliteStorage::open(options, clock);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::StorageIo);
    CHECK_FALSE(std::filesystem::exists(options.path));
}

TEST_CASE("storage: the demo import is answered from the snapshot, also after a restart",
          "[server][storage][import]") {
    TempDir dir;
    const FixedClock clock(kNow);
    const auto options = optionsFor(dir);
    const Bundle bundle = demoBundle();
    ReferenceSnapshot imported;
    {
        auto storage = open(options, clock);
        const auto summary = storage->importBundle(bundle, kKetuaPak);
        REQUIRE(summary);
        CHECK(summary->version == 1);
        CHECK(summary->importedAt == kNow);
        CHECK(summary->auditSeq == 1);
        CHECK(summary->replacedEntities == 0);
        CHECK(summary->totalEntities() == 329);
        REQUIRE(summary->counts.size() == 11);
        CHECK(summary->counts[0] == std::pair<std::string, std::size_t>{"instansi", 2});
        CHECK(summary->counts[3] == std::pair<std::string, std::size_t>{"employees", 32});

        imported = storage->referenceSnapshot();
        CHECK(imported.version == 1);
        CHECK(imported.importedAt == kNow);
        CHECK(ketuaOf(imported, "team-pak", "2023-03-01") == kKetuaPak);
        CHECK(imported.domain->employee(kKetuaPak)->name == "Yoga Pradipta Wirawan");
        CHECK(imported.domain->team("team-pak").has_value());
        CHECK_FALSE(imported.domain->team("team-nope").has_value());
        CHECK(imported.domain->bundle() == inStoredOrder(bundle));
        CHECK(countRows(options.path, "ref_entity") == 329);
    }
    auto restarted = open(options, clock);
    const ReferenceSnapshot loaded = restarted->referenceSnapshot();
    CHECK(loaded.version == 1);
    CHECK(loaded.importedAt == kNow);
    CHECK(loaded.domain->bundle() == imported.domain->bundle()); // the same snapshot, record for record
    CHECK(ketuaOf(loaded, "team-pak", "2023-03-01") == kKetuaPak);
}

TEST_CASE("storage: a re-import bumps the version and replaces the data", "[server][storage][import]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto storage = open(optionsFor(dir), clock);
    Bundle bundle = demoBundle();
    REQUIRE(storage->importBundle(bundle, "jejak-admin"));
    const ReferenceSnapshot first = storage->referenceSnapshot();

    // The next year's data: PAK lost its members, one person changed name.
    std::erase_if(bundle.memberships, [](const auto& m) { return m.teamId == "team-pak"; });
    const auto erased = 329 - (bundle.instansi.size() + bundle.units.size() + bundle.positions.size() +
                               bundle.employees.size() + bundle.placements.size() +
                               bundle.roleBindings.size() + bundle.targets.size() + bundle.skps.size() +
                               bundle.skpItems.size() + bundle.teams.size() + bundle.memberships.size());
    REQUIRE(erased > 0);
    for (auto& e : bundle.employees) {
        if (e.nip == kKetuaPak)
            e.name = "Yoga P. Wirawan";
    }
    const auto summary = storage->importBundle(bundle, "jejak-admin");
    REQUIRE(summary);
    CHECK(summary->version == 2);
    CHECK(summary->replacedEntities == 329);
    CHECK(summary->totalEntities() == 329 - erased);
    CHECK(summary->auditSeq == 2);

    const ReferenceSnapshot second = storage->referenceSnapshot();
    CHECK(second.version == 2);
    CHECK_FALSE(ketuaOf(second, "team-pak", "2023-03-01").has_value());
    CHECK(second.domain->employee(kKetuaPak)->name == "Yoga P. Wirawan");
    CHECK(countRows(storage->path(), "ref_entity") == static_cast<std::int64_t>(329 - erased));
    // A reader that held the first snapshot keeps its consistent view.
    CHECK(first.version == 1);
    CHECK(ketuaOf(first, "team-pak", "2023-03-01") == kKetuaPak);
    CHECK(first.domain->employee(kKetuaPak)->name == "Yoga Pradipta Wirawan");
    CHECK(storage->verifyAudit()->entries == 2);
}

TEST_CASE("storage: a failed import changes nothing", "[server][storage][import]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto storage = open(optionsFor(dir), clock);
    Bundle bundle = demoBundle();
    REQUIRE(storage->importBundle(bundle, "jejak-admin"));
    const std::int64_t rowsBefore = countRows(storage->path(), "ref_entity");

    SECTION("a bundle with integrity problems is refused before the database") {
        bundle.memberships.front().teamId = "team-nope";
        bundle.employees.front().positionId = "pos-nope";
        const auto refused = storage->importBundle(bundle, "jejak-admin");
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == ErrorCode::BundleDanglingReference);
        CHECK_THAT(refused.error().message, Catch::Contains("2 problem(s)"));
    }
    SECTION("a failure inside the transaction rolls every part back") {
        auto db = Database::open(storage->path());
        REQUIRE(db);
        REQUIRE(db->exec("CREATE TRIGGER no_team_pak BEFORE INSERT ON ref_entity WHEN NEW.id = 'team-pak' "
                         "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"));
        bundle.employees.front().name = "Someone Else";
        const auto failed = storage->importBundle(bundle, "jejak-admin");
        REQUIRE_FALSE(failed);
        CHECK(failed.error().code == ErrorCode::StorageConstraint);
    }
    CHECK(storage->referenceSnapshot().version == 1);
    CHECK(storage->refreshReference()->version == 1);
    CHECK(countRows(storage->path(), "ref_entity") == rowsBefore);
    CHECK(storage->auditLength().value() == 1);
    CHECK(storage->referenceSnapshot().domain->bundle() == inStoredOrder(demoBundle()));
}

TEST_CASE("storage: an import by another process reaches the snapshot", "[server][storage][import]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto server = open(optionsFor(dir), clock);
    auto polling = [&] {
        auto options = optionsFor(dir);
        options.referencePoll = 10ms;
        return open(options, clock);
    }();
    auto admin = open(optionsFor(dir), clock); // as jejak-admin import would
    REQUIRE(admin->importBundle(demoBundle(), "jejak-admin"));

    CHECK(server->referenceSnapshot().version == 0); // not re-read yet
    // The next write batch compares versions first, so a write job already sees the new data.
    const auto seen =
        server->write([](WriteContext& ctx) -> Result<std::int64_t> { return ctx.reference().version; });
    CHECK(seen.value() == 1);
    CHECK(server->referenceSnapshot().version == 1);
    CHECK(ketuaOf(server->referenceSnapshot(), "team-pak", "2023-03-01") == kKetuaPak);

    REQUIRE(admin->importBundle(demoBundle(), "jejak-admin"));
    const auto refreshed = server->refreshReference();
    REQUIRE(refreshed);
    CHECK(refreshed->version == 2);

    // An idle storage polls the version.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (polling->referenceSnapshot().version != 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    CHECK(polling->referenceSnapshot().version == 2);
    CHECK(ketuaOf(polling->referenceSnapshot(), "team-pak", "2023-03-01") == kKetuaPak);
}

TEST_CASE("storage: an import earlier in a batch is what later jobs of the batch see",
          "[server][storage][import]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto options = optionsFor(dir);
    options.maxBatchTime = 60s; // keep the import and the next job in one transaction
    auto storage = open(options, clock);
    // Hold the writer in a job, so that the import and the next job queue up into the next batch.
    std::promise<void> entered;
    std::promise<void> release;
    auto gate = storage->writeAsync(
        [&entered, released = release.get_future().share()](WriteContext&) -> Result<void> {
            entered.set_value();
            released.wait();
            return {};
        });
    entered.get_future().wait();
    auto import =
        std::async(std::launch::async, [&] { return storage->importBundle(demoBundle(), "jejak-admin"); });
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (storage->writerStats().queued < 1 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    REQUIRE(storage->writerStats().queued == 1);
    auto later = storage->writeAsync(
        [](WriteContext& ctx) -> Result<std::int64_t> { return ctx.reference().version; });
    release.set_value();
    REQUIRE(gate.get());
    REQUIRE(import.get());
    CHECK(later.get().value() == 1);
    const WriterStats stats = storage->writerStats();
    CHECK(stats.batches == 2); // the gate, then the import with the later job
    CHECK(stats.largestBatch == 2);
}

TEST_CASE("storage: history queries answer from stored activities", "[server][storage][history]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto storage = open(optionsFor(dir), clock);
    REQUIRE(storage->importBundle(demoBundle(), "jejak-admin"));
    const std::string sha1(64, 'a');
    const std::string sha2(64, 'b');
    const std::string other = "199001292015032006";
    REQUIRE(storage->write([&](WriteContext& ctx) -> Result<void> {
        for (const auto& [id, nip, state, start, end, evidence] :
             std::vector<std::tuple<std::string, std::string, std::string, const char*, const char*,
                                    std::vector<std::string>>>{
                 {"act-1", kKetuaPak, "submitted", "2023-03-01T01:00:00Z", "2023-03-01T03:00:00Z", {sha1}},
                 {"act-2",
                  kKetuaPak,
                  "approved",
                  "2023-03-01T02:00:00Z",
                  "2023-03-01T04:00:00Z",
                  {sha1, sha2}},
                 {"act-3", kKetuaPak, "withdrawn", "2023-03-01T01:00:00Z", "2023-03-01T05:00:00Z", {sha2}},
                 {"act-4", kKetuaPak, "rejected", "2023-03-01T01:00:00Z", "2023-03-01T05:00:00Z", {sha1}},
                 {"act-5", kKetuaPak, "rated", "2023-03-01T04:00:00Z", "2023-03-01T06:00:00Z", {}},
                 {"act-6", other, "submitted", "2023-03-01T01:00:00Z", "2023-03-01T05:00:00Z", {sha1}},
             }) {
            if (auto r = insertActivity(ctx, id, nip, state, at(start), at(end), evidence); !r)
                return r;
        }
        return {};
    }));
    using Ids = std::vector<std::string>;
    const auto window = [&](const char* from, const char* to, std::string_view exclude = {}) {
        return storage->overlappingActivities(kKetuaPak, at(from), at(to), exclude).value();
    };
    CHECK(window("2023-03-01T02:30:00Z", "2023-03-01T02:45:00Z") == Ids{"act-1", "act-2"});
    CHECK(window("2023-03-01T02:30:00Z", "2023-03-01T02:45:00Z", "act-1") == Ids{"act-2"});
    CHECK(window("2023-03-01T03:00:00Z", "2023-03-01T04:00:00Z") ==
          Ids{"act-2"}); // touching act-1: no overlap
    CHECK(window("2023-03-01T05:00:00Z", "2023-03-01T07:00:00Z") == Ids{"act-5"});
    CHECK(window("2023-03-02T00:00:00Z", "2023-03-02T01:00:00Z").empty());
    CHECK(storage->activitiesUsingEvidence(sha1, "").value() == Ids{"act-1", "act-2", "act-6"});
    CHECK(storage->activitiesUsingEvidence(sha1, "act-2").value() == Ids{"act-1", "act-6"});
    CHECK(storage->activitiesUsingEvidence(sha2, "").value() == Ids{"act-2"});
    CHECK(storage->activitiesUsingEvidence(std::string(64, 'c'), "").value().empty());

    SECTION("ServerDomainView: reference from the snapshot, history from the storage") {
        const ServerDomainView view(storage->referenceSnapshot(), *storage);
        CHECK(view.reference().version == 1);
        CHECK(view.employee(kKetuaPak)->name == "Yoga Pradipta Wirawan");
        CHECK(view.team("team-pak")->code == "PAK");
        CHECK(view.teamMemberships("team-pak").size() == 11);
        CHECK_FALSE(view.skpItem("nope").has_value());
        CHECK(view.overlappingActivities(kKetuaPak, at("2023-03-01T02:30:00Z"), at("2023-03-01T02:45:00Z"),
                                         "") == Ids{"act-1", "act-2"});
        CHECK(view.activitiesUsingEvidence(sha2, "") == Ids{"act-2"});
        CHECK_FALSE(view.historyError().has_value());
    }
    SECTION("ServerDomainView records the first failing history query") {
        const BrokenHistory broken;
        const ServerDomainView view(storage->referenceSnapshot(), broken);
        CHECK(
            view.overlappingActivities(kKetuaPak, at("2023-03-01T02:30:00Z"), at("2023-03-01T02:45:00Z"), "")
                .empty());
        CHECK(view.activitiesUsingEvidence(sha1, "").empty());
        REQUIRE(view.historyError().has_value());
        CHECK(view.historyError()->code == ErrorCode::StorageIo);
        CHECK(view.team("team-pak").has_value()); // reference queries are unaffected
    }
    SECTION("inside a write job, the history includes the job's own uncommitted rows") {
        const auto seen = storage->write([&](WriteContext& ctx) -> Result<std::vector<std::string>> {
            if (auto r = insertActivity(ctx, "act-7", kKetuaPak, "submitted", at("2023-03-01T10:00:00Z"),
                                        at("2023-03-01T11:00:00Z"), {});
                !r)
                return std::move(r).error();
            const ServerDomainView view(ctx.reference(), ctx.history());
            return view.overlappingActivities(kKetuaPak, at("2023-03-01T10:30:00Z"),
                                              at("2023-03-01T10:45:00Z"), "");
        });
        CHECK(seen.value() == Ids{"act-7"});
    }
}

TEST_CASE("storage: readers see committed data while a write transaction is open",
          "[server][storage][read]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto storage = open(optionsFor(dir), clock);
    REQUIRE(storage->appendAudit({"jejak-admin", "test.committed", "test", "1", "{}"}));

    std::mutex mutex;
    std::condition_variable changed;
    bool inside = false;  // the writer has written its row and waits
    bool release = false; // the test lets it commit
    auto pending = storage->writeAsync([&](WriteContext& ctx) -> Result<std::int64_t> {
        auto seq = ctx.appendAudit({"jejak-admin", "test.pending", "test", "2", "{}"});
        std::unique_lock lock(mutex);
        inside = true;
        changed.notify_all();
        changed.wait(lock, [&] { return release; });
        return seq;
    });
    {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, 10s, [&] { return inside; }));
    }
    // The write transaction is open and holds an uncommitted entry: readers are not blocked and see only
    // what was committed.
    for (int i = 0; i < 3; ++i) {
        CHECK(storage->auditLength().value() == 1);
        const auto v = storage->verifyAudit();
        REQUIRE(v);
        CHECK(v->entries == 1);
    }
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    changed.notify_all();
    CHECK(pending.get().value() == 2);
    CHECK(storage->auditLength().value() == 2);
}

TEST_CASE("storage: read jobs are bounded by the pool and run in one snapshot", "[server][storage][read]") {
    TempDir dir;
    const FixedClock clock(kNow);
    auto options = optionsFor(dir);
    options.readConnections = 1;
    options.readerWait = 50ms;
    auto storage = open(options, clock);

    SECTION("a second concurrent reader waits, then gives up with StorageBusy") {
        const auto outcome = storage->read([&](ReadContext&) -> Result<int> {
            const auto inner = std::async(std::launch::async, [&] { return storage->auditLength(); }).get();
            if (inner)
                return 0;
            return inner.error().code == ErrorCode::StorageBusy ? 1 : 2;
        });
        CHECK(outcome.value() == 1);
        CHECK(storage->auditLength().value() == 0); // the connection was returned
    }
    SECTION("a read job cannot write") {
        const auto outcome = storage->read([](ReadContext& ctx) -> Result<void> {
            return ctx.db().exec("INSERT INTO ref_version (id, version, imported_at) VALUES (1, 9, 0)");
        });
        REQUIRE_FALSE(outcome);
        CHECK(storage->referenceSnapshot().version == 0);
        CHECK(storage->refreshReference()->version == 0);
    }
    SECTION("an exception in a read job is an Internal error") {
        const auto outcome =
            storage->read([](ReadContext&) -> Result<int> { throw std::runtime_error("boom"); });
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == ErrorCode::Internal);
        CHECK_THAT(outcome.error().message, Catch::Contains("boom"));
        CHECK(storage->auditLength().value() == 0);
    }
    SECTION("after close, reads and writes are refused") {
        storage->close();
        CHECK(storage->auditLength().error().code == ErrorCode::StorageBusy);
        CHECK(storage->appendAudit({"a", "b", "c", "d", "{}"}).error().code == ErrorCode::StorageBusy);
        CHECK(storage->referenceSnapshot().version == 0); // the snapshot stays readable
    }
}
