// SPDX-License-Identifier: Apache-2.0
#include "app.hpp"

#include "activity_list_model.hpp"
#include "labels.hpp"
#include "progress_model.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QNetworkInformation>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QThreadPool>
#include <QUrl>

#include <algorithm>

namespace jejak::mobile {

using namespace std::chrono_literals;

namespace {

App* g_instance = nullptr;

QString settingsPath(const QString& dataDir) {
    QDir().mkpath(dataDir);
    return dataDir + QStringLiteral("/mobile.ini");
}

QStringList toQStringList(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) {
        out << qstr(s);
    }
    return out;
}

} // namespace

App::App(AppOptions options, QObject* parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_clock(m_options.clock),
      m_settings(settingsPath(m_options.dataDir), QSettings::IniFormat),
      m_unlock(m_options.dataDir),
      m_myActivities(new ActivityListModel(*this, ActivityListModel::Kind::Mine, this)),
      m_inbox(new ActivityListModel(*this, ActivityListModel::Kind::Inbox, this)),
      m_appraisals(new ActivityListModel(*this, ActivityListModel::Kind::Appraisals, this)),
      m_progress(new ProgressModel(*this, this)) {
    if (g_instance == nullptr) {
        g_instance = this;
    }
    m_workers.setMaxThreadCount(1); // login, logout and manual passes run in the order they were asked
    if (m_clock == nullptr) {
        m_systemClock = std::make_unique<shared::SystemClock>();
        m_clock = m_systemClock.get();
    }
    setLanguage(m_settings.value(QStringLiteral("language"), QStringLiteral("id")).toString());

    auto opened = sync::ClientStore::open(m_options.dataDir.toStdString(), *m_clock);
    if (!opened) {
        m_lastError = mobile::errorText(opened.error());
        return;
    }
    m_store = std::move(opened).value();
    m_engine = std::make_unique<sync::SyncEngine>(*m_store, m_transport, *m_clock);
    m_engine->setProgressListener([this](const sync::SyncProgress& progress) {
        // Called on the engine's threads: the properties live on the GUI thread.
        QMetaObject::invokeMethod(this, [this, progress] { applyProgress(progress); }, Qt::QueuedConnection);
    });
    m_lastSync = m_store->lastSuccessfulSync() ? toQDateTime(*m_store->lastSuccessfulSync()) : QDateTime();

    m_liveRetry.setSingleShot(true);
    m_liveRetry.setInterval(30'000);
    connect(&m_liveRetry, &QTimer::timeout, this, &App::connectLive);
    connect(&m_live, &QWebSocket::textMessageReceived, this, [this] { syncNow(); });
    connect(&m_live, &QWebSocket::disconnected, this, [this] {
        if (m_loggedIn) {
            m_liveRetry.start();
        }
    });
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    const bool up = reachability == QNetworkInformation::Reachability::Online ||
                                    reachability == QNetworkInformation::Reachability::Site;
                    if (m_scheduler) {
                        m_scheduler->setOnline(up);
                    }
                    if (up) {
                        connectLive();
                    }
                });
    }

    m_progressReload.setSingleShot(true);
    m_progressReload.setInterval(0);
    connect(&m_progressReload, &QTimer::timeout, m_progress, [this] { m_progress->reload(); });

    if (const auto session = m_store->session()) {
        m_user = {qstr(session->nip), qstr(session->name), toQStringList(session->roles)};
        m_loggedIn = true;
        startSession(); // loads the models
    } else {
        notifyDataChanged();
    }
}

App::~App() {
    m_liveRetry.stop();
    m_live.abort();
    m_transport.cancel();
    m_workers.waitForDone();
    m_scheduler.reset();
    if (g_instance == this) {
        g_instance = nullptr;
    }
}

App* App::instance() {
    return g_instance;
}

App* App::create(QQmlEngine* qmlEngine, QJSEngine* /*jsEngine*/) {
    App* app = g_instance;
    if (app != nullptr) {
        QJSEngine::setObjectOwnership(app, QJSEngine::CppOwnership);
        app->m_qmlEngine = qmlEngine;
    }
    return app;
}

bool App::isKetua() const {
    return m_user.roles.contains(QStringLiteral("ketua"));
}

bool App::isAppraiser() const {
    return m_user.roles.contains(QStringLiteral("appraiser"));
}

QString App::serverUrl() const {
    const auto session = m_store ? m_store->session() : std::nullopt;
    return session ? qstr(session->serverUrl) : m_settings.value(QStringLiteral("serverUrl")).toString();
}

bool App::canUnlockOffline() const {
    return !m_loggedIn && m_unlock.lastUser().has_value();
}

QString App::lastNip() const {
    const auto user = m_unlock.lastUser();
    return user ? user->nip : QString();
}

bool App::locationAllowed() const {
    return m_settings.value(QStringLiteral("locationAllowed"), false).toBool();
}

void App::setLocationAllowed(bool allowed) {
    if (allowed == locationAllowed()) {
        return;
    }
    m_settings.setValue(QStringLiteral("locationAllowed"), allowed);
    emit locationAllowedChanged();
}

QObject* App::myActivities() const {
    return m_myActivities;
}

QObject* App::inbox() const {
    return m_inbox;
}

QObject* App::appraisals() const {
    return m_appraisals;
}

QObject* App::progress() const {
    return m_progress;
}

void App::login(const QString& serverUrl, const QString& nip, const QString& password) {
    if (!m_engine) {
        emit loginFinished(false, m_lastError);
        return;
    }
    const QString url = serverUrl.trimmed();
    m_settings.setValue(QStringLiteral("serverUrl"), url);
    sync::SyncEngine* engine = m_engine.get();
    const std::string deviceName = m_options.deviceName.toStdString();
    m_workers.start([this, engine, url, nip, password, deviceName] {
        auto result = engine->login(url.toStdString(), nip.trimmed().toStdString(), password.toStdString(),
                                    deviceName);
        QMetaObject::invokeMethod(
            this,
            [this, result = std::move(result), password] {
                if (!result) {
                    emit loginFinished(false, mobile::errorText(result.error()));
                    return;
                }
                m_user = {qstr(result->nip), qstr(result->name), toQStringList(result->roles)};
                m_unlock.remember(m_user, password);
                m_loggedIn = true;
                emit sessionChanged();
                startSession();
                emit loginFinished(true, QString());
                syncNow();
            },
            Qt::QueuedConnection);
    });
}

bool App::unlockOffline(const QString& password) {
    if (m_loggedIn || !m_store) {
        return m_loggedIn;
    }
    m_workers.waitForDone(); // a logout in flight clears the session when it ends
    const auto user = m_unlock.unlock(password);
    if (!user) {
        return false;
    }
    // The store keeps working only under a session: without the revoked token, a placeholder one. Every
    // action commits and queues locally; the first pass answers auth.unauthenticated and the user logs in
    // again when online, which replaces this session (same NIP: the outbox is kept).
    std::vector<std::string> roles;
    for (const auto& role : user->roles) {
        roles.push_back(role.toStdString());
    }
    const sync::Session offline{serverUrl().toStdString(), user->nip.toStdString(), user->name.toStdString(),
                                "offline-unlock", m_clock->now(), std::move(roles)};
    if (auto stored = m_store->setSession(offline); !stored) {
        m_lastError = mobile::errorText(stored.error());
        emit syncStatusChanged();
        return false;
    }
    m_user = *user;
    m_loggedIn = true;
    emit sessionChanged();
    startSession();
    return true;
}

void App::logout() {
    if (!m_loggedIn) {
        return;
    }
    stopSession();
    m_loggedIn = false;
    m_user = {};
    emit sessionChanged();
    notifyDataChanged();
    sync::SyncEngine* engine = m_engine.get();
    m_workers.start([engine] { (void)engine->logout(); });
}

void App::syncNow() {
    if (!m_engine || !m_loggedIn) {
        return;
    }
    if (m_scheduler) {
        m_scheduler->requestSync();
        return;
    }
    if (m_manualSyncRunning) {
        return;
    }
    m_manualSyncRunning = true;
    sync::SyncEngine* engine = m_engine.get();
    m_workers.start([this, engine] {
        const auto outcome = engine->syncOnce();
        sync::SyncProgress progress = engine->progress();
        progress.running = false;
        if (!outcome) {
            progress.lastError = sync::toErrorBody(outcome.error()); // also when no pass started (no session)
        }
        QMetaObject::invokeMethod(
            this,
            [this, progress] {
                m_manualSyncRunning = false;
                m_passOpen = true;
                applyProgress(progress);
            },
            Qt::QueuedConnection);
    });
}

void App::setLanguage(const QString& code) {
    const QString lang = code == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("id");
    QCoreApplication::removeTranslator(&m_translator);
    if (lang == QLatin1String("en") && m_translator.load(QStringLiteral(":/i18n/jejak_en.qm"))) {
        QCoreApplication::installTranslator(&m_translator);
    }
    mobile::setLanguage(lang == QLatin1String("en") ? shared::Language::English : shared::Language::Indonesian);
    m_settings.setValue(QStringLiteral("language"), lang);
    if (m_qmlEngine) {
        m_qmlEngine->retranslate();
    }
    if (lang != m_language) {
        m_language = lang;
        emit languageChanged();
        notifyDataChanged();
    }
}

QString App::errorText(const QString& code) const {
    return errorTextOfCode(code);
}

void App::notifyDataChanged() {
    // Listing activities is the costly query of the store: the user's own are read once for two models.
    std::vector<sync::LocalActivity> mine;
    const std::string me = userNip();
    if (m_store && m_loggedIn && !me.empty()) {
        sync::ActivityFilter filter;
        filter.authorNip = me;
        mine = m_store->activities(filter);
    }
    m_myActivities->reload(&mine);
    m_inbox->reload();
    m_appraisals->reload();
    m_progressReload.stop();
    m_progress->reload(&mine);
    notifyLocalAction();
}

void App::notifyActivityChanged(const std::string& activityId) {
    const auto activity = m_store ? m_store->activity(activityId) : std::nullopt;
    for (ActivityListModel* model : {m_myActivities, m_inbox, m_appraisals}) {
        model->update(activityId, activity);
    }
    m_progressReload.start();
    notifyLocalAction();
}

void App::notifyLocalAction() {
    if (m_store) {
        const int queued = static_cast<int>(m_store->outbox().size());
        if (queued != m_queuedCount) {
            m_queuedCount = queued;
            emit syncStatusChanged();
        }
    }
    emit dataChanged();
}

void App::startSession() {
    if (m_options.backgroundSync && !m_scheduler) {
        m_scheduler = std::make_unique<sync::SyncScheduler>(
            *m_engine, m_options.syncInterval, sync::Backoff(1s, 5min, QRandomGenerator::system()->generate64()));
        connectLive();
    }
    notifyDataChanged();
}

void App::stopSession() {
    m_scheduler.reset();
    m_liveRetry.stop();
    m_live.abort();
}

void App::connectLive() {
    if (!m_loggedIn || !m_options.backgroundSync || !m_store) {
        return;
    }
    const auto session = m_store->session();
    if (!session || m_live.state() != QAbstractSocket::UnconnectedState) {
        return;
    }
    QUrl url(qstr(session->serverUrl));
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/v1/sync/live"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", QByteArray("Bearer ") + QByteArray::fromStdString(session->token));
    request.setRawHeader(QByteArray::fromStdString(std::string(sync::kProtocolHeader)),
                         QByteArray::number(sync::kProtocolVersion));
    m_live.open(request);
}

void App::applyProgress(const sync::SyncProgress& progress) {
    const bool passEnded = !progress.running && !m_manualSyncRunning && (m_syncing || m_passOpen);
    m_passOpen = false;
    m_syncing = progress.running || m_manualSyncRunning;
    m_online = progress.online;
    m_bytesSent = progress.bytesSent;
    m_bytesTotal = progress.bytesTotal;
    m_queuedCount = progress.queuedOps;
    if (progress.lastSuccess) {
        m_lastSync = toQDateTime(*progress.lastSuccess);
    }
    if (passEnded) {
        m_lastError = progress.lastError ? mobile::errorText(*progress.lastError) : QString();
    }
    emit syncStatusChanged();
    if (passEnded) {
        notifyDataChanged();
        emit syncFinished(!progress.lastError.has_value());
        if (m_online) {
            connectLive();
        }
    }
}

} // namespace jejak::mobile
