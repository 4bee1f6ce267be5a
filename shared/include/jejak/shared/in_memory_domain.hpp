// SPDX-License-Identifier: Apache-2.0
// InMemoryDomain: a DomainView over a Bundle held in memory plus a list of known activities. Used by tests,
// by the bundle loader (to run the rules over a bundle before it is stored) and by the device cache.
#pragma once

#include "jejak/shared/domain_view.hpp"
#include "jejak/shared/model.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jejak::shared {

/// An activity the view knows, with its server-decided state; the history that the overlap and
/// reused-photo flags of validation query. One entry per activity id (its current revision).
struct KnownActivity {
    Activity activity;
    ActivityState state = ActivityState::Submitted;

    friend bool operator==(const KnownActivity&, const KnownActivity&) = default;
};

/// Reference data and activity history in memory, indexed once at construction.
///
/// Invariants: the content never changes after construction, so every method is const and the class is
/// thread-compatible (any number of threads may query one instance at once; none may assign to it while
/// others query). Lookups by id are hash lookups. When a collection holds the same id twice, the first
/// record wins: integrity checks (duplicates, dangling references, cycles) are the bundle loader's job.
/// Results keep the order of the input collections.
class InMemoryDomain final : public DomainView {
  public:
    explicit InMemoryDomain(Bundle bundle, std::vector<KnownActivity> activities = {});

    [[nodiscard]] const Bundle& bundle() const noexcept { return m_bundle; }
    [[nodiscard]] const std::vector<KnownActivity>& activities() const noexcept { return m_activities; }

    [[nodiscard]] std::optional<Instansi> instansi(std::string_view id) const override;
    [[nodiscard]] std::optional<Unit> unit(std::string_view id) const override;
    [[nodiscard]] std::optional<Position> position(std::string_view id) const override;
    [[nodiscard]] std::optional<Employee> employee(std::string_view nip) const override;
    /// When bad data has several placements valid on `day`, the one starting latest wins.
    [[nodiscard]] std::optional<Placement> placementOn(std::string_view nip, Date day) const override;
    [[nodiscard]] std::vector<RoleBinding> roleBindings(std::string_view unitId) const override;
    [[nodiscard]] std::optional<Team> team(std::string_view id) const override;
    [[nodiscard]] std::vector<Membership> teamMemberships(std::string_view teamId) const override;
    [[nodiscard]] std::vector<Membership> membershipsOf(std::string_view nip) const override;
    [[nodiscard]] std::optional<PerformanceTarget> target(std::string_view id) const override;
    [[nodiscard]] std::optional<Skp> skp(std::string_view id) const override;
    [[nodiscard]] std::optional<SkpItem> skpItem(std::string_view id) const override;

    /// Live means any state but Withdrawn and Rejected. Ranges are half-open: touching is no overlap.
    [[nodiscard]] std::vector<std::string> overlappingActivities(std::string_view nip, Timestamp start,
                                                                 Timestamp end,
                                                                 std::string_view excludeId) const override;
    [[nodiscard]] std::vector<std::string> activitiesUsingEvidence(std::string_view sha256,
                                                                   std::string_view excludeId) const override;

  private:
    /// Hash that lets the maps be searched with a string_view without building a std::string.
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using Index = std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>>;
    using MultiIndex = std::unordered_map<std::string, std::vector<std::size_t>, StringHash, std::equal_to<>>;

    Bundle m_bundle;
    std::vector<KnownActivity> m_activities;

    Index m_instansi;
    Index m_units;
    Index m_positions;
    Index m_employees;
    Index m_teams;
    Index m_targets;
    Index m_skps;
    Index m_skpItems;
    MultiIndex m_placementsByNip;
    MultiIndex m_bindingsByUnit;
    MultiIndex m_membershipsByTeam;
    MultiIndex m_membershipsByNip;
    MultiIndex m_activitiesByNip;
    MultiIndex m_activitiesByEvidence;
};

} // namespace jejak::shared
