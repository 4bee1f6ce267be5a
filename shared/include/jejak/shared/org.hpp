// SPDX-License-Identifier: Apache-2.0
// Organisation queries shared by routing and validation: dated records on a date, role resolution up the
// unit tree, a team's Ketua on a date, and whether an SKP item cascades from a team's targets.
#pragma once

#include "jejak/shared/domain_view.hpp"
#include "jejak/shared/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace jejak::shared {

/// Upper bound on the steps of any walk up a hierarchy (unit tree, target cascade). Real trees are a few
/// levels deep; the bound makes a cycle in bad data end the walk instead of hanging it.
inline constexpr int kMaxHierarchyDepth = 64;

/// Whether the dated record covers `day`: validFrom <= day and, when validTo is set, day <= validTo.
[[nodiscard]] bool isActiveOn(const Membership& membership, Date day) noexcept;
[[nodiscard]] bool isActiveOn(const RoleBinding& binding, Date day) noexcept;
[[nodiscard]] bool isActiveOn(const Placement& placement, Date day) noexcept;

/// Whether `day` lies in the team's period (both ends inclusive).
[[nodiscard]] bool periodContains(const Team& team, Date day) noexcept;
/// Whether `day` lies in the SKP's period (both ends inclusive).
[[nodiscard]] bool periodContains(const Skp& skp, Date day) noexcept;

/// The membership of `nip` in the team active on `day` (any role). When bad data has several, the one
/// starting latest wins.
[[nodiscard]] std::optional<Membership> activeMembership(const DomainView& view, std::string_view teamId,
                                                         std::string_view nip, Date day);

/// The Ketua membership of the team active on `day`; none when the team has no ketua then (R9).
[[nodiscard]] std::optional<Membership> teamKetuaOn(const DomainView& view, std::string_view teamId,
                                                    Date day);

/// The instansi an employee belongs to: employee.positionId -> position.unitId -> unit.instansiId.
[[nodiscard]] std::optional<Instansi> instansiOf(const DomainView& view, const Employee& employee);

/// The unit an employee works in on `day`: the unit of their placement (kedudukan) valid on `day`, or,
/// when no placement is recorded for that day, the unit of their position.
[[nodiscard]] std::optional<std::string> homeUnitOn(const DomainView& view, const Employee& employee,
                                                    Date day);

/// The nearest binding of `role` valid on `day`, looking at `unitId` and then up its parents. Bindings
/// that name `excludeNip` are skipped, so nobody resolves to themself (nobody validates or rates their own
/// work); pass an empty `excludeNip` to skip nobody. When one unit has several bindings of the role valid
/// on `day`, the one starting latest wins. None when the walk reaches the root, a missing unit, or
/// kMaxHierarchyDepth steps.
[[nodiscard]] std::optional<RoleBinding> resolveRoleFromUnit(const DomainView& view, std::string_view unitId,
                                                             Role role, Date day,
                                                             std::string_view excludeNip);

/// The holder of `role` for the employee on `day`: resolveRoleFromUnit from homeUnitOn(), excluding the
/// employee themself. For example Role::Appraiser gives their Pejabat Penilai Kinerja (direct superior).
[[nodiscard]] std::optional<RoleBinding> resolveRole(const DomainView& view, const Employee& employee,
                                                     Role role, Date day);

/// Whether the SKP item cascades from one of the team's targets: the walk from item.parentTargetId up
/// through PerformanceTarget::parentId meets a target of level Team whose ownerTeamId is `teamId`. A
/// missing target, the root, or kMaxHierarchyDepth steps (a cycle) end the walk with false.
[[nodiscard]] bool cascadesFromTeam(const DomainView& view, const SkpItem& item, std::string_view teamId);

} // namespace jejak::shared
