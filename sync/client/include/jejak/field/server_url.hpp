// SPDX-License-Identifier: Apache-2.0
// The server address the field client talks to, parsed once with Boost.URL.
#pragma once

#include "jejak/shared/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace jejak::field {

/// An absolute http or https URL split into what a connection needs.
struct ServerUrl {
    bool secure = false;     ///< https
    std::string host;        ///< a name or an IP literal (IPv6 without brackets)
    bool hostIsName = false; ///< a DNS name (TLS sends it as SNI and checks the certificate against it)
    std::uint16_t port = 0;  ///< the explicit port, else 80 or 443
    std::string target;      ///< path and query, "/" when the URL has none
    [[nodiscard]] std::string origin() const; ///< "http://host:port": connections are reused per origin
};

/// Parses `http://host[:port][/path][?query]` or https. ErrorCode::InvalidArgument with field `field` for
/// anything else (a relative URL, another scheme, user info, a fragment, a bad port).
[[nodiscard]] shared::Result<ServerUrl> parseServerUrl(std::string_view url, std::string_view field = "url");

} // namespace jejak::field
