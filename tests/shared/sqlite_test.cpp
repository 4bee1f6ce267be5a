// SPDX-License-Identifier: Apache-2.0
// Tests of the RAII SQLite layer on real database files in a temporary directory.
#include "jejak/shared/sqlite.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace jejak::shared;
using namespace jejak::shared::sqlite;
using jejak::testing::TempDir;

namespace {

template <typename T>
std::string describe(const Result<T>& result) {
    return result.ok() ? std::string("ok") : toString(result.error());
}

// Fails the test with the error's text when `result` is an error.
#define REQUIRE_OK(result)                                                                                  \
    do {                                                                                                    \
        const auto& r_ = (result);                                                                          \
        INFO(describe(r_));                                                                                 \
        REQUIRE(r_.ok());                                                                                   \
    } while (false)

Database openDb(const std::string& path, const OpenOptions& options = {}) {
    auto db = Database::open(path, options);
    REQUIRE_OK(db);
    return std::move(db).value();
}

void execOk(Database& db, std::string_view sql) { REQUIRE_OK(db.exec(sql)); }

// Runs a query and returns its first row's first column, as an integer or as text.
std::int64_t queryInt(Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    REQUIRE_OK(stmt);
    auto row = stmt->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    return stmt->columnInt64(0);
}

std::string queryText(Database& db, std::string_view sql) {
    auto stmt = db.prepare(sql);
    REQUIRE_OK(stmt);
    auto row = stmt->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    return stmt->columnText(0);
}

bool tableExists(Database& db, std::string_view table) {
    auto stmt = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    REQUIRE_OK(stmt);
    REQUIRE_OK(stmt->bind(1, table));
    auto row = stmt->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    return stmt->columnInt64(0) == 1;
}

std::vector<std::byte> bytes(std::initializer_list<unsigned char> values) {
    std::vector<std::byte> out;
    for (const unsigned char v : values)
        out.push_back(std::byte{v});
    return out;
}

} // namespace

//---- Opening

TEST_CASE("sqlite: open creates a file in WAL mode with full sync and foreign keys", "[shared][sqlite]") {
    TempDir dir;
    const std::string path = dir.file("jejak.db");
    REQUIRE_FALSE(std::filesystem::exists(path));

    auto db = openDb(path);
    CHECK(std::filesystem::exists(path));
    CHECK(queryText(db, "PRAGMA journal_mode") == "wal");
    CHECK(queryInt(db, "PRAGMA synchronous") == 2);
    CHECK(queryInt(db, "PRAGMA foreign_keys") == 1);
    CHECK(queryInt(db, "PRAGMA busy_timeout") == 5000);

    SECTION("options are applied") {
        OpenOptions options;
        options.synchronous = Synchronous::Normal;
        options.foreignKeys = false;
        options.busyTimeout = std::chrono::milliseconds{250};
        auto other = openDb(path, options);
        CHECK(queryInt(other, "PRAGMA synchronous") == 1);
        CHECK(queryInt(other, "PRAGMA foreign_keys") == 0);
        CHECK(queryInt(other, "PRAGMA busy_timeout") == 250);
    }
    SECTION("a moved database keeps working") {
        Database moved = std::move(db);
        CHECK(queryText(moved, "PRAGMA journal_mode") == "wal");
        db = std::move(moved);
        CHECK(queryInt(db, "PRAGMA synchronous") == 2);
    }
}

TEST_CASE("sqlite: open without create or read-only needs an existing file", "[shared][sqlite]") {
    TempDir dir;
    const std::string path = dir.file("missing.db");
    OpenOptions noCreate;
    noCreate.create = false;
    auto db = Database::open(path, noCreate);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == ErrorCode::StorageIo);
    CHECK(db.error().message.find(path) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));

    OpenOptions readOnly;
    readOnly.readOnly = true;
    CHECK(Database::open(path, readOnly).error().code == ErrorCode::StorageIo);

    {
        auto writer = openDb(path);
        execOk(writer, "CREATE TABLE t(x)");
    }
    auto reader = openDb(path, readOnly);
    CHECK(queryText(reader, "PRAGMA journal_mode") == "wal");
    CHECK(queryInt(reader, "SELECT count(*) FROM t") == 0);
    const auto write = reader.exec("INSERT INTO t VALUES (1)");
    REQUIRE_FALSE(write.ok());
    CHECK(write.error().code == ErrorCode::StorageSql);
}

TEST_CASE("sqlite: an in-memory database needs wal = false", "[shared][sqlite]") {
    const auto refused = Database::open(":memory:");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::StorageSql);
    CHECK(refused.error().message.find("wal") != std::string::npos);

    OpenOptions options;
    options.wal = false;
    auto db = openDb(":memory:", options);
    CHECK(queryText(db, "PRAGMA journal_mode") == "memory");
}

TEST_CASE("sqlite: a file that is not a database is refused as corrupt", "[shared][sqlite]") {
    TempDir dir;
    const std::string path = dir.file("notes.db");
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 256; ++i)
            out << "Laporan kegiatan, bukan basis data.\n";
    }
    const auto size = std::filesystem::file_size(path);

    const auto db = Database::open(path);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == ErrorCode::StorageCorrupt);
    CHECK_FALSE(db.error().transient);
    CHECK(db.error().message.find(path) != std::string::npos);
    CHECK(std::filesystem::file_size(path) == size);
}

//---- Statements

TEST_CASE("sqlite: every type round-trips through bind, step and columns", "[shared][sqlite]") {
    TempDir dir;
    auto db = openDb(dir.file("types.db"));
    execOk(db, "CREATE TABLE v(i INTEGER, r REAL, s TEXT, b BLOB, n ANY) STRICT");

    const std::string text = "Rapat koordinasi \xE2\x80\x94 Samarinda \xE2\x9C\x93 \xE6\x97\xA5 \xF0\x9F\x98\x80";
    const auto blob = bytes({0x00, 0x4A, 0x00, 0x00, 0xFF, 0xD8, 0x00});
    const std::int64_t big = std::numeric_limits<std::int64_t>::min();

    auto insert = db.prepare("INSERT INTO v(i, r, s, b, n) VALUES (?, ?, ?, ?, ?)");
    REQUIRE_OK(insert);
    REQUIRE_OK(insert->bindAll(big, 3.25, text, std::span<const std::byte>(blob), std::nullopt));
    REQUIRE_OK(insert->run());
    CHECK(db.changes() == 1);
    // Empty text and blob are values, not NULL; optionals with a value bind the value.
    REQUIRE_OK(insert->bindAll(42, -0.5, std::string_view(), std::span<const std::byte>(),
                               std::optional<std::int64_t>(7)));
    REQUIRE_OK(insert->run());
    // Empty optionals bind NULL; a std::string binds as text; bindBlob takes bytes kept in a string.
    REQUIRE_OK(insert->bindAll(std::optional<std::int64_t>(), std::optional<double>(), std::string("teks"),
                               std::optional<std::span<const std::byte>>(), std::optional<std::string>()));
    REQUIRE_OK(insert->bindBlob(4, std::string("a\0b", 3)));
    REQUIRE_OK(insert->run());
    CHECK(db.lastInsertRowId() == 3);

    auto select = db.prepare("SELECT i, r, s, b, n FROM v ORDER BY rowid");
    REQUIRE_OK(select);
    REQUIRE(select->columnCount() == 5);
    CHECK(select->columnName(0) == "i");
    CHECK(select->columnName(4) == "n");

    auto row = select->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    CHECK(select->columnInt64(0) == big);
    CHECK(select->columnDouble(1) == 3.25);
    CHECK(select->columnText(2) == text);
    CHECK(select->columnBlob(3) == blob);
    CHECK(select->isNull(4));
    CHECK_FALSE(select->isNull(3));
    CHECK(select->optionalInt64(4) == std::nullopt);
    CHECK(select->optionalText(4) == std::nullopt);
    CHECK(select->optionalBlob(4) == std::nullopt);
    CHECK(select->optionalDouble(4) == std::nullopt);
    CHECK(select->optionalBlob(3) == blob);

    row = select->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    CHECK(select->columnInt64(0) == 42);
    CHECK(select->optionalDouble(1) == -0.5);
    CHECK(select->optionalText(2) == std::string());
    CHECK(select->optionalBlob(3) == std::vector<std::byte>());
    CHECK(select->optionalInt64(4) == 7);

    row = select->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    CHECK(select->isNull(0));
    CHECK(select->isNull(1));
    CHECK(select->optionalText(2) == "teks");
    CHECK(select->columnBlob(3) == bytes({'a', 0x00, 'b'}));
    CHECK(select->isNull(4));

    row = select->step();
    REQUIRE_OK(row);
    CHECK_FALSE(*row);

    CHECK(queryInt(db, "SELECT length(b) FROM v WHERE rowid = 1") == 7);
    CHECK(queryText(db, "SELECT typeof(s) || typeof(b) FROM v WHERE rowid = 2") == "textblob");
}

TEST_CASE("sqlite: named parameters bind by name", "[shared][sqlite]") {
    TempDir dir;
    auto db = openDb(dir.file("named.db"));
    execOk(db, "CREATE TABLE employee(nip TEXT, name TEXT, photo BLOB, grade INTEGER)");

    auto insert = db.prepare("INSERT INTO employee VALUES (:nip, @name, $photo, :grade)");
    REQUIRE_OK(insert);
    REQUIRE_OK(insert->bind(":nip", "198503302010011002"));
    REQUIRE_OK(insert->bind("@name", std::string("Siti Rahmawati")));
    REQUIRE_OK(insert->bindBlob("$photo", std::string("\xFF\xD8\x00", 3)));
    REQUIRE_OK(insert->bind(":grade", std::optional<int>()));
    REQUIRE_OK(insert->run());

    auto select = db.prepare("SELECT name, length(photo), grade IS NULL FROM employee WHERE nip = :nip");
    REQUIRE_OK(select);
    REQUIRE_OK(select->bind(":nip", std::string_view("198503302010011002")));
    auto row = select->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    CHECK(select->columnText(0) == "Siti Rahmawati");
    CHECK(select->columnInt64(1) == 3);
    CHECK(select->columnInt64(2) == 1);

    SECTION("an unknown name is an error naming it") {
        select->reset();
        const auto r = select->bind(":nama", 1);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::StorageSql);
        CHECK(r.error().message.find(":nama") != std::string::npos);
        CHECK(select->bindNull("nip").error().code == ErrorCode::StorageSql); // the prefix is part of the name
    }
    SECTION("an index out of range is an error") {
        select->reset();
        CHECK(select->bind(0, 1).error().code == ErrorCode::StorageSql);
        CHECK(select->bind(2, 1).error().code == ErrorCode::StorageSql);
        REQUIRE_OK(select->bind(1, 1));
    }
    SECTION("bindAll needs exactly one value per parameter") {
        insert->clearBindings();
        const auto r = insert->bindAll("1", "2", "3");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::StorageSql);
        CHECK(r.error().message.find("3 values for 4 parameters") != std::string::npos);
        // Nothing was bound: every column of the inserted row is NULL.
        REQUIRE_OK(insert->run());
        CHECK(queryInt(db, "SELECT count(*) FROM employee WHERE nip IS NULL AND name IS NULL") == 1);
    }
}

TEST_CASE("sqlite: a statement is reused with reset and clearBindings", "[shared][sqlite]") {
    TempDir dir;
    auto db = openDb(dir.file("reuse.db"));
    execOk(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)");
    auto insert = db.prepare("INSERT INTO t(x) VALUES (?)");
    REQUIRE_OK(insert);
    for (int i = 1; i <= 3; ++i) {
        REQUIRE_OK(insert->bindAll(i * 10));
        REQUIRE_OK(insert->run());
        CHECK(db.lastInsertRowId() == i);
    }
    insert->clearBindings();
    REQUIRE_OK(insert->run());
    CHECK(queryInt(db, "SELECT count(*) FROM t WHERE x IS NULL") == 1);
    CHECK(queryInt(db, "SELECT sum(x) FROM t") == 60);

    auto select = db.prepare("SELECT x FROM t WHERE id = ?");
    REQUIRE_OK(select);
    REQUIRE_OK(select->bind(1, std::int64_t{2}));
    auto row = select->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    CHECK(select->columnInt64(0) == 20);
    // Bindings survive reset().
    select->reset();
    row = select->step();
    REQUIRE_OK(row);
    REQUIRE(*row);
    CHECK(select->columnInt64(0) == 20);
}

TEST_CASE("sqlite: prepare takes exactly one statement, exec takes scripts", "[shared][sqlite]") {
    TempDir dir;
    auto db = openDb(dir.file("scripts.db"));

    REQUIRE_OK(db.prepare("SELECT 1; -- trailing comment\n  "));
    CHECK(db.prepare("SELECT 1; SELECT 2").error().code == ErrorCode::StorageSql);
    CHECK(db.prepare("").error().code == ErrorCode::StorageSql);
    CHECK(db.prepare("-- only a comment").error().code == ErrorCode::StorageSql);

    const auto syntax = db.prepare("SELEC 1");
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().code == ErrorCode::StorageSql);
    CHECK(syntax.error().message.find("syntax error") != std::string::npos);
    CHECK(syntax.error().message.find("SELEC 1") != std::string::npos);

    REQUIRE_OK(db.exec("CREATE TABLE a(x); INSERT INTO a VALUES (1); -- done\n"));
    REQUIRE_OK(db.exec(""));
    const auto failed = db.exec("INSERT INTO a VALUES (2); INSERT INTO missing VALUES (3); INSERT INTO a VALUES (4)");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == ErrorCode::StorageSql);
    CHECK(failed.error().message.find("no such table: missing") != std::string::npos);
    // Without a transaction the statements before the failing one keep their effect, later ones never run.
    CHECK(queryInt(db, "SELECT count(*) FROM a") == 2);
    CHECK(queryInt(db, "SELECT max(x) FROM a") == 2);
}

TEST_CASE("sqlite: a constraint violation is StorageConstraint and changes nothing", "[shared][sqlite]") {
    TempDir dir;
    auto db = openDb(dir.file("constraint.db"));
    execOk(db, "CREATE TABLE team(id TEXT PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) > 0));"
               "CREATE TABLE member(team TEXT NOT NULL REFERENCES team(id), nip TEXT NOT NULL);"
               "INSERT INTO team VALUES ('t1', 'Tim Data')");

    const auto duplicate = db.exec("INSERT INTO team VALUES ('t2', 'Tim Baru'), ('t1', 'Tim Kembar')");
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == ErrorCode::StorageConstraint);
    CHECK_FALSE(duplicate.error().transient);
    CHECK(duplicate.error().message.find("UNIQUE constraint failed: team.id") != std::string::npos);
    CHECK(duplicate.error().message.find("INSERT INTO team") != std::string::npos);
    INFO(duplicate.error().message);
    CHECK(duplicate.error().message.find("[SQLite 1555: ") != std::string::npos); // SQLITE_CONSTRAINT_PRIMARYKEY
    CHECK(queryInt(db, "SELECT count(*) FROM team") == 1);

    CHECK(db.exec("INSERT INTO team VALUES ('t3', '')").error().code == ErrorCode::StorageConstraint);
    CHECK(db.exec("INSERT INTO member VALUES ('t9', '198503302010011002')").error().code ==
          ErrorCode::StorageConstraint);
    CHECK(queryInt(db, "SELECT count(*) FROM team") == 1);
    CHECK(queryInt(db, "SELECT count(*) FROM member") == 0);

    // A failed step resets the statement: it can be rebound and run again.
    auto insert = db.prepare("INSERT INTO team VALUES (?, ?)");
    REQUIRE_OK(insert);
    REQUIRE_OK(insert->bindAll("t1", "Tim Kembar"));
    CHECK(insert->run().error().code == ErrorCode::StorageConstraint);
    REQUIRE_OK(insert->bindAll("t2", "Tim Lapangan"));
    REQUIRE_OK(insert->run());
    CHECK(queryInt(db, "SELECT count(*) FROM team") == 2);
}

//---- Transactions

TEST_CASE("sqlite: a transaction rolls back on scope exit and a commit persists", "[shared][sqlite]") {
    TempDir dir;
    const std::string path = dir.file("tx.db");
    {
        auto db = openDb(path);
        execOk(db, "CREATE TABLE t(x)");
        {
            auto tx = Transaction::begin(db, Transaction::Mode::Immediate);
            REQUIRE_OK(tx);
            CHECK(db.inTransaction());
            execOk(db, "INSERT INTO t VALUES (1), (2)");
            CHECK(queryInt(db, "SELECT count(*) FROM t") == 2);
        }
        CHECK_FALSE(db.inTransaction());
        CHECK(queryInt(db, "SELECT count(*) FROM t") == 0);

        auto tx = Transaction::begin(db, Transaction::Mode::Deferred);
        REQUIRE_OK(tx);
        const auto nested = Transaction::begin(db, Transaction::Mode::Immediate);
        REQUIRE_FALSE(nested.ok());
        CHECK(nested.error().code == ErrorCode::StorageSql);
        execOk(db, "INSERT INTO t VALUES (3)");
        Transaction moved = std::move(*tx); // the moved-from transaction must not roll back
        REQUIRE_OK(moved.commit());
        CHECK_FALSE(db.inTransaction());
    }
    auto reopened = openDb(path);
    CHECK(queryInt(reopened, "SELECT count(*) FROM t") == 1);
    CHECK(queryInt(reopened, "SELECT x FROM t") == 3);
}

TEST_CASE("sqlite: a writer blocks an immediate begin with a transient busy error", "[shared][sqlite]") {
    TempDir dir;
    const std::string path = dir.file("busy.db");
    OpenOptions impatient;
    impatient.busyTimeout = std::chrono::milliseconds{50};
    auto first = openDb(path, impatient);
    auto second = openDb(path);
    execOk(first, "CREATE TABLE t(x); INSERT INTO t VALUES (1)");

    auto writer = Transaction::begin(second, Transaction::Mode::Immediate);
    REQUIRE_OK(writer);
    execOk(second, "INSERT INTO t VALUES (2)");

    const auto start = std::chrono::steady_clock::now();
    const auto blocked = Transaction::begin(first, Transaction::Mode::Immediate);
    const auto waited = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().code == ErrorCode::StorageBusy);
    CHECK(blocked.error().transient);
    CHECK(waited >= std::chrono::milliseconds{45}); // it waited for the busy timeout before giving up
    CHECK_FALSE(first.inTransaction());

    // Readers are not blocked by the writer: they see the last committed state.
    CHECK(queryInt(first, "SELECT count(*) FROM t") == 1);

    REQUIRE_OK(writer->commit());
    CHECK(queryInt(first, "SELECT count(*) FROM t") == 2);
    auto retried = Transaction::begin(first, Transaction::Mode::Immediate);
    REQUIRE_OK(retried);
    REQUIRE_OK(retried->commit());
}

TEST_CASE("sqlite: a deferred transaction that has read cannot become a writer", "[shared][sqlite]") {
    TempDir dir;
    const std::string path = dir.file("snapshot.db");
    OpenOptions impatient;
    impatient.busyTimeout = std::chrono::milliseconds{50};
    auto first = openDb(path, impatient);
    auto second = openDb(path);
    execOk(first, "CREATE TABLE t(x); INSERT INTO t VALUES (1)");

    auto reader = Transaction::begin(first, Transaction::Mode::Deferred);
    REQUIRE_OK(reader);
    CHECK(queryInt(first, "SELECT count(*) FROM t") == 1); // takes the read snapshot

    std::optional<Transaction> writer;
    SECTION("after another connection committed") {
        execOk(second, "INSERT INTO t VALUES (2)");
        CHECK(queryInt(first, "SELECT count(*) FROM t") == 1); // the snapshot holds
    }
    SECTION("while another connection holds the write lock") {
        auto begun = Transaction::begin(second, Transaction::Mode::Immediate);
        REQUIRE_OK(begun);
        writer.emplace(std::move(begun).value());
    }
    const auto upgrade = first.exec("INSERT INTO t VALUES (3)");
    REQUIRE_FALSE(upgrade.ok());
    CHECK(upgrade.error().code == ErrorCode::StorageBusy);
    CHECK(upgrade.error().transient);
}

//---- Migrations

namespace {

constexpr std::array kMigrations = {
    Migration{1, "CREATE TABLE employee(nip TEXT PRIMARY KEY, name TEXT NOT NULL);"},
    Migration{2, "CREATE TABLE activity(id TEXT PRIMARY KEY, nip TEXT NOT NULL REFERENCES employee(nip));"
                 "CREATE INDEX activity_nip ON activity(nip);"},
    Migration{3, "ALTER TABLE employee ADD COLUMN email TEXT;"
                 "INSERT INTO employee(nip, name) VALUES ('000000000000000000', 'sistem');"},
};

} // namespace

TEST_CASE("sqlite: migrate brings a fresh database to the last version, once", "[shared][sqlite][migrate]") {
    TempDir dir;
    const std::string path = dir.file("migrate.db");
    {
        auto db = openDb(path);
        const auto version = migrate(db, kMigrations);
        REQUIRE_OK(version);
        CHECK(*version == 3);
        CHECK(queryInt(db, "PRAGMA user_version") == 3);
        CHECK(tableExists(db, "employee"));
        CHECK(tableExists(db, "activity"));
        CHECK(queryInt(db, "SELECT count(*) FROM employee WHERE email IS NULL") == 1);
    }
    auto db = openDb(path);
    const auto schemaVersion = queryInt(db, "PRAGMA schema_version");
    const auto again = migrate(db, kMigrations);
    REQUIRE_OK(again);
    CHECK(*again == 3);
    CHECK(queryInt(db, "PRAGMA schema_version") == schemaVersion);
    CHECK(queryInt(db, "SELECT count(*) FROM employee") == 1);

    // A database at an intermediate version gets only the pending steps.
    TempDir other;
    auto partial = openDb(other.file("partial.db"));
    REQUIRE_OK(migrate(partial, std::span(kMigrations).first(2)));
    CHECK(queryInt(partial, "PRAGMA user_version") == 2);
    CHECK(queryInt(partial, "SELECT count(*) FROM employee") == 0);
    const auto rest = migrate(partial, kMigrations);
    REQUIRE_OK(rest);
    CHECK(*rest == 3);
    CHECK(queryInt(partial, "SELECT count(*) FROM employee") == 1);
}

TEST_CASE("sqlite: a failing migration leaves the previous version and none of its effects",
          "[shared][sqlite][migrate]") {
    TempDir dir;
    auto db = openDb(dir.file("failing.db"));
    const std::array broken = {
        kMigrations[0],
        kMigrations[1],
        Migration{3, "CREATE TABLE partial(x); INSERT INTO employee(nip, name) VALUES ('1', 'a');"
                     "CREAT TABLE typo(y);"},
    };
    const auto failed = migrate(db, broken);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == ErrorCode::StorageSql);
    CHECK(failed.error().message.find("migration 3") != std::string::npos);
    CHECK(failed.error().message.find("CREAT TABLE typo") != std::string::npos);
    CHECK_FALSE(db.inTransaction());
    CHECK(queryInt(db, "PRAGMA user_version") == 2);
    CHECK(tableExists(db, "activity"));
    CHECK_FALSE(tableExists(db, "partial"));
    CHECK(queryInt(db, "SELECT count(*) FROM employee") == 0);

    // Once fixed, the same database moves on from version 2.
    const auto fixed = migrate(db, kMigrations);
    REQUIRE_OK(fixed);
    CHECK(*fixed == 3);
    CHECK(queryInt(db, "SELECT count(*) FROM employee") == 1);
}

TEST_CASE("sqlite: migrate refuses a database from the future", "[shared][sqlite][migrate]") {
    TempDir dir;
    auto db = openDb(dir.file("future.db"));
    execOk(db, "PRAGMA user_version = 5");
    const auto refused = migrate(db, kMigrations);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::StorageSchemaTooNew);
    CHECK_FALSE(refused.error().transient);
    CHECK(refused.error().message.find("5") != std::string::npos);
    CHECK(queryInt(db, "PRAGMA user_version") == 5);
    CHECK_FALSE(tableExists(db, "employee"));

    // The boundary: a database exactly at the last version is fine.
    execOk(db, "PRAGMA user_version = 3");
    const auto current = migrate(db, kMigrations);
    REQUIRE_OK(current);
    CHECK(*current == 3);
}

TEST_CASE("sqlite: migrate refuses a badly numbered list before touching anything", "[shared][sqlite][migrate]") {
    TempDir dir;
    auto db = openDb(dir.file("list.db"));
    const std::array gap = {kMigrations[0], Migration{3, "CREATE TABLE gap(x)"}};
    const std::array unordered = {kMigrations[1], kMigrations[0]};
    const std::array duplicate = {kMigrations[0], Migration{1, "CREATE TABLE dup(x)"}};
    const std::array fromZero = {Migration{0, "CREATE TABLE zero(x)"}};

    const auto refused = migrate(db, gap);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::InvalidArgument);
    CHECK(refused.error().field == "migrations[1].version");
    CHECK(refused.error().message.find("has version 3, expected 2") != std::string::npos);
    CHECK(migrate(db, unordered).error().field == "migrations[0].version");
    CHECK(migrate(db, duplicate).error().code == ErrorCode::InvalidArgument);
    CHECK(migrate(db, fromZero).error().code == ErrorCode::InvalidArgument);

    CHECK(queryInt(db, "PRAGMA user_version") == 0);
    CHECK(queryInt(db, "SELECT count(*) FROM sqlite_schema") == 0);

    const auto none = migrate(db, std::span<const Migration>());
    REQUIRE_OK(none);
    CHECK(*none == 0);
}
