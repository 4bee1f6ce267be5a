// SPDX-License-Identifier: Apache-2.0
// SqliteStorage: SQLite (WAL) Storage with a group-committing writer thread, a read pool and typed jobs.
#pragma once

#include "storage/sqlite_tables.hpp"
#include "storage/storage.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/sqlite.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/shared/validation.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace jejak::server {

/// How SqliteStorage opens its file and runs its writer and readers. The defaults suit a server.
struct SqliteStorageOptions {
    std::string path;                 ///< the database file, e.g. DIR/jejak.db
    bool create = true;               ///< create a missing file (else open fails: StorageIo)
    std::size_t maxQueuedJobs = 4096; ///< write jobs waiting; beyond it writes fail with StorageBusy
    std::size_t maxBatchJobs = 256;   ///< jobs taken into one batch at most
    std::chrono::milliseconds maxBatchTime{50};  ///< a transaction takes no further job after this long
    std::size_t readConnections = 8;             ///< read connections at most (one per concurrent reader)
    std::chrono::milliseconds readerWait{5000};  ///< wait for a free read connection, then StorageBusy
    std::chrono::milliseconds busyTimeout{5000}; ///< wait for another process's lock, then StorageBusy
    /// While idle, the writer re-reads the reference version this often and reloads the snapshot when
    /// another process (jejak-admin import) changed it. Zero: only at the start of each write batch.
    std::chrono::milliseconds referencePoll{2000};
    /// Validation's evidence check for pushed activities (the server passes BlobStore::check). Empty:
    /// evidence content is not checked, only its metadata. Called on the writer thread.
    shared::BlobCheck blobCheck;
    /// Called after the commit of each applied op that added change rows, with the NIPs that got rows
    /// (sorted, each once) and the highest seq written; on the writer thread, so it must be quick, must
    /// not throw and must not wait for a write (e.g. wake the live-notification subscribers).
    std::function<void(const std::vector<std::string>& nips, std::int64_t seq)> onFeedChanged;
};

/// Counters of the writer since open. A batch is one committed transaction. A job is counted before its
/// completion is delivered, so a caller that got its result sees it counted.
struct WriterStats {
    std::uint64_t batches = 0;       ///< transactions committed
    std::uint64_t jobsCommitted = 0; ///< jobs whose effects were committed
    std::uint64_t jobsFailed = 0;    ///< jobs that failed and changed nothing (own error or their batch's)
    std::uint64_t largestBatch = 0;  ///< most jobs committed by one transaction
    std::uint64_t jobsRefused = 0;   ///< jobs refused with StorageBusy because the queue was full or closed
    std::uint64_t queued = 0;        ///< jobs waiting now (not yet taken into a batch)
};

/// What a write job sees: the writer connection inside the batch's transaction and the job's own savepoint.
/// A job must not BEGIN, COMMIT or ROLLBACK (it may use savepoints of its own). Only valid during the job.
class WriteContext {
  public:
    WriteContext(const WriteContext&) = delete;
    WriteContext& operator=(const WriteContext&) = delete;

    [[nodiscard]] shared::sqlite::Database& db() noexcept { return m_sql.db(); }
    /// Prepared statements of the writer connection, kept across jobs.
    [[nodiscard]] StatementCache& statements() noexcept { return m_sql; }
    /// The storage clock, read when this job started: the time stamp of everything the job writes.
    [[nodiscard]] shared::Timestamp now() const noexcept { return m_now; }
    /// The reference data as this transaction sees it (an import earlier in the same batch included).
    [[nodiscard]] const ReferenceSnapshot& reference() const noexcept { return m_reference; }
    /// History queries on this transaction (validation inside the write it guards).
    [[nodiscard]] const ActivityHistory& history() const noexcept { return m_history; }
    /// Appends an audit entry inside this job (rolled back with it); returns its seq.
    [[nodiscard]] shared::Result<std::int64_t> appendAudit(const AuditEntry& entry);
    /// Runs `hook` on the writer thread after the batch has committed, before any job's completion is
    /// delivered (e.g. to wake pull subscribers). Dropped when this job or its batch fails. Must not throw
    /// (an exception is swallowed) and must not wait for a write.
    void onCommit(std::function<void()> hook) { m_jobHooks.push_back(std::move(hook)); }

  private:
    friend class SqliteStorage;
    explicit WriteContext(shared::sqlite::Database& db) noexcept
        : m_sql(db)
        , m_history(m_sql) {}

    StatementCache m_sql;
    SqlActivityHistory m_history;
    shared::Timestamp m_now{};
    ReferenceSnapshot m_reference;
    std::optional<ReferenceSnapshot> m_stagedReference; ///< published when the job's batch commits
    std::vector<std::function<void()>> m_jobHooks;
};

/// What a read job sees: a read-only connection inside a read transaction, so every query of the job
/// reads one committed state, and no writer blocks it (WAL). Only valid during the job.
class ReadContext {
  public:
    ReadContext(const ReadContext&) = delete;
    ReadContext& operator=(const ReadContext&) = delete;

    [[nodiscard]] shared::sqlite::Database& db() noexcept { return m_sql.db(); }
    /// Prepared statements of this read connection, kept across jobs.
    [[nodiscard]] StatementCache& statements() noexcept { return m_sql; }
    [[nodiscard]] const ActivityHistory& history() const noexcept { return m_history; }

  private:
    friend class SqliteStorage;
    explicit ReadContext(shared::sqlite::Database& db) noexcept
        : m_sql(db)
        , m_history(m_sql) {}

    StatementCache m_sql;
    SqlActivityHistory m_history;
};

namespace detail {

template <class T> inline constexpr bool kIsResult = false;
template <class T> inline constexpr bool kIsResult<shared::Result<T>> = true;

/// A job for a context: callable with it, returning some shared::Result<R>.
template <class Fn, class Context>
concept JobFor = std::invocable<Fn&, Context&> && kIsResult<std::invoke_result_t<Fn&, Context&>>;

/// A queued write job with its type erased. run() is called at most once, on the writer thread, inside the
/// job's savepoint; complete() exactly once: with nullptr after the commit that made the job durable, or
/// with the error that made it change nothing.
class WriteJob {
  public:
    virtual ~WriteJob() = default;
    /// May throw; the writer turns an exception into the job's failure.
    [[nodiscard]] virtual shared::Result<void> run(WriteContext& context) = 0;
    virtual void complete(const shared::Error* failure) noexcept = 0;
};

template <class Fn, class Done> class TypedWriteJob final : public WriteJob {
  public:
    using Out = std::invoke_result_t<Fn&, WriteContext&>;

    TypedWriteJob(Fn fn, Done done)
        : m_fn(std::move(fn))
        , m_done(std::move(done)) {}

    shared::Result<void> run(WriteContext& context) override {
        Out out = m_fn(context);
        if (!out)
            return shared::Error(out.error());
        m_out.emplace(std::move(out));
        return {};
    }

    void complete(const shared::Error* failure) noexcept override {
        if (std::exchange(m_completed, true))
            return; // exactly once, even if the writer's bookkeeping failed half-way
        try {
            if (failure != nullptr)
                m_done(Out(*failure));
            else
                m_done(std::move(*m_out));
        } catch (...) { // the completion's contract is not to throw; the writer must survive one that does
        }
    }

  private:
    Fn m_fn;
    Done m_done;
    std::optional<Out> m_out;
    bool m_completed = false;
};

} // namespace detail

/// Storage on one SQLite file (WAL, synchronous=FULL).
///
/// Writes: ONE writer thread owns the write connection and runs queued write jobs with group commit. It
/// takes every job waiting (up to maxBatchJobs), BEGIN IMMEDIATE, runs each job in its own SAVEPOINT (a
/// failing job rolls back only itself and gets its own error, at once), and COMMITs; only after the
/// COMMIT has returned (synchronous=FULL: the WAL is synced) does it run the batch's commit hooks and
/// deliver each job's result, in submission order. So nothing is acknowledged before it is durable, and
/// one sync covers every job of the batch. A transaction takes no further job after maxBatchTime; the
/// rest of the batch continues in the next one. The queue is bounded: a full queue refuses a job with
/// StorageBusy (transient) at once.
///
/// Reads: a pool of up to readConnections read-only connections, one per concurrent reader, each read job
/// in a read transaction. In WAL mode the writer never blocks them and they see only committed data.
///
/// Reference data: a snapshot in memory, replaced atomically after the commit of an import. At the start
/// of each write batch (and when idle, every referencePoll) the writer compares the stored reference
/// version with the snapshot's and reloads when another process has imported.
///
/// Invariants: only the writer thread uses the write connection after open() returns; the published
/// snapshot's version equals the stored version as of the last batch or poll; a job's completion is
/// delivered exactly once. Thread-safe, except close() (see Storage::close).
class SqliteStorage final : public Storage {
  public:
    /// Opens (creating it if allowed) the database, applies every pending migration, loads the reference
    /// snapshot and starts the writer thread. StorageSchemaTooNew when the file was written by a newer
    /// program (nothing is changed then); StorageIo when the file cannot be opened or created.
    [[nodiscard]] static shared::Result<std::unique_ptr<SqliteStorage>>
    open(const SqliteStorageOptions& options, const shared::Clock& clock);

    ~SqliteStorage() override;
    SqliteStorage(const SqliteStorage&) = delete;
    SqliteStorage& operator=(const SqliteStorage&) = delete;

    //---- Storage

    [[nodiscard]] ReferenceSnapshot referenceSnapshot() const override;
    [[nodiscard]] shared::Result<ReferenceSnapshot> refreshReference() override;
    [[nodiscard]] shared::Result<ImportSummary> importBundle(const shared::Bundle& bundle,
                                                             std::string_view actor) override;
    [[nodiscard]] shared::Result<std::int64_t> appendAudit(const AuditEntry& entry) override;
    [[nodiscard]] shared::Result<AuditVerification> verifyAudit() const override;
    void close() noexcept override;

    [[nodiscard]] shared::Result<std::vector<std::string>>
    overlappingActivities(std::string_view nip, shared::Timestamp start, shared::Timestamp end,
                          std::string_view excludeId) const override;
    [[nodiscard]] shared::Result<std::vector<std::string>>
    activitiesUsingEvidence(std::string_view sha256, std::string_view excludeId) const override;

    /// SQL in sqlite_reports.cpp.
    [[nodiscard]] shared::Result<std::vector<SkpItemActivity>>
    skpItemActivities(const std::vector<std::string>& skpItemIds, const ActivityPeriod& period) const override;
    [[nodiscard]] shared::Result<sync::OpResult> applyOp(const Caller& caller, const sync::Op& op) override;
    [[nodiscard]] shared::Result<sync::PullResponse> pull(const Caller& caller,
                                                          const sync::PullRequest& request) const override;
    [[nodiscard]] shared::Result<std::int64_t> latestSeq(std::string_view nip) const override;
    [[nodiscard]] shared::Result<void> recordBlobUpload(std::string_view nip, std::string_view sha256) override;
    [[nodiscard]] shared::Result<bool> mayReadBlob(std::string_view nip, std::string_view sha256) const override;

    //---- Write and read jobs: the API the sync operations (push, pull) are built on. Thread-safe.

    /// Queues a write job; `done(Result<R>)` is called exactly once: on the writer thread after the commit
    /// that made the job durable (or with the job's or its batch's error), or at once on the calling
    /// thread when the queue refuses the job (StorageBusy). `done` must be quick, must not throw and must
    /// not wait for another write (it would wait for its own thread).
    template <class Fn, class Done>
    requires detail::JobFor<Fn, WriteContext>
    void submitWrite(Fn&& job, Done&& done) {
        using Job = detail::TypedWriteJob<std::decay_t<Fn>, std::decay_t<Done>>;
        enqueue(std::make_unique<Job>(std::forward<Fn>(job), std::forward<Done>(done)));
    }

    /// Queues a write job; the future becomes ready as submitWrite's `done` would be called.
    template <class Fn>
    requires detail::JobFor<Fn, WriteContext> std::future<std::invoke_result_t<Fn&, WriteContext&>>
    writeAsync(Fn&& job) {
        using Out = std::invoke_result_t<Fn&, WriteContext&>;
        std::promise<Out> promise;
        auto future = promise.get_future();
        submitWrite(std::forward<Fn>(job),
                    [p = std::move(promise)](Out out) mutable { p.set_value(std::move(out)); });
        return future;
    }

    /// Runs a write job and waits until it is durable (or failed). Fails with Internal when called on the
    /// writer thread (from a job, hook or completion), which would wait for itself.
    template <class Fn>
    requires detail::JobFor<Fn, WriteContext> std::invoke_result_t<Fn&, WriteContext&> write(Fn&& job) {
        using Out = std::invoke_result_t<Fn&, WriteContext&>;
        if (onWriterThread())
            return Out(writerReentryError());
        return writeAsync(std::forward<Fn>(job)).get();
    }

    /// Runs a read job on the calling thread with a pooled read connection, in one read transaction.
    /// StorageBusy when no connection frees up within readerWait; an exception from the job becomes
    /// Internal.
    template <class Fn>
    requires detail::JobFor<Fn, ReadContext> std::invoke_result_t<Fn&, ReadContext&> read(Fn&& job)
    const {
        using Out = std::invoke_result_t<Fn&, ReadContext&>;
        auto lease = beginRead();
        if (!lease)
            return Out(std::move(lease).error());
        try {
            return job(lease->context());
        } catch (const std::exception& e) {
            return Out(jobExceptionError(e.what()));
        } catch (...) {
            return Out(jobExceptionError("unknown exception"));
        }
    }

    //---- Introspection

    [[nodiscard]] const std::string& path() const noexcept { return m_options.path; }
    /// The schema version after migration (PRAGMA user_version).
    [[nodiscard]] int schemaVersion() const noexcept { return m_schemaVersion; }
    [[nodiscard]] WriterStats writerStats() const;
    /// Entries in the audit log (a read job).
    [[nodiscard]] shared::Result<std::int64_t> auditLength() const;

  private:
    struct Reader;

    /// A read connection lent to one read job; ends its read transaction and returns it to the pool.
    class ReadLease {
      public:
        ReadLease(const SqliteStorage& owner, std::unique_ptr<Reader> reader) noexcept;
        ReadLease(ReadLease&& other) noexcept;
        ReadLease& operator=(ReadLease&&) = delete;
        ReadLease(const ReadLease&) = delete;
        ReadLease& operator=(const ReadLease&) = delete;
        ~ReadLease();
        [[nodiscard]] ReadContext& context() noexcept;

      private:
        const SqliteStorage* m_owner;
        std::unique_ptr<Reader> m_reader;
    };

    SqliteStorage(const SqliteStorageOptions& options, const shared::Clock& clock,
                  shared::sqlite::Database db, int schemaVersion);

    [[nodiscard]] static shared::Error writerReentryError();
    [[nodiscard]] static shared::Error jobExceptionError(const char* what);
    [[nodiscard]] bool onWriterThread() const noexcept;
    void enqueue(std::unique_ptr<detail::WriteJob> job);
    [[nodiscard]] shared::Result<ReadLease> beginRead() const;
    void endRead(std::unique_ptr<Reader> reader) const noexcept;

    void writerLoop() noexcept;
    /// Runs jobs from `first` on in one transaction; returns the index of the first job not handled.
    std::size_t runTransaction(std::vector<std::unique_ptr<detail::WriteJob>>& batch, std::size_t first);
    [[nodiscard]] shared::Result<void> runJob(detail::WriteJob& job);
    /// Reloads the snapshot when the stored version differs; the caller holds a transaction open.
    [[nodiscard]] shared::Result<void> refreshFromDatabase();
    void pollReference() noexcept;
    void publish(ReferenceSnapshot snapshot);

    const SqliteStorageOptions m_options;
    const shared::Clock& m_clock;
    const int m_schemaVersion;

    // Writer: the connection and context are used only by the writer thread once it runs.
    std::optional<shared::sqlite::Database> m_writerDb;
    std::unique_ptr<WriteContext> m_writeContext;
    std::thread m_writer;
    std::atomic<std::thread::id> m_writerId{};

    mutable std::mutex m_queueMutex;
    std::condition_variable m_queueReady;
    std::deque<std::unique_ptr<detail::WriteJob>> m_queue; // guarded by m_queueMutex
    bool m_stopping = false;                               // guarded by m_queueMutex

    std::atomic<std::uint64_t> m_batches{0};
    std::atomic<std::uint64_t> m_jobsCommitted{0};
    std::atomic<std::uint64_t> m_jobsFailed{0};
    std::atomic<std::uint64_t> m_largestBatch{0};
    std::atomic<std::uint64_t> m_jobsRefused{0};

    // Readers.
    mutable std::mutex m_readersMutex;
    mutable std::condition_variable m_readerFree;
    mutable std::vector<std::unique_ptr<Reader>> m_idleReaders; // guarded by m_readersMutex
    mutable std::size_t m_openReaders = 0;                      // lent + idle; guarded by m_readersMutex
    bool m_readersClosed = false;                               // guarded by m_readersMutex

    // The published reference snapshot.
    mutable std::mutex m_referenceMutex;
    ReferenceSnapshot m_reference; // guarded by m_referenceMutex

    bool m_closed = false; // close() has run (close is not thread-safe)
};

} // namespace jejak::server
