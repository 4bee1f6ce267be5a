// SPDX-License-Identifier: Apache-2.0
#include "offline_unlock.hpp"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QSaveFile>

namespace jejak::mobile {

namespace {

constexpr int kIterations = 100'000;
constexpr quint64 kKeyBytes = 32;

QByteArray derive(const QString& password, const QByteArray& salt, int iterations) {
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt, iterations,
                                              kKeyBytes);
}

std::optional<QJsonObject> readObject(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject()) {
        return std::nullopt;
    }
    return doc.object();
}

LastUser userOf(const QJsonObject& o) {
    return {o.value(QStringLiteral("nip")).toString(), o.value(QStringLiteral("name")).toString(),
            o.value(QStringLiteral("roles")).toVariant().toStringList()};
}

} // namespace

OfflineUnlock::OfflineUnlock(const QString& dataDir) : m_path(dataDir + QStringLiteral("/offline_unlock.json")) {}

bool OfflineUnlock::remember(const LastUser& user, const QString& password) const {
    QByteArray salt(16, '\0');
    for (auto& byte : salt) {
        byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    }
    QJsonObject o;
    o.insert(QStringLiteral("nip"), user.nip);
    o.insert(QStringLiteral("name"), user.name);
    o.insert(QStringLiteral("roles"), QJsonArray::fromStringList(user.roles));
    o.insert(QStringLiteral("salt"), QString::fromLatin1(salt.toBase64()));
    o.insert(QStringLiteral("iterations"), kIterations);
    o.insert(QStringLiteral("key"), QString::fromLatin1(derive(password, salt, kIterations).toBase64()));
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        return false;
    }
    file.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    return file.commit();
}

std::optional<LastUser> OfflineUnlock::lastUser() const {
    const auto o = readObject(m_path);
    if (!o) {
        return std::nullopt;
    }
    return userOf(*o);
}

std::optional<LastUser> OfflineUnlock::unlock(const QString& password) const {
    const auto o = readObject(m_path);
    if (!o) {
        return std::nullopt;
    }
    const QByteArray salt = QByteArray::fromBase64(o->value(QStringLiteral("salt")).toString().toLatin1());
    const QByteArray key = QByteArray::fromBase64(o->value(QStringLiteral("key")).toString().toLatin1());
    const int iterations = o->value(QStringLiteral("iterations")).toInt();
    if (salt.isEmpty() || key.isEmpty() || iterations <= 0 || derive(password, salt, iterations) != key) {
        return std::nullopt;
    }
    return userOf(*o);
}

} // namespace jejak::mobile
