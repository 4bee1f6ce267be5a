// SPDX-License-Identifier: Apache-2.0
// DomainView: the read access to reference data and activity history that the rules need. The server
// implements it over its SQLite store, the device over its offline cache, tests and the bundle loader
// with InMemoryDomain (in_memory_domain.hpp). The same rule code runs on all three.
#pragma once

#include "jejak/shared/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::shared {

/// Read-only queries over reference data. Implementations return copies, so a database-backed view
/// needs no lifetime tricks. Thread-safety is the implementation's to state.
class DomainView {
public:
    virtual ~DomainView() = default;

    [[nodiscard]] virtual std::optional<Instansi> instansi(std::string_view id) const = 0;
    [[nodiscard]] virtual std::optional<Unit> unit(std::string_view id) const = 0;
    [[nodiscard]] virtual std::optional<Position> position(std::string_view id) const = 0;
    [[nodiscard]] virtual std::optional<Employee> employee(std::string_view nip) const = 0;
    /// The placement of `nip` valid on `day`, if any.
    [[nodiscard]] virtual std::optional<Placement> placementOn(std::string_view nip, Date day) const = 0;
    /// Every role binding of the unit (all dates); callers filter by date.
    [[nodiscard]] virtual std::vector<RoleBinding> roleBindings(std::string_view unitId) const = 0;
    [[nodiscard]] virtual std::optional<Team> team(std::string_view id) const = 0;
    /// Every membership of the team (all dates).
    [[nodiscard]] virtual std::vector<Membership> teamMemberships(std::string_view teamId) const = 0;
    /// Every membership of the person (all dates).
    [[nodiscard]] virtual std::vector<Membership> membershipsOf(std::string_view nip) const = 0;
    [[nodiscard]] virtual std::optional<PerformanceTarget> target(std::string_view id) const = 0;
    [[nodiscard]] virtual std::optional<Skp> skp(std::string_view id) const = 0;
    [[nodiscard]] virtual std::optional<SkpItem> skpItem(std::string_view id) const = 0;

    //---- History, for the flags of validation (overlap, reused photo)

    /// Ids of the person's live activities (not withdrawn or rejected) whose time range overlaps
    /// [start, end), other than `excludeId`.
    [[nodiscard]] virtual std::vector<std::string> overlappingActivities(std::string_view nip, Timestamp start,
                                                                         Timestamp end,
                                                                         std::string_view excludeId) const = 0;
    /// Ids of live activities, other than `excludeId`, that use the blob as evidence.
    [[nodiscard]] virtual std::vector<std::string> activitiesUsingEvidence(std::string_view sha256,
                                                                           std::string_view excludeId) const = 0;
};

} // namespace jejak::shared
