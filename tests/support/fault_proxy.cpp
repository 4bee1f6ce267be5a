// SPDX-License-Identifier: Apache-2.0
// FaultProxy on Boost.Asio: one I/O thread, a pair of pipes per connection, rules read under one mutex.
#include "support/fault_proxy.hpp"

#include <boost/asio.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace jejak::testing {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t kBufferBytes = 16 * 1024;
/// A request head longer than this is not HTTP the proxy follows: the connection is forwarded as is.
constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::string_view kBlobPut = "PUT /v1/blobs/";

bool startsWith(std::string_view s, std::string_view prefix) noexcept {
    return s.substr(0, prefix.size()) == prefix;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) {
                   return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
               };
               return lower(x) == lower(y);
           });
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

/// What the proxy needs of an HTTP/1.1 message head (request or response, up to and including CRLFCRLF).
struct Head {
    std::string_view startLine;
    std::optional<std::uint64_t> contentLength;
    bool transferEncoding = false;
    bool upgrade = false;
};

Head parseHead(std::string_view head) {
    Head h;
    std::size_t pos = head.find("\r\n");
    h.startLine = head.substr(0, pos);
    while (pos != std::string_view::npos && pos + 2 < head.size()) {
        const std::size_t next = head.find("\r\n", pos + 2);
        const std::string_view line = head.substr(pos + 2, next - pos - 2);
        pos = next;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        if (equalsIgnoreCase(name, "content-length")) {
            std::uint64_t n = 0;
            if (std::from_chars(value.data(), value.data() + value.size(), n).ec == std::errc()) {
                h.contentLength = n;
            }
        } else if (equalsIgnoreCase(name, "transfer-encoding")) {
            h.transferEncoding = true;
        } else if (equalsIgnoreCase(name, "upgrade")) {
            h.upgrade = true;
        }
    }
    return h;
}

/// The armed faults and delays (FaultProxy's setters write them, the I/O thread reads them).
struct Rules {
    Direction cutDirection = Direction::ToServer;
    std::uint64_t cutBytes = 0;
    int cutTimes = 0;
    std::chrono::milliseconds chunkDelay{0};
    std::chrono::milliseconds connectionDelay{0};
    int duplicateTimes = 0;
    std::string duplicatePrefix;
    std::uint64_t resetBytes = 0;
    int resetTimes = 0;
};

/// Uses up one firing of a fault armed `times` times (negative: always).
void fire(int& times) noexcept {
    if (times > 0) {
        --times;
    }
}

/// Follows the requests of one client connection: where each ends, and how much of a blob upload's body
/// has passed.
class RequestTracker {
public:
    struct Result {
        std::size_t consumed = 0;           ///< bytes of the input to forward
        bool reset = false;                 ///< the upload reset fires after `consumed` bytes
        std::vector<std::string> completed; ///< requests that ended within the consumed bytes
    };

    /// Consumes `data`, or its first part when the upload reset of `rules` fires (rules are not changed).
    Result feed(std::string_view data, const Rules& rules) {
        Result r;
        while (r.consumed < data.size() && m_phase != Phase::Opaque) {
            const std::string_view rest = data.substr(r.consumed);
            if (m_phase == Phase::Head) {
                const std::size_t before = m_request.size();
                m_request.append(rest);
                const std::size_t end = m_request.find("\r\n\r\n", before < 3 ? 0 : before - 3);
                if (end == std::string::npos) {
                    r.consumed = data.size();
                    if (m_request.size() > kMaxHeadBytes) {
                        m_phase = Phase::Opaque;
                    }
                    break;
                }
                m_request.resize(end + 4);
                r.consumed += end + 4 - before;
                const Head head = parseHead(m_request);
                if (head.transferEncoding || head.upgrade) {
                    m_phase = Phase::Opaque;
                    break;
                }
                m_blobPut = startsWith(head.startLine, kBlobPut);
                m_bodyLeft = head.contentLength.value_or(0);
                m_bodySeen = 0;
                m_phase = Phase::Body;
            } else {
                std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(rest.size(), m_bodyLeft));
                if (m_blobPut && rules.resetTimes != 0 && m_bodySeen + take >= rules.resetBytes) {
                    take = static_cast<std::size_t>(
                        rules.resetBytes > m_bodySeen ? rules.resetBytes - m_bodySeen : 0);
                    r.reset = true;
                }
                m_request.append(rest.substr(0, take));
                r.consumed += take;
                m_bodyLeft -= take;
                m_bodySeen += take;
                if (r.reset) {
                    break;
                }
            }
            if (m_phase == Phase::Body && m_bodyLeft == 0) {
                r.completed.push_back(std::move(m_request));
                m_request.clear();
                m_phase = Phase::Head;
            }
        }
        if (m_phase == Phase::Opaque) {
            r.consumed = data.size();
        }
        return r;
    }

private:
    enum class Phase { Head, Body, Opaque };
    Phase m_phase = Phase::Head;
    std::string m_request; ///< the bytes of the current request so far
    std::uint64_t m_bodyLeft = 0;
    std::uint64_t m_bodySeen = 0;
    bool m_blobPut = false;
};

/// A connection of the proxy that stop() closes.
class Link {
public:
    virtual ~Link() = default;
    virtual void shut() = 0;
};

} // namespace

struct detail::FaultProxyState {
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    tcp::acceptor acceptor{io};
    std::thread thread;
    std::atomic<std::uint16_t> port{0};
    std::atomic<std::uint16_t> upstream{0};

    std::mutex mutex; ///< guards rules and counters
    Rules rules;
    FaultCounters counters;

    // I/O thread only.
    bool refusing = false;
    std::vector<std::weak_ptr<Link>> links;

    [[nodiscard]] tcp::endpoint upstreamEndpoint() const {
        return {asio::ip::address_v4::loopback(), upstream.load()};
    }
    void track(const std::shared_ptr<Link>& link) {
        std::erase_if(links, [](const std::weak_ptr<Link>& l) { return l.expired(); });
        links.push_back(link);
    }
    std::string listen(std::uint16_t listenPort) {
        error_code ec;
        const tcp::endpoint ep(asio::ip::address_v4::loopback(), listenPort);
        acceptor.open(ep.protocol(), ec);
        if (!ec) {
            acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        }
        if (!ec) {
            acceptor.bind(ep, ec);
        }
        if (!ec) {
            acceptor.listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            error_code ignored;
            acceptor.close(ignored);
            return "listen on 127.0.0.1:" + std::to_string(listenPort) + ": " + ec.message();
        }
        port = acceptor.local_endpoint(ec).port();
        return {};
    }
    void accept();
};

namespace {

/// Sends one request to the server on its own connection and reads the answer, which nobody receives.
class Replay : public Link, public std::enable_shared_from_this<Replay> {
public:
    Replay(detail::FaultProxyState& state, std::string request)
        : m_state(state)
        , m_socket(state.io)
        , m_request(std::move(request))
        , m_headOnly(startsWith(m_request, "HEAD ")) {}

    void start() {
        m_state.track(shared_from_this());
        m_socket.async_connect(m_state.upstreamEndpoint(), [self = shared_from_this()](error_code ec) {
            if (ec) {
                return self->shut();
            }
            asio::async_write(self->m_socket, asio::buffer(self->m_request),
                              [self](error_code wec, std::size_t) { wec ? self->shut() : self->read(); });
        });
    }
    void shut() override {
        error_code ignored;
        m_socket.close(ignored);
    }

private:
    void read() {
        m_socket.async_read_some(
            asio::buffer(m_buffer), [self = shared_from_this()](error_code ec, std::size_t n) {
                self->m_answer.append(self->m_buffer.data(), n);
                const std::size_t headEnd = self->m_answer.find("\r\n\r\n");
                bool complete = false;
                if (headEnd != std::string::npos) {
                    const Head head = parseHead(std::string_view(self->m_answer).substr(0, headEnd + 4));
                    if (self->m_headOnly || head.contentLength) {
                        const std::uint64_t body = self->m_headOnly ? 0 : *head.contentLength;
                        complete = self->m_answer.size() >= headEnd + 4 + body;
                    } else {
                        complete = ec == asio::error::eof; // framed by the close of the connection
                    }
                }
                if (complete) {
                    std::lock_guard lock(self->m_state.mutex);
                    ++self->m_state.counters.duplicates;
                }
                if (complete || ec) {
                    return self->shut();
                }
                self->read();
            });
    }

    detail::FaultProxyState& m_state;
    tcp::socket m_socket;
    std::string m_request;
    bool m_headOnly;
    std::string m_answer;
    std::array<char, kBufferBytes> m_buffer{};
};

/// One client connection and its connection to the server: two pipes that forward chunk by chunk.
class Session : public Link, public std::enable_shared_from_this<Session> {
public:
    Session(detail::FaultProxyState& state, tcp::socket client)
        : m_state(state)
        , m_client(std::move(client))
        , m_server(state.io)
        , m_connectTimer(state.io)
        , m_up{Direction::ToServer, m_client, m_server, {}, 0, false, asio::steady_timer(state.io)}
        , m_down{Direction::ToClient, m_server, m_client, {}, 0, false, asio::steady_timer(state.io)} {}

    void start() {
        m_state.track(shared_from_this());
        std::chrono::milliseconds delay{0};
        {
            std::lock_guard lock(m_state.mutex);
            delay = m_state.rules.connectionDelay;
            if (delay.count() > 0) {
                ++m_state.counters.delayedConnections;
            }
        }
        if (delay.count() == 0) {
            return connect();
        }
        m_connectTimer.expires_after(delay);
        m_connectTimer.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec && !self->m_closed) {
                self->connect();
            }
        });
    }

    void shut() override { close(false); }

private:
    enum class After { Continue, Cut, Reset };

    struct Pipe {
        Direction direction;
        tcp::socket& from;
        tcp::socket& to;
        std::array<char, kBufferBytes> buffer;
        std::uint64_t bytes; ///< forwarded so far
        bool ended;          ///< `from` sent EOF, forwarded as a shutdown of `to`
        asio::steady_timer timer;
    };

    void connect() {
        m_server.async_connect(m_state.upstreamEndpoint(), [self = shared_from_this()](error_code ec) {
            if (self->m_closed) {
                return;
            }
            if (ec) {
                {
                    std::lock_guard lock(self->m_state.mutex);
                    ++self->m_state.counters.upstreamFailures;
                }
                return self->close(true);
            }
            self->read(self->m_up);
            self->read(self->m_down);
        });
    }

    void read(Pipe& p) {
        p.from.async_read_some(asio::buffer(p.buffer),
                               [self = shared_from_this(), &p](error_code ec, std::size_t n) {
                                   if (self->m_closed) {
                                       return;
                                   }
                                   if (ec == asio::error::eof) {
                                       error_code ignored;
                                       p.to.shutdown(tcp::socket::shutdown_send, ignored);
                                       p.ended = true;
                                       if (self->m_up.ended && self->m_down.ended) {
                                           self->close(false);
                                       }
                                       return;
                                   }
                                   if (ec) {
                                       return self->close(ec == asio::error::connection_reset);
                                   }
                                   self->onChunk(p, n);
                               });
    }

    /// Decides under the rules what to do with a chunk that was read: how much of it to forward, after
    /// which delay, what happens after it, and which requests to duplicate.
    void onChunk(Pipe& p, std::size_t n) {
        std::size_t length = n;
        After after = After::Continue;
        std::chrono::milliseconds delay{0};
        std::vector<std::string> replays;
        {
            std::lock_guard lock(m_state.mutex);
            Rules& rules = m_state.rules;
            FaultCounters& counters = m_state.counters;
            std::size_t cutAt = std::numeric_limits<std::size_t>::max();
            if (rules.cutTimes != 0 && rules.cutDirection == p.direction) {
                cutAt = static_cast<std::size_t>(rules.cutBytes > p.bytes ? rules.cutBytes - p.bytes : 0);
            }
            if (p.direction == Direction::ToServer) {
                auto fed = m_tracker.feed(std::string_view(p.buffer.data(), std::min(n, cutAt)), rules);
                if (fed.reset) {
                    length = fed.consumed;
                    after = After::Reset;
                    fire(rules.resetTimes);
                    ++counters.uploadResets;
                }
                for (auto& request : fed.completed) {
                    if (rules.duplicateTimes != 0 && startsWith(request, rules.duplicatePrefix)) {
                        fire(rules.duplicateTimes);
                        replays.push_back(std::move(request));
                    }
                }
            }
            if (after == After::Continue && cutAt <= n) {
                length = cutAt;
                after = After::Cut;
                fire(rules.cutTimes);
                ++counters.cuts;
            }
            delay = rules.chunkDelay;
            if (delay.count() > 0) {
                ++counters.delayedChunks;
            }
            (p.direction == Direction::ToServer ? counters.bytesToServer : counters.bytesToClient) += length;
        }
        for (auto& request : replays) {
            std::make_shared<Replay>(m_state, std::move(request))->start();
        }
        if (delay.count() == 0) {
            return forward(p, length, after);
        }
        p.timer.expires_after(delay);
        p.timer.async_wait([self = shared_from_this(), &p, length, after](error_code ec) {
            if (!ec && !self->m_closed) {
                self->forward(p, length, after);
            }
        });
    }

    void forward(Pipe& p, std::size_t length, After after) {
        asio::async_write(p.to, asio::buffer(p.buffer.data(), length),
                          [self = shared_from_this(), &p, length, after](error_code ec, std::size_t) {
                              if (self->m_closed) {
                                  return;
                              }
                              p.bytes += length;
                              if (ec || after != After::Continue) {
                                  return self->close(after == After::Reset);
                              }
                              self->read(p);
                          });
    }

    /// Closes both sockets; `reset`: with SO_LINGER 0, so both peers get an RST.
    void close(bool reset) {
        if (m_closed) {
            return;
        }
        m_closed = true;
        m_connectTimer.cancel();
        m_up.timer.cancel();
        m_down.timer.cancel();
        for (tcp::socket* s : {&m_client, &m_server}) {
            error_code ignored;
            if (reset) {
                s->set_option(asio::socket_base::linger(true, 0), ignored);
            } else {
                s->shutdown(tcp::socket::shutdown_both, ignored);
            }
            s->close(ignored);
        }
    }

    detail::FaultProxyState& m_state;
    tcp::socket m_client;
    tcp::socket m_server;
    asio::steady_timer m_connectTimer;
    Pipe m_up;
    Pipe m_down;
    RequestTracker m_tracker;
    bool m_closed = false;
};

} // namespace

void detail::FaultProxyState::accept() {
    acceptor.async_accept([this](error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
            return; // closed by refuseConnections(true) or stop()
        }
        if (!ec) {
            {
                std::lock_guard lock(mutex);
                ++counters.connections;
            }
            std::make_shared<Session>(*this, std::move(socket))->start();
        }
        accept();
    });
}

FaultProxy::FaultProxy()
    : m_state(std::make_unique<detail::FaultProxyState>()) {}

FaultProxy::~FaultProxy() {
    stop();
}

std::string FaultProxy::start(std::uint16_t upstreamPort) {
    if (m_state->thread.joinable()) {
        return "already started";
    }
    m_state->upstream = upstreamPort;
    if (auto err = m_state->listen(0); !err.empty()) {
        return err;
    }
    m_state->work.emplace(m_state->io.get_executor());
    m_state->accept();
    m_state->thread = std::thread([state = m_state.get()] { state->io.run(); });
    return {};
}

void FaultProxy::stop() {
    detail::FaultProxyState& s = *m_state;
    if (!s.thread.joinable()) {
        return;
    }
    asio::post(s.io, [&s] {
        error_code ignored;
        s.acceptor.close(ignored);
        for (const auto& weak : s.links) {
            if (const auto link = weak.lock()) {
                link->shut();
            }
        }
        s.links.clear();
        s.work.reset(); // run() returns once the aborted handlers have run
    });
    s.thread.join();
}

std::uint16_t FaultProxy::port() const noexcept {
    return m_state->port.load();
}

void FaultProxy::setUpstreamPort(std::uint16_t port) {
    m_state->upstream = port;
}

void FaultProxy::cutAfter(Direction direction, std::uint64_t bytes, int times) {
    std::lock_guard lock(m_state->mutex);
    m_state->rules.cutDirection = direction;
    m_state->rules.cutBytes = bytes;
    m_state->rules.cutTimes = times;
}

void FaultProxy::setDelay(std::chrono::milliseconds perChunk, std::chrono::milliseconds perConnection) {
    std::lock_guard lock(m_state->mutex);
    m_state->rules.chunkDelay = perChunk;
    m_state->rules.connectionDelay = perConnection;
}

void FaultProxy::duplicateRequests(int times, std::string requestPrefix) {
    std::lock_guard lock(m_state->mutex);
    m_state->rules.duplicateTimes = times;
    m_state->rules.duplicatePrefix = std::move(requestPrefix);
}

void FaultProxy::resetUploadAfter(std::uint64_t bodyBytes, int times) {
    std::lock_guard lock(m_state->mutex);
    m_state->rules.resetBytes = bodyBytes;
    m_state->rules.resetTimes = times;
}

std::string FaultProxy::refuseConnections(bool refuse) {
    detail::FaultProxyState& s = *m_state;
    if (!s.thread.joinable()) {
        return "not started";
    }
    std::promise<std::string> done;
    asio::post(s.io, [&s, &done, refuse] {
        std::string err;
        if (refuse && !s.refusing) {
            error_code ignored;
            s.acceptor.close(ignored);
            s.refusing = true;
            std::lock_guard lock(s.mutex);
            ++s.counters.refusals;
        } else if (!refuse && s.refusing) {
            err = s.listen(s.port.load());
            if (err.empty()) {
                s.refusing = false;
                s.accept();
            }
        }
        done.set_value(std::move(err));
    });
    return done.get_future().get();
}

void FaultProxy::clearRules() {
    {
        std::lock_guard lock(m_state->mutex);
        m_state->rules = Rules{};
    }
    refuseConnections(false);
}

FaultCounters FaultProxy::counters() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->counters;
}

} // namespace jejak::testing
