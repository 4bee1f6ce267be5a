// SPDX-License-Identifier: Apache-2.0
// The screenshot tour of jejak-mobile: renders every main page of the logged-in roles to PNG.
//
//   jejak-mobile --screenshot-dir DIR --size WxH [--login-server URL --login-nip NIP]   (password on stdin)
//
// With --login-*, the tour logs in (password read as one line from standard input) and syncs first. Then it
// asks Main.qml for screenshotPages(), shows each with showScreenshot(page), waits for the images to load,
// saves DIR/<page>.png and quits (exit code 1 when a page could not be saved or the login failed). Run it
// under xvfb-run: the offscreen platform draws Material without its backgrounds.
#pragma once

#include <QCommandLineOption>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>

class QCommandLineParser;
class QQuickWindow;

namespace jejak::mobile {

class App;

class ScreenshotTour : public QObject {
    Q_OBJECT

public:
    /// Adds --screenshot-dir, --size, --login-server and --login-nip to the parser.
    static void addOptions(QCommandLineParser& parser);
    /// The tour the parsed options ask for: null without --screenshot-dir (and then `error` stays empty),
    /// null with `error` set when an option is malformed.
    [[nodiscard]] static std::unique_ptr<ScreenshotTour> fromOptions(const QCommandLineParser& parser, App& app,
                                                                     QString& error);

    /// Resizes the window and starts: login and sync when asked, then the pages.
    void start(QQuickWindow* window);

private:
    ScreenshotTour(App& app, QString dir, QSize size);
    void beginPages();
    void showNext();
    void grab();
    void finish(int code);

    App& m_app;
    QString m_dir;
    QSize m_size;
    QString m_server;
    QString m_nip;
    QString m_password;
    QQuickWindow* m_window = nullptr;
    QStringList m_pages;
    qsizetype m_next = 0;
    int m_failures = 0;
};

} // namespace jejak::mobile
