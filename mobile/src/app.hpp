// SPDX-License-Identifier: Apache-2.0
// App: the QML singleton that owns the device's store, the sync engine with the Qt transport and its
// scheduler, the session (login, remembered session, offline unlock), live notifications, the language,
// and the list models the pages show.
#pragma once

#include "offline_unlock.hpp"
#include "qt_transport.hpp"

#include "jejak/shared/time.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/engine.hpp"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QTranslator>
#include <QWebSocket>

#include <chrono>
#include <memory>

namespace jejak::mobile {

class ActivityListModel;
class ProgressModel;

struct AppOptions {
    QString dataDir;                       ///< the store (client.db, blobs/), settings and the unlock verifier
    const shared::Clock* clock = nullptr;  ///< the device clock (SystemClock in the app; tests fix it)
    bool backgroundSync = true;            ///< run a SyncScheduler (off: only syncNow() syncs, on a worker)
    std::chrono::milliseconds syncInterval{std::chrono::minutes(5)};
    QString deviceName = QStringLiteral("Jejak Kinerja mobile");
};

class App : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(bool loggedIn READ loggedIn NOTIFY sessionChanged)
    Q_PROPERTY(QString nip READ nip NOTIFY sessionChanged)
    Q_PROPERTY(QString name READ name NOTIFY sessionChanged)
    Q_PROPERTY(QStringList roles READ roles NOTIFY sessionChanged)
    Q_PROPERTY(bool isKetua READ isKetua NOTIFY sessionChanged)
    Q_PROPERTY(bool isAppraiser READ isAppraiser NOTIFY sessionChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY sessionChanged)
    Q_PROPERTY(bool canUnlockOffline READ canUnlockOffline NOTIFY sessionChanged)
    Q_PROPERTY(QString lastNip READ lastNip NOTIFY sessionChanged)
    Q_PROPERTY(bool online READ online NOTIFY syncStatusChanged)
    Q_PROPERTY(bool syncing READ syncing NOTIFY syncStatusChanged)
    Q_PROPERTY(int queuedCount READ queuedCount NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 bytesSent READ bytesSent NOTIFY syncStatusChanged)
    Q_PROPERTY(qint64 bytesTotal READ bytesTotal NOTIFY syncStatusChanged)
    Q_PROPERTY(QDateTime lastSync READ lastSync NOTIFY syncStatusChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY syncStatusChanged)
    Q_PROPERTY(QString language READ language NOTIFY languageChanged)
    Q_PROPERTY(bool locationAllowed READ locationAllowed WRITE setLocationAllowed NOTIFY locationAllowedChanged)
    Q_PROPERTY(QObject* myActivities READ myActivities CONSTANT)
    Q_PROPERTY(QObject* inbox READ inbox CONSTANT)
    Q_PROPERTY(QObject* appraisals READ appraisals CONSTANT)
    Q_PROPERTY(QObject* progress READ progress CONSTANT)

public:
    /// Opens the store in options.dataDir (lastError tells when that failed) and resumes a remembered
    /// session. The first App made becomes instance().
    explicit App(AppOptions options, QObject* parent = nullptr);
    ~App() override;

    /// The instance QML sees as `App`.
    [[nodiscard]] static App* instance();
    /// QML singleton factory: the instance made by main.cpp or the test.
    static App* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    [[nodiscard]] bool loggedIn() const { return m_loggedIn; }
    [[nodiscard]] QString nip() const { return m_user.nip; }
    [[nodiscard]] QString name() const { return m_user.name; }
    [[nodiscard]] QStringList roles() const { return m_user.roles; }
    [[nodiscard]] bool isKetua() const;
    [[nodiscard]] bool isAppraiser() const;
    [[nodiscard]] QString serverUrl() const;
    [[nodiscard]] bool canUnlockOffline() const;
    [[nodiscard]] QString lastNip() const;
    [[nodiscard]] bool online() const { return m_online; }
    [[nodiscard]] bool syncing() const { return m_syncing; }
    [[nodiscard]] int queuedCount() const { return m_queuedCount; }
    [[nodiscard]] qint64 bytesSent() const { return m_bytesSent; }
    [[nodiscard]] qint64 bytesTotal() const { return m_bytesTotal; }
    [[nodiscard]] QDateTime lastSync() const { return m_lastSync; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QString language() const { return m_language; }
    [[nodiscard]] bool locationAllowed() const;
    void setLocationAllowed(bool allowed);
    [[nodiscard]] QObject* myActivities() const;
    [[nodiscard]] QObject* inbox() const;
    [[nodiscard]] QObject* appraisals() const;
    [[nodiscard]] QObject* progress() const;

    Q_INVOKABLE void login(const QString& serverUrl, const QString& nip, const QString& password);
    Q_INVOKABLE bool unlockOffline(const QString& password);
    Q_INVOKABLE void logout();
    Q_INVOKABLE void syncNow();
    Q_INVOKABLE void setLanguage(const QString& code);
    Q_INVOKABLE QString errorText(const QString& code) const;

    //---- for the C++ controllers and models
    /// The store, or null when it could not be opened.
    [[nodiscard]] sync::ClientStore* store() const { return m_store.get(); }
    [[nodiscard]] sync::SyncEngine* engine() const { return m_engine.get(); }
    [[nodiscard]] const shared::Clock& clock() const { return *m_clock; }
    [[nodiscard]] std::string userNip() const { return m_user.nip.toStdString(); }
    /// Reloads every model (after a sync pass, login, logout, a language change).
    void notifyDataChanged();
    /// One activity changed by a local action: its rows are updated in place (no full reload, which costs
    /// a store query of every activity), the progress reloads once the event loop is idle.
    void notifyActivityChanged(const std::string& activityId);
    /// A local action that changes no activity (feedback, evaluation): queue count and dataChanged only.
    void notifyLocalAction();

signals:
    void sessionChanged();
    void syncStatusChanged();
    void languageChanged();
    void locationAllowedChanged();
    void loginFinished(bool ok, const QString& message);
    /// A sync pass ended; `ok` false when it failed (lastError says why).
    void syncFinished(bool ok);
    /// Local data changed (a user action or a sync pass); models reload on it.
    void dataChanged();

private:
    void startSession();
    void stopSession();
    void applyProgress(const sync::SyncProgress& progress);
    void connectLive();

    AppOptions m_options;
    const shared::Clock* m_clock;
    std::unique_ptr<shared::SystemClock> m_systemClock;
    QSettings m_settings;
    OfflineUnlock m_unlock;
    QtTransport m_transport;
    std::unique_ptr<sync::ClientStore> m_store;
    std::unique_ptr<sync::SyncEngine> m_engine;
    std::unique_ptr<sync::SyncScheduler> m_scheduler;
    QPointer<QQmlEngine> m_qmlEngine;
    QTranslator m_translator;
    QWebSocket m_live;
    QTimer m_liveRetry;
    QTimer m_progressReload; ///< coalesces progress reloads after local actions

    LastUser m_user;
    bool m_loggedIn = false;
    bool m_online = true;
    bool m_syncing = false;
    bool m_manualSyncRunning = false; ///< a syncNow() pass without scheduler is on a worker
    bool m_passOpen = false;          ///< a finished manual pass not yet reported by syncFinished
    int m_queuedCount = 0;
    qint64 m_bytesSent = 0;
    qint64 m_bytesTotal = 0;
    QDateTime m_lastSync;
    QString m_lastError;
    QString m_language = QStringLiteral("id");

    ActivityListModel* m_myActivities;
    ActivityListModel* m_inbox;
    ActivityListModel* m_appraisals;
    ProgressModel* m_progress;
    QThreadPool m_workers; ///< one thread: login, logout, manual passes in order; last member: joined first
};

} // namespace jejak::mobile
