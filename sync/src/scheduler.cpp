// SPDX-License-Identifier: Apache-2.0
// Backoff (exponential, full jitter, seeded) and the SyncScheduler's thread.
#include "jejak/sync/engine.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace jejak::sync {

//---- Backoff

namespace {
/// splitmix64 (Steele, Lea, Flood 2014): a tiny seeded generator, good enough for jitter.
std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
} // namespace

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maxDelay, std::uint64_t seed)
    : m_initial(std::max(initial, std::chrono::milliseconds(0)))
    , m_max(std::max(maxDelay, std::chrono::milliseconds(0)))
    , m_state(seed) {}

std::chrono::milliseconds Backoff::next() {
    // initial * 2^attempts, capped at max (without overflowing on the way).
    auto cap = m_initial;
    for (int i = 0; i < m_attempts && cap < m_max; ++i)
        cap *= 2;
    cap = std::min(cap, m_max);
    ++m_attempts;
    const auto span = static_cast<std::uint64_t>(cap.count()) + 1;
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(splitmix64(m_state) % span));
}

void Backoff::reset() noexcept {
    m_attempts = 0;
}

int Backoff::attempts() const noexcept {
    return m_attempts;
}

//---- SyncScheduler

struct SyncScheduler::Impl {
    SyncEngine& engine;
    std::chrono::milliseconds interval;
    Backoff backoff;
    std::mutex mutex; ///< guards the flags below
    std::condition_variable wake;
    bool requested = false;
    bool online = true;
    bool stopping = false;
    std::thread thread; ///< last member: starts once the rest is built

    Impl(SyncEngine& e, std::chrono::milliseconds i, Backoff b)
        : engine(e)
        , interval(i)
        , backoff(b)
        , thread([this] { run(); }) {}

    void run() {
        std::unique_lock lock(mutex);
        auto delay = interval;
        while (!stopping) {
            const auto due = std::chrono::steady_clock::now() + delay;
            // Offline, only a request or coming back online wakes it; online, also the timer.
            while (!stopping && !(online && requested)) {
                if (online && wake.wait_until(lock, due) == std::cv_status::timeout)
                    break;
                if (!online)
                    wake.wait(lock);
            }
            if (stopping)
                return;
            if (!online)
                continue;
            requested = false;
            lock.unlock();
            const auto outcome = engine.syncOnce();
            lock.lock();
            if (!outcome && outcome.error().transient) {
                delay = backoff.next();
            } else {
                backoff.reset();
                delay = interval;
            }
        }
    }
};

SyncScheduler::SyncScheduler(SyncEngine& engine, std::chrono::milliseconds interval, Backoff backoff)
    : m_impl(std::make_unique<Impl>(engine, interval, backoff)) {}

SyncScheduler::~SyncScheduler() {
    {
        const std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    m_impl->thread.join();
}

void SyncScheduler::requestSync() {
    {
        const std::lock_guard lock(m_impl->mutex);
        m_impl->requested = true;
    }
    m_impl->wake.notify_all();
}

void SyncScheduler::setOnline(bool online) {
    {
        const std::lock_guard lock(m_impl->mutex);
        // Coming back online is a reason to sync at once.
        if (online && !m_impl->online)
            m_impl->requested = true;
        m_impl->online = online;
    }
    m_impl->wake.notify_all();
}

} // namespace jejak::sync
