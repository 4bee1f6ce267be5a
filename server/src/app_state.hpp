// SPDX-License-Identifier: Apache-2.0
// The application state handlers work on: the only mutable object shared between requests.
#pragma once

#include "metrics.hpp"

#include "jejak/shared/time.hpp"

#include <chrono>
#include <string>

namespace jejak::server {

class Storage;

/// What handlers share. One per server process, created before the router and outliving every request.
/// Every member is safe to use from several network threads at once.
struct AppState {
    AppState(std::string serverVersion, Storage& storageService, const shared::Clock& clockSource)
        : version(std::move(serverVersion)), startedAt(std::chrono::steady_clock::now()), storage(storageService),
          clock(clockSource) {}

    const std::string version;                            ///< the server's version, e.g. "0.1.0"
    const std::chrono::steady_clock::time_point startedAt;
    Metrics metrics;
    Storage& storage;            ///< the database (storage/storage.hpp); outlives the HTTP server
    const shared::Clock& clock;  ///< "now" for every rule and time stamp (system clock, or --clock-start)
};

} // namespace jejak::server
