// SPDX-License-Identifier: Apache-2.0
// Protocol version negotiation and the wire form of errors.
#include "jejak/sync/protocol.hpp"

#include <charconv>

namespace jejak::sync {

using shared::Error;
using shared::ErrorCode;

shared::Result<int> checkProtocolVersion(std::string_view headerValue) {
    const std::string field(kProtocolHeader);
    if (headerValue.empty())
        return Error(ErrorCode::ProtocolVersion, field, "the request has no protocol version header");
    int version = 0;
    const auto* end = headerValue.data() + headerValue.size();
    const auto [stop, ec] = std::from_chars(headerValue.data(), end, version);
    if (ec != std::errc{} || stop != end)
        return Error(ErrorCode::ProtocolVersion, field,
                     "protocol version \"" + std::string(headerValue) + "\" is not a decimal integer");
    if (version < kMinProtocolVersion || version > kProtocolVersion)
        return Error(ErrorCode::ProtocolVersion, field,
                     "protocol version " + std::to_string(version) + " is not served; this server speaks " +
                         std::to_string(kMinProtocolVersion) + " to " + std::to_string(kProtocolVersion));
    return version;
}

ErrorBody toErrorBody(const Error& error) {
    return {std::string(shared::codeString(error.code)), error.field, error.message, error.transient};
}

Error toError(const ErrorBody& body) {
    ErrorCode code{};
    Error error = shared::parseErrorCode(body.code, code)
                      ? Error(code, body.field, body.message)
                      : Error(ErrorCode::Internal, body.field,
                              "unknown error code \"" + body.code + "\": " + body.message);
    error.transient = body.transient;
    return error;
}

} // namespace jejak::sync
