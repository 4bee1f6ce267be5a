// SPDX-License-Identifier: Apache-2.0
// Thin RAII layer over SQLite: connections, prepared statements, transactions and numbered migrations.
#pragma once

#include "jejak/shared/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

/// Shared by the server and the mobile client. Every fallible call returns a Result; nothing throws.
///
/// Error mapping (primary SQLite result code -> ErrorCode):
///   BUSY, LOCKED             -> StorageBusy (transient: retry later)
///   CONSTRAINT               -> StorageConstraint
///   IOERR, CANTOPEN, FULL    -> StorageIo
///   CORRUPT, NOTADB          -> StorageCorrupt
///   anything else            -> StorageSql
/// Error::message holds sqlite3_errmsg, the extended result code and the SQL text (never bound values,
/// which may be personal data).
///
/// Threading contract: connections are opened with SQLITE_OPEN_NOMUTEX (SQLite's multi-thread mode), so
/// SQLite does no locking per connection. A Database, and every Statement and Transaction made from it,
/// is used by one thread at a time; handing a connection to another thread needs a happens-before edge
/// (a pool's mutex, a queue). For concurrency use one Database per thread: in WAL mode readers on other
/// connections keep reading the last committed state while one connection writes.
namespace jejak::shared::sqlite {

/// PRAGMA synchronous levels. Full syncs the WAL on every commit, so a commit that returned survives a
/// power loss; Normal may lose the last commits (never corrupts).
enum class Synchronous { Off = 0, Normal = 1, Full = 2, Extra = 3 };

/// How Database::open opens the file and which pragmas it applies.
struct OpenOptions {
    /// Open read-only. The file must exist, `create` is ignored, and the journal mode is left as stored
    /// in the file (a WAL database stays WAL).
    bool readOnly = false;
    /// Create the file when it does not exist.
    bool create = true;
    /// How long a statement waits for another connection's lock before it fails with StorageBusy.
    std::chrono::milliseconds busyTimeout{5000};
    /// Full by default: the device deletes what the server acknowledged, and the server acknowledges
    /// only what it committed, so a commit must survive power loss on both sides.
    Synchronous synchronous = Synchronous::Full;
    /// Switch to journal_mode=WAL (persistent in the file) and fail unless the switch took. When false
    /// the journal mode stays as the file has it (a rollback journal for a new file). In-memory
    /// databases (":memory:") cannot use WAL and need false.
    bool wal = true;
    /// Enforce foreign keys (PRAGMA foreign_keys, per connection).
    bool foreignKeys = true;
};

class Statement;
class Transaction;

/// Owner of one SQLite connection. Move-only; a moved-from Database may only be destroyed or assigned.
/// Used by one thread at a time (see the threading contract above).
/// Invariant: m_db is a connection opened and configured by open(), or null after a move. The destructor
/// closes it with sqlite3_close_v2, so a Statement that outlives its Database stays memory-safe (the
/// connection is freed with its last statement), though using it then is a programming error.
class Database {
public:
    /// Opens (and by default creates) the database at `path`, then applies the pragmas of `options` and
    /// reads the schema, so a file that is not a database fails here with StorageCorrupt.
    [[nodiscard]] static Result<Database> open(const std::string& path, const OpenOptions& options = {});

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// Runs a script of zero or more statements in order, discarding result rows. Stops at the first
    /// failing statement; the error names that statement. Statements already run keep their effects
    /// unless the script runs inside a Transaction.
    [[nodiscard]] Result<void> exec(std::string_view sql);
    /// Compiles exactly one statement (trailing whitespace and comments allowed).
    [[nodiscard]] Result<Statement> prepare(std::string_view sql);

    /// Rowid of the most recent successful INSERT on this connection (0 if none).
    [[nodiscard]] std::int64_t lastInsertRowId() const noexcept;
    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
    [[nodiscard]] std::int64_t changes() const noexcept;
    /// Whether a transaction is open on this connection.
    [[nodiscard]] bool inTransaction() const noexcept;

private:
    explicit Database(sqlite3* db) noexcept : m_db(db) {}
    friend class Transaction;

    sqlite3* m_db = nullptr;
};

/// One prepared statement. Move-only, finalized by the destructor; it must not outlive its Database and
/// is used only by the thread that uses the Database.
/// Parameters are numbered from 1 (SQLite's rule), result columns from 0. Named parameters are given
/// with their prefix, e.g. ":nip". Bound values persist across reset() until clearBindings().
/// A statement that stopped before SQLITE_DONE keeps its read snapshot open until reset() or
/// destruction; run() and a failing step() reset it themselves.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    //---- Binding. Every bind fails with StorageSql for an unknown index or name, or while a step is
    //---- in progress (reset() first).

    [[nodiscard]] Result<void> bind(int index, std::int64_t value);
    [[nodiscard]] Result<void> bind(int index, int value);
    [[nodiscard]] Result<void> bind(int index, double value);
    /// Binds text (UTF-8), copied by SQLite. An empty view binds the empty text, not NULL.
    [[nodiscard]] Result<void> bind(int index, std::string_view value);
    /// Binds a blob, copied by SQLite. An empty span binds the empty blob, not NULL.
    [[nodiscard]] Result<void> bind(int index, std::span<const std::byte> value);
    /// Binds NULL (so that bindAll(..., std::nullopt, ...) works).
    [[nodiscard]] Result<void> bind(int index, std::nullopt_t);
    /// Deleted: nullptr would otherwise convert to a null std::string_view. Use std::nullopt.
    Result<void> bind(int index, std::nullptr_t) = delete;
    /// Binds the value, or NULL when empty.
    template <typename T>
    [[nodiscard]] Result<void> bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    /// Binds the bytes of `value` as a blob (for byte strings kept in std::string).
    [[nodiscard]] Result<void> bindBlob(int index, std::string_view value);
    [[nodiscard]] Result<void> bindNull(int index);

    /// Binds by parameter name (with its prefix, e.g. ":nip"); any value bind(int, ...) accepts.
    template <typename T>
    [[nodiscard]] Result<void> bind(std::string_view name, const T& value) {
        auto index = parameterIndex(name);
        if (!index)
            return std::move(index).error();
        return bind(*index, value);
    }
    [[nodiscard]] Result<void> bindBlob(std::string_view name, std::string_view value);
    [[nodiscard]] Result<void> bindNull(std::string_view name);

    /// Binds `args` to parameters 1..N in order. Fails without binding anything when N is not the
    /// statement's parameter count; stops at the first failing bind.
    template <typename... Args>
    [[nodiscard]] Result<void> bindAll(const Args&... args) {
        if (auto arity = checkParameterCount(static_cast<int>(sizeof...(Args))); !arity)
            return arity;
        Result<void> result;
        int index = 0;
        static_cast<void>(((result = bind(++index, args), result.ok()) && ...));
        return result;
    }

    //---- Execution

    /// Advances to the next row: true when a row is ready to read, false when the statement is done.
    /// On failure the statement is reset (bindings kept), so it can be retried or reused.
    [[nodiscard]] Result<bool> step();
    /// Steps to completion, discarding any rows, then resets the statement for reuse.
    [[nodiscard]] Result<void> run();
    /// Rewinds to before the first row, keeping bindings, and releases the statement's read snapshot.
    /// Never fails: an error of the last step was already reported by step().
    void reset() noexcept;
    /// Sets every parameter back to NULL.
    void clearBindings() noexcept;

    //---- Result columns (0 <= index < columnCount()); the getters below columnName need a current row
    //---- (step() returned true). SQLite converts between storage classes: NULL reads as 0, 0.0, empty
    //---- text or empty blob, so use isNull() or the optional getters where NULL is meaningful.

    [[nodiscard]] int columnCount() const noexcept;
    /// The column's name (its AS alias when given).
    [[nodiscard]] std::string columnName(int index) const;
    [[nodiscard]] bool isNull(int index) const noexcept;
    [[nodiscard]] std::int64_t columnInt64(int index) const noexcept;
    [[nodiscard]] double columnDouble(int index) const noexcept;
    /// The text, embedded NUL bytes included.
    [[nodiscard]] std::string columnText(int index) const;
    [[nodiscard]] std::vector<std::byte> columnBlob(int index) const;
    /// The nullable variants: nullopt exactly when the value is NULL.
    [[nodiscard]] std::optional<std::int64_t> optionalInt64(int index) const noexcept;
    [[nodiscard]] std::optional<double> optionalDouble(int index) const noexcept;
    [[nodiscard]] std::optional<std::string> optionalText(int index) const;
    [[nodiscard]] std::optional<std::vector<std::byte>> optionalBlob(int index) const;

private:
    explicit Statement(sqlite3_stmt* stmt) noexcept : m_stmt(stmt) {}
    friend class Database;

    [[nodiscard]] Result<int> parameterIndex(std::string_view name) const;
    [[nodiscard]] Result<void> checkParameterCount(int count) const;
    [[nodiscard]] Result<void> checkBind(int rc, int index) const;

    sqlite3_stmt* m_stmt = nullptr;
};

/// An open transaction on a Database; rolls back in the destructor unless commit() succeeded.
/// Transactions do not nest (beginning one inside another fails with StorageSql). The Database must
/// outlive the Transaction and must not be moved meanwhile.
///
/// Writers should begin with Mode::Immediate: it takes the write lock up front, waiting up to the busy
/// timeout. A Deferred transaction that has read and then writes does not wait: when another connection
/// holds the write lock, or has committed since this snapshot was taken, the write fails at once with
/// StorageBusy and the transaction's work is lost. Deferred is right for read-only transactions (one
/// consistent snapshot over several queries).
class Transaction {
public:
    enum class Mode { Deferred, Immediate };

    /// BEGIN DEFERRED or BEGIN IMMEDIATE.
    [[nodiscard]] static Result<Transaction> begin(Database& db, Mode mode);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&& other) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    /// Rolls back when still open. Never throws.
    ~Transaction();

    /// Commits (precondition: not committed yet). On failure the transaction stays open when SQLite
    /// kept it open (commit() may be retried, the destructor rolls it back), or is over when SQLite
    /// already rolled it back.
    [[nodiscard]] Result<void> commit();

private:
    explicit Transaction(Database& db) noexcept : m_db(&db) {}
    void rollback() noexcept;

    Database* m_db = nullptr; ///< null once committed, rolled back or moved from
};

/// One step of a schema: `sql` takes the schema from version-1 to version. It must not contain
/// transaction control (BEGIN, COMMIT, ROLLBACK): migrate() runs it inside its own transaction, where
/// PRAGMA foreign_keys has no effect (a step that rebuilds a table can use PRAGMA defer_foreign_keys).
struct Migration {
    int version;
    std::string_view sql;
};

/// Brings the schema up to the last migration and returns that version. The schema version is
/// PRAGMA user_version (0 for a new database). `migrations` must be numbered 1, 2, 3, ... in order
/// (InvalidArgument otherwise, before anything is touched). Each pending step and its version bump run
/// in one immediate transaction: a failing step leaves the database at the previous version with none
/// of the step's effects, and the error names the step. A database whose version is newer than the last
/// migration is refused with StorageSchemaTooNew. Running it again is a no-op, and concurrent callers on
/// other connections are safe (each step re-reads the version under the write lock).
[[nodiscard]] Result<int> migrate(Database& db, std::span<const Migration> migrations);

} // namespace jejak::shared::sqlite
