// SPDX-License-Identifier: Apache-2.0
#include "evidence_image_provider.hpp"

#include "app.hpp"
#include "labels.hpp"

#include "jejak/shared/text.hpp"

#include <QImageReader>
#include <QQuickTextureFactory>


namespace jejak::mobile {

namespace {

Loaded load(App& app, const QString& id, QSize requestedSize) {
    const QStringList parts = id.split(QLatin1Char('/'));
    const std::string sha = parts.value(0).toStdString();
    const bool thumbnail = parts.value(1) == QLatin1String("thumb");
    if (!shared::isSha256Hex(sha) || app.engine() == nullptr || app.store() == nullptr) {
        return {{}, errorText(shared::Error(shared::ErrorCode::EvidenceInvalid, "sha256"))};
    }
    std::optional<std::string> path = thumbnail ? std::nullopt : app.store()->blobPath(sha);
    if (!path) {
        auto fetched = app.engine()->fetchEvidence(sha, thumbnail);
        if (!fetched) {
            return {{}, errorText(fetched.error())};
        }
        path = fetched->string();
    }
    QImageReader reader(qstr(*path));
    reader.setAutoTransform(true);
    if (requestedSize.isValid() && !requestedSize.isEmpty() && reader.size().isValid()) {
        reader.setScaledSize(reader.size().scaled(requestedSize, Qt::KeepAspectRatio));
    }
    Loaded loaded{reader.read(), {}};
    if (loaded.image.isNull()) {
        loaded.error = errorText(shared::Error(shared::ErrorCode::EvidenceCorrupt, "sha256"));
    }
    return loaded;
}

class EvidenceResponse final : public QQuickImageResponse {
    Q_OBJECT
public:
    QQuickTextureFactory* textureFactory() const override {
        return QQuickTextureFactory::textureFactoryForImage(m_loaded.image);
    }
    QString errorString() const override { return m_loaded.error; }
    void deliver(const jejak::mobile::Loaded& loaded) {
        m_loaded = loaded;
        emit finished();
    }

private:
    Loaded m_loaded;
};

} // namespace

EvidenceImageProvider::EvidenceImageProvider(App& app) : m_app(app) {}

EvidenceImageProvider::~EvidenceImageProvider() {
    m_pool.waitForDone();
}

QQuickImageResponse* EvidenceImageProvider::requestImageResponse(const QString& id, const QSize& requestedSize) {
    auto* response = new EvidenceResponse;
    // The engine may download for seconds: a pool thread loads, and a queued signal hands the result to the
    // response on its own thread (the connection dies with the response when the view drops it first).
    auto* relay = new EvidenceRelay;
    QObject::connect(relay, &EvidenceRelay::loaded, response, &EvidenceResponse::deliver, Qt::QueuedConnection);
    m_pool.start([this, id, requestedSize, relay] {
        emit relay->loaded(load(m_app, id, requestedSize));
        delete relay;
    });
    return response;
}

} // namespace jejak::mobile
#include "evidence_image_provider.moc"
