// SPDX-License-Identifier: Apache-2.0
// The backend-independent parts of the storage interface: ServerDomainView and ImportSummary.
#include "storage/storage.hpp"

#include <cassert>

namespace jejak::server {

using shared::Result;

std::size_t ImportSummary::totalEntities() const noexcept {
    std::size_t total = 0;
    for (const auto& [collection, count] : counts)
        total += count;
    return total;
}

ServerDomainView::ServerDomainView(ReferenceSnapshot reference, const ActivityHistory& history)
    : m_reference(std::move(reference))
    , m_history(history) {
    assert(m_reference.domain);
}

std::optional<shared::Instansi> ServerDomainView::instansi(std::string_view id) const {
    return m_reference.domain->instansi(id);
}

std::optional<shared::Unit> ServerDomainView::unit(std::string_view id) const {
    return m_reference.domain->unit(id);
}

std::optional<shared::Position> ServerDomainView::position(std::string_view id) const {
    return m_reference.domain->position(id);
}

std::optional<shared::Employee> ServerDomainView::employee(std::string_view nip) const {
    return m_reference.domain->employee(nip);
}

std::optional<shared::Placement> ServerDomainView::placementOn(std::string_view nip, shared::Date day) const {
    return m_reference.domain->placementOn(nip, day);
}

std::vector<shared::RoleBinding> ServerDomainView::roleBindings(std::string_view unitId) const {
    return m_reference.domain->roleBindings(unitId);
}

std::optional<shared::Team> ServerDomainView::team(std::string_view id) const {
    return m_reference.domain->team(id);
}

std::vector<shared::Membership> ServerDomainView::teamMemberships(std::string_view teamId) const {
    return m_reference.domain->teamMemberships(teamId);
}

std::vector<shared::Membership> ServerDomainView::membershipsOf(std::string_view nip) const {
    return m_reference.domain->membershipsOf(nip);
}

std::optional<shared::PerformanceTarget> ServerDomainView::target(std::string_view id) const {
    return m_reference.domain->target(id);
}

std::optional<shared::Skp> ServerDomainView::skp(std::string_view id) const {
    return m_reference.domain->skp(id);
}

std::optional<shared::SkpItem> ServerDomainView::skpItem(std::string_view id) const {
    return m_reference.domain->skpItem(id);
}

std::vector<std::string> ServerDomainView::overlappingActivities(std::string_view nip,
                                                                 shared::Timestamp start,
                                                                 shared::Timestamp end,
                                                                 std::string_view excludeId) const {
    return orRecord(m_history.overlappingActivities(nip, start, end, excludeId));
}

std::vector<std::string> ServerDomainView::activitiesUsingEvidence(std::string_view sha256,
                                                                   std::string_view excludeId) const {
    return orRecord(m_history.activitiesUsingEvidence(sha256, excludeId));
}

std::vector<std::string> ServerDomainView::orRecord(Result<std::vector<std::string>> result) const {
    if (result)
        return std::move(result).value();
    if (!m_historyError)
        m_historyError = std::move(result).error();
    return {};
}

} // namespace jejak::server
