// SPDX-License-Identifier: Apache-2.0
// The review state machine of an activity (architecture.md section 6) and who may act on it. Pure
// functions: the caller loads the current state and revision, applies one, and stores the result.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <string>
#include <string_view>

namespace jejak::shared {

// The machine, per revision of an activity (a revision always starts Submitted):
//
//   Submitted --decide(approve)--> Approved --rate--> Rated
//   Submitted --decide(return)---> Returned --revise(revision + 1)--> Submitted
//   Submitted --decide(reject)---> Rejected            (final)
//   Submitted --withdraw---------> Withdrawn --revise(revision + 1)--> Submitted
//
// Every other transition is refused. Rated and Rejected are final.

/// A validator's decision on the activity, currently in `current` at `currentRevision`.
/// Checks, in this order:
/// 1. NoteRequired ("note"): a Return or Reject whose note is blank (empty or ASCII whitespace only);
///    the decision is malformed whatever the state, and the phone refuses it before queueing;
/// 2. InvalidArgument ("revision"): the review names a revision below 1 or above `currentRevision`,
///    which never existed;
/// 3. StaleDecision ("revision"): the review names an earlier revision: the author has revised since
///    the validator looked;
/// 4. the review names the current revision, which is no longer Submitted:
///    - StaleDecision ("revision") when it is Approved, Returned, Rejected or Rated: a decision race,
///      another decision on this revision was recorded first (Rated follows such an approval);
///    - InvalidTransition when it is Withdrawn: no decision race, the author took the activity out of
///      review and no decision is possible until a new revision is submitted.
/// Otherwise the new state: Approved, Returned or Rejected.
[[nodiscard]] Result<ActivityState> decide(ActivityState current, int currentRevision, const Review& review);

/// The author withdraws the activity: Submitted -> Withdrawn; InvalidTransition from any other state
/// (a decision got there first).
[[nodiscard]] Result<ActivityState> withdraw(ActivityState current);

/// The author resubmits a returned or withdrawn activity as `newRevision`: Returned | Withdrawn ->
/// Submitted. InvalidTransition from any other state (checked first); then `newRevision` must be
/// `currentRevision + 1`: StaleDecision ("revision") when it is not above `currentRevision` (the edit was
/// made on an older revision, e.g. on a second device), InvalidArgument ("revision") when it skips ahead.
[[nodiscard]] Result<ActivityState> revise(ActivityState current, int currentRevision, int newRevision);

/// The appraiser rates the activity, once: Approved -> Rated; InvalidTransition from any other state
/// (including Rated: a rating is never replaced).
[[nodiscard]] Result<ActivityState> rate(ActivityState current);

/// Who may do what on an activity.
enum class ReviewAction { Decide, Withdraw, Revise, Rate };

/// The people an activity concerns: its author, the validator it was routed to, the author's appraiser.
struct Participants {
    std::string authorNip;
    std::string validatorNip;
    std::string appraiserNip;

    friend bool operator==(const Participants&, const Participants&) = default;
};

/// Whether `actorNip` may perform `action`: the validator decides, the author withdraws and revises, the
/// appraiser rates. Nobody decides or rates their own activity, and an empty NIP matches nobody.
/// NotAllowed otherwise, with the field of the actor in the record the action writes: "reviewerNip"
/// (Review) for Decide, "appraiserNip" (Rating) for Rate, "nip" (Activity) for Withdraw and Revise.
[[nodiscard]] Result<void> checkActor(ReviewAction action, std::string_view actorNip,
                                      const Participants& people);

/// The English name of a state, for messages and logs: "submitted", "approved", ...
[[nodiscard]] std::string_view stateName(ActivityState state) noexcept;

} // namespace jejak::shared
