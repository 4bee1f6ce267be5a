// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/rating.hpp"

#include <catch2/catch.hpp>

using namespace jejak::shared;

TEST_CASE("rating: each IKI score is 1..100", "[shared][rating]") {
    CHECK(checkScores({1, 50, 100}).ok());
    CHECK(checkScores({100, 100, 100}).value() == IkiScores{100, 100, 100});
    const auto outOfRange = [](IkiScores scores, std::string_view field) {
        const auto result = checkScores(scores);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::ScoreOutOfRange);
        CHECK(result.error().field == field);
    };
    outOfRange({0, 50, 50}, "scores.substance");
    outOfRange({101, 50, 50}, "scores.substance");
    outOfRange({50, 0, 50}, "scores.expectationFit");
    outOfRange({50, -5, 50}, "scores.expectationFit");
    outOfRange({50, 50, 101}, "scores.systematic");
    outOfRange({0, 0, 0}, "scores.substance"); // the first failing criterion is named
}

TEST_CASE("rating: the IKI value is the mean of the three, to 2 decimals", "[shared][rating]") {
    CHECK(ikiValue({80, 85, 90}) == Approx(85.0));
    CHECK(ikiValue({80, 80, 81}) == Approx(80.33));
    CHECK(ikiValue({80, 81, 81}) == Approx(80.67));
    CHECK(ikiValue({1, 1, 2}) == Approx(1.33));
    CHECK(ikiValue({100, 100, 100}) == Approx(100.0));
    CHECK(ikiValue({1, 1, 1}) == Approx(1.0));
}

TEST_CASE("rating: the 6/2022 matrix, cell by cell", "[shared][rating]") {
    using E = Expectation;
    using P = Predicate;
    // behaviour Di Atas Ekspektasi
    CHECK(predicateOf(E::Below, E::Above) == P::ButuhPerbaikan);
    CHECK(predicateOf(E::Meets, E::Above) == P::Baik);
    CHECK(predicateOf(E::Above, E::Above) == P::SangatBaik);
    // behaviour Sesuai Ekspektasi
    CHECK(predicateOf(E::Below, E::Meets) == P::ButuhPerbaikan);
    CHECK(predicateOf(E::Meets, E::Meets) == P::Baik);
    CHECK(predicateOf(E::Above, E::Meets) == P::Baik);
    // behaviour Di Bawah Ekspektasi
    CHECK(predicateOf(E::Below, E::Below) == P::SangatKurang);
    CHECK(predicateOf(E::Meets, E::Below) == P::Kurang);
    CHECK(predicateOf(E::Above, E::Below) == P::Kurang);
    static_assert(predicateOf(E::Above, E::Above) == P::SangatBaik, "the matrix is usable at compile time");
}

TEST_CASE("rating: Indonesian display names", "[shared][rating]") {
    CHECK(predicateDisplayName(Predicate::SangatBaik) == "Sangat Baik");
    CHECK(predicateDisplayName(Predicate::Baik) == "Baik");
    CHECK(predicateDisplayName(Predicate::ButuhPerbaikan) == "Butuh Perbaikan");
    CHECK(predicateDisplayName(Predicate::Kurang) == "Kurang/Misconduct");
    CHECK(predicateDisplayName(Predicate::SangatKurang) == "Sangat Kurang");
    CHECK(expectationDisplayName(Expectation::Above) == "Di Atas Ekspektasi");
    CHECK(expectationDisplayName(Expectation::Meets) == "Sesuai Ekspektasi");
    CHECK(expectationDisplayName(Expectation::Below) == "Di Bawah Ekspektasi");
}

TEST_CASE("rating: an evaluation names a real quarter, a sane year and its derived predicate",
          "[shared][rating]") {
    Evaluation e;
    e.year = 2023;
    e.quarter = 1;
    e.resultRating = Expectation::Above;
    e.behaviourRating = Expectation::Meets;
    e.predicate = Predicate::Baik;
    CHECK(checkEvaluation(e).ok());
    e.quarter = 4;
    CHECK(checkEvaluation(e).ok());

    const auto invalid = [](const Evaluation& ev, ErrorCode code, std::string_view field) {
        const auto result = checkEvaluation(ev);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == code);
        CHECK(result.error().field == field);
    };
    e.quarter = 0;
    invalid(e, ErrorCode::PeriodInvalid, "quarter");
    e.quarter = 5;
    invalid(e, ErrorCode::PeriodInvalid, "quarter");
    e.quarter = 2;
    e.year = 2021;
    invalid(e, ErrorCode::PeriodInvalid, "year");
    e.year = 2101;
    invalid(e, ErrorCode::PeriodInvalid, "year");
    e.year = 2022;
    CHECK(checkEvaluation(e).ok());
    e.predicate = Predicate::SangatBaik;
    invalid(e, ErrorCode::InvalidArgument, "predicate");
}
