// SPDX-License-Identifier: Apache-2.0
// The HTTP/1.1 (and HTTPS) transport: listener, sessions, deadlines, limits and graceful drain.
#pragma once

#include "config.hpp"
#include "dispatcher.hpp"
#include "logger.hpp"
#include "metrics.hpp"

#include "jejak/shared/error.hpp"

#include <chrono>
#include <cstdint>
#include <memory>

namespace jejak::server {

/// Serves HTTP/1.1 with keep-alive on Boost.Asio, over TLS (OpenSSL) when a certificate is configured,
/// on `threads` network threads. Each connection handles one request at a time; a complete request goes
/// to the Dispatcher on a pool of `workerThreads` handler threads, so a handler that blocks (a durable
/// commit, an Argon2id hash) never stalls the network threads, and its response is written back on the
/// connection's strand. The handler queue is bounded by the connection limit (one request per connection).
/// This class is the only one that knows sockets.
///
/// Limits and what a client sees when it hits them (every error answer is a JSON error body):
/// - request line + headers over maxHeaderBytes: 431 http.header_too_large, connection closed;
/// - body over the route's limit (Content-Length checked before reading, chunked while reading):
///   413 http.payload_too_large, connection closed;
/// - malformed HTTP: 400 http.bad_request, connection closed;
/// - a request not complete within readTimeout of its first byte: 408 http.timeout, connection closed
///   (a client that dribbles its headers is cut off); a TLS handshake is bounded by readTimeout too;
/// - no next request within idleTimeout on a keep-alive connection (readTimeout for the first request):
///   the connection is closed silently; a response not sent within writeTimeout: closed.
/// - connection limit: up to maxConnections connections are served. Beyond that the server keeps
///   accepting, reads the request's header and answers 503 http.too_many_connections (transient,
///   Retry-After: 1) and closes: a client learns why instead of timing out in the kernel's backlog. At most
///   max(8, maxConnections / 8) connections are being turned away at once; past that, new connections are
///   closed right after accept, so a flood costs a bounded amount of work.
/// Memory per connection is bounded: one request at a time, the read buffer holds at most
/// maxHeaderBytes + 16 KiB, the body at most the route's limit.
///
/// Live channels: a WebSocket upgrade request on a route registered with a LiveOpener (GET /v1/sync/live)
/// is authorized by that opener on a worker (Dispatcher::openLive; a refusal is an ordinary HTTP answer),
/// then the connection leaves the HTTP sessions: it no longer counts against maxConnections (the opener's
/// Notifier caps live channels, --max-live-connections) and becomes a server-to-client channel that sends
/// `{"type":"hello","seq":N}` and `{"type":"changed","seq":N}` on each Notifier wake, pinged every
/// livePingInterval and closed when no pong comes back within as long; at most one message waits behind
/// the one being written (the latest "changed"), each write is bounded by writeTimeout, and a client
/// message closes the channel (1008; over 4 KiB: 1009).
///
/// Thread-safety: start() and stop() are called from one controlling thread; port() from any thread.
class HttpServer {
public:
    /// The referenced objects must outlive the server, and so must the Notifier that live routes subscribe
    /// to. Notifier wakes may come from any thread until the server is destroyed.
    HttpServer(const ServerConfig& config, const Dispatcher& dispatcher, Metrics& metrics, Logger& logger);
    /// Stops at once (no drain) if still running.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Loads the TLS certificate (when configured), binds, listens, starts the network threads and logs
    /// `{"msg":"listening","address":...,"port":N,"tls":bool,...}`. Fails with server.config_invalid (bad
    /// address, unreadable certificate or key) or server.listen_failed (bind or listen refused).
    [[nodiscard]] shared::Result<void> start();

    /// The bound port (the real one when configured as 0); 0 before start().
    [[nodiscard]] std::uint16_t port() const noexcept;

    /// Graceful stop: stops accepting, closes idle keep-alive connections, closes live channels with a close
    /// frame (1001 going away), lets requests in progress finish (their responses say Connection: close),
    /// waits up to `drainTimeout` for every connection to end,
    /// then stops the threads (closing whatever is left) and waits for handlers still running on workers
    /// (their answers are dropped). True when every connection ended in time.
    bool stop(std::chrono::milliseconds drainTimeout);

    class Impl; ///< defined in http_server.cpp with the Asio types

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace jejak::server
