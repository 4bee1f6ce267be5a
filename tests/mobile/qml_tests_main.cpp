// SPDX-License-Identifier: Apache-2.0
// mobile_qml_tests: the Qt Quick Test runner for tests/mobile/qml/tst_*.qml with the real C++ types.
//
// The App works on a fresh temporary data directory with the device clock started at the demo's
// 2023-03-15 08:00 WITA. When JEJAK_QML_SERVER, JEJAK_QML_NIP and JEJAK_QML_PASSWORD are set (the runner
// tests/mobile/qml/run_qml_tests.sh starts a demo server and fills it), it logs in and syncs before the
// first test, so the pages see the demo data of that person.
#include "app.hpp"
#include "evidence_image_provider.hpp"

#include "jejak/shared/time.hpp"

#include <QEventLoop>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QTemporaryDir>
#include <QTimer>
#include <QtQuickTest>

#include <cstdio>
#include <cstdlib>
#include <memory>

Q_IMPORT_QML_PLUGIN(JejakKinerjaPlugin)

namespace {

/// Runs the event loop until `signal` of `sender` fires or a minute passes; false on timeout.
template <typename Sender, typename Signal>
bool waitFor(Sender* sender, Signal signal) {
    QEventLoop loop;
    bool fired = false;
    QObject::connect(sender, signal, &loop, [&] {
        fired = true;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    return fired;
}

[[noreturn]] void fail(const QString& message) {
    std::fprintf(stderr, "mobile_qml_tests setup: %s\n", qPrintable(message));
    std::exit(1);
}

} // namespace

class QuickTestSetup : public QObject {
    Q_OBJECT

public:
    QuickTestSetup() : m_clock(*jejak::shared::parseTimestamp("2023-03-15T08:00:00+08:00")) {}

public slots:
    void applicationAvailable() {
        if (!m_dir.isValid()) {
            fail(QStringLiteral("no temporary directory"));
        }
        jejak::mobile::AppOptions options;
        options.dataDir = m_dir.path();
        options.clock = &m_clock;
        options.backgroundSync = false;
        m_app = std::make_unique<jejak::mobile::App>(options);

        const QString server = qEnvironmentVariable("JEJAK_QML_SERVER");
        if (server.isEmpty()) {
            return;
        }
        bool loggedIn = false;
        QString message;
        QObject::connect(m_app.get(), &jejak::mobile::App::loginFinished, m_app.get(),
                         [&](bool ok, const QString& text) {
                             loggedIn = ok;
                             message = text;
                         });
        m_app->login(server, qEnvironmentVariable("JEJAK_QML_NIP"), qEnvironmentVariable("JEJAK_QML_PASSWORD"));
        if (!waitFor(m_app.get(), &jejak::mobile::App::loginFinished) || !loggedIn) {
            fail(QStringLiteral("login failed: ") + message);
        }
        m_app->syncNow();
        if (!waitFor(m_app.get(), &jejak::mobile::App::syncFinished) || !m_app->lastError().isEmpty()) {
            fail(QStringLiteral("first sync failed: ") + m_app->lastError());
        }
    }

    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->addImageProvider(QStringLiteral("evidence"), new jejak::mobile::EvidenceImageProvider(*m_app));
    }

private:
    QTemporaryDir m_dir;
    jejak::shared::OffsetClock m_clock;
    std::unique_ptr<jejak::mobile::App> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(mobile_qml, QuickTestSetup)

#include "qml_tests_main.moc"
