// SPDX-License-Identifier: Apache-2.0
// The headless client's Transport: HTTP/1.1 over Boost.Beast, plain TCP or TLS (OpenSSL).
#pragma once

#include "jejak/sync/transport.hpp"

#include <memory>
#include <string>

namespace jejak::field {

struct NetOptions {
    /// TCP congestion control set on every socket (setsockopt TCP_CONGESTION) before it connects. Phones
    /// use cubic, so the headless client does too: the link benchmark then measures what a phone would see,
    /// not the host's default (bbr on the build machine). Empty keeps the system default. A name the
    /// kernel refuses fails the connection (sync.network), so a benchmark never runs on the wrong one.
    std::string congestionControl = "cubic";
    /// PEM file of the CA that signs the server's certificate for https; empty: the system trust store.
    std::string caFile;
};

/// sync::Transport over Boost.Beast (see transport.hpp for the threading contract).
///
/// Each exchange runs on the calling thread with its own connection. Finished connections whose response
/// allows keep-alive go back to a small pool per origin and are reused by the next exchange on any thread;
/// when a reused connection turns out to be closed by the server before any byte of the response came
/// back, the request is sent once more on a fresh connection (the usual HTTP client behaviour; every
/// request of the sync protocol is idempotent). The request's timeout bounds the whole exchange (resolve,
/// connect, TLS handshake, write, read). cancel() is noticed within about 20 ms.
class BeastTransport final : public sync::Transport {
  public:
    explicit BeastTransport(NetOptions options = {});
    ~BeastTransport() override;
    BeastTransport(const BeastTransport&) = delete;
    BeastTransport& operator=(const BeastTransport&) = delete;

    [[nodiscard]] shared::Result<sync::HttpResponse> exchange(const sync::HttpRequest& request) override;
    void cancel() override;
    void resume() override;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace jejak::field
