// SPDX-License-Identifier: Apache-2.0
// GET /v1/health: liveness, version and uptime.
#pragma once

#include "app_state.hpp"
#include "http_message.hpp"
#include "router.hpp"

namespace jejak::server {

/// 200 `{"status":"ok","version":"0.1.0","uptimeSeconds":12}`. Thread-safe.
[[nodiscard]] HttpResponse handleHealth(const HttpRequest& request, const RouteParams& params, AppState& state);

} // namespace jejak::server
