// SPDX-License-Identifier: Apache-2.0
#include "http_errors.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace jejak::server;
using jejak::shared::Error;
using jejak::shared::ErrorCode;

namespace {

constexpr ErrorCode kAllCodes[] = {
#define JEJAK_ERROR(name, code, transient, id, en) ErrorCode::name,
#include "jejak/shared/error_codes.def"
#undef JEJAK_ERROR
};

boost::json::object bodyOf(const HttpResponse& r) { return boost::json::parse(r.body).as_object(); }

} // namespace

TEST_CASE("http errors: every error code maps to a 4xx or 5xx status", "[server][http_errors]") {
    for (ErrorCode code : kAllCodes) {
        INFO(jejak::shared::codeString(code));
        const unsigned status = toHttpStatus(code);
        CHECK(status >= 400);
        CHECK(status <= 599);
        // A transient error must be one a client may retry: never a plain 400/422 input error.
        if (jejak::shared::isTransient(code)) {
            CHECK(status != 400);
            CHECK(status != 422);
        }
    }
}

TEST_CASE("http errors: spot checks of the status mapping", "[server][http_errors]") {
    CHECK(toHttpStatus(ErrorCode::NotTeamMember) == 422);
    CHECK(toHttpStatus(ErrorCode::DescriptionTooLong) == 422);
    CHECK(toHttpStatus(ErrorCode::NipFormat) == 422);
    CHECK(toHttpStatus(ErrorCode::BundleCycle) == 422);
    CHECK(toHttpStatus(ErrorCode::NotFound) == 404);
    CHECK(toHttpStatus(ErrorCode::NotAllowed) == 403);
    CHECK(toHttpStatus(ErrorCode::StaleDecision) == 409);
    CHECK(toHttpStatus(ErrorCode::InvalidTransition) == 409);
    CHECK(toHttpStatus(ErrorCode::StorageConstraint) == 409);
    CHECK(toHttpStatus(ErrorCode::EvidenceIncomplete) == 409);
    CHECK(toHttpStatus(ErrorCode::StorageBusy) == 503);
    CHECK(toHttpStatus(ErrorCode::StorageCorrupt) == 500);
    CHECK(toHttpStatus(ErrorCode::ProtocolVersion) == 426);
    CHECK(toHttpStatus(ErrorCode::AuthInvalidCredentials) == 401);
    CHECK(toHttpStatus(ErrorCode::AuthUnauthenticated) == 401);
    CHECK(toHttpStatus(ErrorCode::AuthThrottled) == 429);
    CHECK(toHttpStatus(ErrorCode::AuthForbidden) == 403);
    CHECK(toHttpStatus(ErrorCode::AuthAccountDisabled) == 403);
    CHECK(toHttpStatus(ErrorCode::JsonMalformed) == 400);
    CHECK(toHttpStatus(ErrorCode::JsonUnknownField) == 400);
    CHECK(toHttpStatus(ErrorCode::Internal) == 500);
    CHECK(toHttpStatus(ErrorCode::HttpBadRequest) == 400);
    CHECK(toHttpStatus(ErrorCode::HttpNotFoundRoute) == 404);
    CHECK(toHttpStatus(ErrorCode::HttpMethodNotAllowed) == 405);
    CHECK(toHttpStatus(ErrorCode::HttpTimeout) == 408);
    CHECK(toHttpStatus(ErrorCode::HttpPayloadTooLarge) == 413);
    CHECK(toHttpStatus(ErrorCode::HttpUnsupportedMediaType) == 415);
    CHECK(toHttpStatus(ErrorCode::HttpHeaderTooLarge) == 431);
    CHECK(toHttpStatus(ErrorCode::HttpTooManyConnections) == 503);
    CHECK(toHttpStatus(ErrorCode::HttpUpgradeRequired) == 426);
    CHECK(toHttpStatus(ErrorCode::ServerConfigInvalid) == 500);
    CHECK(toHttpStatus(ErrorCode::BlobDigestInvalid) == 400);
    CHECK(toHttpStatus(ErrorCode::BlobContentRangeInvalid) == 400);
    CHECK(toHttpStatus(ErrorCode::BlobMediaTypeInvalid) == 415);
    CHECK(toHttpStatus(ErrorCode::BlobTooLarge) == 413);
    CHECK(toHttpStatus(ErrorCode::BlobOffsetMismatch) == 409);
    CHECK(toHttpStatus(ErrorCode::BlobDeclarationMismatch) == 409);
    CHECK(toHttpStatus(ErrorCode::BlobNoThumbnail) == 404);
    CHECK(toHttpStatus(ErrorCode::BlobIo) == 503);
    CHECK(toHttpStatus(ErrorCode::EvidenceCorrupt) == 422);
}

TEST_CASE("http errors: error bodies carry code, field, message and transient", "[server][http_errors]") {
    const HttpResponse r = errorResponse(Error(ErrorCode::SkpItemNotOwned, "skpItemId", "item 7 is not yours"));
    CHECK(r.status == 422);
    CHECK(r.contentType == "application/json");
    const auto o = bodyOf(r);
    CHECK(o.size() == 4);
    CHECK(o.at("code") == "activity.skp_item_not_owned");
    CHECK(o.at("field") == "skpItemId");
    CHECK(o.at("message") == "item 7 is not yours");
    CHECK(o.at("transient") == false);
    CHECK_FALSE(r.headers.contains("Retry-After"));

    const HttpResponse busy = errorResponse(Error(ErrorCode::StorageBusy));
    CHECK(busy.status == 503);
    CHECK(bodyOf(busy).at("transient") == true);
    CHECK(bodyOf(busy).at("message") == "Database is busy, try again"); // registry text when no detail
    CHECK(busy.headers.find("retry-after") == "1");
    CHECK_FALSE(busy.headers.contains("WWW-Authenticate"));

    const HttpResponse unauthenticated = errorResponse(Error(ErrorCode::AuthUnauthenticated));
    CHECK(unauthenticated.status == 401);
    CHECK(unauthenticated.headers.find("WWW-Authenticate") == "Bearer");
}

TEST_CASE("http errors: builders", "[server][http_errors]") {
    const HttpResponse notAllowed = methodNotAllowed("POST", "GET, HEAD");
    CHECK(notAllowed.status == 405);
    CHECK(notAllowed.headers.find("Allow") == "GET, HEAD");
    CHECK(bodyOf(notAllowed).at("code") == "http.method_not_allowed");

    CHECK(bodyOf(notFound("/x")).at("code") == "http.not_found_route");
    CHECK(notFound("/x").status == 404);
    CHECK(bodyOf(payloadTooLarge(1024)).at("message") == "body exceeds 1024 bytes");
    CHECK(headerTooLarge(8192).status == 431);
    CHECK(bodyOf(unsupportedMediaType("text/plain", "application/json")).at("field") == "Content-Type");
    CHECK(requestTimeout().status == 408);
    CHECK(bodyOf(requestTimeout()).at("transient") == true);
    CHECK(tooManyConnections().status == 503);
    CHECK(tooManyConnections().headers.find("Retry-After") == "1");
    CHECK(badRequest("bad method").status == 400);
    CHECK(bodyOf(serverError("boom")).at("code") == "general.internal");
    CHECK(jsonResponse(201, "{}").status == 201);
}
