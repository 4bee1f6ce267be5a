// SPDX-License-Identifier: Apache-2.0
// snapshotOf(): a bundle's organisation as the reset snapshot of a first pull (sync tests).
#pragma once

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol.hpp"

#include <cstdint>
#include <string>

namespace jejak::testing {

/// Every reference record of `bundle` as one reset page ending at `cursor`, seq numbered from 1.
inline sync::PullResponse snapshotOf(const shared::Bundle& bundle, std::string cursor) {
    using sync::ChangeEntity;
    sync::PullResponse page{std::move(cursor), false, true, {}};
    std::int64_t seq = 0;
    const auto add = [&](ChangeEntity entity, const auto& records, auto idOf) {
        for (const auto& r : records)
            page.changes.push_back(
                sync::Change{++seq, entity, idOf(r), false, shared::toJson(r).as_object()});
    };
    const auto id = [](const auto& r) { return r.id; };
    add(ChangeEntity::Instansi, bundle.instansi, id);
    add(ChangeEntity::Unit, bundle.units, id);
    add(ChangeEntity::Position, bundle.positions, id);
    add(ChangeEntity::Employee, bundle.employees, [](const shared::Employee& e) { return e.nip; });
    add(ChangeEntity::Placement, bundle.placements, id);
    add(ChangeEntity::RoleBinding, bundle.roleBindings, id);
    add(ChangeEntity::Target, bundle.targets, id);
    add(ChangeEntity::Skp, bundle.skps, id);
    add(ChangeEntity::SkpItem, bundle.skpItems, id);
    add(ChangeEntity::Team, bundle.teams, id);
    add(ChangeEntity::Membership, bundle.memberships, id);
    return page;
}

} // namespace jejak::testing
