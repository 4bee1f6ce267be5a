// SPDX-License-Identifier: Apache-2.0
// Validator routing (architecture.md section 5 rule 3): who reviews an activity.
#pragma once

#include "jejak/shared/domain_view.hpp"
#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <string>

namespace jejak::shared {

/// Why the validator was chosen.
enum class RouteKind {
    KetuaTim,           ///< the Ketua of the activity's team on the activity date
    TeamUnitHead,       ///< the UnitHead of the team's owner unit (no ketua, or the author is the ketua)
    UnitHead,           ///< the author's Pimpinan Unit Organisasi (individual work, Pasal 16)
    Appraiser,          ///< the author's appraiser (individual work under Policy::individualRoute Appraiser)
    DirectSuperior,     ///< unlinked activity: the author's direct superior (their appraiser)
    AppointedValidator, ///< unlinked activity: the validator the superior appointed for the author's units
};

/// The reviewer of an activity. Never the author.
struct Route {
    std::string validatorNip;
    RouteKind kind = RouteKind::KetuaTim;
    bool unlinked = false; ///< no SKP item: validation flags the activity as not linked

    friend bool operator==(const Route&, const Route&) = default;
};

/// Routes on the activity date D = localDate(activity.start, instansi.utcOffsetMinutes), where the
/// instansi is reached through employee.positionId -> position.unitId -> unit.instansiId, under that
/// instansi's policy. Errors: EmployeeInactive ("nip") when the author is unknown; NotFound ("nip") when
/// the instansi cannot be reached; otherwise those of the overload below.
[[nodiscard]] Result<Route> routeActivity(const Activity& activity, const DomainView& view);

/// Routes on a given local date under a given policy (validation has resolved both already). Roles are
/// resolved as org.hpp describes (nearest binding up the unit tree valid on `day`, never the author):
/// - no SKP item: UnlinkedNotAllowed ("skpItemId") when the policy forbids it; otherwise the author's
///   AppointedValidator if one is bound, else the author's Appraiser as DirectSuperior; unlinked = true.
///   This holds with or without a team;
/// - SKP item and team: TeamUnknown ("teamId") when the team does not exist; the team's Ketua on `day`
///   unless there is none (R9) or it is the author; then the UnitHead resolved from the team's
///   ownerUnitId (TeamUnitHead);
/// - SKP item, no team: the author's UnitHead or Appraiser, as policy.individualRoute says.
/// Nobody found: NoValidator (field "teamId" for a team activity, empty otherwise).
/// EmployeeInactive ("nip") when the author is unknown. The author's active flag is not checked here.
[[nodiscard]] Result<Route> routeActivity(const Activity& activity, const DomainView& view, Date day,
                                          const Policy& policy);

} // namespace jejak::shared
