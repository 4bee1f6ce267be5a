// SPDX-License-Identifier: Apache-2.0
// The handler worker pool of HttpServer, in process: handlers that block overlap, do not stall the network
// thread, are bounded by the pool size, and finish before a graceful stop returns.
#include "http_server.hpp"

#include "http_errors.hpp"
#include "support/http_client.hpp"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>

using namespace jejak::server;
using jejak::testing::HttpClient;
using namespace std::chrono_literals;

namespace {

/// A route whose handler blocks until released, counting the handlers inside it.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0;
    bool open = false;

    HttpResponse pass() {
        std::unique_lock lock(mutex);
        ++inside;
        changed.notify_all();
        const bool released = changed.wait_for(lock, 20s, [this] { return open; });
        return jsonResponse(200, released ? R"({"released":true})" : R"({"released":false})");
    }
    /// Waits until `n` handlers are inside at once; false after the timeout.
    bool waitInside(int n, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [&] { return inside >= n; });
    }
    int count() {
        const std::lock_guard lock(mutex);
        return inside;
    }
    void release() {
        const std::lock_guard lock(mutex);
        open = true;
        changed.notify_all();
    }
};

/// One network thread and `workers` handler threads over a router with /block (the gate) and /quick.
struct Rig {
    explicit Rig(unsigned workers) {
        REQUIRE(router.add("GET", "/block",
                           [this](const HttpRequest&, const RouteParams&) { return gate.pass(); }));
        REQUIRE(router.add("GET", "/quick", [](const HttpRequest&, const RouteParams&) {
            return jsonResponse(200, R"({"quick":true})");
        }));
        config.listenAddress = "127.0.0.1";
        config.port = 0;
        config.threads = 1;
        config.workerThreads = workers;
        server.emplace(config, dispatcher, metrics, logger);
        REQUIRE(server->start());
    }
    ~Rig() {
        gate.release(); // never leave a handler blocked, whatever failed
        server.reset();
        std::fclose(logFile);
    }
    HttpClient connect() const {
        HttpClient c;
        REQUIRE(c.connect("127.0.0.1", server->port()).empty());
        return c;
    }

    Gate gate;
    Router router;
    Metrics metrics;
    std::FILE* logFile = std::tmpfile();
    Logger logger{LogLevel::Error, logFile};
    Dispatcher dispatcher{router, metrics, logger, 1024};
    ServerConfig config;
    std::optional<HttpServer> server;
};

constexpr std::string_view kBlock = "GET /block HTTP/1.1\r\nHost: a\r\n\r\n";

} // namespace

TEST_CASE("http server pool: blocking handlers overlap and the network thread keeps serving",
          "[server][http_server][pool]") {
    Rig rig(4);
    std::vector<HttpClient> blocked;
    for (int i = 0; i < 3; ++i) {
        blocked.push_back(rig.connect());
        REQUIRE(blocked.back().send(kBlock));
    }
    // Three handlers are inside at once although there is one network thread: they run on workers.
    REQUIRE(rig.gate.waitInside(3, 10s));
    // The network thread still reads, dispatches and writes: a fourth request is answered meanwhile.
    HttpClient quick = rig.connect();
    auto q = quick.request("GET", "/quick");
    REQUIRE(q);
    CHECK(q->status == 200);
    CHECK(rig.gate.count() == 3);

    rig.gate.release();
    for (auto& c : blocked) {
        auto r = c.readResponse(10s);
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(r->body == R"({"released":true})");
        CHECK(r->header("Connection") != "close");
    }
    CHECK(rig.server->stop(2s));
}

TEST_CASE("http server pool: no more handlers run at once than there are workers",
          "[server][http_server][pool]") {
    Rig rig(2);
    std::vector<HttpClient> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(rig.connect());
        REQUIRE(clients.back().send(kBlock));
    }
    REQUIRE(rig.gate.waitInside(2, 10s));
    CHECK_FALSE(rig.gate.waitInside(3, 300ms)); // the third request waits for a free worker
    rig.gate.release();
    for (auto& c : clients) {
        auto r = c.readResponse(10s);
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    CHECK(rig.gate.count() == 3);
}

TEST_CASE("http server pool: a graceful stop waits for handlers running on workers",
          "[server][http_server][pool]") {
    Rig rig(2);
    HttpClient client = rig.connect();
    REQUIRE(client.send(kBlock));
    REQUIRE(rig.gate.waitInside(1, 10s));

    auto stopped = std::async(std::launch::async, [&rig] { return rig.server->stop(10s); });
    CHECK(stopped.wait_for(300ms) == std::future_status::timeout); // the request is still being handled
    rig.gate.release();
    auto r = client.readResponse(10s);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == R"({"released":true})");
    CHECK(r->header("Connection") == "close"); // answered during the drain
    client.close();
    CHECK(stopped.get());
}
