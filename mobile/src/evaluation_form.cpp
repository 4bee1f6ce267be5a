// SPDX-License-Identifier: Apache-2.0
#include "evaluation_form.hpp"

#include "app.hpp"
#include "labels.hpp"

#include "jejak/shared/rating.hpp"

#include <chrono>
#include <optional>

namespace jejak::mobile {

namespace {

std::optional<shared::Expectation> expectation(const QString& s) {
    if (s == QLatin1String("above")) {
        return shared::Expectation::Above;
    }
    if (s == QLatin1String("as")) {
        return shared::Expectation::Meets;
    }
    if (s == QLatin1String("below")) {
        return shared::Expectation::Below;
    }
    return std::nullopt;
}

} // namespace

EvaluationForm::EvaluationForm(QObject* parent) : EvaluationForm(App::instance(), parent) {}

EvaluationForm::EvaluationForm(App* app, QObject* parent) : QObject(parent), m_app(app) {
    if (m_app) {
        const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(m_app->clock().now())};
        m_year = static_cast<int>(day.year());
        m_quarter = static_cast<int>((static_cast<unsigned>(day.month()) - 1) / 3 + 1);
    }
}

void EvaluationForm::setEmployeeNip(const QString& nip) {
    if (nip != m_employeeNip) {
        m_employeeNip = nip;
        emit changed();
    }
}

void EvaluationForm::setYear(int year) {
    if (year != m_year) {
        m_year = year;
        emit changed();
    }
}

void EvaluationForm::setQuarter(int quarter) {
    if (quarter != m_quarter) {
        m_quarter = quarter;
        emit changed();
    }
}

void EvaluationForm::setWorkResult(const QString& rating) {
    if (rating != m_workResult) {
        m_workResult = rating;
        emit changed();
    }
}

void EvaluationForm::setWorkBehaviour(const QString& rating) {
    if (rating != m_workBehaviour) {
        m_workBehaviour = rating;
        emit changed();
    }
}

QString EvaluationForm::predicate() const {
    const auto result = expectation(m_workResult);
    const auto behaviour = expectation(m_workBehaviour);
    return result && behaviour ? predicateLabel(shared::predicateOf(*result, *behaviour)) : QString();
}

void EvaluationForm::setNote(const QString& note) {
    if (note != m_note) {
        m_note = note;
        emit changed();
    }
}

bool EvaluationForm::submit() {
    QVariantMap errors;
    const auto invalid = errorText(shared::Error(shared::ErrorCode::InvalidArgument));
    const auto result = expectation(m_workResult);
    const auto behaviour = expectation(m_workBehaviour);
    if (!result) {
        errors.insert(QStringLiteral("workResult"), invalid);
    }
    if (!behaviour) {
        errors.insert(QStringLiteral("workBehaviour"), invalid);
    }
    const auto domain = m_app && m_app->store() ? m_app->store()->domain() : nullptr;
    if (!domain || !domain->employee(m_employeeNip.toStdString())) {
        errors.insert(QStringLiteral("employeeNip"), errorText(shared::Error(shared::ErrorCode::NotFound)));
    }
    shared::Evaluation evaluation;
    if (result && behaviour) {
        evaluation.nip = m_employeeNip.toStdString();
        evaluation.year = m_year;
        evaluation.quarter = m_quarter;
        evaluation.resultRating = *result;
        evaluation.behaviourRating = *behaviour;
        evaluation.predicate = shared::predicateOf(*result, *behaviour);
        if (auto checked = shared::checkEvaluation(evaluation); !checked) {
            errors.insert(qstr(checked.error().field), errorText(checked.error()));
        }
    }
    if (!errors.isEmpty()) {
        setErrors(std::move(errors));
        return false;
    }
    evaluation.id = newId(m_app->clock());
    evaluation.appraiserNip = m_app->userNip();
    evaluation.note = m_note.trimmed().toStdString();
    evaluation.evaluatedAt = m_app->clock().now();
    if (auto r = m_app->store()->evaluate(std::move(evaluation)); !r) {
        setErrors({{QStringLiteral("employeeNip"), errorText(r.error())}});
        return false;
    }
    setErrors({});
    m_app->notifyLocalAction();
    m_app->syncNow();
    return true;
}

void EvaluationForm::setErrors(QVariantMap errors) {
    if (errors != m_errors) {
        m_errors = std::move(errors);
        emit errorsChanged();
    }
}

} // namespace jejak::mobile
