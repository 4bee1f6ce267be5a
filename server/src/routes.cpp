// SPDX-License-Identifier: Apache-2.0
// Route registration.
#include "routes.hpp"

#include "auth/auth.hpp"
#include "handlers/auth.hpp"
#include "handlers/blobs.hpp"
#include "handlers/health.hpp"
#include "handlers/live.hpp"
#include "handlers/metrics.hpp"
#include "handlers/reports.hpp"
#include "handlers/sync.hpp"
#include "http_errors.hpp"

namespace jejak::server {

shared::Result<Router> buildRouter(AppState& state) {
    Router router;
    const auto bind = [&state](HttpResponse (*handler)(const HttpRequest&, const RouteParams&, AppState&)) {
        return [handler, &state](const HttpRequest& req, const RouteParams& params) { return handler(req, params, state); };
    };
    // Routes that act for someone: the session names the caller first, or its error is the answer.
    using CallerHandler = HttpResponse (*)(const HttpRequest&, const RouteParams&, AppState&, const Caller&);
    const auto withCaller = [&state](CallerHandler handler) {
        return [handler, &state](const HttpRequest& req, const RouteParams& params) {
            auto caller = state.auth.authenticate(req);
            if (!caller) {
                return errorResponse(caller.error());
            }
            return handler(req, params, state, *caller);
        };
    };
    if (auto r = router.add("GET", "/v1/health", bind(&handleHealth)); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("GET", "/metrics", bind(&handleMetrics)); !r) {
        return std::move(r).error();
    }
    RouteOptions login;
    login.jsonBody = true;
    login.maxBodyBytes = kLoginMaxBodyBytes;
    if (auto r = router.add("POST", "/v1/auth/login", bind(&handleLogin), login); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("POST", "/v1/auth/logout", bind(&handleLogout)); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("GET", "/v1/auth/sessions", bind(&handleListSessions)); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("DELETE", "/v1/auth/sessions/{sessionId}", bind(&handleRevokeSession)); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("GET", "/v1/blobs/{sha256}", withCaller(&handleBlobStatus)); !r) {
        return std::move(r).error();
    }
    // A chunk upload: the body is evidence bytes (not JSON), up to the configured chunk size.
    if (auto r = router.add("PUT", "/v1/blobs/{sha256}", withCaller(&handleBlobUpload),
                            RouteOptions{state.maxBlobChunkBytes, false});
        !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("GET", "/v1/blobs/{sha256}/content", withCaller(&handleBlobContent)); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("GET", "/v1/blobs/{sha256}/thumbnail", withCaller(&handleBlobThumbnail)); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("GET", "/v1/reports/realisation", withCaller(&handleRealisationReport)); !r) {
        return std::move(r).error();
    }
    RouteOptions syncJson;
    syncJson.jsonBody = true; // the default body limit (--max-body-bytes, 1 MiB) bounds a push batch
    if (auto r = router.add("POST", "/v1/sync/push", withCaller(&handlePush), syncJson); !r) {
        return std::move(r).error();
    }
    if (auto r = router.add("POST", "/v1/sync/pull", withCaller(&handlePull), syncJson); !r) {
        return std::move(r).error();
    }
    // Live notifications: a WebSocket upgrade opens the channel; a plain GET is told to upgrade (426).
    const auto openLive = [&state](const HttpRequest& req, Notifier::Wake wake) {
        return openLiveChannel(req, std::move(wake), state);
    };
    if (auto r = router.add("GET", kLivePath, bind(&handleLiveWithoutUpgrade), {}, openLive); !r) {
        return std::move(r).error();
    }
    return router;
}

} // namespace jejak::server
