// SPDX-License-Identifier: Apache-2.0
// FakeTransport: a Transport for the engine's unit tests that answers from queues of replies, one queue per
// method and URL, and records every request. Thread-safe.
#pragma once

#include "jejak/sync/transport.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::testing {

class FakeTransport final : public sync::Transport {
  public:
    /// The server URL the fake stands for; requests carry absolute URLs under it.
    static constexpr std::string_view kServerUrl = "http://fake.test";
    /// kServerUrl + path.
    [[nodiscard]] static std::string url(std::string_view path);

    /// Queues `response` for the next request of `method` to kServerUrl + `path` that has no earlier reply.
    void reply(std::string_view method, std::string_view path, sync::HttpResponse response);
    /// Queues a JSON answer (Content-Type application/json).
    void replyJson(std::string_view method, std::string_view path, int status, const boost::json::value& body,
                   std::vector<sync::HttpHeader> headers = {});
    /// Queues an error answer with the ErrorBody of `error`.
    void replyError(std::string_view method, std::string_view path, int status, const shared::Error& error,
                    std::vector<sync::HttpHeader> headers = {});
    /// Queues a failed exchange (no complete response): a transient SyncNetwork.
    void cut(std::string_view method, std::string_view path);
    /// Answers the requests of `method` to kServerUrl + `path` with `handler` once their queue is empty.
    void answer(std::string_view method, std::string_view path,
                std::function<sync::HttpResponse(const sync::HttpRequest&)> handler);

    /// Every request so far, in the order they arrived.
    [[nodiscard]] std::vector<sync::HttpRequest> requests() const;
    /// The requests to kServerUrl + `path` with `method`, in order.
    [[nodiscard]] std::vector<sync::HttpRequest> requests(std::string_view method,
                                                          std::string_view path) const;
    /// Replies queued and not yet used.
    [[nodiscard]] std::size_t pendingReplies() const;

    /// Answers from the queue of the request's method and URL, else its handler; without either the
    /// exchange fails with SyncNetwork naming the request (a test sees it as an unexpected request).
    [[nodiscard]] shared::Result<sync::HttpResponse> exchange(const sync::HttpRequest& request) override;
    void cancel() override;
    void resume() override;

  private:
    using Key = std::pair<std::string, std::string>; // method, URL
    mutable std::mutex m_mutex;
    std::map<Key, std::vector<shared::Result<sync::HttpResponse>>> m_replies;
    std::map<Key, std::function<sync::HttpResponse(const sync::HttpRequest&)>> m_handlers;
    std::vector<sync::HttpRequest> m_requests;
    bool m_cancelled = false;
};

/// The value of the first header of `request` named `name` (case-insensitive), or empty.
[[nodiscard]] std::string header(const sync::HttpRequest& request, std::string_view name);

} // namespace jejak::testing
