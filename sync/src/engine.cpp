// SPDX-License-Identifier: Apache-2.0
// The sync engine: login and logout, one pass (uploads and pushes at once, then the pull), and fetching
// someone else's evidence.
#include "engine_pass.hpp"

#include "jejak/shared/text.hpp"
#include "jejak/shared/validation.hpp"

#include <filesystem>
#include <fstream>
#include <utility>

namespace jejak::sync {

using shared::Error;
using shared::ErrorCode;

std::string_view toString(SyncPoint point) noexcept {
    switch (point) {
    case SyncPoint::BeforeBlobChunk:
        return "beforeBlobChunk";
    case SyncPoint::AfterBlobChunk:
        return "afterBlobChunk";
    case SyncPoint::BeforePush:
        return "beforePush";
    case SyncPoint::AfterPushResponse:
        return "afterPushResponse";
    case SyncPoint::BeforePull:
        return "beforePull";
    case SyncPoint::AfterPullResponse:
        return "afterPullResponse";
    }
    return "unknown";
}

struct SyncEngine::Impl {
    ClientStore& store;
    Transport& transport;
    const shared::Clock& clock;
    EngineOptions options;
    detail::ProgressState progress;
    std::mutex passMutex; ///< one pass at a time
    std::atomic<bool> cancelled{false};
    mutable std::mutex hookMutex; ///< guards hook
    FaultHook hook;

    Impl(ClientStore& s, Transport& t, const shared::Clock& c, EngineOptions o)
        : store(s)
        , transport(t)
        , clock(c)
        , options(std::move(o)) {}

    /// Http with the stored session, or SyncNoSession.
    shared::Result<detail::Http> sessionHttp() {
        const auto session = store.session();
        if (!session)
            return Error(ErrorCode::SyncNoSession, "", "no session on this device");
        return detail::Http(transport, session->serverUrl, session->token, progress);
    }

    shared::Result<void> pass(const detail::Http& http);
    shared::Result<std::filesystem::path> fetchThumbnail(const detail::Http& http, std::string_view sha256);
};

SyncEngine::SyncEngine(ClientStore& store, Transport& transport, const shared::Clock& clock,
                       EngineOptions options)
    : m_impl(std::make_unique<Impl>(store, transport, clock, std::move(options))) {
    const auto last = store.lastSuccessfulSync();
    const auto queued = static_cast<int>(store.outbox().size());
    m_impl->progress.update([&](SyncProgress& p) {
        p.lastSuccess = last;
        p.queuedOps = queued;
    });
}

SyncEngine::~SyncEngine() = default;

shared::Result<LoginResponse> SyncEngine::login(std::string serverUrl, std::string nip, std::string password,
                                                std::string deviceName) {
    const detail::Http http(m_impl->transport, std::move(serverUrl), "", m_impl->progress);
    const LoginRequest request{std::move(nip), std::move(password), m_impl->store.deviceId(),
                               std::move(deviceName)};
    auto answer =
        http.call<LoginResponse>("POST", "/v1/auth/login", detail::jsonText(request), "login answer");
    if (!answer)
        return std::move(answer).error();
    const Session session{http.serverUrl(), answer->nip,       answer->name,
                          answer->token,    answer->expiresAt, answer->roles};
    if (auto stored = m_impl->store.setSession(session); !stored)
        return std::move(stored).error();
    return answer;
}

shared::Result<void> SyncEngine::logout() {
    if (auto http = m_impl->sessionHttp()) {
        // Best effort: the session is forgotten locally whatever the server answers.
        (void)http->send("POST", "/v1/auth/logout", "");
    }
    return m_impl->store.clearSession();
}

shared::Result<void> SyncEngine::syncOnce() {
    const std::lock_guard passLock(m_impl->passMutex);
    auto http = m_impl->sessionHttp();
    if (!http)
        return std::move(http).error();
    m_impl->cancelled = false;
    m_impl->transport.resume();
    m_impl->progress.update([](SyncProgress& p) {
        p.running = true;
        p.bytesSent = 0;
        p.bytesTotal = 0;
        p.bytesOnWire = 0;
    });
    auto outcome = m_impl->pass(*http);
    if (outcome) {
        const auto now = m_impl->clock.now();
        if (auto stored = m_impl->store.setLastSuccessfulSync(now); !stored)
            outcome = std::move(stored).error();
    }
    const auto queued = static_cast<int>(m_impl->store.outbox().size());
    const auto last = m_impl->store.lastSuccessfulSync();
    m_impl->progress.update([&](SyncProgress& p) {
        p.running = false;
        p.queuedOps = queued;
        p.lastSuccess = last;
        p.lastError = outcome ? std::nullopt : std::optional<ErrorBody>(toErrorBody(outcome.error()));
    });
    return outcome;
}

shared::Result<void> SyncEngine::Impl::pass(const detail::Http& http) {
    FaultHook passHook;
    {
        const std::lock_guard lock(hookMutex);
        passHook = hook;
    }
    detail::Pass pass(store, http, options, store.deviceId(), std::move(passHook), progress, cancelled);

    auto blobs = store.pendingBlobs();
    std::int64_t total = 0;
    for (const auto& b : blobs)
        total += b.size - b.uploaded;
    progress.update([&](SyncProgress& p) { p.bytesTotal = total; });

    // Uploads run on their own threads while the ops that need no upload go out; then what they unblocked.
    detail::Pusher pusher(pass);
    {
        detail::BlobUploader uploader(pass);
        uploader.start(std::move(blobs));
        pusher.pushReady();
        uploader.join();
    }
    pusher.pushReady();
    detail::pullAll(pass);
    return pass.outcome();
}

shared::Result<std::filesystem::path> SyncEngine::fetchEvidence(std::string_view sha256, bool thumbnail) {
    if (!shared::isSha256Hex(sha256))
        return Error(ErrorCode::BlobDigestInvalid, "sha256", "not a SHA-256 digest: " + std::string(sha256));
    auto http = m_impl->sessionHttp();
    if (!http)
        return std::move(http).error();
    if (thumbnail)
        return m_impl->fetchThumbnail(*http, sha256);
    if (auto local = m_impl->store.blobPath(sha256))
        return std::filesystem::path(*local);

    auto response = http->send("GET", "/v1/blobs/" + std::string(sha256) + "/content", "");
    if (!response)
        return std::move(response).error();
    if (response->status != 200)
        return detail::errorFromResponse(*response);
    const std::string mediaType = response->header("Content-Type");
    const auto kind = shared::isAllowedMediaType(shared::EvidenceKind::Photo, mediaType)
                          ? shared::EvidenceKind::Photo
                          : shared::EvidenceKind::Attachment;
    auto added = m_impl->store.addEvidence(response->body, mediaType, kind, std::nullopt);
    if (!added)
        return std::move(added).error();
    if (added->sha256 != sha256)
        return Error(ErrorCode::EvidenceCorrupt, "sha256",
                     "the downloaded bytes have the digest " + added->sha256);
    if (auto stored = m_impl->store.setBlobProgress(sha256, added->size, true); !stored)
        return std::move(stored).error();
    const auto path = m_impl->store.blobPath(sha256);
    if (!path)
        return Error(ErrorCode::Internal, "sha256", "the store lost the blob it just added");
    return std::filesystem::path(*path);
}

shared::Result<std::filesystem::path> SyncEngine::Impl::fetchThumbnail(const detail::Http& http,
                                                                       std::string_view sha256) {
    namespace fs = std::filesystem;
    const fs::path dir =
        options.thumbnailDir.empty() ? fs::temp_directory_path() / "jejak-thumbnails" : options.thumbnailDir;
    const fs::path path = dir / (std::string(sha256) + ".jpg");
    std::error_code ec;
    if (fs::exists(path, ec))
        return path;

    auto response = http.send("GET", "/v1/blobs/" + std::string(sha256) + "/thumbnail", "");
    if (!response)
        return std::move(response).error();
    if (response->status != 200)
        return detail::errorFromResponse(*response);
    // Written under a temporary name and renamed, so a reader never sees half a file.
    const fs::path partial = dir / (std::string(sha256) + ".jpg.part");
    fs::create_directories(dir, ec);
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out.write(response->body.data(), static_cast<std::streamsize>(response->body.size()));
        if (!out.flush())
            ec = std::make_error_code(std::errc::io_error);
    }
    if (!ec)
        fs::rename(partial, path, ec);
    if (ec)
        return Error(ErrorCode::BlobIo, "thumbnail", "cannot write " + path.string() + ": " + ec.message());
    return path;
}

SyncProgress SyncEngine::progress() const {
    return m_impl->progress.snapshot();
}

void SyncEngine::setProgressListener(std::function<void(const SyncProgress&)> listener) {
    m_impl->progress.setListener(std::move(listener));
}

void SyncEngine::setFaultHook(FaultHook hook) {
    const std::lock_guard lock(m_impl->hookMutex);
    m_impl->hook = std::move(hook);
}

void SyncEngine::cancel() {
    m_impl->cancelled = true;
    m_impl->transport.cancel();
}

} // namespace jejak::sync
