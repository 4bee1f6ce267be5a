// SPDX-License-Identifier: Apache-2.0
// jejak-admin report realisation over SqliteStorage.
#include "admin/report_commands.hpp"

#include "admin/admin.hpp"
#include "admin/admin_args.hpp"
#include "reports/realisation.hpp"
#include "storage/data_dir.hpp"
#include "storage/sqlite_storage.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <ostream>

namespace jejak::server {

namespace {

constexpr std::string_view kWords = "report realisation";

int usage(std::ostream& err, const std::string& reason) {
    err << "jejak-admin " << kWords << ": " << reason << '\n';
    const auto commands = adminCommands();
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [](const AdminCommand& c) { return c.words == kWords; });
    if (it != commands.end())
        err << usageLine(*it) << '\n';
    return kAdminUsage;
}

int failed(std::ostream& err, const shared::Error& error) {
    err << "jejak-admin " << kWords << ": " << shared::toString(error) << '\n';
    return kAdminFailed;
}

} // namespace

int runReportRealisation(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
                         std::ostream& err) {
    AdminArgs parsed;
    if (auto bad = parseAdminArgs(args, {"data-dir", "scope", "id", "year", "from", "to", "format"}, 0, parsed))
        return usage(err, *bad);
    const auto scope = parseScope(parsed.option("scope"));
    if (!scope)
        return usage(err, "--scope expects employee, team, unit or skpItem");
    if (parsed.option("id").empty())
        return usage(err, "--id is required");
    const std::string format = parsed.option("format", "json");
    if (format != "json" && format != "csv")
        return usage(err, "--format expects json or csv");

    ReportRequest request;
    request.scope = *scope;
    request.id = parsed.option("id");
    const shared::SystemClock clock;
    if (parsed.has("year")) {
        const std::string year = parsed.option("year");
        const auto [end, ec] = std::from_chars(year.data(), year.data() + year.size(), request.year);
        if (ec != std::errc() || end != year.data() + year.size() || request.year < 1900 || request.year > 9999)
            return usage(err, "--year expects a four-digit year");
    } else {
        request.year = static_cast<int>(std::chrono::year_month_day(shared::localDate(clock.now(), 0)).year());
    }
    for (const std::string_view name : {"from", "to"}) {
        if (!parsed.has(name))
            continue;
        const auto date = shared::parseDate(parsed.option(name));
        if (!date)
            return usage(err, "--" + std::string(name) + " expects a date YYYY-MM-DD");
        (name == "from" ? request.from : request.to) = *date;
    }

    const std::string dataDir = parsed.option("data-dir", kDefaultDataDir);
    SqliteStorageOptions options;
    options.path = databasePath(dataDir);
    options.create = false;
    options.referencePoll = std::chrono::milliseconds(0);
    std::error_code ec;
    if (!std::filesystem::exists(options.path, ec))
        return failed(err, shared::Error(shared::ErrorCode::StorageIo, options.path,
                                         "no database here; create it with: jejak-admin init-db --data-dir " +
                                             dataDir));
    auto storage = SqliteStorage::open(options, clock);
    if (!storage)
        return failed(err, storage.error());
    const ReferenceSnapshot snapshot = (*storage)->referenceSnapshot();
    auto report = buildRealisationReport(*snapshot.domain, **storage, request);
    if (!report)
        return failed(err, report.error());
    if (format == "json")
        out << reportJson(*report) << '\n';
    else
        out << reportCsv(*report);
    return kAdminOk;
}

} // namespace jejak::server
