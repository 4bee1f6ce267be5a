// SPDX-License-Identifier: Apache-2.0
#include "link_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <string_view>

namespace jejak::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::string systemError(const std::string& what) { return what + ": " + std::strerror(errno); }

bool sendAll(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

/// Reads one HTTP message head (up to the blank line) into `head`, keeping what follows it in `buffer`.
/// False on EOF or error before a complete head, or a head over 64 KiB.
bool readHead(int fd, std::string& buffer, std::string& head) {
    char chunk[16384];
    for (;;) {
        const auto end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            head = buffer.substr(0, end + 4);
            buffer.erase(0, end + 4);
            return true;
        }
        if (buffer.size() > 65536)
            return false;
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

/// The Content-Length of a message head (0 when absent), or nullopt when malformed.
std::optional<std::uint64_t> contentLength(std::string_view head) {
    constexpr std::string_view kName = "\r\ncontent-length:";
    std::string lower(head);
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find(kName);
    if (at == std::string::npos)
        return 0;
    std::size_t p = at + kName.size();
    while (p < head.size() && head[p] == ' ')
        ++p;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(head.data() + p, head.data() + head.size(), value);
    if (ec != std::errc() || end == head.data() + p)
        return std::nullopt;
    return value;
}

/// Reads and drops `length` body bytes, the first of which may already be in `buffer`.
bool skipBody(int fd, std::string& buffer, std::uint64_t length) {
    const auto buffered = std::min<std::uint64_t>(length, buffer.size());
    buffer.erase(0, static_cast<std::size_t>(buffered));
    length -= buffered;
    char chunk[65536];
    while (length > 0) {
        const ssize_t n = ::recv(fd, chunk, static_cast<std::size_t>(std::min<std::uint64_t>(length, sizeof chunk)), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        length -= static_cast<std::uint64_t>(n);
    }
    return true;
}

sockaddr_in ipv4(const std::string& address, std::uint16_t port, bool& ok) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    ok = ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) == 1;
    return sa;
}

/// One keep-alive connection's share of an upload.
struct Lane {
    UploadReport report;
    std::string error;
};

void runLane(const UploadOptions& options, const std::vector<std::string>& files, std::atomic<std::size_t>& next,
             Lane& lane) {
    bool ok = false;
    sockaddr_in sa = ipv4(options.host, options.port, ok);
    if (!ok) {
        lane.error = "not an IPv4 address: " + options.host;
        return;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        lane.error = systemError("socket");
        return;
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    if (!options.congestion.empty() && ::setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, options.congestion.data(),
                                                    static_cast<socklen_t>(options.congestion.size())) != 0) {
        lane.error = systemError("setsockopt TCP_CONGESTION " + options.congestion);
        return;
    }
    const auto connectStart = Clock::now();
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        lane.error = systemError("connect " + options.host + ":" + std::to_string(options.port));
        return;
    }
    lane.report.connectMs = std::chrono::duration<double, std::milli>(Clock::now() - connectStart).count();
    char algorithm[32] = {};
    socklen_t nameLength = sizeof algorithm - 1;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, algorithm, &nameLength) == 0)
        lane.report.congestion = std::string(algorithm, ::strnlen(algorithm, nameLength));
    std::string buffer;
    std::string head;
    for (std::size_t i = next++; i < files.size(); i = next++) {
        const std::string request = "PUT /upload/" + std::to_string(i) + " HTTP/1.1\r\nHost: " + options.host +
                                    "\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                                    std::to_string(files[i].size()) + "\r\n\r\n";
        if (!sendAll(fd, request) || !sendAll(fd, files[i])) {
            lane.error = systemError("sending file " + std::to_string(i));
            return;
        }
        if (!readHead(fd, buffer, head)) {
            lane.error = "no answer to file " + std::to_string(i);
            return;
        }
        const auto length = contentLength(head);
        if (head.rfind("HTTP/1.1 200 ", 0) != 0 || !length || !skipBody(fd, buffer, *length)) {
            lane.error = "bad answer to file " + std::to_string(i) + ": " + head.substr(0, head.find('\r'));
            return;
        }
        lane.report.files += 1;
        lane.report.bytes += files[i].size();
    }
}

} // namespace

HttpSink::~HttpSink() { stop(); }

std::optional<std::string> HttpSink::start(const std::string& address, std::uint16_t port) {
    bool ok = false;
    sockaddr_in sa = ipv4(address, port, ok);
    if (!ok)
        return "not an IPv4 address: " + address;
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_listener < 0)
        return systemError("socket");
    const int one = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t size = sizeof sa;
    if (::bind(m_listener, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 || ::listen(m_listener, 64) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&sa), &size) != 0) {
        const auto reason = systemError("listen on " + address + ":" + std::to_string(port));
        ::close(m_listener);
        m_listener = -1;
        return reason;
    }
    m_port = ntohs(sa.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
    return std::nullopt;
}

void HttpSink::stop() {
    if (m_listener < 0 || m_stopping.exchange(true))
        return;
    ::shutdown(m_listener, SHUT_RDWR); // wakes accept()
    m_acceptor.join();
    ::close(m_listener);
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(m_mutex);
        for (const int fd : m_connections)
            ::shutdown(fd, SHUT_RDWR); // wakes recv(); the worker closes it
        workers.swap(m_workers);
    }
    for (auto& worker : workers)
        worker.join();
}

void HttpSink::acceptLoop() {
    while (!m_stopping) {
        const int fd = ::accept(m_listener, nullptr, nullptr);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return;
        }
        std::lock_guard lock(m_mutex);
        m_connections.push_back(fd);
        m_workers.emplace_back([this, fd] { serve(fd); });
    }
}

void HttpSink::serve(int fd) {
    std::string buffer;
    std::string head;
    while (readHead(fd, buffer, head)) {
        const auto length = contentLength(head);
        if (!length || !skipBody(fd, buffer, *length))
            break;
        m_bodyBytes += *length;
        m_requests += 1;
        const std::string body = "{\"received\":" + std::to_string(*length) + "}";
        const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                   std::to_string(body.size()) + "\r\n\r\n" + body;
        if (!sendAll(fd, answer))
            break;
    }
    std::lock_guard lock(m_mutex);
    std::erase(m_connections, fd);
    ::close(fd);
}

std::variant<UploadReport, std::string> uploadFiles(const UploadOptions& options,
                                                    const std::vector<std::string>& files) {
    using Result = std::variant<UploadReport, std::string>;
    if (options.connections == 0)
        return Result(std::in_place_index<1>, "at least one connection is needed");
    std::atomic<std::size_t> next{0};
    std::vector<Lane> lanes(options.connections);
    const auto start = Clock::now();
    {
        std::vector<std::jthread> threads;
        for (auto& lane : lanes)
            threads.emplace_back([&options, &files, &next, &lane] { runLane(options, files, next, lane); });
    }
    UploadReport report;
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    report.connectMs = lanes.front().report.connectMs;
    report.congestion = lanes.front().report.congestion;
    for (const auto& lane : lanes) {
        if (!lane.error.empty())
            return Result(std::in_place_index<1>, lane.error);
        report.files += lane.report.files;
        report.bytes += lane.report.bytes;
    }
    return Result(std::in_place_index<0>, report);
}

} // namespace jejak::bench
