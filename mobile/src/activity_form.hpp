// SPDX-License-Identifier: Apache-2.0
// ActivityForm: creates an activity or edits the user's draft, failed or returned one. Pickers offer only
// the user's active teams and the SKP items linked to the chosen team; the shared rules validate inline;
// photos go through the photo pipeline into the store; the location is recorded when the user allowed it.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>

#include <optional>
#include <vector>

class QGeoPositionInfoSource;

namespace jejak::mobile {

class App;

class ActivityForm : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString activityId READ activityId NOTIFY changed)
    Q_PROPERTY(QString teamId READ teamId WRITE setTeamId NOTIFY changed)
    Q_PROPERTY(QString skpItemId READ skpItemId WRITE setSkpItemId NOTIFY changed)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY changed)
    Q_PROPERTY(double outputQuantity READ outputQuantity WRITE setOutputQuantity NOTIFY changed)
    Q_PROPERTY(QString outputUnit READ outputUnit NOTIFY changed)
    Q_PROPERTY(QDateTime start READ start WRITE setStart NOTIFY changed)
    Q_PROPERTY(QDateTime end READ end WRITE setEnd NOTIFY changed)
    Q_PROPERTY(QString description READ description WRITE setDescription NOTIFY changed)
    Q_PROPERTY(int descriptionLength READ descriptionLength NOTIFY changed)
    Q_PROPERTY(int descriptionMax READ descriptionMax CONSTANT)
    Q_PROPERTY(QVariantList teamOptions READ teamOptions NOTIFY changed)
    Q_PROPERTY(QVariantList skpItemOptions READ skpItemOptions NOTIFY changed)
    Q_PROPERTY(QStringList photos READ photos NOTIFY changed)
    Q_PROPERTY(QString attachmentName READ attachmentName NOTIFY changed)
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY errorsChanged)
    Q_PROPERTY(bool locationAllowed READ locationAllowed NOTIFY changed)
    Q_PROPERTY(bool hasLocation READ hasLocation NOTIFY changed)

public:
    /// For QML: works on App::instance().
    explicit ActivityForm(QObject* parent = nullptr);
    /// Works on `app` (tests run several devices in one process).
    explicit ActivityForm(App* app, QObject* parent = nullptr);

    [[nodiscard]] QString activityId() const { return m_activityId; }
    [[nodiscard]] QString teamId() const { return m_teamId; }
    void setTeamId(const QString& id);
    [[nodiscard]] QString skpItemId() const { return m_skpItemId; }
    void setSkpItemId(const QString& id);
    [[nodiscard]] QString name() const { return m_name; }
    void setName(const QString& name);
    [[nodiscard]] double outputQuantity() const { return m_outputQuantity; }
    void setOutputQuantity(double quantity);
    [[nodiscard]] QString outputUnit() const;
    [[nodiscard]] QDateTime start() const { return m_start; }
    void setStart(const QDateTime& start);
    [[nodiscard]] QDateTime end() const { return m_end; }
    void setEnd(const QDateTime& end);
    [[nodiscard]] QString description() const { return m_description; }
    void setDescription(const QString& description);
    [[nodiscard]] int descriptionLength() const;
    [[nodiscard]] int descriptionMax() const;
    [[nodiscard]] QVariantList teamOptions() const;
    [[nodiscard]] QVariantList skpItemOptions() const;
    [[nodiscard]] QStringList photos() const;
    [[nodiscard]] QString attachmentName() const { return m_attachmentName; }
    [[nodiscard]] QVariantMap errors() const { return m_errors; }
    [[nodiscard]] bool valid() const { return m_errors.isEmpty(); }
    [[nodiscard]] bool locationAllowed() const;
    [[nodiscard]] bool hasLocation() const { return m_location.has_value(); }

    /// Loads a saved activity for editing; false (errors["name"]) when it is unknown.
    Q_INVOKABLE bool load(const QString& activityId);
    /// Adds a photo: scaled to a long edge of 1600 px, JPEG, hashed, stored. False with errors["evidence"].
    Q_INVOKABLE bool addPhotoFile(const QUrl& file);
    Q_INVOKABLE void removePhoto(int index);
    /// Attaches one document (PDF, Office); replaces an earlier one. False with errors["evidence"].
    Q_INVOKABLE bool setAttachmentFile(const QUrl& file);
    /// Runs the shared rules; fills `errors` (field -> message) and returns whether there were none.
    Q_INVOKABLE bool validate();
    /// Saves locally as a draft (incomplete is fine).
    Q_INVOKABLE bool saveDraft();
    /// Validates, saves and queues the activity for sending.
    Q_INVOKABLE bool submit();

    /// The activity as the form holds it now.
    [[nodiscard]] shared::Activity activity() const;

signals:
    void changed();
    void errorsChanged();
    void saved(const QString& activityId);

private:
    void setErrors(QVariantMap errors);
    void setError(const shared::Error& error);
    bool addEvidence(const QByteArray& bytes, const QString& mediaType, shared::EvidenceKind kind);
    void requestLocation();
    [[nodiscard]] shared::Date activityDay() const;

    QPointer<App> m_app;
    QString m_activityId;
    int m_revision = 1;
    shared::Timestamp m_createdAt{};
    QString m_teamId;
    QString m_skpItemId;
    QString m_name;
    double m_outputQuantity = 1;
    QString m_outputUnit;
    QDateTime m_start;
    QDateTime m_end;
    QString m_description;
    std::vector<shared::EvidenceRef> m_evidence;
    QString m_attachmentName;
    std::optional<shared::GeoLocation> m_location;
    QVariantMap m_errors;
    QGeoPositionInfoSource* m_positionSource = nullptr;
};

} // namespace jejak::mobile
