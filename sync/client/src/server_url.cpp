// SPDX-License-Identifier: Apache-2.0
// Server URL parsing with Boost.URL.
#include "jejak/field/server_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>

namespace jejak::field {

using shared::Error;
using shared::ErrorCode;

std::string ServerUrl::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(secure ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
           std::to_string(port);
}

shared::Result<ServerUrl> parseServerUrl(std::string_view url, std::string_view field) {
    const auto bad = [&](std::string why) {
        return Error(ErrorCode::InvalidArgument, std::string(field), "'" + std::string(url) + "': " + why);
    };
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) {
        return bad("not an absolute URL");
    }
    const boost::urls::url_view& u = *parsed;
    ServerUrl out;
    if (u.scheme() == "https") {
        out.secure = true;
    } else if (u.scheme() != "http") {
        return bad("the scheme must be http or https");
    }
    if (u.has_userinfo() || u.has_fragment()) {
        return bad("user info and fragments are not allowed");
    }
    switch (u.host_type()) {
    case boost::urls::host_type::name:
        out.hostIsName = true;
        out.host = u.host_name();
        break;
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
        out.host = u.host_address(); // without the brackets of an IPv6 literal
        break;
    default:
        return bad("no host");
    }
    if (out.host.empty()) {
        return bad("no host");
    }
    out.port = out.secure ? 443 : 80;
    if (u.has_port()) {
        const std::string_view port = u.port();
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
            return bad("bad port");
        }
        out.port = static_cast<std::uint16_t>(value);
    }
    out.target = u.encoded_path();
    if (out.target.empty()) {
        out.target = "/";
    }
    if (u.has_query()) {
        out.target += "?" + std::string(u.encoded_query());
    }
    return out;
}

} // namespace jejak::field
