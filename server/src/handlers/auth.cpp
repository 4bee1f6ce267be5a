// SPDX-License-Identifier: Apache-2.0
// The /v1/auth endpoints over the Auth service.
#include "handlers/auth.hpp"

#include "auth/auth.hpp"
#include "http_errors.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>

namespace jejak::server {

namespace {

HttpResponse revokedResponse(std::string_view sessionId) {
    boost::json::object o;
    o["sessionId"] = sessionId;
    return jsonResponse(200, boost::json::serialize(o));
}

} // namespace

HttpResponse handleLogin(const HttpRequest& request, const RouteParams& /*params*/, AppState& state) {
    if (auto version = sync::checkProtocolVersion(request.headers.find(sync::kProtocolHeader).value_or(""));
        !version) {
        return errorResponse(version.error());
    }
    auto json = shared::parseJson(request.body);
    if (!json) {
        return errorResponse(json.error());
    }
    auto login = shared::decode<sync::LoginRequest>(*json);
    if (!login) {
        return errorResponse(login.error());
    }
    LoginAttempt attempt = state.auth.login(*login, request.remoteAddress);
    if (!attempt.result) {
        HttpResponse r = errorResponse(attempt.result.error());
        if (attempt.retryAfter.count() > 0) {
            r.headers.set("Retry-After", std::to_string(attempt.retryAfter.count()));
        }
        return r;
    }
    HttpResponse r = jsonResponse(200, boost::json::serialize(sync::toJson(*attempt.result)));
    r.headers.set("Cache-Control", "no-store"); // the token must not be kept by any cache
    return r;
}

HttpResponse handleLogout(const HttpRequest& request, const RouteParams& /*params*/, AppState& state) {
    auto caller = state.auth.authenticate(request);
    if (!caller) {
        return errorResponse(caller.error());
    }
    if (auto done = state.auth.logout(*caller); !done) {
        return errorResponse(done.error());
    }
    return revokedResponse(caller->sessionId);
}

HttpResponse handleListSessions(const HttpRequest& request, const RouteParams& /*params*/, AppState& state) {
    auto caller = state.auth.authenticate(request);
    if (!caller) {
        return errorResponse(caller.error());
    }
    auto sessions = state.auth.sessions(*caller);
    if (!sessions) {
        return errorResponse(sessions.error());
    }
    boost::json::array list;
    for (const SessionInfo& s : *sessions) {
        boost::json::object o;
        o["sessionId"] = s.sessionId;
        o["deviceId"] = s.deviceId;
        o["deviceName"] = s.deviceName;
        o["createdAt"] = shared::formatTimestamp(s.createdAt);
        o["expiresAt"] = shared::formatTimestamp(s.expiresAt);
        o["current"] = s.current;
        list.push_back(std::move(o));
    }
    boost::json::object body;
    body["sessions"] = std::move(list);
    HttpResponse r = jsonResponse(200, boost::json::serialize(body));
    r.headers.set("Cache-Control", "no-store");
    return r;
}

HttpResponse handleRevokeSession(const HttpRequest& request, const RouteParams& params, AppState& state) {
    auto caller = state.auth.authenticate(request);
    if (!caller) {
        return errorResponse(caller.error());
    }
    const std::string_view sessionId = params.get("sessionId");
    if (auto done = state.auth.revokeSession(*caller, sessionId); !done) {
        return errorResponse(done.error());
    }
    return revokedResponse(sessionId);
}

} // namespace jejak::server
