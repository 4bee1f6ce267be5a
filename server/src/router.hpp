// SPDX-License-Identifier: Apache-2.0
// Routes (method, path pattern with {param} segments) to plain handler functions; 404/405 decisions.
#pragma once

#include "caller.hpp"
#include "http_message.hpp"
#include "notifier.hpp"

#include "jejak/shared/error.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::server {

/// The values of a route's `{name}` segments for one request, percent-decoded.
class RouteParams {
public:
    void add(std::string name, std::string value);
    /// The value of the named parameter; empty when the route has no such parameter.
    [[nodiscard]] std::string_view get(std::string_view name) const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return m_values.size(); }

private:
    std::vector<std::pair<std::string, std::string>> m_values;
};

/// A live notification channel granted to a WebSocket upgrade request: whom it serves, and their
/// subscription (the transport owns it for as long as the connection lives).
struct LiveGrant {
    Caller caller;
    Notifier::Subscription subscription;
};

/// Opens a live notification channel for a WebSocket upgrade request: checks the request (session,
/// protocol version) and subscribes the caller with `wake`, the transport's callback (Notifier::Wake).
/// The error is answered over HTTP instead of upgrading. Runs on a worker thread, several at once, so it
/// must be thread-safe; it may block.
using LiveOpener = std::function<shared::Result<LiveGrant>(const HttpRequest&, Notifier::Wake)>;

/// What the transport enforces for one route before its handler runs.
struct RouteOptions {
    std::size_t maxBodyBytes = 0; ///< largest accepted body; 0 means the server's default (maxBodyBytes)
    bool jsonBody = false;        ///< a request with a body must say Content-Type: application/json (else 415)
};

/// A handler: a plain function of the request. Runs on one of the server's worker threads, several at
/// once, so it must be thread-safe; it may block (database, password hashing) without stalling network
/// I/O, but holds a worker meanwhile. It never sees sockets. Exceptions it throws become 500 general.internal.
using Handler = std::function<HttpResponse(const HttpRequest&, const RouteParams&)>;

/// A route table. Filled once at start-up, then only read (match() is thread-safe on a const Router).
/// Invariant: no two routes have the same method and the same pattern shape (literals equal, parameters
/// in the same positions).
class Router {
public:
    /// One path segment of a pattern: a literal, or a parameter name.
    struct Segment {
        std::string text;
        bool isParam = false;
    };

    /// One registered route.
    struct Route {
        std::string method;
        std::string pattern;  ///< as registered, e.g. "/v1/blobs/{digest}"
        std::string label;    ///< "METHOD pattern": the metrics label
        std::vector<Segment> segments;
        Handler handler;
        RouteOptions options;
        /// Set: a WebSocket upgrade request (RFC 6455) of this route becomes a live notification channel
        /// opened by this function; a request without the upgrade goes to the handler as usual.
        LiveOpener live;
    };

    /// The outcome of routing one request line.
    struct Match {
        enum class Kind { Found, NotFound, MethodNotAllowed };
        Kind kind = Kind::NotFound;
        const Route* route = nullptr; ///< set when Found; points into the router
        RouteParams params;           ///< set when Found
        std::string allow;            ///< set when MethodNotAllowed: the path's methods, e.g. "GET, POST"
    };

    /// Registers a route. A pattern is "/" or "/" followed by non-empty segments separated by "/", each a
    /// literal or `{name}` (name: letters, digits, underscore). Fails with general.invalid_argument when the
    /// pattern is malformed, the method is empty, the handler is empty, or the route duplicates another.
    /// `live`: see Route::live.
    [[nodiscard]] shared::Result<void> add(std::string method, std::string_view pattern, Handler handler,
                                           RouteOptions options = {}, LiveOpener live = {});

    /// Routes a request: Found (the most specific pattern: at the first differing segment a literal beats
    /// a parameter), MethodNotAllowed (the path matches only routes of other methods), or NotFound.
    /// `path` is the raw path (no query); parameters are percent-decoded, and a segment with a broken
    /// escape matches literals only. Thread-safe.
    [[nodiscard]] Match match(std::string_view method, std::string_view path) const;

    [[nodiscard]] const std::vector<Route>& routes() const noexcept { return m_routes; }

private:
    std::vector<Route> m_routes;
};

} // namespace jejak::server
