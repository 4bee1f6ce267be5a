// SPDX-License-Identifier: Apache-2.0
#include "blobs/blob_store.hpp"

#include "blob_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace jejak::server;
using namespace jejak::testing;
using jejak::shared::Error;
using jejak::shared::ErrorCode;
using jejak::shared::EvidenceKind;
using jejak::shared::EvidenceRef;
using jejak::shared::Policy;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kChunk = 64 * 1024;
constexpr std::string_view kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

std::unique_ptr<BlobStore> openStore(const fs::path& root) {
    auto store = BlobStore::open(root);
    INFO((store ? std::string() : toString(store.error())));
    REQUIRE(store);
    return std::move(*store);
}

BlobChunk chunkOf(std::string_view sha, std::string_view file, std::string_view type, std::int64_t offset,
                  std::int64_t length) {
    BlobChunk c;
    c.sha256 = sha;
    c.declaredSize = static_cast<std::int64_t>(file.size());
    c.mediaType = type;
    c.offset = offset;
    c.bytes = file.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
    return c;
}

/// Uploads `file` from `from` to the end in kChunk pieces; the status after the last chunk.
jejak::shared::Result<BlobInfo> upload(BlobStore& store, std::string_view sha, std::string_view file,
                                       std::string_view type, std::int64_t from = 0,
                                       const Policy& policy = {}) {
    jejak::shared::Result<BlobInfo> last = Error(ErrorCode::Internal, {}, "nothing sent");
    const auto size = static_cast<std::int64_t>(file.size());
    for (std::int64_t at = from; at < size; at += kChunk) {
        last = store.appendChunk(chunkOf(sha, file, type, at, std::min(kChunk, size - at)), policy);
        if (!last) {
            return last;
        }
    }
    return last;
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

fs::path blobPath(const fs::path& root, const std::string& sha) {
    return root / sha.substr(0, 2) / sha.substr(2, 2) / sha;
}

std::size_t filesIn(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

EvidenceRef refOf(const std::string& sha, std::int64_t size, std::string type,
                  EvidenceKind kind = EvidenceKind::Photo) {
    EvidenceRef ref;
    ref.sha256 = sha;
    ref.size = size;
    ref.mediaType = std::move(type);
    ref.kind = kind;
    return ref;
}

} // namespace

TEST_CASE("blob store: a JPEG uploaded in 64 KiB chunks becomes a complete blob named by its digest",
          "[server][blobs][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "blobs");
    const std::string photo = makeJpeg(photoPixels(1600, 1200));
    const std::string sha = sha256Of(photo);
    REQUIRE(photo.size() > 3 * kChunk);

    auto before = store->status(sha);
    REQUIRE(before);
    CHECK(before->size == 0);
    CHECK(before->received == 0);
    CHECK_FALSE(before->complete);

    auto first = store->appendChunk(chunkOf(sha, photo, "image/jpeg", 0, kChunk), {});
    REQUIRE(first);
    CHECK(first->received == kChunk);
    CHECK(first->size == static_cast<std::int64_t>(photo.size()));
    CHECK_FALSE(first->complete);
    CHECK(fs::exists(dir.path() / "blobs" / "partial" / sha));

    auto done = upload(*store, sha, photo, "IMAGE/JPEG", kChunk); // media types compare ignoring case
    INFO((done ? std::string() : toString(done.error())));
    REQUIRE(done);
    CHECK(done->complete);
    CHECK(done->received == static_cast<std::int64_t>(photo.size()));
    CHECK(done->mediaType == "image/jpeg");

    const fs::path stored = blobPath(dir.path() / "blobs", sha);
    REQUIRE(fs::exists(stored));
    CHECK(sha256Of(readAll(stored)) == sha);
    CHECK(filesIn(dir.path() / "blobs" / "partial") == 0);

    auto after = store->status(sha);
    REQUIRE(after);
    CHECK(after->complete);
    CHECK(after->size == static_cast<std::int64_t>(photo.size()));

    auto content = store->read(sha);
    REQUIRE(content);
    CHECK(content->mediaType == "image/jpeg");
    CHECK(content->bytes == photo);
}

TEST_CASE("blob store: an interrupted upload resumes from status() after a restart",
          "[server][blobs][store]") {
    TempDir dir;
    const std::string photo = makeJpeg(photoPixels(1200, 900, 7));
    const std::string sha = sha256Of(photo);
    {
        auto store = openStore(dir.path() / "blobs");
        for (std::int64_t at = 0; at < 3 * kChunk; at += kChunk) {
            REQUIRE(store->appendChunk(chunkOf(sha, photo, "image/jpeg", at, kChunk), {}));
        }
    } // the server goes away
    auto store = openStore(dir.path() / "blobs");
    auto status = store->status(sha);
    REQUIRE(status);
    CHECK(status->received == 3 * kChunk);
    CHECK(status->size == static_cast<std::int64_t>(photo.size()));
    CHECK(status->mediaType == "image/jpeg");
    CHECK_FALSE(status->complete);

    auto done = upload(*store, sha, photo, "image/jpeg", status->received);
    REQUIRE(done);
    CHECK(done->complete);
    CHECK(sha256Of(readAll(blobPath(dir.path() / "blobs", sha))) == sha);
}

TEST_CASE("blob store: a chunk at the wrong offset is refused with the server's offset",
          "[server][blobs][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "blobs");
    const std::string photo = makeJpeg(photoPixels(800, 600));
    const std::string sha = sha256Of(photo);
    REQUIRE(store->appendChunk(chunkOf(sha, photo, "image/jpeg", 0, kChunk), {}));

    for (std::int64_t offset : {std::int64_t{0}, 2 * kChunk}) {
        auto wrong = store->appendChunk(chunkOf(sha, photo, "image/jpeg", offset, 1000), {});
        REQUIRE_FALSE(wrong);
        CHECK(wrong.error().code == ErrorCode::BlobOffsetMismatch);
        CHECK(wrong.error().transient);
        CHECK(wrong.error().field == "offset");
        CHECK_THAT(wrong.error().message, Catch::Contains("stands at byte 65536"));
    }
    auto status = store->status(sha);
    REQUIRE(status);
    CHECK(status->received == kChunk); // nothing changed
}

TEST_CASE("blob store: chunk and declaration limits are checked before anything is stored",
          "[server][blobs][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "blobs");
    const std::string photo = makeJpeg(photoPixels(320, 240));
    const std::string sha = sha256Of(photo);
    const auto code = [&](const BlobChunk& c, const Policy& p = {}) {
        auto r = store->appendChunk(c, p);
        return r ? std::string("ok") : std::string(jejak::shared::codeString(r.error().code));
    };

    SECTION("bytes beyond the declared size") {
        BlobChunk c = chunkOf(sha, photo, "image/jpeg", 0, 100);
        c.declaredSize = 50;
        CHECK(code(c) == "blob.content_range_invalid");
        c.declaredSize = 0;
        CHECK(code(c) == "blob.content_range_invalid");
        BlobChunk empty = chunkOf(sha, photo, "image/jpeg", 0, 0);
        CHECK(code(empty) == "blob.content_range_invalid");
        BlobChunk negative = chunkOf(sha, photo, "image/jpeg", 0, 10);
        negative.offset = -1;
        CHECK(code(negative) == "blob.content_range_invalid");
    }
    SECTION("a declared size over the photo limit") {
        Policy small;
        small.maxPhotoBytes = 1000;
        const auto r = store->appendChunk(chunkOf(sha, photo, "image/jpeg", 0, 100), small);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::BlobTooLarge);
        CHECK(r.error().field == "size");
        CHECK_THAT(r.error().message, Catch::Contains("a photo may have at most 1000"));
        // The attachment limit applies to documents, the photo limit to photos.
        const std::string docx = makeDocx();
        CHECK(code(chunkOf(sha256Of(docx), docx, kDocx, 0, 10), small) == "ok");
        small.maxAttachmentBytes = 100;
        CHECK(code(chunkOf(sha256Of(docx), docx, kDocx, 0, 10), small) == "blob.too_large");
    }
    SECTION("bad digest and media type") {
        CHECK(code(chunkOf("ABC", photo, "image/jpeg", 0, 10)) == "blob.digest_invalid");
        CHECK(code(chunkOf("../../etc/passwd", photo, "image/jpeg", 0, 10)) == "blob.digest_invalid");
        CHECK(code(chunkOf(sha, photo, "image/gif", 0, 10)) == "blob.media_type_invalid");
        CHECK(code(chunkOf(sha, photo, "", 0, 10)) == "blob.media_type_invalid");
    }
    SECTION("a different declaration than the upload in progress") {
        CHECK(code(chunkOf(sha, photo, "image/jpeg", 0, 100)) == "ok");
        CHECK(code(chunkOf(sha, photo, "image/png", 100, 100)) == "blob.declaration_mismatch");
        BlobChunk longer = chunkOf(sha, photo, "image/jpeg", 100, 100);
        longer.declaredSize += 1;
        CHECK(code(longer) == "blob.declaration_mismatch");
    }
    // Nothing of the refused chunks reached the disk.
    auto status = store->status(sha);
    REQUIRE(status);
    CHECK(status->received <= 100);
    CHECK_FALSE(fs::exists(blobPath(dir.path() / "blobs", sha)));
}

TEST_CASE("blob store: content that does not match its digest or type is discarded as corrupt",
          "[server][blobs][store]") {
    TempDir dir;
    const fs::path root = dir.path() / "blobs";
    auto store = openStore(root);
    const std::string photo = makeJpeg(photoPixels(1024, 768));

    SECTION("digest mismatch") {
        const std::string otherSha = sha256Of("something else");
        auto r = upload(*store, otherSha, photo, "image/jpeg");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::EvidenceCorrupt);
        CHECK_FALSE(r.error().transient);
        CHECK(r.error().field == "sha256");
        CHECK_THAT(r.error().message, Catch::Contains(sha256Of(photo)));
        CHECK_FALSE(fs::exists(blobPath(root, otherSha)));
        auto status = store->status(otherSha);
        REQUIRE(status);
        CHECK(status->received == 0); // the partial upload is gone: a fresh upload starts at 0
        CHECK(status->size == 0);
    }
    SECTION("a truncated JPEG (valid header, cut in the middle)") {
        const std::string cut = photo.substr(0, photo.size() / 2);
        const std::string sha = sha256Of(cut);
        auto r = upload(*store, sha, cut, "image/jpeg");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::EvidenceCorrupt);
        CHECK(r.error().field == "mediaType");
        CHECK_THAT(r.error().message, Catch::Contains("Premature end of JPEG file"));
        CHECK_FALSE(fs::exists(blobPath(root, sha)));
        CHECK(filesIn(root / "partial") == 0);
    }
    SECTION("a PNG declared as image/jpeg") {
        const std::string png = makePng(photoPixels(300, 200));
        const std::string sha = sha256Of(png);
        auto r = upload(*store, sha, png, "image/jpeg");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::EvidenceCorrupt);
        CHECK_THAT(r.error().message, Catch::Contains("declared image/jpeg, but the content is PNG"));
        CHECK_FALSE(fs::exists(blobPath(root, sha)));
        // The same bytes declared truthfully are accepted.
        auto ok = upload(*store, sha, png, "image/png");
        REQUIRE(ok);
        CHECK(ok->complete);
    }
}

TEST_CASE("blob store: PDF, DOCX and legacy Office files are accepted as attachments",
          "[server][blobs][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "blobs");
    const std::vector<std::pair<std::string, std::string>> files{
        {"application/pdf", makePdf()},
        {std::string(kDocx), makeDocx()},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", makeXlsx()},
        {"application/msword", makeOle2()},
    };
    for (const auto& [type, bytes] : files) {
        INFO(type);
        const std::string sha = sha256Of(bytes);
        auto r = upload(*store, sha, bytes, type);
        INFO((r ? std::string() : toString(r.error())));
        REQUIRE(r);
        CHECK(r->complete);
        CHECK_FALSE(store->check(
            refOf(sha, static_cast<std::int64_t>(bytes.size()), type, EvidenceKind::Attachment)));
    }
    // Declaring a complete blob again under another type changes nothing; the evidence check catches it.
    const std::string docx = makeDocx();
    const std::string xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    auto again = upload(*store, sha256Of(docx), docx, xlsxType);
    REQUIRE(again);
    CHECK(again->mediaType == kDocx);
    auto mismatch = store->check(
        refOf(sha256Of(docx), static_cast<std::int64_t>(docx.size()), xlsxType, EvidenceKind::Attachment));
    REQUIRE(mismatch);
    CHECK(mismatch->code == ErrorCode::EvidenceCorrupt);
}

TEST_CASE("blob store: uploading a complete blob again answers 'already have it' and changes nothing",
          "[server][blobs][store]") {
    TempDir dir;
    const fs::path root = dir.path() / "blobs";
    auto store = openStore(root);
    const std::string photo = makeJpeg(photoPixels(900, 600));
    const std::string sha = sha256Of(photo);
    REQUIRE(upload(*store, sha, photo, "image/jpeg"));
    const fs::path stored = blobPath(root, sha);
    const auto writtenAt = fs::last_write_time(stored);

    for (std::int64_t offset : {std::int64_t{0}, kChunk}) {
        auto again = store->appendChunk(chunkOf(sha, photo, "image/jpeg", offset, kChunk), {});
        REQUIRE(again);
        CHECK(again->complete);
        CHECK(again->received == static_cast<std::int64_t>(photo.size()));
    }
    CHECK(fs::last_write_time(stored) == writtenAt);
    CHECK(filesIn(root / "partial") == 0);
    CHECK(readAll(stored) == photo);
}

TEST_CASE("blob store: a full partial upload whose completion was interrupted completes on the next chunk",
          "[server][blobs][store]") {
    TempDir dir;
    const fs::path root = dir.path() / "blobs";
    const std::string photo = makeJpeg(photoPixels(700, 500));
    const std::string sha = sha256Of(photo);
    {
        auto store = openStore(root);
        REQUIRE(store->appendChunk(chunkOf(sha, photo, "image/jpeg", 0, kChunk), {}));
    }
    // As if the server died after storing the last chunk but before renaming the blob into place.
    std::ofstream(root / "partial" / sha, std::ios::binary | std::ios::trunc) << photo;
    auto store = openStore(root);
    auto status = store->status(sha);
    REQUIRE(status);
    CHECK(status->received == status->size);
    CHECK_FALSE(status->complete);

    const auto size = static_cast<std::int64_t>(photo.size());
    auto done = store->appendChunk(chunkOf(sha, photo, "image/jpeg", size - 100, 100), {});
    REQUIRE(done);
    CHECK(done->complete);
    CHECK(readAll(blobPath(root, sha)) == photo);
}

TEST_CASE("blob store: four concurrent uploads of the same blob end with one correct blob",
          "[server][blobs][store]") {
    TempDir dir;
    const fs::path root = dir.path() / "blobs";
    auto store = openStore(root);
    const std::string photo = makeJpeg(photoPixels(1600, 1200, 3));
    const std::string sha = sha256Of(photo);
    const auto size = static_cast<std::int64_t>(photo.size());

    std::atomic<int> completed{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            // A client that resumes at the server's offset whenever another one got there first.
            for (int round = 0; round < 10'000; ++round) {
                auto status = store->status(sha);
                if (!status) {
                    ++failures;
                    return;
                }
                if (status->complete) {
                    ++completed;
                    return;
                }
                const std::int64_t at = status->received;
                auto r = store->appendChunk(
                    chunkOf(sha, photo, "image/jpeg", at, std::min(kChunk, size - at)), {});
                if (!r && r.error().code != ErrorCode::BlobOffsetMismatch) {
                    ++failures;
                    return;
                }
            }
            ++failures;
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(failures == 0);
    CHECK(completed == 4);
    CHECK(readAll(blobPath(root, sha)) == photo);
    CHECK(filesIn(root / "partial") == 0);
}

TEST_CASE("blob store: check() is the validation hook: incomplete, corrupt or fine",
          "[server][blobs][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "blobs");
    const std::string photo = makeJpeg(photoPixels(640, 480));
    const std::string sha = sha256Of(photo);
    const auto size = static_cast<std::int64_t>(photo.size());

    auto missing = store->check(refOf(sha, size, "image/jpeg"));
    REQUIRE(missing);
    CHECK(missing->code == ErrorCode::EvidenceIncomplete);
    CHECK(missing->transient);
    CHECK(missing->field.empty()); // the validator names the evidence

    REQUIRE(store->appendChunk(chunkOf(sha, photo, "image/jpeg", 0, kChunk), {}));
    auto partial = store->check(refOf(sha, size, "image/jpeg"));
    REQUIRE(partial);
    CHECK(partial->code == ErrorCode::EvidenceIncomplete);

    REQUIRE(upload(*store, sha, photo, "image/jpeg", kChunk));
    CHECK_FALSE(store->check(refOf(sha, size, "image/jpeg")));
    CHECK_FALSE(store->check(refOf(sha, size, "Image/JPEG")));

    auto wrongSize = store->check(refOf(sha, size + 1, "image/jpeg"));
    REQUIRE(wrongSize);
    CHECK(wrongSize->code == ErrorCode::EvidenceCorrupt);
    CHECK_FALSE(wrongSize->transient);
    auto wrongType = store->check(refOf(sha, size, "image/png"));
    REQUIRE(wrongType);
    CHECK(wrongType->code == ErrorCode::EvidenceCorrupt);
    auto badName = store->check(refOf("nope", size, "image/jpeg"));
    REQUIRE(badName);
    CHECK(badName->code == ErrorCode::EvidenceInvalid);
}

TEST_CASE("blob store: thumbnails of photos are small JPEGs, cached", "[server][blobs][store]") {
    TempDir dir;
    const fs::path root = dir.path() / "blobs";
    auto store = openStore(root);
    const std::string photo = makeJpeg(photoPixels(1600, 1200));
    const std::string sha = sha256Of(photo);

    auto early = store->thumbnail(sha);
    REQUIRE_FALSE(early);
    CHECK(early.error().code == ErrorCode::NotFound);

    REQUIRE(upload(*store, sha, photo, "image/jpeg"));
    auto thumb = store->thumbnail(sha);
    REQUIRE(thumb);
    CHECK_FALSE(checkJpeg(*thumb));
    auto pixels = decodeJpeg(*thumb);
    REQUIRE(pixels);
    CHECK(std::max(pixels->width, pixels->height) <= 320);
    CHECK(pixels->width == 320);
    CHECK(thumb->size() < 64 * 1024);
    const fs::path cached = root / "thumbs" / (sha + "-320.jpg");
    REQUIRE(fs::exists(cached));
    CHECK(readAll(cached) == *thumb);
    CHECK(filesIn(root / "thumbs") == 1); // no temporary file left behind

    // Served from the cache: a marker written into the cached file comes back.
    std::ofstream(cached, std::ios::binary | std::ios::trunc) << "cached";
    auto again = store->thumbnail(sha);
    REQUIRE(again);
    CHECK(*again == "cached");

    auto small = store->thumbnail(sha, 64);
    REQUIRE(small);
    CHECK(decodeJpeg(*small)->width == 64);
    CHECK(store->thumbnail(sha, 0).error().code == ErrorCode::InvalidArgument);
    CHECK(store->thumbnail("xyz").error().code == ErrorCode::BlobDigestInvalid);

    const std::string pdf = makePdf();
    REQUIRE(upload(*store, sha256Of(pdf), pdf, "application/pdf"));
    CHECK(store->thumbnail(sha256Of(pdf)).error().code == ErrorCode::BlobNoThumbnail);
}

TEST_CASE("blob store: one store per directory; read() needs a complete blob", "[server][blobs][store]") {
    TempDir dir;
    auto store = openStore(dir.path() / "blobs");
    auto second = BlobStore::open(dir.path() / "blobs");
    REQUIRE_FALSE(second);
    CHECK(second.error().code == ErrorCode::BlobIo);
    CHECK_THAT(second.error().message, Catch::Contains("in use"));

    const std::string photo = makeJpeg(photoPixels(320, 240));
    const std::string sha = sha256Of(photo);
    CHECK(store->read(sha).error().code == ErrorCode::NotFound);
    REQUIRE(store->appendChunk(chunkOf(sha, photo, "image/jpeg", 0, 1000), {}));
    CHECK(store->read(sha).error().code == ErrorCode::NotFound);
    CHECK(store->read("0123").error().code == ErrorCode::BlobDigestInvalid);
    CHECK(store->status("0123").error().code == ErrorCode::BlobDigestInvalid);

    store.reset(); // the lock goes with the store
    CHECK(BlobStore::open(dir.path() / "blobs"));

    std::ofstream(dir.path() / "file") << "not a directory";
    auto bad = BlobStore::open(dir.path() / "file" / "blobs");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::BlobIo);
}
