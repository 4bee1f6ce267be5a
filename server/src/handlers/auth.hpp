// SPDX-License-Identifier: Apache-2.0
// The /v1/auth endpoints: login, logout, the caller's sessions, and revoking one of them.
#pragma once

#include "app_state.hpp"
#include "http_message.hpp"
#include "router.hpp"

#include <cstddef>

namespace jejak::server {

/// Largest login body accepted (a LoginRequest is a few hundred bytes).
inline constexpr std::size_t kLoginMaxBodyBytes = 4 * 1024;

/// POST /v1/auth/login, no token. Needs the protocol header (X-Jejak-Protocol; else 426 protocol.version)
/// and a sync::LoginRequest body (400 json.*). 200 with a sync::LoginResponse and Cache-Control: no-store;
/// 401 auth.invalid_credentials (unknown NIP and wrong password alike), 429 auth.throttled with Retry-After
/// in seconds, 403 auth.account_disabled, 422 general.invalid_argument (device fields).
[[nodiscard]] HttpResponse handleLogin(const HttpRequest& request, const RouteParams& params,
                                       AppState& state);

/// POST /v1/auth/logout: revokes the session of the request's token. 200 `{"sessionId": "..."}`.
[[nodiscard]] HttpResponse handleLogout(const HttpRequest& request, const RouteParams& params,
                                        AppState& state);

/// GET /v1/auth/sessions: the caller's live sessions, oldest first:
/// `{"sessions": [{"sessionId", "deviceId", "deviceName", "createdAt", "expiresAt", "current"}]}`.
[[nodiscard]] HttpResponse handleListSessions(const HttpRequest& request, const RouteParams& params,
                                              AppState& state);

/// DELETE /v1/auth/sessions/{sessionId}: revokes one of the caller's own live sessions (e.g. a lost phone).
/// 200 `{"sessionId": "..."}`; 404 general.not_found when the caller has no live session of that id.
[[nodiscard]] HttpResponse handleRevokeSession(const HttpRequest& request, const RouteParams& params,
                                               AppState& state);

} // namespace jejak::server
