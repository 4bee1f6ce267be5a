// SPDX-License-Identifier: Apache-2.0
// BeastTransport: one blocking HTTP/1.1 exchange per call, on a per-call io_context polled for cancel().
#include "jejak/field/beast_transport.hpp"

#include "net.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <vector>

namespace jejak::field {

using namespace std::chrono_literals;
using shared::Error;
using shared::ErrorCode;
namespace asio = net::asio;
namespace beast = net::beast;
namespace http = beast::http;
namespace ssl = net::ssl;

namespace {

/// How often a blocked exchange looks at the cancel flag.
constexpr auto kPollInterval = 20ms;
/// Idle keep-alive connections kept (across origins).
constexpr std::size_t kMaxIdleConnections = 8;

/// One connection and the io_context it runs on; used by one thread at a time.
struct Connection {
    Connection(std::string origin_, ssl::context* tlsContext)
        : origin(std::move(origin_)) {
        if (tlsContext != nullptr) {
            tls.emplace(ioc, *tlsContext);
        } else {
            plain.emplace(ioc);
        }
    }
    beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    std::string origin;
    asio::io_context ioc;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    bool connected = false;
};

/// What one attempt produced.
struct Outcome {
    boost::system::error_code ec;
    std::string stage; ///< where it failed: "connect ...", "tls", "write", "read"
    bool gotResponseBytes = false;
    http::response<http::string_body> response;
};

template <typename Stream>
asio::awaitable<void> writeRead(Stream& stream, Connection& c, http::request<http::string_body>& request,
                                Outcome& out) {
    out.stage = "write";
    co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, out.ec));
    if (out.ec) {
        co_return;
    }
    out.stage = "read";
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max()); // evidence downloads can be large
    co_await http::async_read(stream, c.buffer, parser, asio::redirect_error(asio::use_awaitable, out.ec));
    out.gotResponseBytes = parser.got_some();
    if (!out.ec) {
        out.response = parser.release();
    }
}

asio::awaitable<void> attempt(Connection& c, const ServerUrl& url, const NetOptions& options,
                              http::request<http::string_body>& request,
                              std::chrono::steady_clock::time_point deadline, Outcome& out) {
    c.tcp().expires_at(deadline);
    if (!c.connected) {
        out.ec = co_await net::connect(c.tcp(), url, options, out.stage);
        if (out.ec) {
            co_return;
        }
        if (c.tls) {
            out.stage = "tls handshake";
            out.ec = co_await net::handshake(*c.tls, url);
            if (out.ec) {
                co_return;
            }
        }
        c.connected = true;
    }
    if (c.tls) {
        co_await writeRead(*c.tls, c, request, out);
    } else {
        co_await writeRead(*c.plain, c, request, out);
    }
}

} // namespace

struct BeastTransport::Impl {
    NetOptions options;
    std::once_flag tlsOnce; ///< the CA store is loaded at the first https exchange, not for plain http
    std::shared_ptr<ssl::context> tlsContext;
    std::string tlsError;
    std::atomic<bool> cancelled{false};
    std::mutex poolMutex;
    std::vector<std::unique_ptr<Connection>> idle; ///< oldest first

    ssl::context* tls() {
        std::call_once(tlsOnce, [this] { tlsContext = net::makeTlsContext(options.caFile, tlsError); });
        return tlsContext.get();
    }

    std::unique_ptr<Connection> takeIdle(const std::string& origin) {
        const std::lock_guard lock(poolMutex);
        for (auto it = idle.begin(); it != idle.end(); ++it) {
            if ((*it)->origin == origin) {
                auto c = std::move(*it);
                idle.erase(it);
                return c;
            }
        }
        return nullptr;
    }

    void putIdle(std::unique_ptr<Connection> c) {
        const std::lock_guard lock(poolMutex);
        if (idle.size() >= kMaxIdleConnections) {
            idle.erase(idle.begin());
        }
        idle.push_back(std::move(c));
    }

    /// Runs one attempt to its end; false when cancel() interrupted it.
    bool run(Connection& c, const ServerUrl& url, http::request<http::string_body>& request,
             std::chrono::steady_clock::time_point deadline, Outcome& out) {
        c.ioc.restart();
        asio::co_spawn(c.ioc, attempt(c, url, options, request, deadline, out), [&out](std::exception_ptr e) {
            if (e) { // nothing in attempt() throws by design; if something did, the exchange failed
                out.ec = asio::error::fault;
                out.stage = "internal";
            }
        });
        bool interrupted = false;
        while (!c.ioc.stopped()) {
            c.ioc.run_for(kPollInterval);
            if (!interrupted && cancelled.load()) {
                interrupted = true;
                boost::system::error_code ignored;
                c.tcp().socket().close(ignored); // the pending operation completes with operation_aborted
            }
        }
        return !interrupted;
    }
};

BeastTransport::BeastTransport(NetOptions options)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
}

BeastTransport::~BeastTransport() = default;

void BeastTransport::cancel() {
    m_impl->cancelled = true;
}

void BeastTransport::resume() {
    m_impl->cancelled = false;
}

shared::Result<sync::HttpResponse> BeastTransport::exchange(const sync::HttpRequest& request) {
    const auto cancelledError = [&] { return Error(ErrorCode::SyncCancelled, request.url, "cancelled"); };
    if (m_impl->cancelled) {
        return cancelledError();
    }
    const auto deadline = std::chrono::steady_clock::now() + request.timeout;
    auto url = parseServerUrl(request.url);
    if (!url) {
        return Error(ErrorCode::SyncNetwork, request.url, url.error().message);
    }
    ssl::context* const tls = url->secure ? m_impl->tls() : nullptr;
    if (url->secure && tls == nullptr) {
        return Error(ErrorCode::SyncNetwork, request.url, m_impl->tlsError);
    }
    const http::verb verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown) {
        return Error(ErrorCode::SyncNetwork, request.url, "unknown method " + request.method);
    }
    http::request<http::string_body> message{verb, url->target, 11};
    const bool defaultPort = url->port == (url->secure ? 443 : 80);
    message.set(http::field::host, defaultPort ? url->host : url->host + ":" + std::to_string(url->port));
    message.set(http::field::user_agent, "jejak-field/0.1");
    for (const auto& h : request.headers) {
        message.set(h.name, h.value);
    }
    message.body() = request.body;
    message.keep_alive(true);
    message.prepare_payload();

    const std::string origin = url->origin();
    std::unique_ptr<Connection> c = m_impl->takeIdle(origin);
    bool reused = c != nullptr;
    for (;;) {
        if (!c) {
            c = std::make_unique<Connection>(origin, tls);
        }
        Outcome out;
        if (!m_impl->run(*c, *url, message, deadline, out)) {
            return cancelledError();
        }
        if (!out.ec) {
            sync::HttpResponse response;
            response.status = static_cast<int>(out.response.result_int());
            for (const auto& header : out.response) {
                response.headers.push_back({std::string(header.name_string()), std::string(header.value())});
            }
            response.body = std::move(out.response.body());
            if (out.response.keep_alive()) {
                m_impl->putIdle(std::move(c));
            }
            return response;
        }
        // A kept-alive connection the server closed meanwhile: once more on a fresh one.
        if (reused && !out.gotResponseBytes && out.ec != beast::error::timeout &&
            std::chrono::steady_clock::now() < deadline) {
            c.reset();
            reused = false;
            continue;
        }
        const std::string why = out.ec == beast::error::timeout
                                    ? "timed out after " + std::to_string(request.timeout.count()) + " ms"
                                    : out.ec.message();
        return Error(ErrorCode::SyncNetwork, request.url, out.stage + ": " + why);
    }
}

} // namespace jejak::field
