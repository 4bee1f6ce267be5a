// SPDX-License-Identifier: Apache-2.0
#include "rating_form.hpp"

#include "app.hpp"
#include "labels.hpp"

#include "jejak/shared/rating.hpp"

namespace jejak::mobile {

RatingForm::RatingForm(QObject* parent) : RatingForm(App::instance(), parent) {}

RatingForm::RatingForm(App* app, QObject* parent) : QObject(parent), m_app(app) {}

void RatingForm::setActivityId(const QString& id) {
    if (id != m_activityId) {
        m_activityId = id;
        emit changed();
    }
}

void RatingForm::setSubstance(int v) {
    if (v != m_substance) {
        m_substance = v;
        emit changed();
    }
}

void RatingForm::setFit(int v) {
    if (v != m_fit) {
        m_fit = v;
        emit changed();
    }
}

void RatingForm::setSystematic(int v) {
    if (v != m_systematic) {
        m_systematic = v;
        emit changed();
    }
}

double RatingForm::value() const {
    const shared::IkiScores scores{m_substance, m_fit, m_systematic};
    return shared::checkScores(scores) ? shared::ikiValue(scores) : 0.0;
}

bool RatingForm::submit() {
    QVariantMap errors;
    const auto outOfRange = errorText(shared::Error(shared::ErrorCode::ScoreOutOfRange));
    const std::pair<const char*, int> fields[] = {{"substance", m_substance}, {"fit", m_fit}, {"systematic", m_systematic}};
    for (const auto& [field, score] : fields) {
        if (score < shared::kMinScore || score > shared::kMaxScore) {
            errors.insert(QLatin1String(field), outOfRange);
        }
    }
    const auto a = m_app && m_app->store() ? m_app->store()->activity(m_activityId.toStdString()) : std::nullopt;
    if (!a) {
        errors.insert(QStringLiteral("activityId"), errorText(shared::Error(shared::ErrorCode::NotFound)));
    }
    if (!errors.isEmpty()) {
        setErrors(std::move(errors));
        return false;
    }
    shared::Rating rating;
    rating.id = newId(m_app->clock());
    rating.activityId = a->activity.id;
    rating.appraiserNip = m_app->userNip();
    rating.scores = {m_substance, m_fit, m_systematic};
    rating.ratedAt = m_app->clock().now();
    if (auto r = m_app->store()->rate(std::move(rating)); !r) {
        setErrors({{QStringLiteral("activityId"), errorText(r.error())}});
        return false;
    }
    setErrors({});
    m_app->notifyActivityChanged(a->activity.id);
    m_app->syncNow();
    emit submitted(m_activityId);
    return true;
}

void RatingForm::setErrors(QVariantMap errors) {
    if (errors != m_errors) {
        m_errors = std::move(errors);
        emit errorsChanged();
    }
}

} // namespace jejak::mobile
