// SPDX-License-Identifier: Apache-2.0
// Sliding windows of failed logins.
#include "auth/throttle.hpp"

#include <algorithm>

namespace jejak::server {

using shared::Timestamp;

Timestamp LoginThrottle::freeAt(Map& map, std::string_view key, std::size_t limit, Timestamp now) {
    const auto it = map.find(std::string(key));
    if (it == map.end()) {
        return now;
    }
    Failures& failures = it->second;
    while (!failures.empty() && failures.front() + m_options.window <= now) {
        failures.pop_front();
    }
    if (failures.empty()) {
        map.erase(it);
        return now;
    }
    if (failures.size() < limit) {
        return now;
    }
    // Throttled until enough failures leave the window for one more try to stay under the limit.
    return failures[failures.size() - limit] + m_options.window;
}

std::chrono::seconds LoginThrottle::retryAfter(std::string_view nip, std::string_view address,
                                               Timestamp now) {
    const std::lock_guard lock(m_mutex);
    const Timestamp free = std::max(freeAt(m_byNip, nip, m_options.maxFailuresPerNip, now),
                                    freeAt(m_byAddress, address, m_options.maxFailuresPerAddress, now));
    if (free <= now) {
        return std::chrono::seconds(0);
    }
    return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(free - now));
}

void LoginThrottle::makeRoom(Map& map, Timestamp now) {
    if (map.size() < m_options.maxTrackedKeys) {
        return;
    }
    std::erase_if(map, [&](const auto& entry) {
        return entry.second.empty() || entry.second.back() + m_options.window <= now;
    });
    if (map.size() < m_options.maxTrackedKeys) {
        return;
    }
    const auto oldest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
        return a.second.back() < b.second.back();
    });
    map.erase(oldest);
}

void LoginThrottle::add(Map& map, std::string_view key, std::size_t limit, Timestamp now) {
    auto it = map.find(std::string(key));
    if (it == map.end()) {
        makeRoom(map, now);
        it = map.emplace(std::string(key), Failures{}).first;
    }
    Failures& failures = it->second;
    failures.push_back(now);
    while (failures.size() > limit) {
        failures.pop_front(); // only the latest `limit` failures decide when the key is free again
    }
}

void LoginThrottle::recordFailure(std::string_view nip, std::string_view address, Timestamp now) {
    const std::lock_guard lock(m_mutex);
    add(m_byNip, nip, m_options.maxFailuresPerNip, now);
    add(m_byAddress, address, m_options.maxFailuresPerAddress, now);
}

std::size_t LoginThrottle::trackedKeys() const {
    const std::lock_guard lock(m_mutex);
    return m_byNip.size() + m_byAddress.size();
}

void LoginThrottle::recordSuccess(std::string_view nip) {
    const std::lock_guard lock(m_mutex);
    m_byNip.erase(std::string(nip));
}

} // namespace jejak::server
