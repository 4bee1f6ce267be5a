// SPDX-License-Identifier: Apache-2.0
// Connection set-up shared by the Beast transport and the live client: resolve, socket options
// (congestion control), connect, TLS handshake. Private to jejak_field_client; include only from its
// Beast translation units.
#pragma once

#include "jejak/field/beast_transport.hpp"
#include "jejak/field/server_url.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace jejak::field::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

/// A TLS client context that verifies the server's certificate (against caFile, else the system store).
/// nullptr and `error` set when the CA file cannot be loaded.
inline std::shared_ptr<ssl::context> makeTlsContext(const std::string& caFile, std::string& error) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    boost::system::error_code ec;
    if (caFile.empty()) {
        ctx->set_default_verify_paths(ec);
    } else {
        ctx->load_verify_file(caFile, ec);
    }
    if (ec) {
        error = "CA file '" + caFile + "': " + ec.message();
        return nullptr;
    }
    ctx->set_verify_mode(ssl::verify_peer);
    return ctx;
}

/// Resolves `url` and connects `stream` to the first address that answers, with TCP_NODELAY and the
/// configured congestion control set on each socket before it connects. On failure `detail` says why.
inline asio::awaitable<boost::system::error_code> connect(beast::tcp_stream& stream, const ServerUrl& url,
                                                          const NetOptions& options, std::string& detail) {
    boost::system::error_code ec;
    tcp::resolver resolver(stream.get_executor());
    const auto endpoints = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        detail = "resolve " + url.host;
        co_return ec;
    }
    for (const auto& entry : endpoints) {
        boost::system::error_code ignored;
        stream.socket().close(ignored);
        stream.socket().open(entry.endpoint().protocol(), ec);
        if (ec) {
            detail = "socket";
            continue;
        }
        stream.socket().set_option(tcp::no_delay(true), ignored);
        const std::string& cc = options.congestionControl;
        if (!cc.empty() && ::setsockopt(stream.socket().native_handle(), IPPROTO_TCP, TCP_CONGESTION,
                                        cc.data(), static_cast<socklen_t>(cc.size())) != 0) {
            ec = boost::system::error_code(errno, boost::system::system_category());
            detail = "congestion control '" + cc + "'";
            co_return ec; // the kernel refuses the name: every address would fail the same way
        }
        co_await stream.async_connect(entry.endpoint(), asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) {
            co_return ec;
        }
        detail = "connect " + url.origin();
        if (ec == beast::error::timeout) {
            co_return ec;
        }
    }
    co_return ec;
}

/// The TLS handshake of a connected stream: SNI and host name verification for a DNS name, IP address
/// verification for an IP literal.
inline asio::awaitable<boost::system::error_code> handshake(beast::ssl_stream<beast::tcp_stream>& stream,
                                                            const ServerUrl& url) {
    boost::system::error_code ec;
    // SSL_set_tlsext_host_name without its macro's C-style cast.
    if (url.hostIsName && ::SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                                     TLSEXT_NAMETYPE_host_name, const_cast<char*>(url.host.c_str())) != 1) {
        co_return boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                            asio::error::get_ssl_category());
    }
    stream.set_verify_callback(ssl::host_name_verification(url.host), ec);
    if (ec) {
        co_return ec;
    }
    co_await stream.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    co_return ec;
}

} // namespace jejak::field::net
