// SPDX-License-Identifier: Apache-2.0
// SqliteStorage: open and migrate, the group-committing writer thread, the read pool, import and audit.
#include "storage/sqlite_storage.hpp"

#include "storage/reference_data.hpp"
#include "storage/schema.hpp"

#include "jejak/shared/bundle.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <system_error>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::sqlite::Database;
using shared::sqlite::Transaction;

namespace {

constexpr std::string_view kImportAction = "reference.import";

Error withContext(Error error, std::string_view context) {
    error.message.insert(0, std::string(context) + ": ");
    return error;
}

Error closedError() {
    return Error(ErrorCode::StorageBusy, {}, "storage is closed");
}

} // namespace

//---- Contexts

Result<std::int64_t> WriteContext::appendAudit(const AuditEntry& entry) {
    auto record = sqlAppendAudit(m_sql, entry, m_now);
    if (!record)
        return std::move(record).error();
    return record->seq;
}

//---- Reader pool

/// One read connection and its statements. Heap-allocated and never moved (the context points into it).
struct SqliteStorage::Reader {
    explicit Reader(Database database)
        : db(std::move(database))
        , context(db) {}

    Database db;
    ReadContext context;
};

SqliteStorage::ReadLease::ReadLease(const SqliteStorage& owner, std::unique_ptr<Reader> reader) noexcept
    : m_owner(&owner)
    , m_reader(std::move(reader)) {}

SqliteStorage::ReadLease::ReadLease(ReadLease&& other) noexcept
    : m_owner(other.m_owner)
    , m_reader(std::move(other.m_reader)) {}

SqliteStorage::ReadLease::~ReadLease() {
    if (m_reader)
        m_owner->endRead(std::move(m_reader));
}

ReadContext& SqliteStorage::ReadLease::context() noexcept {
    return m_reader->context;
}

Result<SqliteStorage::ReadLease> SqliteStorage::beginRead() const {
    std::unique_ptr<Reader> reader;
    {
        std::unique_lock lock(m_readersMutex);
        const bool available = m_readerFree.wait_for(lock, m_options.readerWait, [&] {
            return m_readersClosed || !m_idleReaders.empty() || m_openReaders < m_options.readConnections;
        });
        if (m_readersClosed)
            return closedError();
        if (!available)
            return Error(ErrorCode::StorageBusy, {},
                         "all " + std::to_string(m_options.readConnections) +
                             " read connections stayed busy for " +
                             std::to_string(m_options.readerWait.count()) + " ms");
        if (!m_idleReaders.empty()) {
            reader = std::move(m_idleReaders.back());
            m_idleReaders.pop_back();
        } else {
            ++m_openReaders; // reserve the slot, open outside the lock
        }
    }
    if (!reader) {
        shared::sqlite::OpenOptions open;
        open.readOnly = true;
        open.create = false;
        open.busyTimeout = m_options.busyTimeout;
        auto db = Database::open(m_options.path, open);
        if (!db) {
            std::lock_guard lock(m_readersMutex);
            --m_openReaders;
            m_readerFree.notify_one();
            return std::move(db).error();
        }
        reader = std::make_unique<Reader>(std::move(db).value());
    }
    if (auto begun = reader->db.exec("BEGIN DEFERRED"); !begun) {
        endRead(std::move(reader));
        return std::move(begun).error();
    }
    return ReadLease(*this, std::move(reader));
}

void SqliteStorage::endRead(std::unique_ptr<Reader> reader) const noexcept {
    reader->context.statements().resetAll();
    if (reader->db.inTransaction())
        static_cast<void>(reader->db.exec("ROLLBACK")); // read-only: nothing to lose; a failure closes below
    std::lock_guard lock(m_readersMutex);
    if (reader->db.inTransaction() || m_readersClosed) {
        --m_openReaders; // a connection stuck in a transaction is closed rather than reused
    } else {
        m_idleReaders.push_back(std::move(reader));
    }
    m_readerFree.notify_all();
}

//---- Open and close

SqliteStorage::SqliteStorage(const SqliteStorageOptions& options, const shared::Clock& clock, Database db,
                             int schemaVersion)
    : m_options(options)
    , m_clock(clock)
    , m_schemaVersion(schemaVersion)
    , m_writerDb(std::move(db)) {
    m_writeContext.reset(new WriteContext(*m_writerDb));
}

Result<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const SqliteStorageOptions& options,
                                                           const shared::Clock& clock) {
    if (options.maxQueuedJobs == 0 || options.maxBatchJobs == 0 || options.readConnections == 0)
        return Error(ErrorCode::InvalidArgument, {}, "queue, batch and read pool sizes must be at least 1");
    shared::sqlite::OpenOptions open;
    open.create = options.create;
    open.busyTimeout = options.busyTimeout;
    open.synchronous = shared::sqlite::Synchronous::Full;
    open.wal = true;
    auto db = Database::open(options.path, open);
    if (!db)
        return std::move(db).error();
    auto version = shared::sqlite::migrate(*db, schemaMigrations());
    if (!version)
        return withContext(std::move(version).error(), options.path);

    std::unique_ptr<SqliteStorage> storage(
        new SqliteStorage(options, clock, std::move(db).value(), *version));
    {
        auto tx = Transaction::begin(*storage->m_writerDb, Transaction::Mode::Deferred);
        if (!tx)
            return std::move(tx).error();
        auto snapshot = sqlLoadReference(storage->m_writeContext->statements());
        storage->m_writeContext->statements().resetAll();
        if (!snapshot)
            return withContext(std::move(snapshot).error(), "loading the reference data");
        storage->m_reference = std::move(snapshot).value();
    }
    try {
        storage->m_writer = std::thread([s = storage.get()] { s->writerLoop(); });
    } catch (const std::system_error& e) {
        return Error(ErrorCode::Internal, {},
                     std::string("cannot start the storage writer thread: ") + e.what());
    }
    return storage;
}

SqliteStorage::~SqliteStorage() {
    close();
}

void SqliteStorage::close() noexcept {
    if (m_closed)
        return;
    m_closed = true;
    {
        std::lock_guard lock(m_queueMutex);
        m_stopping = true;
    }
    m_queueReady.notify_all();
    if (m_writer.joinable())
        m_writer.join(); // the writer finishes every queued job first
    {
        std::unique_lock lock(m_readersMutex);
        m_readersClosed = true;
        m_readerFree.notify_all();
        m_readerFree.wait(lock, [&] { return m_idleReaders.size() == m_openReaders; });
        m_openReaders = 0;
        m_idleReaders.clear();
    }
    m_writeContext.reset();
    m_writerDb.reset(); // the last connection to close checkpoints the WAL into the database file
}

//---- Reference snapshot

ReferenceSnapshot SqliteStorage::referenceSnapshot() const {
    std::lock_guard lock(m_referenceMutex);
    return m_reference;
}

void SqliteStorage::publish(ReferenceSnapshot snapshot) {
    std::lock_guard lock(m_referenceMutex);
    m_reference = std::move(snapshot);
}

Result<void> SqliteStorage::refreshFromDatabase() {
    StatementCache& sql = m_writeContext->statements();
    auto stored = sqlReferenceVersion(sql);
    if (!stored)
        return std::move(stored).error();
    if (*stored == referenceSnapshot().version)
        return {};
    auto snapshot = sqlLoadReference(sql);
    sql.resetAll();
    if (!snapshot)
        return std::move(snapshot).error();
    publish(std::move(snapshot).value());
    return {};
}

void SqliteStorage::pollReference() noexcept {
    try {
        auto tx = Transaction::begin(*m_writerDb, Transaction::Mode::Deferred);
        if (tx)
            static_cast<void>(refreshFromDatabase()); // retried at the next batch or poll
    } catch (...) {                                   // out of memory while decoding: keep the old snapshot
    }
}

Result<ReferenceSnapshot> SqliteStorage::refreshReference() {
    // Every batch starts by comparing the stored version with the snapshot's; an empty job is enough.
    auto done = write([](WriteContext&) -> Result<void> { return {}; });
    if (!done)
        return std::move(done).error();
    return referenceSnapshot();
}

//---- Writer

bool SqliteStorage::onWriterThread() const noexcept {
    return std::this_thread::get_id() == m_writerId.load();
}

Error SqliteStorage::writerReentryError() {
    return Error(ErrorCode::Internal, {},
                 "a write was awaited on the writer thread, which would wait for itself");
}

Error SqliteStorage::jobExceptionError(const char* what) {
    return Error(ErrorCode::Internal, {}, std::string("storage job threw: ") + what);
}

void SqliteStorage::enqueue(std::unique_ptr<detail::WriteJob> job) {
    std::optional<Error> refused;
    {
        std::lock_guard lock(m_queueMutex);
        if (m_stopping)
            refused = closedError();
        else if (m_queue.size() >= m_options.maxQueuedJobs)
            refused = Error(ErrorCode::StorageBusy, {},
                            "write queue is full (" + std::to_string(m_options.maxQueuedJobs) + " jobs)");
        else
            m_queue.push_back(std::move(job));
    }
    if (refused) {
        m_jobsRefused.fetch_add(1, std::memory_order_relaxed);
        job->complete(&*refused);
        return;
    }
    m_queueReady.notify_one();
}

void SqliteStorage::writerLoop() noexcept {
    m_writerId.store(std::this_thread::get_id());
    for (;;) {
        std::vector<std::unique_ptr<detail::WriteJob>> batch;
        {
            std::unique_lock lock(m_queueMutex);
            const auto ready = [&] { return m_stopping || !m_queue.empty(); };
            if (m_options.referencePoll.count() > 0) {
                if (!m_queueReady.wait_for(lock, m_options.referencePoll, ready)) {
                    lock.unlock();
                    pollReference();
                    continue;
                }
            } else {
                m_queueReady.wait(lock, ready);
            }
            if (m_queue.empty())
                break; // stopping, and every queued job is done
            const std::size_t take = std::min(m_queue.size(), m_options.maxBatchJobs);
            batch.reserve(take);
            for (std::size_t i = 0; i < take; ++i) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        std::size_t next = 0;
        while (next < batch.size()) {
            try {
                next = runTransaction(batch, next);
            } catch (const std::exception& e) { // out of memory in the writer's own bookkeeping
                const Error error = jobExceptionError(e.what());
                for (; next < batch.size(); ++next)
                    batch[next]->complete(&error);
            }
        }
    }
}

Result<void> SqliteStorage::runJob(detail::WriteJob& job) {
    try {
        return job.run(*m_writeContext);
    } catch (const std::exception& e) {
        return jobExceptionError(e.what());
    } catch (...) {
        return jobExceptionError("unknown exception");
    }
}

std::size_t SqliteStorage::runTransaction(std::vector<std::unique_ptr<detail::WriteJob>>& batch,
                                          std::size_t first) {
    Database& db = *m_writerDb;
    WriteContext& ctx = *m_writeContext;
    std::vector<detail::WriteJob*> committed;
    const auto failCommitted = [&](const Error& cause) {
        Error error = cause;
        error.message.insert(0, "the batch's transaction was rolled back: ");
        m_jobsFailed.fetch_add(committed.size(), std::memory_order_relaxed);
        for (detail::WriteJob* job : committed)
            job->complete(&error);
    };
    const auto failFrom = [&](std::size_t from, const Error& error) {
        m_jobsFailed.fetch_add(batch.size() - from, std::memory_order_relaxed);
        for (std::size_t i = from; i < batch.size(); ++i)
            batch[i]->complete(&error);
        return batch.size();
    };

    auto tx = Transaction::begin(db, Transaction::Mode::Immediate);
    if (!tx)
        return failFrom(first, tx.error());
    if (auto refreshed = refreshFromDatabase(); !refreshed)
        return failFrom(first, refreshed.error());
    ctx.m_reference = referenceSnapshot();

    std::vector<std::function<void()>> hooks;
    std::optional<ReferenceSnapshot> staged;
    const auto started = std::chrono::steady_clock::now();
    std::size_t i = first;
    for (; i < batch.size(); ++i) {
        if (i > first && std::chrono::steady_clock::now() - started >= m_options.maxBatchTime)
            break;
        detail::WriteJob& job = *batch[i];
        ctx.m_now = m_clock.now();
        ctx.m_jobHooks.clear();
        ctx.m_stagedReference.reset();
        // A failure of the transaction itself fails the jobs it held; later jobs get a new transaction.
        const auto abandon = [&](const Error& cause, const Error& jobError) {
            failCommitted(cause);
            m_jobsFailed.fetch_add(1, std::memory_order_relaxed);
            job.complete(&jobError);
            return i + 1;
        };
        if (auto savepoint = db.exec("SAVEPOINT job"); !savepoint)
            return abandon(savepoint.error(), savepoint.error());
        Result<void> outcome = runJob(job);
        ctx.statements().resetAll();
        if (!db.inTransaction()) { // SQLite ended the transaction (e.g. disk full), or the job did
            const Error lost = outcome
                                   ? Error(ErrorCode::Internal, {},
                                           "the transaction ended inside a write job (jobs must not COMMIT "
                                           "or ROLLBACK)")
                                   : outcome.error();
            return abandon(lost, lost);
        }
        if (outcome) {
            if (auto released = db.exec("RELEASE job"); !released)
                return abandon(released.error(), released.error());
            committed.push_back(&job);
            for (auto& hook : ctx.m_jobHooks)
                hooks.push_back(std::move(hook));
            if (ctx.m_stagedReference) {
                ctx.m_reference = *ctx.m_stagedReference;
                staged = std::move(ctx.m_stagedReference);
            }
        } else {
            auto undone = db.exec("ROLLBACK TO job");
            if (undone)
                undone = db.exec("RELEASE job");
            if (!undone)
                return abandon(undone.error(), outcome.error());
            m_jobsFailed.fetch_add(1, std::memory_order_relaxed);
            job.complete(&outcome.error()); // it changed nothing: no need to wait for the commit
        }
    }
    ctx.m_jobHooks.clear();
    ctx.m_stagedReference.reset();
    if (committed.empty())
        return i; // nothing to commit; the transaction rolls back

    if (auto done = tx->commit(); !done) {
        failCommitted(done.error());
        return i;
    }
    // Durable from here on: publish, run the hooks, then acknowledge, in submission order.
    if (staged)
        publish(std::move(*staged));
    for (auto& hook : hooks) {
        try {
            hook();
        } catch (...) { // a hook's contract is not to throw
        }
    }
    m_batches.fetch_add(1, std::memory_order_relaxed);
    m_jobsCommitted.fetch_add(committed.size(), std::memory_order_relaxed);
    std::uint64_t largest = m_largestBatch.load(std::memory_order_relaxed);
    while (committed.size() > largest &&
           !m_largestBatch.compare_exchange_weak(largest, committed.size(), std::memory_order_relaxed)) {
    }
    for (detail::WriteJob* job : committed)
        job->complete(nullptr);
    return i;
}

WriterStats SqliteStorage::writerStats() const {
    WriterStats stats;
    {
        std::lock_guard lock(m_queueMutex);
        stats.queued = m_queue.size();
    }
    stats.batches = m_batches.load(std::memory_order_relaxed);
    stats.jobsCommitted = m_jobsCommitted.load(std::memory_order_relaxed);
    stats.jobsFailed = m_jobsFailed.load(std::memory_order_relaxed);
    stats.largestBatch = m_largestBatch.load(std::memory_order_relaxed);
    stats.jobsRefused = m_jobsRefused.load(std::memory_order_relaxed);
    return stats;
}

//---- Storage operations

Result<ImportSummary> SqliteStorage::importBundle(const shared::Bundle& bundle, std::string_view actor) {
    if (const auto problems = shared::checkBundle(bundle); !problems.empty()) {
        Error first = problems.front();
        first.message = "the bundle has " + std::to_string(problems.size()) +
                        " problem(s) and was not imported; the first: " + first.message;
        return first;
    }
    // Encode and index outside the writer: the job itself only writes rows.
    shared::Bundle stored = inStoredOrder(bundle);
    const std::vector<ReferenceRow> rows = referenceRows(stored);
    ImportSummary summary;
    summary.counts = collectionCounts(stored);
    const auto domain = std::make_shared<const shared::InMemoryDomain>(std::move(stored));

    return write([&](WriteContext& ctx) -> Result<ImportSummary> {
        auto replaced = sqlReplaceReference(ctx.statements(), rows, ctx.now());
        if (!replaced)
            return std::move(replaced).error();
        boost::json::object counts;
        for (const auto& [collection, count] : summary.counts)
            counts[collection] = count;
        boost::json::object detail;
        detail["version"] = replaced->version;
        detail["entities"] = rows.size();
        detail["replaced"] = replaced->replaced;
        detail["counts"] = std::move(counts);
        auto seq = ctx.appendAudit({std::string(actor), std::string(kImportAction), "reference",
                                    std::to_string(replaced->version), boost::json::serialize(detail)});
        if (!seq)
            return std::move(seq).error();
        ctx.m_stagedReference = ReferenceSnapshot{domain, replaced->version, ctx.now()};

        ImportSummary out = summary;
        out.version = replaced->version;
        out.importedAt = ctx.now();
        out.auditSeq = *seq;
        out.replacedEntities = replaced->replaced;
        return out;
    });
}

Result<std::int64_t> SqliteStorage::appendAudit(const AuditEntry& entry) {
    return write([&entry](WriteContext& ctx) { return ctx.appendAudit(entry); });
}

Result<AuditVerification> SqliteStorage::verifyAudit() const {
    return read([](ReadContext& ctx) { return sqlVerifyAudit(ctx.statements()); });
}

Result<std::int64_t> SqliteStorage::auditLength() const {
    return read([](ReadContext& ctx) { return sqlAuditLength(ctx.statements()); });
}

Result<std::vector<std::string>> SqliteStorage::overlappingActivities(std::string_view nip,
                                                                      shared::Timestamp start,
                                                                      shared::Timestamp end,
                                                                      std::string_view excludeId) const {
    return read(
        [&](ReadContext& ctx) { return ctx.history().overlappingActivities(nip, start, end, excludeId); });
}

Result<std::vector<std::string>> SqliteStorage::activitiesUsingEvidence(std::string_view sha256,
                                                                        std::string_view excludeId) const {
    return read([&](ReadContext& ctx) { return ctx.history().activitiesUsingEvidence(sha256, excludeId); });
}

} // namespace jejak::server
