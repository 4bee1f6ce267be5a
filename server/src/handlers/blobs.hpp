// SPDX-License-Identifier: Apache-2.0
// Evidence blob endpoints: offset query, chunked upload (Content-Range), download and thumbnail.
#pragma once

#include "app_state.hpp"
#include "caller.hpp"
#include "http_message.hpp"
#include "router.hpp"

#include "jejak/shared/error.hpp"

#include <cstdint>
#include <string_view>

namespace jejak::server {

/// `Content-Range: bytes START-END/TOTAL` of a chunk: bytes START..END (inclusive) of a TOTAL-byte blob.
struct ContentRange {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t total = 0;
};

/// Parses a Content-Range value strictly: the unit "bytes" (any case), one space, then decimal numbers
/// (at most 18 digits, no signs or spaces) with START <= END < TOTAL. Fails with
/// blob.content_range_invalid ("Content-Range"); the unsatisfied form `bytes */TOTAL` is refused too.
[[nodiscard]] shared::Result<ContentRange> parseContentRange(std::string_view value);

// Each handler answers errors as JSON error bodies (errorResponse); an invalid {sha256} path parameter
// is 400 blob.digest_invalid. They run on network threads and use only state.blobs and the hooks.

/// GET /v1/blobs/{sha256}: the offset query. 200 with the BlobStatus JSON (sync protocol): for a blob the
/// server has never seen, size 0, received 0, complete false. A status with received == size and
/// complete false means the last chunk arrived but its completion was interrupted: sending any chunk of
/// the blob again completes it. Any authenticated caller may ask (a digest reveals nothing new).
[[nodiscard]] HttpResponse handleBlobStatus(const HttpRequest& request, const RouteParams& params,
                                            AppState& state, const Caller& caller);

/// PUT /v1/blobs/{sha256} with `Content-Range: bytes START-END/TOTAL`, `Content-Type: <evidence media
/// type>` and bytes START..END as the body (at most state.maxBlobChunkBytes, else 413
/// http.payload_too_large from the transport). 200 with the BlobStatus after the chunk; complete once the
/// blob passed its checks; an already complete blob answers its status and its body is not stored.
/// Errors: 415 blob.media_type_invalid ("Content-Type": missing or not an evidence type); 400
/// blob.content_range_invalid ("Content-Range": missing, malformed, length differs from the body's);
/// 413 blob.too_large (TOTAL over the limit of state.evidencePolicy(caller), default shared::Policy);
/// 409 blob.declaration_mismatch; 409 blob.offset_mismatch (transient) with the header `Upload-Offset:
/// <bytes held>` where the client resumes; 422 evidence.corrupt (digest or type wrong: the upload is
/// discarded); 503 blob.io. Any authenticated caller may upload; the caller whose chunk completes the blob
/// is recorded as its uploader (Storage::recordBlobUpload), who may download it.
[[nodiscard]] HttpResponse handleBlobUpload(const HttpRequest& request, const RouteParams& params,
                                            AppState& state, const Caller& caller);

/// GET /v1/blobs/{sha256}/content: the complete blob with its media type as Content-Type, an ETag of the
/// digest, `Cache-Control: private, max-age=31536000, immutable` and `X-Content-Type-Options: nosniff`.
/// 403 review.not_allowed unless state.canReadBlob(caller, sha256) (unset: nobody); 404
/// general.not_found when not complete.
[[nodiscard]] HttpResponse handleBlobContent(const HttpRequest& request, const RouteParams& params,
                                             AppState& state, const Caller& caller);

/// GET /v1/blobs/{sha256}/thumbnail: a JPEG of at most kThumbnailEdge pixels on its long edge
/// (BlobStore::thumbnail), cacheable like the content. Same authorization as the content; 404
/// blob.no_thumbnail for attachments.
[[nodiscard]] HttpResponse handleBlobThumbnail(const HttpRequest& request, const RouteParams& params,
                                               AppState& state, const Caller& caller);

} // namespace jejak::server
