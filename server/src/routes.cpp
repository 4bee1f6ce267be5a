// SPDX-License-Identifier: Apache-2.0
// Route registration.
#include "routes.hpp"

#include "handlers/blobs.hpp"
#include "handlers/health.hpp"
#include "handlers/metrics.hpp"
#include "http_errors.hpp"

namespace jejak::server {

shared::Result<Router> buildRouter(AppState& state) {
    Router router;
    const auto bind = [&state](HttpResponse (*handler)(const HttpRequest&, const RouteParams&, AppState&)) {
        return [handler, &state](const HttpRequest& req, const RouteParams& params) { return handler(req, params, state); };
    };
    // Routes that act for someone: state.authenticate names the caller first, or its error is the answer.
    using CallerHandler = HttpResponse (*)(const HttpRequest&, const RouteParams&, AppState&, const Caller&);
    const auto withCaller = [&state](CallerHandler handler) {
        return [handler, &state](const HttpRequest& req, const RouteParams& params) {
            if (!state.authenticate) {
                return errorResponse(
                    shared::Error(shared::ErrorCode::NotAllowed, "Authorization", "authentication is not configured"));
            }
            auto caller = state.authenticate(req);
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
    return router;
}

} // namespace jejak::server
