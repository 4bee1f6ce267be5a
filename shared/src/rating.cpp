// SPDX-License-Identifier: Apache-2.0
// IKI scores, the predicate matrix's names, and evaluation checks (rating.hpp).
#include "jejak/shared/rating.hpp"

#include <cmath>
#include <string>

namespace jejak::shared {
namespace {

bool inRange(int score) {
    return score >= kMinScore && score <= kMaxScore;
}

Error outOfRange(const char* field, int score) {
    return Error(ErrorCode::ScoreOutOfRange, field,
                 std::to_string(score) + " is outside " + std::to_string(kMinScore) + ".." +
                     std::to_string(kMaxScore));
}

} // namespace

Result<IkiScores> checkScores(const IkiScores& scores) {
    if (!inRange(scores.substance))
        return outOfRange("scores.substance", scores.substance);
    if (!inRange(scores.expectationFit))
        return outOfRange("scores.expectationFit", scores.expectationFit);
    if (!inRange(scores.systematic))
        return outOfRange("scores.systematic", scores.systematic);
    return scores;
}

double ikiValue(const IkiScores& scores) noexcept {
    // A third never ends in exactly half a hundredth, so rounding to nearest is rounding half up.
    const int sum = scores.substance + scores.expectationFit + scores.systematic;
    return std::round(sum * 100.0 / 3.0) / 100.0;
}

std::string_view predicateDisplayName(Predicate predicate) noexcept {
    switch (predicate) {
    case Predicate::SangatBaik:
        return "Sangat Baik";
    case Predicate::Baik:
        return "Baik";
    case Predicate::ButuhPerbaikan:
        return "Butuh Perbaikan";
    case Predicate::Kurang:
        return "Kurang/Misconduct";
    case Predicate::SangatKurang:
        return "Sangat Kurang";
    }
    return {};
}

std::string_view expectationDisplayName(Expectation expectation) noexcept {
    switch (expectation) {
    case Expectation::Below:
        return "Di Bawah Ekspektasi";
    case Expectation::Meets:
        return "Sesuai Ekspektasi";
    case Expectation::Above:
        return "Di Atas Ekspektasi";
    }
    return {};
}

Result<void> checkEvaluation(const Evaluation& evaluation) {
    if (evaluation.quarter < 1 || evaluation.quarter > 4)
        return Error(ErrorCode::PeriodInvalid, "quarter",
                     "quarter " + std::to_string(evaluation.quarter) + " is not 1..4");
    if (evaluation.year < kMinEvaluationYear || evaluation.year > kMaxEvaluationYear)
        return Error(ErrorCode::PeriodInvalid, "year",
                     "year " + std::to_string(evaluation.year) + " is outside " +
                         std::to_string(kMinEvaluationYear) + ".." + std::to_string(kMaxEvaluationYear));
    const Predicate expected = predicateOf(evaluation.resultRating, evaluation.behaviourRating);
    if (evaluation.predicate != expected)
        return Error(ErrorCode::InvalidArgument, "predicate",
                     "the ratings give " + std::string(predicateDisplayName(expected)));
    return {};
}

} // namespace jejak::shared
