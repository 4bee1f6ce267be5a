// SPDX-License-Identifier: Apache-2.0
// The headless field client against the real jejak-server over loopback: the Beast transport, the live
// notification client, and the jejak-field command line end to end.
#include "blob_fixtures.hpp"
#include "story_fixture.hpp"

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "jejak/field/beast_transport.hpp"
#include "jejak/field/commands.hpp"
#include "jejak/field/live_client.hpp"
#include "jejak/field/server_url.hpp"
#include "jejak/shared/codec.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace jejak::testing;
using namespace std::chrono_literals;
namespace field = jejak::field;
namespace proto = jejak::sync;
using jejak::shared::ErrorCode;

namespace {

std::string baseUrl(std::uint16_t port) {
    return "http://127.0.0.1:" + std::to_string(port);
}

proto::HttpRequest get(const std::string& url, std::chrono::milliseconds timeout = 10s) {
    return {"GET", url, {}, {}, timeout};
}

proto::HttpRequest loginRequest(std::uint16_t port, std::string_view nip, std::string_view password) {
    const proto::LoginRequest body{std::string(nip), std::string(password), "field-test", "Field test"};
    return {"POST",
            baseUrl(port) + "/v1/auth/login",
            {{"Content-Type", "application/json"}, {"X-Jejak-Protocol", "1"}},
            boost::json::serialize(proto::toJson(body)),
            10s};
}

/// A TCP port on 127.0.0.1 that listens but never accepts nor answers (the kernel completes handshakes
/// into the backlog): every exchange with it times out.
class SilentListener {
  public:
    SilentListener() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(m_fd, 16) == 0);
        socklen_t size = sizeof addr;
        REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
        m_port = ntohs(addr.sin_port);
    }
    ~SilentListener() { ::close(m_fd); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    [[nodiscard]] std::uint16_t port() const { return m_port; }

  private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
};

/// A port nothing listens on: bound, then closed.
std::uint16_t closedPort() {
    const SilentListener listener;
    return listener.port();
}

/// The messages a LiveClient delivered, for a test to wait on.
struct LiveLog {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<field::LiveMessage> messages;

    field::LiveClient::Listener listener() {
        return [this](const field::LiveMessage& m) {
            const std::lock_guard lock(mutex);
            messages.push_back(m);
            changed.notify_all();
        };
    }
    /// Waits until `count` messages of `type` arrived; false after 20 s.
    bool waitFor(std::string_view type, std::size_t count) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 20s, [&] {
            return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(),
                                                          [&](const auto& m) { return m.type == type; })) >=
                   count;
        });
    }
};

} // namespace

TEST_CASE("field client: server URLs are parsed with Boost.URL", "[field][url]") {
    const auto plain = field::parseServerUrl("http://127.0.0.1:8080");
    REQUIRE(plain);
    CHECK_FALSE(plain->secure);
    CHECK(plain->host == "127.0.0.1");
    CHECK_FALSE(plain->hostIsName);
    CHECK(plain->port == 8080);
    CHECK(plain->target == "/");
    CHECK(plain->origin() == "http://127.0.0.1:8080");

    const auto tls = field::parseServerUrl("https://jejak.example.go.id/v1/blobs/ab?thumbnail=1");
    REQUIRE(tls);
    CHECK(tls->secure);
    CHECK(tls->hostIsName);
    CHECK(tls->port == 443);
    CHECK(tls->target == "/v1/blobs/ab?thumbnail=1");

    const auto v6 = field::parseServerUrl("http://[::1]:9/x");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->origin() == "http://[::1]:9");

    for (const char* bad : {"", "127.0.0.1:8080", "ftp://host/", "http://user@host/", "http://host:0/",
                            "http://host:99999/", "http://host/#frag", "/v1/health"}) {
        INFO(bad);
        const auto r = field::parseServerUrl(bad, "server");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK(r.error().field == "server");
    }
}

TEST_CASE("field client: the Beast transport talks HTTP/1.1 to the real server", "[field][transport]") {
    StoryServer server("field_transport");
    field::BeastTransport transport;

    const auto health = transport.exchange(get(baseUrl(server.port()) + "/v1/health"));
    INFO((health ? health->body : jejak::shared::toString(health.error())));
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(boost::json::parse(health->body).at("status") == "ok");

    // Any HTTP status is a success of the exchange: the engine interprets it.
    const auto wrong = transport.exchange(loginRequest(server.port(), kStoryAuthor, "salah"));
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK(errorCodeOf({static_cast<unsigned>(wrong->status), {}, wrong->body}) == "auth.invalid_credentials");

    const auto login = transport.exchange(loginRequest(server.port(), kStoryAuthor, kStoryPassword));
    REQUIRE(login);
    REQUIRE(login->status == 200);
    const auto session = jejak::shared::decode<proto::LoginResponse>(boost::json::parse(login->body));
    REQUIRE(session);
    CHECK(session->nip == kStoryAuthor);
    bool noStore = false;
    for (const auto& h : login->headers) {
        noStore = noStore || (h.name == "Cache-Control" && h.value == "no-store");
    }
    CHECK(noStore);

    // An authenticated request, and a body sent with PUT (one evidence chunk).
    const std::string photo = makeJpeg(photoPixels(320, 240, 7));
    const std::string sha = sha256Of(photo);
    const auto put = transport.exchange({"PUT",
                                         baseUrl(server.port()) + "/v1/blobs/" + sha,
                                         {{"Authorization", "Bearer " + session->token},
                                          {"Content-Type", "image/jpeg"},
                                          {"Content-Range", "bytes 0-" + std::to_string(photo.size() - 1) +
                                                                "/" + std::to_string(photo.size())}},
                                         photo,
                                         10s});
    REQUIRE(put);
    INFO(put->body);
    CHECK(put->status == 200);
    const auto status = transport.exchange({"GET",
                                            baseUrl(server.port()) + "/v1/blobs/" + sha,
                                            {{"Authorization", "Bearer " + session->token}},
                                            {},
                                            10s});
    REQUIRE(status);
    const auto blob = boost::json::parse(status->body);
    CHECK(blob.at("complete") == true);
    CHECK(blob.at("size") == static_cast<std::int64_t>(photo.size()));

    // Several threads at once on one transport (the engine's parallel uploads), connections reused.
    std::vector<std::future<int>> workers;
    for (int t = 0; t < 4; ++t) {
        workers.push_back(std::async(std::launch::async, [&] {
            int ok = 0;
            for (int i = 0; i < 10; ++i) {
                const auto r = transport.exchange(get(baseUrl(server.port()) + "/v1/health"));
                ok += (r && r->status == 200) ? 1 : 0;
            }
            return ok;
        }));
    }
    for (auto& w : workers) {
        CHECK(w.get() == 10);
    }

    // A kept-alive connection the server closed (restart on the same port) is replaced transparently.
    const std::uint16_t port = server.port();
    server.stop();
    server.start(port);
    const auto after = transport.exchange(get(baseUrl(server.port()) + "/v1/health"));
    INFO((after ? after->body : jejak::shared::toString(after.error())));
    REQUIRE(after);
    CHECK(after->status == 200);
}

TEST_CASE("field client: refused, timed out and unparsable exchanges are sync.network",
          "[field][transport]") {
    field::BeastTransport transport;

    const auto refused = transport.exchange(get(baseUrl(closedPort()) + "/v1/health"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::SyncNetwork);
    CHECK(refused.error().transient);
    CHECK_THAT(refused.error().message, Catch::Contains("connect"));

    const SilentListener silent;
    const auto timedOut = transport.exchange(get(baseUrl(silent.port()) + "/v1/health", 300ms));
    REQUIRE_FALSE(timedOut);
    CHECK(timedOut.error().code == ErrorCode::SyncNetwork);
    CHECK_THAT(timedOut.error().message, Catch::Contains("timed out"));

    const auto badUrl = transport.exchange(get("not a url"));
    REQUIRE_FALSE(badUrl);
    CHECK(badUrl.error().code == ErrorCode::SyncNetwork);

    // The congestion control is set on the socket before it connects: a name the kernel does not know
    // fails the connection, so a benchmark can never run on another algorithm unknowingly.
    field::BeastTransport bogus(field::NetOptions{"no-such-algorithm", {}});
    const auto refusedCc = bogus.exchange(get(baseUrl(silent.port()) + "/v1/health"));
    REQUIRE_FALSE(refusedCc);
    CHECK(refusedCc.error().code == ErrorCode::SyncNetwork);
    CHECK_THAT(refusedCc.error().message, Catch::Contains("congestion control 'no-such-algorithm'"));
}

TEST_CASE("field client: cancel() ends exchanges in progress and later ones until resume()",
          "[field][transport]") {
    StoryServer server("field_cancel");
    field::BeastTransport transport;
    const SilentListener silent;

    auto blocked = std::async(std::launch::async, [&] {
        return transport.exchange(get(baseUrl(silent.port()) + "/v1/health", 60s));
    });
    CHECK(blocked.wait_for(200ms) == std::future_status::timeout); // it waits for an answer that never comes
    transport.cancel();
    REQUIRE(blocked.wait_for(10s) == std::future_status::ready);
    const auto cancelled = blocked.get();
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().code == ErrorCode::SyncCancelled);
    CHECK(cancelled.error().transient);

    const auto meanwhile = transport.exchange(get(baseUrl(server.port()) + "/v1/health"));
    REQUIRE_FALSE(meanwhile);
    CHECK(meanwhile.error().code == ErrorCode::SyncCancelled);

    transport.resume();
    const auto resumed = transport.exchange(get(baseUrl(server.port()) + "/v1/health"));
    REQUIRE(resumed);
    CHECK(resumed->status == 200);
}

TEST_CASE("field client: TLS to a server with a certificate, verified against its CA file",
          "[field][transport][tls]") {
    TempDir dir;
    const std::string cert = dir.file("cert.pem");
    const std::string key = dir.file("key.pem");
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
        " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
        key + " -out " + cert + " >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);
    ServerProcess server;
    const std::string started =
        server.start(JEJAK_SERVER_EXE,
                     {"--listen", "127.0.0.1", "--port", "0", "--threads", "1", "--data-dir",
                      dir.file("data"), "--tls-cert", cert, "--tls-key", key},
                     std::string(JEJAK_TEST_LOG_DIR) + "/field_tls.log");
    INFO(started);
    REQUIRE(started.empty());
    const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/v1/health";

    field::BeastTransport trusting(field::NetOptions{"cubic", cert});
    for (int i = 0; i < 2; ++i) {
        const auto r = trusting.exchange(get(url));
        INFO((r ? r->body : jejak::shared::toString(r.error())));
        REQUIRE(r);
        CHECK(r->status == 200);
    }
    // The system trust store does not know this self-signed certificate.
    field::BeastTransport strict;
    const auto refused = strict.exchange(get(url));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::SyncNetwork);
    CHECK_THAT(refused.error().message, Catch::Contains("tls handshake"));

    // The live channel over TLS (wss): the upgrade reaches the server, which refuses the unknown token.
    field::LiveClientOptions live;
    live.serverUrl = "https://127.0.0.1:" + std::to_string(server.port());
    live.token = "not-a-token";
    live.net.caFile = cert;
    live.initialBackoff = 20ms;
    live.maxBackoff = 100ms;
    field::LiveClient client(live, [](const field::LiveMessage&) {});
    client.start();
    std::string error;
    for (int i = 0; i < 500 && error.find("HTTP 401") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        error = client.lastError();
    }
    CHECK_THAT(error, Catch::Contains("HTTP 401"));
    client.stop();
    server.signal(SIGTERM);
    CHECK(server.wait(10s) == 0);
}

TEST_CASE("field client: the live client gets hello and changed, and reconnects after a restart",
          "[field][live]") {
    StoryServer server("field_live");
    const StorySession author = server.login(kStoryAuthor);
    LiveLog log;
    field::LiveClientOptions options;
    options.serverUrl = baseUrl(server.port());
    options.token = author.token;
    options.initialBackoff = 50ms;
    options.maxBackoff = 500ms;
    field::LiveClient live(options, log.listener());
    live.start();
    REQUIRE(log.waitFor("hello", 1));
    CHECK(live.connected());

    // A commit in the author's feed: a submission with its photo.
    const std::string photo = makeJpeg(photoPixels(640, 480, 3));
    REQUIRE(server.upload(author, photo).status == 200);
    const auto result = server.pushOne(
        author, {storyId("0186c0f1", 1),
                 proto::SubmitActivity{storyActivity(storyId("0186c0f2", 1), 0, sha256Of(photo),
                                                     static_cast<std::int64_t>(photo.size()))}});
    INFO((result.error ? result.error->code : ""));
    REQUIRE(result.ok);
    REQUIRE(log.waitFor("changed", 1));
    {
        const std::lock_guard lock(log.mutex);
        CHECK(log.messages.back().seq > 0);
    }

    // The server goes away and comes back on the same port: the client reconnects by itself.
    const std::uint16_t port = server.port();
    server.stop();
    server.start(port);
    REQUIRE(log.waitFor("hello", 2));
    CHECK(live.connected());

    live.stop();
    CHECK_FALSE(live.connected());
}

TEST_CASE("field client: a refused live channel is retried and reported", "[field][live]") {
    StoryServer server("field_live_refused");
    LiveLog log;
    field::LiveClientOptions options;
    options.serverUrl = baseUrl(server.port());
    options.token = "not-a-token";
    options.initialBackoff = 20ms;
    options.maxBackoff = 100ms;
    field::LiveClient live(options, log.listener());
    live.start();
    std::string error;
    for (int i = 0; i < 500 && error.find("HTTP 401") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        error = live.lastError();
    }
    CHECK_THAT(error, Catch::Contains("HTTP 401"));
    CHECK_FALSE(live.connected());
    live.stop();
    CHECK(log.messages.empty());
}

namespace {

constexpr std::string_view kClockStart = "2023-03-15T08:00:00+08:00"; // the StoryServer's clock

struct CliResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// `jejak-field --data dataDir --clock-start ... args...` in process, with `input` as standard input.
CliResult cli(const std::string& dataDir, std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {"--data", dataDir, "--clock-start", std::string(kClockStart)});
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    CliResult r;
    r.status = field::runFieldClient(args, in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

/// The line of `text` that contains `needle`, or empty.
std::string lineWith(const std::string& text, std::string_view needle) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(needle) != std::string::npos) {
            return line;
        }
    }
    return {};
}

std::string writeFile(const TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

/// Logs `nip` in on a data dir through `jejak-field login` (password on standard input).
void fieldLogin(const std::string& dataDir, std::uint16_t port, std::string_view nip) {
    const auto r = cli(dataDir, {"login", "--server", baseUrl(port), "--nip", std::string(nip)},
                       std::string(kStoryPassword) + "\n");
    INFO(r.out << r.err);
    REQUIRE(r.status == field::kExitOk);
    CHECK_THAT(r.out, Catch::Contains("Masuk sebagai") && Catch::Contains(std::string(nip)));
}

/// Runs the jejak-field executable; its exit status, with stdout and stderr in `log`.
int runFieldExe(const std::vector<std::string>& args, const std::string& logPath, std::string& log) {
    ServerProcess process;
    REQUIRE(process.spawn(JEJAK_FIELD_EXE, args, logPath).empty());
    const auto status = process.wait(120s);
    log = process.log();
    INFO(log);
    REQUIRE(status);
    return *status;
}

} // namespace

TEST_CASE("jejak-field: usage errors exit 1 and change nothing", "[field][cli]") {
    TempDir dir;
    const std::string data = dir.file("device");
    CHECK(cli(data, {}).status == field::kExitUsage);
    CHECK(cli(data, {"fly"}).status == field::kExitUsage);
    CHECK(cli(data, {"sync", "--bogus"}).status == field::kExitUsage);
    CHECK(cli(data, {"sync", "--json=yes"}).status == field::kExitUsage);
    CHECK(cli(data, {"approve"}).status == field::kExitUsage);
    CHECK(cli(data, {"return", "0186c0a1-0000-7000-8000-000000000001"}).status == field::kExitUsage);
    const auto missingPhoto =
        cli(data, {"new", "--name", "x", "--quantity", "1", "--unit", "Laporan", "--start",
                   "2023-03-14T07:00:00+08:00", "--end", "2023-03-14T08:00:00+08:00"});
    CHECK(missingPhoto.status == field::kExitUsage);
    CHECK_THAT(missingPhoto.err, Catch::Contains("--photo") && Catch::Contains("Penggunaan"));
    const auto badUrl =
        cli(data, {"login", "--server", "ftp://x", "--nip", std::string(kStoryAuthor)}, "pw\n");
    CHECK(badUrl.status == field::kExitUsage);
    CHECK_THAT(badUrl.err, Catch::Contains("general.invalid_argument"));

    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    CHECK(field::runFieldClient({"status"}, in, out, err) == field::kExitUsage); // no --data
    CHECK_THAT(err.str(), Catch::Contains("--data"));

    // Commands that need a session say so with the code.
    const auto noSession = cli(data, {"sync"});
    CHECK(noSession.status == field::kExitFailed);
    CHECK_THAT(noSession.err, Catch::Contains("sync.no_session") && Catch::Contains("Silakan masuk"));
    const auto empty = cli(data, {"status"});
    CHECK(empty.status == field::kExitOk);
    CHECK_THAT(empty.out, Catch::Contains("Belum ada aktivitas"));
}

TEST_CASE(
    "jejak-field: an activity with photos goes to the server, the ketua approves it, the author sees it",
    "[field][cli]") {
    StoryServer server("field_cli");
    TempDir dir;
    const std::string author = dir.file("author");
    const std::string ketua = dir.file("ketua");

    const auto wrongPassword = cli(
        author, {"login", "--server", baseUrl(server.port()), "--nip", std::string(kStoryAuthor)}, "salah\n");
    CHECK(wrongPassword.status == field::kExitFailed);
    CHECK_THAT(wrongPassword.err, Catch::Contains("auth.invalid_credentials"));

    fieldLogin(author, server.port(), kStoryAuthor);
    const auto teams = cli(author, {"teams"});
    REQUIRE(teams.status == field::kExitOk);
    CHECK_THAT(teams.out, Catch::Contains("team-pak"));
    const auto skp = cli(author, {"skp"});
    REQUIRE(skp.status == field::kExitOk);
    CHECK_THAT(skp.out, Catch::Contains("si-2023-a7-1"));

    // Two real JPEGs, written to files as a camera would.
    const std::string photoA = makeJpeg(photoPixels(800, 600, 11));
    const std::string photoB = makeJpeg(photoPixels(640, 480, 12));
    const std::string fileA = writeFile(dir, "a.jpg", photoA);
    const std::string fileB = writeFile(dir, "b.jpg", photoB);
    // clang-format off
    const std::vector<std::string> activityArgs{
        "new", "--name=Verifikasi usul PAK", "--team", "team-pak", "--skp-item=si-2023-a7-1", "--quantity=1",
        "--unit=Indeks", "--start=2023-03-14T07:00:00+08:00", "--end=2023-03-14T07:30:00+08:00",
        "--description=Arsip digital diperiksa", "--photo", fileA, fileB};
    // clang-format on

    // Refused locally (not a member of that team): exit 2 with the code, nothing kept.
    auto wrongTeam = activityArgs;
    wrongTeam[3] = "team-pia-x";
    const auto refused = cli(author, wrongTeam);
    CHECK(refused.status == field::kExitFailed);
    CHECK_THAT(refused.err, Catch::Contains("activity."));
    const std::string notJpeg = writeFile(dir, "notes.txt", "just text");
    auto wrongFile = activityArgs;
    wrongFile.back() = notJpeg;
    const auto badFile = cli(author, wrongFile);
    CHECK(badFile.status == field::kExitFailed);
    CHECK_THAT(badFile.err, Catch::Contains("blob.media_type_invalid"));
    CHECK_THAT(cli(author, {"status"}).out, Catch::Contains("Belum ada aktivitas"));

    const auto created = cli(author, activityArgs);
    INFO(created.out << created.err);
    REQUIRE(created.status == field::kExitOk);
    const std::string id = created.out.substr(0, created.out.find('\n'));
    REQUIRE(jejak::shared::isUuid(id));
    const auto queued = cli(author, {"status"});
    CHECK_THAT(lineWith(queued.out, id), !Catch::Contains("synced"));

    // One sync pass through the real executable, as the benchmark runs it.
    std::string log;
    REQUIRE(runFieldExe({"--data", author, "--clock-start", std::string(kClockStart), "sync", "--json"},
                        std::string(JEJAK_TEST_LOG_DIR) + "/field_cli_sync.log", log) == field::kExitOk);
    const auto summary = boost::json::parse(lineWith(log, "\"ok\"")).as_object();
    CHECK(summary.at("ok") == true);
    CHECK(summary.at("queued") == 0);
    CHECK(summary.at("bytesSent") == static_cast<std::int64_t>(photoA.size() + photoB.size()));
    CHECK(summary.at("bytesOnWire").as_int64() >= summary.at("bytesSent").as_int64());
    CHECK(summary.contains("seconds"));

    const auto synced = cli(author, {"status"});
    CHECK_THAT(lineWith(synced.out, id), Catch::Contains("synced") && Catch::Contains("submitted"));
    CHECK_THAT(synced.out, Catch::Contains("Antrean kirim: 0"));

    // The server has the activity exactly once, and both photos complete with their digests.
    const StorySession check = server.login(kStoryAuthor, "checker");
    std::map<std::string, int> activityRows;
    for (const auto& change : server.pullAll(check)) {
        if (change.entity == proto::ChangeEntity::Activity) {
            ++activityRows[change.id];
        }
    }
    CHECK(activityRows == std::map<std::string, int>{{id, 1}});
    for (const auto* photo : {&photoA, &photoB}) {
        const auto blob =
            boost::json::parse(server.call("GET", "/v1/blobs/" + sha256Of(*photo), {}, check.token).body);
        CHECK(blob.at("complete") == true);
        CHECK(blob.at("size") == static_cast<std::int64_t>(photo->size()));
    }

    // The author watches (live channel + scheduler) while the Ketua Tim of PAK approves on another device.
    ServerProcess watch;
    REQUIRE(watch
                .spawn(JEJAK_FIELD_EXE,
                       {"--data", author, "--clock-start", std::string(kClockStart), "watch", "--for", "120"},
                       std::string(JEJAK_TEST_LOG_DIR) + "/field_cli_watch.log")
                .empty());
    for (int i = 0; i < 400 && watch.log().find("notifikasi hello") == std::string::npos; ++i) {
        std::this_thread::sleep_for(50ms);
    }
    REQUIRE_THAT(watch.log(), Catch::Contains("notifikasi hello"));

    fieldLogin(ketua, server.port(), kStoryKetuaPak);
    const auto inbox = cli(ketua, {"inbox"});
    REQUIRE(inbox.status == field::kExitOk);
    CHECK_THAT(lineWith(inbox.out, id), Catch::Contains(std::string(kStoryAuthor)));
    const auto unknown = cli(ketua, {"approve", "0186c0a1-0000-7000-8000-000000000009"});
    CHECK(unknown.status == field::kExitFailed);
    CHECK_THAT(unknown.err, Catch::Contains("general.not_found"));
    REQUIRE(cli(ketua, {"approve", id}).status == field::kExitOk);
    const auto sent = cli(ketua, {"sync"});
    INFO(sent.out << sent.err);
    REQUIRE(sent.status == field::kExitOk);
    CHECK_THAT(lineWith(cli(ketua, {"status"}).out, id), Catch::Contains("approved"));

    // The author's watch hears "changed", pulls, and the author's device shows approved.
    std::string authorLine;
    for (int i = 0; i < 400 && authorLine.find("approved") == std::string::npos; ++i) {
        std::this_thread::sleep_for(50ms);
        authorLine = lineWith(cli(author, {"status"}).out, id);
    }
    CHECK_THAT(authorLine, Catch::Contains("approved"));
    CHECK_THAT(watch.log(), Catch::Contains("notifikasi changed"));
    REQUIRE(watch.signal(SIGTERM));
    CHECK(watch.wait(20s) == field::kExitOk);

    // A plain sync afterwards changes nothing and still shows approved.
    const auto again = cli(author, {"sync"});
    CHECK(again.status == field::kExitOk);
    CHECK_THAT(again.out, Catch::Contains("Sinkronisasi selesai"));
    CHECK_THAT(lineWith(cli(author, {"status"}).out, id), Catch::Contains("approved"));
}
