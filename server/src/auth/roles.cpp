// SPDX-License-Identifier: Apache-2.0
// Role derivation over the reference snapshot with the shared organisation queries.
#include "auth/roles.hpp"

#include "jejak/shared/org.hpp"

#include <algorithm>

namespace jejak::server {

using shared::Role;

namespace {

void sortUnique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool containsSorted(const std::vector<std::string>& v, std::string_view x) noexcept {
    return std::binary_search(v.begin(), v.end(), x, std::less<>());
}

} // namespace

std::vector<std::string> Roles::names() const {
    std::vector<std::string> out;
    if (employee)
        out.emplace_back("employee");
    if (!ketuaOf.empty())
        out.emplace_back("ketua");
    if (!appraiserOf.empty())
        out.emplace_back("appraiser");
    if (!unitHeadOf.empty())
        out.emplace_back("unitHead");
    if (admin)
        out.emplace_back("admin");
    return out;
}

bool Roles::leads(std::string_view teamId) const noexcept {
    return containsSorted(ketuaOf, teamId);
}
bool Roles::appraises(std::string_view nip) const noexcept {
    return containsSorted(appraiserOf, nip);
}
bool Roles::heads(std::string_view unitId) const noexcept {
    return containsSorted(unitHeadOf, unitId);
}

Roles rolesOf(const shared::InMemoryDomain& reference, std::string_view nip, shared::Date day) {
    Roles roles;
    const auto self = reference.employee(nip);
    if (!self || !self->active) {
        return roles;
    }
    roles.employee = true;

    for (const shared::Membership& m : reference.membershipsOf(nip)) {
        if (m.role != shared::TeamRole::Ketua || !shared::isActiveOn(m, day)) {
            continue;
        }
        if (const auto ketua = shared::teamKetuaOn(reference, m.teamId, day); ketua && ketua->nip == nip) {
            roles.ketuaOf.push_back(m.teamId);
        }
    }

    for (const shared::Employee& other : reference.bundle().employees) {
        if (!other.active || other.nip == nip) {
            continue;
        }
        if (const auto appraiser = shared::resolveRole(reference, other, Role::Appraiser, day);
            appraiser && appraiser->nip == nip) {
            roles.appraiserOf.push_back(other.nip);
        }
    }

    for (const shared::RoleBinding& b : reference.bundle().roleBindings) {
        if (b.nip != nip || !shared::isActiveOn(b, day)) {
            continue;
        }
        if (b.role == Role::UnitHead) {
            roles.unitHeadOf.push_back(b.unitId);
        } else if (b.role == Role::Admin) {
            roles.admin = true;
        }
    }

    sortUnique(roles.ketuaOf);
    sortUnique(roles.appraiserOf);
    sortUnique(roles.unitHeadOf);
    return roles;
}

std::vector<std::string> adminInstansiOf(const shared::InMemoryDomain& reference, std::string_view nip,
                                         shared::Date day) {
    std::vector<std::string> out;
    const auto self = reference.employee(nip);
    if (!self || !self->active) {
        return out;
    }
    for (const shared::RoleBinding& b : reference.bundle().roleBindings) {
        if (b.nip != nip || b.role != Role::Admin || !shared::isActiveOn(b, day)) {
            continue;
        }
        if (const auto unit = reference.unit(b.unitId)) {
            out.push_back(unit->instansiId);
        }
    }
    sortUnique(out);
    return out;
}

bool headsUnitOrAbove(const shared::InMemoryDomain& reference, const Roles& caller, std::string_view unitId) {
    std::string id(unitId);
    for (int step = 0; step < shared::kMaxHierarchyDepth; ++step) {
        if (caller.heads(id)) {
            return true;
        }
        const auto unit = reference.unit(id);
        if (!unit || !unit->parentId) {
            return false;
        }
        id = *unit->parentId;
    }
    return false;
}

bool canSeeActivity(std::string_view callerNip, const Roles& caller, const ActivityAccess& activity) {
    if (callerNip.empty()) {
        return false;
    }
    if (activity.authorNip == callerNip || activity.validatorNip == callerNip) {
        return true;
    }
    if (activity.teamId && caller.leads(*activity.teamId)) {
        return true;
    }
    return caller.appraises(activity.authorNip);
}

bool canReviewActivity(std::string_view callerNip, const ActivityAccess& activity) {
    return !callerNip.empty() && activity.validatorNip == callerNip && activity.authorNip != callerNip;
}

bool canRateWorkOf(const Roles& caller, std::string_view authorNip) {
    return caller.appraises(authorNip);
}

} // namespace jejak::server
