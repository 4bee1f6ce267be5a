// SPDX-License-Identifier: Apache-2.0
#include "screenshot.hpp"

#include "app.hpp"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>
#include <QVariant>

#include <cstdio>
#include <utility>

namespace jejak::mobile {
namespace {

const QString kDirOption = QStringLiteral("screenshot-dir");
const QString kSizeOption = QStringLiteral("size");
const QString kServerOption = QStringLiteral("login-server");
const QString kNipOption = QStringLiteral("login-nip");

/// Time for a page to settle after it is shown: layout, asynchronous images, evidence downloads.
constexpr int kSettleMs = 2500;

void say(const QString& line) {
    std::fprintf(stderr, "jejak-mobile screenshots: %s\n", qPrintable(line));
}

} // namespace

void ScreenshotTour::addOptions(QCommandLineParser& parser) {
    parser.addOptions({
        {kDirOption, QStringLiteral("Render every main page to DIR/<page>.png and quit."), QStringLiteral("DIR")},
        {kSizeOption, QStringLiteral("Window size for the screenshots (default 360x640)."), QStringLiteral("WxH")},
        {kServerOption, QStringLiteral("Screenshots: log in to this server first (password on stdin)."),
         QStringLiteral("URL")},
        {kNipOption, QStringLiteral("Screenshots: the NIP to log in with."), QStringLiteral("NIP")},
    });
}

std::unique_ptr<ScreenshotTour> ScreenshotTour::fromOptions(const QCommandLineParser& parser, App& app,
                                                            QString& error) {
    if (!parser.isSet(kDirOption)) {
        return nullptr;
    }
    QSize size(360, 640);
    if (parser.isSet(kSizeOption)) {
        const auto match = QRegularExpression(QStringLiteral("^(\\d{3,4})x(\\d{3,4})$")).match(parser.value(kSizeOption));
        if (!match.hasMatch()) {
            error = QStringLiteral("--size takes WIDTHxHEIGHT, e.g. 360x640");
            return nullptr;
        }
        size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    std::unique_ptr<ScreenshotTour> tour(new ScreenshotTour(app, parser.value(kDirOption), size));
    if (parser.isSet(kServerOption) != parser.isSet(kNipOption)) {
        error = QStringLiteral("--login-server and --login-nip go together");
        return nullptr;
    }
    if (parser.isSet(kServerOption)) {
        tour->m_server = parser.value(kServerOption);
        tour->m_nip = parser.value(kNipOption);
        tour->m_password = QTextStream(stdin).readLine();
    }
    if (!QDir().mkpath(tour->m_dir)) {
        error = QStringLiteral("cannot create ") + tour->m_dir;
        return nullptr;
    }
    return tour;
}

ScreenshotTour::ScreenshotTour(App& app, QString dir, QSize size)
    : m_app(app), m_dir(std::move(dir)), m_size(size) {}

void ScreenshotTour::start(QQuickWindow* window) {
    m_window = window;
    m_window->resize(m_size);
    if (m_server.isEmpty()) {
        QTimer::singleShot(kSettleMs, this, &ScreenshotTour::beginPages);
        return;
    }
    connect(&m_app, &App::loginFinished, this, [this](bool ok, const QString& message) {
        if (!ok) {
            say(QStringLiteral("login failed: ") + message);
            finish(1);
            return;
        }
        connect(&m_app, &App::syncFinished, this, [this](bool synced) {
            if (!synced) {
                say(QStringLiteral("sync failed: ") + m_app.lastError());
            }
            QTimer::singleShot(kSettleMs, this, &ScreenshotTour::beginPages);
        }, Qt::SingleShotConnection);
        m_app.syncNow();
    }, Qt::SingleShotConnection);
    m_app.login(m_server, m_nip, m_password);
}

void ScreenshotTour::beginPages() {
    QVariant pages;
    QMetaObject::invokeMethod(m_window, "screenshotPages", Q_RETURN_ARG(QVariant, pages));
    m_pages = pages.toStringList();
    if (m_pages.isEmpty()) {
        say(QStringLiteral("Main.qml offers no pages"));
        finish(1);
        return;
    }
    showNext();
}

void ScreenshotTour::showNext() {
    while (m_next < m_pages.size()) {
        QVariant shown;
        QMetaObject::invokeMethod(m_window, "showScreenshot", Q_RETURN_ARG(QVariant, shown),
                                  Q_ARG(QVariant, m_pages.at(m_next)));
        if (shown.toBool()) {
            QTimer::singleShot(kSettleMs, this, &ScreenshotTour::grab);
            return;
        }
        say(m_pages.at(m_next) + QStringLiteral(": nothing to show with this data, skipped"));
        ++m_next;
    }
    finish(m_failures == 0 ? 0 : 1);
}

void ScreenshotTour::grab() {
    const QString path = QDir(m_dir).filePath(m_pages.at(m_next) + QStringLiteral(".png"));
    if (m_window->grabWindow().save(path)) {
        say(path);
    } else {
        say(QStringLiteral("could not save ") + path);
        ++m_failures;
    }
    ++m_next;
    showNext();
}

void ScreenshotTour::finish(int code) {
    QCoreApplication::exit(code);
}

} // namespace jejak::mobile
