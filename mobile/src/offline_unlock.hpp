// SPDX-License-Identifier: Apache-2.0
// The verifier that lets the last user unlock the app offline: a salted PBKDF2-HMAC-SHA256 of the password
// of their last successful login, with their NIP, name and roles, in one file of the data directory.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace jejak::mobile {

struct LastUser {
    QString nip;
    QString name;
    QStringList roles;
};

class OfflineUnlock {
public:
    /// The verifier file in `dataDir`.
    explicit OfflineUnlock(const QString& dataDir);
    /// Replaces the verifier after a successful online login. False when the file cannot be written.
    bool remember(const LastUser& user, const QString& password) const;
    /// The last user, when a verifier exists.
    [[nodiscard]] std::optional<LastUser> lastUser() const;
    /// The last user when `password` matches the verifier.
    [[nodiscard]] std::optional<LastUser> unlock(const QString& password) const;

private:
    QString m_path;
};

} // namespace jejak::mobile
