// SPDX-License-Identifier: Apache-2.0
// GET /v1/health.
#include "handlers/health.hpp"

#include "http_errors.hpp"
#include "storage/storage.hpp"

#include <boost/json.hpp>

namespace jejak::server {

HttpResponse handleHealth(const HttpRequest& /*request*/, const RouteParams& /*params*/, AppState& state) {
    const auto uptime = std::chrono::steady_clock::now() - state.startedAt;
    boost::json::object o;
    o["status"] = "ok";
    o["version"] = state.version;
    o["uptimeSeconds"] = std::chrono::duration_cast<std::chrono::seconds>(uptime).count();
    o["referenceVersion"] = state.storage.referenceSnapshot().version; // in memory: no database access
    return jsonResponse(200, boost::json::serialize(o));
}

} // namespace jejak::server
