// SPDX-License-Identifier: Apache-2.0
// Private to the sync engine: the HTTP calls with their error mapping, the progress the listener sees, and
// what the parts of one pass (blob uploader, pusher, puller) share.
#pragma once

#include "jejak/shared/codec.hpp"
#include "jejak/sync/engine.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace jejak::sync::detail {

/// The engine's SyncProgress behind a mutex, and its listener. Thread-safe. Listener calls never overlap
/// and see the changes in the order they were made; a listener must not call setListener().
class ProgressState {
  public:
    [[nodiscard]] SyncProgress snapshot() const;
    void setListener(std::function<void(const SyncProgress&)> listener);
    /// Applies `change` to the progress, then calls the listener with the result.
    void update(const std::function<void(SyncProgress&)>& change);
    /// Sets `online`, calling the listener only when it changed.
    void setOnline(bool online);

  private:
    mutable std::mutex m_mutex; ///< guards m_progress
    SyncProgress m_progress;
    std::mutex m_listenerMutex; ///< guards m_listener and serialises its calls
    std::function<void(const SyncProgress&)> m_listener;
};

/// The ErrorBody of a non-2xx answer as a shared::Error (protocol's toError, transient flag kept). A 5xx
/// answer is transient whatever its body says; an unreadable body is a transient SyncBadResponse (a 401
/// without a readable body is AuthUnauthenticated).
[[nodiscard]] shared::Error errorFromResponse(const HttpResponse& response);

/// A transient SyncBadResponse naming what could not be read and why.
[[nodiscard]] shared::Error badResponse(std::string_view what, std::string_view detail);

/// Decodes a JSON answer body strictly as T; a transient SyncBadResponse when it is not one.
template <class T>
[[nodiscard]] shared::Result<T> decodeBody(const HttpResponse& response, std::string_view what) {
    auto json = shared::parseJson(response.body);
    if (!json)
        return badResponse(what, shared::toString(json.error()));
    auto value = shared::decode<T>(*json);
    if (!value)
        return badResponse(what, shared::toString(value.error()));
    return value;
}

template <class T> [[nodiscard]] std::string jsonText(const T& message) {
    return boost::json::serialize(toJson(message));
}

/// HTTP exchanges with one server: absolute URLs, the protocol header, the session's bearer token, and the
/// online flag of the progress. Thread-safe (the Transport is).
class Http {
  public:
    /// Trailing slashes of `serverUrl` are dropped; an empty `token` sends no Authorization.
    Http(Transport& transport, std::string serverUrl, std::string token, ProgressState& progress);

    [[nodiscard]] const std::string& serverUrl() const noexcept { return m_serverUrl; }

    /// One exchange; `path` starts with "/v1/". Transport errors are returned as they are (and clear
    /// `online` when the network failed); any answer sets `online`.
    [[nodiscard]] shared::Result<HttpResponse> send(std::string method, std::string_view path,
                                                    std::string body,
                                                    std::vector<HttpHeader> headers = {}) const;
    /// A JSON request (empty `body`: none) whose 200 answer is decoded as T; other answers become their
    /// error (errorFromResponse).
    template <class T>
    [[nodiscard]] shared::Result<T> call(std::string method, std::string_view path, std::string body,
                                         std::string_view what) const {
        std::vector<HttpHeader> headers;
        if (!body.empty())
            headers.push_back({"Content-Type", "application/json"});
        auto response = send(std::move(method), path, std::move(body), std::move(headers));
        if (!response)
            return std::move(response).error();
        if (response->status != 200)
            return errorFromResponse(*response);
        return decodeBody<T>(*response, what);
    }

  private:
    Transport& m_transport;
    std::string m_serverUrl;
    std::string m_token;
    ProgressState& m_progress;
};

/// What the parts of one pass share: the store, the session's Http, the options, the fault hook, the
/// cancellation flag, the progress, and how the pass ends. Thread-safe.
class Pass {
  public:
    Pass(ClientStore& store, const Http& http, const EngineOptions& options, std::string deviceId,
         FaultHook hook, ProgressState& progress, const std::atomic<bool>& cancelled);

    [[nodiscard]] ClientStore& store() const noexcept { return m_store; }
    [[nodiscard]] const Http& http() const noexcept { return m_http; }
    [[nodiscard]] const EngineOptions& options() const noexcept { return m_options; }
    [[nodiscard]] const std::string& deviceId() const noexcept { return m_deviceId; }
    [[nodiscard]] ProgressState& progress() const noexcept { return m_progress; }

    /// Whether the pass may go on at `point`: false (and the pass failed) when it was cancelled or the
    /// fault hook injects a fault there (a transient SyncNetwork).
    [[nodiscard]] bool proceed(SyncPoint point);
    /// Ends the pass with `error`; the first failure wins, the others are dropped.
    void fail(shared::Error error);
    /// Whether the pass failed (the parts stop at their next step).
    [[nodiscard]] bool failed() const;
    /// Notes a transient op error: the pass goes on but ends with it when nothing worse happened.
    void noteTransient(shared::Error error);
    /// How the pass ends: the failure, else the first transient op error, else success.
    [[nodiscard]] shared::Result<void> outcome() const;

  private:
    ClientStore& m_store;
    const Http& m_http;
    const EngineOptions& m_options;
    std::string m_deviceId;
    FaultHook m_hook;
    ProgressState& m_progress;
    const std::atomic<bool>& m_cancelled;
    mutable std::mutex m_mutex; ///< guards m_failure and m_transient
    std::optional<shared::Error> m_failure;
    std::optional<shared::Error> m_transient;
};

/// Uploads evidence blobs on up to maxParallelUploads threads of its own, from start() until join().
/// A blob the server refuses for good (evidence.corrupt, blob.too_large ...), or whose local file is
/// damaged (a permanent store error), fails the ops that cite it with that error; a transient local read
/// error skips the blob in this pass (which then ends with that error); other errors fail the pass.
class BlobUploader {
  public:
    explicit BlobUploader(Pass& pass)
        : m_pass(pass) {}
    ~BlobUploader() { join(); }
    BlobUploader(const BlobUploader&) = delete;
    BlobUploader& operator=(const BlobUploader&) = delete;

    void start(std::vector<LocalBlob> blobs);
    void join();

  private:
    void work();
    void upload(const LocalBlob& blob);
    /// Handles an error of the blob as described above; `fromServer`: the server's answer, not the store's.
    void refuse(const LocalBlob& blob, const shared::Error& error, bool fromServer);

    Pass& m_pass;
    std::vector<LocalBlob> m_blobs;
    std::atomic<std::size_t> m_next{0};
    std::vector<std::thread> m_threads;
};

/// Pushes the ops that may go now, in outbox order and batches of pushBatch: an op waiting for evidence,
/// and an op already sent in this pass, hold back the later ops of their record; a batch carries at most
/// one op per record. Stores every result. Returns when no op is left to send or the pass failed.
class Pusher {
  public:
    explicit Pusher(Pass& pass)
        : m_pass(pass) {}
    void pushReady();

  private:
    Pass& m_pass;
    std::vector<std::string> m_sent; ///< op ids sent in this pass
};

/// Pulls pages from the stored cursor and applies each until hasMore is false or the pass failed.
void pullAll(Pass& pass);

} // namespace jejak::sync::detail
