// SPDX-License-Identifier: Apache-2.0
// Blocking WebSocket test client: upgrade handshake, masked frames out, frames (and fragments) in.
#include "support/ws_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace jejak::testing {
namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(std::max(n, 0)));
    return out;
}

/// Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)).
std::string acceptFor(std::string_view key) {
    const std::string text = std::string(key) + std::string(kAcceptGuid);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha1(), nullptr);
    return base64(digest.data(), size);
}

WsFrame::Kind kindOf(std::uint8_t opcode) {
    switch (opcode) {
    case 0x2:
        return WsFrame::Kind::Binary;
    case 0x8:
        return WsFrame::Kind::Close;
    case 0x9:
        return WsFrame::Kind::Ping;
    case 0xA:
        return WsFrame::Kind::Pong;
    default:
        return WsFrame::Kind::Text;
    }
}

} // namespace

WsClient::~WsClient() {
    close();
}

WsClient::WsClient(WsClient&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_open(std::exchange(other.m_open, false))
    , m_autoPong(other.m_autoPong)
    , m_in(std::move(other.m_in))
    , m_error(std::move(other.m_error)) {}

WsClient& WsClient::operator=(WsClient&& other) noexcept {
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
        m_open = std::exchange(other.m_open, false);
        m_autoPong = other.m_autoPong;
        m_in = std::move(other.m_in);
        m_error = std::move(other.m_error);
    }
    return *this;
}

void WsClient::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_open = false;
    m_in.clear();
}

std::optional<ClientResponse> WsClient::connect(const std::string& ip, std::uint16_t port,
                                                std::string_view target, const Headers& headers,
                                                std::chrono::milliseconds timeout) {
    close();
    std::signal(SIGPIPE, SIG_IGN);
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_fd < 0) {
        m_error = std::string("socket: ") + std::strerror(errno);
        return std::nullopt;
    }
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1 ||
        ::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        m_error = "connect to " + ip + ": " + std::strerror(errno);
        close();
        return std::nullopt;
    }

    std::array<unsigned char, 16> nonce{};
    RAND_bytes(nonce.data(), static_cast<int>(nonce.size()));
    const std::string key = base64(nonce.data(), nonce.size());
    std::string request = "GET " + std::string(target) + " HTTP/1.1\r\nHost: " + ip + ":" +
                          std::to_string(port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                          "\r\nSec-WebSocket-Version: 13\r\n";
    for (const auto& [name, value] : headers) {
        request += name + ": " + value + "\r\n";
    }
    request += "\r\n";
    if (!sendRaw(request)) {
        return std::nullopt;
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t headerEnd = 0;
    while ((headerEnd = m_in.find("\r\n\r\n")) == std::string::npos) {
        if (fill(deadline) <= 0) {
            return std::nullopt;
        }
    }
    ClientResponse response;
    const std::string head = m_in.substr(0, headerEnd + 2);
    m_in.erase(0, headerEnd + 4);
    std::size_t lineEnd = head.find("\r\n");
    const std::string statusLine = head.substr(0, lineEnd);
    if (statusLine.size() < 12 || !statusLine.starts_with("HTTP/1.1 ")) {
        m_error = "bad status line: " + statusLine;
        return std::nullopt;
    }
    response.status = static_cast<unsigned>(std::stoul(statusLine.substr(9, 3)));
    for (std::size_t at = lineEnd + 2; at < head.size(); at = lineEnd + 2) {
        lineEnd = head.find("\r\n", at);
        const std::string line = head.substr(at, lineEnd - at);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            response.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
        }
    }
    if (response.status == 101) {
        if (response.header("Sec-WebSocket-Accept") != acceptFor(key)) {
            m_error = "wrong Sec-WebSocket-Accept";
            return std::nullopt;
        }
        m_open = true;
        return response;
    }
    const std::string length = response.header("Content-Length");
    const std::size_t bodySize = length.empty() ? 0 : std::stoul(length);
    while (m_in.size() < bodySize) {
        if (fill(deadline) <= 0) {
            return std::nullopt;
        }
    }
    response.body = m_in.substr(0, bodySize);
    m_in.erase(0, bodySize);
    return response;
}

std::optional<WsFrame> WsClient::readFrame(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<WsFrame> message; // a fragmented data message being reassembled
    for (;;) {
        // Parse one frame from m_in when it is complete.
        std::size_t need = 2;
        std::uint64_t length = 0;
        bool complete = false;
        std::size_t headerSize = 2;
        if (m_in.size() >= 2) {
            const auto b1 = static_cast<unsigned char>(m_in[1]);
            length = b1 & 0x7FU;
            if (length == 126) {
                headerSize = 4;
            } else if (length == 127) {
                headerSize = 10;
            }
            if ((b1 & 0x80U) != 0) {
                headerSize += 4; // a server never masks, but parse it anyway
            }
            need = headerSize;
            if (m_in.size() >= headerSize) {
                if (headerSize >= 4 && (b1 & 0x7FU) == 126) {
                    length = (std::uint64_t{static_cast<unsigned char>(m_in[2])} << 8) |
                             static_cast<unsigned char>(m_in[3]);
                } else if ((b1 & 0x7FU) == 127) {
                    length = 0;
                    for (std::size_t i = 2; i < 10; ++i) {
                        length = (length << 8) | static_cast<unsigned char>(m_in[i]);
                    }
                }
                need = headerSize + static_cast<std::size_t>(length);
                complete = m_in.size() >= need;
            }
        }
        if (!complete) {
            if (fill(deadline) <= 0) {
                return std::nullopt;
            }
            continue;
        }
        const auto b0 = static_cast<unsigned char>(m_in[0]);
        const bool fin = (b0 & 0x80U) != 0;
        const auto opcode = static_cast<std::uint8_t>(b0 & 0x0FU);
        std::string payload = m_in.substr(headerSize, static_cast<std::size_t>(length));
        m_in.erase(0, need);

        if (opcode == 0x0) { // continuation
            if (!message) {
                m_error = "continuation without a message";
                return std::nullopt;
            }
            message->payload += payload;
            if (fin) {
                return message;
            }
            continue;
        }
        WsFrame frame;
        frame.kind = kindOf(opcode);
        if (frame.kind == WsFrame::Kind::Close) {
            frame.closeCode = 1005;
            if (payload.size() >= 2) {
                frame.closeCode = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                                             static_cast<unsigned char>(payload[1]));
                payload.erase(0, 2);
            }
            m_open = false;
        }
        frame.payload = std::move(payload);
        if (frame.kind == WsFrame::Kind::Ping && m_autoPong) {
            sendFrame(0xA, frame.payload);
        }
        if ((frame.kind == WsFrame::Kind::Text || frame.kind == WsFrame::Kind::Binary) && !fin) {
            message = std::move(frame);
            continue;
        }
        return frame;
    }
}

std::optional<WsFrame> WsClient::readMessage(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto frame = readFrame(std::chrono::milliseconds(remainingMs(deadline)));
        if (!frame || (frame->kind != WsFrame::Kind::Ping && frame->kind != WsFrame::Kind::Pong)) {
            return frame;
        }
    }
}

bool WsClient::sendText(std::string_view text) {
    return sendFrame(0x1, text);
}

bool WsClient::sendPing(std::string_view payload) {
    return sendFrame(0x9, payload);
}

bool WsClient::sendClose(std::uint16_t code) {
    const std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFFU)};
    return sendFrame(0x8, payload);
}

bool WsClient::sendFrame(std::uint8_t opcode, std::string_view payload) {
    std::string frame;
    frame.push_back(static_cast<char>(0x80U | opcode));
    if (payload.size() < 126) {
        frame.push_back(static_cast<char>(0x80U | payload.size()));
    } else if (payload.size() <= 0xFFFF) {
        frame.push_back(static_cast<char>(0x80U | 126U));
        frame.push_back(static_cast<char>(payload.size() >> 8));
        frame.push_back(static_cast<char>(payload.size() & 0xFFU));
    } else {
        frame.push_back(static_cast<char>(0x80U | 127U));
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame.push_back(static_cast<char>((payload.size() >> shift) & 0xFFU));
        }
    }
    std::array<unsigned char, 4> mask{};
    RAND_bytes(mask.data(), static_cast<int>(mask.size()));
    frame.append(reinterpret_cast<const char*>(mask.data()), mask.size());
    for (std::size_t i = 0; i < payload.size(); ++i) {
        frame.push_back(static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]));
    }
    return sendRaw(frame);
}

bool WsClient::waitForEof(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        m_in.clear();
        const int r = fill(deadline);
        if (r == 0) {
            m_open = false;
            return true;
        }
        if (r < 0) {
            return false;
        }
    }
}

bool WsClient::sendRaw(std::string_view bytes) {
    while (!bytes.empty()) {
        if (m_fd < 0) {
            m_error = "not connected";
            return false;
        }
        const long n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            m_error = std::string("send failed: ") + std::strerror(errno);
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

int WsClient::fill(std::chrono::steady_clock::time_point deadline) {
    if (m_fd < 0) {
        m_error = "not connected";
        return -1;
    }
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
    char buf[16384];
    const long n = ::recv(m_fd, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) {
        m_error = "closed";
        return 0;
    }
    if (n < 0) {
        m_error = std::string("recv: ") + std::strerror(errno);
        return -1;
    }
    m_in.append(buf, static_cast<std::size_t>(n));
    return 1;
}

} // namespace jejak::testing
