// SPDX-License-Identifier: Apache-2.0
// The RAII SQLite layer: result-code mapping, open-time pragmas, statements, transactions, migrations.
#include "jejak/shared/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cassert>
#include <climits>
#include <utility>

namespace jejak::shared::sqlite {
namespace {

ErrorCode mapResultCode(int rc) noexcept {
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorCode::StorageBusy;
    case SQLITE_CONSTRAINT:
        return ErrorCode::StorageConstraint;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
        return ErrorCode::StorageIo;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ErrorCode::StorageCorrupt;
    default:
        return ErrorCode::StorageSql;
    }
}

void appendSql(std::string& message, std::string_view sql) {
    if (!sql.empty()) {
        message += " in: ";
        message += sql;
    }
}

/// The error for result code `rc` of an operation on `db` (may be null) that ran `sql`.
Error sqliteError(int rc, sqlite3* db, std::string_view sql) {
    // sqlite3_errmsg describes the connection's last failure; trust it only when that is this one.
    const bool fromDb = db != nullptr && sqlite3_extended_errcode(db) == rc;
    std::string message = fromDb ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    message += " [SQLite ";
    message += std::to_string(rc);
    message += ": ";
    message += sqlite3_errstr(rc);
    message += "]";
    appendSql(message, sql);
    return Error(mapResultCode(rc), {}, std::move(message));
}

/// An error found by this layer rather than by SQLite (API misuse).
Error usageError(std::string message, std::string_view sql) {
    appendSql(message, sql);
    return Error(ErrorCode::StorageSql, {}, std::move(message));
}

Error withContext(Error error, std::string_view context) {
    error.message.insert(0, std::string(context) + ": ");
    return error;
}

std::string_view statementSql(sqlite3_stmt* stmt) noexcept {
    const char* sql = sqlite3_sql(stmt);
    return sql ? std::string_view(sql) : std::string_view();
}

/// Runs a query expected to yield a row and returns the statement positioned on it.
Result<Statement> singleRow(Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    if (!stmt)
        return std::move(stmt).error();
    auto row = stmt->step();
    if (!row)
        return std::move(row).error();
    if (!*row)
        return usageError("expected a row", sql);
    return stmt;
}

Result<int> userVersion(Database& db) {
    auto stmt = singleRow(db, "PRAGMA user_version");
    if (!stmt)
        return std::move(stmt).error();
    const std::int64_t version = stmt->columnInt64(0);
    if (version < 0)
        return Error(ErrorCode::StorageCorrupt, {},
                     "PRAGMA user_version is " + std::to_string(version) + ", not a schema version");
    return static_cast<int>(version);
}

} // namespace

//---- Database

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
    const std::string context = "open " + path;
    if (sqlite3_threadsafe() == 0)
        return withContext(usageError("SQLite is built without thread support (SQLITE_THREADSAFE=0)", {}),
                           context);

    int flags = SQLITE_OPEN_NOMUTEX;
    if (options.readOnly)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Database db(raw); // closes the handle on every early return, also when opening failed
    if (rc != SQLITE_OK)
        return withContext(sqliteError(rc, raw, {}), context);
    sqlite3_extended_result_codes(raw, 1);

    const auto timeout = std::clamp<std::chrono::milliseconds::rep>(options.busyTimeout.count(), 0, INT_MAX);
    sqlite3_busy_timeout(raw, static_cast<int>(timeout));

    // Read the schema first: a file that is not a database fails here, before any pragma.
    if (auto r = db.exec("SELECT count(*) FROM sqlite_schema"); !r)
        return withContext(std::move(r).error(), context);
    if (options.wal && !options.readOnly) {
        auto mode = singleRow(db, "PRAGMA journal_mode=WAL");
        if (!mode)
            return withContext(std::move(mode).error(), context);
        if (const std::string actual = mode->columnText(0); actual != "wal") {
            std::string message = "journal_mode is '" + actual + "', not 'wal'";
            message += " (in-memory databases need OpenOptions::wal = false)";
            return withContext(usageError(std::move(message), {}), context);
        }
    }
    const std::string pragmas =
        "PRAGMA synchronous=" + std::to_string(static_cast<int>(options.synchronous)) +
        "; PRAGMA foreign_keys=" + (options.foreignKeys ? "ON" : "OFF");
    if (auto r = db.exec(pragmas); !r)
        return withContext(std::move(r).error(), context);
    return db;
}

Database::Database(Database&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Database::~Database() { sqlite3_close_v2(m_db); }

Result<void> Database::exec(std::string_view sql) {
    assert(m_db);
    while (!sql.empty()) {
        if (sql.size() > INT_MAX)
            return usageError("SQL text is too long", {});
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
        if (rc != SQLITE_OK)
            return sqliteError(rc, m_db, sql);
        if (!raw) // only whitespace or comments were left
            break;
        Statement stmt(raw);
        if (auto r = stmt.run(); !r)
            return r;
        sql.remove_prefix(static_cast<std::size_t>(tail - sql.data()));
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    assert(m_db);
    if (sql.size() > INT_MAX)
        return usageError("SQL text is too long", {});
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    if (rc != SQLITE_OK)
        return sqliteError(rc, m_db, sql);
    if (!raw)
        return usageError("no SQL statement to prepare", sql);
    Statement stmt(raw);

    const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v2(m_db, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
    sqlite3_finalize(extra);
    if (rc != SQLITE_OK || extra != nullptr)
        return usageError("prepare takes exactly one statement (use exec for scripts)", sql);
    return stmt;
}

std::int64_t Database::lastInsertRowId() const noexcept {
    assert(m_db);
    return sqlite3_last_insert_rowid(m_db);
}

std::int64_t Database::changes() const noexcept {
    assert(m_db);
    return sqlite3_changes64(m_db);
}

bool Database::inTransaction() const noexcept {
    assert(m_db);
    return sqlite3_get_autocommit(m_db) == 0;
}

//---- Statement

Statement::Statement(Statement&& other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Result<void> Statement::checkBind(int rc, int index) const {
    if (rc == SQLITE_OK)
        return {};
    return withContext(sqliteError(rc, sqlite3_db_handle(m_stmt), statementSql(m_stmt)),
                       "binding parameter " + std::to_string(index));
}

Result<void> Statement::bind(int index, std::int64_t value) {
    assert(m_stmt);
    return checkBind(sqlite3_bind_int64(m_stmt, index, value), index);
}

Result<void> Statement::bind(int index, int value) {
    assert(m_stmt);
    return checkBind(sqlite3_bind_int(m_stmt, index, value), index);
}

Result<void> Statement::bind(int index, double value) {
    assert(m_stmt);
    return checkBind(sqlite3_bind_double(m_stmt, index, value), index);
}

Result<void> Statement::bind(int index, std::string_view value) {
    assert(m_stmt);
    // A null pointer would bind NULL; the empty text needs a real (empty) string.
    const char* data = value.empty() ? "" : value.data();
    return checkBind(sqlite3_bind_text64(m_stmt, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
                     index);
}

Result<void> Statement::bind(int index, std::span<const std::byte> value) {
    assert(m_stmt);
    // A null pointer would bind NULL; the empty blob needs a real (empty) buffer.
    const void* data = value.empty() ? static_cast<const void*>("") : value.data();
    return checkBind(sqlite3_bind_blob64(m_stmt, index, data, value.size(), SQLITE_TRANSIENT), index);
}

Result<void> Statement::bind(int index, std::nullopt_t) { return bindNull(index); }

Result<void> Statement::bindBlob(int index, std::string_view value) {
    return bind(index, std::as_bytes(std::span(value.data(), value.size())));
}

Result<void> Statement::bindNull(int index) {
    assert(m_stmt);
    return checkBind(sqlite3_bind_null(m_stmt, index), index);
}

Result<void> Statement::bindBlob(std::string_view name, std::string_view value) {
    auto index = parameterIndex(name);
    if (!index)
        return std::move(index).error();
    return bindBlob(*index, value);
}

Result<void> Statement::bindNull(std::string_view name) {
    auto index = parameterIndex(name);
    if (!index)
        return std::move(index).error();
    return bindNull(*index);
}

Result<int> Statement::parameterIndex(std::string_view name) const {
    assert(m_stmt);
    const int index = sqlite3_bind_parameter_index(m_stmt, std::string(name).c_str());
    if (index == 0)
        return usageError("no parameter named '" + std::string(name) + "'", statementSql(m_stmt));
    return index;
}

Result<void> Statement::checkParameterCount(int count) const {
    assert(m_stmt);
    const int expected = sqlite3_bind_parameter_count(m_stmt);
    if (count == expected)
        return {};
    return usageError("bindAll got " + std::to_string(count) + " values for " + std::to_string(expected) +
                          " parameters",
                      statementSql(m_stmt));
}

Result<bool> Statement::step() {
    assert(m_stmt);
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = sqliteError(rc, sqlite3_db_handle(m_stmt), statementSql(m_stmt));
    sqlite3_reset(m_stmt);
    return error;
}

Result<void> Statement::run() {
    for (;;) {
        auto row = step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            break;
    }
    sqlite3_reset(m_stmt);
    return {};
}

void Statement::reset() noexcept {
    assert(m_stmt);
    sqlite3_reset(m_stmt);
}

void Statement::clearBindings() noexcept {
    assert(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int Statement::columnCount() const noexcept {
    assert(m_stmt);
    return sqlite3_column_count(m_stmt);
}

std::string Statement::columnName(int index) const {
    assert(m_stmt && index >= 0 && index < columnCount());
    const char* name = sqlite3_column_name(m_stmt, index);
    return name ? std::string(name) : std::string();
}

bool Statement::isNull(int index) const noexcept {
    assert(m_stmt && index >= 0 && index < sqlite3_data_count(m_stmt));
    return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

std::int64_t Statement::columnInt64(int index) const noexcept {
    assert(m_stmt && index >= 0 && index < sqlite3_data_count(m_stmt));
    return sqlite3_column_int64(m_stmt, index);
}

double Statement::columnDouble(int index) const noexcept {
    assert(m_stmt && index >= 0 && index < sqlite3_data_count(m_stmt));
    return sqlite3_column_double(m_stmt, index);
}

std::string Statement::columnText(int index) const {
    assert(m_stmt && index >= 0 && index < sqlite3_data_count(m_stmt));
    // The pointer first, then the size: sqlite3_column_bytes measures the converted value.
    const unsigned char* text = sqlite3_column_text(m_stmt, index);
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index));
    return text ? std::string(reinterpret_cast<const char*>(text), size) : std::string();
}

std::vector<std::byte> Statement::columnBlob(int index) const {
    assert(m_stmt && index >= 0 && index < sqlite3_data_count(m_stmt));
    const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(m_stmt, index));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index));
    return data ? std::vector<std::byte>(data, data + size) : std::vector<std::byte>();
}

std::optional<std::int64_t> Statement::optionalInt64(int index) const noexcept {
    return isNull(index) ? std::nullopt : std::optional(columnInt64(index));
}

std::optional<double> Statement::optionalDouble(int index) const noexcept {
    return isNull(index) ? std::nullopt : std::optional(columnDouble(index));
}

std::optional<std::string> Statement::optionalText(int index) const {
    return isNull(index) ? std::nullopt : std::optional(columnText(index));
}

std::optional<std::vector<std::byte>> Statement::optionalBlob(int index) const {
    return isNull(index) ? std::nullopt : std::optional(columnBlob(index));
}

//---- Transaction

Result<Transaction> Transaction::begin(Database& db, Mode mode) {
    if (auto r = db.exec(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"); !r)
        return std::move(r).error();
    return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
    if (this != &other) {
        rollback();
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Transaction::~Transaction() { rollback(); }

Result<void> Transaction::commit() {
    assert(m_db);
    auto result = m_db->exec("COMMIT");
    if (result || !m_db->inTransaction())
        m_db = nullptr;
    return result;
}

void Transaction::rollback() noexcept {
    // SQLite rolls back by itself after some errors (e.g. SQLITE_FULL); only an open one is ours to end.
    if (m_db && m_db->m_db && sqlite3_get_autocommit(m_db->m_db) == 0)
        sqlite3_exec(m_db->m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    m_db = nullptr;
}

//---- Migrations

Result<int> migrate(Database& db, std::span<const Migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        const int expected = static_cast<int>(i) + 1;
        if (migrations[i].version != expected)
            return Error(ErrorCode::InvalidArgument, "migrations[" + std::to_string(i) + "].version",
                         "migrations must be numbered 1, 2, 3, ... without gaps: entry " + std::to_string(i) +
                             " has version " + std::to_string(migrations[i].version) + ", expected " +
                             std::to_string(expected));
    }
    const int latest = static_cast<int>(migrations.size());
    const auto tooNew = [latest](int version) {
        return Error(ErrorCode::StorageSchemaTooNew, {},
                     "database schema version " + std::to_string(version) +
                         " is newer than the last migration this program knows (" + std::to_string(latest) +
                         ")");
    };

    // Fast path without a write lock: nothing to do, or nothing we may do.
    auto current = userVersion(db);
    if (!current)
        return std::move(current).error();
    if (*current > latest)
        return tooNew(*current);

    while (*current < latest) {
        auto tx = Transaction::begin(db, Transaction::Mode::Immediate);
        if (!tx)
            return std::move(tx).error();
        // Re-read under the write lock: another connection may have migrated meanwhile.
        current = userVersion(db);
        if (!current)
            return std::move(current).error();
        if (*current > latest)
            return tooNew(*current);
        if (*current == latest)
            break;

        const Migration& step = migrations[static_cast<std::size_t>(*current)];
        const std::string context = "migration " + std::to_string(step.version);
        if (auto r = db.exec(step.sql); !r)
            return withContext(std::move(r).error(), context);
        if (auto r = db.exec("PRAGMA user_version=" + std::to_string(step.version)); !r)
            return withContext(std::move(r).error(), context);
        if (auto r = tx->commit(); !r)
            return withContext(std::move(r).error(), context);
        current = step.version;
    }
    return latest;
}

} // namespace jejak::shared::sqlite
