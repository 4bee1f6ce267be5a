// SPDX-License-Identifier: Apache-2.0
// GET /v1/health: liveness, version, uptime and the reference-data version.
#pragma once

#include "app_state.hpp"
#include "http_message.hpp"
#include "router.hpp"

namespace jejak::server {

/// 200 `{"status":"ok","version":"0.1.0","uptimeSeconds":12,"referenceVersion":3}`; referenceVersion is
/// that of the reference snapshot in memory (0 before the first import). Thread-safe.
[[nodiscard]] HttpResponse handleHealth(const HttpRequest& request, const RouteParams& params, AppState& state);

} // namespace jejak::server
