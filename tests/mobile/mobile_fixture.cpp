// SPDX-License-Identifier: Apache-2.0
#include "mobile_fixture.hpp"

#include <QPainter>
#include <QProcess>
#include <QSignalSpy>

#include <chrono>
#include <csignal>

namespace jejak::testing {

using namespace std::chrono_literals;

namespace {

/// Runs jejak-admin with `args`, `input` on its standard input; empty on success, else its output.
QString runAdmin(const QStringList& args, const QByteArray& input = {}) {
    QProcess admin;
    admin.setProcessChannelMode(QProcess::MergedChannels);
    admin.start(QStringLiteral(JEJAK_ADMIN_EXE), args);
    if (!admin.waitForStarted(20'000)) {
        return QStringLiteral("jejak-admin did not start");
    }
    admin.write(input);
    admin.closeWriteChannel();
    if (!admin.waitForFinished(60'000) || admin.exitStatus() != QProcess::NormalExit || admin.exitCode() != 0) {
        return QStringLiteral("jejak-admin ") + args.join(QLatin1Char(' ')) + QStringLiteral(": ") +
               QString::fromUtf8(admin.readAll());
    }
    return {};
}

} // namespace

MobileServer::MobileServer(std::string logName) : m_data(m_dir.file("data")), m_logName(std::move(logName)) {
    const QString data = QString::fromStdString(m_data);
    m_error = runAdmin({QStringLiteral("init-db"), QStringLiteral("--data-dir"), data});
    if (m_error.isEmpty()) {
        m_error = runAdmin({QStringLiteral("import"), QStringLiteral("--data-dir"), data,
                            QStringLiteral(JEJAK_SOURCE_DIR "/assets/demo/bundle.json")});
    }
    for (const auto nip : {kMobileAuthor, kMobileKetuaPak, kMobileAppraiser}) {
        if (m_error.isEmpty()) {
            m_error = runAdmin({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--data-dir"), data,
                                QStringLiteral("--nip"), QString::fromLatin1(nip.data(), static_cast<qsizetype>(nip.size())),
                                QStringLiteral("--password-ops-limit"), QStringLiteral("1"),
                                QStringLiteral("--password-mem-limit-kib"), QStringLiteral("8")},
                               QByteArray(kMobilePassword.data(), static_cast<qsizetype>(kMobilePassword.size())) + "\n");
        }
    }
    if (m_error.isEmpty()) {
        start();
    }
}

bool MobileServer::start() {
    ++m_starts;
    const std::string log = std::string(JEJAK_TEST_LOG_DIR) + "/" + m_logName + "_" + std::to_string(m_starts) + ".log";
    const std::string started = m_process.start(
        JEJAK_SERVER_EXE,
        {"--listen", "127.0.0.1", "--port", std::to_string(m_port), "--threads", "2", "--data-dir", m_data,
         "--password-ops-limit", "1", "--password-mem-limit-kib", "8", "--clock-start", std::string(kMobileClockStart)},
        log);
    m_error = QString::fromStdString(started);
    if (started.empty()) {
        m_port = m_process.port();
    }
    return started.empty();
}

bool MobileServer::stop() {
    return m_process.signal(SIGTERM) && m_process.wait(15s) == 0;
}

QString MobileServer::url() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

Device::Device(bool backgroundSync) : clock(*shared::parseTimestamp(kMobileClockStart)) {
    mobile::AppOptions options;
    options.dataDir = QString::fromStdString(dir.path().string());
    options.clock = &clock;
    options.backgroundSync = backgroundSync;
    app = std::make_unique<mobile::App>(options);
}

QString Device::login(const QString& url, std::string_view nip) {
    QSignalSpy finished(app.get(), &mobile::App::loginFinished);
    QSignalSpy synced(app.get(), &mobile::App::syncFinished);
    app->login(url, QString::fromLatin1(nip.data(), static_cast<qsizetype>(nip.size())),
               QString::fromLatin1(kMobilePassword.data(), static_cast<qsizetype>(kMobilePassword.size())));
    if (!finished.wait(30'000)) {
        return QStringLiteral("no answer to the login");
    }
    if (!finished.at(0).at(0).toBool()) {
        return finished.at(0).at(1).toString();
    }
    // A successful login starts the first sync (the reference snapshot): wait for it.
    if (synced.isEmpty() && !synced.wait(60'000)) {
        return QStringLiteral("the first sync did not end");
    }
    return synced.at(0).at(0).toBool() ? QString() : QStringLiteral("first sync: ") + app->lastError();
}

bool Device::sync() {
    QSignalSpy synced(app.get(), &mobile::App::syncFinished);
    app->syncNow();
    if (!synced.wait(60'000)) {
        return false;
    }
    return synced.at(0).at(0).toBool();
}

QImage makePhoto(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, width, height);
    gradient.setColorAt(0, QColor(30, 90, 160));
    gradient.setColorAt(1, QColor(230, 180, 60));
    painter.fillRect(image.rect(), gradient);
    painter.setPen(QPen(Qt::white, width / 200 + 1));
    for (int i = 0; i < 20; ++i) {
        painter.drawEllipse(QPoint(width * i / 20, height / 2), width / 30, height / 10);
    }
    return image;
}

bool writePhoto(const QString& path, int width, int height) {
    return makePhoto(width, height).save(path, "JPEG", 90);
}

} // namespace jejak::testing
