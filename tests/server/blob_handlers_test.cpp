// SPDX-License-Identifier: Apache-2.0
#include "handlers/blobs.hpp"

#include "blob_fixtures.hpp"
#include "blobs/blob_store.hpp"
#include "dispatcher.hpp"
#include "http_server.hpp"
#include "logger.hpp"
#include "routes.hpp"
#include "storage/sqlite_storage.hpp"
#include "auth_fixture.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

using namespace jejak::server;
using namespace jejak::testing;
using jejak::shared::Error;
using jejak::shared::ErrorCode;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kChunk = 64 * 1024;
const std::string kLocalhost = "127.0.0.1";

const Caller kCaller{std::string(kDemoAnggota), "device-1", "session-1"};
const std::string kStranger(kDemoKetuaPia);

/// An AppState over a fresh blob store and the real Auth (demo reference data, accounts for kCaller and
/// kStranger).
struct BlobApp {
    BlobApp() {
        auto opened = BlobStore::open(dir.path() / "blobs");
        REQUIRE(opened);
        store = std::move(*opened);
        state.blobs = store.get();
        state.maxBlobChunkBytes = kChunk;
        for (const std::string& nip : {kCaller.nip, kStranger}) {
            rig.addAccount(nip, "sandi-rahasia");
            auto login = rig.auth->login(AuthRig::request(nip, "sandi-rahasia"), "127.0.0.1");
            REQUIRE(login.result);
            tokens[nip] = login.result->token;
        }
    }
    /// The Authorization header value of a logged-in account.
    [[nodiscard]] std::string bearer(const std::string& nip) const { return "Bearer " + tokens.at(nip); }

    AuthRig rig;
    TempDir dir;
    std::unique_ptr<SqliteStorage> storage = openTestStorage(dir, rig.clock);
    std::unique_ptr<BlobStore> store;
    AppState state{"0.1.0", *storage, rig.clock, *rig.auth};
    std::map<std::string, std::string> tokens;
};

RouteParams digestParams(std::string_view sha) {
    RouteParams p;
    p.add("sha256", std::string(sha));
    return p;
}

HttpRequest putRequest(std::string_view file, std::size_t start, std::size_t length, std::string_view type) {
    HttpRequest r;
    r.method = "PUT";
    r.body = std::string(file.substr(start, length));
    r.headers.add("Content-Type", std::string(type));
    r.headers.add("Content-Range", "bytes " + std::to_string(start) + "-" +
                                       std::to_string(start + length - 1) + "/" +
                                       std::to_string(file.size()));
    return r;
}

boost::json::object jsonOf(std::string_view body) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    INFO(body);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    return v.as_object();
}

std::string codeOf(std::string_view body) {
    return std::string(jsonOf(body).at("code").as_string());
}

/// The real HTTP server (HttpServer, Dispatcher, routes, Auth) on a loopback port, in this process, so that
/// the test can set the evidence hooks. Tests talk to it through HttpClient over TCP.
struct LoopbackServer {
    LoopbackServer() {
        auto built = buildRouter(app.state);
        REQUIRE(built);
        router = std::make_unique<Router>(std::move(*built));
        config.listenAddress = kLocalhost;
        config.port = 0;
        config.threads = 2;
        config.readTimeout = 5s;
        dispatcher = std::make_unique<Dispatcher>(*router, app.state.metrics, logger, config.maxBodyBytes);
        server = std::make_unique<HttpServer>(config, *dispatcher, app.state.metrics, logger);
        auto started = server->start();
        INFO((started ? std::string() : toString(started.error())));
        REQUIRE(started);
    }
    ~LoopbackServer() {
        server->stop(2s);
        server.reset(); // before its log file closes
        std::fclose(logFile);
    }
    HttpClient connect() const {
        HttpClient c;
        const std::string err = c.connect(kLocalhost, server->port());
        INFO(err);
        REQUIRE(err.empty());
        return c;
    }

    BlobApp app;
    std::FILE* logFile = std::fopen("/dev/null", "w");
    Logger logger{LogLevel::Error, logFile};
    ServerConfig config;
    std::unique_ptr<Router> router;
    std::unique_ptr<Dispatcher> dispatcher;
    std::unique_ptr<HttpServer> server;
};

HttpClient::Headers chunkHeaders(const BlobApp& app, std::string_view file, std::size_t start,
                                 std::size_t length) {
    return {{"Authorization", app.bearer(kCaller.nip)},
            {"Content-Type", "image/jpeg"},
            {"Content-Range", "bytes " + std::to_string(start) + "-" + std::to_string(start + length - 1) +
                                  "/" + std::to_string(file.size())}};
}

} // namespace

TEST_CASE("blob handlers: Content-Range parsing is strict", "[server][blobs][handlers]") {
    auto ok = parseContentRange("bytes 0-65535/482113");
    REQUIRE(ok);
    CHECK(ok->start == 0);
    CHECK(ok->end == 65535);
    CHECK(ok->total == 482113);
    CHECK(parseContentRange("BYTES 5-5/6"));
    for (const char* bad :
         {"", "bytes", "bytes ", "bytes 0-10", "bytes 0/10", "bytes */100", "bytes 10-5/100",
          "bytes 0-100/100", "bytes -1-5/10", "bytes +1-5/10", "bytes 0-5/1e3", "items 0-5/10",
          "bytes  0-5/10", "bytes 0 -5/10", "bytes 0-5/10 ", "bytes 0-5/1234567890123456789",
          "bytes 0-5/10/20", "bytes 5/6-10"}) {
        INFO(bad);
        auto r = parseContentRange(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::BlobContentRangeInvalid);
        CHECK(r.error().field == "Content-Range");
    }
}

TEST_CASE("blob handlers: status and chunked upload, called directly", "[server][blobs][handlers]") {
    BlobApp app;
    const std::string photo = makeJpeg(photoPixels(1024, 768));
    const std::string sha = sha256Of(photo);
    const RouteParams params = digestParams(sha);

    HttpResponse unknown = handleBlobStatus({}, params, app.state, kCaller);
    CHECK(unknown.status == 200);
    CHECK(unknown.contentType == "application/json");
    const auto empty = jsonOf(unknown.body);
    CHECK(empty.at("sha256").as_string() == sha);
    CHECK(empty.at("size") == 0);
    CHECK(empty.at("received") == 0);
    CHECK(empty.at("complete") == false);

    HttpResponse first =
        handleBlobUpload(putRequest(photo, 0, kChunk, "image/jpeg; name=x"), params, app.state, kCaller);
    REQUIRE(first.status == 200);
    CHECK(jsonOf(first.body).at("received") == kChunk);

    SECTION("a wrong offset answers 409 with Upload-Offset") {
        HttpResponse wrong =
            handleBlobUpload(putRequest(photo, 2 * kChunk, kChunk, "image/jpeg"), params, app.state, kCaller);
        CHECK(wrong.status == 409);
        CHECK(codeOf(wrong.body) == "blob.offset_mismatch");
        CHECK(jsonOf(wrong.body).at("transient") == true);
        CHECK(jsonOf(wrong.body).at("field") == "Content-Range");
        CHECK(wrong.headers.find("Upload-Offset") == std::to_string(kChunk));
        CHECK(wrong.headers.find("Retry-After") == "1");
    }
    SECTION("the rest completes the blob") {
        HttpResponse last;
        for (std::size_t at = kChunk; at < photo.size(); at += kChunk) {
            last = handleBlobUpload(putRequest(photo, at, std::min(kChunk, photo.size() - at), "image/jpeg"),
                                    params, app.state, kCaller);
            REQUIRE(last.status == 200);
        }
        const auto done = jsonOf(last.body);
        CHECK(done.at("complete") == true);
        CHECK(done.at("received") == static_cast<std::int64_t>(photo.size()));
        CHECK(jsonOf(handleBlobStatus({}, params, app.state, kCaller).body).at("complete") == true);
    }
}

TEST_CASE("blob handlers: malformed requests get 400/413/415/422 with a clear code",
          "[server][blobs][handlers]") {
    BlobApp app;
    const std::string photo = makeJpeg(photoPixels(320, 240));
    const std::string sha = sha256Of(photo);
    const auto answer = [&](const HttpRequest& r, std::string_view digest) {
        const HttpResponse resp = handleBlobUpload(r, digestParams(digest), app.state, kCaller);
        return std::to_string(resp.status) + " " + codeOf(resp.body) + " " +
               std::string(jsonOf(resp.body).at("field").as_string());
    };

    CHECK(answer(putRequest(photo, 0, 100, "image/jpeg"), "ABCDEF") == "400 blob.digest_invalid sha256");
    CHECK(answer(putRequest(photo, 0, 100, "image/jpeg"), sha.substr(1) + "G") ==
          "400 blob.digest_invalid sha256");
    HttpRequest noType = putRequest(photo, 0, 100, "image/jpeg");
    noType.headers = {};
    noType.headers.add("Content-Range", "bytes 0-99/" + std::to_string(photo.size()));
    CHECK(answer(noType, sha) == "415 blob.media_type_invalid Content-Type");
    CHECK(answer(putRequest(photo, 0, 100, "text/plain"), sha) == "415 blob.media_type_invalid Content-Type");
    HttpRequest noRange = putRequest(photo, 0, 100, "image/jpeg");
    noRange.headers = {};
    noRange.headers.add("Content-Type", "image/jpeg");
    CHECK(answer(noRange, sha) == "400 blob.content_range_invalid Content-Range");
    HttpRequest badRange = putRequest(photo, 0, 100, "image/jpeg");
    badRange.headers.set("Content-Range", "bytes=0-99/1000");
    CHECK(answer(badRange, sha) == "400 blob.content_range_invalid Content-Range");
    HttpRequest shortBody = putRequest(photo, 0, 100, "image/jpeg");
    shortBody.body.pop_back();
    CHECK(answer(shortBody, sha) == "400 blob.content_range_invalid Content-Range");

    // The caller's instansi policy sets the limit: 413 before any byte is stored.
    app.state.evidencePolicy = [](const Caller& caller) {
        jejak::shared::Policy p;
        p.maxPhotoBytes = caller.nip == kCaller.nip ? 1000 : p.maxPhotoBytes;
        return p;
    };
    CHECK(answer(putRequest(photo, 0, 100, "image/jpeg"), sha) == "413 blob.too_large Content-Range");
    CHECK(jsonOf(handleBlobStatus({}, digestParams(sha), app.state, kCaller).body).at("received") == 0);
    app.state.evidencePolicy = nullptr;

    // A complete upload whose bytes are not the declared type: 422, and the upload is gone.
    const std::string png = makePng(photoPixels(40, 30));
    CHECK(answer(putRequest(png, 0, png.size(), "image/jpeg"), sha256Of(png)) ==
          "422 evidence.corrupt Content-Type");
    CHECK(answer(putRequest(photo, 0, photo.size(), "image/jpeg"), sha256Of("x")) ==
          "422 evidence.corrupt sha256");
    CHECK(jsonOf(handleBlobStatus({}, digestParams(sha256Of("x")), app.state, kCaller).body).at("received") ==
          0);
}

TEST_CASE("blob handlers: download and thumbnail need canReadBlob", "[server][blobs][handlers]") {
    BlobApp app;
    const std::string photo = makeJpeg(photoPixels(1600, 1200));
    const std::string sha = sha256Of(photo);
    REQUIRE(handleBlobUpload(putRequest(photo, 0, photo.size(), "image/jpeg"), digestParams(sha), app.state,
                             kCaller)
                .status == 200);

    // Default: nobody may read.
    HttpResponse denied = handleBlobContent({}, digestParams(sha), app.state, kCaller);
    CHECK(denied.status == 403);
    CHECK(codeOf(denied.body) == "review.not_allowed");
    CHECK(handleBlobThumbnail({}, digestParams(sha), app.state, kCaller).status == 403);

    app.state.canReadBlob = [&sha](const Caller& caller, std::string_view digest) {
        return caller.nip == kCaller.nip && digest == sha;
    };
    HttpResponse content = handleBlobContent({}, digestParams(sha), app.state, kCaller);
    REQUIRE(content.status == 200);
    CHECK(content.contentType == "image/jpeg");
    CHECK(content.body == photo);
    CHECK(content.headers.find("ETag") == "\"" + sha + "\"");
    CHECK(content.headers.find("Cache-Control") == "private, max-age=31536000, immutable");
    CHECK(content.headers.find("X-Content-Type-Options") == "nosniff");

    HttpResponse thumb = handleBlobThumbnail({}, digestParams(sha), app.state, kCaller);
    REQUIRE(thumb.status == 200);
    CHECK(thumb.contentType == "image/jpeg");
    auto pixels = decodeJpeg(thumb.body);
    REQUIRE(pixels);
    CHECK(pixels->width == 320);
    CHECK(pixels->height == 240);

    const Caller stranger{kStranger, "d", "s"};
    CHECK(handleBlobContent({}, digestParams(sha), app.state, stranger).status == 403);
    const std::string other = sha256Of("not uploaded");
    CHECK(handleBlobContent({}, digestParams(other), app.state, kCaller).status == 403);
    app.state.canReadBlob = [](const Caller&, std::string_view) { return true; };
    HttpResponse missing = handleBlobContent({}, digestParams(other), app.state, kCaller);
    CHECK(missing.status == 404);
    CHECK(codeOf(missing.body) == "general.not_found");
    CHECK(handleBlobContent({}, digestParams("zz"), app.state, kCaller).status == 400);

    const std::string pdf = makePdf();
    REQUIRE(handleBlobUpload(putRequest(pdf, 0, pdf.size(), "application/pdf"), digestParams(sha256Of(pdf)),
                             app.state, kCaller)
                .status == 200);
    HttpResponse noThumb = handleBlobThumbnail({}, digestParams(sha256Of(pdf)), app.state, kCaller);
    CHECK(noThumb.status == 404);
    CHECK(codeOf(noThumb.body) == "blob.no_thumbnail");
    CHECK(handleBlobContent({}, digestParams(sha256Of(pdf)), app.state, kCaller).contentType ==
          "application/pdf");
}

TEST_CASE("blob handlers: upload, resume and download over loopback HTTP",
          "[server][blobs][handlers][integration]") {
    LoopbackServer server;
    const std::string photo = makeJpeg(photoPixels(1600, 1200, 11));
    const std::string sha = sha256Of(photo);
    const std::string path = "/v1/blobs/" + sha;
    const HttpClient::Headers auth{{"Authorization", server.app.bearer(kCaller.nip)}};

    {
        HttpClient client = server.connect();
        auto anonymous = client.request("GET", path);
        REQUIRE(anonymous);
        CHECK(anonymous->status == 401);
        CHECK(codeOf(anonymous->body) == "auth.unauthenticated");

        auto status = client.request("GET", path, {}, auth);
        REQUIRE(status);
        CHECK(status->status == 200);
        CHECK(jsonOf(status->body).at("received") == 0);
        // Two chunks, then the connection drops (the phone lost its network).
        for (std::size_t at = 0; at < 2 * kChunk; at += kChunk) {
            auto r = client.request("PUT", path, std::string_view(photo).substr(at, kChunk),
                                    chunkHeaders(server.app, photo, at, kChunk));
            REQUIRE(r);
            CHECK(r->status == 200);
        }
        client.close();
    }
    HttpClient client = server.connect();
    auto status = client.request("GET", path, {}, auth);
    REQUIRE(status);
    const auto resumed = jsonOf(status->body);
    CHECK(resumed.at("size") == static_cast<std::int64_t>(photo.size()));
    const auto from = static_cast<std::size_t>(resumed.at("received").as_int64());
    CHECK(from == 2 * kChunk);

    auto stale = client.request("PUT", path, std::string_view(photo).substr(0, kChunk),
                                chunkHeaders(server.app, photo, 0, kChunk));
    REQUIRE(stale);
    CHECK(stale->status == 409);
    CHECK(stale->header("Upload-Offset") == std::to_string(from));

    std::optional<ClientResponse> last;
    for (std::size_t at = from; at < photo.size(); at += kChunk) {
        const std::size_t n = std::min(kChunk, photo.size() - at);
        last = client.request("PUT", path, std::string_view(photo).substr(at, n), chunkHeaders(server.app, photo, at, n));
        REQUIRE(last);
        REQUIRE(last->status == 200);
    }
    CHECK(jsonOf(last->body).at("complete") == true);

    // Malformed uploads over the wire.
    auto badRange = client.request("PUT", path, "abc",
                                   {{"Authorization", server.app.bearer(kCaller.nip)},
                                    {"Content-Type", "image/jpeg"},
                                    {"Content-Range", "bytes 0-2"}});
    REQUIRE(badRange);
    CHECK(badRange->status == 400);
    CHECK(codeOf(badRange->body) == "blob.content_range_invalid");
    auto badDigest =
        client.request("PUT", "/v1/blobs/" + sha.substr(0, 63), "abc", chunkHeaders(server.app, "abc", 0, 3));
    REQUIRE(badDigest);
    CHECK(badDigest->status == 400);
    CHECK(codeOf(badDigest->body) == "blob.digest_invalid");

    // Download: denied by default, then allowed by the hook.
    auto denied = client.request("GET", path + "/content", {}, auth);
    REQUIRE(denied);
    CHECK(denied->status == 403);
    server.app.state.canReadBlob = [](const Caller& caller, std::string_view) {
        return caller.nip == kCaller.nip;
    };
    auto content = client.request("GET", path + "/content", {}, auth);
    REQUIRE(content);
    CHECK(content->status == 200);
    CHECK(content->header("Content-Type") == "image/jpeg");
    CHECK(sha256Of(content->body) == sha);
    auto thumb = client.request("GET", path + "/thumbnail", {}, auth);
    REQUIRE(thumb);
    CHECK(thumb->status == 200);
    auto pixels = decodeJpeg(thumb->body);
    REQUIRE(pixels);
    CHECK(std::max(pixels->width, pixels->height) == 320);
    auto stranger =
        client.request("GET", path + "/content", {}, {{"Authorization", server.app.bearer(kStranger)}});
    REQUIRE(stranger);
    CHECK(stranger->status == 403);

    // A chunk over the route's limit is refused by the transport before it is read.
    const std::string big(kChunk + 1, 'x');
    auto tooBig = client.request("PUT", path, big, chunkHeaders(server.app, big, 0, big.size()));
    REQUIRE(tooBig);
    CHECK(tooBig->status == 413);
    CHECK(codeOf(tooBig->body) == "http.payload_too_large");
}

TEST_CASE("blob handlers: the jejak-server process serves the blob routes from --data-dir",
          "[server][blobs][handlers][integration]") {
    TempDir data;
    const std::string logDir = JEJAK_TEST_LOG_DIR;
    const std::vector<std::string> args{"--listen",   kLocalhost,           "--port",
                                        "0",          "--threads",          "2",
                                        "--data-dir", data.path().string(), "--max-blob-chunk-bytes",
                                        "65536"};
    ServerProcess server;
    const std::string err = server.start(JEJAK_SERVER_EXE, args, logDir + "/blobs_process.log");
    INFO(err);
    REQUIRE(err.empty());
    CHECK(fs::is_directory(data.path() / "blobs" / "partial"));

    const std::string photo = makeJpeg(photoPixels(640, 480));
    const std::string path = "/v1/blobs/" + sha256Of(photo);
    HttpClient client;
    REQUIRE(client.connect(kLocalhost, server.port()).empty());
    // Without a session every blob route refuses.
    auto status = client.request("GET", path);
    REQUIRE(status);
    CHECK(status->status == 401);
    CHECK(codeOf(status->body) == "auth.unauthenticated");
    auto download = client.request("GET", path + "/content");
    REQUIRE(download);
    CHECK(download->status == 401);
    const auto rangeOf = [](std::size_t length, std::size_t total) {
        return HttpClient::Headers{{"Content-Type", "image/jpeg"},
                                   {"Content-Range", "bytes 0-" + std::to_string(length - 1) + "/" +
                                                         std::to_string(total)}};
    };
    auto small = client.request("PUT", path, std::string_view(photo).substr(0, 1000), rangeOf(1000, photo.size()));
    REQUIRE(small);
    CHECK(small->status == 401);
    // The chunk limit comes from --max-blob-chunk-bytes; a larger body is 413 before it is read.
    auto tooBig = client.request("PUT", path, std::string(70'000, 'x'), rangeOf(70'000, 70'000));
    REQUIRE(tooBig);
    CHECK(tooBig->status == 413);
    CHECK(codeOf(tooBig->body) == "http.payload_too_large");
    client.close();

    // A second server on the same data directory does not start.
    ServerProcess second;
    REQUIRE(second.spawn(JEJAK_SERVER_EXE, args, logDir + "/blobs_process_second.log").empty());
    CHECK(second.wait(20s) == 1);
    CHECK_THAT(second.log(), Catch::Contains("cannot open the evidence store"));

    REQUIRE(server.signal(SIGTERM));
    CHECK(server.wait(10s) == 0);
}
