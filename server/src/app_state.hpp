// SPDX-License-Identifier: Apache-2.0
// The application state handlers work on: the only mutable object shared between requests.
#pragma once

#include "caller.hpp"
#include "http_message.hpp"
#include "metrics.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace jejak::server {

class Auth;
class BlobStore;
class Notifier;
class Storage;

/// What handlers share. One per server process, created before the router and outliving every request.
/// Every member is safe to use from several handler threads at once. The services and hooks are set
/// before the first request and only read afterwards.
struct AppState {
    AppState(std::string serverVersion, Storage& storageService, const shared::Clock& clockSource, Auth& authService)
        : version(std::move(serverVersion)), startedAt(std::chrono::steady_clock::now()), storage(storageService),
          clock(clockSource), auth(authService) {}

    const std::string version;                            ///< the server's version, e.g. "0.1.0"
    const std::chrono::steady_clock::time_point startedAt;
    Metrics metrics;
    Storage& storage;            ///< the database (storage/storage.hpp); outlives the HTTP server
    const shared::Clock& clock;  ///< "now" for every rule and time stamp (system clock, or --clock-start)
    Auth& auth;                                           ///< login, sessions, authenticate() (auth/auth.hpp)

    /// The evidence store (DIR/blobs); never null once requests are served.
    BlobStore* blobs = nullptr;
    /// Largest chunk body of PUT /v1/blobs/{sha256} (the route's body limit).
    std::size_t maxBlobChunkBytes = 1024 * 1024;
    /// Whether the caller may download a blob and its thumbnail. Empty: nobody may (default deny).
    std::function<bool(const Caller&, std::string_view sha256)> canReadBlob;
    /// The policy (evidence size limits) of the caller's instansi. Empty: the defaults of shared::Policy.
    std::function<shared::Policy(const Caller&)> evidencePolicy;
    /// Live notifications: the registry GET /v1/sync/live subscribes to and storage notifies after each
    /// committed group. Null: live upgrades are answered 500 general.internal.
    Notifier* notifier = nullptr;
};

} // namespace jejak::server
