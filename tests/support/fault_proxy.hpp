// SPDX-License-Identifier: Apache-2.0
// FaultProxy: an in-process TCP proxy in front of a real jejak-server that injects network faults on demand.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace jejak::testing {

namespace detail {
struct FaultProxyState;
}

/// Which way bytes flow through the proxy.
enum class Direction { ToServer, ToClient };

/// What the proxy did so far. Every fault counts when it takes effect, not when it is armed.
struct FaultCounters {
    std::uint64_t connections = 0;      ///< client connections accepted
    std::uint64_t upstreamFailures = 0; ///< client connections closed because the server did not accept
    std::uint64_t cuts = 0;             ///< connections closed (FIN both ways) after N bytes one way
    std::uint64_t uploadResets = 0;     ///< connections reset (RST both ways) in the middle of a blob upload
    std::uint64_t duplicates = 0;       ///< requests sent a second time whose second answer was read
    std::uint64_t delayedChunks = 0;    ///< chunks held back before forwarding
    std::uint64_t delayedConnections = 0; ///< connections held back before connecting to the server
    std::uint64_t refusals = 0;           ///< times the proxy started refusing new connections
    std::uint64_t bytesToServer = 0;
    std::uint64_t bytesToClient = 0;

    /// cuts + uploadResets + duplicates + refusals.
    [[nodiscard]] std::uint64_t faults() const noexcept {
        return cuts + uploadResets + duplicates + refusals;
    }
};

/// Listens on 127.0.0.1 (port 0: the kernel picks one) and forwards every connection to a server on
/// 127.0.0.1:upstreamPort, injecting the faults that are armed. Runs its own I/O thread; every public
/// member is thread-safe and may be called while connections are open. Rules take effect for the bytes
/// and connections that pass from then on; a fault armed for `times` fires at most that many times
/// across all connections (times < 0: every time) and then disarms itself.
///
/// The proxy follows the HTTP/1.1 requests on each client connection (framed by Content-Length) to know
/// where a request ends and how much of a blob upload's body has passed; a request with Transfer-Encoding
/// or Upgrade (WebSocket) turns the rest of that connection into plain forwarding.
class FaultProxy {
public:
    FaultProxy();
    /// stop().
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    /// Binds 127.0.0.1:0 and starts the I/O thread. Empty on success, else the reason.
    std::string start(std::uint16_t upstreamPort);
    /// Closes the listener and every connection and joins the I/O thread. Idempotent.
    void stop();

    /// The proxy's own port (clients connect here); 0 before start().
    [[nodiscard]] std::uint16_t port() const noexcept;
    /// Where new connections go from now on (a restarted server listens on a new port).
    void setUpstreamPort(std::uint16_t port);

    /// The next `times` connections that carry `bytes` bytes in `direction` are closed (FIN to both
    /// peers) right after the bytes-th byte is forwarded.
    void cutAfter(Direction direction, std::uint64_t bytes, int times = 1);
    /// Holds back every chunk by `perChunk` before forwarding it and every new connection by
    /// `perConnection` before it is connected to the server. Zero: no delay.
    void setDelay(std::chrono::milliseconds perChunk, std::chrono::milliseconds perConnection = {});
    /// The next `times` complete requests whose request line starts with `requestPrefix` (e.g.
    /// "POST /v1/sync/push"; empty: any) are sent to the server a second time on a fresh connection as
    /// soon as they have passed, like a replayed retransmission; that second answer is read and dropped.
    void duplicateRequests(int times = 1, std::string requestPrefix = {});
    /// The next `times` connections on which `bodyBytes` body bytes of one `PUT /v1/blobs/...` request
    /// have passed are reset (SO_LINGER 0: RST to both peers) right after those bytes.
    void resetUploadAfter(std::uint64_t bodyBytes, int times = 1);
    /// While on, the listener is closed, so a new connection is refused like an unreachable server;
    /// open connections are kept. Off reopens it on the same port. Takes effect before it returns.
    /// Empty on success, else the reason (the port could not be bound again).
    std::string refuseConnections(bool refuse);
    /// Disarms every fault, removes the delays and stops refusing.
    void clearRules();

    [[nodiscard]] FaultCounters counters() const;

private:
    std::unique_ptr<detail::FaultProxyState> m_state;
};

} // namespace jejak::testing
