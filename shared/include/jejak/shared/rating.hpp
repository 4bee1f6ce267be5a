// SPDX-License-Identifier: Apache-2.0
// Rating rules: the appraiser's IKI scores of an approved activity, and the PermenPANRB 6/2022 predicate
// matrix of the periodic evaluation (domain.md Appendix A), kept as data.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <array>
#include <cstddef>
#include <string_view>

namespace jejak::shared {

inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 100;

/// The scores themselves when each criterion is within kMinScore..kMaxScore; otherwise ScoreOutOfRange
/// for the first criterion out of range, in the order substance, expectationFit, systematic, with field
/// "scores.substance", "scores.expectationFit" or "scores.systematic" (the Rating's member path).
[[nodiscard]] Result<IkiScores> checkScores(const IkiScores& scores);

/// "Nilai IKI" of one rating. The seeds name the three criteria but not how they combine (domain.md 4.3);
/// the product's decision is their arithmetic mean, rounded half up to 2 decimals (80, 80, 81 -> 80.33).
/// Meaningful for scores that passed checkScores().
[[nodiscard]] double ikiValue(const IkiScores& scores) noexcept;

/// The PermenPANRB 6/2022 matrix (kuadran kinerja): kPredicateMatrix[behaviour][result], both indexed by
/// Expectation (Below = 0, Meets = 1, Above = 2).
inline constexpr std::array<std::array<Predicate, 3>, 3> kPredicateMatrix = {{
    // columns: result Below, Meets, Above
    /* behaviour Below */ {Predicate::SangatKurang, Predicate::Kurang, Predicate::Kurang},
    /* behaviour Meets */ {Predicate::ButuhPerbaikan, Predicate::Baik, Predicate::Baik},
    /* behaviour Above */ {Predicate::ButuhPerbaikan, Predicate::Baik, Predicate::SangatBaik},
}};

/// The predicate of a work-result rating and a work-behaviour rating, looked up in kPredicateMatrix.
[[nodiscard]] constexpr Predicate predicateOf(Expectation result, Expectation behaviour) noexcept {
    return kPredicateMatrix[static_cast<std::size_t>(behaviour)][static_cast<std::size_t>(result)];
}

/// The Indonesian display name: "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct",
/// "Sangat Kurang".
[[nodiscard]] std::string_view predicateDisplayName(Predicate predicate) noexcept;

/// The Indonesian display name of a rating: "Di Bawah Ekspektasi", "Sesuai Ekspektasi",
/// "Di Atas Ekspektasi".
[[nodiscard]] std::string_view expectationDisplayName(Expectation expectation) noexcept;

/// The first year an evaluation can have: the matrix is PermenPANRB 6/2022's.
inline constexpr int kMinEvaluationYear = 2022;
/// The last year accepted; a later one is a typo, not a plan.
inline constexpr int kMaxEvaluationYear = 2100;

/// Checks a quarterly evaluation: PeriodInvalid ("quarter") unless 1..4; PeriodInvalid ("year") unless
/// kMinEvaluationYear..kMaxEvaluationYear; InvalidArgument ("predicate") when the stored predicate is
/// not predicateOf(resultRating, behaviourRating).
[[nodiscard]] Result<void> checkEvaluation(const Evaluation& evaluation);

} // namespace jejak::shared
