// SPDX-License-Identifier: Apache-2.0
// FeedbackModel: the continuous-feedback thread of one SKP item, oldest first; post() adds a message.
#pragma once

#include "jejak/shared/model.hpp"

#include <QAbstractListModel>
#include <QPointer>
#include <QQmlEngine>
#include <QString>

#include <vector>

namespace jejak::mobile {

class App;

class FeedbackModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString skpItemId READ skpItemId WRITE setSkpItemId NOTIFY skpItemIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    enum Role { AuthorNameRole = Qt::UserRole + 1, TextRole, AtRole };

    /// For QML: works on App::instance().
    explicit FeedbackModel(QObject* parent = nullptr);
    /// Works on `app` (tests run several devices in one process).
    explicit FeedbackModel(App* app, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString skpItemId() const { return m_skpItemId; }
    void setSkpItemId(const QString& id);
    [[nodiscard]] int count() const { return static_cast<int>(m_rows.size()); }
    [[nodiscard]] QString lastError() const { return m_lastError; }

    /// Posts a message to the thread (committed locally, queued); false with lastError when it is blank.
    Q_INVOKABLE bool post(const QString& text);
    void reload();

signals:
    void skpItemIdChanged();
    void countChanged();
    void lastErrorChanged();

private:
    void setLastError(const QString& error);

    QPointer<App> m_app;
    QString m_skpItemId;
    std::vector<shared::Feedback> m_rows;
    QString m_lastError;
};

} // namespace jejak::mobile
