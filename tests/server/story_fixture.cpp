// SPDX-License-Identifier: Apache-2.0
// End-to-end rig: jejak-admin prepares the data dir, the real jejak-server serves it over loopback.
#include "story_fixture.hpp"

#include "admin/user_commands.hpp"
#include "blob_fixtures.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <sstream>

namespace jejak::testing {

using namespace std::chrono_literals;

namespace {

const std::string kLocalhost = "127.0.0.1";

} // namespace

int runAdmin(const std::vector<std::string>& args, const std::string& logPath) {
    ServerProcess admin;
    const std::string spawned = admin.spawn(JEJAK_ADMIN_EXE, args, logPath);
    INFO(spawned);
    REQUIRE(spawned.empty());
    const auto status = admin.wait(60s);
    INFO(admin.log());
    REQUIRE(status);
    return *status;
}

StoryServer::StoryServer(std::string logName) : m_data(m_dir.file("data")), m_logName(std::move(logName)) {
    const std::string adminLog = std::string(JEJAK_TEST_LOG_DIR) + "/" + m_logName + "_admin.log";
    REQUIRE(runAdmin({"init-db", "--data-dir", m_data}, adminLog) == 0);
    REQUIRE(runAdmin({"import", "--data-dir", m_data, std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json"},
                     adminLog) == 0);
    for (const std::string_view nip : {kStoryAuthor, kStoryKetuaPak, kStoryKetuaPia, kStoryAppraiser, kStoryAdmin,
                                       kStoryStranger, kStoryDraftSkpOwner}) {
        // `user add` reads the password from standard input: the command's own entry point, in process.
        std::istringstream in(std::string(kStoryPassword) + "\n");
        std::ostringstream out;
        std::ostringstream err;
        const int status = server::runUserAdd({"--data-dir", m_data, "--nip", std::string(nip), "--password-ops-limit",
                                               "1", "--password-mem-limit-kib", "8"},
                                              in, out, err);
        INFO(err.str());
        REQUIRE(status == 0);
    }
    start();
}

void StoryServer::start(std::uint16_t port) {
    ++m_starts;
    const std::string started = m_process.start(
        JEJAK_SERVER_EXE,
        {"--listen", kLocalhost, "--port", std::to_string(port), "--threads", "2", "--data-dir", m_data,
         "--password-ops-limit", "1", "--password-mem-limit-kib", "8", "--clock-start", "2023-03-15T08:00:00+08:00"},
        std::string(JEJAK_TEST_LOG_DIR) + "/" + m_logName + "_" + std::to_string(m_starts) + ".log");
    INFO(started);
    REQUIRE(started.empty());
}

void StoryServer::stop() {
    REQUIRE(m_process.signal(SIGTERM));
    CHECK(m_process.wait(15s) == 0);
}

std::optional<ClientResponse> StoryServer::tryCall(std::string_view method, const std::string& target,
                                                   std::string_view body, const std::string& token,
                                                   HttpClient::Headers headers) {
    HttpClient client;
    if (!client.connect(kLocalhost, port()).empty()) {
        return std::nullopt;
    }
    if (!token.empty()) {
        headers.emplace_back("Authorization", "Bearer " + token);
    }
    if (!body.empty() && method != "PUT") {
        headers.emplace_back("Content-Type", "application/json");
    }
    return client.request(method, target, body, headers, 20s);
}

ClientResponse StoryServer::call(std::string_view method, const std::string& target, std::string_view body,
                                 const std::string& token, HttpClient::Headers headers) {
    auto r = tryCall(method, target, body, token, std::move(headers));
    INFO(std::string(method) + " " + target);
    REQUIRE(r);
    return *r;
}

StorySession StoryServer::login(std::string_view nip, std::string deviceId) {
    const sync::LoginRequest request{std::string(nip), std::string(kStoryPassword), deviceId, "Phone " + deviceId};
    const auto r = call("POST", "/v1/auth/login", boost::json::serialize(sync::toJson(request)), {},
                        {{"X-Jejak-Protocol", "1"}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    const auto session = shared::decode<sync::LoginResponse>(boost::json::parse(r.body));
    REQUIRE(session);
    return {std::string(nip), std::move(deviceId), session->token};
}

std::vector<sync::OpResult> StoryServer::push(const StorySession& s, const std::vector<sync::Op>& ops) {
    const auto r = call("POST", "/v1/sync/push", jsonBody({s.deviceId, ops}), s.token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto decoded = shared::decode<sync::PushResponse>(boost::json::parse(r.body));
    REQUIRE(decoded);
    REQUIRE(decoded->results.size() == ops.size());
    return decoded->results;
}

sync::OpResult StoryServer::pushOne(const StorySession& s, sync::Op op) {
    return push(s, {std::move(op)}).front();
}

std::vector<sync::Change> StoryServer::pullAll(const StorySession& s) {
    std::vector<sync::Change> changes;
    std::optional<std::string> cursor;
    for (int page = 0; page < 100; ++page) {
        boost::json::object request{{"limit", 1000}};
        if (cursor) {
            request["cursor"] = *cursor;
        }
        const auto r = call("POST", "/v1/sync/pull", boost::json::serialize(request), s.token);
        INFO(r.body);
        REQUIRE(r.status == 200);
        auto decoded = shared::decode<sync::PullResponse>(boost::json::parse(r.body));
        REQUIRE(decoded);
        for (auto& c : decoded->changes) {
            if (c.seq > 0) {
                changes.push_back(std::move(c));
            }
        }
        cursor = decoded->cursor;
        if (!decoded->hasMore) {
            return changes;
        }
    }
    FAIL("the pull feed did not end");
    return changes;
}

ClientResponse StoryServer::uploadChunk(const StorySession& s, const std::string& sha, std::string_view bytes,
                                        std::size_t from, std::size_t to) {
    return call("PUT", "/v1/blobs/" + sha, bytes.substr(from, to - from), s.token,
                {{"Content-Type", "image/jpeg"},
                 {"Content-Range", "bytes " + std::to_string(from) + "-" + std::to_string(to - 1) + "/" +
                                       std::to_string(bytes.size())}});
}

ClientResponse StoryServer::upload(const StorySession& s, const std::string& bytes) {
    return uploadChunk(s, sha256Of(bytes), bytes, 0, bytes.size());
}

std::string jsonBody(const sync::PushRequest& request) { return boost::json::serialize(sync::toJson(request)); }

std::string errorCodeOf(const ClientResponse& response) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(response.body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("code") || !v.at("code").is_string()) {
        return "<no error body: " + response.body + ">";
    }
    return std::string(v.at("code").as_string());
}

shared::Activity storyActivity(std::string id, int slot, const std::string& photo, std::int64_t photoSize) {
    shared::Activity a;
    a.id = std::move(id);
    a.nip = std::string(kStoryAuthor);
    a.name = "Verifikasi usul PAK";
    a.teamId = "team-pak";
    a.skpItemId = "si-2023-a7-1";
    a.outputQuantity = 1;
    a.outputUnit = "Indeks";
    a.start = *shared::parseTimestamp("2023-03-14T07:00:00+08:00") + std::chrono::minutes(10 * slot);
    a.end = a.start + std::chrono::minutes(10);
    a.description = "Arsip digital diperiksa";
    a.evidence = {{photo, photoSize, "image/jpeg", shared::EvidenceKind::Photo, std::nullopt}};
    a.createdAt = a.end;
    return a;
}

std::string storyId(std::string_view prefix, int n) {
    char tail[16];
    std::snprintf(tail, sizeof tail, "%012d", n);
    return std::string(prefix) + "-0000-7000-8000-" + tail;
}

} // namespace jejak::testing
