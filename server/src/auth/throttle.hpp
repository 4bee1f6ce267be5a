// SPDX-License-Identifier: Apache-2.0
// LoginThrottle: counts failed logins per NIP and per remote address in a sliding window.
#pragma once

#include "jejak/shared/time.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace jejak::server {

/// When logins are refused for a while.
struct ThrottleOptions {
    std::size_t maxFailuresPerNip = 5;      ///< failures of one NIP within the window
    std::size_t maxFailuresPerAddress = 20; ///< failures from one remote address within the window
    std::chrono::milliseconds window{15 * 60 * 1000};
    std::size_t maxTrackedKeys = 100'000; ///< bound on the NIPs plus addresses remembered at once
};

/// Sliding-window throttle of failed logins. A key (a NIP, or a remote address) is throttled while it
/// has at least its limit of failures in the last `window`; it is free again when the oldest of those
/// leaves the window, which is what retryAfter says. A successful login clears the NIP's failures (not
/// the address's: one good password must not unlock guessing at other accounts from the same place).
///
/// State is in memory, per process: a restart forgets it, and several server processes (PostgreSQL
/// deployments) each count on their own, so the effective limit is per process. Memory is bounded: at
/// most maxTrackedKeys NIPs and as many addresses, each with at most its limit of timestamps; when full,
/// keys whose failures have all left the window are dropped first, then the key whose last failure is
/// oldest.
/// Thread-safe (one mutex).
class LoginThrottle {
  public:
    explicit LoginThrottle(ThrottleOptions options = {})
        : m_options(options) {}

    /// Zero when a login for this NIP from this address may be tried at `now`, else how long until it may
    /// (at least one second, rounded up).
    [[nodiscard]] std::chrono::seconds retryAfter(std::string_view nip, std::string_view address,
                                                  shared::Timestamp now);
    /// Counts one failed login.
    void recordFailure(std::string_view nip, std::string_view address, shared::Timestamp now);
    /// Forgets the NIP's failures after a successful login.
    void recordSuccess(std::string_view nip);

    [[nodiscard]] const ThrottleOptions& options() const noexcept { return m_options; }
    /// NIPs plus addresses currently remembered (at most 2 x maxTrackedKeys).
    [[nodiscard]] std::size_t trackedKeys() const;

  private:
    /// The failures of one key in the window, oldest first (at most the key's limit are kept).
    using Failures = std::deque<shared::Timestamp>;
    using Map = std::unordered_map<std::string, Failures>;

    [[nodiscard]] shared::Timestamp freeAt(Map& map, std::string_view key, std::size_t limit,
                                           shared::Timestamp now);
    void add(Map& map, std::string_view key, std::size_t limit, shared::Timestamp now);
    void makeRoom(Map& map, shared::Timestamp now);

    const ThrottleOptions m_options;
    mutable std::mutex m_mutex;
    Map m_byNip; // guarded by m_mutex, like m_byAddress
    Map m_byAddress;
};

} // namespace jejak::server
