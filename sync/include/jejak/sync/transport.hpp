// SPDX-License-Identifier: Apache-2.0
// The network as the sync engine sees it: one blocking HTTP exchange, injected by the host.
//
// The engine core includes neither Qt nor Asio. Each host plugs in its own implementation: the mobile app
// a Qt Network one (mobile/), the headless client, the tests and the load generator a Boost.Beast one
// (sync/client/). Tests of the engine itself use a fake that answers from a queue (tests/sync).
//
// Threading contract
//   - exchange() blocks the calling thread until a complete response arrived or the exchange failed.
//   - exchange() must be safe to call from several threads at once: the engine uploads up to
//     EngineOptions::maxParallelUploads blobs in parallel, each on its own thread, while the pusher and
//     puller use the engine's calling thread. An implementation that cannot run exchanges in parallel may
//     serialise them internally; it must not deadlock.
//   - cancel() may be called from any thread; it makes every exchange in progress, and every later one
//     until resume(), fail promptly with ErrorCode::SyncCancelled.
//   - The transport never retries by itself and never interprets HTTP statuses: a response with any
//     status is a success of the exchange. Only "no complete response" is an error.
#pragma once

#include "jejak/shared/error.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::sync {

struct HttpHeader {
    std::string name;
    std::string value;
    friend bool operator==(const HttpHeader&, const HttpHeader&) = default;
};

struct HttpRequest {
    std::string method;               ///< "GET", "PUT", "POST"
    std::string url;                  ///< absolute: the session's server URL + path, e.g. "http://10.0.0.2:8080/v1/sync/pull"
    std::vector<HttpHeader> headers;  ///< Authorization, Content-Type, Content-Range, X-Jejak-Protocol ...
    std::string body;
    std::chrono::milliseconds timeout{30'000}; ///< for the whole exchange
};

struct HttpResponse {
    int status = 0;
    std::vector<HttpHeader> headers;
    std::string body;

    /// The first header of that name (case-insensitive), or empty.
    [[nodiscard]] std::string header(std::string_view name) const;
};

class Transport {
public:
    virtual ~Transport() = default;
    /// One request, one response. Errors (all transient): ErrorCode::SyncNetwork when no complete response
    /// arrived (refused, reset, timed out, DNS), ErrorCode::SyncCancelled after cancel().
    [[nodiscard]] virtual shared::Result<HttpResponse> exchange(const HttpRequest& request) = 0;
    virtual void cancel() = 0;
    virtual void resume() = 0;
};

} // namespace jejak::sync
