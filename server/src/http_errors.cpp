// SPDX-License-Identifier: Apache-2.0
// ErrorCode -> HTTP status and JSON error bodies (Boost.JSON).
#include "http_errors.hpp"

#include <boost/json.hpp>

#include <array>
#include <utility>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;

unsigned toHttpStatus(ErrorCode code) noexcept {
    // Codes whose status differs from their section's.
    switch (code) {
    case ErrorCode::InvalidArgument: return 422;
    case ErrorCode::Internal: return 500;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::EvidenceIncomplete: return 409;
    case ErrorCode::InvalidTransition: return 409;
    case ErrorCode::StaleDecision: return 409;
    case ErrorCode::NotAllowed: return 403;
    case ErrorCode::StorageBusy: return 503;
    case ErrorCode::StorageIo: return 503;
    case ErrorCode::StorageConstraint: return 409;
    case ErrorCode::ProtocolVersion: return 426;
    case ErrorCode::AuthInvalidCredentials: return 401;
    case ErrorCode::AuthUnauthenticated: return 401;
    case ErrorCode::AuthThrottled: return 429;
    case ErrorCode::AuthForbidden: return 403;
    case ErrorCode::AuthAccountDisabled: return 403;
    case ErrorCode::HttpBadRequest: return 400;
    case ErrorCode::HttpNotFoundRoute: return 404;
    case ErrorCode::HttpMethodNotAllowed: return 405;
    case ErrorCode::HttpTimeout: return 408;
    case ErrorCode::HttpPayloadTooLarge: return 413;
    case ErrorCode::HttpUnsupportedMediaType: return 415;
    case ErrorCode::HttpHeaderTooLarge: return 431;
    case ErrorCode::HttpTooManyConnections: return 503;
    case ErrorCode::HttpUpgradeRequired: return 426;
    case ErrorCode::BlobMediaTypeInvalid: return 415;
    case ErrorCode::BlobTooLarge: return 413;
    case ErrorCode::BlobOffsetMismatch: return 409;
    case ErrorCode::BlobDeclarationMismatch: return 409;
    case ErrorCode::BlobNoThumbnail: return 404;
    case ErrorCode::BlobIo: return 503;
    default: break;
    }
    // Everything else by section, so a code added to a known section maps sensibly without an edit here.
    static constexpr std::array<std::pair<std::string_view, unsigned>, 11> kSections{{
        {"json.", 400},
        {"text.", 400},
        {"nip.", 422},
        {"activity.", 422},
        {"evidence.", 422},
        {"review.", 422},
        {"rating.", 422},
        {"bundle.", 422},
        {"http.", 400},
        {"auth.", 403},
        {"blob.", 400},
    }};
    const std::string_view text = shared::codeString(code);
    for (const auto& [prefix, status] : kSections) {
        if (text.starts_with(prefix)) {
            return status;
        }
    }
    return 500; // storage.*, server.* and unknown sections: the server's fault, not the request's
}

HttpResponse jsonResponse(unsigned status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.contentType = "application/json";
    r.body = std::move(body);
    return r;
}

HttpResponse errorResponse(const Error& e) {
    boost::json::object o;
    o["code"] = shared::codeString(e.code);
    o["field"] = e.field;
    o["message"] = e.message.empty() ? shared::userMessage(e.code, shared::Language::English) : e.message;
    o["transient"] = e.transient;
    HttpResponse r = jsonResponse(toHttpStatus(e.code), boost::json::serialize(o));
    if (e.transient) {
        r.headers.set("Retry-After", "1");
    }
    if (r.status == 401) {
        r.headers.set("WWW-Authenticate", "Bearer"); // RFC 9110: every 401 names its scheme
    }
    return r;
}

HttpResponse badRequest(std::string detail) { return errorResponse(Error(ErrorCode::HttpBadRequest, {}, std::move(detail))); }

HttpResponse notFound(std::string_view path) {
    return errorResponse(Error(ErrorCode::HttpNotFoundRoute, "target", "no endpoint at " + std::string(path)));
}

HttpResponse methodNotAllowed(std::string_view method, std::string allow) {
    HttpResponse r = errorResponse(
        Error(ErrorCode::HttpMethodNotAllowed, "method", std::string(method) + " not allowed; allowed: " + allow));
    r.headers.set("Allow", std::move(allow));
    return r;
}

HttpResponse payloadTooLarge(std::size_t limit) {
    return errorResponse(
        Error(ErrorCode::HttpPayloadTooLarge, "body", "body exceeds " + std::to_string(limit) + " bytes"));
}

HttpResponse headerTooLarge(std::size_t limit) {
    return errorResponse(
        Error(ErrorCode::HttpHeaderTooLarge, "headers", "header block exceeds " + std::to_string(limit) + " bytes"));
}

HttpResponse unsupportedMediaType(std::string_view got, std::string_view expected) {
    return errorResponse(Error(ErrorCode::HttpUnsupportedMediaType, "Content-Type",
                               "got '" + std::string(got) + "', expected " + std::string(expected)));
}

HttpResponse requestTimeout() {
    return errorResponse(Error(ErrorCode::HttpTimeout, {}, "request not received within the read deadline"));
}

HttpResponse tooManyConnections() { return errorResponse(Error(ErrorCode::HttpTooManyConnections)); }

HttpResponse serverError(std::string detail) { return errorResponse(Error(ErrorCode::Internal, {}, std::move(detail))); }

} // namespace jejak::server
