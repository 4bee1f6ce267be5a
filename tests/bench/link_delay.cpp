// SPDX-License-Identifier: Apache-2.0
// jejak_bench_delay: the delay of the link benchmark's shaped link (scripts/bench_sync.sh). The kernel has
// no netem, so packets sent to NFQUEUE queues by iptables are held here for a fixed time and then accepted,
// in arrival order.
//   jejak_bench_delay --delay-ms 150 --queue 0 [--queue 1 ...]
// Prints {"msg":"ready",...} once bound to every queue (add the iptables rules after that: a queue without
// a listener drops its packets), holds packets until SIGTERM or SIGINT, then accepts what it still holds
// and prints {"msg":"stopped","packets":N,"overruns":N}. Needs CAP_NET_ADMIN in the network namespace.
// Exit status: 0 done, 1 failed, 2 usage.
// glibc's network headers before the kernel's (linux/netfilter.h), which then skip what glibc defined.
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>

#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iostream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr std::uint32_t kQueueLength = 20000;
constexpr int kReceiveBuffer = 16 * 1024 * 1024;

volatile std::sig_atomic_t g_stop = 0;

void onSignal(int) { g_stop = 1; }

/// A packet held until `due`.
struct Held {
    nfq_q_handle* queue;
    std::uint32_t id;
    Clock::time_point due;
};

struct State {
    std::chrono::milliseconds delay{0};
    std::deque<Held> held; ///< in arrival order, so in `due` order (one delay for all)
    std::uint64_t packets = 0;
};

int onPacket(nfq_q_handle* queue, nfgenmsg*, nfq_data* data, void* context) {
    auto& state = *static_cast<State*>(context);
    const nfqnl_msg_packet_hdr* header = nfq_get_msg_packet_hdr(data);
    if (header == nullptr)
        return 0;
    state.held.push_back(Held{queue, ntohl(header->packet_id), Clock::now() + state.delay});
    state.packets += 1;
    return 0;
}

/// Accepts every held packet due by `now` (all of them when `all`).
void release(State& state, Clock::time_point now, bool all) {
    while (!state.held.empty() && (all || state.held.front().due <= now)) {
        const Held& packet = state.held.front();
        nfq_set_verdict(packet.queue, packet.id, NF_ACCEPT, 0, nullptr);
        state.held.pop_front();
    }
}

int usage(const std::string& problem) {
    std::cerr << "jejak_bench_delay: " << problem << "\n"
              << "usage: jejak_bench_delay --delay-ms MS --queue N [--queue N ...]\n";
    return kExitUsage;
}

bool parseNumber(const std::string& text, unsigned long& out) {
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    out = std::stoul(text);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    State state;
    std::vector<std::uint16_t> queueNumbers;
    bool haveDelay = false;
    for (int i = 1; i < argc; i += 2) {
        const std::string name = argv[i];
        unsigned long value = 0;
        if (i + 1 >= argc || !parseNumber(argv[i + 1], value))
            return usage(name + " needs a number");
        if (name == "--delay-ms" && value <= 60000) {
            state.delay = std::chrono::milliseconds(value);
            haveDelay = true;
        } else if (name == "--queue" && value <= 65535) {
            queueNumbers.push_back(static_cast<std::uint16_t>(value));
        } else {
            return usage("unknown or out-of-range option " + name);
        }
    }
    if (!haveDelay || queueNumbers.empty())
        return usage("--delay-ms and at least one --queue are needed");

    nfq_handle* handle = nfq_open();
    if (handle == nullptr) {
        std::cerr << "jejak_bench_delay: cannot open NFQUEUE: " << std::strerror(errno) << "\n";
        return kExitFailed;
    }
    std::vector<nfq_q_handle*> queues;
    for (const auto number : queueNumbers) {
        nfq_q_handle* queue = nfq_create_queue(handle, number, &onPacket, &state);
        if (queue == nullptr || nfq_set_mode(queue, NFQNL_COPY_META, 0) < 0 ||
            nfq_set_queue_maxlen(queue, kQueueLength) < 0) {
            std::cerr << "jejak_bench_delay: cannot bind queue " << number << ": " << std::strerror(errno) << "\n";
            nfq_close(handle);
            return kExitFailed;
        }
        queues.push_back(queue);
    }
    nfnl_rcvbufsiz(nfq_nfnlh(handle), kReceiveBuffer);
    const int fd = nfq_fd(handle);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::cout << "{\"msg\":\"ready\",\"delayMs\":" << state.delay.count() << ",\"queues\":" << queues.size() << "}"
              << std::endl;

    std::uint64_t overruns = 0;
    std::vector<char> buffer(1 << 16);
    while (g_stop == 0) {
        auto now = Clock::now();
        release(state, now, false);
        int timeout = 100;
        if (!state.held.empty()) {
            const auto wait = std::chrono::ceil<std::chrono::milliseconds>(state.held.front().due - now).count();
            timeout = static_cast<int>(std::max<long long>(0, std::min<long long>(wait, 100)));
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout) <= 0)
            continue;
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n < 0) {
            if (errno == ENOBUFS)
                overruns += 1; // the kernel dropped queue messages: those packets are lost, like on a link
            continue;
        }
        nfq_handle_packet(handle, buffer.data(), static_cast<int>(n));
    }
    release(state, Clock::now(), true);
    for (auto* queue : queues)
        nfq_destroy_queue(queue);
    nfq_close(handle);
    std::cout << "{\"msg\":\"stopped\",\"packets\":" << state.packets << ",\"overruns\":" << overruns << "}"
              << std::endl;
    return kExitOk;
}
