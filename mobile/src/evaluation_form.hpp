// SPDX-License-Identifier: Apache-2.0
// EvaluationForm: the appraiser's quarterly evaluation of an employee, with the PermenPANRB 6/2022
// predicate shown live as the two ratings are chosen.
#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>
#include <QVariantMap>

namespace jejak::mobile {

class App;

class EvaluationForm : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString employeeNip READ employeeNip WRITE setEmployeeNip NOTIFY changed)
    Q_PROPERTY(int year READ year WRITE setYear NOTIFY changed)
    Q_PROPERTY(int quarter READ quarter WRITE setQuarter NOTIFY changed)
    Q_PROPERTY(QString workResult READ workResult WRITE setWorkResult NOTIFY changed)
    Q_PROPERTY(QString workBehaviour READ workBehaviour WRITE setWorkBehaviour NOTIFY changed)
    Q_PROPERTY(QString predicate READ predicate NOTIFY changed)
    Q_PROPERTY(QString note READ note WRITE setNote NOTIFY changed)
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)

public:
    /// For QML: works on App::instance().
    explicit EvaluationForm(QObject* parent = nullptr);
    /// Works on `app` (tests run several devices in one process).
    explicit EvaluationForm(App* app, QObject* parent = nullptr);

    [[nodiscard]] QString employeeNip() const { return m_employeeNip; }
    void setEmployeeNip(const QString& nip);
    [[nodiscard]] int year() const { return m_year; }
    void setYear(int year);
    [[nodiscard]] int quarter() const { return m_quarter; }
    void setQuarter(int quarter);
    /// "above" | "as" | "below"
    [[nodiscard]] QString workResult() const { return m_workResult; }
    void setWorkResult(const QString& rating);
    [[nodiscard]] QString workBehaviour() const { return m_workBehaviour; }
    void setWorkBehaviour(const QString& rating);
    /// Translated label of the predicate of the two ratings.
    [[nodiscard]] QString predicate() const;
    [[nodiscard]] QString note() const { return m_note; }
    void setNote(const QString& note);
    [[nodiscard]] QVariantMap errors() const { return m_errors; }

    /// Checks (errors "employeeNip", "year", "quarter", "workResult", "workBehaviour") and queues it.
    Q_INVOKABLE bool submit();

signals:
    void changed();
    void errorsChanged();

private:
    void setErrors(QVariantMap errors);

    QPointer<App> m_app;
    QString m_employeeNip;
    int m_year = 0;
    int m_quarter = 1;
    QString m_workResult = QStringLiteral("as");
    QString m_workBehaviour = QStringLiteral("as");
    QString m_note;
    QVariantMap m_errors;
};

} // namespace jejak::mobile
