// SPDX-License-Identifier: Apache-2.0
// The application state handlers work on: the only mutable object shared between requests.
#pragma once

#include "metrics.hpp"

#include <chrono>
#include <string>

namespace jejak::server {

class Auth;

/// What handlers share. One per server process, created before the router and outliving every request.
/// Every member is safe to use from several handler threads at once.
struct AppState {
    AppState(std::string serverVersion, Auth& authService)
        : version(std::move(serverVersion)), startedAt(std::chrono::steady_clock::now()), auth(authService) {}

    const std::string version;                            ///< the server's version, e.g. "0.1.0"
    const std::chrono::steady_clock::time_point startedAt;
    Metrics metrics;
    Auth& auth;                                           ///< login, sessions, authenticate() (auth/auth.hpp)
};

} // namespace jejak::server
