// SPDX-License-Identifier: Apache-2.0
// The live notification channel (GET /v1/sync/live, WebSocket) as the headless client uses it.
#pragma once

#include "jejak/field/beast_transport.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace jejak::field {

/// One message of the channel: {"type":"hello"|"changed","seq":N} (docs/api.md, Live notifications).
struct LiveMessage {
    std::string type;
    std::int64_t seq = 0;
};

struct LiveClientOptions {
    std::string serverUrl; ///< e.g. "http://127.0.0.1:8080" (https: wss)
    std::string token;     ///< the session token, sent as Authorization: Bearer
    NetOptions net;
    std::chrono::milliseconds connectTimeout{10'000}; ///< resolve, connect, TLS and upgrade
    std::chrono::milliseconds initialBackoff{1'000};  ///< first wait after a failed or lost channel
    std::chrono::milliseconds maxBackoff{60'000};
};

/// Keeps a live channel open on its own thread: connects, calls the listener for every hello and changed
/// message, and after a refusal, a failure or a lost channel reconnects with exponential backoff and
/// jitter (sync::Backoff; reset once a channel opened). Answers the server's pings; sends a ping itself when
/// the channel was quiet for 30 s and drops a channel quiet for 60 s (a dead link). The listener runs on
/// the client's thread and must not block. stop() (or the destructor) closes the channel with a close
/// frame and joins the thread (within a second even when the link is dead).
class LiveClient {
  public:
    using Listener = std::function<void(const LiveMessage& message)>;

    LiveClient(LiveClientOptions options, Listener listener);
    ~LiveClient();
    LiveClient(const LiveClient&) = delete;
    LiveClient& operator=(const LiveClient&) = delete;

    void start();
    void stop();
    /// Whether a channel is open right now.
    [[nodiscard]] bool connected() const;
    /// What ended the last channel or connection attempt (English detail), empty before any failure.
    [[nodiscard]] std::string lastError() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace jejak::field
