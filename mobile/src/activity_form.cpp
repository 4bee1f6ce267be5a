// SPDX-License-Identifier: Apache-2.0
#include "activity_form.hpp"

#include "app.hpp"
#include "labels.hpp"
#include "photo_pipeline.hpp"

#include "jejak/shared/org.hpp"
#include "jejak/shared/text.hpp"
#include "jejak/shared/validation.hpp"

#include <QFile>
#include <QFileInfo>
#include <QGeoPositionInfoSource>
#include <QMimeDatabase>
#include <QRegularExpression>

#include <chrono>

namespace jejak::mobile {

namespace {

const QStringList kFormFields = {QStringLiteral("teamId"),      QStringLiteral("skpItemId"),
                                 QStringLiteral("name"),        QStringLiteral("description"),
                                 QStringLiteral("outputQuantity"), QStringLiteral("outputUnit"),
                                 QStringLiteral("start"),       QStringLiteral("end"),
                                 QStringLiteral("evidence")};

/// The form field an error's field belongs to: "evidence[1].sha256" -> "evidence"; others -> "form".
QString formField(const std::string& field) {
    QString f = qstr(field);
    const auto cut = f.indexOf(QRegularExpression(QStringLiteral("[\\[.]")));
    if (cut >= 0) {
        f = f.left(cut);
    }
    return kFormFields.contains(f) ? f : QStringLiteral("form");
}

void addMessage(QVariantMap& errors, const QString& field, const QString& message) {
    const QString before = errors.value(field).toString();
    errors.insert(field, before.isEmpty() ? message : before + QLatin1Char('\n') + message);
}

std::optional<std::string> optionalId(const QString& id) {
    return id.isEmpty() ? std::nullopt : std::optional<std::string>(id.toStdString());
}

QString localFile(const QUrl& url) {
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
}

} // namespace

ActivityForm::ActivityForm(QObject* parent) : ActivityForm(App::instance(), parent) {}

ActivityForm::ActivityForm(App* app, QObject* parent) : QObject(parent), m_app(app) {
    const QDateTime now = m_app ? toQDateTime(m_app->clock().now()) : QDateTime::currentDateTime();
    m_end = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() / 60 * 60);
    m_start = m_end.addSecs(-3600);
    if (m_app) {
        m_createdAt = m_app->clock().now();
    }
    requestLocation();
}

void ActivityForm::setTeamId(const QString& id) {
    if (id == m_teamId) {
        return;
    }
    m_teamId = id;
    // An item that is not linked to the new team cannot stay chosen.
    bool linked = false;
    for (const auto& option : skpItemOptions()) {
        linked = linked || option.toMap().value(QStringLiteral("id")).toString() == m_skpItemId;
    }
    if (!linked) {
        m_skpItemId.clear();
    }
    emit changed();
}

void ActivityForm::setSkpItemId(const QString& id) {
    if (id != m_skpItemId) {
        m_skpItemId = id;
        emit changed();
    }
}

void ActivityForm::setName(const QString& name) {
    if (name != m_name) {
        m_name = name;
        emit changed();
    }
}

void ActivityForm::setOutputQuantity(double quantity) {
    if (quantity != m_outputQuantity) {
        m_outputQuantity = quantity;
        emit changed();
    }
}

QString ActivityForm::outputUnit() const {
    if (m_app && m_app->store() && !m_skpItemId.isEmpty()) {
        if (const auto item = m_app->store()->domain()->skpItem(m_skpItemId.toStdString())) {
            return qstr(item->quantityUnit);
        }
    }
    return m_outputUnit;
}

void ActivityForm::setStart(const QDateTime& start) {
    if (start != m_start) {
        m_start = start;
        emit changed();
    }
}

void ActivityForm::setEnd(const QDateTime& end) {
    if (end != m_end) {
        m_end = end;
        emit changed();
    }
}

void ActivityForm::setDescription(const QString& description) {
    if (description != m_description) {
        m_description = description;
        emit changed();
    }
}

int ActivityForm::descriptionLength() const {
    return static_cast<int>(m_description.toUcs4().size());
}

int ActivityForm::descriptionMax() const {
    return static_cast<int>(shared::kMaxDescriptionCodePoints);
}

shared::Date ActivityForm::activityDay() const {
    int offset = 7 * 60;
    if (m_app && m_app->store()) {
        const auto domain = m_app->store()->domain();
        if (const auto employee = domain->employee(m_app->userNip())) {
            if (const auto instansi = shared::instansiOf(*domain, *employee)) {
                offset = instansi->utcOffsetMinutes;
            }
        }
    }
    return shared::localDate(toTimestamp(m_start), offset);
}

QVariantList ActivityForm::teamOptions() const {
    QVariantList options;
    if (!m_app || !m_app->store()) {
        return options;
    }
    const auto domain = m_app->store()->domain();
    const shared::Date day = activityDay();
    for (const auto& m : domain->membershipsOf(m_app->userNip())) {
        const auto team = domain->team(m.teamId);
        if (team && shared::isActiveOn(m, day) && shared::periodContains(*team, day)) {
            options << QVariantMap{{QStringLiteral("id"), qstr(team->id)}, {QStringLiteral("name"), qstr(team->name)}};
        }
    }
    return options;
}

QVariantList ActivityForm::skpItemOptions() const {
    QVariantList options;
    if (!m_app || !m_app->store()) {
        return options;
    }
    const auto domain = m_app->store()->domain();
    const shared::Bundle& bundle = domain->bundle();
    const std::string me = m_app->userNip();
    for (const auto& skp : bundle.skps) {
        if (skp.nip != me) {
            continue;
        }
        for (const auto& item : bundle.skpItems) {
            if (item.skpId != skp.id || (!m_teamId.isEmpty() &&
                                         !shared::cascadesFromTeam(*domain, item, m_teamId.toStdString()))) {
                continue;
            }
            options << QVariantMap{{QStringLiteral("id"), qstr(item.id)},
                                   {QStringLiteral("name"), qstr(item.statement)},
                                   {QStringLiteral("unit"), qstr(item.quantityUnit)}};
        }
    }
    return options;
}

QStringList ActivityForm::photos() const {
    QStringList urls;
    for (const auto& e : m_evidence) {
        if (e.kind != shared::EvidenceKind::Photo) {
            continue;
        }
        const auto path = m_app && m_app->store() ? m_app->store()->blobPath(e.sha256) : std::nullopt;
        urls << (path ? QUrl::fromLocalFile(qstr(*path)).toString() : QStringLiteral("image://evidence/") + qstr(e.sha256));
    }
    return urls;
}

bool ActivityForm::locationAllowed() const {
    return m_app && m_app->locationAllowed();
}

bool ActivityForm::load(const QString& activityId) {
    const auto a = m_app && m_app->store() ? m_app->store()->activity(activityId.toStdString()) : std::nullopt;
    if (!a) {
        setErrors({{QStringLiteral("name"), errorText(shared::Error(shared::ErrorCode::NotFound))}});
        return false;
    }
    const shared::Activity& act = a->activity;
    m_activityId = qstr(act.id);
    m_revision = act.revision;
    m_createdAt = act.createdAt;
    m_teamId = act.teamId ? qstr(*act.teamId) : QString();
    m_skpItemId = act.skpItemId ? qstr(*act.skpItemId) : QString();
    m_name = qstr(act.name);
    m_outputQuantity = act.outputQuantity;
    m_outputUnit = qstr(act.outputUnit);
    m_start = toQDateTime(act.start);
    m_end = toQDateTime(act.end);
    m_description = qstr(act.description);
    m_evidence = act.evidence;
    m_attachmentName.clear();
    for (const auto& e : m_evidence) {
        if (e.kind == shared::EvidenceKind::Attachment) {
            m_attachmentName = qstr(e.mediaType);
        }
    }
    m_location = act.location;
    setErrors({});
    emit changed();
    return true;
}

bool ActivityForm::addEvidence(const QByteArray& bytes, const QString& mediaType, shared::EvidenceKind kind) {
    if (!m_app || !m_app->store()) {
        setErrors({{QStringLiteral("evidence"), errorText(shared::Error(shared::ErrorCode::Internal))}});
        return false;
    }
    auto ref = m_app->store()->addEvidence(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                                           mediaType.toStdString(), kind, m_app->clock().now());
    if (!ref) {
        setError(ref.error());
        return false;
    }
    if (kind == shared::EvidenceKind::Attachment) {
        std::erase_if(m_evidence, [](const auto& e) { return e.kind == shared::EvidenceKind::Attachment; });
    }
    m_evidence.push_back(std::move(ref).value());
    m_errors.remove(QStringLiteral("evidence"));
    emit errorsChanged();
    emit changed();
    return true;
}

bool ActivityForm::addPhotoFile(const QUrl& file) {
    auto photo = processPhotoFile(localFile(file));
    if (!photo) {
        setError(photo.error());
        return false;
    }
    requestLocation();
    return addEvidence(photo->jpeg, QStringLiteral("image/jpeg"), shared::EvidenceKind::Photo);
}

void ActivityForm::removePhoto(int index) {
    int photo = 0;
    for (auto it = m_evidence.begin(); it != m_evidence.end(); ++it) {
        if (it->kind == shared::EvidenceKind::Photo && photo++ == index) {
            m_evidence.erase(it);
            emit changed();
            return;
        }
    }
}

bool ActivityForm::setAttachmentFile(const QUrl& file) {
    const QString path = localFile(file);
    QFile f(path);
    const QString mediaType = QMimeDatabase().mimeTypeForFile(path).name();
    if (!shared::isAllowedMediaType(shared::EvidenceKind::Attachment, mediaType.toStdString())) {
        setError(shared::Error(shared::ErrorCode::EvidenceInvalid, "evidence", "media type " + mediaType.toStdString()));
        return false;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        setError(shared::Error(shared::ErrorCode::NotFound, "evidence", "cannot read " + path.toStdString()));
        return false;
    }
    if (!addEvidence(f.readAll(), mediaType, shared::EvidenceKind::Attachment)) {
        return false;
    }
    m_attachmentName = QFileInfo(path).fileName();
    emit changed();
    return true;
}

shared::Activity ActivityForm::activity() const {
    shared::Activity a;
    a.id = m_activityId.toStdString();
    a.revision = m_revision;
    a.nip = m_app ? m_app->userNip() : std::string();
    a.name = m_name.trimmed().toStdString();
    a.teamId = optionalId(m_teamId);
    a.skpItemId = optionalId(m_skpItemId);
    a.outputQuantity = m_outputQuantity;
    a.outputUnit = outputUnit().toStdString();
    a.start = toTimestamp(m_start);
    a.end = toTimestamp(m_end);
    a.description = m_description.toStdString();
    a.location = m_location;
    a.evidence = m_evidence;
    a.createdAt = m_createdAt;
    return a;
}

bool ActivityForm::validate() {
    if (!m_app || !m_app->store()) {
        setErrors({{QStringLiteral("form"), errorText(shared::Error(shared::ErrorCode::Internal))}});
        return false;
    }
    const auto report = shared::validateActivity(activity(), *m_app->store()->domain(), m_app->clock());
    QVariantMap errors;
    for (const auto& e : report.errors) {
        addMessage(errors, formField(e.field), errorText(e));
    }
    setErrors(std::move(errors));
    return valid();
}

bool ActivityForm::saveDraft() {
    if (!m_app || !m_app->store()) {
        setErrors({{QStringLiteral("form"), errorText(shared::Error(shared::ErrorCode::Internal))}});
        return false;
    }
    if (m_activityId.isEmpty()) {
        m_activityId = qstr(newId(m_app->clock()));
        emit changed();
    }
    auto saved = m_app->store()->saveDraft(activity());
    if (!saved) {
        setError(saved.error());
        return false;
    }
    m_revision = saved->activity.revision;
    m_app->notifyActivityChanged(m_activityId.toStdString());
    emit this->saved(m_activityId);
    return true;
}

bool ActivityForm::submit() {
    if (!validate() || !saveDraft()) {
        return false;
    }
    auto submitted = m_app->store()->submit(m_activityId.toStdString());
    if (!submitted) {
        setError(submitted.error());
        return false;
    }
    m_app->notifyActivityChanged(m_activityId.toStdString());
    m_app->syncNow();
    return true;
}

void ActivityForm::setErrors(QVariantMap errors) {
    if (errors != m_errors) {
        m_errors = std::move(errors);
        emit errorsChanged();
    }
}

void ActivityForm::setError(const shared::Error& error) {
    QVariantMap errors;
    addMessage(errors, formField(error.field), errorText(error));
    setErrors(std::move(errors));
}

void ActivityForm::requestLocation() {
    if (!locationAllowed() || m_location) {
        return;
    }
    if (m_positionSource == nullptr) {
        m_positionSource = QGeoPositionInfoSource::createDefaultSource(this);
        if (m_positionSource == nullptr) {
            return; // no location source on this device: no location, no error
        }
        connect(m_positionSource, &QGeoPositionInfoSource::positionUpdated, this,
                [this](const QGeoPositionInfo& info) {
                    if (!info.isValid()) {
                        return;
                    }
                    const double accuracy = info.hasAttribute(QGeoPositionInfo::HorizontalAccuracy)
                                                ? info.attribute(QGeoPositionInfo::HorizontalAccuracy)
                                                : 0.0;
                    m_location = shared::GeoLocation{info.coordinate().latitude(), info.coordinate().longitude(),
                                                     accuracy};
                    emit changed();
                });
    }
    m_positionSource->requestUpdate(10'000);
}

} // namespace jejak::mobile
