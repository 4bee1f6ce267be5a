// SPDX-License-Identifier: Apache-2.0
// Conversions between the sync core's values and what QML shows: times, ids, and user-facing text in the
// current language (Indonesian first, English through the translation in i18n/jejak_en.ts).
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/protocol.hpp"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <string_view>

namespace jejak::mobile {

/// The language of user-facing text made in C++ (error messages from error_codes.def). Set by App.
void setLanguage(shared::Language language) noexcept;
[[nodiscard]] shared::Language language() noexcept;

[[nodiscard]] QString qstr(std::string_view s);
[[nodiscard]] QDateTime toQDateTime(shared::Timestamp t);
[[nodiscard]] shared::Timestamp toTimestamp(const QDateTime& t);

/// The message of an error in the current language (the registry's, with the field it concerns).
[[nodiscard]] QString errorText(const shared::Error& error);
[[nodiscard]] QString errorText(const sync::ErrorBody& error);
/// The message of a stable code ("activity.too_late") in the current language; empty for an unknown code.
[[nodiscard]] QString errorTextOfCode(const QString& code);

/// "draft", "queued", ... as in SyncState.
[[nodiscard]] QString syncStateName(sync::SyncState state);
/// Translated label of a sync state ("Draf", "Antre", ...).
[[nodiscard]] QString syncStateLabel(sync::SyncState state);
/// "submitted", "approved", ... as on the wire.
[[nodiscard]] QString workflowStateName(shared::ActivityState state);
/// Translated label of a 6/2022 predicate.
[[nodiscard]] QString predicateLabel(shared::Predicate predicate);

/// A fresh UUIDv7 for a record made on this device.
[[nodiscard]] std::string newId(const shared::Clock& clock);

} // namespace jejak::mobile
