// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/error.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace jejak::shared;

TEST_CASE("error: every registry code is unique, dotted and round-trips", "[shared][error]") {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < kErrorCodeCount; ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const std::string text(codeString(code));
        CHECK(text.find('.') != std::string::npos);
        CHECK(seen.insert(text).second);
        ErrorCode back{};
        REQUIRE(parseErrorCode(text, back));
        CHECK(back == code);
        CHECK_FALSE(userMessage(code, Language::Indonesian).empty());
        CHECK_FALSE(userMessage(code, Language::English).empty());
    }
    CHECK(seen.size() == kErrorCodeCount);
    ErrorCode unused{};
    CHECK_FALSE(parseErrorCode("no.such_code", unused));
}

TEST_CASE("error: transient flag comes from the registry", "[shared][error]") {
    CHECK(Error(ErrorCode::EvidenceIncomplete).transient);
    CHECK(Error(ErrorCode::StorageBusy).transient);
    CHECK_FALSE(Error(ErrorCode::NotTeamMember).transient);
    CHECK(toString(Error(ErrorCode::DescriptionTooLong, "description", "301 > 300")) ==
          "activity.description_too_long at description: 301 > 300");
}

TEST_CASE("error: Result carries a value or an error", "[shared][error]") {
    Result<int> good = 42;
    REQUIRE(good.ok());
    CHECK(*good == 42);
    Result<int> bad = Error(ErrorCode::NotFound, "id");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::NotFound);
    Result<void> fine;
    CHECK(fine.ok());
    Result<void> failed = Error(ErrorCode::Internal);
    CHECK_FALSE(failed.ok());
}
