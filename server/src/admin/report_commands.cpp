// SPDX-License-Identifier: Apache-2.0
// jejak-admin report realisation over SqliteStorage.
#include "admin/report_commands.hpp"

#include "admin/admin.hpp"
#include "admin/admin_args.hpp"
#include "admin/storage_commands.hpp"
#include "reports/realisation.hpp"
#include "storage/sqlite_storage.hpp"

#include <charconv>
#include <chrono>
#include <ostream>

namespace jejak::server {

namespace {

constexpr std::string_view kWords = "report realisation";

} // namespace

int runReportRealisation(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
                         std::ostream& err) {
    AdminArgs parsed;
    if (auto bad = parseAdminArgs(args, {"data-dir", "scope", "id", "year", "from", "to", "format"}, 0, parsed))
        return adminUsage(err, kWords, *bad);
    const auto scope = parseScope(parsed.option("scope"));
    if (!scope)
        return adminUsage(err, kWords, "--scope expects employee, team, unit or skpItem");
    if (parsed.option("id").empty())
        return adminUsage(err, kWords, "--id is required");
    const std::string format = parsed.option("format", "json");
    if (format != "json" && format != "csv")
        return adminUsage(err, kWords, "--format expects json or csv");

    ReportRequest request;
    request.scope = *scope;
    request.id = parsed.option("id");
    const shared::SystemClock clock;
    if (parsed.has("year")) {
        const std::string year = parsed.option("year");
        const auto [end, ec] = std::from_chars(year.data(), year.data() + year.size(), request.year);
        if (ec != std::errc() || end != year.data() + year.size() || request.year < 1900 || request.year > 9999)
            return adminUsage(err, kWords, "--year expects a four-digit year");
    } else {
        request.year = static_cast<int>(std::chrono::year_month_day(shared::localDate(clock.now(), 0)).year());
    }
    for (const std::string_view name : {"from", "to"}) {
        if (!parsed.has(name))
            continue;
        const auto date = shared::parseDate(parsed.option(name));
        if (!date)
            return adminUsage(err, kWords, "--" + std::string(name) + " expects a date YYYY-MM-DD");
        (name == "from" ? request.from : request.to) = *date;
    }

    const std::string dataDir = parsed.option("data-dir", kDefaultDataDir);
    auto storage = openAdminDatabase(dataDir, false, clock);
    if (!storage)
        return adminFailed(err, kWords, storage.error());
    const ReferenceSnapshot snapshot = (*storage)->referenceSnapshot();
    auto report = buildRealisationReport(*snapshot.domain, **storage, request);
    if (!report)
        return adminFailed(err, kWords, report.error());
    if (format == "json")
        out << reportJson(*report) << '\n';
    else
        out << reportCsv(*report);
    return kAdminOk;
}

} // namespace jejak::server
