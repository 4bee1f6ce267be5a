// SPDX-License-Identifier: Apache-2.0
// Evidence blob endpoints over BlobStore.
#include "handlers/blobs.hpp"

#include "blobs/blob_store.hpp"
#include "http_errors.hpp"
#include "storage/storage.hpp"

#include "jejak/shared/text.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

constexpr std::string_view kContentRange = "Content-Range";
constexpr std::string_view kContentType = "Content-Type";

Error rangeError(std::string message) {
    return Error(ErrorCode::BlobContentRangeInvalid, std::string(kContentRange), std::move(message));
}

/// The {sha256} path parameter, or the error answer for it.
Result<std::string_view> digestParam(const RouteParams& params) {
    const std::string_view sha = params.get("sha256");
    if (!shared::isSha256Hex(sha)) {
        return Error(ErrorCode::BlobDigestInvalid, "sha256",
                     "'" + std::string(sha.substr(0, 80)) +
                         "' is not a SHA-256 digest of 64 lowercase hex digits");
    }
    return sha;
}

HttpResponse statusResponse(const BlobInfo& info) {
    sync::BlobStatus status;
    status.sha256 = info.sha256;
    status.size = info.size;
    status.received = info.received;
    status.complete = info.complete;
    return jsonResponse(200, boost::json::serialize(sync::toJson(status)));
}

/// The store names fields after the model (size, offset, mediaType); over HTTP they are headers.
Error asHeaderError(Error e) {
    if (e.field == "size" || e.field == "offset") {
        e.field = std::string(kContentRange);
    } else if (e.field == "mediaType") {
        e.field = std::string(kContentType);
    }
    return e;
}

/// Responses whose body is fixed by the digest in the URL; `tag` names the representation.
void markImmutable(HttpResponse& r, std::string_view tag) {
    r.headers.set("ETag", "\"" + std::string(tag) + "\"");
    r.headers.set("Cache-Control", "private, max-age=31536000, immutable");
    r.headers.set("X-Content-Type-Options", "nosniff");
}

/// The digest of a download request the caller may read, or the error answer.
Result<std::string_view> readableDigest(const RouteParams& params, const AppState& state,
                                        const Caller& caller) {
    auto sha = digestParam(params);
    if (!sha) {
        return sha;
    }
    if (!state.canReadBlob || !state.canReadBlob(caller, *sha)) {
        return Error(ErrorCode::NotAllowed, "sha256", "you may not read this evidence");
    }
    return sha;
}

std::optional<std::int64_t> parseNumber(std::string_view text) {
    constexpr std::size_t kMaxDigits = 18; // fits std::int64_t
    if (text.empty() || text.size() > kMaxDigits) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

} // namespace

Result<ContentRange> parseContentRange(std::string_view value) {
    constexpr std::string_view kUnit = "bytes ";
    if (value.size() < kUnit.size() || !equalsIgnoreCase(value.substr(0, kUnit.size()), kUnit)) {
        return rangeError("expected 'bytes START-END/TOTAL', got '" + std::string(value.substr(0, 100)) +
                          "'");
    }
    const std::string_view spec = value.substr(kUnit.size());
    const std::size_t dash = spec.find('-');
    const std::size_t slash = spec.find('/');
    if (dash == std::string_view::npos || slash == std::string_view::npos || dash > slash) {
        return rangeError("expected 'bytes START-END/TOTAL', got '" + std::string(value.substr(0, 100)) +
                          "'");
    }
    const auto start = parseNumber(spec.substr(0, dash));
    const auto end = parseNumber(spec.substr(dash + 1, slash - dash - 1));
    const auto total = parseNumber(spec.substr(slash + 1));
    if (!start || !end || !total) {
        return rangeError("START, END and TOTAL must be decimal numbers, got '" +
                          std::string(value.substr(0, 100)) + "'");
    }
    if (*start > *end || *end >= *total) {
        return rangeError("need START <= END < TOTAL, got '" + std::string(value.substr(0, 100)) + "'");
    }
    return ContentRange{*start, *end, *total};
}

HttpResponse handleBlobStatus(const HttpRequest& /*request*/, const RouteParams& params, AppState& state,
                              const Caller& /*caller*/) {
    auto sha = digestParam(params);
    if (!sha) {
        return errorResponse(sha.error());
    }
    auto info = state.blobs->status(*sha);
    if (!info) {
        return errorResponse(info.error());
    }
    return statusResponse(*info);
}

HttpResponse handleBlobUpload(const HttpRequest& request, const RouteParams& params, AppState& state,
                              const Caller& caller) {
    auto sha = digestParam(params);
    if (!sha) {
        return errorResponse(sha.error());
    }
    const auto contentType = request.headers.find(kContentType);
    if (!contentType) {
        return errorResponse(Error(ErrorCode::BlobMediaTypeInvalid, std::string(kContentType),
                                   "Content-Type must name the evidence type, e.g. image/jpeg"));
    }
    const auto rangeHeader = request.headers.find(kContentRange);
    if (!rangeHeader) {
        return errorResponse(rangeError("missing; expected 'bytes START-END/TOTAL'"));
    }
    auto range = parseContentRange(*rangeHeader);
    if (!range) {
        return errorResponse(range.error());
    }
    const auto length = static_cast<std::int64_t>(request.body.size());
    if (range->end - range->start + 1 != length) {
        return errorResponse(rangeError("the range covers " + std::to_string(range->end - range->start + 1) +
                                        " bytes, the body has " + std::to_string(length)));
    }
    BlobChunk chunk;
    chunk.sha256 = *sha;
    chunk.declaredSize = range->total;
    const std::string type = mediaType(*contentType);
    chunk.mediaType = type;
    chunk.offset = range->start;
    chunk.bytes = request.body;
    const shared::Policy policy = state.evidencePolicy ? state.evidencePolicy(caller) : shared::Policy{};
    // Whether this caller's bytes complete the blob (then they may read it back); a blob complete before
    // this request proves nothing about the caller.
    const auto before = state.blobs->status(*sha);
    const bool wasComplete = before && before->complete;
    auto info = state.blobs->appendChunk(chunk, policy);
    if (!info) {
        HttpResponse r = errorResponse(asHeaderError(info.error()));
        if (info.error().code == ErrorCode::BlobOffsetMismatch) {
            if (auto now = state.blobs->status(*sha)) {
                r.headers.set("Upload-Offset", std::to_string(now->received));
            }
        }
        return r;
    }
    if (info->complete && !wasComplete) {
        if (auto recorded = state.storage.recordBlobUpload(caller.nip, *sha); !recorded) {
            return errorResponse(recorded.error());
        }
    }
    return statusResponse(*info);
}

HttpResponse handleBlobContent(const HttpRequest& /*request*/, const RouteParams& params, AppState& state,
                               const Caller& caller) {
    auto sha = readableDigest(params, state, caller);
    if (!sha) {
        return errorResponse(sha.error());
    }
    auto blob = state.blobs->read(*sha);
    if (!blob) {
        return errorResponse(blob.error());
    }
    HttpResponse r;
    r.contentType = std::move(blob->mediaType);
    r.body = std::move(blob->bytes);
    markImmutable(r, *sha);
    return r;
}

HttpResponse handleBlobThumbnail(const HttpRequest& /*request*/, const RouteParams& params, AppState& state,
                                 const Caller& caller) {
    auto sha = readableDigest(params, state, caller);
    if (!sha) {
        return errorResponse(sha.error());
    }
    auto thumb = state.blobs->thumbnail(*sha);
    if (!thumb) {
        return errorResponse(thumb.error());
    }
    HttpResponse r;
    r.contentType = "image/jpeg";
    r.body = std::move(*thumb);
    markImmutable(r, std::string(*sha) + "-thumbnail-" + std::to_string(kThumbnailEdge));
    return r;
}

} // namespace jejak::server
