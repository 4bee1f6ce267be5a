// SPDX-License-Identifier: Apache-2.0
// The SqliteStorage writer: group commit across threads, per-job rollback, durability before completion,
// the bounded queue, re-entry, and draining on close.
#include "storage/sqlite_storage.hpp"

#include "storage/data_dir.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

using namespace jejak::server;
using jejak::shared::Error;
using jejak::shared::ErrorCode;
using jejak::shared::FixedClock;
using jejak::shared::Result;
using jejak::shared::sqlite::Database;
using jejak::testing::TempDir;
using namespace std::chrono_literals;

namespace {

const FixedClock kClock(*jejak::shared::parseTimestamp("2023-03-01T08:00:00+08:00"));

/// A storage with a scratch table test_row(thread, i) keyed by both.
std::unique_ptr<SqliteStorage> openWithTable(const TempDir& dir, SqliteStorageOptions options = {}) {
    options.path = databasePath(dir.path().string());
    options.referencePoll = 0ms;
    auto storage = SqliteStorage::open(options, kClock);
    REQUIRE(storage);
    REQUIRE((*storage)->write([](WriteContext& ctx) {
        return ctx.db().exec("CREATE TABLE test_row (thread INTEGER NOT NULL, i INTEGER NOT NULL, "
                             "PRIMARY KEY (thread, i))");
    }));
    return std::move(storage).value();
}

Result<void> insertRow(WriteContext& ctx, std::int64_t thread, std::int64_t i) {
    auto stmt = ctx.statements().get("INSERT INTO test_row (thread, i) VALUES (?, ?)");
    if (!stmt)
        return std::move(stmt).error();
    if (auto r = (*stmt)->bindAll(thread, i); !r)
        return r;
    return (*stmt)->run();
}

/// Whether a fresh connection (another reader, as after a crash) sees the row.
bool visibleElsewhere(const std::string& path, std::int64_t thread, std::int64_t i) {
    auto db = Database::open(path, {.readOnly = true});
    if (!db)
        return false;
    auto stmt = db->prepare("SELECT count(*) FROM test_row WHERE thread = ? AND i = ?");
    if (!stmt || !stmt->bindAll(thread, i))
        return false;
    const auto row = stmt->step();
    if (!row || !*row)
        return false;
    return stmt->columnInt64(0) == 1;
}

std::int64_t scalar(const std::string& path, const std::string& sql) {
    auto db = Database::open(path, {.readOnly = true});
    REQUIRE(db);
    auto stmt = db->prepare(sql);
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    return stmt->columnInt64(0);
}

/// Holds the writer inside a job until released, so that jobs queue up behind it into one batch.
class WriterGate {
  public:
    explicit WriterGate(SqliteStorage& storage) {
        m_done = storage.writeAsync(
            [this, released = m_release.get_future().share()](WriteContext&) -> Result<void> {
                m_entered.set_value();
                released.wait();
                return {};
            });
        m_entered.get_future().wait();
    }
    ~WriterGate() {
        if (!m_released)
            open();
    }
    WriterGate(const WriterGate&) = delete;
    WriterGate& operator=(const WriterGate&) = delete;

    void open() {
        m_released = true;
        m_release.set_value();
        m_done.wait();
    }

  private:
    std::promise<void> m_entered;
    std::promise<void> m_release;
    std::future<Result<void>> m_done;
    bool m_released = false;
};

} // namespace

TEST_CASE("group commit: 16 threads x 200 queued jobs all commit, grouped into few transactions",
          "[server][storage][group-commit]") {
    TempDir dir;
    SqliteStorageOptions options;
    options.maxBatchTime = 60s; // batches end by count only, so the grouping is exact
    auto storage = openWithTable(dir, options);
    const WriterStats before = storage->writerStats();
    constexpr int kThreads = 16;
    constexpr int kJobs = 200;
    std::vector<std::vector<std::future<Result<void>>>> futures(kThreads);
    {
        WriterGate gate(*storage);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kJobs; ++i)
                    futures[static_cast<std::size_t>(t)].push_back(
                        storage->writeAsync([t, i](WriteContext& ctx) { return insertRow(ctx, t, i); }));
            });
        }
        for (auto& thread : threads)
            thread.join();
        CHECK(storage->writerStats().queued == kThreads * kJobs);
        gate.open();
    }
    int ok = 0;
    for (auto& perThread : futures) {
        for (auto& f : perThread)
            ok += f.get() ? 1 : 0;
    }
    CHECK(ok == kThreads * kJobs);
    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row") == kThreads * kJobs);
    CHECK(scalar(storage->path(), "SELECT count(DISTINCT thread * 1000 + i) FROM test_row") ==
          kThreads * kJobs);

    const WriterStats after = storage->writerStats();
    const auto jobs = after.jobsCommitted - before.jobsCommitted - 1; // without the gate
    const auto batches = after.batches - before.batches - 1;
    CHECK(jobs == kThreads * kJobs);
    CHECK(after.jobsFailed == before.jobsFailed);
    REQUIRE(batches > 0);
    CHECK(jobs / batches > 1); // grouping happened: far fewer transactions (and syncs) than jobs
    CHECK(batches == (kThreads * kJobs + 255) / 256); // every batch full but the last
    CHECK(after.largestBatch == 256);
}

TEST_CASE("group commit: synchronous writers on many threads each get their own row",
          "[server][storage][group-commit]") {
    TempDir dir;
    auto storage = openWithTable(dir);
    constexpr int kThreads = 16;
    constexpr int kJobs = 60;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kJobs; ++i) {
                if (!storage->write([t, i](WriteContext& ctx) { return insertRow(ctx, t, i); }))
                    ++failures;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    CHECK(failures == 0);
    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row") == kThreads * kJobs);
    CHECK(storage->writerStats().jobsCommitted >= kThreads * kJobs);
}

TEST_CASE("group commit: a failing job rolls back only itself, in a batch with good ones",
          "[server][storage][group-commit]") {
    TempDir dir;
    SqliteStorageOptions options;
    options.maxBatchTime = 60s;
    auto storage = openWithTable(dir, options);
    REQUIRE(storage->write([](WriteContext& ctx) { return insertRow(ctx, 0, 0); }));
    const WriterStats before = storage->writerStats();

    std::vector<std::future<Result<void>>> good;
    std::future<Result<void>> duplicate;
    std::future<Result<void>> halfDone;
    std::future<Result<void>> throwing;
    std::future<Result<int>> typed;
    {
        WriterGate gate(*storage);
        for (int i = 1; i <= 5; ++i)
            good.push_back(storage->writeAsync([i](WriteContext& ctx) { return insertRow(ctx, 1, i); }));
        duplicate = storage->writeAsync([](WriteContext& ctx) { return insertRow(ctx, 0, 0); });
        for (int i = 6; i <= 10; ++i)
            good.push_back(storage->writeAsync([i](WriteContext& ctx) { return insertRow(ctx, 1, i); }));
        halfDone = storage->writeAsync([](WriteContext& ctx) -> Result<void> {
            if (auto r = insertRow(ctx, 2, 1); !r) // written, then undone with the job
                return r;
            if (auto r = ctx.appendAudit({"jejak-admin", "test.half", "test", "2", "{}"}); !r)
                return std::move(r).error();
            return insertRow(ctx, 1, 1); // a duplicate of a good job earlier in the same batch
        });
        throwing = storage->writeAsync([](WriteContext& ctx) -> Result<void> {
            if (auto r = insertRow(ctx, 3, 1); !r)
                return r;
            throw std::runtime_error("job bug");
        });
        typed = storage->writeAsync([](WriteContext& ctx) -> Result<int> {
            if (auto r = insertRow(ctx, 4, 1); !r)
                return std::move(r).error();
            return 42;
        });
        gate.open();
    }
    for (auto& f : good)
        CHECK(f.get());
    const auto dup = duplicate.get();
    REQUIRE_FALSE(dup);
    CHECK(dup.error().code == ErrorCode::StorageConstraint);
    const auto half = halfDone.get();
    REQUIRE_FALSE(half);
    CHECK(half.error().code == ErrorCode::StorageConstraint);
    const auto thrown = throwing.get();
    REQUIRE_FALSE(thrown);
    CHECK(thrown.error().code == ErrorCode::Internal);
    CHECK_THAT(thrown.error().message, Catch::Contains("job bug"));
    CHECK(typed.get().value() == 42);

    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row WHERE thread = 1") == 10);
    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row WHERE thread IN (2, 3)") == 0);
    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row WHERE thread = 4") == 1);
    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row") == 12);
    CHECK(storage->auditLength().value() == 0);

    const WriterStats after = storage->writerStats();
    CHECK(after.jobsFailed - before.jobsFailed == 3);
    CHECK(after.jobsCommitted - before.jobsCommitted == 12); // 10 good + typed + the gate
    CHECK(after.batches - before.batches == 2);              // the gate, then everything else together
    CHECK(after.largestBatch == 11);
}

TEST_CASE("group commit: a job completes only after its commit, with hooks before",
          "[server][storage][group-commit]") {
    TempDir dir;
    auto storage = openWithTable(dir);
    const std::string path = storage->path();

    std::promise<bool> visibleInJob;
    std::promise<bool> visibleInHook;
    std::promise<bool> visibleInDone;
    std::promise<bool> hookRanFirst;
    auto hookRan = std::make_shared<std::atomic<bool>>(false);
    storage->submitWrite(
        [&](WriteContext& ctx) -> Result<void> {
            if (auto r = insertRow(ctx, 7, 7); !r)
                return r;
            visibleInJob.set_value(visibleElsewhere(path, 7, 7)); // written, but not committed yet
            ctx.onCommit([&, hookRan] {
                hookRan->store(true);
                visibleInHook.set_value(visibleElsewhere(path, 7, 7));
            });
            return {};
        },
        [&, hookRan](Result<void> outcome) {
            hookRanFirst.set_value(hookRan->load());
            visibleInDone.set_value(outcome.ok() && visibleElsewhere(path, 7, 7));
        });
    CHECK_FALSE(visibleInJob.get_future().get());
    CHECK(visibleInHook.get_future().get());
    CHECK(hookRanFirst.get_future().get());
    CHECK(visibleInDone.get_future().get());

    SECTION("the hooks of a failed job are dropped") {
        std::atomic<bool> ran{false};
        const auto failed = storage->write([&](WriteContext& ctx) -> Result<void> {
            ctx.onCommit([&] { ran = true; });
            return Error(ErrorCode::InvalidArgument, {}, "no");
        });
        REQUIRE_FALSE(failed);
        REQUIRE(storage->write([](WriteContext& ctx) { return insertRow(ctx, 8, 8); }));
        CHECK_FALSE(ran);
    }
}

TEST_CASE("group commit: a full queue refuses at once with a transient StorageBusy",
          "[server][storage][group-commit]") {
    TempDir dir;
    SqliteStorageOptions options;
    options.maxQueuedJobs = 4;
    auto storage = openWithTable(dir, options);
    std::vector<std::future<Result<void>>> queued;
    std::future<Result<void>> refused;
    {
        WriterGate gate(*storage);
        for (int i = 0; i < 4; ++i)
            queued.push_back(storage->writeAsync([i](WriteContext& ctx) { return insertRow(ctx, 9, i); }));
        refused = storage->writeAsync([](WriteContext& ctx) { return insertRow(ctx, 9, 99); });
        REQUIRE(refused.wait_for(0s) == std::future_status::ready); // answered without waiting for the writer
        const auto outcome = refused.get();
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == ErrorCode::StorageBusy);
        CHECK(outcome.error().transient);
        CHECK(storage->writerStats().jobsRefused == 1);
        gate.open();
    }
    for (auto& f : queued)
        CHECK(f.get());
    CHECK(scalar(storage->path(), "SELECT count(*) FROM test_row WHERE thread = 9") == 4);
}

TEST_CASE("group commit: waiting for a write on the writer thread is refused, not a deadlock",
          "[server][storage][group-commit]") {
    TempDir dir;
    auto storage = openWithTable(dir);
    const auto outcome = storage->write([&](WriteContext&) -> Result<ErrorCode> {
        const auto nested = storage->appendAudit({"jejak-admin", "test.nested", "test", "1", "{}"});
        return nested ? ErrorCode::InvalidArgument : nested.error().code;
    });
    CHECK(outcome.value() == ErrorCode::Internal);
    CHECK(storage->auditLength().value() == 0);
}

TEST_CASE("group commit: close finishes every queued job, and they are durable",
          "[server][storage][group-commit]") {
    TempDir dir;
    std::vector<std::future<Result<void>>> queued;
    const std::string path = databasePath(dir.path().string());
    {
        auto storage = openWithTable(dir);
        auto gate = std::make_unique<WriterGate>(*storage);
        for (int i = 0; i < 50; ++i)
            queued.push_back(storage->writeAsync([i](WriteContext& ctx) { return insertRow(ctx, 5, i); }));
        auto closing = std::async(std::launch::async, [&] { storage->close(); });
        CHECK(closing.wait_for(50ms) == std::future_status::timeout); // waits for the queued jobs
        gate->open();
        closing.get();
        const auto late = storage->writeAsync([](WriteContext& ctx) { return insertRow(ctx, 5, 999); }).get();
        REQUIRE_FALSE(late);
        CHECK(late.error().code == ErrorCode::StorageBusy);
    }
    for (auto& f : queued)
        CHECK(f.get());
    CHECK(scalar(path, "SELECT count(*) FROM test_row WHERE thread = 5") == 50);
}
