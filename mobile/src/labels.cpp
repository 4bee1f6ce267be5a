// SPDX-License-Identifier: Apache-2.0
#include "labels.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/uuid.hpp"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <atomic>
#include <cstddef>

namespace jejak::mobile {

namespace {

std::atomic<shared::Language> g_language{shared::Language::Indonesian};

} // namespace

void setLanguage(shared::Language language) noexcept {
    g_language.store(language);
}

shared::Language language() noexcept {
    return g_language.load();
}

QString qstr(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QDateTime toQDateTime(shared::Timestamp t) {
    return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count());
}

shared::Timestamp toTimestamp(const QDateTime& t) {
    return shared::Timestamp(shared::Milliseconds(t.toMSecsSinceEpoch()));
}

QString errorText(const shared::Error& error) {
    return qstr(shared::userMessage(error.code, language()));
}

QString errorText(const sync::ErrorBody& error) {
    return errorText(sync::toError(error));
}

QString errorTextOfCode(const QString& code) {
    shared::ErrorCode parsed{};
    if (!shared::parseErrorCode(code.toStdString(), parsed)) {
        return {};
    }
    return qstr(shared::userMessage(parsed, language()));
}

QString syncStateName(sync::SyncState state) {
    return qstr(sync::toString(state));
}

QString syncStateLabel(sync::SyncState state) {
    switch (state) {
    case sync::SyncState::Draft: return QCoreApplication::translate("Labels", "Draf");
    case sync::SyncState::Queued: return QCoreApplication::translate("Labels", "Menunggu kirim");
    case sync::SyncState::Uploading: return QCoreApplication::translate("Labels", "Mengunggah");
    case sync::SyncState::Synced: return QCoreApplication::translate("Labels", "Terkirim");
    case sync::SyncState::Returned: return QCoreApplication::translate("Labels", "Dikembalikan");
    case sync::SyncState::Rejected: return QCoreApplication::translate("Labels", "Ditolak");
    case sync::SyncState::Error: return QCoreApplication::translate("Labels", "Gagal");
    }
    return {};
}

QString workflowStateName(shared::ActivityState state) {
    return qstr(shared::enumNames(state)[static_cast<std::size_t>(state)]);
}

QString predicateLabel(shared::Predicate predicate) {
    switch (predicate) {
    case shared::Predicate::SangatBaik: return QCoreApplication::translate("Labels", "Sangat Baik");
    case shared::Predicate::Baik: return QCoreApplication::translate("Labels", "Baik");
    case shared::Predicate::ButuhPerbaikan: return QCoreApplication::translate("Labels", "Butuh Perbaikan");
    case shared::Predicate::Kurang: return QCoreApplication::translate("Labels", "Kurang/Misconduct");
    case shared::Predicate::SangatKurang: return QCoreApplication::translate("Labels", "Sangat Kurang");
    }
    return {};
}

std::string newId(const shared::Clock& clock) {
    auto* random = QRandomGenerator::system();
    return shared::makeUuidV7(clock.now(), random->generate64(), random->generate64());
}

} // namespace jejak::mobile
