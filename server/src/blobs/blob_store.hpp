// SPDX-License-Identifier: Apache-2.0
// BlobStore: the content-addressed evidence store (resumable chunked uploads, verification, thumbnails).
#pragma once

#include "blobs/image.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace jejak::server {

/// What the store holds of one blob: the answer to an offset query.
struct BlobInfo {
    std::string sha256;
    std::int64_t size = 0;     ///< declared total in bytes; 0 when nothing of the blob is held
    std::int64_t received = 0; ///< bytes held; an interrupted upload resumes here
    bool complete = false;     ///< the whole blob arrived and passed the digest and type checks
    std::string mediaType;     ///< declared (and, once complete, verified) media type; empty when unknown
};

/// One chunk of an upload: `bytes` belong at `offset` of the blob named `sha256`, whose whole size
/// and media type the uploader declares with every chunk.
struct BlobChunk {
    std::string_view sha256;
    std::int64_t declaredSize = 0;
    std::string_view mediaType; ///< compared ignoring ASCII case; stored lower-case
    std::int64_t offset = 0;
    std::string_view bytes;
};

/// A complete blob, read for download.
struct BlobContent {
    std::string mediaType;
    std::string bytes;
};

/// Evidence files, content-addressed by SHA-256, in one directory (DIR/blobs):
/// - `ab/cd/<sha256>`: a complete blob (ab, cd: its first two digit pairs), with `ab/cd/<sha256>.meta`
///   (declared size and media type) written before it; the blob's presence is what "complete" means;
/// - `partial/<sha256>`: the bytes received so far, with `partial/<sha256>.meta` written first;
/// - `thumbs/<sha256>-<edge>.jpg`: cached thumbnails (derived data; may be deleted at any time);
/// - `.lock`: flock()ed by the one BlobStore that owns the directory.
/// Files are created 0600 and directories 0700 (evidence is personal data). Every state is derived from these
/// files, so an upload resumes where it stopped after a restart.
///
/// Durability: a chunk is acknowledged only after it and any new directory entry are fsync()ed. A blob
/// becomes complete only after its SHA-256 equals its name and its content is a real file of its
/// declared type (checkContent); it is then renamed into place atomically and the directories fsync()ed.
/// A blob failing either check is deleted with its partial state (evidence.corrupt).
///
/// Concurrency: every operation on one blob holds that blob's mutex (per digest, created on demand and
/// dropped when unused), so concurrent uploads of the same blob are serialized: one chunk lands at the
/// offset, the other is told offset_mismatch with the new offset. Other blobs proceed in parallel.
/// Complete blobs are immutable; reading them needs no lock. Across processes, the directory lock
/// refuses a second store on the same directory. Thread-safe.
class BlobStore {
  public:
    /// Opens (creating when absent) the store in `root` and takes its directory lock. Fails with
    /// blob.io when a directory cannot be created or another store holds the lock.
    [[nodiscard]] static shared::Result<std::unique_ptr<BlobStore>> open(const std::filesystem::path& root);

    ~BlobStore();
    BlobStore(const BlobStore&) = delete;
    BlobStore& operator=(const BlobStore&) = delete;

    [[nodiscard]] const std::filesystem::path& root() const noexcept { return m_root; }

    /// The offset query. Unknown blob: size 0, received 0, not complete. Fails with blob.digest_invalid
    /// (not 64 lowercase hex digits) or blob.io.
    [[nodiscard]] shared::Result<BlobInfo> status(std::string_view sha256) const;

    /// Stores one chunk, and completes the blob when it is the last. `policy` gives the size limit of the
    /// declared type's kind (photo: image/jpeg, image/png; attachment: the other evidence types). Checked
    /// in this order, before any byte is stored:
    /// - blob.digest_invalid ("sha256"); blob.media_type_invalid ("mediaType": not an evidence type);
    /// - blob.content_range_invalid ("size": declared size < 1; "offset": negative offset, empty chunk,
    ///   or a chunk reaching past the declared size); blob.too_large ("size": over the kind's limit);
    /// - a blob already complete: its status, unchanged (idempotent: "already have it");
    /// - blob.declaration_mismatch ("size" or "mediaType") against the upload in progress;
    /// - every byte already received but the completion interrupted (crash or I/O error): completes now,
    ///   whatever the chunk (the client resends its last chunk);
    /// - blob.offset_mismatch ("offset", transient): offset != received; the message names received.
    /// Then writes and fsyncs the chunk (blob.io on failure, the partial file left as before). On the last
    /// chunk: evidence.corrupt ("sha256": digest differs; "mediaType": the content is not a file of the
    /// declared type, reason in the message), and the partial upload is deleted; else the blob is complete.
    [[nodiscard]] shared::Result<BlobInfo> appendChunk(const BlobChunk& chunk, const shared::Policy& policy);

    /// The validation hook (shared::BlobCheck) for one evidence reference: nullopt when its blob is
    /// complete with the reference's size and media type (ignoring case); evidence.incomplete (transient)
    /// when missing or partial; evidence.corrupt when size or type differ; evidence.invalid for a digest
    /// that is no blob name; blob.io when the store cannot be read. The field is left empty (the
    /// validator names the evidence).
    [[nodiscard]] std::optional<shared::Error> check(const shared::EvidenceRef& ref) const;

    /// A complete blob's bytes and media type. Fails with blob.digest_invalid, general.not_found (missing
    /// or not complete) or blob.io.
    [[nodiscard]] shared::Result<BlobContent> read(std::string_view sha256) const;

    /// A JPEG thumbnail of a complete photo (makeThumbnail, image.hpp), cached under thumbs/. Fails with
    /// blob.digest_invalid, general.invalid_argument (maxEdge not 1..4096), general.not_found,
    /// blob.no_thumbnail (not a JPEG or PNG, or one makeThumbnail declines), evidence.corrupt or blob.io.
    /// A thumbnail that cannot be cached is still returned.
    [[nodiscard]] shared::Result<std::string> thumbnail(std::string_view sha256,
                                                        int maxEdge = kThumbnailEdge) const;

  private:
    class BlobLock;
    struct LockEntry;

    BlobStore(std::filesystem::path root, int lockFd);

    [[nodiscard]] std::filesystem::path completePath(std::string_view sha256) const;
    [[nodiscard]] std::filesystem::path partialPath(std::string_view sha256) const;
    [[nodiscard]] shared::Result<std::optional<BlobInfo>> completeInfo(std::string_view sha256) const;
    [[nodiscard]] shared::Result<BlobInfo> statusLocked(std::string_view sha256) const;
    [[nodiscard]] shared::Result<BlobInfo> complete(const BlobInfo& partial);
    void discardPartial(std::string_view sha256) const;

    std::filesystem::path m_root;
    int m_lockFd = -1;
    mutable std::mutex m_locksMutex;
    mutable std::unordered_map<std::string, std::unique_ptr<LockEntry>> m_locks; ///< blobs in use, by digest
};

} // namespace jejak::server
