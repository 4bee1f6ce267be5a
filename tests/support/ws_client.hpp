// SPDX-License-Identifier: Apache-2.0
// A small blocking WebSocket (RFC 6455) client over POSIX sockets for integration tests.
#pragma once

#include "support/http_client.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::testing {

/// One WebSocket frame (or a reassembled fragmented message) as received.
struct WsFrame {
    enum class Kind { Text, Binary, Close, Ping, Pong };
    Kind kind = Kind::Text;
    std::string payload;         ///< for Close: without the status code
    std::uint16_t closeCode = 0; ///< for Close: the status code, 1005 when the frame had none
};

/// One client connection over plain TCP. Sends the upgrade request itself (with any extra headers, so tests
/// can send a token or leave it out), checks Sec-WebSocket-Accept, masks what it sends, and hands every
/// frame to the test, control frames included: answering pings is a choice (autoPong), so a test can play
/// a client that never answers. Every wait is bounded by a timeout; a timeout leaves the connection usable.
/// Not thread-safe.
class WsClient {
  public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    WsClient() = default;
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;
    WsClient(WsClient&& other) noexcept;
    WsClient& operator=(WsClient&& other) noexcept;

    /// Connects to an IPv4 address, sends `GET target` as a WebSocket upgrade plus `headers`, and reads the
    /// answer. A 101 whose Sec-WebSocket-Accept matches opens the channel (isOpen()); any other answer is
    /// returned with its body and the connection stays as HTTP. nullopt when the connection fails or the
    /// answer does not come in time (see lastError()).
    std::optional<ClientResponse> connect(const std::string& ip, std::uint16_t port, std::string_view target,
                                          const Headers& headers = {},
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5));

    /// The next frame, whatever it is; nullopt when the connection ends (lastError() "closed") or the
    /// timeout passes first ("timeout"). With autoPong, a ping is answered before it is returned.
    std::optional<WsFrame> readFrame(std::chrono::milliseconds timeout);
    /// The next text, binary or close frame, skipping pings (answered when autoPong) and pongs.
    std::optional<WsFrame> readMessage(std::chrono::milliseconds timeout);

    bool sendText(std::string_view text);
    bool sendPing(std::string_view payload = {});
    /// A close frame with a status code (the reply to a server's close, or the client's own).
    bool sendClose(std::uint16_t code = 1000);
    /// A masked frame with the FIN bit set and the given opcode (0x1 text, 0x2 binary, 0x8 close, ...).
    bool sendFrame(std::uint8_t opcode, std::string_view payload);

    /// True when the server closes the TCP connection (EOF or reset) within the timeout; frames meanwhile
    /// are dropped.
    bool waitForEof(std::chrono::milliseconds timeout);

    /// Whether pings are answered with pongs (default true).
    void setAutoPong(bool on) noexcept { m_autoPong = on; }
    void close();
    [[nodiscard]] bool isOpen() const noexcept { return m_open; }
    [[nodiscard]] const std::string& lastError() const noexcept { return m_error; }

  private:
    /// Reads more bytes into m_in; 1 got data, 0 EOF, -1 error or timeout.
    int fill(std::chrono::steady_clock::time_point deadline);
    bool sendRaw(std::string_view bytes);

    int m_fd = -1;
    bool m_open = false;
    bool m_autoPong = true;
    std::string m_in;
    std::string m_error;
};

} // namespace jejak::testing
