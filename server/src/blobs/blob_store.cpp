// SPDX-License-Identifier: Apache-2.0
// BlobStore over POSIX files: fsync()ed chunks, atomic renames, per-blob mutexes, a directory flock.
#include "blobs/blob_store.hpp"

#include "blobs/content_check.hpp"
#include "jejak/shared/sha256.hpp"

#include "jejak/shared/text.hpp"
#include "jejak/shared/validation.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <initializer_list>
#include <system_error>
#include <utility>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMetaSuffix = ".meta";
// Evidence is personal data (faces, places): only the server's user may read it.
constexpr mode_t kFileMode = 0600;
constexpr mode_t kDirMode = 0700;
constexpr int kMaxThumbnailEdge = 4096;

Error ioError(std::string_view what, const fs::path& path, int err) {
    return Error(ErrorCode::BlobIo, {},
                 std::string(what) + " " + path.string() + ": " + std::generic_category().message(err));
}

/// An owned file descriptor.
class Fd {
  public:
    explicit Fd(int fd) noexcept
        : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const noexcept { return m_fd; }
    [[nodiscard]] bool valid() const noexcept { return m_fd >= 0; }

  private:
    int m_fd;
};

Result<void> fsyncPath(const fs::path& path) {
    const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        return ioError("cannot open", path, errno);
    }
    if (::fsync(fd.get()) != 0) {
        return ioError("cannot fsync", path, errno);
    }
    return {};
}

Result<void> writeAll(int fd, std::string_view bytes, std::int64_t offset, const fs::path& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return ioError("cannot write", path, n < 0 ? errno : EIO);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        offset += n;
    }
    return {};
}

/// Replaces `path` by a file holding `content`, durably: temporary file, fsync, rename, fsync of the
/// directory. The caller holds the lock that makes `path` + ".tmp" private to it.
Result<void> writeFileAtomically(const fs::path& path, std::string_view content) {
    fs::path tmp = path;
    tmp += ".tmp";
    {
        const Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kFileMode));
        if (!fd.valid()) {
            return ioError("cannot create", tmp, errno);
        }
        if (auto r = writeAll(fd.get(), content, 0, tmp); !r) {
            return r;
        }
        if (::fsync(fd.get()) != 0) {
            return ioError("cannot fsync", tmp, errno);
        }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        return ioError("cannot rename into", path, errno);
    }
    return fsyncPath(path.parent_path());
}

/// The whole file; nullopt when it does not exist.
Result<std::optional<std::string>> readFile(const fs::path& path) {
    const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) {
            return std::optional<std::string>();
        }
        return ioError("cannot open", path, errno);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return ioError("cannot stat", path, errno);
    }
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n =
            ::pread(fd.get(), bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return ioError("cannot read", path, n < 0 ? errno : EIO);
        }
        done += static_cast<std::size_t>(n);
    }
    return std::optional<std::string>(std::move(bytes));
}

/// The size of a file; nullopt when it does not exist.
Result<std::optional<std::int64_t>> fileSize(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            return std::optional<std::int64_t>();
        }
        return ioError("cannot stat", path, errno);
    }
    return std::optional<std::int64_t>(static_cast<std::int64_t>(st.st_size));
}

Result<void> removeFile(const fs::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return ioError("cannot remove", path, errno);
    }
    return {};
}

/// A directory, created (and its parent fsync()ed, so the entry is durable) when absent.
Result<void> ensureDirectory(const fs::path& path) {
    if (::mkdir(path.c_str(), kDirMode) == 0) {
        return fsyncPath(path.parent_path());
    }
    if (errno == EEXIST) {
        return {};
    }
    return ioError("cannot create directory", path, errno);
}

fs::path withSuffix(fs::path path, std::string_view suffix) {
    path += suffix;
    return path;
}

/// The metadata sidecar: "<declared size>\n<media type>\n".
struct Meta {
    std::int64_t size = 0;
    std::string mediaType;
};

std::string formatMeta(const Meta& meta) {
    return std::to_string(meta.size) + "\n" + meta.mediaType + "\n";
}

Result<std::optional<Meta>> readMeta(const fs::path& path) {
    auto text = readFile(path);
    if (!text) {
        return std::move(text).error();
    }
    if (!text->has_value()) {
        return std::optional<Meta>();
    }
    const std::string& t = **text;
    const std::size_t nl = t.find('\n');
    Meta meta;
    if (nl != std::string::npos && t.size() > nl + 1 && t.back() == '\n') {
        const auto [end, ec] = std::from_chars(t.data(), t.data() + nl, meta.size);
        meta.mediaType = t.substr(nl + 1, t.size() - nl - 2);
        if (ec == std::errc() && end == t.data() + nl && meta.size > 0 && !meta.mediaType.empty() &&
            meta.mediaType.find('\n') == std::string::npos) {
            return std::optional<Meta>(std::move(meta));
        }
    }
    return Error(ErrorCode::BlobIo, {}, "malformed metadata file " + path.string());
}

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

Result<void> checkDigest(std::string_view sha256) {
    if (!shared::isSha256Hex(sha256)) {
        return Error(ErrorCode::BlobDigestInvalid, "sha256",
                     "'" + std::string(sha256.substr(0, 80)) + "' is no SHA-256 digest");
    }
    return {};
}

} // namespace

//---- Per-blob locks

/// The mutex of one blob in use, and how many BlobLocks want it.
struct BlobStore::LockEntry {
    std::mutex mutex;
    int users = 0; ///< guarded by m_locksMutex
};

/// Holds one blob's mutex for its lifetime; the entry is dropped when its last user leaves.
class BlobStore::BlobLock {
  public:
    BlobLock(const BlobStore& store, std::string_view sha256)
        : m_store(store)
        , m_sha(sha256) {
        {
            const std::lock_guard guard(m_store.m_locksMutex);
            auto& entry = m_store.m_locks[m_sha];
            if (!entry) {
                entry = std::make_unique<LockEntry>();
            }
            ++entry->users;
            m_entry = entry.get();
        }
        m_entry->mutex.lock();
    }
    ~BlobLock() {
        m_entry->mutex.unlock();
        const std::lock_guard guard(m_store.m_locksMutex);
        if (--m_entry->users == 0) {
            m_store.m_locks.erase(m_sha);
        }
    }
    BlobLock(const BlobLock&) = delete;
    BlobLock& operator=(const BlobLock&) = delete;

  private:
    const BlobStore& m_store;
    std::string m_sha;
    LockEntry* m_entry = nullptr;
};

//---- BlobStore

BlobStore::BlobStore(fs::path root, int lockFd)
    : m_root(std::move(root))
    , m_lockFd(lockFd) {}

BlobStore::~BlobStore() {
    if (m_lockFd >= 0) {
        ::close(m_lockFd); // releases the flock
    }
}

Result<std::unique_ptr<BlobStore>> BlobStore::open(const fs::path& root) {
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) {
        return ioError("cannot create directory", root, ec.value());
    }
    for (const char* sub : {"partial", "thumbs"}) {
        if (auto r = ensureDirectory(root / sub); !r) {
            return std::move(r).error();
        }
    }
    const fs::path lockPath = root / ".lock";
    const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kFileMode);
    if (fd < 0) {
        return ioError("cannot open", lockPath, errno);
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) {
            return Error(ErrorCode::BlobIo, {},
                         "blob store " + root.string() + " is in use by another store");
        }
        return ioError("cannot lock", lockPath, err);
    }
    return std::unique_ptr<BlobStore>(new BlobStore(root, fd));
}

fs::path BlobStore::completePath(std::string_view sha256) const {
    return m_root / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

fs::path BlobStore::partialPath(std::string_view sha256) const {
    return m_root / "partial" / sha256;
}

Result<std::optional<BlobInfo>> BlobStore::completeInfo(std::string_view sha256) const {
    const fs::path path = completePath(sha256);
    auto size = fileSize(path);
    if (!size) {
        return std::move(size).error();
    }
    if (!size->has_value()) {
        return std::optional<BlobInfo>();
    }
    auto meta = readMeta(withSuffix(path, kMetaSuffix));
    if (!meta) {
        return std::move(meta).error();
    }
    if (!meta->has_value()) {
        return Error(ErrorCode::BlobIo, {}, "complete blob " + path.string() + " has no metadata file");
    }
    BlobInfo info;
    info.sha256 = sha256;
    info.size = **size;
    info.received = **size;
    info.complete = true;
    info.mediaType = (*meta)->mediaType;
    return std::optional<BlobInfo>(std::move(info));
}

Result<BlobInfo> BlobStore::statusLocked(std::string_view sha256) const {
    auto done = completeInfo(sha256);
    if (!done) {
        return std::move(done).error();
    }
    if (done->has_value()) {
        return std::move(**done);
    }
    BlobInfo info;
    info.sha256 = sha256;
    const fs::path data = partialPath(sha256);
    auto meta = readMeta(withSuffix(data, kMetaSuffix));
    if (!meta) {
        return std::move(meta).error();
    }
    if (!meta->has_value()) {
        return info;
    }
    auto received = fileSize(data);
    if (!received) {
        return std::move(received).error();
    }
    info.size = (*meta)->size;
    info.mediaType = (*meta)->mediaType;
    info.received = received->value_or(0);
    return info;
}

Result<BlobInfo> BlobStore::status(std::string_view sha256) const {
    if (auto r = checkDigest(sha256); !r) {
        return std::move(r).error();
    }
    const BlobLock lock(*this, sha256);
    return statusLocked(sha256);
}

void BlobStore::discardPartial(std::string_view sha256) const {
    // Data first, so that partial data does not outlive its metadata (a new upload also removes stale
    // data). Best effort: what cannot be removed is taken up again by the next chunk of this blob.
    const fs::path data = partialPath(sha256);
    const bool removedData = ::unlink(data.c_str()) == 0;
    const bool removedMeta = ::unlink(withSuffix(data, kMetaSuffix).c_str()) == 0;
    if (removedData || removedMeta) {
        (void)fsyncPath(data.parent_path());
    }
}

Result<BlobInfo> BlobStore::appendChunk(const BlobChunk& chunk, const shared::Policy& policy) {
    const std::string_view sha = chunk.sha256;
    if (auto r = checkDigest(sha); !r) {
        return std::move(r).error();
    }
    const std::string mediaType = lowerAscii(chunk.mediaType);
    const bool photo = shared::isAllowedMediaType(shared::EvidenceKind::Photo, mediaType);
    if (!photo && !shared::isAllowedMediaType(shared::EvidenceKind::Attachment, mediaType)) {
        return Error(ErrorCode::BlobMediaTypeInvalid, "mediaType",
                     "'" + mediaType + "' is not an evidence type");
    }
    if (chunk.declaredSize < 1) {
        return Error(ErrorCode::BlobContentRangeInvalid, "size", "declared size must be at least 1 byte");
    }
    const auto length = static_cast<std::int64_t>(chunk.bytes.size());
    if (chunk.offset < 0 || length == 0 || chunk.offset > chunk.declaredSize - length) {
        return Error(ErrorCode::BlobContentRangeInvalid, "offset",
                     "a chunk of " + std::to_string(length) + " bytes at offset " +
                         std::to_string(chunk.offset) + " does not fit a blob of " +
                         std::to_string(chunk.declaredSize) + " bytes");
    }
    const shared::EvidenceKind kind = photo ? shared::EvidenceKind::Photo : shared::EvidenceKind::Attachment;
    const std::int64_t limit = shared::maxEvidenceBytes(kind, policy);
    if (chunk.declaredSize > limit) {
        return Error(ErrorCode::BlobTooLarge, "size",
                     std::to_string(chunk.declaredSize) + " bytes; a " + (photo ? "photo" : "attachment") +
                         " may have at most " + std::to_string(limit));
    }

    const BlobLock lock(*this, sha);
    auto done = completeInfo(sha);
    if (!done) {
        return std::move(done).error();
    }
    const fs::path data = partialPath(sha);
    const fs::path metaPath = withSuffix(data, kMetaSuffix);
    if (done->has_value()) {
        discardPartial(sha); // left behind only by a crash between completion and cleanup
        return std::move(**done);
    }
    auto meta = readMeta(metaPath);
    if (!meta) {
        return std::move(meta).error();
    }
    if (meta->has_value()) {
        const Meta& m = **meta;
        if (m.size != chunk.declaredSize || m.mediaType != mediaType) {
            return Error(
                ErrorCode::BlobDeclarationMismatch, m.size != chunk.declaredSize ? "size" : "mediaType",
                "the upload in progress declares " + std::to_string(m.size) + " bytes of " + m.mediaType);
        }
    } else {
        // A new upload: metadata first, so partial data never exists without it.
        if (auto r = removeFile(data); !r) {
            return std::move(r).error();
        }
        if (auto r = writeFileAtomically(metaPath, formatMeta(Meta{chunk.declaredSize, mediaType})); !r) {
            return std::move(r).error();
        }
    }
    auto existing = fileSize(data);
    if (!existing) {
        return std::move(existing).error();
    }
    const std::int64_t received = existing->value_or(0);
    BlobInfo info;
    info.sha256 = sha;
    info.size = chunk.declaredSize;
    info.mediaType = mediaType;
    if (received == chunk.declaredSize) {
        // Every byte arrived but completion did not finish (a crash or an I/O error during it): any
        // chunk of this blob, typically the last one sent again, completes it now.
        info.received = received;
        return complete(info);
    }
    if (chunk.offset != received) {
        return Error(ErrorCode::BlobOffsetMismatch, "offset",
                     "the upload stands at byte " + std::to_string(received) + ", not " +
                         std::to_string(chunk.offset));
    }
    {
        const Fd fd(::open(data.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, kFileMode));
        if (!fd.valid()) {
            return ioError("cannot open", data, errno);
        }
        auto written = writeAll(fd.get(), chunk.bytes, chunk.offset, data);
        if (written && ::fsync(fd.get()) != 0) {
            written = ioError("cannot fsync", data, errno);
        }
        if (!written) {
            if (::ftruncate(fd.get(), static_cast<off_t>(received)) != 0) {
                discardPartial(sha); // cannot return to the acknowledged bytes: start over
            }
            return std::move(written).error();
        }
    }
    if (!existing->has_value()) {
        if (auto r = fsyncPath(data.parent_path()); !r) {
            return std::move(r).error();
        }
    }
    info.received = received + length;
    if (info.received < info.size) {
        return info;
    }
    return complete(info);
}

Result<BlobInfo> BlobStore::complete(const BlobInfo& partial) {
    const fs::path data = partialPath(partial.sha256);
    auto bytes = readFile(data);
    if (!bytes) {
        return std::move(bytes).error();
    }
    const std::string content = bytes->value_or(std::string());
    auto digest = shared::sha256Hex(content);
    if (!digest) {
        return std::move(digest).error();
    }
    if (*digest != partial.sha256) {
        discardPartial(partial.sha256);
        return Error(ErrorCode::EvidenceCorrupt, "sha256", "the uploaded bytes have SHA-256 " + *digest);
    }
    if (auto reason = checkContent(partial.mediaType, content)) {
        discardPartial(partial.sha256);
        return Error(ErrorCode::EvidenceCorrupt, "mediaType", std::move(*reason));
    }
    const fs::path target = completePath(partial.sha256);
    for (const fs::path& dir : {target.parent_path().parent_path(), target.parent_path()}) {
        if (auto r = ensureDirectory(dir); !r) {
            return std::move(r).error();
        }
    }
    // Metadata before the blob: a blob in place (what "complete" means) always has its metadata.
    if (auto r = writeFileAtomically(withSuffix(target, kMetaSuffix),
                                     formatMeta(Meta{partial.size, partial.mediaType}));
        !r) {
        return std::move(r).error();
    }
    if (::rename(data.c_str(), target.c_str()) != 0) {
        return ioError("cannot rename into", target, errno);
    }
    if (auto r = fsyncPath(target.parent_path()); !r) {
        return std::move(r).error();
    }
    discardPartial(partial.sha256);
    BlobInfo info = partial;
    info.complete = true;
    return info;
}

std::optional<Error> BlobStore::check(const shared::EvidenceRef& ref) const {
    if (!shared::isSha256Hex(ref.sha256)) {
        return Error(ErrorCode::EvidenceInvalid, {}, "'" + ref.sha256 + "' is no SHA-256 digest");
    }
    auto done = completeInfo(ref.sha256);
    if (!done) {
        return std::move(done).error();
    }
    if (!done->has_value()) {
        return Error(ErrorCode::EvidenceIncomplete, {},
                     "blob " + ref.sha256 + " has not been uploaded completely");
    }
    const BlobInfo& info = **done;
    if (info.size != ref.size) {
        return Error(ErrorCode::EvidenceCorrupt, {},
                     "blob " + ref.sha256 + " has " + std::to_string(info.size) +
                         " bytes, the evidence says " + std::to_string(ref.size));
    }
    if (!shared::equalsIgnoreAsciiCase(info.mediaType, ref.mediaType)) {
        return Error(ErrorCode::EvidenceCorrupt, {},
                     "blob " + ref.sha256 + " is " + info.mediaType + ", the evidence says " + ref.mediaType);
    }
    return std::nullopt;
}

Result<BlobContent> BlobStore::read(std::string_view sha256) const {
    if (auto r = checkDigest(sha256); !r) {
        return std::move(r).error();
    }
    auto done = completeInfo(sha256);
    if (!done) {
        return std::move(done).error();
    }
    if (!done->has_value()) {
        return Error(ErrorCode::NotFound, "sha256", "no complete blob " + std::string(sha256));
    }
    auto bytes = readFile(completePath(sha256));
    if (!bytes) {
        return std::move(bytes).error();
    }
    if (!bytes->has_value()) {
        return Error(ErrorCode::NotFound, "sha256", "no complete blob " + std::string(sha256));
    }
    return BlobContent{std::move((*done)->mediaType), std::move(**bytes)};
}

Result<std::string> BlobStore::thumbnail(std::string_view sha256, int maxEdge) const {
    if (auto r = checkDigest(sha256); !r) {
        return std::move(r).error();
    }
    if (maxEdge < 1 || maxEdge > kMaxThumbnailEdge) {
        return Error(ErrorCode::InvalidArgument, "maxEdge",
                     "thumbnail edge must be 1.." + std::to_string(kMaxThumbnailEdge));
    }
    const fs::path cached =
        m_root / "thumbs" / (std::string(sha256) + "-" + std::to_string(maxEdge) + ".jpg");
    auto hit = readFile(cached);
    if (hit && hit->has_value()) {
        return std::move(**hit);
    }
    auto blob = read(sha256);
    if (!blob) {
        return std::move(blob).error();
    }
    auto thumb = makeThumbnail(blob->mediaType, blob->bytes, maxEdge);
    if (!thumb) {
        return std::move(thumb).error();
    }
    // Best effort: a unique temporary name (thumbnails are made without the blob lock), then rename.
    std::string tmp = cached.string() + ".XXXXXX";
    const Fd fd(::mkstemp(tmp.data()));
    if (fd.valid()) {
        if (writeAll(fd.get(), *thumb, 0, tmp) && ::fsync(fd.get()) == 0 &&
            ::rename(tmp.c_str(), cached.c_str()) == 0) {
            return thumb;
        }
        ::unlink(tmp.c_str());
    }
    return thumb;
}

} // namespace jejak::server
