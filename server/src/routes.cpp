// SPDX-License-Identifier: Apache-2.0
// Route registration.
#include "routes.hpp"

#include "handlers/auth.hpp"
#include "handlers/health.hpp"
#include "handlers/metrics.hpp"

namespace jejak::server {

shared::Result<Router> buildRouter(AppState& state) {
    Router router;
    const auto bind = [&state](HttpResponse (*handler)(const HttpRequest&, const RouteParams&, AppState&)) {
        return [handler, &state](const HttpRequest& req, const RouteParams& params) { return handler(req, params, state); };
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
    return router;
}

} // namespace jejak::server
