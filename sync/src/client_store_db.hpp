// SPDX-License-Identifier: Apache-2.0
// Private to the device store (client_store.cpp): its schema, and helpers over SQLite and the JSON codecs.
#pragma once

#include "jejak/shared/codec.hpp"
#include "jejak/shared/error.hpp"
#include "jejak/shared/sqlite.hpp"
#include "jejak/sync/protocol.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::sync::store_db {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
using shared::sqlite::Database;
using shared::sqlite::Statement;

/// The numbered migrations of the store's schema (see client_store_db.cpp for the tables).
[[nodiscard]] std::span<const shared::sqlite::Migration> migrations() noexcept;

// Entity names of the tables: the ChangeEntity wire names.
constexpr std::string_view kActivity = "activity";
constexpr std::string_view kActivityState = "activityState";
constexpr std::string_view kReview = "review";
constexpr std::string_view kRating = "rating";
constexpr std::string_view kFeedback = "feedback";
constexpr std::string_view kEvaluation = "evaluation";

/// The wire name of an entity, which names it in the tables.
[[nodiscard]] std::string entityName(ChangeEntity entity);
/// Milliseconds since the epoch.
[[nodiscard]] std::int64_t millis(shared::Timestamp t);
/// Compact JSON text.
[[nodiscard]] std::string jsonText(const boost::json::value& json);

/// A value as the text of its codec's JSON.
template <class T> std::string encode(const T& value) {
    return jsonText(toJson(value));
}

/// Strict decode of a value from JSON text.
template <class T> Result<T> decodeText(std::string_view text) {
    auto json = shared::parseJson(text);
    if (!json)
        return std::move(json).error();
    return shared::decode<T>(*json);
}

/// Errors as a JSON array of ErrorBody, and back (an unreadable element is skipped).
[[nodiscard]] std::string encodeErrors(const std::vector<Error>& errors);
[[nodiscard]] std::vector<Error> decodeErrors(std::string_view text);

//---- SQL helpers: prepare, bind and step in one call; parameters are bound in order (bindAll).

template <class... Args> Result<Statement> query(Database& db, std::string_view sql, const Args&... args) {
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt;
    if (auto r = stmt->bindAll(args...); !r)
        return std::move(r).error();
    return stmt;
}

template <class... Args> Result<void> run(Database& db, std::string_view sql, const Args&... args) {
    auto stmt = query(db, sql, args...);
    if (!stmt)
        return std::move(stmt).error();
    return stmt->run();
}

/// Column 0 of every row, as text.
template <class... Args>
Result<std::vector<std::string>> texts(Database& db, std::string_view sql, const Args&... args) {
    auto stmt = query(db, sql, args...);
    if (!stmt)
        return std::move(stmt).error();
    std::vector<std::string> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            return out;
        out.push_back(stmt->columnText(0));
    }
}

/// Column 0 of the first row, read by `get`; nullopt without rows.
template <class T, class Get, class... Args>
Result<std::optional<T>> firstColumn(Database& db, std::string_view sql, Get get, const Args&... args) {
    auto stmt = query(db, sql, args...);
    if (!stmt)
        return std::move(stmt).error();
    auto row = stmt->step();
    if (!row)
        return std::move(row).error();
    if (!*row)
        return std::optional<T>();
    return std::optional<T>(get(*stmt));
}

/// Column 0 of the first row, as an integer; nullopt without rows.
template <class... Args>
Result<std::optional<std::int64_t>> integer(Database& db, std::string_view sql, const Args&... args) {
    return firstColumn<std::int64_t>(db, sql, [](const Statement& s) { return s.columnInt64(0); }, args...);
}

/// Column 0 of the first row, as text; nullopt without rows.
template <class... Args>
Result<std::optional<std::string>> text(Database& db, std::string_view sql, const Args&... args) {
    return firstColumn<std::string>(db, sql, [](const Statement& s) { return s.columnText(0); }, args...);
}

/// A value of the meta table.
[[nodiscard]] Result<std::optional<std::string>> meta(Database& db, std::string_view key);
[[nodiscard]] Result<void> setMeta(Database& db, std::string_view key, std::string_view value);

/// A record of `entity` decoded from the table `table` ("server_record" or "local_record").
template <class T>
Result<std::optional<T>> record(Database& db, std::string_view table, std::string_view entity,
                                std::string_view id) {
    const std::string sql = "SELECT json FROM " + std::string(table) + " WHERE entity = ? AND id = ?";
    auto json = text(db, sql, entity, id);
    if (!json)
        return std::move(json).error();
    if (!*json)
        return std::optional<T>();
    auto value = decodeText<T>(**json);
    if (!value)
        return Error(ErrorCode::StorageCorrupt, std::string(entity), toString(value.error()));
    return std::optional<T>(std::move(value).value());
}

/// Every record of `entity` in `table` whose ref is `ref` (every record without `ref`), by id.
template <class T>
Result<std::vector<T>> records(Database& db, std::string_view table, std::string_view entity,
                               std::optional<std::string_view> ref = std::nullopt) {
    const std::string sql = "SELECT json FROM " + std::string(table) + " WHERE entity = ?" +
                            (ref ? " AND ref = ?" : "") + " ORDER BY id";
    auto rows = ref ? texts(db, sql, entity, *ref) : texts(db, sql, entity);
    if (!rows)
        return std::move(rows).error();
    std::vector<T> out;
    for (const auto& row : *rows) {
        auto value = decodeText<T>(row);
        if (!value)
            return Error(ErrorCode::StorageCorrupt, std::string(entity), toString(value.error()));
        out.push_back(std::move(value).value());
    }
    return out;
}

/// Decodes a change's record with its entity's decoder and returns its lookup parent (see the schema).
[[nodiscard]] Result<std::optional<std::string>> checkRecord(ChangeEntity entity,
                                                             const boost::json::value& json);
/// Inserts or replaces a server record.
[[nodiscard]] Result<void> putServerRecord(Database& db, std::string_view entity, std::string_view id,
                                           const std::optional<std::string>& ref,
                                           const boost::json::value& json);

/// The record an op creates or changes: (entity, id, activity it concerns).
struct OpTarget {
    std::string_view entity;
    ChangeEntity change = ChangeEntity::Activity;
    std::string id;
    std::optional<std::string> activityId;
};

[[nodiscard]] OpTarget targetOf(const Op& op);

/// Writes `bytes` to `path` durably: a temporary file in the same folder, fsync, rename, fsync the folder.
/// BlobIo on failure. `nonce` makes the temporary name unique.
[[nodiscard]] Result<void> writeFileDurably(const std::filesystem::path& path, std::string_view bytes,
                                            std::uint64_t nonce);

} // namespace jejak::sync::store_db
