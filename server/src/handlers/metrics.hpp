// SPDX-License-Identifier: Apache-2.0
// GET /metrics: the Prometheus scrape endpoint.
#pragma once

#include "app_state.hpp"
#include "http_message.hpp"
#include "router.hpp"

namespace jejak::server {

/// 200 with the metrics registry in the Prometheus text format (text/plain; version=0.0.4). Thread-safe.
[[nodiscard]] HttpResponse handleMetrics(const HttpRequest& request, const RouteParams& params, AppState& state);

} // namespace jejak::server
