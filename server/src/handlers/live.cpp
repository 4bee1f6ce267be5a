// SPDX-License-Identifier: Apache-2.0
// The live channel's admission: protocol version, session, subscription.
#include "handlers/live.hpp"

#include "auth/auth.hpp"
#include "http_errors.hpp"

#include "jejak/sync/protocol.hpp"

namespace jejak::server {

shared::Result<LiveGrant> openLiveChannel(const HttpRequest& request, Notifier::Wake wake, AppState& state) {
    if (const auto version = request.headers.find(sync::kProtocolHeader)) {
        if (auto checked = sync::checkProtocolVersion(*version); !checked) {
            return std::move(checked).error();
        }
    }
    auto caller = state.auth.authenticate(request);
    if (!caller) {
        return std::move(caller).error();
    }
    if (state.notifier == nullptr) {
        return shared::Error(shared::ErrorCode::Internal, {}, "live notifications are not configured");
    }
    auto subscription = state.notifier->subscribe(caller->nip, std::move(wake));
    if (!subscription) {
        return std::move(subscription).error();
    }
    return LiveGrant{std::move(*caller), std::move(*subscription)};
}

HttpResponse handleLiveWithoutUpgrade(const HttpRequest& /*request*/, const RouteParams& /*params*/,
                                      AppState& /*state*/) {
    HttpResponse r = errorResponse(shared::Error(shared::ErrorCode::HttpUpgradeRequired, "Upgrade",
                                                 "connect with a WebSocket upgrade (Upgrade: websocket)"));
    r.headers.set("Upgrade", "websocket");
    return r;
}

} // namespace jejak::server
