// SPDX-License-Identifier: Apache-2.0
#include "sync/fake_transport.hpp"

#include "jejak/shared/text.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json/serialize.hpp>

namespace jejak::testing {

using sync::HttpHeader;
using sync::HttpRequest;
using sync::HttpResponse;

std::string FakeTransport::url(std::string_view path) {
    return std::string(kServerUrl) + std::string(path);
}

void FakeTransport::reply(std::string_view method, std::string_view path, HttpResponse response) {
    const std::lock_guard lock(m_mutex);
    m_replies[{std::string(method), url(path)}].emplace_back(std::move(response));
}

void FakeTransport::replyJson(std::string_view method, std::string_view path, int status,
                              const boost::json::value& body, std::vector<HttpHeader> headers) {
    HttpResponse response;
    response.status = status;
    response.headers = std::move(headers);
    response.headers.push_back({"Content-Type", "application/json"});
    response.body = boost::json::serialize(body);
    reply(method, path, std::move(response));
}

void FakeTransport::replyError(std::string_view method, std::string_view path, int status,
                               const shared::Error& error, std::vector<HttpHeader> headers) {
    replyJson(method, path, status, sync::toJson(sync::toErrorBody(error)), std::move(headers));
}

void FakeTransport::cut(std::string_view method, std::string_view path) {
    const std::lock_guard lock(m_mutex);
    m_replies[{std::string(method), url(path)}].emplace_back(
        shared::Error(shared::ErrorCode::SyncNetwork, "", "connection reset (fake)"));
}

void FakeTransport::answer(std::string_view method, std::string_view path,
                           std::function<HttpResponse(const HttpRequest&)> handler) {
    const std::lock_guard lock(m_mutex);
    m_handlers[{std::string(method), url(path)}] = std::move(handler);
}

std::vector<HttpRequest> FakeTransport::requests() const {
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

std::vector<HttpRequest> FakeTransport::requests(std::string_view method, std::string_view path) const {
    const std::string target = url(path);
    std::vector<HttpRequest> out;
    const std::lock_guard lock(m_mutex);
    for (const auto& r : m_requests) {
        if (r.method == method && r.url == target)
            out.push_back(r);
    }
    return out;
}

std::size_t FakeTransport::pendingReplies() const {
    const std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (const auto& [key, queue] : m_replies)
        n += queue.size();
    return n;
}

shared::Result<HttpResponse> FakeTransport::exchange(const HttpRequest& request) {
    const std::lock_guard lock(m_mutex);
    if (m_cancelled)
        return shared::Error(shared::ErrorCode::SyncCancelled, "", "cancelled (fake)");
    m_requests.push_back(request);
    const Key key{request.method, request.url};
    auto& queue = m_replies[key];
    if (queue.empty()) {
        if (const auto handler = m_handlers.find(key); handler != m_handlers.end())
            return handler->second(request);
        return shared::Error(shared::ErrorCode::SyncNetwork, "",
                             "no reply queued for " + request.method + " " + request.url);
    }
    auto next = std::move(queue.front());
    queue.erase(queue.begin());
    return next;
}

void FakeTransport::cancel() {
    const std::lock_guard lock(m_mutex);
    m_cancelled = true;
}

void FakeTransport::resume() {
    const std::lock_guard lock(m_mutex);
    m_cancelled = false;
}

std::string header(const HttpRequest& request, std::string_view name) {
    for (const auto& h : request.headers) {
        if (shared::equalsIgnoreAsciiCase(h.name, name))
            return h.value;
    }
    return {};
}

} // namespace jejak::testing
