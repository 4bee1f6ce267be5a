// SPDX-License-Identifier: Apache-2.0
// GET /v1/sync/live: who may open a live notification channel, and the answer to a request without one.
#pragma once

#include "app_state.hpp"
#include "http_message.hpp"
#include "notifier.hpp"
#include "router.hpp"

#include "jejak/shared/error.hpp"

#include <string_view>

namespace jejak::server {

/// The live channel's path.
inline constexpr std::string_view kLivePath = "/v1/sync/live";

/// Opens the caller's live channel (the route's LiveOpener): checks X-Jejak-Protocol when the
/// request has it (protocol.version, 426), authenticates the session (auth.unauthenticated, 401, and the
/// other errors of Auth::authenticate), and subscribes the caller's NIP to state.notifier with `wake`
/// (http.too_many_connections, 503, when the NIP or the server is at its limit; general.internal when
/// state.notifier is unset).
[[nodiscard]] shared::Result<LiveGrant> openLiveChannel(const HttpRequest& request, Notifier::Wake wake,
                                                        AppState& state);

/// The same path without a WebSocket upgrade: 426 http.upgrade_required with `Upgrade: websocket`.
[[nodiscard]] HttpResponse handleLiveWithoutUpgrade(const HttpRequest& request, const RouteParams& params,
                                                    AppState& state);

} // namespace jejak::server
