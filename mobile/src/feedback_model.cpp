// SPDX-License-Identifier: Apache-2.0
#include "feedback_model.hpp"

#include "app.hpp"
#include "labels.hpp"

#include "jejak/shared/text.hpp"

namespace jejak::mobile {

FeedbackModel::FeedbackModel(QObject* parent) : FeedbackModel(App::instance(), parent) {}

FeedbackModel::FeedbackModel(App* app, QObject* parent) : QAbstractListModel(parent), m_app(app) {
    if (m_app) {
        connect(m_app, &App::dataChanged, this, &FeedbackModel::reload);
    }
}

int FeedbackModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant FeedbackModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= count()) {
        return {};
    }
    const shared::Feedback& f = m_rows[static_cast<std::size_t>(index.row())];
    switch (static_cast<Role>(role)) {
    case AuthorNameRole: {
        const auto e = m_app && m_app->store() ? m_app->store()->domain()->employee(f.authorNip) : std::nullopt;
        return e ? qstr(e->name) : qstr(f.authorNip);
    }
    case TextRole: return qstr(f.text);
    case AtRole: return toQDateTime(f.postedAt);
    }
    return {};
}

QHash<int, QByteArray> FeedbackModel::roleNames() const {
    return {{AuthorNameRole, "authorName"}, {TextRole, "text"}, {AtRole, "at"}};
}

void FeedbackModel::setSkpItemId(const QString& id) {
    if (id != m_skpItemId) {
        m_skpItemId = id;
        emit skpItemIdChanged();
        reload();
    }
}

bool FeedbackModel::post(const QString& text) {
    if (!m_app || !m_app->store() || m_skpItemId.isEmpty()) {
        setLastError(errorText(shared::Error(shared::ErrorCode::NotFound, "skpItemId")));
        return false;
    }
    if (shared::isBlank(text.toStdString())) {
        setLastError(errorText(shared::Error(shared::ErrorCode::InvalidArgument, "text")));
        return false;
    }
    shared::Feedback feedback{newId(m_app->clock()), m_skpItemId.toStdString(), m_app->userNip(),
                              text.trimmed().toStdString(), m_app->clock().now()};
    if (auto r = m_app->store()->postFeedback(std::move(feedback)); !r) {
        setLastError(errorText(r.error()));
        return false;
    }
    setLastError(QString());
    m_app->notifyLocalAction(); // reloads this model through App::dataChanged
    m_app->syncNow();
    return true;
}

void FeedbackModel::reload() {
    std::vector<shared::Feedback> rows;
    if (m_app && m_app->store() && !m_skpItemId.isEmpty()) {
        rows = m_app->store()->feedback(m_skpItemId.toStdString());
    }
    const int before = count();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (before != count()) {
        emit countChanged();
    }
}

void FeedbackModel::setLastError(const QString& error) {
    if (error != m_lastError) {
        m_lastError = error;
        emit lastErrorChanged();
    }
}

} // namespace jejak::mobile
