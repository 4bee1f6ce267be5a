// SPDX-License-Identifier: Apache-2.0
// Validator routing (routing.hpp).
#include "jejak/shared/routing.hpp"

#include "jejak/shared/org.hpp"

namespace jejak::shared {
namespace {

Error unknownAuthor(const Activity& activity) {
    return Error(ErrorCode::EmployeeInactive, "nip", "no employee with NIP " + activity.nip);
}

Result<Route> routeUnlinked(const Employee& author, const DomainView& view, Date day, const Policy& policy) {
    if (!policy.allowUnlinked)
        return Error(ErrorCode::UnlinkedNotAllowed, "skpItemId", "the instance requires an SKP item");
    if (auto appointed = resolveRole(view, author, Role::AppointedValidator, day))
        return Route{std::move(appointed->nip), RouteKind::AppointedValidator, true};
    if (auto superior = resolveRole(view, author, Role::Appraiser, day))
        return Route{std::move(superior->nip), RouteKind::DirectSuperior, true};
    return Error(ErrorCode::NoValidator, "",
                 "no appointed validator or direct superior is bound for the author");
}

Result<Route> routeTeam(const Employee& author, const std::string& teamId, const DomainView& view, Date day) {
    const auto team = view.team(teamId);
    if (!team)
        return Error(ErrorCode::TeamUnknown, "teamId", "no team " + teamId);
    if (auto ketua = teamKetuaOn(view, teamId, day); ketua && ketua->nip != author.nip)
        return Route{std::move(ketua->nip), RouteKind::KetuaTim, false};
    if (auto head = resolveRoleFromUnit(view, team->ownerUnitId, Role::UnitHead, day, author.nip))
        return Route{std::move(head->nip), RouteKind::TeamUnitHead, false};
    return Error(ErrorCode::NoValidator, "teamId",
                 "team " + teamId + " has no other ketua and its owner unit no unit head on that date");
}

Result<Route> routeIndividual(const Employee& author, const DomainView& view, Date day,
                              const Policy& policy) {
    const bool toUnitHead = policy.individualRoute == IndividualRoute::UnitHead;
    const Role role = toUnitHead ? Role::UnitHead : Role::Appraiser;
    if (auto holder = resolveRole(view, author, role, day))
        return Route{std::move(holder->nip), toUnitHead ? RouteKind::UnitHead : RouteKind::Appraiser, false};
    return Error(ErrorCode::NoValidator, "",
                 toUnitHead ? "no unit head is bound for the author"
                            : "no appraiser is bound for the author");
}

} // namespace

Result<Route> routeActivity(const Activity& activity, const DomainView& view) {
    const auto author = view.employee(activity.nip);
    if (!author)
        return unknownAuthor(activity);
    const auto instansi = instansiOf(view, *author);
    if (!instansi)
        return Error(ErrorCode::NotFound, "nip", "the author's instansi cannot be found from their position");
    return routeActivity(activity, view, localDate(activity.start, instansi->utcOffsetMinutes),
                         instansi->policy);
}

Result<Route> routeActivity(const Activity& activity, const DomainView& view, Date day,
                            const Policy& policy) {
    const auto author = view.employee(activity.nip);
    if (!author)
        return unknownAuthor(activity);
    if (!activity.skpItemId)
        return routeUnlinked(*author, view, day, policy);
    if (activity.teamId)
        return routeTeam(*author, *activity.teamId, view, day);
    return routeIndividual(*author, view, day, policy);
}

} // namespace jejak::shared
