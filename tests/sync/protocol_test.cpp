// SPDX-License-Identifier: Apache-2.0
// Tests of protocol version negotiation, the wire form of errors and the op payload invariant.
#include "jejak/sync/protocol.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace jejak;
using namespace jejak::sync;
using shared::ErrorCode;

TEST_CASE("protocol: the version header must name a version this server serves", "[sync][protocol]") {
    const auto current = checkProtocolVersion(std::to_string(kProtocolVersion));
    REQUIRE(current.ok());
    CHECK(*current == kProtocolVersion);

    const std::vector<std::string> refusedValues = {
        "", "0", "-1", std::to_string(kProtocolVersion + 1), "1.0", " 1", "+1", "v1", "99999999999999999999"};
    for (const auto& bad : refusedValues) {
        INFO('"' << bad << '"');
        const auto refused = checkProtocolVersion(bad);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::ProtocolVersion);
        CHECK(refused.error().field == kProtocolHeader);
        CHECK_FALSE(refused.error().transient);
    }
    CHECK(kProtocolHeader == "X-Jejak-Protocol");
}

TEST_CASE("protocol: errors cross the wire with code, field, message and transience", "[sync][protocol]") {
    const shared::Error incomplete(ErrorCode::EvidenceIncomplete, "evidence[0].sha256",
                                   "8192 of 20480 bytes");
    const auto body = toErrorBody(incomplete);
    CHECK(body.code == "evidence.incomplete");
    CHECK(body.field == "evidence[0].sha256");
    CHECK(body.message == "8192 of 20480 bytes");
    CHECK(body.transient);
    CHECK(toError(body) == incomplete);

    ErrorBody overridden = toErrorBody(shared::Error(ErrorCode::StorageBusy));
    overridden.transient = false;
    CHECK_FALSE(toError(overridden).transient);
    CHECK(toError(overridden).code == ErrorCode::StorageBusy);
}

TEST_CASE("protocol: a code from a newer server is kept in the message", "[sync][protocol]") {
    const ErrorBody future{"activity.too_cloudy", "location", "sky not visible", false};
    const auto error = toError(future);
    CHECK(error.code == ErrorCode::Internal);
    CHECK(error.field == "location");
    CHECK(error.message == "unknown error code \"activity.too_cloudy\": sky not visible");
    CHECK_FALSE(error.transient);
}

TEST_CASE("protocol: an op's kind is the alternative of its payload", "[sync][protocol]") {
    Op op{"0189f1a2-7c40-7000-8000-00000000a001", SubmitActivity{}};
    CHECK(op.kind() == OpKind::SubmitActivity);
    op.payload = ReviseActivity{};
    CHECK(op.kind() == OpKind::ReviseActivity);
    op.payload = DecideReview{};
    CHECK(op.kind() == OpKind::DecideReview);
    op.payload = Evaluate{};
    CHECK(op.kind() == OpKind::Evaluate);
}
