// SPDX-License-Identifier: Apache-2.0
// ReviewController: the Ketua's decisions on submissions in the inbox. Each decision commits locally and is
// queued; it names the revision the reviewer saw (a stale one comes back with its reason).
#pragma once

#include "jejak/shared/model.hpp"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>
#include <QStringList>

namespace jejak::mobile {

class App;

class ReviewController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    /// For QML: works on App::instance().
    explicit ReviewController(QObject* parent = nullptr);
    /// Works on `app` (tests run several devices in one process).
    explicit ReviewController(App* app, QObject* parent = nullptr);

    [[nodiscard]] QString lastError() const { return m_lastError; }

    Q_INVOKABLE bool approve(const QString& activityId);
    /// Returns the activity to its author with a note (required).
    Q_INVOKABLE bool returnActivity(const QString& activityId, const QString& note);
    /// Rejects with a reason (required).
    Q_INVOKABLE bool reject(const QString& activityId, const QString& reason);
    /// Approves each; the number approved (lastError tells the last failure).
    Q_INVOKABLE int approveMany(const QStringList& ids);

signals:
    void lastErrorChanged();

private:
    bool decide(const QString& activityId, shared::Decision decision, const QString& note, bool notify);
    void setLastError(const QString& error);

    QPointer<App> m_app;
    QString m_lastError;
};

} // namespace jejak::mobile
