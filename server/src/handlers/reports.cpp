// SPDX-License-Identifier: Apache-2.0
// The realisation report endpoint: query parameters, authorization, JSON or CSV.
#include "handlers/reports.hpp"

#include "auth/roles.hpp"
#include "http_errors.hpp"
#include "storage/storage.hpp"

#include "jejak/shared/org.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;

namespace {

constexpr int kDefaultUtcOffsetMinutes = 7 * 60; // WIB, when the caller's instansi is unknown

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// Percent-decodes a query component ('+' is a space); none when an escape is broken.
std::optional<std::string> decodeComponent(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%') {
            if (i + 2 >= text.size())
                return std::nullopt;
            const int hi = hexValue(text[i + 1]);
            const int lo = hexValue(text[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// The query's parameters (the last of a repeated name wins); none when one does not decode.
std::optional<std::map<std::string, std::string, std::less<>>> parseQuery(std::string_view query) {
    std::map<std::string, std::string, std::less<>> out;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const std::size_t eq = pair.find('=');
        auto name = decodeComponent(pair.substr(0, eq));
        auto value = decodeComponent(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name || !value)
            return std::nullopt;
        out[*name] = *value;
    }
    return out;
}

HttpResponse invalid(std::string_view field, std::string message) {
    return errorResponse(Error(ErrorCode::InvalidArgument, std::string(field), std::move(message)));
}

/// Whether the caller may see `nip`'s work: themself, their appraiser, a head of their unit or above,
/// an admin of their instansi (checked by the caller of this function).
bool seesEmployee(const shared::InMemoryDomain& reference, std::string_view callerNip, const Roles& roles,
                  shared::Date day, std::string_view nip) {
    if (nip == callerNip || roles.appraises(nip))
        return true;
    const auto employee = reference.employee(nip);
    if (!employee)
        return false;
    const auto unit = shared::homeUnitOn(reference, *employee, day);
    return unit && headsUnitOrAbove(reference, roles, *unit);
}

} // namespace

bool canSeeReport(const shared::InMemoryDomain& reference, std::string_view callerNip, shared::Date day,
                  ReportScope scope, std::string_view id) {
    if (callerNip.empty())
        return false;
    const auto instansi = subjectInstansi(reference, scope, id);
    if (!instansi)
        return false;
    const auto admin = adminInstansiOf(reference, callerNip, day);
    if (std::binary_search(admin.begin(), admin.end(), *instansi))
        return true;
    const Roles roles = rolesOf(reference, callerNip, day);
    if (!roles.employee)
        return false;
    switch (scope) {
    case ReportScope::Employee:
        return seesEmployee(reference, callerNip, roles, day, id);
    case ReportScope::SkpItem: {
        const auto item = reference.skpItem(id);
        const auto skp = reference.skp(item->skpId);
        if (skp && seesEmployee(reference, callerNip, roles, day, skp->nip))
            return true;
        return std::any_of(roles.ketuaOf.begin(), roles.ketuaOf.end(),
                           [&](const std::string& team) { return shared::cascadesFromTeam(reference, *item, team); });
    }
    case ReportScope::Team: {
        if (roles.leads(id))
            return true;
        const auto team = reference.team(id);
        return team && headsUnitOrAbove(reference, roles, team->ownerUnitId);
    }
    case ReportScope::Unit:
        return headsUnitOrAbove(reference, roles, id);
    }
    return false;
}

HttpResponse handleRealisationReport(const HttpRequest& request, const RouteParams& /*params*/, AppState& state,
                                     const Caller& caller) {
    const auto query = parseQuery(request.query);
    if (!query)
        return invalid("query", "a query parameter is not correctly percent-encoded");
    const auto param = [&](std::string_view name) -> std::optional<std::string> {
        const auto it = query->find(name);
        return it == query->end() ? std::nullopt : std::optional<std::string>(it->second);
    };

    const auto scopeText = param("scope");
    if (!scopeText)
        return invalid("scope", "scope is required: employee, team, unit or skpItem");
    const auto scope = parseScope(*scopeText);
    if (!scope)
        return invalid("scope", "unknown scope '" + *scopeText + "': employee, team, unit or skpItem");
    const std::string_view idName = *scope == ReportScope::Employee ? "nip"
                                    : *scope == ReportScope::Team   ? "team"
                                    : *scope == ReportScope::Unit   ? "unit"
                                                                    : "item";
    ReportRequest report;
    report.scope = *scope;
    if (const auto id = param(idName); id && !id->empty())
        report.id = *id;
    else
        return invalid(idName, "scope=" + *scopeText + " needs the parameter " + std::string(idName));

    const ReferenceSnapshot snapshot = state.storage.referenceSnapshot();
    const shared::InMemoryDomain& reference = *snapshot.domain;
    int offset = kDefaultUtcOffsetMinutes;
    if (const auto employee = reference.employee(caller.nip)) {
        if (const auto instansi = shared::instansiOf(reference, *employee))
            offset = instansi->utcOffsetMinutes;
    }
    const shared::Date today = shared::localDate(state.clock.now(), offset);

    if (const auto year = param("year")) {
        int value = 0;
        const auto [end, ec] = std::from_chars(year->data(), year->data() + year->size(), value);
        if (ec != std::errc() || end != year->data() + year->size() || value < 1900 || value > 9999)
            return invalid("year", "year must be a four-digit year");
        report.year = value;
    } else {
        report.year = static_cast<int>(std::chrono::year_month_day(today).year());
    }
    for (const std::string_view name : {"from", "to"}) {
        if (const auto text = param(name)) {
            const auto date = shared::parseDate(*text);
            if (!date)
                return invalid(name, std::string(name) + " must be a date YYYY-MM-DD");
            (name == "from" ? report.from : report.to) = *date;
        }
    }
    const std::string format = param("format").value_or("json");
    if (format != "json" && format != "csv")
        return invalid("format", "format must be json or csv");

    if (!canSeeReport(reference, caller.nip, today, report.scope, report.id))
        return errorResponse(Error(ErrorCode::AuthForbidden, std::string(idName),
                                   "you may not see this report"));
    auto built = buildRealisationReport(reference, state.storage, report);
    if (!built)
        return errorResponse(built.error());
    if (format == "json")
        return jsonResponse(200, reportJson(*built));
    HttpResponse response;
    response.status = 200;
    response.contentType = "text/csv; charset=utf-8";
    response.body = reportCsv(*built);
    std::string file = "realisation-" + std::string(scopeName(report.scope)) + "-";
    for (const char c : report.id)
        file += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.') ? c : '_';
    response.headers.set("Content-Disposition", "attachment; filename=\"" + file + ".csv\"");
    return response;
}

} // namespace jejak::server
