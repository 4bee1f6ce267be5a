// SPDX-License-Identifier: Apache-2.0
// The sync endpoints over Storage::applyOp and Storage::pull.
#include "handlers/sync.hpp"

#include "http_errors.hpp"
#include "storage/storage.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>

namespace jejak::server {

namespace {

template <class T> shared::Result<T> decodeBody(const HttpRequest& request) {
    auto json = shared::parseJson(request.body);
    if (!json)
        return std::move(json).error();
    return shared::decode<T>(*json);
}

} // namespace

HttpResponse handlePush(const HttpRequest& request, const RouteParams& /*params*/, AppState& state,
                        const Caller& caller) {
    auto push = decodeBody<sync::PushRequest>(request);
    if (!push)
        return errorResponse(push.error());
    if (push->deviceId != caller.deviceId) {
        return errorResponse(shared::Error(shared::ErrorCode::AuthForbidden, "deviceId",
                                           "the batch names another device than this session's"));
    }
    sync::PushResponse response;
    response.results.reserve(push->ops.size());
    for (const sync::Op& op : push->ops) {
        auto applied = state.storage.applyOp(caller, op);
        if (applied) {
            response.results.push_back(std::move(applied).value());
            continue;
        }
        sync::OpResult failed;
        failed.opId = op.opId;
        failed.ok = false;
        failed.error = sync::toErrorBody(applied.error());
        response.results.push_back(std::move(failed));
    }
    return jsonResponse(200, boost::json::serialize(sync::toJson(response)));
}

HttpResponse handlePull(const HttpRequest& request, const RouteParams& /*params*/, AppState& state,
                        const Caller& caller) {
    auto pull = decodeBody<sync::PullRequest>(request);
    if (!pull)
        return errorResponse(pull.error());
    auto page = state.storage.pull(caller, *pull);
    if (!page)
        return errorResponse(page.error());
    HttpResponse r = jsonResponse(200, boost::json::serialize(sync::toJson(*page)));
    r.headers.set("Cache-Control", "no-store");
    return r;
}

} // namespace jejak::server
