// SPDX-License-Identifier: Apache-2.0
// InMemoryDomain (in_memory_domain.hpp): hash indexes over a Bundle and an activity history.
#include "jejak/shared/in_memory_domain.hpp"

#include <utility>

namespace jejak::shared {
namespace {

template <typename Record, typename Key, typename Map>
void indexUnique(const std::vector<Record>& records, Key key, Map& map) {
    for (std::size_t i = 0; i < records.size(); ++i)
        map.try_emplace(key(records[i]), i); // the first record with an id wins
}

template <typename Record, typename Key, typename Map>
void indexMulti(const std::vector<Record>& records, Key key, Map& map) {
    for (std::size_t i = 0; i < records.size(); ++i)
        map[key(records[i])].push_back(i);
}

template <typename Record, typename Map>
std::optional<Record> find(const std::vector<Record>& records, const Map& map, std::string_view id) {
    const auto it = map.find(id);
    if (it == map.end())
        return std::nullopt;
    return records[it->second];
}

template <typename Record, typename Map>
std::vector<Record> findAll(const std::vector<Record>& records, const Map& map, std::string_view key) {
    std::vector<Record> out;
    const auto it = map.find(key);
    if (it != map.end()) {
        out.reserve(it->second.size());
        for (const std::size_t i : it->second)
            out.push_back(records[i]);
    }
    return out;
}

bool isLive(ActivityState state) {
    return state != ActivityState::Withdrawn && state != ActivityState::Rejected;
}

} // namespace

InMemoryDomain::InMemoryDomain(Bundle bundle, std::vector<KnownActivity> activities)
    : m_bundle(std::move(bundle))
    , m_activities(std::move(activities)) {
    const auto byId = [](const auto& r) -> const std::string& { return r.id; };
    const auto byNip = [](const auto& r) -> const std::string& { return r.nip; };
    indexUnique(m_bundle.instansi, byId, m_instansi);
    indexUnique(m_bundle.units, byId, m_units);
    indexUnique(m_bundle.positions, byId, m_positions);
    indexUnique(m_bundle.employees, byNip, m_employees);
    indexUnique(m_bundle.teams, byId, m_teams);
    indexUnique(m_bundle.targets, byId, m_targets);
    indexUnique(m_bundle.skps, byId, m_skps);
    indexUnique(m_bundle.skpItems, byId, m_skpItems);
    indexMulti(m_bundle.placements, byNip, m_placementsByNip);
    indexMulti(
        m_bundle.roleBindings, [](const RoleBinding& b) -> const std::string& { return b.unitId; },
        m_bindingsByUnit);
    indexMulti(
        m_bundle.memberships, [](const Membership& m) -> const std::string& { return m.teamId; },
        m_membershipsByTeam);
    indexMulti(m_bundle.memberships, byNip, m_membershipsByNip);
    indexMulti(
        m_activities, [](const KnownActivity& k) -> const std::string& { return k.activity.nip; },
        m_activitiesByNip);
    for (std::size_t i = 0; i < m_activities.size(); ++i) {
        for (const EvidenceRef& ref : m_activities[i].activity.evidence) {
            auto& users = m_activitiesByEvidence[ref.sha256];
            if (users.empty() || users.back() != i) // one entry per activity, even if it lists a blob twice
                users.push_back(i);
        }
    }
}

std::optional<Instansi> InMemoryDomain::instansi(std::string_view id) const {
    return find(m_bundle.instansi, m_instansi, id);
}

std::optional<Unit> InMemoryDomain::unit(std::string_view id) const {
    return find(m_bundle.units, m_units, id);
}

std::optional<Position> InMemoryDomain::position(std::string_view id) const {
    return find(m_bundle.positions, m_positions, id);
}

std::optional<Employee> InMemoryDomain::employee(std::string_view nip) const {
    return find(m_bundle.employees, m_employees, nip);
}

std::optional<Placement> InMemoryDomain::placementOn(std::string_view nip, Date day) const {
    const auto it = m_placementsByNip.find(nip);
    if (it == m_placementsByNip.end())
        return std::nullopt;
    const Placement* best = nullptr;
    for (const std::size_t i : it->second) {
        const Placement& p = m_bundle.placements[i];
        const bool valid = p.validFrom <= day && (!p.validTo || day <= *p.validTo);
        if (valid && (best == nullptr || p.validFrom > best->validFrom))
            best = &p;
    }
    if (best == nullptr)
        return std::nullopt;
    return *best;
}

std::vector<RoleBinding> InMemoryDomain::roleBindings(std::string_view unitId) const {
    return findAll(m_bundle.roleBindings, m_bindingsByUnit, unitId);
}

std::optional<Team> InMemoryDomain::team(std::string_view id) const {
    return find(m_bundle.teams, m_teams, id);
}

std::vector<Membership> InMemoryDomain::teamMemberships(std::string_view teamId) const {
    return findAll(m_bundle.memberships, m_membershipsByTeam, teamId);
}

std::vector<Membership> InMemoryDomain::membershipsOf(std::string_view nip) const {
    return findAll(m_bundle.memberships, m_membershipsByNip, nip);
}

std::optional<PerformanceTarget> InMemoryDomain::target(std::string_view id) const {
    return find(m_bundle.targets, m_targets, id);
}

std::optional<Skp> InMemoryDomain::skp(std::string_view id) const {
    return find(m_bundle.skps, m_skps, id);
}

std::optional<SkpItem> InMemoryDomain::skpItem(std::string_view id) const {
    return find(m_bundle.skpItems, m_skpItems, id);
}

std::vector<std::string> InMemoryDomain::overlappingActivities(std::string_view nip, Timestamp start,
                                                               Timestamp end,
                                                               std::string_view excludeId) const {
    std::vector<std::string> out;
    const auto it = m_activitiesByNip.find(nip);
    if (it == m_activitiesByNip.end())
        return out;
    for (const std::size_t i : it->second) {
        const KnownActivity& k = m_activities[i];
        if (k.activity.id != excludeId && isLive(k.state) && k.activity.start < end && start < k.activity.end)
            out.push_back(k.activity.id);
    }
    return out;
}

std::vector<std::string> InMemoryDomain::activitiesUsingEvidence(std::string_view sha256,
                                                                 std::string_view excludeId) const {
    std::vector<std::string> out;
    const auto it = m_activitiesByEvidence.find(sha256);
    if (it == m_activitiesByEvidence.end())
        return out;
    for (const std::size_t i : it->second) {
        const KnownActivity& k = m_activities[i];
        if (k.activity.id != excludeId && isLive(k.state))
            out.push_back(k.activity.id);
    }
    return out;
}

} // namespace jejak::shared
