// SPDX-License-Identifier: Apache-2.0
// GET /metrics.
#include "handlers/metrics.hpp"

namespace jejak::server {

HttpResponse handleMetrics(const HttpRequest& /*request*/, const RouteParams& /*params*/, AppState& state) {
    HttpResponse r;
    r.contentType = "text/plain; version=0.0.4; charset=utf-8";
    r.body = state.metrics.renderPrometheus();
    return r;
}

} // namespace jejak::server
