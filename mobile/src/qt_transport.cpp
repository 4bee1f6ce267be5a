// SPDX-License-Identifier: Apache-2.0
#include "qt_transport.hpp"

#include <QByteArray>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace jejak::mobile {

namespace {

QByteArray bytes(const std::string& s) {
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

std::string text(const QByteArray& b) {
    return std::string(b.constData(), static_cast<std::size_t>(b.size()));
}

} // namespace

shared::Result<sync::HttpResponse> QtTransport::exchange(const sync::HttpRequest& request) {
    using shared::Error;
    using shared::ErrorCode;
    if (m_cancelled.load()) {
        return Error(ErrorCode::SyncCancelled, request.url, "transport cancelled");
    }
    const QUrl url(QString::fromStdString(request.url), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        return Error(ErrorCode::SyncNetwork, request.url, "not an http(s) URL");
    }
    QNetworkRequest qrequest(url);
    qrequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto& h : request.headers) {
        qrequest.setRawHeader(bytes(h.name), bytes(h.value));
    }

    QNetworkAccessManager manager;
    QEventLoop loop;
    {
        const std::lock_guard lock(m_mutex);
        m_loops.insert(&loop);
    }
    // A cancel() between the check above and the registration must not be missed.
    if (m_cancelled.load()) {
        const std::lock_guard lock(m_mutex);
        m_loops.erase(&loop);
        return Error(ErrorCode::SyncCancelled, request.url, "transport cancelled");
    }
    std::unique_ptr<QNetworkReply> reply(
        manager.sendCustomRequest(qrequest, bytes(request.method), bytes(request.body)));
    bool timedOut = false;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(static_cast<int>(request.timeout.count()));
    if (!reply->isFinished()) {
        loop.exec();
    }
    {
        const std::lock_guard lock(m_mutex);
        m_loops.erase(&loop);
    }
    if (!reply->isFinished()) {
        reply->abort();
        if (timedOut) {
            return Error(ErrorCode::SyncNetwork, request.url, "timed out");
        }
        return Error(ErrorCode::SyncCancelled, request.url, "transport cancelled");
    }
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        return Error(ErrorCode::SyncNetwork, request.url, reply->errorString().toStdString());
    }
    sync::HttpResponse response;
    response.status = status.toInt();
    for (const auto& [name, value] : reply->rawHeaderPairs()) {
        response.headers.push_back({text(name), text(value)});
    }
    response.body = text(reply->readAll());
    return response;
}

void QtTransport::cancel() {
    m_cancelled.store(true);
    const std::lock_guard lock(m_mutex);
    for (QEventLoop* loop : m_loops) {
        // Thread-safe: the quit runs on the loop's own thread.
        QMetaObject::invokeMethod(loop, &QEventLoop::quit, Qt::QueuedConnection);
    }
}

void QtTransport::resume() {
    m_cancelled.store(false);
}

} // namespace jejak::mobile
