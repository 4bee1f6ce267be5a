// SPDX-License-Identifier: Apache-2.0
// The sync engine: moves the outbox and the evidence to the server and the change feed back, over an
// injected Transport (transport.hpp), against a ClientStore (client_store.hpp).
//
// One pass (syncOnce):
//   1. BlobUploader: up to maxParallelUploads evidence blobs at once, each on its own thread, in chunks of
//      chunkBytes; every blob starts with an offset query (GET /v1/blobs/{sha}) and resumes at the server's
//      offset, also after blob.offset_mismatch.
//   2. Pusher, at the same time on the calling thread: ops in outbox order whose evidence is complete, in
//      batches of pushBatch; an activity op waits for its blobs, but small records are never held back
//      behind large photos. After the uploads finish, the ops they unblocked are pushed.
//   3. Puller: pull pages until hasMore is false; the Applier (ClientStore::applyPull) applies each page and
//      its cursor in one transaction (the Checkpointer).
// A failed exchange (network, cancel), a 5xx or unreadable answer, or a store failure ends the pass at once
// with that error; the scheduler retries with exponential backoff and jitter. A transient op error
// (evidence.incomplete, throttling) keeps its op for the next pass; the other ops and the pull go on, and
// the pass then ends with that transient error. Permanent op errors, and permanent refusals of a blob
// (evidence.corrupt, blob.too_large ...: the ops citing it fail with it), land on their records and do not
// stop the pass. auth.unauthenticated ends the pass permanently: the host asks the user to log in.
// docs/sync.md ("Engine") has the details.
//
// Threading: passes run one at a time (on the SyncScheduler's thread or the host's). The progress listener
// and the fault hook are called on the engine's threads (the hook possibly on several at once) and must
// not block; listener calls never overlap.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/protocol.hpp"
#include "jejak/sync/transport.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace jejak::sync {

/// Named protocol points at which a test can inject a fault (the pass fails there with a transient
/// ErrorCode::SyncNetwork, as if the connection dropped or the app died at that moment).
enum class SyncPoint {
    BeforeBlobChunk,   ///< a chunk is about to be sent
    AfterBlobChunk,    ///< a chunk was accepted but its answer is not yet stored locally
    BeforePush,        ///< a push batch is about to be sent
    AfterPushResponse, ///< the server applied a batch; its results are not yet stored locally
    BeforePull,
    AfterPullResponse, ///< a page arrived; it is not yet applied
};
[[nodiscard]] std::string_view toString(SyncPoint point) noexcept;

/// Returns true to fail the pass at `point`. Called on the engine's threads, possibly several at once.
using FaultHook = std::function<bool(SyncPoint point)>;

struct EngineOptions {
    int maxParallelUploads = 2;
    std::int64_t chunkBytes = 256 * 1024;
    int pushBatch = 50;
    int pullLimit = 500;
    /// Where fetchEvidence keeps thumbnails (<sha256>.jpg); empty: jejak-thumbnails in the temp dir.
    std::filesystem::path thumbnailDir;
};

struct SyncProgress {
    bool running = false;
    bool online = true;            ///< false after a network failure, until an exchange succeeds again
    std::int64_t bytesSent = 0;    ///< evidence bytes confirmed by the server in this pass
    std::int64_t bytesTotal = 0;   ///< evidence bytes this pass has to send (from each blob's server offset)
    std::int64_t bytesOnWire = 0;  ///< evidence bytes put on the wire in this pass, re-sent chunks included
    int queuedOps = 0;             ///< ops waiting in the outbox
    std::optional<shared::Timestamp> lastSuccess;
    std::optional<ErrorBody> lastError; ///< what ended the last pass, if it failed
};

class SyncEngine {
public:
    SyncEngine(ClientStore& store, Transport& transport, const shared::Clock& clock, EngineOptions options = {});
    ~SyncEngine();
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    /// Logs in at `serverUrl` and stores the session (POST /v1/auth/login with this store's device id).
    shared::Result<LoginResponse> login(std::string serverUrl, std::string nip, std::string password,
                                        std::string deviceName);
    /// Revokes the session on the server when reachable, and forgets it locally in any case.
    shared::Result<void> logout();

    /// One pass as described above. Blocking; a call made while a pass runs waits for it, then runs its own.
    shared::Result<void> syncOnce();

    /// Downloads the evidence of someone else's activity (a reviewer's photo viewer) into the store, unless
    /// it is there already, and returns its local path. `thumbnail` fetches the 320 px preview instead
    /// (stored under its own name, not as the blob).
    shared::Result<std::filesystem::path> fetchEvidence(std::string_view sha256, bool thumbnail);

    [[nodiscard]] SyncProgress progress() const;
    /// Called after each change of the progress; it must not call setProgressListener.
    void setProgressListener(std::function<void(const SyncProgress&)> listener);
    /// Takes effect from the next pass.
    void setFaultHook(FaultHook hook);
    /// Makes a pass in progress end soon (transient SyncCancelled); thread-safe.
    void cancel();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Exponential backoff with full jitter: attempt n waits a uniformly random time in
/// [0, min(maxDelay, initial * 2^n)]. Deterministic for a given seed (tests).
class Backoff {
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maxDelay, std::uint64_t seed);
    [[nodiscard]] std::chrono::milliseconds next();
    void reset() noexcept;
    [[nodiscard]] int attempts() const noexcept;

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_max;
    std::uint64_t m_state;
    int m_attempts = 0;
};

/// Runs the engine on its own thread: on demand (requestSync), on connectivity change (setOnline), on a
/// timer (interval), on a live notification (the host calls requestSync), and after a transient failure
/// with Backoff. The first pass runs on requestSync or after `interval`; while offline (setOnline(false)) no
/// pass runs, and coming back online runs one. Thread-safe; the destructor stops the thread after the pass
/// in progress.
class SyncScheduler {
public:
    SyncScheduler(SyncEngine& engine, std::chrono::milliseconds interval, Backoff backoff);
    ~SyncScheduler();
    void requestSync();
    void setOnline(bool online);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace jejak::sync
