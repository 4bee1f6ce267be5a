// SPDX-License-Identifier: Apache-2.0
// jejak_insert_baseline: the rows of accepted submissions inserted straight into a fresh copy of the server's
// schema (WAL, synchronous=FULL), in grouped commits: the database's own ceiling for the push benchmark.
//
// Per submission it writes what an accepted submitActivity writes: the activity row, its revision, its
// evidence row, the applied op with its stored result, one change row per audience (author, validator,
// ketua of the team) and one hash-chained audit entry (with the server's own sqlAppendAudit). Rows are built
// before each transaction starts; only BEGIN ... COMMIT is timed. No validation, no HTTP, no savepoints.
#include "workload.hpp"

#include "storage/schema.hpp"
#include "storage/sqlite_tables.hpp"
#include "sync/ops.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/codec.hpp"
#include "jejak/shared/sqlite.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/sync/protocol.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using jejak::bench::mix64;
using jejak::shared::Result;
using jejak::shared::Timestamp;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

const char* const kUsage =
    "usage: jejak_insert_baseline --db FILE --bundle FILE --clock-start RFC3339 --count N --batch-size B\n"
    "                             [--devices 200] [--photos 256] [--report FILE]\n";

struct Options {
    std::string db;
    std::string bundle;
    std::optional<Timestamp> clockStart;
    std::uint64_t count = 0;
    std::size_t batchSize = 0;
    std::size_t devices = 200;
    std::size_t photos = 256;
    std::string report;
};

template <class T> bool parseNumber(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::optional<std::string> parseOptions(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!arg.starts_with("--") || i + 1 >= argc)
            return "expected --option value pairs, got '" + std::string(arg) + "'";
        const std::string_view name = arg.substr(2);
        const std::string_view value = argv[++i];
        bool ok = true;
        if (name == "db") {
            o.db = value;
        } else if (name == "bundle") {
            o.bundle = value;
        } else if (name == "clock-start") {
            o.clockStart = jejak::shared::parseTimestamp(value);
            ok = o.clockStart.has_value();
        } else if (name == "count") {
            ok = parseNumber(value, o.count) && o.count > 0;
        } else if (name == "batch-size") {
            ok = parseNumber(value, o.batchSize) && o.batchSize > 0;
        } else if (name == "devices") {
            ok = parseNumber(value, o.devices) && o.devices > 0;
        } else if (name == "photos") {
            ok = parseNumber(value, o.photos) && o.photos > 0;
        } else if (name == "report") {
            o.report = value;
        } else {
            return "unknown option --" + std::string(name);
        }
        if (!ok)
            return "bad value '" + std::string(value) + "' for --" + std::string(name);
    }
    if (o.db.empty() || o.bundle.empty() || !o.clockStart || o.count == 0 || o.batchSize == 0)
        return "--db, --bundle, --clock-start, --count and --batch-size are required";
    return std::nullopt;
}

std::int64_t millis(Timestamp t) noexcept { return t.time_since_epoch().count(); }

/// The text of every row of one submission, made before the transaction that inserts it.
struct SubmissionRows {
    const jejak::bench::AuthorProfile* author = nullptr;
    jejak::shared::Activity activity;
    std::string activityJson;
    std::string statusJson;
    std::string opId;
    std::string deviceId;
    std::string resultJson;
    std::string auditDetail;
};

SubmissionRows makeRows(const jejak::bench::Workload& workload, std::size_t device, const std::string& deviceId,
                        const jejak::shared::EvidenceRef& photo, std::uint64_t& rng, Timestamp now) {
    SubmissionRows rows;
    const std::size_t author = device % workload.authors().size();
    rows.author = &workload.authors()[author];
    const std::uint64_t a = rng = mix64(rng);
    const std::uint64_t b = rng = mix64(rng);
    rows.activity = workload.makeActivity(author, photo, a, b);
    rows.activityJson = boost::json::serialize(jejak::shared::toJson(rows.activity));
    jejak::sync::ActivityStatus status;
    status.activityId = rows.activity.id;
    status.revision = 1;
    status.state = jejak::shared::ActivityState::Submitted;
    status.validatorNip = rows.author->route.validatorNip;
    status.unlinked = rows.author->route.unlinked;
    status.updatedAt = now;
    rows.statusJson = boost::json::serialize(jejak::sync::toJson(status));
    const std::uint64_t c = rng = mix64(rng);
    const std::uint64_t d = rng = mix64(rng);
    rows.opId = jejak::shared::makeUuidV7(now, c, d);
    rows.deviceId = deviceId;
    jejak::sync::OpResult result; // as the server stores it: status and the stored record
    result.opId = rows.opId;
    result.ok = true;
    result.status = status;
    result.record = jejak::shared::toJson(rows.activity).as_object();
    rows.resultJson = boost::json::serialize(jejak::sync::toJson(result));
    boost::json::object detail;
    detail["revision"] = 1;
    detail["validatorNip"] = status.validatorNip;
    detail["route"] = jejak::server::routeKindName(rows.author->route.kind);
    rows.auditDetail = boost::json::serialize(detail);
    return rows;
}

Result<void> insertRows(jejak::server::StatementCache& sql, const SubmissionRows& r, Timestamp now,
                        std::uint64_t& rowCount) {
    using jejak::shared::Error;
    const auto& a = r.activity;
    const auto& route = r.author->route;
    const std::int64_t at = millis(now);
    auto activity = sql.get("INSERT INTO activity (id, nip, revision, state, validator_nip, route_kind, unlinked, "
                            "flags, team_id, skp_item_id, start_ms, end_ms, data, created_at, updated_at) "
                            "VALUES (?, ?, 1, 'submitted', ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?)");
    if (!activity)
        return std::move(activity).error();
    if (auto ok = (*activity)->bindAll(a.id, a.nip, route.validatorNip, jejak::server::routeKindName(route.kind),
                                       route.unlinked ? 1 : 0, a.teamId, a.skpItemId, millis(a.start), millis(a.end),
                                       r.activityJson, at, at);
        !ok)
        return ok;
    if (auto ok = (*activity)->run(); !ok)
        return ok;
    auto revision = sql.get("INSERT INTO activity_revision (activity_id, revision, data, submitted_at) "
                            "VALUES (?, 1, ?, ?)");
    if (!revision)
        return std::move(revision).error();
    if (auto ok = (*revision)->bindAll(a.id, r.activityJson, at); !ok)
        return ok;
    if (auto ok = (*revision)->run(); !ok)
        return ok;
    auto evidence = sql.get("INSERT INTO activity_evidence (activity_id, sha256) VALUES (?, ?)");
    if (!evidence)
        return std::move(evidence).error();
    for (const auto& e : a.evidence) {
        if (auto ok = (*evidence)->bindAll(a.id, e.sha256); !ok)
            return ok;
        if (auto ok = (*evidence)->run(); !ok)
            return ok;
    }
    auto op = sql.get("INSERT INTO applied_op (op_id, nip, device_id, result, applied_at) VALUES (?, ?, ?, ?, ?)");
    if (!op)
        return std::move(op).error();
    if (auto ok = (*op)->bindAll(r.opId, a.nip, r.deviceId, r.resultJson, at); !ok)
        return ok;
    if (auto ok = (*op)->run(); !ok)
        return ok;
    auto change = sql.get("INSERT INTO change (audience, entity, entity_id, deleted, data, at) VALUES (?, ?, ?, 0, ?, ?)");
    if (!change)
        return std::move(change).error();
    for (const auto& audience : r.author->audiences) {
        if (auto ok = (*change)->bindAll(audience, std::string_view("activity"), a.id, r.activityJson, at); !ok)
            return ok;
        if (auto ok = (*change)->run(); !ok)
            return ok;
        if (auto ok = (*change)->bindAll(audience, std::string_view("activityState"), a.id, r.statusJson, at); !ok)
            return ok;
        if (auto ok = (*change)->run(); !ok)
            return ok;
    }
    auto audit = jejak::server::sqlAppendAudit(sql, {a.nip, "activity.submit", "activity", a.id, r.auditDetail}, now);
    if (!audit)
        return std::move(audit).error();
    rowCount += 4 + a.evidence.size() + 2 * r.author->audiences.size(); // + activity, revision, op, audit
    return {};
}

std::string fixed(double v, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

int runBaseline(const Options& o) {
    if (std::filesystem::exists(o.db)) {
        std::cerr << "jejak_insert_baseline: " << o.db << " exists; the baseline needs a fresh file\n";
        return kExitFailed;
    }
    const auto bundle = jejak::shared::loadBundleFile(o.bundle);
    if (!bundle.ok()) {
        std::cerr << "jejak_insert_baseline: the bundle has problems\n";
        return kExitFailed;
    }
    auto workload = jejak::bench::Workload::create(*bundle.bundle, *o.clockStart);
    if (!workload) {
        std::cerr << "jejak_insert_baseline: " << jejak::shared::toString(workload.error()) << "\n";
        return kExitFailed;
    }
    jejak::shared::sqlite::OpenOptions open; // WAL, synchronous=FULL, foreign keys: as the server opens it
    open.synchronous = jejak::shared::sqlite::Synchronous::Full;
    auto db = jejak::shared::sqlite::Database::open(o.db, open);
    if (!db) {
        std::cerr << "jejak_insert_baseline: " << jejak::shared::toString(db.error()) << "\n";
        return kExitFailed;
    }
    if (auto migrated = jejak::shared::sqlite::migrate(*db, jejak::server::schemaMigrations()); !migrated) {
        std::cerr << "jejak_insert_baseline: " << jejak::shared::toString(migrated.error()) << "\n";
        return kExitFailed;
    }
    jejak::server::StatementCache sql(*db);

    std::uint64_t rng = mix64(static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()));
    std::vector<jejak::shared::EvidenceRef> photos(o.photos);
    for (std::size_t i = 0; i < photos.size(); ++i) {
        char digest[65];
        std::snprintf(digest, sizeof digest, "%016llx%016llx%016llx%016llx",
                      static_cast<unsigned long long>(mix64(rng + 4 * i)),
                      static_cast<unsigned long long>(mix64(rng + 4 * i + 1)),
                      static_cast<unsigned long long>(mix64(rng + 4 * i + 2)),
                      static_cast<unsigned long long>(mix64(rng + 4 * i + 3)));
        photos[i] = {digest, 100'000, "image/jpeg", jejak::shared::EvidenceKind::Photo, std::nullopt};
    }
    std::vector<std::string> deviceIds(o.devices);
    for (auto& id : deviceIds) {
        const std::uint64_t a = rng = mix64(rng);
        const std::uint64_t b = rng = mix64(rng);
        id = jejak::shared::makeUuidV7(*o.clockStart, a, b);
    }

    const jejak::shared::OffsetClock clock(*o.clockStart);
    std::uint64_t done = 0;
    std::uint64_t rows = 0;
    std::uint64_t commits = 0;
    Clock::duration timed{};
    std::vector<SubmissionRows> batch;
    while (done < o.count) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(o.batchSize, o.count - done));
        const Timestamp now = clock.now();
        batch.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t k = done + i;
            batch.push_back(makeRows(*workload, static_cast<std::size_t>(k % o.devices),
                                     deviceIds[static_cast<std::size_t>(k % o.devices)],
                                     photos[static_cast<std::size_t>(k % photos.size())], rng, now));
        }
        const auto started = Clock::now();
        auto result = db->exec("BEGIN IMMEDIATE");
        for (std::size_t i = 0; result && i < n; ++i)
            result = insertRows(sql, batch[i], now, rows);
        if (result)
            result = db->exec("COMMIT");
        timed += Clock::now() - started;
        if (!result) {
            std::cerr << "jejak_insert_baseline: " << jejak::shared::toString(result.error()) << "\n";
            return kExitFailed;
        }
        done += n;
        ++commits;
    }
    const double seconds = std::chrono::duration<double>(timed).count();
    const double perSecond = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    const double rowsPerSecond = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
    std::cout << "baseline: " << done << " submissions (" << rows << " rows) in " << commits << " commits of "
              << o.batchSize << " in " << fixed(seconds, 2) << " s\n"
              << "baseline submissions/s    " << fixed(perSecond, 0) << "\n"
              << "baseline rows/s           " << fixed(rowsPerSecond, 0) << "\n";
    if (!o.report.empty()) {
        std::ofstream report(o.report);
        report << "baseline_submissions=" << done << "\nbaseline_rows=" << rows << "\nbaseline_commits=" << commits
               << "\nbaseline_batch_size=" << o.batchSize << "\nbaseline_seconds=" << fixed(seconds, 3)
               << "\nbaseline_submissions_per_s=" << fixed(perSecond, 1)
               << "\nbaseline_rows_per_s=" << fixed(rowsPerSecond, 1) << "\n";
        if (!report) {
            std::cerr << "jejak_insert_baseline: cannot write " << o.report << "\n";
            return kExitFailed;
        }
    }
    return kExitOk;
}

} // namespace

int main(int argc, char** argv) {
    try {
        Options options;
        if (auto bad = parseOptions(argc, argv, options)) {
            std::cerr << "jejak_insert_baseline: " << *bad << "\n" << kUsage;
            return kExitUsage;
        }
        return runBaseline(options);
    } catch (const std::exception& e) {
        std::cerr << "jejak_insert_baseline: " << e.what() << "\n";
        return kExitFailed;
    }
}
