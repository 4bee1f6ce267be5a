// SPDX-License-Identifier: Apache-2.0
// QtTransport: the sync engine's Transport (jejak/sync/transport.hpp) over Qt Network.
#pragma once

#include "jejak/sync/transport.hpp"

#include <atomic>
#include <mutex>
#include <set>

class QEventLoop;

namespace jejak::mobile {

/// Blocking HTTP exchanges over QNetworkAccessManager. Each exchange() runs on its calling thread with its
/// own access manager and a local QEventLoop (the engine's threads have no Qt event loop of their own), so
/// any number of threads may exchange at once. The request's timeout covers the whole exchange. cancel()
/// wakes every exchange in progress from any thread; they and all later ones fail with SyncCancelled until
/// resume().
class QtTransport final : public sync::Transport {
public:
    QtTransport() = default;
    [[nodiscard]] shared::Result<sync::HttpResponse> exchange(const sync::HttpRequest& request) override;
    void cancel() override;
    void resume() override;

private:
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::set<QEventLoop*> m_loops; ///< the exchanges in progress (guarded by m_mutex)
};

} // namespace jejak::mobile
