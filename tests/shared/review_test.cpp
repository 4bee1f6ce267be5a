// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/review.hpp"

#include <catch2/catch.hpp>

#include <array>

using namespace jejak::shared;

namespace {

constexpr std::array kAllStates = {ActivityState::Submitted, ActivityState::Approved,
                                   ActivityState::Returned,  ActivityState::Rejected,
                                   ActivityState::Withdrawn, ActivityState::Rated};

Review review(Decision decision, int revision, std::string note = {}) {
    Review r;
    r.id = "0186e2c0-0000-7000-8000-0000000000aa";
    r.activityId = "0186e2c0-0000-7000-8000-000000000001";
    r.revision = revision;
    r.reviewerNip = "198001152005011003";
    r.decision = decision;
    r.note = std::move(note);
    return r;
}

void refused(const Result<ActivityState>& result, ErrorCode code, std::string_view field) {
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == code);
    CHECK(result.error().field == field);
}

} // namespace

TEST_CASE("review: a submitted revision is approved, returned or rejected", "[shared][review]") {
    CHECK(decide(ActivityState::Submitted, 1, review(Decision::Approve, 1)).value() ==
          ActivityState::Approved);
    CHECK(decide(ActivityState::Submitted, 1, review(Decision::Return, 1, "Foto kurang jelas")).value() ==
          ActivityState::Returned);
    CHECK(decide(ActivityState::Submitted, 3, review(Decision::Reject, 3, "Bukan kegiatan tim")).value() ==
          ActivityState::Rejected);
    CHECK(decide(ActivityState::Submitted, 1, review(Decision::Approve, 1, "Bagus"))
              .ok()); // a note is optional
}

TEST_CASE("review: returning and rejecting need a note that is not blank", "[shared][review]") {
    refused(decide(ActivityState::Submitted, 1, review(Decision::Return, 1)), ErrorCode::NoteRequired,
            "note");
    refused(decide(ActivityState::Submitted, 1, review(Decision::Reject, 1, " \t\n")),
            ErrorCode::NoteRequired, "note");
    // The note is checked first, whatever the state.
    refused(decide(ActivityState::Approved, 2, review(Decision::Reject, 1)), ErrorCode::NoteRequired, "note");
}

TEST_CASE("review: a decision on an earlier revision is stale", "[shared][review]") {
    refused(decide(ActivityState::Submitted, 2, review(Decision::Approve, 1)), ErrorCode::StaleDecision,
            "revision");
    refused(decide(ActivityState::Returned, 3, review(Decision::Return, 2, "lagi")), ErrorCode::StaleDecision,
            "revision");
}

TEST_CASE("review: a decision on a revision that never existed is invalid", "[shared][review]") {
    refused(decide(ActivityState::Submitted, 1, review(Decision::Approve, 2)), ErrorCode::InvalidArgument,
            "revision");
    refused(decide(ActivityState::Submitted, 1, review(Decision::Approve, 0)), ErrorCode::InvalidArgument,
            "revision");
}

TEST_CASE("review: a decision that lost a race with another decision is stale", "[shared][review]") {
    for (const ActivityState state :
         {ActivityState::Approved, ActivityState::Returned, ActivityState::Rejected, ActivityState::Rated}) {
        INFO(stateName(state));
        refused(decide(state, 1, review(Decision::Approve, 1)), ErrorCode::StaleDecision, "revision");
        refused(decide(state, 1, review(Decision::Reject, 1, "alasan")), ErrorCode::StaleDecision,
                "revision");
    }
}

TEST_CASE("review: a decision on a withdrawn activity is an invalid transition", "[shared][review]") {
    const auto result = decide(ActivityState::Withdrawn, 1, review(Decision::Approve, 1));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::InvalidTransition);
    CHECK(result.error().message == "cannot decide on an activity that is withdrawn");
}

TEST_CASE("review: the author withdraws only while submitted", "[shared][review]") {
    for (const ActivityState state : kAllStates) {
        INFO(stateName(state));
        const auto result = withdraw(state);
        if (state == ActivityState::Submitted) {
            CHECK(result.value() == ActivityState::Withdrawn);
        } else {
            REQUIRE_FALSE(result.ok());
            CHECK(result.error().code == ErrorCode::InvalidTransition);
        }
    }
}

TEST_CASE("review: a returned or withdrawn activity is revised as the next revision", "[shared][review]") {
    CHECK(revise(ActivityState::Returned, 1, 2).value() == ActivityState::Submitted);
    CHECK(revise(ActivityState::Withdrawn, 4, 5).value() == ActivityState::Submitted);
    for (const ActivityState state :
         {ActivityState::Submitted, ActivityState::Approved, ActivityState::Rejected, ActivityState::Rated}) {
        INFO(stateName(state));
        refused(revise(state, 1, 2), ErrorCode::InvalidTransition, "");
    }
    refused(revise(ActivityState::Returned, 2, 2), ErrorCode::StaleDecision,
            "revision"); // edited on revision 1
    refused(revise(ActivityState::Returned, 2, 1), ErrorCode::StaleDecision, "revision");
    refused(revise(ActivityState::Returned, 2, 4), ErrorCode::InvalidArgument, "revision");
}

TEST_CASE("review: an approved activity is rated once", "[shared][review]") {
    CHECK(rate(ActivityState::Approved).value() == ActivityState::Rated);
    for (const ActivityState state : kAllStates) {
        if (state == ActivityState::Approved)
            continue;
        INFO(stateName(state));
        refused(rate(state), ErrorCode::InvalidTransition, "");
    }
}

TEST_CASE("review: the validator decides, the author withdraws and revises, the appraiser rates",
          "[shared][review]") {
    const Participants people{"198507202010121002", "198001152005011003", "197503042000121001"};
    CHECK(checkActor(ReviewAction::Decide, people.validatorNip, people).ok());
    CHECK(checkActor(ReviewAction::Withdraw, people.authorNip, people).ok());
    CHECK(checkActor(ReviewAction::Revise, people.authorNip, people).ok());
    CHECK(checkActor(ReviewAction::Rate, people.appraiserNip, people).ok());

    const auto notAllowed = [&](ReviewAction action, std::string_view actor, std::string_view field) {
        const auto result = checkActor(action, actor, people);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::NotAllowed);
        CHECK(result.error().field == field);
    };
    notAllowed(ReviewAction::Decide, people.authorNip, "reviewerNip");
    notAllowed(ReviewAction::Decide, people.appraiserNip, "reviewerNip");
    notAllowed(ReviewAction::Rate, people.validatorNip, "appraiserNip");
    notAllowed(ReviewAction::Rate, people.authorNip, "appraiserNip");
    notAllowed(ReviewAction::Withdraw, people.validatorNip, "nip");
    notAllowed(ReviewAction::Revise, people.appraiserNip, "nip");
    notAllowed(ReviewAction::Decide, "", "reviewerNip");
}

TEST_CASE("review: nobody decides or rates their own activity, and an empty NIP matches nobody",
          "[shared][review]") {
    const Participants selfRouted{"198507202010121002", "198507202010121002", "198507202010121002"};
    CHECK_FALSE(checkActor(ReviewAction::Decide, selfRouted.authorNip, selfRouted).ok());
    CHECK_FALSE(checkActor(ReviewAction::Rate, selfRouted.authorNip, selfRouted).ok());
    CHECK(checkActor(ReviewAction::Withdraw, selfRouted.authorNip, selfRouted).ok());
    const Participants empty{};
    CHECK_FALSE(checkActor(ReviewAction::Withdraw, "", empty).ok());
    CHECK_FALSE(checkActor(ReviewAction::Rate, "", empty).ok());
}

TEST_CASE("review: states have stable English names", "[shared][review]") {
    CHECK(stateName(ActivityState::Submitted) == "submitted");
    CHECK(stateName(ActivityState::Approved) == "approved");
    CHECK(stateName(ActivityState::Returned) == "returned");
    CHECK(stateName(ActivityState::Rejected) == "rejected");
    CHECK(stateName(ActivityState::Withdrawn) == "withdrawn");
    CHECK(stateName(ActivityState::Rated) == "rated");
}
