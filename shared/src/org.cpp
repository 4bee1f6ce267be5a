// SPDX-License-Identifier: Apache-2.0
// Organisation queries (org.hpp): dates, roles up the unit tree, ketua, cascade.
#include "jejak/shared/org.hpp"

namespace jejak::shared {
namespace {

bool covers(Date from, const std::optional<Date>& to, Date day) noexcept {
    return from <= day && (!to || day <= *to);
}

} // namespace

bool isActiveOn(const Membership& membership, Date day) noexcept {
    return covers(membership.validFrom, membership.validTo, day);
}

bool isActiveOn(const RoleBinding& binding, Date day) noexcept {
    return covers(binding.validFrom, binding.validTo, day);
}

bool isActiveOn(const Placement& placement, Date day) noexcept {
    return covers(placement.validFrom, placement.validTo, day);
}

bool periodContains(const Team& team, Date day) noexcept {
    return team.periodStart <= day && day <= team.periodEnd;
}

bool periodContains(const Skp& skp, Date day) noexcept {
    return skp.periodStart <= day && day <= skp.periodEnd;
}

std::optional<Membership> activeMembership(const DomainView& view, std::string_view teamId,
                                           std::string_view nip, Date day) {
    std::optional<Membership> best;
    for (Membership& m : view.membershipsOf(nip)) {
        if (m.teamId == teamId && isActiveOn(m, day) && (!best || m.validFrom > best->validFrom))
            best = std::move(m);
    }
    return best;
}

std::optional<Membership> teamKetuaOn(const DomainView& view, std::string_view teamId, Date day) {
    std::optional<Membership> best;
    for (Membership& m : view.teamMemberships(teamId)) {
        if (m.role == TeamRole::Ketua && isActiveOn(m, day) && (!best || m.validFrom > best->validFrom))
            best = std::move(m);
    }
    return best;
}

std::optional<Instansi> instansiOf(const DomainView& view, const Employee& employee) {
    const auto position = view.position(employee.positionId);
    if (!position)
        return std::nullopt;
    const auto unit = view.unit(position->unitId);
    if (!unit)
        return std::nullopt;
    return view.instansi(unit->instansiId);
}

std::optional<std::string> homeUnitOn(const DomainView& view, const Employee& employee, Date day) {
    if (auto placement = view.placementOn(employee.nip, day))
        return std::move(placement->unitId);
    if (auto position = view.position(employee.positionId))
        return std::move(position->unitId);
    return std::nullopt;
}

std::optional<RoleBinding> resolveRoleFromUnit(const DomainView& view, std::string_view unitId, Role role,
                                               Date day, std::string_view excludeNip) {
    std::string current(unitId);
    for (int step = 0; step < kMaxHierarchyDepth; ++step) {
        std::optional<RoleBinding> best;
        for (RoleBinding& b : view.roleBindings(current)) {
            if (b.role == role && isActiveOn(b, day) && (excludeNip.empty() || b.nip != excludeNip) &&
                (!best || b.validFrom > best->validFrom))
                best = std::move(b);
        }
        if (best)
            return best;
        auto unit = view.unit(current);
        if (!unit || !unit->parentId)
            return std::nullopt;
        current = std::move(*unit->parentId);
    }
    return std::nullopt;
}

std::optional<RoleBinding> resolveRole(const DomainView& view, const Employee& employee, Role role,
                                       Date day) {
    const auto unitId = homeUnitOn(view, employee, day);
    if (!unitId)
        return std::nullopt;
    return resolveRoleFromUnit(view, *unitId, role, day, employee.nip);
}

bool cascadesFromTeam(const DomainView& view, const SkpItem& item, std::string_view teamId) {
    std::string current = item.parentTargetId;
    for (int step = 0; step < kMaxHierarchyDepth; ++step) {
        auto target = view.target(current);
        if (!target)
            return false;
        if (target->level == TargetLevel::Team && target->ownerTeamId == teamId)
            return true;
        if (!target->parentId)
            return false;
        current = std::move(*target->parentId);
    }
    return false;
}

} // namespace jejak::shared
