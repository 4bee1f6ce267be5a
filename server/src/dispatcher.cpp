// SPDX-License-Identifier: Apache-2.0
// Routing a complete request to its handler, with the JSON error answers around it.
#include "dispatcher.hpp"

#include "http_errors.hpp"

#include <exception>

namespace jejak::server {

Dispatcher::Admission Dispatcher::admit(std::string_view method, std::string_view path) const {
    const Router::Match m = m_router.match(method, path);
    if (m.kind != Router::Match::Kind::Found) {
        return {m_defaultMaxBody, Metrics::kUnmatched};
    }
    const std::size_t routeLimit = m.route->options.maxBodyBytes;
    return {routeLimit != 0 ? routeLimit : m_defaultMaxBody, m.route->label,
            static_cast<bool>(m.route->live)};
}

shared::Result<LiveGrant> Dispatcher::openLive(const HttpRequest& request, Notifier::Wake wake) const {
    const Router::Match m = m_router.match(request.method, request.target);
    if (m.kind != Router::Match::Kind::Found || !m.route->live) {
        return shared::Error(shared::ErrorCode::HttpBadRequest, "target",
                             request.target + " does not accept a WebSocket upgrade");
    }
    try {
        return m.route->live(request, std::move(wake));
    } catch (const std::exception& e) {
        m_logger.error("live channel failed", {{"route", m.route->label}, {"error", e.what()}});
    } catch (...) {
        m_logger.error("live channel failed", {{"route", m.route->label}, {"error", "unknown exception"}});
    }
    return shared::Error(shared::ErrorCode::Internal, {}, "the live channel could not be opened");
}

Dispatcher::Outcome Dispatcher::dispatch(const HttpRequest& request) const {
    const Router::Match m = m_router.match(request.method, request.target);
    switch (m.kind) {
    case Router::Match::Kind::NotFound:
        return {notFound(request.target), Metrics::kUnmatched};
    case Router::Match::Kind::MethodNotAllowed:
        return {methodNotAllowed(request.method, m.allow), Metrics::kUnmatched};
    case Router::Match::Kind::Found:
        break;
    }
    const Router::Route& route = *m.route;
    if (route.options.jsonBody && !request.body.empty()) {
        const std::string_view contentType = request.headers.find("Content-Type").value_or("");
        if (mediaType(contentType) != "application/json") {
            return {unsupportedMediaType(contentType, "application/json"), route.label};
        }
    }
    try {
        return {route.handler(request, m.params), route.label};
    } catch (const std::exception& e) {
        m_logger.error("handler failed", {{"route", route.label}, {"error", e.what()}});
    } catch (...) {
        m_logger.error("handler failed", {{"route", route.label}, {"error", "unknown exception"}});
    }
    return {serverError("the handler failed"), route.label};
}

void Dispatcher::record(const Exchange& x) const {
    m_metrics.requestCompleted(x.route, x.status, x.duration);
    const double ms = std::chrono::duration<double, std::milli>(x.duration).count();
    m_logger.info("request", {{"method", x.method},
                              {"path", x.path},
                              {"status", x.status},
                              {"duration_ms", ms},
                              {"remote", x.remote},
                              {"route", x.route}});
}

} // namespace jejak::server
