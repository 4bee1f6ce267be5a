// SPDX-License-Identifier: Apache-2.0
// Realisation reports: realisation against targets per SKP item, employee, team and unit (docs/reports.md).
#pragma once

#include "storage/storage.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// What a report is about.
enum class ReportScope { Employee, Team, Unit, SkpItem };

/// The wire name of a scope: "employee", "team", "unit", "skpItem".
[[nodiscard]] std::string_view scopeName(ReportScope scope) noexcept;
/// The scope of a wire name; none for anything else.
[[nodiscard]] std::optional<ReportScope> parseScope(std::string_view name) noexcept;

/// Which report: the subject (a NIP, team id, unit id or SKP item id), the year of the targets and SKPs,
/// and an optional period of activity start dates (local dates of the subject's instansi, inclusive).
struct ReportRequest {
    ReportScope scope = ReportScope::Employee;
    std::string id;
    int year = 0;
    std::optional<shared::Date> from;
    std::optional<shared::Date> to;
};

/// Counts over a set of activities. Realisation counts only activities in state approved or rated (the
/// evidence, bukti dukung, of the evaluation form); submitted and returned ones are pending.
struct RealisationTotals {
    double realised = 0;             ///< sum of outputQuantity of approved and rated activities
    int activities = 0;              ///< approved and rated activities
    int rated = 0;                   ///< of those, the ones with a rating
    std::optional<double> meanIki;   ///< mean of shared::ikiValue over the ratings, 2 decimals; none unrated
    int submitted = 0;               ///< pending review
    int returned = 0;                ///< returned to the author for revision
    double ikiSum = 0;               ///< sum of the IKI values (for merging; not reported)

    /// Adds another set's counts (meanIki recomputed from the sums).
    void merge(const RealisationTotals& other);
};

/// Realisation of one SKP item against its target.
struct ItemRealisation {
    shared::SkpItem item;
    std::string nip;  ///< owner of the item's SKP
    std::string name; ///< the owner's name
    RealisationTotals totals;
    /// realised / targetQuantity * 100, unrounded (may exceed 100); none when the target is 0.
    std::optional<double> percentage;
    /// percentage capped at 100, for display.
    [[nodiscard]] std::optional<double> percentageDisplay() const;
};

/// The realisation of one member of a team against one team target: their items' sums.
struct MemberRealisation {
    std::string nip;
    std::string name;
    RealisationTotals totals;
};

/// Realisation against one performance target (a team target, or a unit's SS/IKU/sub-IKU): the SKP items
/// cascading from it, their totals summed, and (team targets) the sums per member.
struct TargetRealisation {
    shared::PerformanceTarget target;
    std::vector<ItemRealisation> items;     ///< ordered by owner NIP, then item id
    std::vector<MemberRealisation> members; ///< ordered by NIP
    RealisationTotals totals;
    /// totals.realised / targetValue * 100, unrounded; none when the target value is 0.
    std::optional<double> percentage;
};

/// A whole report. Employee and SKP item reports fill `items`; team and unit reports fill `targets`.
struct RealisationReport {
    ReportRequest request;
    std::string subjectName; ///< the employee's, team's or unit's name; the item's statement
    std::vector<ItemRealisation> items;
    std::vector<TargetRealisation> targets;
};

/// Builds a report from the reference snapshot and the stored activities. Employee: the items of the
/// employee's SKPs whose period overlaps `year`. SKP item: that item (any year). Team: every target of
/// level Team owned by the team with that year, each with the items cascading from it (the walk up from
/// the item's parent target meets it). Unit: every target of level SasaranStrategis, Iku or SubIku owned
/// by the unit with that year, each with the items cascading from it or from any of its descendants.
/// general.not_found (field "id") when the subject is unknown; general.invalid_argument ("to") when the
/// period ends before it starts; storage errors as they are.
[[nodiscard]] shared::Result<RealisationReport> buildRealisationReport(const shared::InMemoryDomain& reference,
                                                                       const Storage& storage,
                                                                       const ReportRequest& request);

/// The instansi whose data a report's subject belongs to; none when the subject is unknown.
[[nodiscard]] std::optional<std::string> subjectInstansi(const shared::InMemoryDomain& reference,
                                                         ReportScope scope, std::string_view id);

/// The report as JSON text (docs/reports.md).
[[nodiscard]] std::string reportJson(const RealisationReport& report);
/// The report as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes
/// doubled), UTF-8, a header row first (docs/reports.md lists the columns).
[[nodiscard]] std::string reportCsv(const RealisationReport& report);
/// One CSV field, quoted when RFC 4180 requires it.
[[nodiscard]] std::string csvField(std::string_view text);

} // namespace jejak::server
