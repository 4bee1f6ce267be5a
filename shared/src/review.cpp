// SPDX-License-Identifier: Apache-2.0
// Review state machine and actor checks (review.hpp).
#include "jejak/shared/review.hpp"

#include "jejak/shared/text.hpp"

namespace jejak::shared {
namespace {

Error invalidTransition(std::string_view action, ActivityState current) {
    return Error(ErrorCode::InvalidTransition, {},
                 std::string("cannot ") + std::string(action) + " an activity that is " +
                     std::string(stateName(current)));
}

} // namespace

std::string_view stateName(ActivityState state) noexcept {
    switch (state) {
    case ActivityState::Submitted:
        return "submitted";
    case ActivityState::Approved:
        return "approved";
    case ActivityState::Returned:
        return "returned";
    case ActivityState::Rejected:
        return "rejected";
    case ActivityState::Withdrawn:
        return "withdrawn";
    case ActivityState::Rated:
        return "rated";
    }
    return "unknown";
}

Result<ActivityState> decide(ActivityState current, int currentRevision, const Review& review) {
    if (review.decision != Decision::Approve && isBlank(review.note))
        return Error(ErrorCode::NoteRequired, "note",
                     review.decision == Decision::Return ? "returning needs a note"
                                                         : "rejecting needs a reason");
    if (review.revision < 1 || review.revision > currentRevision)
        return Error(ErrorCode::InvalidArgument, "revision",
                     "revision " + std::to_string(review.revision) + " does not exist; the activity is at " +
                         std::to_string(currentRevision));
    if (review.revision < currentRevision)
        return Error(ErrorCode::StaleDecision, "revision",
                     "decided on revision " + std::to_string(review.revision) +
                         ", the author has since submitted " + std::to_string(currentRevision));
    switch (current) {
    case ActivityState::Submitted:
        break;
    case ActivityState::Approved:
    case ActivityState::Returned:
    case ActivityState::Rejected:
    case ActivityState::Rated:
        return Error(ErrorCode::StaleDecision, "revision",
                     "another decision on revision " + std::to_string(currentRevision) +
                         " was recorded first; the activity is " + std::string(stateName(current)));
    case ActivityState::Withdrawn:
        return invalidTransition("decide on", current);
    }
    switch (review.decision) {
    case Decision::Approve:
        return ActivityState::Approved;
    case Decision::Return:
        return ActivityState::Returned;
    case Decision::Reject:
        return ActivityState::Rejected;
    }
    return Error(ErrorCode::InvalidArgument, "decision", "unknown decision");
}

Result<ActivityState> withdraw(ActivityState current) {
    if (current != ActivityState::Submitted)
        return invalidTransition("withdraw", current);
    return ActivityState::Withdrawn;
}

Result<ActivityState> revise(ActivityState current, int currentRevision, int newRevision) {
    if (current != ActivityState::Returned && current != ActivityState::Withdrawn)
        return invalidTransition("revise", current);
    if (newRevision <= currentRevision)
        return Error(ErrorCode::StaleDecision, "revision",
                     "revision " + std::to_string(newRevision) +
                         " was edited on an older revision; the activity is at " +
                         std::to_string(currentRevision));
    if (newRevision != currentRevision + 1)
        return Error(ErrorCode::InvalidArgument, "revision",
                     "the next revision is " + std::to_string(currentRevision + 1) + ", not " +
                         std::to_string(newRevision));
    return ActivityState::Submitted;
}

Result<ActivityState> rate(ActivityState current) {
    if (current != ActivityState::Approved)
        return invalidTransition("rate", current);
    return ActivityState::Rated;
}

Result<void> checkActor(ReviewAction action, std::string_view actorNip, const Participants& people) {
    const auto is = [actorNip](const std::string& nip) { return !nip.empty() && nip == actorNip; };
    switch (action) {
    case ReviewAction::Decide:
        if (is(people.validatorNip) && !is(people.authorNip))
            return {};
        return Error(ErrorCode::NotAllowed, "reviewerNip", "only the activity's validator decides on it");
    case ReviewAction::Rate:
        if (is(people.appraiserNip) && !is(people.authorNip))
            return {};
        return Error(ErrorCode::NotAllowed, "appraiserNip", "only the author's appraiser rates the activity");
    case ReviewAction::Withdraw:
    case ReviewAction::Revise:
        if (is(people.authorNip))
            return {};
        return Error(ErrorCode::NotAllowed, "nip", "only the author withdraws or revises the activity");
    }
    return Error(ErrorCode::NotAllowed, {}, "unknown action");
}

} // namespace jejak::shared
