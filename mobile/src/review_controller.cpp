// SPDX-License-Identifier: Apache-2.0
#include "review_controller.hpp"

#include "app.hpp"
#include "labels.hpp"

#include "jejak/shared/text.hpp"

namespace jejak::mobile {

ReviewController::ReviewController(QObject* parent) : ReviewController(App::instance(), parent) {}

ReviewController::ReviewController(App* app, QObject* parent) : QObject(parent), m_app(app) {}

bool ReviewController::approve(const QString& activityId) {
    return decide(activityId, shared::Decision::Approve, QString(), true);
}

bool ReviewController::returnActivity(const QString& activityId, const QString& note) {
    return decide(activityId, shared::Decision::Return, note, true);
}

bool ReviewController::reject(const QString& activityId, const QString& reason) {
    return decide(activityId, shared::Decision::Reject, reason, true);
}

int ReviewController::approveMany(const QStringList& ids) {
    int approved = 0;
    QString failure;
    for (const auto& id : ids) {
        if (decide(id, shared::Decision::Approve, QString(), false)) {
            ++approved;
        } else {
            failure = m_lastError;
        }
    }
    setLastError(failure);
    if (m_app) {
        for (const auto& id : ids) {
            m_app->notifyActivityChanged(id.toStdString());
        }
        m_app->syncNow();
    }
    return approved;
}

bool ReviewController::decide(const QString& activityId, shared::Decision decision, const QString& note,
                              bool notify) {
    if (!m_app || !m_app->store()) {
        setLastError(errorText(shared::Error(shared::ErrorCode::Internal)));
        return false;
    }
    const auto a = m_app->store()->activity(activityId.toStdString());
    if (!a) {
        setLastError(errorText(shared::Error(shared::ErrorCode::NotFound, "activityId")));
        return false;
    }
    if (decision != shared::Decision::Approve && shared::isBlank(note.toStdString())) {
        setLastError(errorText(shared::Error(shared::ErrorCode::NoteRequired, "note")));
        return false;
    }
    shared::Review review;
    review.id = newId(m_app->clock());
    review.activityId = a->activity.id;
    review.revision = a->activity.revision;
    review.reviewerNip = m_app->userNip();
    review.decision = decision;
    review.note = note.trimmed().toStdString();
    review.decidedAt = m_app->clock().now();
    if (auto r = m_app->store()->decide(std::move(review)); !r) {
        setLastError(errorText(r.error()));
        return false;
    }
    setLastError(QString());
    if (notify) {
        m_app->notifyActivityChanged(activityId.toStdString());
        m_app->syncNow();
    }
    return true;
}

void ReviewController::setLastError(const QString& error) {
    if (error != m_lastError) {
        m_lastError = error;
        emit lastErrorChanged();
    }
}

} // namespace jejak::mobile
