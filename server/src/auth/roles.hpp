// SPDX-License-Identifier: Apache-2.0
// Roles from the organisation data, and the authorization checks handlers build on.
#pragma once

#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// What one person may do on one date, derived from the reference data (never stored, never taken from a
/// request). One person may hold several roles. Every list is sorted and free of duplicates.
struct Roles {
    bool employee = false;                ///< an active employee (everyone below is one too)
    std::vector<std::string> ketuaOf;     ///< ids of the teams whose active Ketua they are
    std::vector<std::string> appraiserOf; ///< NIPs of the active employees whose resolved appraiser they are
    std::vector<std::string> unitHeadOf;  ///< ids of the units they head (RoleBinding UnitHead)
    bool admin = false;                   ///< holds a RoleBinding Admin

    /// The wire names the client chooses its screens by (sync::LoginResponse::roles), in this order:
    /// "employee", "ketua", "appraiser", "unitHead", "admin"; each present when the role is held.
    [[nodiscard]] std::vector<std::string> names() const;

    [[nodiscard]] bool leads(std::string_view teamId) const noexcept;
    [[nodiscard]] bool appraises(std::string_view nip) const noexcept;
    [[nodiscard]] bool heads(std::string_view unitId) const noexcept;

    friend bool operator==(const Roles&, const Roles&) = default;
};

/// The roles of `nip` on `day`. Someone who is not an active employee holds no role at all, whatever
/// bindings still name them. Ketua: the person's Ketua memberships active on `day` whose team resolves to
/// them as Ketua (teamKetuaOn). Appraiser: every other active employee whose Role::Appraiser resolves to
/// them (resolveRole). Unit head and admin: their RoleBindings of those roles valid on `day`.
/// Takes the whole snapshot (not just a DomainView) because finding appraisees needs every employee.
/// Cost: one role resolution per employee of the snapshot (a walk of a few units each). Thread-safe.
[[nodiscard]] Roles rolesOf(const shared::InMemoryDomain& reference, std::string_view nip, shared::Date day);

/// Ids of the instansi whose kepegawaian administrator `nip` is on `day`: the instansi of the units of
/// their Role::Admin bindings valid on `day`. Sorted, no duplicates; empty for an inactive employee.
[[nodiscard]] std::vector<std::string> adminInstansiOf(const shared::InMemoryDomain& reference,
                                                       std::string_view nip, shared::Date day);

/// Whether the caller heads `unitId` itself or one of the units above it (a unit head oversees the units
/// below theirs). A missing unit, or kMaxHierarchyDepth steps (a cycle), end the walk with false.
[[nodiscard]] bool headsUnitOrAbove(const shared::InMemoryDomain& reference, const Roles& caller,
                                    std::string_view unitId);

/// An activity as authorization sees it: who wrote it, the team it was done for, who was chosen to
/// validate it (routing).
struct ActivityAccess {
    std::string_view authorNip;
    std::optional<std::string_view> teamId;
    std::string_view validatorNip;
};

/// The visibility rule of the authorization matrix: the author sees their own activity, the validator
/// what is routed to them, a Ketua the activities of the teams they lead, an appraiser those of their
/// appraisees; nobody else (admins and unit heads included, unless one of the above).
[[nodiscard]] bool canSeeActivity(std::string_view callerNip, const Roles& caller,
                                  const ActivityAccess& activity);

/// Only the validator the activity is routed to decides on it (approve, return, reject).
[[nodiscard]] bool canReviewActivity(std::string_view callerNip, const ActivityAccess& activity);

/// Only the author's appraiser rates the author's activities and evaluates the author.
[[nodiscard]] bool canRateWorkOf(const Roles& caller, std::string_view authorNip);

} // namespace jejak::server
