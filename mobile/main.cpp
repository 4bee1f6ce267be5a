// SPDX-License-Identifier: Apache-2.0
// jejak-mobile: the Qt Quick client. Thin: options, the App over a data directory, the QML engine.
//
//   jejak-mobile [--data-dir DIR] [--clock-start ISO-8601] [--quit-after-first-frame]
//                [--screenshot-dir DIR --size WxH [--login-server URL --login-nip NIP]]
//
// --clock-start runs the device clock from that instant (as jejak-server's option of the same name: the demo
// data lives in 2023). --quit-after-first-frame prints the milliseconds from process start to the first
// frame and the resident memory, and exits (the cold-start benchmark). --screenshot-dir renders every main
// page to PNG and exits (mobile/src/screenshot.hpp; scripts/screenshots.sh).
#include "app.hpp"
#include "evidence_image_provider.hpp"
#include "screenshot.hpp"

#include "jejak/shared/time.hpp"

#include <QCommandLineParser>
#include <QQmlExtensionPlugin>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTextStream>

#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(JejakKinerjaPlugin)

int main(int argc, char* argv[]) {
    QElapsedTimer sinceStart;
    sinceStart.start();
    QGuiApplication application(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("jejak-mobile"));
    QGuiApplication::setOrganizationName(QStringLiteral("Jejak Kinerja"));
    QQuickStyle::setStyle(QStringLiteral("Material"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Local store directory."),
                                     QStringLiteral("DIR"),
                                     QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    const QCommandLineOption clockStart(QStringLiteral("clock-start"),
                                        QStringLiteral("Run the device clock from this ISO-8601 instant."),
                                        QStringLiteral("TIME"));
    const QCommandLineOption firstFrame(QStringLiteral("quit-after-first-frame"),
                                        QStringLiteral("Print the time to the first frame in ms and exit."));
    parser.addOptions({dataDir, clockStart, firstFrame});
    jejak::mobile::ScreenshotTour::addOptions(parser);
    parser.process(application);

    std::unique_ptr<jejak::shared::Clock> clock;
    if (parser.isSet(clockStart)) {
        const auto start = jejak::shared::parseTimestamp(parser.value(clockStart).toStdString());
        if (!start) {
            std::fprintf(stderr, "jejak-mobile: --clock-start is not an ISO-8601 timestamp\n");
            return 2;
        }
        clock = std::make_unique<jejak::shared::OffsetClock>(*start);
    } else {
        clock = std::make_unique<jejak::shared::SystemClock>();
    }
    jejak::mobile::App app({parser.value(dataDir), clock.get()});
    QString tourError;
    const auto tour = jejak::mobile::ScreenshotTour::fromOptions(parser, app, tourError);
    if (!tourError.isEmpty()) {
        std::fprintf(stderr, "jejak-mobile: %s\n", qPrintable(tourError));
        return 2;
    }

    QQmlApplicationEngine engine;
    engine.addImageProvider(QStringLiteral("evidence"), new jejak::mobile::EvidenceImageProvider(app));
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &application,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/JejakKinerja/qml/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        return 1;
    }
    if (tour) {
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
        if (window == nullptr) {
            return 1;
        }
        tour->start(window);
    }
    if (parser.isSet(firstFrame)) {
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
        if (window == nullptr) {
            return 1;
        }
        QObject::connect(window, &QQuickWindow::frameSwapped, &application, [&sinceStart] {
            // VmRSS of this process at that moment, for the memory benchmark.
            QFile status(QStringLiteral("/proc/self/status"));
            QString rss = QStringLiteral("?");
            if (status.open(QIODevice::ReadOnly)) {
                for (const QByteArray& line : status.readAll().split('\n')) {
                    if (line.startsWith("VmRSS:")) {
                        rss = QString::fromLatin1(line.mid(6).trimmed().split(' ').value(0));
                    }
                }
            }
            QTextStream(stdout) << "first_frame_ms " << sinceStart.elapsed() << " rss_kib " << rss << Qt::endl;
            QCoreApplication::exit(0);
        }, Qt::SingleShotConnection);
    }
    return QGuiApplication::exec();
}
