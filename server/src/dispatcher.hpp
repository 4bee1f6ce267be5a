// SPDX-License-Identifier: Apache-2.0
// Between transport and handlers: routes a complete request, enforces route options, records the outcome.
#pragma once

#include "http_message.hpp"
#include "logger.hpp"
#include "metrics.hpp"
#include "router.hpp"

#include <chrono>
#include <cstddef>
#include <string_view>

namespace jejak::server {

/// Turns a received request into a response with the router (404, 405, 415 and handler failures as JSON
/// errors), and records every answered request in the metrics and the access log. Knows no sockets: the
/// transport calls it, and so can tests. Thread-safe; holds references to objects that must outlive it.
class Dispatcher {
public:
    Dispatcher(const Router& router, Metrics& metrics, Logger& logger, std::size_t defaultMaxBodyBytes)
        : m_router(router), m_metrics(metrics), m_logger(logger), m_defaultMaxBody(defaultMaxBodyBytes) {}

    /// What the transport needs to know once a request's header has arrived.
    struct Admission {
        std::size_t maxBodyBytes = 0; ///< the matched route's limit, else the server default
        std::string_view route;       ///< the route's metrics label, or Metrics::kUnmatched
        bool live = false;            ///< the route turns a WebSocket upgrade into a live channel (openLive)
    };

    /// Looks up the route of a request line before its body is read. Thread-safe.
    [[nodiscard]] Admission admit(std::string_view method, std::string_view path) const;

    /// The response and the metrics label of the route that produced it (Metrics::kUnmatched when none).
    struct Outcome {
        HttpResponse response;
        std::string_view route;
    };

    /// Routes and runs the handler. A handler's exception becomes 500 general.internal (and is logged).
    [[nodiscard]] Outcome dispatch(const HttpRequest& request) const;

    /// Opens the live channel of a WebSocket upgrade request on a route with a LiveOpener (the
    /// transport asks only when admit() said `live`). An exception of the opener becomes general.internal
    /// (and is logged); a route without an opener gives http.bad_request.
    [[nodiscard]] shared::Result<LiveGrant> openLive(const HttpRequest& request, Notifier::Wake wake) const;

    /// One answered request, as the transport saw it.
    struct Exchange {
        std::string_view method;
        std::string_view path;
        std::string_view remote;
        std::string_view route; ///< label from Outcome, or Metrics::kUnmatched for transport-level answers
        unsigned status = 0;
        std::chrono::nanoseconds duration{0};
    };

    /// Counts the exchange in the metrics and writes the access log line (info, msg "request").
    void record(const Exchange& exchange) const;

private:
    const Router& m_router;
    Metrics& m_metrics;
    Logger& m_logger;
    std::size_t m_defaultMaxBody;
};

} // namespace jejak::server
