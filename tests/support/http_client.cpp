// SPDX-License-Identifier: Apache-2.0
// Blocking test client: sockets, OpenSSL handshake with verification, response parsing.
#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <utility>

namespace jejak::testing {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

} // namespace

std::string ClientResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equalsIgnoreCase(key, name)) {
            return value;
        }
    }
    return {};
}

HttpClient::HttpClient() { std::signal(SIGPIPE, SIG_IGN); }

HttpClient::~HttpClient() { close(); }

HttpClient::HttpClient(HttpClient&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_ctx(std::exchange(other.m_ctx, nullptr))
    , m_ssl(std::exchange(other.m_ssl, nullptr))
    , m_in(std::move(other.m_in))
    , m_error(std::move(other.m_error)) {}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept {
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
        m_ctx = std::exchange(other.m_ctx, nullptr);
        m_ssl = std::exchange(other.m_ssl, nullptr);
        m_in = std::move(other.m_in);
        m_error = std::move(other.m_error);
    }
    return *this;
}

void HttpClient::close() {
    if (m_ssl != nullptr) {
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    if (m_ctx != nullptr) {
        SSL_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_in.clear();
}

std::string HttpClient::connect(const std::string& ip, std::uint16_t port) {
    close();
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0) {
        return m_error = std::string("socket: ") + std::strerror(errno);
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) {
        close();
        return m_error = "bad IPv4 address " + ip;
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        m_error = std::string("connect: ") + std::strerror(errno);
        close();
        return m_error;
    }
    return {};
}

std::string HttpClient::connectTls(const std::string& ip, std::uint16_t port, const std::string& caFile) {
    if (auto err = connect(ip, port); !err.empty()) {
        return err;
    }
    const auto failTls = [this](std::string what) {
        const unsigned long code = ERR_get_error();
        char buf[256] = {};
        ERR_error_string_n(code, buf, sizeof buf);
        m_error = what + ": " + buf;
        close();
        return m_error;
    };
    m_ctx = SSL_CTX_new(TLS_client_method());
    if (m_ctx == nullptr) {
        return failTls("SSL_CTX_new");
    }
    if (SSL_CTX_load_verify_locations(m_ctx, caFile.c_str(), nullptr) != 1) {
        return failTls("load CA " + caFile);
    }
    SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
    m_ssl = SSL_new(m_ctx);
    if (m_ssl == nullptr || SSL_set_fd(m_ssl, m_fd) != 1) {
        return failTls("SSL_new");
    }
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), ip.c_str());
    if (SSL_connect(m_ssl) != 1) {
        return failTls("TLS handshake");
    }
    if (SSL_get_verify_result(m_ssl) != X509_V_OK) {
        return failTls("certificate verification");
    }
    return {};
}

bool HttpClient::send(std::string_view bytes) {
    while (!bytes.empty() && m_fd >= 0) {
        long n = 0;
        if (m_ssl != nullptr) {
            n = SSL_write(m_ssl, bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), 1 << 20)));
        } else {
            n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        }
        if (n <= 0) {
            if (n < 0 && errno == EINTR && m_ssl == nullptr) continue;
            m_error = std::string("send failed: ") + std::strerror(errno);
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return m_fd >= 0;
}

int HttpClient::fill(std::chrono::steady_clock::time_point deadline) {
    if (m_fd < 0) {
        m_error = "not connected";
        return -1;
    }
    if (m_ssl == nullptr || SSL_pending(m_ssl) == 0) {
        pollfd p{m_fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, remainingMs(deadline));
        if (ready == 0) {
            m_error = "timeout";
            return -1;
        }
        if (ready < 0) {
            m_error = std::string("poll: ") + std::strerror(errno);
            return -1;
        }
    }
    char buf[16384];
    long n = 0;
    if (m_ssl != nullptr) {
        n = SSL_read(m_ssl, buf, sizeof buf);
        if (n <= 0) {
            const int err = SSL_get_error(m_ssl, static_cast<int>(n));
            if (err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL) {
                m_error = "closed";
                return 0;
            }
            m_error = "SSL_read failed";
            return -1;
        }
    } else {
        n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n == 0) {
            m_error = "closed";
            return 0;
        }
        if (n < 0) {
            m_error = std::string("recv: ") + std::strerror(errno);
            return errno == ECONNRESET ? 0 : -1;
        }
    }
    m_in.append(buf, static_cast<std::size_t>(n));
    return 1;
}

std::optional<ClientResponse> HttpClient::readResponse(std::chrono::milliseconds timeout, bool bodyless) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t headerEnd = 0;
    while ((headerEnd = m_in.find("\r\n\r\n")) == std::string::npos) {
        if (fill(deadline) <= 0) {
            return std::nullopt;
        }
    }
    ClientResponse r;
    const std::string head = m_in.substr(0, headerEnd);
    m_in.erase(0, headerEnd + 4);
    std::size_t lineEnd = head.find("\r\n");
    const std::string statusLine = head.substr(0, lineEnd);
    if (statusLine.size() < 12 || !statusLine.starts_with("HTTP/1.")) {
        m_error = "bad status line: " + statusLine;
        return std::nullopt;
    }
    r.status = static_cast<unsigned>(std::stoul(statusLine.substr(9, 3)));
    while (lineEnd != std::string::npos) {
        const std::size_t start = lineEnd + 2;
        lineEnd = head.find("\r\n", start);
        const std::string line = head.substr(start, lineEnd == std::string::npos ? std::string::npos : lineEnd - start);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            r.headers.emplace_back(line.substr(0, colon), trim(std::string_view(line).substr(colon + 1)));
        }
    }
    if (r.status / 100 == 1 || r.status == 204 || r.status == 304 || bodyless) {
        return r; // no body follows
    }
    const std::string length = r.header("Content-Length");
    if (!length.empty()) {
        const std::size_t n = std::stoul(length);
        while (m_in.size() < n) {
            if (fill(deadline) <= 0) {
                m_error = "body truncated: " + m_error;
                return std::nullopt;
            }
        }
        r.body = m_in.substr(0, n);
        m_in.erase(0, n);
    } else {
        while (fill(deadline) > 0) {
        }
        r.body = std::move(m_in);
        m_in.clear();
    }
    return r;
}

std::optional<ClientResponse> HttpClient::request(std::string_view method, std::string_view target,
                                                  std::string_view body, const Headers& headers,
                                                  std::chrono::milliseconds timeout) {
    std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : headers) {
        text += name + ": " + value + "\r\n";
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    text += "\r\n";
    text += body;
    if (!send(text)) {
        return std::nullopt;
    }
    return readResponse(timeout, method == "HEAD");
}

bool HttpClient::waitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        m_in.clear();
        const int got = fill(deadline);
        if (got == 0) {
            return true;
        }
        if (got < 0) {
            return false;
        }
    }
}

} // namespace jejak::testing
