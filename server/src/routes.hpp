// SPDX-License-Identifier: Apache-2.0
// The server's route table: which handler serves which (method, path).
#pragma once

#include "app_state.hpp"
#include "router.hpp"

#include "jejak/shared/error.hpp"

namespace jejak::server {

/// Every route of the server, with handlers bound to `state` (which must outlive the router):
/// GET /v1/health, GET /metrics, POST /v1/auth/login, POST /v1/auth/logout, GET /v1/auth/sessions,
/// DELETE /v1/auth/sessions/{sessionId}; behind authentication the evidence blob routes of handlers/blobs.hpp
/// (GET and PUT /v1/blobs/{sha256}, GET /v1/blobs/{sha256}/content and /thumbnail).
[[nodiscard]] shared::Result<Router> buildRouter(AppState& state);

} // namespace jejak::server
