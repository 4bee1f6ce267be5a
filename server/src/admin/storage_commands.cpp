// SPDX-License-Identifier: Apache-2.0
// jejak-admin init-db, import and audit verify over SqliteStorage.
#include "admin/storage_commands.hpp"

#include "admin/admin.hpp"
#include "admin/admin_args.hpp"
#include "storage/data_dir.hpp"
#include "storage/sqlite_storage.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/nip.hpp"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <ostream>

namespace jejak::server {

namespace {

constexpr std::string_view kDefaultActor = "jejak-admin";

/// The clock of a command: --clock-start, else the system clock. Null when the value is not RFC 3339.
std::unique_ptr<shared::Clock> clockFor(const AdminArgs& args) {
    if (!args.has("clock-start"))
        return std::make_unique<shared::SystemClock>();
    const auto start = shared::parseTimestamp(args.option("clock-start"));
    if (!start)
        return nullptr;
    return std::make_unique<shared::OffsetClock>(*start);
}

} // namespace

shared::Result<std::unique_ptr<SqliteStorage>> openAdminDatabase(const std::string& dataDir, bool create,
                                                                 const shared::Clock& clock) {
    SqliteStorageOptions options;
    options.path = databasePath(dataDir);
    options.create = create;
    options.referencePoll = std::chrono::milliseconds(0); // a command runs briefly: no polling
    std::error_code ec;
    if (!create && !std::filesystem::exists(options.path, ec))
        return shared::Error(shared::ErrorCode::StorageIo, options.path,
                             "no database here; create it with: jejak-admin init-db --data-dir " + dataDir);
    return SqliteStorage::open(options, clock);
}

int runInitDb(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
              std::ostream& err) {
    constexpr std::string_view kWords = "init-db";
    AdminArgs parsed;
    if (auto bad = parseAdminArgs(args, {"data-dir"}, 0, parsed))
        return adminUsage(err, kWords, *bad);
    const std::string dataDir = parsed.option("data-dir", kDefaultDataDir);
    if (auto dir = ensureDataDir(dataDir); !dir)
        return adminFailed(err, kWords, dir.error());
    const shared::SystemClock clock;
    auto storage = openAdminDatabase(dataDir, true, clock);
    if (!storage)
        return adminFailed(err, kWords, storage.error());
    auto audit = (*storage)->auditLength();
    if (!audit)
        return adminFailed(err, kWords, audit.error());
    out << "database " << (*storage)->path() << " ready: schema version " << (*storage)->schemaVersion()
        << ", reference version " << (*storage)->referenceSnapshot().version << ", " << *audit
        << " audit entries\n";
    return kAdminOk;
}

int runImport(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
              std::ostream& err) {
    constexpr std::string_view kWords = "import";
    AdminArgs parsed;
    if (auto bad = parseAdminArgs(args, {"data-dir", "actor", "clock-start"}, 1, parsed))
        return adminUsage(err, kWords, *bad);
    if (parsed.positional.empty())
        return adminUsage(err, kWords, "the bundle file is missing");
    const auto clock = clockFor(parsed);
    if (!clock)
        return adminUsage(err, kWords, "--clock-start expects an RFC 3339 instant with an offset");
    std::string actor(kDefaultActor);
    if (parsed.has("actor")) {
        actor = parsed.option("actor");
        if (auto nip = shared::parseNip(actor); !nip)
            return adminUsage(err, kWords,
                         "--actor expects the NIP of the person importing: " + nip.error().message);
    }
    const std::string& bundlePath = parsed.positional.front();

    // Every problem first, and the database untouched when there is any.
    const shared::BundleLoad load = shared::loadBundleFile(bundlePath);
    if (!load.ok()) {
        err << shared::formatProblems(load.problems);
        err << "import refused: " << load.problems.size() << " problem(s) in " << bundlePath
            << "; the database was not changed\n";
        return kAdminFailed;
    }

    auto storage = openAdminDatabase(parsed.option("data-dir", kDefaultDataDir), false, *clock);
    if (!storage)
        return adminFailed(err, kWords, storage.error());
    auto summary = (*storage)->importBundle(*load.bundle, actor);
    if (!summary)
        return adminFailed(err, kWords, summary.error());

    out << "imported " << bundlePath << " into " << (*storage)->path() << ": reference version "
        << summary->version << " at " << shared::formatTimestamp(summary->importedAt) << " by " << actor
        << " (audit seq " << summary->auditSeq << ")\n";
    for (const auto& [collection, count] : summary->counts)
        out << "  " << std::left << std::setw(14) << collection << std::right << std::setw(7) << count
            << '\n';
    out << "  " << std::left << std::setw(14) << "total" << std::right << std::setw(7)
        << summary->totalEntities() << "  (replaced " << summary->replacedEntities << " previous records)\n";
    return kAdminOk;
}

int runAuditVerify(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
                   std::ostream& err) {
    constexpr std::string_view kWords = "audit verify";
    AdminArgs parsed;
    if (auto bad = parseAdminArgs(args, {"data-dir"}, 0, parsed))
        return adminUsage(err, kWords, *bad);
    const shared::SystemClock clock;
    auto storage = openAdminDatabase(parsed.option("data-dir", kDefaultDataDir), false, clock);
    if (!storage)
        return adminFailed(err, kWords, storage.error());
    auto verification = (*storage)->verifyAudit();
    if (!verification)
        return adminFailed(err, kWords, verification.error());
    if (!verification->valid()) {
        err << "audit chain broken at seq " << *verification->firstBadSeq << ": " << verification->problem
            << " (" << verification->entries << " entries read)\n";
        return kAdminFailed;
    }
    out << "audit chain valid: " << verification->entries << " entries";
    if (!verification->headHash.empty())
        out << ", head hash " << verification->headHash;
    out << '\n';
    return kAdminOk;
}

} // namespace jejak::server
