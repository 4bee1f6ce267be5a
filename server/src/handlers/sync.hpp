// SPDX-License-Identifier: Apache-2.0
// The sync endpoints: push a batch of ops, pull the change feed.
#pragma once

#include "app_state.hpp"
#include "caller.hpp"
#include "http_message.hpp"
#include "router.hpp"

namespace jejak::server {

/// POST /v1/sync/push, body sync::PushRequest. The batch's deviceId must be the caller's session device
/// (403 auth.forbidden, field "deviceId", otherwise). Each op is applied in order, independently, in a
/// durable transaction of its own (Storage::applyOp); a failed op does not stop the batch, because ops of
/// one batch are the device's independent user actions and each carries its own result: the client
/// keeps the failed ones (retrying the transient ones) and drops the others. 200 sync::PushResponse with
/// one OpResult per op, in order; 400 for a body that is not a PushRequest.
[[nodiscard]] HttpResponse handlePush(const HttpRequest& request, const RouteParams& params, AppState& state,
                                      const Caller& caller);

/// POST /v1/sync/pull, body sync::PullRequest. 200 sync::PullResponse (Storage::pull); 400 json.bad_value
/// ("cursor") for a cursor this server did not issue.
[[nodiscard]] HttpResponse handlePull(const HttpRequest& request, const RouteParams& params, AppState& state,
                                      const Caller& caller);

} // namespace jejak::server
