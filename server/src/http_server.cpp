// SPDX-License-Identifier: Apache-2.0
// Listener and HTTP session (plain and TLS) on Boost.Asio/Beast: the only translation unit with sockets.
#include "http_server.hpp"

#include "http_errors.hpp"
#include "net.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace jejak::server {

using namespace net;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;                 // one socket read
constexpr std::chrono::milliseconds kMaxLinger{2'000};        // reading the peer out after a final answer
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};    // after accept() fails (e.g. out of descriptors)
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kLiveMaxMessageBytes = 4 * 1024;    // largest message a live client may send

/// Errors that only say the peer left or we cancelled: not worth a log line.
bool isQuiet(const error_code& ec) {
    return ec == asio::error::operation_aborted || ec == asio::error::eof || ec == http::error::end_of_stream ||
           ec == http::error::partial_message || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated;
}

bool isHttpParseError(const error_code& ec) {
    return &ec.category() == &http::make_error_code(http::error::bad_target).category();
}

/// Splits an origin-form target into path and query.
std::pair<std::string, std::string> splitTarget(std::string_view target) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) {
        return {std::string(target), {}};
    }
    return {std::string(target.substr(0, q)), std::string(target.substr(q + 1))};
}

} // namespace

/// What the listener knows of a session: enough to drain it.
class SessionBase : public std::enable_shared_from_this<SessionBase> {
public:
    virtual ~SessionBase() = default;
    /// Asks the session, from any thread, to end at its next safe point (now when idle).
    virtual void postDrain() = 0;
};

/// What the listener knows of a live session besides draining it: how to wake it.
class LiveBase : public SessionBase {
public:
    /// Schedules, from any thread, the session's reaction to its Notifier wake on its strand.
    virtual void postWake() = 0;
};

//---- Server state shared by the listener and the sessions

class HttpServer::Impl {
public:
    Impl(const ServerConfig& serverConfig, const Dispatcher& serverDispatcher, Metrics& serverMetrics,
         Logger& serverLogger)
        : config(serverConfig), dispatcher(serverDispatcher), metrics(serverMetrics), logger(serverLogger)
        , m_rejectBudget(std::max<std::size_t>(8, serverConfig.maxConnections / 8)) {}

    ~Impl() {
        stopThreads();
        // Handlers still running on workers post their responses to the (stopped) io_context; it must
        // outlive them. Pending handlers own the remaining sessions; they unregister from this object, so
        // the io_context goes before the members they touch.
        joinWorkers();
        {
            // From now on a Notifier wake reaches no session: nothing is posted to the dying io_context,
            // and no wake holds a session that would then outlive this object.
            const std::unique_lock lock(m_wakeMutex);
            m_wakeOpen = false;
        }
        m_acceptRetry.reset();
        m_acceptor.reset();
        m_ioc.reset();
    }

    shared::Result<void> start();
    bool stop(std::chrono::milliseconds drainTimeout);
    [[nodiscard]] std::uint16_t port() const noexcept { return m_port.load(); }
    [[nodiscard]] bool draining() const noexcept { return m_draining.load(); }

    /// Called by a session's destructor.
    void sessionClosed(std::uint64_t id, bool rejecting);

    /// Registers an upgraded connection under a new id (counted apart from maxConnections); 0 when the
    /// server is draining, and the connection must not start.
    std::uint64_t registerLive(const std::shared_ptr<SessionBase>& session);
    /// Called by a registered live session's destructor.
    void liveClosed(std::uint64_t id);
    /// A live session's Notifier wake (any thread): posts the wake to the session's strand while it exists
    /// and the server is not being destroyed.
    void wakeLive(const std::weak_ptr<LiveBase>& target);

    /// The pool that runs request handlers (exists between start() and the destructor).
    [[nodiscard]] asio::thread_pool& workers() noexcept { return *m_workers; }

    const ServerConfig& config;
    const Dispatcher& dispatcher;
    Metrics& metrics;
    Logger& logger;

private:
    void doAccept();
    void onAccept(const error_code& ec, tcp::socket socket);
    void registerSession(std::uint64_t id, const std::shared_ptr<SessionBase>& session);
    void runThread();
    void stopThreads();
    void joinWorkers();

    std::optional<asio::io_context> m_ioc{std::in_place};
    std::optional<ssl::context> m_tls;
    std::optional<tcp::acceptor> m_acceptor;
    std::optional<asio::steady_timer> m_acceptRetry;
    std::vector<std::thread> m_threads;
    std::optional<asio::thread_pool> m_workers;
    std::atomic<std::uint16_t> m_port{0};
    std::atomic<bool> m_draining{false};

    const std::size_t m_rejectBudget;
    std::mutex m_mutex;               // guards the members below
    std::condition_variable m_allClosed;
    std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> m_sessions;
    std::uint64_t m_nextId = 0;
    std::size_t m_served = 0;         // sessions serving normally (<= maxConnections)
    std::size_t m_rejecting = 0;      // sessions answering 503 (<= m_rejectBudget)
    std::size_t m_live = 0;           // live (WebSocket) sessions; the Notifier's cap bounds them

    std::shared_mutex m_wakeMutex;    // held shared by every wake, exclusively by the destructor
    bool m_wakeOpen = true;           // guarded by m_wakeMutex
};

//---- One live notification connection

/// The upgrade request as the access log records it; the live session answers it (101 or Beast's
/// refusal) and ends it in the metrics.
struct LiveExchange {
    std::string method;
    std::string path;
    std::string remote;
    std::string_view route;
    std::chrono::steady_clock::time_point start;
};

/// One live notification channel: a WebSocket (RFC 6455) over `Stream`, taken over from the HttpSession
/// whose upgrade request the route's LiveOpener granted. Server to client only: `{"type":"hello","seq":N}`
/// once the handshake is done (N: the latest seq the Notifier knows for the caller), then
/// `{"type":"changed","seq":N}` on each Notifier wake whose seq is newer than the last one sent.
///
/// Runs on the strand of its socket. Invariants: at most one write is in flight, and at most one "changed"
/// waits behind it (a newer seq replaces it), so a slow reader costs a bounded amount of memory whatever the
/// rate of commits; a read is pending from the handshake on (Beast answers pings and closes there); every
/// write is bounded by writeTimeout; Beast pings after livePingInterval without traffic and closes the
/// connection when another interval passes without a pong; a data message from the client closes the
/// channel with 1008 (policy violation), one over 4 KiB with 1009 (too big).
template <class Stream>
class LiveSession final : public LiveBase {
public:
    LiveSession(HttpServer::Impl& server, asio::any_io_executor executor)
        : m_server(server), m_executor(std::move(executor)), m_writeTimer(m_executor) {}

    ~LiveSession() override {
        m_subscription.reset(); // before the drain may count this connection as gone
        if (m_requestOpen) {
            m_server.metrics.requestEnded();
        }
        if (m_id != 0) {
            m_server.metrics.liveClosed();
            m_server.liveClosed(m_id);
        }
    }

    /// Takes over the connection (on its strand, right after registerLive gave `id`) and answers the
    /// upgrade. The request is in flight in the metrics until the handshake answer is written.
    void start(std::uint64_t id, Stream&& stream, const http::request<http::string_body>& upgrade,
               Notifier::Subscription&& subscription, LiveExchange exchange) {
        m_id = id;
        m_server.metrics.liveOpened();
        m_requestOpen = true;
        m_exchange = std::move(exchange);
        m_subscription = std::move(subscription);
        m_ws.emplace(std::move(stream));
        m_ws->read_message_max(kLiveMaxMessageBytes);
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = m_server.config.writeTimeout; // the 101 answer (then: see onAccept)
        timeouts.idle_timeout = 2 * m_server.config.livePingInterval;
        timeouts.keep_alive_pings = true; // a ping when half of it passed in silence
        m_ws->set_option(timeouts);
        // Called for Beast's refusals (400, 426) too: the access log records what was answered.
        m_ws->set_option(websocket::stream_base::decorator([this](websocket::response_type& res) {
            res.set(http::field::server, "jejak-server");
            m_answerStatus = res.result_int();
        }));
        m_state = State::Accepting;
        m_ws->async_accept(upgrade, [self = self()](const error_code& ec) { self->onAccept(ec); });
    }

    void postDrain() override {
        asio::post(m_executor, [self = self()] { self->onDrain(); });
    }

    void postWake() override {
        asio::post(m_executor, [self = self()] { self->onWake(); });
    }

private:
    enum class State { Created, Accepting, Open, Closing, Done };

    std::shared_ptr<LiveSession> self() { return std::static_pointer_cast<LiveSession>(shared_from_this()); }

    void onAccept(const error_code& ec) {
        m_requestOpen = false;
        m_server.metrics.requestEnded();
        m_server.dispatcher.record({m_exchange.method, m_exchange.path, m_exchange.remote, m_exchange.route,
                                    m_answerStatus, std::chrono::steady_clock::now() - m_exchange.start});
        if (ec) {
            return fail(ec, "live accept");
        }
        // From now on the handshake timeout bounds only the close handshake, and Beast's teardown that
        // waits for the client to close TCP: as briefly as the linger after an HTTP answer.
        websocket::stream_base::timeout timeouts{};
        m_ws->get_option(timeouts);
        timeouts.handshake_timeout =
            std::min<websocket::stream_base::duration>(timeouts.handshake_timeout, kMaxLinger);
        m_ws->set_option(timeouts);
        if (m_drainRequested || m_server.draining()) {
            return doClose(websocket::close_code::going_away, "server shutting down");
        }
        m_state = State::Open;
        m_lastSeq = m_subscription.acknowledge(); // absorbs a wake that came during the handshake
        send("hello", m_lastSeq);
        doRead();
    }

    void doRead() {
        m_ws->async_read(m_readBuffer,
                         [self = self()](const error_code& ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(const error_code& ec) {
        if (ec) {
            return fail(ec, "live read"); // websocket::error::closed: the client closed, Beast answered
        }
        m_readBuffer.consume(m_readBuffer.size());
        if (m_state == State::Open) {
            return doClose(websocket::close_code::policy_error, "the live channel takes no messages");
        }
        // Closing: the close operation reads on until the client's close frame.
    }

    void onWake() {
        if (m_state != State::Open) {
            return; // before the handshake, the hello carries the latest seq; after it, nobody listens
        }
        const std::int64_t seq = m_subscription.acknowledge();
        if (seq > m_lastSeq) {
            m_lastSeq = seq;
            send("changed", seq);
        }
    }

    void onDrain() {
        if (m_state == State::Accepting) {
            m_drainRequested = true; // closed as soon as the handshake is answered
        } else if (m_state == State::Open) {
            doClose(websocket::close_code::going_away, "server shutting down");
        }
    }

    /// Writes `{"type":...,"seq":N}`, or, while a write is in flight, keeps it as the one waiting.
    void send(std::string_view type, std::int64_t seq) {
        if (m_writing) {
            m_waitingSeq = seq;
            return;
        }
        m_out = R"({"type":")" + std::string(type) + R"(","seq":)" + std::to_string(seq) + "}";
        m_writing = true;
        const std::uint64_t generation = ++m_writeGeneration;
        m_writeTimer.expires_after(m_server.config.writeTimeout);
        m_writeTimer.async_wait([self = self(), generation](const error_code& ec) {
            if (!ec && generation == self->m_writeGeneration) {
                self->closeSocket(); // the client does not read: the pending operations fail
            }
        });
        m_ws->text(true);
        m_ws->async_write(asio::buffer(m_out),
                          [self = self()](const error_code& ec, std::size_t) { self->onWrite(ec); });
    }

    void onWrite(const error_code& ec) {
        m_writing = false;
        ++m_writeGeneration;
        m_writeTimer.cancel();
        if (ec) {
            return fail(ec, "live write");
        }
        if (m_state == State::Open && m_waitingSeq) {
            const std::int64_t seq = *m_waitingSeq;
            m_waitingSeq.reset();
            send("changed", seq);
        }
    }

    /// Starts the close handshake; Beast bounds it by the handshake timeout.
    void doClose(websocket::close_code code, std::string_view reason) {
        m_state = State::Closing;
        m_waitingSeq.reset();
        m_ws->async_close(websocket::close_reason(code, reason), [self = self()](const error_code& ec) {
            if (ec) {
                return self->fail(ec, "live close");
            }
            self->finish();
        });
    }

    void closeSocket() {
        error_code ignored;
        beast::get_lowest_layer(*m_ws).close(ignored);
    }

    /// Ends the connection: the socket closes, pending operations complete and release the session.
    void finish() {
        m_state = State::Done;
        ++m_writeGeneration;
        m_writeTimer.cancel();
        closeSocket();
    }

    void fail(const error_code& ec, std::string_view what) {
        if (!isQuiet(ec) && ec != websocket::error::closed) {
            m_server.logger.debug("live connection ended",
                                  {{"op", what}, {"error", ec.message()}, {"remote", m_exchange.remote}});
        }
        finish();
    }

    HttpServer::Impl& m_server;
    asio::any_io_executor m_executor;
    asio::steady_timer m_writeTimer;
    std::optional<websocket::stream<Stream, false>> m_ws;
    beast::flat_buffer m_readBuffer;
    Notifier::Subscription m_subscription;
    LiveExchange m_exchange;

    State m_state = State::Created;
    std::uint64_t m_id = 0;              // registered id; 0 before start()
    bool m_requestOpen = false;          // the upgrade request is in flight in the metrics
    unsigned m_answerStatus = 101;
    bool m_drainRequested = false;
    bool m_writing = false;
    std::uint64_t m_writeGeneration = 0; // a write deadline that fires for an older write is ignored
    std::int64_t m_lastSeq = 0;          // the newest seq sent or waiting
    std::optional<std::int64_t> m_waitingSeq;
    std::string m_out;
};

//---- One connection

/// One client connection over `Stream` (tcp::socket, or ssl::stream<tcp::socket>). Reads one request at
/// a time, hands it to the Dispatcher on the worker pool (handlers may block: database commits, password
/// hashing), writes the response back on its strand, and keeps the connection alive when both sides want
/// to. Runs on its own strand. Invariants: exactly one read or write is pending except in Phase::Handling,
/// when only the worker's job holds the session and nothing touches the socket; the timer bounds every
/// phase but Handling (a handler is not cut off: its caller may be committing); m_inFlight is true from a
/// request's first byte until its response is sent (or the connection dies), and the metrics' in-flight
/// gauge follows it.
template <class Stream>
class HttpSession final : public SessionBase {
    static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

public:
    HttpSession(HttpServer::Impl& server, tcp::socket&& socket, ssl::context* tls, bool rejecting, std::uint64_t id)
        : m_server(server)
        , m_remote(remoteOf(socket))
        , m_stream(makeStream(std::move(socket), tls))
        , m_buffer(server.config.maxHeaderBytes + kReadChunk)
        , m_timer(m_stream.get_executor())
        , m_rejecting(rejecting)
        , m_id(id) {
        m_server.metrics.connectionOpened();
    }

    ~HttpSession() override {
        if (m_inFlight) {
            m_server.metrics.requestEnded();
        }
        m_server.metrics.connectionClosed();
        m_server.sessionClosed(m_id, m_rejecting);
    }

    void run() {
        asio::dispatch(m_stream.get_executor(), [self = self()] { self->onRun(); });
    }

    void postDrain() override {
        asio::post(m_stream.get_executor(), [self = self()] { self->onDrain(); });
    }

private:
    enum class Phase { Handshake, Idle, Request, Handling, Write, Closing, Done };

    static std::string remoteOf(const tcp::socket& socket) {
        error_code ec;
        const auto endpoint = socket.remote_endpoint(ec);
        return ec ? std::string("unknown") : endpoint.address().to_string();
    }

    static Stream makeStream(tcp::socket&& socket, ssl::context* tls) {
        if constexpr (kTls) {
            return Stream(std::move(socket), *tls);
        } else {
            return Stream(std::move(socket));
        }
    }

    std::shared_ptr<HttpSession> self() { return std::static_pointer_cast<HttpSession>(shared_from_this()); }
    tcp::socket& socket() { return beast::get_lowest_layer(m_stream); }
    const ServerConfig& config() const { return m_server.config; }

    //---- Deadlines: one timer, re-armed per phase; a stale expiry is recognised by its generation.

    void arm(Phase phase, std::chrono::milliseconds timeout) {
        m_phase = phase;
        const std::uint64_t generation = ++m_timerGeneration;
        m_timer.expires_after(timeout);
        m_timer.async_wait([self = self(), generation](const error_code& ec) { self->onTimer(ec, generation); });
    }

    void onTimer(const error_code& ec, std::uint64_t generation) {
        if (ec || generation != m_timerGeneration) {
            return;
        }
        if (m_phase == Phase::Request) {
            // Cancel the read; its handler answers 408 on the still-open connection.
            m_timedOut = true;
            error_code ignored;
            socket().cancel(ignored);
            return;
        }
        closeSocket(); // handshake, idle, write or linger overran: nothing left to say
    }

    void closeSocket() {
        error_code ignored;
        socket().close(ignored);
    }

    /// Ends the connection: no more operations are started, so the last handler releases the session.
    void finish() {
        m_phase = Phase::Done;
        ++m_timerGeneration;
        m_timer.cancel();
        closeSocket();
    }

    /// Logs an I/O failure (quietly ignoring the ordinary ones) and ends the connection.
    void fail(const error_code& ec, std::string_view what) {
        if (!isQuiet(ec)) {
            m_server.logger.debug("connection error", {{"op", what}, {"error", ec.message()}, {"remote", m_remote}});
        }
        finish();
    }

    //---- Steps

    void onRun() {
        if constexpr (kTls) {
            arm(Phase::Handshake, config().readTimeout);
            m_stream.async_handshake(ssl::stream_base::server,
                                     [self = self()](const error_code& ec) { self->onHandshake(ec); });
        } else {
            doIdle(config().readTimeout);
        }
    }

    void onHandshake(const error_code& ec) {
        if (ec) {
            return fail(ec, "handshake");
        }
        doIdle(config().readTimeout);
    }

    void onDrain() {
        if (m_phase == Phase::Idle) {
            closeSocket(); // the pending read fails and ends the session
        }
    }

    /// Waits for the first byte of the next request.
    void doIdle(std::chrono::milliseconds timeout) {
        if (m_server.draining()) {
            return finish();
        }
        if (m_buffer.size() > 0) {
            return beginRequest(); // pipelined bytes already here
        }
        arm(Phase::Idle, timeout);
        m_stream.async_read_some(m_buffer.prepare(kReadChunk), [self = self()](const error_code& ec, std::size_t n) {
            self->onIdleRead(ec, n);
        });
    }

    void onIdleRead(const error_code& ec, std::size_t n) {
        if (ec) {
            return fail(ec, "read");
        }
        m_buffer.commit(n);
        beginRequest();
    }

    void beginRequest() {
        m_inFlight = true;
        m_server.metrics.requestStarted();
        m_requestStart = std::chrono::steady_clock::now();
        m_timedOut = false;
        m_method.clear();
        m_path.clear();
        m_route = Metrics::kUnmatched;
        m_version = 11;
        m_isHead = false;
        m_liveRoute = false;
        arm(Phase::Request, config().readTimeout);
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(config().maxHeaderBytes));
        m_parser->body_limit(boost::none); // the route's limit is set once the header names the route
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = self()](const error_code& ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(const error_code& ec) {
        if (m_timedOut) {
            return respond(requestTimeout(), false);
        }
        if (ec) {
            return onReadError(ec);
        }
        const auto& req = m_parser->get();
        m_version = req.version();
        m_isHead = req.method() == http::verb::head;
        m_method = std::string(req.method_string());
        auto [path, query] = splitTarget(req.target());
        m_path = std::move(path);
        m_query = std::move(query);
        if (m_path.empty() || m_path.front() != '/') {
            return respond(badRequest("the request target must be a path starting with '/'"), false);
        }
        if (m_rejecting) {
            return respond(tooManyConnections(), false);
        }
        const Dispatcher::Admission admission = m_server.dispatcher.admit(m_method, m_path);
        m_bodyLimit = admission.maxBodyBytes;
        m_route = admission.route;
        m_liveRoute = admission.live;
        if (const auto length = m_parser->content_length(); length && *length > m_bodyLimit) {
            return respond(payloadTooLarge(m_bodyLimit), false);
        }
        m_parser->body_limit(m_bodyLimit);
        const auto expect = req[http::field::expect];
        if (beast::iequals(expect, "100-continue") && !m_parser->is_done()) {
            asio::async_write(m_stream, asio::buffer(kContinue.data(), kContinue.size()),
                              [self = self()](const error_code& e, std::size_t) {
                                  if (e) {
                                      return self->fail(e, "write continue");
                                  }
                                  self->doReadBody();
                              });
            return;
        }
        doReadBody();
    }

    void doReadBody() {
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = self()](const error_code& ec, std::size_t) { self->onBody(ec); });
    }

    void onBody(const error_code& ec) {
        if (m_timedOut) {
            return respond(requestTimeout(), false);
        }
        if (ec) {
            return onReadError(ec);
        }
        handleRequest();
    }

    /// A read failed before the request was complete: answer what can be answered, then close.
    void onReadError(const error_code& ec) {
        if (ec == http::error::header_limit ||
            (ec == http::error::buffer_overflow && !m_parser->is_header_done())) {
            return respond(headerTooLarge(config().maxHeaderBytes), false);
        }
        if (ec == http::error::body_limit) {
            return respond(payloadTooLarge(m_bodyLimit), false);
        }
        if (isHttpParseError(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message) {
            return respond(badRequest(ec.message()), false);
        }
        fail(ec, "read request");
    }

    void handleRequest() {
        auto req = m_parser->release();
        m_parser.reset();
        HttpRequest request;
        request.method = m_method;
        request.target = m_path;
        request.query = m_query;
        for (const auto& field : req) {
            request.headers.add(std::string(field.name_string()), std::string(field.value()));
        }
        request.body = std::move(req.body());
        request.remoteAddress = m_remote;
        const bool keepAlive = req.keep_alive();
        if (m_liveRoute && websocket::is_upgrade(req)) {
            return openLive(std::move(req), std::move(request));
        }

        // Nothing is pending on the socket while the handler runs, and no deadline applies to it.
        m_phase = Phase::Handling;
        ++m_timerGeneration;
        m_timer.cancel();
        // The tracked executor counts as work of the io_context: with no operation pending on this socket, and
        // the acceptor closed by a drain, the network threads would otherwise run out of work and return
        // before the response is posted back.
        auto executor = asio::prefer(m_stream.get_executor(), asio::execution::outstanding_work.tracked);
        asio::post(m_server.workers(), [self = self(), executor = std::move(executor), request = std::move(request),
                                        keepAlive]() mutable {
            Dispatcher::Outcome outcome = runHandler(self->m_server, request);
            // Back on the strand; the job hands its reference over, so it keeps none on the worker.
            asio::post(executor, [self = std::move(self), outcome = std::move(outcome), keepAlive]() mutable {
                self->m_route = outcome.route;
                self->respond(std::move(outcome.response), keepAlive);
            });
        });
    }

    /// A WebSocket upgrade of a live route: the route's opener authorizes it and subscribes the caller on a
    /// worker (it may block on the session store) while nothing is pending on the socket, as in
    /// handleRequest. The LiveSession exists first so that the Notifier's wake can name it.
    void openLive(http::request<http::string_body>&& upgrade, HttpRequest&& request) {
        m_phase = Phase::Handling;
        ++m_timerGeneration;
        m_timer.cancel();
        auto live = std::make_shared<LiveSession<Stream>>(m_server, m_stream.get_executor());
        auto executor = asio::prefer(m_stream.get_executor(), asio::execution::outstanding_work.tracked);
        asio::post(m_server.workers(), [self = self(), executor = std::move(executor), live = std::move(live),
                                        upgrade = std::move(upgrade),
                                        request = std::move(request)]() mutable {
            auto grant = runLiveOpener(self->m_server, request, live);
            asio::post(executor, [self = std::move(self), live = std::move(live),
                                  upgrade = std::move(upgrade), grant = std::move(grant)]() mutable {
                self->onLiveOpened(std::move(live), upgrade, std::move(grant));
            });
        });
    }

    /// Runs on a worker; like runHandler, nothing escapes it.
    static shared::Result<LiveGrant> runLiveOpener(HttpServer::Impl& server, const HttpRequest& request,
                                                   const std::shared_ptr<LiveBase>& live) noexcept {
        try {
            std::weak_ptr<LiveBase> target = live;
            return server.dispatcher.openLive(request, [&server, target = std::move(target)](std::int64_t) {
                server.wakeLive(target);
            });
        } catch (...) {
            server.logger.error("live channel failed", {{"path", request.target}});
        }
        return shared::Error(shared::ErrorCode::Internal);
    }

    /// Back on the strand: answers a refusal over HTTP, or hands the connection over to the live session.
    void onLiveOpened(std::shared_ptr<LiveSession<Stream>> live,
                      const http::request<http::string_body>& upgrade, shared::Result<LiveGrant> grant) {
        if (!grant) {
            return respond(errorResponse(grant.error()), upgrade.keep_alive());
        }
        const std::uint64_t liveId = m_server.registerLive(live);
        if (liveId == 0) {
            // Draining: the grant (and its subscription) goes with this answer.
            return respond(errorResponse(shared::Error(shared::ErrorCode::HttpTooManyConnections, {},
                                                       "the server is shutting down")),
                           false);
        }
        // The live session answers the request and ends it in the metrics and the access log; this session
        // has nothing left to do and ends when this handler returns.
        m_inFlight = false;
        m_phase = Phase::Done;
        live->start(liveId, std::move(m_stream), upgrade, std::move(grant->subscription),
                    LiveExchange{m_method, m_path, m_remote, m_route, m_requestStart});
    }

    /// Runs on a worker. Dispatcher::dispatch already turns handler exceptions into 500; this also covers
    /// what could escape it (bad_alloc), which would otherwise end the worker thread and the process.
    static Dispatcher::Outcome runHandler(HttpServer::Impl& server, const HttpRequest& request) noexcept {
        try {
            return server.dispatcher.dispatch(request);
        } catch (...) {
            server.logger.error("dispatch failed", {{"path", request.target}});
        }
        HttpResponse failed; // no body: building one could fail the same way
        failed.status = 500;
        return {std::move(failed), Metrics::kUnmatched};
    }

    /// Sends a response; keeps the connection when asked and the server is not draining.
    void respond(HttpResponse response, bool keepAlive) {
        m_keepAlive = keepAlive && !m_server.draining();
        m_status = response.status;
        http::response<http::string_body> res;
        res.version(m_version);
        res.result(response.status);
        res.set(http::field::server, "jejak-server");
        if (!response.contentType.empty()) {
            res.set(http::field::content_type, response.contentType);
        }
        for (const auto& [name, value] : response.headers.fields()) {
            res.insert(name, value);
        }
        res.keep_alive(m_keepAlive);
        if (m_isHead) {
            res.content_length(response.body.size()); // HEAD: the length of the body not sent
        } else {
            res.body() = std::move(response.body);
            res.prepare_payload();
        }
        m_response = std::move(res);
        arm(Phase::Write, config().writeTimeout);
        http::async_write(m_stream, *m_response,
                          [self = self()](const error_code& ec, std::size_t) { self->onWrite(ec); });
    }

    void onWrite(const error_code& ec) {
        m_response.reset();
        if (m_inFlight) {
            m_inFlight = false;
            m_server.dispatcher.record({m_method.empty() ? std::string_view("-") : std::string_view(m_method),
                                        m_path, m_remote, m_route, m_status,
                                        std::chrono::steady_clock::now() - m_requestStart});
            m_server.metrics.requestEnded();
        }
        if (ec) {
            return fail(ec, "write");
        }
        if (m_keepAlive) {
            return doIdle(config().idleTimeout);
        }
        doClose();
    }

    /// Closes after a final answer without losing it: TLS sends close_notify; plain TCP half-closes and
    /// reads the peer out (bounded in time), so unread request bytes do not turn into a reset that could
    /// destroy the answer before the client reads it.
    void doClose() {
        arm(Phase::Closing, std::min(config().readTimeout, kMaxLinger));
        if constexpr (kTls) {
            m_stream.async_shutdown([self = self()](const error_code&) { self->finish(); });
        } else {
            error_code ignored;
            socket().shutdown(tcp::socket::shutdown_send, ignored);
            m_buffer.consume(m_buffer.size());
            doLinger();
        }
    }

    void doLinger() {
        m_stream.async_read_some(m_buffer.prepare(kReadChunk), [self = self()](const error_code& ec, std::size_t) {
            if (ec) {
                return self->finish();
            }
            self->doLinger();
        });
    }

    HttpServer::Impl& m_server;
    const std::string m_remote;
    Stream m_stream;
    beast::flat_buffer m_buffer;
    asio::steady_timer m_timer;
    const bool m_rejecting;
    const std::uint64_t m_id;

    Phase m_phase = Phase::Handshake;
    std::uint64_t m_timerGeneration = 0;
    bool m_timedOut = false;
    bool m_inFlight = false;
    bool m_keepAlive = false;
    bool m_isHead = false;
    bool m_liveRoute = false;
    unsigned m_version = 11;
    unsigned m_status = 0;
    std::size_t m_bodyLimit = 0;
    std::string m_method;
    std::string m_path;
    std::string m_query;
    std::string_view m_route = Metrics::kUnmatched;
    std::chrono::steady_clock::time_point m_requestStart;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::optional<http::response<http::string_body>> m_response;
};

//---- Listener

shared::Result<void> HttpServer::Impl::start() {
    using shared::Error;
    using shared::ErrorCode;
    error_code ec;
    if (config.tlsEnabled()) {
        m_tls.emplace(ssl::context::tls_server);
        m_tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                               ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                           ec);
        if (!ec) {
            m_tls->use_certificate_chain_file(config.tlsCertFile, ec);
            if (ec) {
                return Error(ErrorCode::ServerConfigInvalid, "tlsCertFile",
                             "cannot load certificate " + config.tlsCertFile + ": " + ec.message());
            }
            m_tls->use_private_key_file(config.tlsKeyFile, ssl::context::pem, ec);
            if (ec) {
                return Error(ErrorCode::ServerConfigInvalid, "tlsKeyFile",
                             "cannot load private key " + config.tlsKeyFile + ": " + ec.message());
            }
        }
        if (ec) {
            return Error(ErrorCode::ServerConfigInvalid, "tlsCertFile", "TLS setup failed: " + ec.message());
        }
    }

    const auto address = asio::ip::make_address(config.listenAddress, ec);
    if (ec) {
        return Error(ErrorCode::ServerConfigInvalid, "listenAddress",
                     "'" + config.listenAddress + "' is not an IP address");
    }
    const tcp::endpoint endpoint(address, config.port);
    m_acceptor.emplace(asio::make_strand(*m_ioc));
    m_acceptRetry.emplace(m_acceptor->get_executor());
    const auto listenError = [&](std::string_view step) {
        return Error(ErrorCode::ServerListenFailed, "port",
                     std::string(step) + " " + config.listenAddress + ":" + std::to_string(config.port) + ": " +
                         ec.message());
    };
    if (m_acceptor->open(endpoint.protocol(), ec); ec) {
        return listenError("open");
    }
    if (m_acceptor->set_option(asio::socket_base::reuse_address(true), ec); ec) {
        return listenError("set_option");
    }
    if (m_acceptor->bind(endpoint, ec); ec) {
        return listenError("bind");
    }
    if (m_acceptor->listen(asio::socket_base::max_listen_connections, ec); ec) {
        return listenError("listen");
    }
    m_port = m_acceptor->local_endpoint(ec).port();

    const unsigned hardware = std::max(1U, std::thread::hardware_concurrency());
    const unsigned workers = config.workerThreads == 0 ? std::max(16U, 4 * hardware) : config.workerThreads;
    m_workers.emplace(workers);
    doAccept();
    const unsigned threads = config.threads == 0 ? hardware : config.threads;
    m_threads.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        m_threads.emplace_back([this] { runThread(); });
    }
    logger.lifecycle("listening", {{"address", config.listenAddress},
                              {"port", port()},
                              {"tls", config.tlsEnabled()},
                              {"threads", threads},
                              {"workerThreads", workers},
                              {"maxConnections", config.maxConnections}});
    return {};
}

void HttpServer::Impl::runThread() {
    for (;;) {
        try {
            m_ioc->run();
            return;
        } catch (const std::exception& e) {
            logger.error("network thread caught an exception", {{"error", e.what()}});
        } catch (...) {
            logger.error("network thread caught an exception", {{"error", "unknown"}});
        }
    }
}

void HttpServer::Impl::doAccept() {
    m_acceptor->async_accept(asio::make_strand(*m_ioc), [this](const error_code& ec, tcp::socket socket) {
        onAccept(ec, std::move(socket));
    });
}

void HttpServer::Impl::onAccept(const error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !m_acceptor->is_open()) {
        return; // stopping
    }
    if (ec) {
        logger.warn("accept failed", {{"error", ec.message()}});
        m_acceptRetry->expires_after(kAcceptRetryDelay);
        m_acceptRetry->async_wait([this](const error_code& e) {
            if (!e && m_acceptor->is_open()) {
                doAccept();
            }
        });
        return;
    }
    bool rejecting = false;
    std::uint64_t id = 0;
    {
        const std::lock_guard lock(m_mutex);
        if (m_draining) {
            return; // the socket closes as it goes out of scope
        }
        if (m_served < config.maxConnections) {
            ++m_served;
        } else if (m_rejecting < m_rejectBudget) {
            ++m_rejecting;
            rejecting = true;
        } else {
            logger.debug("connection dropped: limit and reject budget exhausted");
            doAccept();
            return;
        }
        id = ++m_nextId;
    }
    // Registered before it runs, so that its destructor always finds its entry.
    if (m_tls) {
        auto s = std::make_shared<HttpSession<ssl::stream<tcp::socket>>>(*this, std::move(socket), &*m_tls, rejecting, id);
        registerSession(id, s);
        s->run();
    } else {
        auto s = std::make_shared<HttpSession<tcp::socket>>(*this, std::move(socket), nullptr, rejecting, id);
        registerSession(id, s);
        s->run();
    }
    doAccept();
}

void HttpServer::Impl::registerSession(std::uint64_t id, const std::shared_ptr<SessionBase>& session) {
    const std::lock_guard lock(m_mutex);
    m_sessions.emplace(id, session);
}

void HttpServer::Impl::sessionClosed(std::uint64_t id, bool rejecting) {
    const std::lock_guard lock(m_mutex);
    m_sessions.erase(id);
    --(rejecting ? m_rejecting : m_served);
    if (m_served == 0 && m_rejecting == 0 && m_live == 0) {
        m_allClosed.notify_all();
    }
}

std::uint64_t HttpServer::Impl::registerLive(const std::shared_ptr<SessionBase>& session) {
    const std::lock_guard lock(m_mutex);
    if (m_draining) {
        return 0;
    }
    const std::uint64_t id = ++m_nextId;
    m_sessions.emplace(id, session);
    ++m_live;
    return id;
}

void HttpServer::Impl::liveClosed(std::uint64_t id) {
    const std::lock_guard lock(m_mutex);
    m_sessions.erase(id);
    --m_live;
    if (m_served == 0 && m_rejecting == 0 && m_live == 0) {
        m_allClosed.notify_all();
    }
}

void HttpServer::Impl::wakeLive(const std::weak_ptr<LiveBase>& target) {
    const std::shared_lock lock(m_wakeMutex);
    if (!m_wakeOpen) {
        return;
    }
    if (auto session = target.lock()) {
        session->postWake();
    }
}

bool HttpServer::Impl::stop(std::chrono::milliseconds drainTimeout) {
    if (m_threads.empty()) {
        return true;
    }
    std::vector<std::shared_ptr<SessionBase>> sessions;
    {
        const std::lock_guard lock(m_mutex);
        m_draining = true;
        for (const auto& [id, weak] : m_sessions) {
            if (auto s = weak.lock()) {
                sessions.push_back(std::move(s));
            }
        }
    }
    logger.info("draining", {{"connections", sessions.size()}, {"drainTimeoutMs", drainTimeout.count()}});
    asio::post(m_acceptor->get_executor(), [this] {
        error_code ignored;
        m_acceptor->close(ignored);
        m_acceptRetry->cancel();
    });
    for (const auto& s : sessions) {
        s->postDrain();
    }
    sessions.clear(); // holding them would keep them open
    bool drained = false;
    {
        std::unique_lock lock(m_mutex);
        drained = m_allClosed.wait_for(lock, drainTimeout,
                                       [this] { return m_served == 0 && m_rejecting == 0 && m_live == 0; });
    }
    stopThreads();
    joinWorkers(); // after a drain timeout, handlers still running finish here; their answers are dropped
    logger.lifecycle("stopped", {{"drained", drained}});
    return drained;
}

void HttpServer::Impl::stopThreads() {
    m_ioc->stop();
    for (auto& t : m_threads) {
        t.join();
    }
    m_threads.clear();
}

void HttpServer::Impl::joinWorkers() {
    if (m_workers) {
        m_workers->join(); // waits for the queued and running handlers
    }
}

//---- Facade

HttpServer::HttpServer(const ServerConfig& config, const Dispatcher& dispatcher, Metrics& metrics, Logger& logger)
    : m_impl(std::make_unique<Impl>(config, dispatcher, metrics, logger)) {}

HttpServer::~HttpServer() = default;

shared::Result<void> HttpServer::start() { return m_impl->start(); }

std::uint16_t HttpServer::port() const noexcept { return m_impl->port(); }

bool HttpServer::stop(std::chrono::milliseconds drainTimeout) { return m_impl->stop(drainTimeout); }

} // namespace jejak::server
