// SPDX-License-Identifier: Apache-2.0
// End-to-end rig: a data dir prepared by jejak-admin, the real jejak-server on it, logins, push and pull.
#pragma once

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "jejak/shared/model.hpp"
#include "jejak/sync/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::testing {

// The cast of the end-to-end tests (people of assets/demo/bundle.json).
/// Field employee: anggota of PAK, PIA and PLT (SKP skp-2023-a7).
inline constexpr std::string_view kStoryAuthor = "199106222015031012";
/// Ketua of PAK.
inline constexpr std::string_view kStoryKetuaPak = "198605122010031004";
/// Anggota of PAK and Ketua of PIA.
inline constexpr std::string_view kStoryKetuaPia = "198410082009021003";
/// Kepala Bidang INKA: the appraiser of every INKA employee.
inline constexpr std::string_view kStoryAppraiser = "197608212001031005";
/// Admin binding of the Kantor Regional.
inline constexpr std::string_view kStoryAdmin = "199210232017031022";
/// An anggota of a Pasuruan team: another instansi.
inline constexpr std::string_view kStoryStranger = "199006182015032006";
/// Owner of the demo's only draft SKP (skp-2023-c6), anggota of PDK and PLT.
inline constexpr std::string_view kStoryDraftSkpOwner = "199702082020032040";

/// Password of every account the rig creates.
inline constexpr std::string_view kStoryPassword = "kata-sandi-rahasia";

/// One logged-in device of an account.
struct StorySession {
    std::string nip;
    std::string deviceId;
    std::string token;
};

/// The real jejak-server on a data dir that `jejak-admin init-db`, `import assets/demo/bundle.json` and
/// `user add` (one account per kStory* person) prepared, listening on 127.0.0.1 port 0 with the clock
/// started at 2023-03-15T08:00:00+08:00 and the cheapest password hashing. Every helper fails the test
/// (REQUIRE) when the server does not answer. Invariant: while running(), port() is the live server's.
class StoryServer {
public:
    /// Prepares the data dir and starts the server; `logName` names its log under JEJAK_TEST_LOG_DIR.
    explicit StoryServer(std::string logName);

    /// Starts the server (again) on the same data dir, on `port` (0: any free port); the log gets a numbered
    /// suffix per start.
    void start(std::uint16_t port = 0);
    /// SIGTERM and wait for exit 0.
    void stop();
    [[nodiscard]] ServerProcess& process() noexcept { return m_process; }
    [[nodiscard]] std::uint16_t port() const noexcept { return m_process.port(); }
    [[nodiscard]] const std::string& dataDir() const noexcept { return m_data; }

    /// Logs in `nip` from `deviceId`.
    StorySession login(std::string_view nip, std::string deviceId = "phone-1");

    /// One request on a fresh connection, with `Authorization: Bearer token` when the token is not empty.
    ClientResponse call(std::string_view method, const std::string& target, std::string_view body = {},
                        const std::string& token = {}, HttpClient::Headers headers = {});
    /// One request, or nullopt when the connection fails or breaks (the server may be gone).
    std::optional<ClientResponse> tryCall(std::string_view method, const std::string& target,
                                          std::string_view body = {}, const std::string& token = {},
                                          HttpClient::Headers headers = {});

    /// POST /v1/sync/push of `ops`; requires 200 and one result per op.
    std::vector<sync::OpResult> push(const StorySession& s, const std::vector<sync::Op>& ops);
    /// push() of one op.
    sync::OpResult pushOne(const StorySession& s, sync::Op op);
    /// Every change row of the caller's feed from the start (the reference snapshot, seq 0, left out).
    std::vector<sync::Change> pullAll(const StorySession& s);

    /// PUT of bytes [from, to) of `bytes` as image/jpeg to /v1/blobs/sha (TOTAL = bytes.size()).
    ClientResponse uploadChunk(const StorySession& s, const std::string& sha, std::string_view bytes,
                               std::size_t from, std::size_t to);
    /// Uploads `bytes` under their SHA-256 in one chunk; the answer.
    ClientResponse upload(const StorySession& s, const std::string& bytes);

private:
    TempDir m_dir;
    std::string m_data;
    std::string m_logName;
    int m_starts = 0;
    ServerProcess m_process;
};

/// The JSON body of a request.
[[nodiscard]] std::string jsonBody(const sync::PushRequest& request);
/// The `code` of an ErrorBody answer.
[[nodiscard]] std::string errorCodeOf(const ClientResponse& response);
/// Runs `jejak-admin args...` as a process; its exit status.
int runAdmin(const std::vector<std::string>& args, const std::string& logPath);

/// A valid submission of kStoryAuthor in team-pak on item si-2023-a7-1 ("Indeks"): ten minutes on
/// 2023-03-14 from 07:00 (+08:00) plus `slot` times ten minutes, citing `photo` (a JPEG of `photoSize`).
[[nodiscard]] shared::Activity storyActivity(std::string id, int slot, const std::string& photo,
                                             std::int64_t photoSize);
/// A UUID-shaped id: `prefix` (8 hex digits) and a number.
[[nodiscard]] std::string storyId(std::string_view prefix, int n);

} // namespace jejak::testing
