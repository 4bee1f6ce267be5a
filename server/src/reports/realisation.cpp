// SPDX-License-Identifier: Apache-2.0
// Realisation reports: which SKP items a report covers, their totals over the fetched activities, and the
// JSON and CSV renderings.
#include "reports/realisation.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/json_fields.hpp"
#include "jejak/shared/org.hpp"
#include "jejak/shared/rating.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

constexpr int kDefaultUtcOffsetMinutes = 7 * 60; // WIB, when the subject's instansi is unknown
constexpr std::array<std::string_view, 4> kScopeNames = {"employee", "team", "unit", "skpItem"};

double round2(double x) {
    return std::round(x * 100.0) / 100.0;
}

std::optional<double> percentOf(double realised, double target) {
    if (target == 0)
        return std::nullopt;
    return realised * 100.0 / target;
}

/// Whether the walk up from the item's parent target meets `targetId`.
bool cascadesFrom(const shared::InMemoryDomain& reference, const shared::SkpItem& item,
                  std::string_view targetId) {
    std::string id = item.parentTargetId;
    for (int step = 0; step < shared::kMaxHierarchyDepth; ++step) {
        if (id == targetId)
            return true;
        const auto target = reference.target(id);
        if (!target || !target->parentId)
            return false;
        id = *target->parentId;
    }
    return false;
}

std::string ownerOf(const shared::InMemoryDomain& reference, const shared::SkpItem& item) {
    const auto skp = reference.skp(item.skpId);
    return skp ? skp->nip : std::string();
}

std::string nameOf(const shared::InMemoryDomain& reference, std::string_view nip) {
    const auto employee = reference.employee(nip);
    return employee ? employee->name : std::string();
}

/// Totals of the activities of one item.
RealisationTotals totalsOf(const std::vector<const SkpItemActivity*>& activities) {
    RealisationTotals totals;
    for (const SkpItemActivity* a : activities) {
        RealisationTotals one;
        switch (a->state) {
        case shared::ActivityState::Approved:
        case shared::ActivityState::Rated:
            one.realised = a->outputQuantity;
            one.activities = 1;
            if (a->rating) {
                one.rated = 1;
                one.ikiSum = shared::ikiValue(*a->rating);
            }
            break;
        case shared::ActivityState::Submitted:
            one.submitted = 1;
            break;
        case shared::ActivityState::Returned:
            one.returned = 1;
            break;
        case shared::ActivityState::Rejected:
        case shared::ActivityState::Withdrawn:
            break;
        }
        totals.merge(one);
    }
    return totals;
}

/// The items a report covers, each with its totals.
struct Collected {
    std::map<std::string, ItemRealisation, std::less<>> items; // by item id
};

Result<Collected> collect(const shared::InMemoryDomain& reference, const Storage& storage,
                          const std::vector<shared::SkpItem>& items, const ActivityPeriod& period) {
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const shared::SkpItem& item : items)
        ids.push_back(item.id);
    auto fetched = storage.skpItemActivities(ids, period);
    if (!fetched)
        return std::move(fetched).error();
    std::map<std::string, std::vector<const SkpItemActivity*>, std::less<>> byItem;
    for (const SkpItemActivity& a : *fetched)
        byItem[a.skpItemId].push_back(&a);
    Collected out;
    for (const shared::SkpItem& item : items) {
        ItemRealisation r;
        r.item = item;
        r.nip = ownerOf(reference, item);
        r.name = nameOf(reference, r.nip);
        if (const auto it = byItem.find(item.id); it != byItem.end())
            r.totals = totalsOf(it->second);
        r.percentage = percentOf(r.totals.realised, item.targetQuantity);
        out.items.emplace(item.id, std::move(r));
    }
    return out;
}

void sortItems(std::vector<ItemRealisation>& items) {
    std::sort(items.begin(), items.end(), [](const ItemRealisation& a, const ItemRealisation& b) {
        return std::tie(a.nip, a.item.id) < std::tie(b.nip, b.item.id);
    });
}

/// The targets of a team or unit report, each with the items cascading from it.
std::vector<TargetRealisation> targetsOf(const shared::InMemoryDomain& reference, const Collected& collected,
                                         const std::vector<shared::PerformanceTarget>& targets) {
    std::vector<TargetRealisation> out;
    for (const shared::PerformanceTarget& target : targets) {
        TargetRealisation t;
        t.target = target;
        std::map<std::string, MemberRealisation> members;
        for (const auto& [id, item] : collected.items) {
            if (!cascadesFrom(reference, item.item, target.id))
                continue;
            t.items.push_back(item);
            t.totals.merge(item.totals);
            MemberRealisation& m = members[item.nip];
            m.nip = item.nip;
            m.name = item.name;
            m.totals.merge(item.totals);
        }
        sortItems(t.items);
        for (auto& [nip, m] : members)
            t.members.push_back(std::move(m));
        t.percentage = percentOf(t.totals.realised, target.targetValue);
        out.push_back(std::move(t));
    }
    return out;
}

bool overlapsYear(const shared::Skp& skp, int year) {
    const shared::Date first{std::chrono::year(year) / 1 / 1};
    const shared::Date last{std::chrono::year(year) / 12 / 31};
    return skp.periodStart <= last && first <= skp.periodEnd;
}

/// The start of a local date as an instant.
shared::Timestamp startOfDay(shared::Date day, int utcOffsetMinutes) {
    return shared::Timestamp{std::chrono::duration_cast<shared::Milliseconds>(day.time_since_epoch()) -
                             std::chrono::minutes(utcOffsetMinutes)};
}

std::string number(double x) {
    std::array<char, 64> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
    return ec == std::errc() ? std::string(buffer.data(), end) : std::string();
}

std::string number(const std::optional<double>& x) {
    return x ? number(round2(*x)) : std::string();
}

/// A JSON number: integral values as integers (Boost.JSON writes doubles in exponent form).
boost::json::value jsonNumber(double x) {
    if (std::isfinite(x) && std::trunc(x) == x && std::fabs(x) < 9.0e15)
        return static_cast<std::int64_t>(x);
    return x;
}

boost::json::value jsonNumber(const std::optional<double>& x) {
    if (!x)
        return nullptr;
    return jsonNumber(*x);
}

void putTotals(boost::json::object& o, const RealisationTotals& t) {
    o["realised"] = jsonNumber(t.realised);
    o["activities"] = t.activities;
    o["rated"] = t.rated;
    o["meanIki"] = jsonNumber(t.meanIki);
    o["submitted"] = t.submitted;
    o["returned"] = t.returned;
}

std::optional<double> capped(const std::optional<double>& percentage) {
    if (!percentage)
        return std::nullopt;
    return std::min(*percentage, 100.0);
}

boost::json::object itemJson(const ItemRealisation& r) {
    boost::json::object o;
    o["skpItemId"] = r.item.id;
    o["skpId"] = r.item.skpId;
    o["nip"] = r.nip;
    o["name"] = r.name;
    o["statement"] = r.item.statement;
    o["indicator"] = r.item.indicator;
    o["parentTargetId"] = r.item.parentTargetId;
    o["target"] = jsonNumber(r.item.targetQuantity);
    o["unit"] = r.item.quantityUnit;
    putTotals(o, r.totals);
    o["percentage"] = jsonNumber(r.percentage);
    o["percentageDisplay"] = jsonNumber(r.percentageDisplay());
    return o;
}

boost::json::object targetJson(const TargetRealisation& t) {
    boost::json::object o;
    o["targetId"] = t.target.id;
    o["level"] = shared::json::enumName(t.target.level);
    o["code"] = t.target.code;
    o["statement"] = t.target.statement;
    o["indicator"] = t.target.indicator;
    o["unit"] = t.target.unit;
    o["targetValue"] = jsonNumber(t.target.targetValue);
    putTotals(o, t.totals);
    o["percentage"] = jsonNumber(t.percentage);
    o["percentageDisplay"] = jsonNumber(capped(t.percentage));
    boost::json::array items;
    for (const ItemRealisation& r : t.items)
        items.push_back(itemJson(r));
    o["items"] = std::move(items);
    boost::json::array members;
    for (const MemberRealisation& m : t.members) {
        boost::json::object mo;
        mo["nip"] = m.nip;
        mo["name"] = m.name;
        putTotals(mo, m.totals);
        members.push_back(std::move(mo));
    }
    o["members"] = std::move(members);
    return o;
}

void csvRow(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += csvField(fields[i]);
    }
    out += "\r\n";
}

std::vector<std::string> totalsFields(const RealisationTotals& t, const std::optional<double>& percentage) {
    return {number(t.realised),  number(percentage),           std::to_string(t.activities),
            std::to_string(t.rated), number(t.meanIki),         std::to_string(t.submitted),
            std::to_string(t.returned)};
}

void append(std::vector<std::string>& to, std::vector<std::string> more) {
    to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

} // namespace

void RealisationTotals::merge(const RealisationTotals& other) {
    realised += other.realised;
    activities += other.activities;
    rated += other.rated;
    ikiSum += other.ikiSum;
    submitted += other.submitted;
    returned += other.returned;
    meanIki = rated > 0 ? std::optional<double>(round2(ikiSum / rated)) : std::nullopt;
}

std::optional<double> ItemRealisation::percentageDisplay() const {
    return capped(percentage);
}

std::string_view scopeName(ReportScope scope) noexcept {
    return kScopeNames[static_cast<std::size_t>(scope)];
}

std::optional<ReportScope> parseScope(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kScopeNames.size(); ++i) {
        if (kScopeNames[i] == name)
            return static_cast<ReportScope>(i);
    }
    return std::nullopt;
}

std::optional<std::string> subjectInstansi(const shared::InMemoryDomain& reference, ReportScope scope,
                                           std::string_view id) {
    const auto ofEmployee = [&](std::string_view nip) -> std::optional<std::string> {
        const auto employee = reference.employee(nip);
        if (!employee)
            return std::nullopt;
        const auto instansi = shared::instansiOf(reference, *employee);
        return instansi ? std::optional<std::string>(instansi->id) : std::nullopt;
    };
    const auto ofUnit = [&](std::string_view unitId) -> std::optional<std::string> {
        const auto unit = reference.unit(unitId);
        return unit ? std::optional<std::string>(unit->instansiId) : std::nullopt;
    };
    switch (scope) {
    case ReportScope::Employee:
        return ofEmployee(id);
    case ReportScope::Team: {
        const auto team = reference.team(id);
        return team ? ofUnit(team->ownerUnitId) : std::nullopt;
    }
    case ReportScope::Unit:
        return ofUnit(id);
    case ReportScope::SkpItem: {
        const auto item = reference.skpItem(id);
        return item ? ofEmployee(ownerOf(reference, *item)) : std::nullopt;
    }
    }
    return std::nullopt;
}

Result<RealisationReport> buildRealisationReport(const shared::InMemoryDomain& reference, const Storage& storage,
                                                 const ReportRequest& request) {
    if (request.from && request.to && *request.to < *request.from)
        return Error(ErrorCode::InvalidArgument, "to", "the period ends before it starts");
    const auto instansiId = subjectInstansi(reference, request.scope, request.id);
    if (!instansiId)
        return Error(ErrorCode::NotFound, "id",
                     "no " + std::string(scopeName(request.scope)) + " '" + request.id + "'");
    const auto instansi = reference.instansi(*instansiId);
    const int offset = instansi ? instansi->utcOffsetMinutes : kDefaultUtcOffsetMinutes;
    ActivityPeriod period;
    if (request.from)
        period.from = startOfDay(*request.from, offset);
    if (request.to)
        period.to = startOfDay(*request.to + std::chrono::days(1), offset);

    RealisationReport report;
    report.request = request;
    const shared::Bundle& bundle = reference.bundle();
    std::vector<shared::SkpItem> items;
    std::vector<shared::PerformanceTarget> targets;
    switch (request.scope) {
    case ReportScope::Employee: {
        report.subjectName = nameOf(reference, request.id);
        std::set<std::string, std::less<>> skps;
        for (const shared::Skp& skp : bundle.skps) {
            if (skp.nip == request.id && overlapsYear(skp, request.year))
                skps.insert(skp.id);
        }
        for (const shared::SkpItem& item : bundle.skpItems) {
            if (skps.count(item.skpId) > 0)
                items.push_back(item);
        }
        break;
    }
    case ReportScope::SkpItem: {
        const auto item = reference.skpItem(request.id);
        report.subjectName = item->statement;
        items.push_back(*item);
        break;
    }
    case ReportScope::Team:
    case ReportScope::Unit: {
        const bool team = request.scope == ReportScope::Team;
        report.subjectName = team ? reference.team(request.id)->name : reference.unit(request.id)->name;
        for (const shared::PerformanceTarget& t : bundle.targets) {
            if (t.year != request.year)
                continue;
            const bool owned = team ? (t.level == shared::TargetLevel::Team && t.ownerTeamId == request.id)
                                    : ((t.level == shared::TargetLevel::SasaranStrategis ||
                                        t.level == shared::TargetLevel::Iku ||
                                        t.level == shared::TargetLevel::SubIku) &&
                                       t.ownerUnitId == request.id);
            if (owned)
                targets.push_back(t);
        }
        for (const shared::SkpItem& item : bundle.skpItems) {
            const bool below = std::any_of(targets.begin(), targets.end(), [&](const shared::PerformanceTarget& t) {
                return cascadesFrom(reference, item, t.id);
            });
            if (below)
                items.push_back(item);
        }
        break;
    }
    }

    auto collected = collect(reference, storage, items, period);
    if (!collected)
        return std::move(collected).error();
    if (request.scope == ReportScope::Employee || request.scope == ReportScope::SkpItem) {
        for (auto& [id, item] : collected->items)
            report.items.push_back(std::move(item));
        sortItems(report.items);
    } else {
        report.targets = targetsOf(reference, *collected, targets);
    }
    return report;
}

std::string reportJson(const RealisationReport& report) {
    boost::json::object o;
    o["scope"] = scopeName(report.request.scope);
    o["id"] = report.request.id;
    o["name"] = report.subjectName;
    if (report.request.scope != ReportScope::SkpItem)
        o["year"] = report.request.year;
    o["from"] = report.request.from ? boost::json::value(shared::formatDate(*report.request.from)) : nullptr;
    o["to"] = report.request.to ? boost::json::value(shared::formatDate(*report.request.to)) : nullptr;
    if (report.request.scope == ReportScope::Employee || report.request.scope == ReportScope::SkpItem) {
        boost::json::array items;
        for (const ItemRealisation& r : report.items)
            items.push_back(itemJson(r));
        o["items"] = std::move(items);
    } else {
        boost::json::array targets;
        for (const TargetRealisation& t : report.targets)
            targets.push_back(targetJson(t));
        o["targets"] = std::move(targets);
    }
    return boost::json::serialize(o);
}

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string reportCsv(const RealisationReport& report) {
    std::string out;
    const std::vector<std::string> itemHeader = {"nip",       "name",   "skpItemId", "skpId",
                                                 "statement", "indicator", "parentTargetId", "target",
                                                 "unit"};
    const std::vector<std::string> totalsHeader = {"realised",  "percentage", "activities", "rated",
                                                   "meanIki",   "submitted",  "returned"};
    const auto itemFields = [](const ItemRealisation& r) {
        std::vector<std::string> f = {r.nip,           r.name,          r.item.id,
                                      r.item.skpId,    r.item.statement, r.item.indicator,
                                      r.item.parentTargetId, number(r.item.targetQuantity), r.item.quantityUnit};
        append(f, totalsFields(r.totals, r.percentage));
        return f;
    };
    if (report.request.scope == ReportScope::Employee || report.request.scope == ReportScope::SkpItem) {
        std::vector<std::string> header = itemHeader;
        append(header, totalsHeader);
        csvRow(out, header);
        for (const ItemRealisation& r : report.items)
            csvRow(out, itemFields(r));
        return out;
    }
    // Team and unit: a "target" row with the target's totals, then an "item" row per SKP item under it.
    std::vector<std::string> header = {"row",       "targetId",        "targetLevel", "targetCode",
                                       "targetStatement", "targetValue", "targetUnit"};
    append(header, itemHeader);
    append(header, totalsHeader);
    csvRow(out, header);
    for (const TargetRealisation& t : report.targets) {
        const std::vector<std::string> targetColumns = {
            t.target.id, std::string(shared::json::enumName(t.target.level)), t.target.code, t.target.statement,
            number(t.target.targetValue), t.target.unit};
        std::vector<std::string> row = {"target"};
        append(row, targetColumns);
        append(row, std::vector<std::string>(itemHeader.size()));
        append(row, totalsFields(t.totals, t.percentage));
        csvRow(out, row);
        for (const ItemRealisation& r : t.items) {
            std::vector<std::string> itemRow = {"item"};
            append(itemRow, targetColumns);
            append(itemRow, itemFields(r));
            csvRow(out, itemRow);
        }
    }
    return out;
}

} // namespace jejak::server
