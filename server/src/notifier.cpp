// SPDX-License-Identifier: Apache-2.0
// The subscriber registry behind live notifications: caps, coalesced wakes, safe unsubscribe.
#include "notifier.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;

namespace {

/// The entry whose wake callback this thread is running (nullptr when none), so that a subscription reset
/// from inside its own callback does not wait for itself.
thread_local const void* tWaking = nullptr;

} // namespace

/// One subscriber. `nip` and `wake` never change; the rest is guarded by the Notifier's mutex.
struct Notifier::Entry {
    Entry(std::string entryNip, Wake entryWake, std::int64_t start)
        : nip(std::move(entryNip))
        , wake(std::move(entryWake))
        , latest(start) {}

    const std::string nip;
    const Wake wake;
    std::int64_t latest;  ///< highest seq notified since subscribing (or the NIP's latest then)
    bool pending = false; ///< wake was called and not yet acknowledged
    bool closed = false;  ///< unsubscribed
    int calls = 0;        ///< wake calls running now
};

shared::Result<Notifier::Subscription> Notifier::subscribe(std::string_view nip, Wake wake) {
    if (nip.empty() || !wake) {
        return Error(ErrorCode::InvalidArgument, nip.empty() ? "nip" : "wake",
                     "a subscription needs a NIP and a wake callback");
    }
    const std::lock_guard lock(m_mutex);
    if (m_total >= m_options.maxTotal) {
        return Error(ErrorCode::HttpTooManyConnections, "maxLiveConnections",
                     "the server has " + std::to_string(m_total) + " live connections, its limit");
    }
    auto found = m_audiences.find(nip);
    if (found == m_audiences.end()) {
        found = m_audiences.emplace(std::string(nip), Audience{}).first;
    }
    Audience& audience = found->second;
    if (audience.subscribers.size() >= m_options.maxPerNip) {
        return Error(ErrorCode::HttpTooManyConnections, "nip",
                     "this NIP already has " + std::to_string(audience.subscribers.size()) +
                         " live connections, its limit");
    }
    auto entry = std::make_shared<Entry>(std::string(nip), std::move(wake), audience.latest);
    audience.subscribers.push_back(entry);
    ++m_total;
    return Subscription(*this, std::move(entry));
}

void Notifier::notify(const std::vector<std::string>& nips, std::int64_t seq) noexcept {
    std::vector<std::shared_ptr<Entry>> toWake;
    try {
        const std::lock_guard lock(m_mutex);
        for (const std::string& nip : nips) {
            auto found = m_audiences.find(nip);
            if (found == m_audiences.end()) {
                found = m_audiences.emplace(nip, Audience{}).first;
            }
            Audience& audience = found->second;
            audience.latest = std::max(audience.latest, seq);
            for (const auto& entry : audience.subscribers) {
                if (seq <= entry->latest) {
                    continue;
                }
                entry->latest = seq;
                if (!entry->pending) {
                    toWake.push_back(entry); // first: if it throws, nothing is marked
                    entry->pending = true;
                    ++entry->calls;
                }
            }
        }
    } catch (const std::exception&) {
        // Out of memory while recording: the entries already marked are still woken below; the others
        // learn of the change with the next notification (or pull on their own).
    }
    for (const auto& entry : toWake) {
        deliver(entry, seq);
    }
}

void Notifier::deliver(const std::shared_ptr<Entry>& entry, std::int64_t seq) noexcept {
    const void* outer = tWaking;
    tWaking = entry.get();
    bool delivered = true;
    try {
        entry->wake(seq);
    } catch (...) {
        delivered = false;
    }
    tWaking = outer;
    const std::lock_guard lock(m_mutex);
    if (!delivered) {
        entry->pending = false; // the next notification tries again
    }
    if (--entry->calls == 0) {
        m_callEnded.notify_all();
    }
}

std::int64_t Notifier::acknowledge(Entry& entry) {
    const std::lock_guard lock(m_mutex);
    entry.pending = false;
    return entry.latest;
}

void Notifier::unsubscribe(const std::shared_ptr<Entry>& entry) noexcept {
    std::unique_lock lock(m_mutex);
    if (!entry->closed) {
        entry->closed = true;
        auto found = m_audiences.find(entry->nip);
        if (found != m_audiences.end()) {
            auto& subscribers = found->second.subscribers;
            subscribers.erase(std::remove(subscribers.begin(), subscribers.end(), entry), subscribers.end());
        }
        --m_total;
    }
    // A call of this entry's wake on this very thread (the callback resets its own subscription) is not
    // waited for: it is the caller.
    const int own = tWaking == entry.get() ? 1 : 0;
    m_callEnded.wait(lock, [&] { return entry->calls <= own; });
}

std::int64_t Notifier::latestSeq(std::string_view nip) const {
    const std::lock_guard lock(m_mutex);
    const auto found = m_audiences.find(nip);
    return found == m_audiences.end() ? 0 : found->second.latest;
}

std::size_t Notifier::subscriptionCount() const {
    const std::lock_guard lock(m_mutex);
    return m_total;
}

std::size_t Notifier::subscriptionCount(std::string_view nip) const {
    const std::lock_guard lock(m_mutex);
    const auto found = m_audiences.find(nip);
    return found == m_audiences.end() ? 0 : found->second.subscribers.size();
}

//---- Subscription

Notifier::Subscription::Subscription(Subscription&& other) noexcept
    : m_notifier(std::exchange(other.m_notifier, nullptr))
    , m_entry(std::move(other.m_entry)) {}

Notifier::Subscription& Notifier::Subscription::operator=(Subscription&& other) noexcept {
    if (this != &other) {
        reset();
        m_notifier = std::exchange(other.m_notifier, nullptr);
        m_entry = std::move(other.m_entry);
    }
    return *this;
}

void Notifier::Subscription::reset() noexcept {
    if (m_entry) {
        m_notifier->unsubscribe(m_entry);
        m_entry.reset();
        m_notifier = nullptr;
    }
}

std::int64_t Notifier::Subscription::acknowledge() {
    return m_entry ? m_notifier->acknowledge(*m_entry) : 0;
}

} // namespace jejak::server
