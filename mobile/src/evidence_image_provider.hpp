// SPDX-License-Identifier: Apache-2.0
// The "evidence" image provider: image://evidence/<sha256> is the evidence file on the device, downloaded
// first through SyncEngine::fetchEvidence when it is someone else's; image://evidence/<sha256>/thumb is the
// server's 320 px preview. Loads run on the provider's thread pool, never on the GUI thread.
#pragma once

#include <QImage>
#include <QObject>
#include <QQuickAsyncImageProvider>
#include <QString>
#include <QThreadPool>

namespace jejak::mobile {

class App;

/// The result of one load, handed from the pool thread to the image response.
struct Loaded {
    QImage image;
    QString error;
};

/// Carries one result across threads by a queued signal.
class EvidenceRelay : public QObject {
    Q_OBJECT
signals:
    void loaded(const jejak::mobile::Loaded& result);
};

class EvidenceImageProvider final : public QQuickAsyncImageProvider {
public:
    explicit EvidenceImageProvider(App& app);
    ~EvidenceImageProvider() override;
    QQuickImageResponse* requestImageResponse(const QString& id, const QSize& requestedSize) override;

private:
    App& m_app;
    QThreadPool m_pool;
};

} // namespace jejak::mobile

Q_DECLARE_METATYPE(jejak::mobile::Loaded)
