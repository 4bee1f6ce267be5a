// SPDX-License-Identifier: Apache-2.0
// The server's small metrics registry, rendered in the Prometheus text exposition format.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace jejak::server {

/// HTTP metrics of one server process: requests by route and status class, in-flight requests, open
/// connections, live notification connections, and a request-duration histogram. Thread-safe: gauges and
/// the histogram are atomics; the per-route counters sit behind one mutex. Invariant: route labels are
/// route patterns ("GET /v1/health") or kUnmatched, never raw paths, so the registry stays small whatever
/// clients send.
class Metrics {
public:
    /// The route label of requests that matched no route (404, 405, and transport errors such as 400).
    static constexpr std::string_view kUnmatched = "unmatched";
    /// Upper bounds (seconds) of the duration histogram buckets; +Inf is implicit.
    static constexpr std::array<double, 12> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,   1.0,  2.5,   5.0,  10.0};

    void connectionOpened() noexcept { m_openConnections.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed() noexcept { m_openConnections.fetch_sub(1, std::memory_order_relaxed); }
    /// A live (WebSocket) connection opened or closed; these are not counted as open HTTP connections.
    void liveOpened() noexcept { m_liveConnections.fetch_add(1, std::memory_order_relaxed); }
    void liveClosed() noexcept { m_liveConnections.fetch_sub(1, std::memory_order_relaxed); }
    /// A request began arriving (first byte read). Each call is paired with exactly one requestEnded().
    void requestStarted() noexcept { m_inFlight.fetch_add(1, std::memory_order_relaxed); }
    void requestEnded() noexcept { m_inFlight.fetch_sub(1, std::memory_order_relaxed); }
    /// Counts one answered request under its route label and status class, and its duration.
    void requestCompleted(std::string_view route, unsigned status, std::chrono::nanoseconds duration);

    [[nodiscard]] std::int64_t openConnections() const noexcept {
        return m_openConnections.load(std::memory_order_relaxed);
    }
    [[nodiscard]] std::int64_t inFlight() const noexcept { return m_inFlight.load(std::memory_order_relaxed); }
    [[nodiscard]] std::int64_t liveConnections() const noexcept {
        return m_liveConnections.load(std::memory_order_relaxed);
    }

    /// The whole registry in the Prometheus text format (version 0.0.4).
    [[nodiscard]] std::string renderPrometheus() const;

private:
    using ClassCounts = std::array<std::uint64_t, 5>; // 1xx..5xx

    std::atomic<std::int64_t> m_openConnections{0};
    std::atomic<std::int64_t> m_inFlight{0};
    std::atomic<std::int64_t> m_liveConnections{0};
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> m_buckets{}; // last: +Inf only
    std::atomic<std::uint64_t> m_durationSumMicros{0};
    mutable std::mutex m_mutex;
    std::map<std::string, ClassCounts, std::less<>> m_requests; // guarded by m_mutex
};

} // namespace jejak::server
