// SPDX-License-Identifier: Apache-2.0
// The blob uploader: resumable chunked uploads of evidence (offset query, PUT with Content-Range).
#include "engine_pass.hpp"

#include <algorithm>
#include <charconv>

namespace jejak::sync::detail {

using shared::Error;
using shared::ErrorCode;

namespace {

/// A server that keeps answering without moving the upload on (mismatch after mismatch) is not trusted
/// beyond this many answers in a row.
constexpr int kMaxStalls = 3;

std::optional<std::int64_t> parseOffset(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || stop != end || value < 0)
        return std::nullopt;
    return value;
}

/// Whether the server refused this blob for good (its bytes or declaration), rather than the request.
bool refusesBlob(ErrorCode code) {
    switch (code) {
    case ErrorCode::EvidenceCorrupt:
    case ErrorCode::EvidenceInvalid:
    case ErrorCode::BlobTooLarge:
    case ErrorCode::BlobMediaTypeInvalid:
    case ErrorCode::BlobDeclarationMismatch:
        return true;
    default:
        return false;
    }
}

bool cites(const Op& op, std::string_view sha256) {
    const shared::Activity* activity = nullptr;
    if (const auto* submit = std::get_if<SubmitActivity>(&op.payload))
        activity = &submit->activity;
    else if (const auto* revise = std::get_if<ReviseActivity>(&op.payload))
        activity = &revise->activity;
    return activity && std::any_of(activity->evidence.begin(), activity->evidence.end(),
                                   [&](const shared::EvidenceRef& e) { return e.sha256 == sha256; });
}

} // namespace

void BlobUploader::start(std::vector<LocalBlob> blobs) {
    m_blobs = std::move(blobs);
    const auto threads =
        std::min(m_blobs.size(), static_cast<std::size_t>(std::max(1, m_pass.options().maxParallelUploads)));
    for (std::size_t i = 0; i < threads; ++i)
        m_threads.emplace_back([this] { work(); });
}

void BlobUploader::join() {
    for (auto& t : m_threads) {
        if (t.joinable())
            t.join();
    }
    m_threads.clear();
}

void BlobUploader::work() {
    while (!m_pass.failed()) {
        const std::size_t i = m_next.fetch_add(1);
        if (i >= m_blobs.size())
            return;
        upload(m_blobs[i]);
    }
}

void BlobUploader::refuse(const LocalBlob& blob, const Error& error, bool fromServer) {
    if (!fromServer && error.transient) {
        // A local read failure holds back this blob's records only; the next pass tries again.
        m_pass.noteTransient(error);
        return;
    }
    if (error.transient || (fromServer && !refusesBlob(error.code))) {
        m_pass.fail(error);
        return;
    }
    // The records citing the blob can never be sent as they are: their ops fail with the blob's error.
    Error onRecord = error;
    if (onRecord.field.empty())
        onRecord.field = "evidence";
    for (const auto& entry : m_pass.store().outbox()) {
        if (!cites(entry.op, blob.sha256))
            continue;
        OpResult result;
        result.opId = entry.op.opId;
        result.error = toErrorBody(onRecord);
        if (auto stored = m_pass.store().recordResult(entry.seq, result); !stored) {
            m_pass.fail(std::move(stored).error());
            return;
        }
    }
}

void BlobUploader::upload(const LocalBlob& blob) {
    const std::string path = "/v1/blobs/" + blob.sha256;
    const std::int64_t chunkBytes = std::max<std::int64_t>(1, m_pass.options().chunkBytes);
    auto& store = m_pass.store();
    auto& progress = m_pass.progress();

    // bytesTotal stays bytesSent + (size - position) for this blob: `counted` is the position it assumes
    // (where the local store said the upload stood, then where the server says it stands).
    std::int64_t counted = blob.uploaded;
    const auto resumeAt = [&](std::int64_t serverOffset) {
        // received == size without completion: the completion was interrupted and any chunk completes it.
        const std::int64_t offset =
            serverOffset >= blob.size ? std::max<std::int64_t>(0, blob.size - chunkBytes) : serverOffset;
        if (offset != counted)
            progress.update([&](SyncProgress& p) { p.bytesTotal += counted - offset; });
        counted = offset;
        return offset;
    };

    auto status = m_pass.http().call<BlobStatus>("GET", path, "", "blob status");
    if (!status)
        return refuse(blob, status.error(), true);
    if (status->complete) {
        progress.update([&](SyncProgress& p) { p.bytesTotal -= blob.size - counted; });
        if (auto stored = store.setBlobProgress(blob.sha256, blob.size, true); !stored)
            m_pass.fail(std::move(stored).error());
        return;
    }
    std::int64_t lastReceived = std::clamp<std::int64_t>(status->received, 0, blob.size);
    std::int64_t offset = resumeAt(lastReceived);
    int stalls = 0;
    while (true) {
        if (!m_pass.proceed(SyncPoint::BeforeBlobChunk))
            return;
        const std::int64_t length = std::min(chunkBytes, blob.size - offset);
        auto bytes = store.readBlob(blob.sha256, offset, length);
        if (!bytes)
            return refuse(blob, bytes.error(), false);
        if (static_cast<std::int64_t>(bytes->size()) != length)
            return refuse(blob, Error(ErrorCode::EvidenceCorrupt, "evidence", "the local file is cut short"),
                          false);
        progress.update([&](SyncProgress& p) { p.bytesOnWire += length; });
        auto response = m_pass.http().send(
            "PUT", path, std::move(*bytes),
            {{"Content-Type", blob.mediaType},
             {"Content-Range", "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) +
                                   "/" + std::to_string(blob.size)}});
        if (!response)
            return m_pass.fail(std::move(response).error());

        if (response->status == 200) {
            auto accepted = decodeBody<BlobStatus>(*response, "blob status");
            if (!accepted)
                return m_pass.fail(std::move(accepted).error());
            if (!m_pass.proceed(SyncPoint::AfterBlobChunk))
                return;
            const std::int64_t received =
                accepted->complete ? blob.size : std::clamp<std::int64_t>(accepted->received, 0, blob.size);
            if (auto stored = store.setBlobProgress(blob.sha256, received, accepted->complete); !stored)
                return m_pass.fail(std::move(stored).error());
            progress.update(
                [&](SyncProgress& p) { p.bytesSent += std::max<std::int64_t>(0, received - offset); });
            if (accepted->complete)
                return;
            stalls = received > lastReceived ? 0 : stalls + 1;
            lastReceived = received;
            counted = std::max(offset, received); // the confirmed bytes moved from the total's rest to sent
            offset = resumeAt(received);
        } else {
            Error error = errorFromResponse(*response);
            if (error.code != ErrorCode::BlobOffsetMismatch)
                return refuse(blob, error, true);
            // Resume where the server is; without its Upload-Offset, ask it.
            auto serverOffset = parseOffset(response->header("Upload-Offset"));
            if (!serverOffset) {
                auto again = m_pass.http().call<BlobStatus>("GET", path, "", "blob status");
                if (!again)
                    return refuse(blob, again.error(), true);
                serverOffset = again->received;
            }
            ++stalls;
            offset = resumeAt(std::clamp<std::int64_t>(*serverOffset, 0, blob.size));
        }
        if (stalls > kMaxStalls)
            return m_pass.fail(
                badResponse("blob upload", "the server does not move the upload of " + blob.sha256 + " on"));
    }
}

} // namespace jejak::sync::detail
