// SPDX-License-Identifier: Apache-2.0
// A small blocking HTTP/1.1 client over POSIX sockets (and OpenSSL for TLS) for integration tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace jejak::testing {

/// One parsed response.
struct ClientResponse {
    unsigned status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// The first header of this name (case-insensitive); empty when absent.
    [[nodiscard]] std::string header(std::string_view name) const;
};

/// One client connection. Writes exactly the bytes it is given (so tests can send malformed or partial
/// requests) and parses responses framed by Content-Length (or by the close of the connection).
/// Every wait is bounded by a timeout. Plain TCP, or TLS that verifies the server's certificate against a
/// given CA file and IP address. Not thread-safe.
class HttpClient {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&& other) noexcept;
    HttpClient& operator=(HttpClient&& other) noexcept;

    /// Connects over TCP to an IPv4 address. Empty on success, else the reason.
    std::string connect(const std::string& ip, std::uint16_t port);
    /// Connects and completes a TLS handshake, verifying the certificate against caFile for `ip`.
    std::string connectTls(const std::string& ip, std::uint16_t port, const std::string& caFile);

    /// Sends raw bytes; false when the connection refuses them.
    bool send(std::string_view bytes);
    /// Reads one response; nullopt when the connection ends or the timeout passes first (see lastError()).
    /// `bodyless`: the response to a HEAD request, whose Content-Length describes a body that is not sent.
    std::optional<ClientResponse> readResponse(std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                               bool bodyless = false);
    /// Sends a request (Host and Content-Length added) and reads its response (HEAD: without a body).
    std::optional<ClientResponse> request(std::string_view method, std::string_view target,
                                          std::string_view body = {}, const Headers& headers = {},
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// True when the peer closes the connection (EOF or reset) within the timeout; data meanwhile is dropped.
    bool waitForClose(std::chrono::milliseconds timeout);

    void close();
    [[nodiscard]] bool isOpen() const noexcept { return m_fd >= 0; }
    [[nodiscard]] const std::string& lastError() const noexcept { return m_error; }

private:
    /// Reads more bytes into m_in; 1 got data, 0 EOF, -1 error or timeout.
    int fill(std::chrono::steady_clock::time_point deadline);

    int m_fd = -1;
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    std::string m_in;
    std::string m_error;
};

} // namespace jejak::testing
