// SPDX-License-Identifier: Apache-2.0
// Domain errors as HTTP: the one ErrorCode -> status mapping and the JSON error response builders.
#pragma once

#include "http_message.hpp"

#include "jejak/shared/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace jejak::server {

/// The HTTP status for a domain error code; always 4xx or 5xx. The single place where this mapping lives:
/// validation and rule failures -> 422, malformed input -> 400, unknown record -> 404, not allowed -> 403,
/// state conflicts and stale decisions -> 409, no or invalid session and wrong credentials -> 401, too many
/// failed logins -> 429, busy or unreachable storage -> 503, old protocol -> 426,
/// transport errors -> their own status (404, 405, 408, 413, 415, 426, 431, 503), internal faults -> 500.
[[nodiscard]] unsigned toHttpStatus(shared::ErrorCode code) noexcept;

/// `{"code": "...", "field": "...", "message": "...", "transient": bool}` with toHttpStatus(e.code).
/// An empty e.message is replaced by the registry's English message. Transient errors carry Retry-After: 1
/// (a caller that knows better sets its own); 401 answers carry WWW-Authenticate: Bearer.
[[nodiscard]] HttpResponse errorResponse(const shared::Error& e);

/// A JSON response with the given status and serialized body.
[[nodiscard]] HttpResponse jsonResponse(unsigned status, std::string body);

//---- Builders for the errors the transport and the router produce
/// 400 http.bad_request; `detail` says what was malformed.
[[nodiscard]] HttpResponse badRequest(std::string detail);
/// 404 http.not_found_route for the given path.
[[nodiscard]] HttpResponse notFound(std::string_view path);
/// 405 http.method_not_allowed with the Allow header (e.g. "GET, POST").
[[nodiscard]] HttpResponse methodNotAllowed(std::string_view method, std::string allow);
/// 413 http.payload_too_large naming the limit in bytes.
[[nodiscard]] HttpResponse payloadTooLarge(std::size_t limit);
/// 431 http.header_too_large naming the limit in bytes.
[[nodiscard]] HttpResponse headerTooLarge(std::size_t limit);
/// 415 http.unsupported_media_type; `expected` is the media type the endpoint accepts.
[[nodiscard]] HttpResponse unsupportedMediaType(std::string_view got, std::string_view expected);
/// 408 http.timeout: the request did not arrive within the read deadline.
[[nodiscard]] HttpResponse requestTimeout();
/// 503 http.too_many_connections.
[[nodiscard]] HttpResponse tooManyConnections();
/// 500 general.internal; `detail` goes to the message (never secrets or stack traces).
[[nodiscard]] HttpResponse serverError(std::string detail);

} // namespace jejak::server
