// SPDX-License-Identifier: Apache-2.0
// Activity validation against SKP links (architecture.md section 5): the same rule code runs on the server
// and, against its cached reference data, on the phone.
#pragma once

#include "jejak/shared/domain_view.hpp"
#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/routing.hpp"
#include "jejak/shared/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace jejak::shared {

inline constexpr std::size_t kMaxNameCodePoints = 200;
inline constexpr std::size_t kMaxDescriptionCodePoints = 300;

/// Checks the stored blob of one evidence reference whose metadata is already sane. Returns nullopt when
/// the blob is complete and intact, EvidenceIncomplete (transient: not uploaded completely yet) or
/// EvidenceCorrupt (content does not match digest, size or media type) otherwise. An empty field in the
/// returned error is filled in with "evidence[i]"; an exception thrown by the check becomes Internal.
using BlobCheck = std::function<std::optional<Error>(const EvidenceRef&)>;

struct ValidationOptions {
    BlobCheck checkBlob; ///< set on the server; empty on devices, which have no blob store to ask
};

/// The outcome of validating one activity: every failed rule, not just the first, so the phone can show
/// them all next to their fields.
struct ValidationReport {
    std::vector<Error> errors;  ///< failed rules: the activity is refused
    std::vector<Error> flags;   ///< accepted but shown to the reviewer: Overlap, EvidenceReused, Unlinked
    std::optional<Route> route; ///< the validator, whenever routing succeeded (even if other rules failed)

    [[nodiscard]] bool ok() const noexcept { return errors.empty(); }
    /// Whether the activity failed only for reasons that may pass on a retry (e.g. EvidenceIncomplete).
    [[nodiscard]] bool onlyTransientErrors() const noexcept;
};

/// Whether `mediaType` (compared ignoring ASCII case, no parameters) is allowed for the kind: photos
/// image/jpeg or image/png; attachments PDF and Word, Excel and PowerPoint in their OOXML and legacy types.
[[nodiscard]] bool isAllowedMediaType(EvidenceKind kind, std::string_view mediaType) noexcept;

/// The size limit of one file of the kind under the policy.
[[nodiscard]] std::int64_t maxEvidenceBytes(EvidenceKind kind, const Policy& policy) noexcept;

/// Validates an activity by its author. D, the activity date, is localDate(start) at the UTC offset of the
/// author's instansi (employee.positionId -> position.unitId -> unit.instansiId), whose policy applies.
/// Errors (code, field):
/// - EmployeeInactive ("nip"): the author is unknown or not active. NotFound ("nip"): the instansi cannot
///   be reached; the rules that need D are then skipped and the default Policy applies.
/// - TeamUnknown ("teamId"); NotTeamMember ("teamId"): D outside the team's period, or no membership of
///   the author in the team active on D.
/// - SkpItemUnknown ("skpItemId", also when the item's SKP is missing); SkpItemNotOwned ("skpItemId");
///   for an owned item: SkpPeriodMismatch ("start", D outside the SKP period), SkpNotApproved
///   ("skpItemId"), SkpItemNotInTeamCascade ("skpItemId", team given and existing).
/// - EndBeforeStart ("end"); InFuture ("end", or "start" when only the start is) beyond
///   policy.clockSkewSeconds after clock.now(); TooLate ("end"): more than policy.lateWindowDays between
///   end and now.
/// - TextInvalidUtf8 ("name", "description", "outputUnit"); NameRequired ("name": blank or more than
///   kMaxNameCodePoints code points); DescriptionTooLong ("description": more than
///   kMaxDescriptionCodePoints); OutputNotPositive ("outputQuantity": not finite or <= 0);
///   OutputUnitMismatch ("outputUnit": differs from the item's quantityUnit, when that is set, compared
///   trimmed and ignoring ASCII case).
/// - PhotoRequired ("evidence"); EvidenceInvalid ("evidence[i].sha256": not isSha256Hex or the same
///   digest as an earlier reference; "evidence[i].size": <= 0 or above maxEvidenceBytes;
///   "evidence[i].mediaType": not isAllowedMediaType); whatever options.checkBlob returns, for references
///   with sane metadata.
/// - The errors of routeActivity() on D, except one equal in code and field to an error already reported.
/// Flags: Overlap ("start") with the author's other live activities; EvidenceReused ("evidence[i]") for a
/// photo another live activity uses; Unlinked ("skpItemId") when the route is unlinked.
[[nodiscard]] ValidationReport validateActivity(const Activity& activity, const DomainView& view,
                                                const Clock& clock, const ValidationOptions& options = {});

} // namespace jejak::shared
