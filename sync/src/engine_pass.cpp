// SPDX-License-Identifier: Apache-2.0
// The engine's HTTP calls and error mapping, its progress state, and the state one pass shares.
#include "engine_pass.hpp"

#include "jejak/shared/text.hpp"

#include <utility>

namespace jejak::sync {

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& h : headers) {
        if (shared::equalsIgnoreAsciiCase(h.name, name))
            return h.value;
    }
    return {};
}

namespace detail {

using shared::Error;
using shared::ErrorCode;

//---- ProgressState

SyncProgress ProgressState::snapshot() const {
    const std::lock_guard lock(m_mutex);
    return m_progress;
}

void ProgressState::setListener(std::function<void(const SyncProgress&)> listener) {
    const std::lock_guard lock(m_listenerMutex);
    m_listener = std::move(listener);
}

void ProgressState::update(const std::function<void(SyncProgress&)>& change) {
    const std::lock_guard listenerLock(m_listenerMutex);
    SyncProgress copy;
    {
        const std::lock_guard lock(m_mutex);
        change(m_progress);
        copy = m_progress;
    }
    if (m_listener)
        m_listener(copy);
}

void ProgressState::setOnline(bool online) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_progress.online == online)
            return;
    }
    update([online](SyncProgress& p) { p.online = online; });
}

//---- Answers

Error badResponse(std::string_view what, std::string_view detail) {
    return Error(ErrorCode::SyncBadResponse, "",
                 "unreadable " + std::string(what) + ": " + std::string(detail));
}

Error errorFromResponse(const HttpResponse& response) {
    const std::string status = "HTTP " + std::to_string(response.status);
    auto body = decodeBody<ErrorBody>(response, status + " error body");
    Error error = body                     ? toError(*body)
                  : response.status == 401 ? Error(ErrorCode::AuthUnauthenticated, "", status)
                                           : std::move(body).error();
    if (response.status >= 500)
        error.transient = true;
    return error;
}

//---- Http

Http::Http(Transport& transport, std::string serverUrl, std::string token, ProgressState& progress)
    : m_transport(transport)
    , m_serverUrl(std::move(serverUrl))
    , m_token(std::move(token))
    , m_progress(progress) {
    while (!m_serverUrl.empty() && m_serverUrl.back() == '/')
        m_serverUrl.pop_back();
}

shared::Result<HttpResponse> Http::send(std::string method, std::string_view path, std::string body,
                                        std::vector<HttpHeader> headers) const {
    HttpRequest request;
    request.method = std::move(method);
    request.url = m_serverUrl + std::string(path);
    request.headers.push_back({std::string(kProtocolHeader), std::to_string(kProtocolVersion)});
    if (!m_token.empty())
        request.headers.push_back({"Authorization", "Bearer " + m_token});
    for (auto& h : headers)
        request.headers.push_back(std::move(h));
    request.body = std::move(body);
    auto response = m_transport.exchange(request);
    if (response)
        m_progress.setOnline(true);
    else if (response.error().code == ErrorCode::SyncNetwork)
        m_progress.setOnline(false);
    return response;
}

//---- Pass

Pass::Pass(ClientStore& store, const Http& http, const EngineOptions& options, std::string deviceId,
           FaultHook hook, ProgressState& progress, const std::atomic<bool>& cancelled)
    : m_store(store)
    , m_http(http)
    , m_options(options)
    , m_deviceId(std::move(deviceId))
    , m_hook(std::move(hook))
    , m_progress(progress)
    , m_cancelled(cancelled) {}

bool Pass::proceed(SyncPoint point) {
    if (m_cancelled.load()) {
        fail(Error(ErrorCode::SyncCancelled, "", "cancelled before " + std::string(toString(point))));
        return false;
    }
    if (m_hook && m_hook(point)) {
        fail(Error(ErrorCode::SyncNetwork, "", "fault injected at " + std::string(toString(point))));
        return false;
    }
    return !failed();
}

void Pass::fail(Error error) {
    const std::lock_guard lock(m_mutex);
    if (!m_failure)
        m_failure = std::move(error);
}

bool Pass::failed() const {
    const std::lock_guard lock(m_mutex);
    return m_failure.has_value();
}

void Pass::noteTransient(Error error) {
    const std::lock_guard lock(m_mutex);
    if (!m_transient)
        m_transient = std::move(error);
}

shared::Result<void> Pass::outcome() const {
    const std::lock_guard lock(m_mutex);
    if (m_failure)
        return *m_failure;
    if (m_transient)
        return *m_transient;
    return {};
}

} // namespace detail
} // namespace jejak::sync
