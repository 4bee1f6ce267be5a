// SPDX-License-Identifier: Apache-2.0
// LiveClient: a Beast WebSocket on its own thread and io_context, reconnected with backoff.
#include "jejak/field/live_client.hpp"

#include "net.hpp"

#include "jejak/sync/engine.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <type_traits>

namespace jejak::field {

using namespace std::chrono_literals;
namespace asio = net::asio;
namespace beast = net::beast;
namespace ssl = net::ssl;
namespace websocket = beast::websocket;

namespace {

constexpr std::string_view kLivePath = "/v1/sync/live";
constexpr auto kPollInterval = 20ms;
/// A channel with no frame for this long is dead; a ping goes out after half of it.
constexpr auto kIdleTimeout = 60s;
/// How long stop() waits for the closing handshake before it abandons the channel.
constexpr auto kStopGrace = 1s;

using PlainSocket = websocket::stream<beast::tcp_stream>;
using TlsSocket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

/// One connection attempt and, once upgraded, the open channel.
struct Channel {
    asio::io_context ioc;
    std::optional<PlainSocket> plain;
    std::optional<TlsSocket> tls;
    bool opened = false;
    bool finished = false; ///< run() returned
    std::string error;

    beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : plain->next_layer(); }
};

/// The message, or nullopt for anything that is not {"type": string, "seq": integer}.
std::optional<LiveMessage> parseMessage(std::string_view text) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    const auto* type = v.as_object().if_contains("type");
    const auto* seq = v.as_object().if_contains("seq");
    if (type == nullptr || !type->is_string() || seq == nullptr || !seq->is_int64()) {
        return std::nullopt;
    }
    return LiveMessage{std::string(type->as_string()), seq->as_int64()};
}

} // namespace

struct LiveClient::Impl {
    LiveClientOptions options;
    Listener listener;
    std::shared_ptr<ssl::context> tlsContext; ///< made by loop() for an https server
    std::atomic<bool> stopping{false};
    std::atomic<bool> open{false};
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::string lastError;
    std::thread thread;

    void setError(std::string error) {
        const std::lock_guard lock(mutex);
        lastError = std::move(error);
    }

    template <typename Socket> asio::awaitable<void> run(Socket& ws, Channel& channel, const ServerUrl& url) {
        boost::system::error_code ec;
        beast::tcp_stream& tcp = channel.tcp();
        tcp.expires_after(options.connectTimeout);
        ec = co_await net::connect(tcp, url, options.net, channel.error);
        if (ec) {
            channel.error += ": " + ec.message();
            co_return;
        }
        if constexpr (std::is_same_v<Socket, TlsSocket>) {
            ec = co_await net::handshake(ws.next_layer(), url);
            if (ec) {
                channel.error = "tls handshake: " + ec.message();
                co_return;
            }
        }
        tcp.expires_never(); // the WebSocket's own timeouts take over
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = options.connectTimeout;
        timeouts.idle_timeout = kIdleTimeout;
        timeouts.keep_alive_pings = true;
        ws.set_option(timeouts);
        const std::string authorization = "Bearer " + options.token;
        ws.set_option(websocket::stream_base::decorator([authorization](websocket::request_type& request) {
            request.set(beast::http::field::authorization, authorization);
            request.set("X-Jejak-Protocol", "1");
            request.set(beast::http::field::user_agent, "jejak-field/0.1");
        }));
        std::string target = url.target == "/" ? "" : url.target;
        while (!target.empty() && target.back() == '/') {
            target.pop_back();
        }
        target += kLivePath;
        websocket::response_type response;
        co_await ws.async_handshake(response, url.host + ":" + std::to_string(url.port), target,
                                    asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            channel.error = "upgrade: " + ec.message();
            if (response.result_int() != 0) {
                channel.error +=
                    " (HTTP " + std::to_string(response.result_int()) + " " + response.body() + ")";
            }
            co_return;
        }
        channel.opened = true;
        open = true;
        for (;;) {
            beast::flat_buffer buffer;
            co_await ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                channel.error = "channel closed: " + ec.message();
                co_return;
            }
            const auto message = parseMessage(beast::buffers_to_string(buffer.data()));
            if (message && (message->type == "hello" || message->type == "changed")) {
                listener(*message);
            }
        }
    }

    /// One connection attempt and, when it opens, the channel until it ends; true when it opened.
    bool session(const ServerUrl& url) {
        Channel channel;
        const auto done = [&channel](std::exception_ptr e) {
            channel.finished = true;
            if (e) { // nothing in run() throws by design; if something did, the channel ended
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& x) {
                    channel.error = std::string("internal: ") + x.what();
                }
            }
        };
        if (url.secure) {
            channel.tls.emplace(channel.ioc, *tlsContext);
            asio::co_spawn(channel.ioc, run(*channel.tls, channel, url), done);
        } else {
            channel.plain.emplace(channel.ioc);
            asio::co_spawn(channel.ioc, run(*channel.plain, channel, url), done);
        }
        // On stop(): an open channel gets a close frame (going away), which the server answers at once; an
        // attempt still connecting loses its socket. Should neither end the run in time (a dead link), the
        // run is abandoned.
        std::optional<std::chrono::steady_clock::time_point> stopSeen;
        // Not until the io_context runs out of work: the WebSocket's timers outlive the run.
        while (!channel.finished && !channel.ioc.stopped()) {
            channel.ioc.run_for(kPollInterval);
            if (!stopping) {
                continue;
            }
            const auto now = std::chrono::steady_clock::now();
            if (!stopSeen) {
                stopSeen = now;
                const auto ignore = [](boost::system::error_code) {};
                if (channel.opened && channel.tls) {
                    channel.tls->async_close(websocket::close_code::going_away, ignore);
                } else if (channel.opened) {
                    channel.plain->async_close(websocket::close_code::going_away, ignore);
                } else {
                    boost::system::error_code ignored;
                    channel.tcp().socket().close(ignored);
                }
            } else if (now - *stopSeen > kStopGrace) {
                channel.ioc.stop();
            }
        }
        open = false;
        setError(std::move(channel.error));
        return channel.opened;
    }

    void loop() {
        const auto url = parseServerUrl(options.serverUrl, "serverUrl");
        if (!url) {
            setError(url.error().message);
            return;
        }
        if (url->secure) {
            std::string tlsError;
            tlsContext = net::makeTlsContext(options.net.caFile, tlsError);
            if (!tlsContext) {
                setError(tlsError);
                return;
            }
        }
        sync::Backoff backoff(options.initialBackoff, options.maxBackoff, std::random_device{}());
        while (!stopping) {
            if (session(*url)) {
                backoff.reset();
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, backoff.next(), [this] { return stopping.load(); });
        }
    }
};

LiveClient::LiveClient(LiveClientOptions options, Listener listener)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
    m_impl->listener = std::move(listener);
}

LiveClient::~LiveClient() {
    stop();
}

void LiveClient::start() {
    if (m_impl->thread.joinable()) {
        return;
    }
    m_impl->stopping = false;
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->loop(); });
}

void LiveClient::stop() {
    {
        const std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->thread.joinable()) {
        m_impl->thread.join();
    }
}

bool LiveClient::connected() const {
    return m_impl->open;
}

std::string LiveClient::lastError() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->lastError;
}

} // namespace jejak::field
