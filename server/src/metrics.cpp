// SPDX-License-Identifier: Apache-2.0
// Metrics counting and Prometheus text rendering.
#include "metrics.hpp"

#include <cstdio>

namespace jejak::server {
namespace {

std::string escapeLabel(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string formatDouble(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

} // namespace

void Metrics::requestCompleted(std::string_view route, unsigned status, std::chrono::nanoseconds duration) {
    const double seconds = std::chrono::duration<double>(duration).count();
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) {
        ++bucket;
    }
    m_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
    m_durationSumMicros.fetch_add(static_cast<std::uint64_t>(micros < 0 ? 0 : micros), std::memory_order_relaxed);

    const unsigned cls = status / 100;
    const std::size_t index = (cls >= 1 && cls <= 5) ? cls - 1 : 4;
    const std::lock_guard lock(m_mutex);
    auto it = m_requests.find(route);
    if (it == m_requests.end()) {
        it = m_requests.emplace(std::string(route), ClassCounts{}).first;
    }
    ++it->second[index];
}

std::string Metrics::renderPrometheus() const {
    std::string out;
    out += "# HELP jejak_http_requests_total HTTP requests answered, by route and status class.\n";
    out += "# TYPE jejak_http_requests_total counter\n";
    {
        const std::lock_guard lock(m_mutex);
        for (const auto& [route, counts] : m_requests) {
            for (std::size_t i = 0; i < counts.size(); ++i) {
                if (counts[i] == 0) {
                    continue;
                }
                out += "jejak_http_requests_total{route=\"" + escapeLabel(route) + "\",status=\"" +
                       std::to_string(i + 1) + "xx\"} " + std::to_string(counts[i]) + "\n";
            }
        }
    }
    out += "# HELP jejak_http_requests_in_flight HTTP requests being received, handled or answered.\n";
    out += "# TYPE jejak_http_requests_in_flight gauge\n";
    out += "jejak_http_requests_in_flight " + std::to_string(inFlight()) + "\n";
    out += "# HELP jejak_http_open_connections Open client connections (TCP or TLS).\n";
    out += "# TYPE jejak_http_open_connections gauge\n";
    out += "jejak_http_open_connections " + std::to_string(openConnections()) + "\n";
    out += "# HELP jejak_live_connections Open live notification (WebSocket) connections.\n";
    out += "# TYPE jejak_live_connections gauge\n";
    out += "jejak_live_connections " + std::to_string(liveConnections()) + "\n";
    out += "# HELP jejak_http_request_duration_seconds Time from a request's first byte to its response sent.\n";
    out += "# TYPE jejak_http_request_duration_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        const std::string le = i < kBuckets.size() ? formatDouble(kBuckets[i]) : "+Inf";
        out += "jejak_http_request_duration_seconds_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
    }
    const double sum = static_cast<double>(m_durationSumMicros.load(std::memory_order_relaxed)) / 1e6;
    out += "jejak_http_request_duration_seconds_sum " + formatDouble(sum) + "\n";
    out += "jejak_http_request_duration_seconds_count " + std::to_string(cumulative) + "\n";
    return out;
}

} // namespace jejak::server
