// SPDX-License-Identifier: Apache-2.0
// The link benchmark's baseline (scripts/bench_sync.sh): a plain HTTP/1.1 upload of files over TCP
// sockets, and the sink that receives them. No protocol beyond one PUT per file on keep-alive connections.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace jejak::bench {

/// An HTTP sink: answers every request (any method and path, body of Content-Length bytes, which are
/// counted and dropped) with 200 and `{"received":N}`, on keep-alive connections, one thread each.
/// start() once, then stop() (also the destructor) closes the listener and every connection and joins.
class HttpSink {
  public:
    HttpSink() = default;
    HttpSink(const HttpSink&) = delete;
    HttpSink& operator=(const HttpSink&) = delete;
    ~HttpSink();

    /// Listens on IPv4 `address`:`port` (0: any free port). nullopt when listening, else the reason.
    [[nodiscard]] std::optional<std::string> start(const std::string& address, std::uint16_t port);
    /// The port listened on (after start()).
    [[nodiscard]] std::uint16_t port() const noexcept { return m_port; }
    /// Body bytes and requests received so far.
    [[nodiscard]] std::uint64_t bodyBytes() const noexcept { return m_bodyBytes.load(); }
    [[nodiscard]] std::uint64_t requests() const noexcept { return m_requests.load(); }
    void stop();

  private:
    void acceptLoop();
    void serve(int fd);

    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::uint64_t> m_bodyBytes{0};
    std::atomic<std::uint64_t> m_requests{0};
    std::thread m_acceptor;
    std::mutex m_mutex; ///< guards m_connections and m_workers
    std::vector<int> m_connections;
    std::vector<std::thread> m_workers;
};

/// What to upload and how.
struct UploadOptions {
    std::string host; ///< IPv4 address
    std::uint16_t port = 0;
    /// The TCP congestion control set on every socket with TCP_CONGESTION before connecting (empty: the
    /// system's default). Setting one the namespace does not allow needs CAP_NET_ADMIN.
    std::string congestion;
    unsigned connections = 1; ///< parallel keep-alive connections; files are taken in turn
};

/// What an upload measured.
struct UploadReport {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;   ///< body bytes acknowledged by the sink
    double seconds = 0;        ///< first connect() started to last answer received
    double connectMs = 0;      ///< the first connection's TCP handshake
    std::string congestion;    ///< what the first socket reports (getsockopt TCP_CONGESTION)
};

/// PUTs each file's bytes to /upload/<index> and waits for the 200 answer. Any failure ends the upload
/// with the reason (no retry: a baseline measures one clean transfer).
[[nodiscard]] std::variant<UploadReport, std::string> uploadFiles(const UploadOptions& options,
                                                                  const std::vector<std::string>& files);

} // namespace jejak::bench
