// SPDX-License-Identifier: Apache-2.0
// RatingForm: the appraiser's rating of an approved activity (three criteria 1..100, value = their mean).
#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>
#include <QVariantMap>

namespace jejak::mobile {

class App;

class RatingForm : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString activityId READ activityId WRITE setActivityId NOTIFY changed)
    Q_PROPERTY(int substance READ substance WRITE setSubstance NOTIFY changed)
    Q_PROPERTY(int fit READ fit WRITE setFit NOTIFY changed)
    Q_PROPERTY(int systematic READ systematic WRITE setSystematic NOTIFY changed)
    Q_PROPERTY(double value READ value NOTIFY changed)
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)

public:
    /// For QML: works on App::instance().
    explicit RatingForm(QObject* parent = nullptr);
    /// Works on `app` (tests run several devices in one process).
    explicit RatingForm(App* app, QObject* parent = nullptr);

    [[nodiscard]] QString activityId() const { return m_activityId; }
    void setActivityId(const QString& id);
    [[nodiscard]] int substance() const { return m_substance; }
    void setSubstance(int v);
    [[nodiscard]] int fit() const { return m_fit; }
    void setFit(int v);
    [[nodiscard]] int systematic() const { return m_systematic; }
    void setSystematic(int v);
    /// Nilai IKI: the mean of the three, rounded to 2 decimals; 0 while a score is out of range.
    [[nodiscard]] double value() const;
    [[nodiscard]] QVariantMap errors() const { return m_errors; }

    /// Checks the scores (errors "substance", "fit", "systematic", "activityId") and queues the rating.
    Q_INVOKABLE bool submit();

signals:
    void changed();
    void errorsChanged();
    void submitted(const QString& activityId);

private:
    void setErrors(QVariantMap errors);

    QPointer<App> m_app;
    QString m_activityId;
    int m_substance = 80;
    int m_fit = 80;
    int m_systematic = 80;
    QVariantMap m_errors;
};

} // namespace jejak::mobile
