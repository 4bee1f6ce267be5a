// SPDX-License-Identifier: Apache-2.0
// Notifier: who is listening for their change feed to grow, and waking them when it does.
#pragma once

#include "jejak/shared/error.hpp"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// The bounds of a Notifier.
struct NotifierOptions {
    std::size_t maxPerNip = 8;     ///< subscriptions of one NIP at once (its devices)
    std::size_t maxTotal = 10'000; ///< subscriptions in all (the server's live connections)
};

/// Registry of live subscribers keyed by NIP. Storage calls notify() after a group commit with the NIPs
/// (audiences) that got new change rows and the group's highest seq; each subscriber of those NIPs is
/// woken so that it can tell its client to pull. Knows no sockets.
///
/// Coalescing: a subscriber has at most one pending wake. notify() calls `wake(seq)` only when none is
/// pending; further notifications until the subscriber calls Subscription::acknowledge() only raise the
/// seq that acknowledge() returns. A burst of commits thus costs one wake per subscriber, with the latest
/// seq, however slow the subscriber is.
///
/// Invariants: at most maxPerNip subscriptions per NIP and maxTotal in all; a subscriber is only woken for
/// a seq greater than any it was given before (by subscribe's initial seq, wake or acknowledge); for every
/// NIP ever subscribed or notified the registry remembers the highest seq notified (one entry per NIP, so
/// memory grows with the number of employees, not with traffic).
///
/// Thread-safety: every member function may be called from any thread. Wake callbacks run on the thread
/// that calls notify(), outside the registry's lock; they must not block (post to an executor instead).
class Notifier {
  public:
    /// Called with the latest seq notified for the subscriber's NIP when its feed grew and no wake was
    /// pending. Must not throw (an exception is swallowed and the wake counts as not delivered).
    using Wake = std::function<void(std::int64_t seq)>;

    class Subscription;

    explicit Notifier(NotifierOptions options = {})
        : m_options(options) {}
    /// Every Subscription must be gone first.
    ~Notifier() = default;
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;

    /// Subscribes `wake` to the change feed of `nip`. The subscription starts at the latest seq known for
    /// the NIP (Subscription::acknowledge() returns it until a newer one arrives). Errors:
    /// http.too_many_connections (transient) with field "nip" when the NIP has maxPerNip subscriptions,
    /// or field "maxLiveConnections" when maxTotal are open; general.invalid_argument when nip or wake is
    /// empty.
    [[nodiscard]] shared::Result<Subscription> subscribe(std::string_view nip, Wake wake);

    /// The feeds of `nips` grew up to `seq` (committed). Wakes each of their subscribers that has no wake
    /// pending and was not yet told of `seq`. A seq not above a subscriber's latest changes nothing for it.
    /// Duplicate NIPs are harmless. Never throws.
    void notify(const std::vector<std::string>& nips, std::int64_t seq) noexcept;

    /// The highest seq notified for `nip`; 0 when none.
    [[nodiscard]] std::int64_t latestSeq(std::string_view nip) const;
    /// Open subscriptions, in all or of one NIP.
    [[nodiscard]] std::size_t subscriptionCount() const;
    [[nodiscard]] std::size_t subscriptionCount(std::string_view nip) const;
    [[nodiscard]] const NotifierOptions& options() const noexcept { return m_options; }

  private:
    struct Entry;
    /// What the registry knows of one NIP.
    struct Audience {
        std::int64_t latest = 0;
        std::vector<std::shared_ptr<Entry>> subscribers;
    };

    void unsubscribe(const std::shared_ptr<Entry>& entry) noexcept;
    std::int64_t acknowledge(Entry& entry);
    void deliver(const std::shared_ptr<Entry>& entry, std::int64_t seq) noexcept;

    const NotifierOptions m_options;
    mutable std::mutex m_mutex; // guards everything below and every Entry's state
    std::condition_variable m_callEnded;
    std::map<std::string, Audience, std::less<>> m_audiences;
    std::size_t m_total = 0;
};

/// A subscriber's handle (RAII): destroying or resetting it unsubscribes. Move-only. The Notifier must
/// outlive it. Not thread-safe itself: one owner uses it (acknowledge() and reset() from one thread or
/// strand at a time).
class Notifier::Subscription {
  public:
    Subscription() = default;
    ~Subscription() { reset(); }
    Subscription(Subscription&& other) noexcept;
    Subscription& operator=(Subscription&& other) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    /// Unsubscribes. When it returns the wake callback is not running (on another thread) and will not be
    /// called again, so it may refer to objects that die right after. May be called from within the wake
    /// callback itself. Idempotent.
    void reset() noexcept;

    /// Ends the pending wake, if any, and returns the latest seq notified for the NIP (at least the one
    /// the subscription started at): the next notification of a greater seq calls wake again. A subscriber
    /// that never acknowledges is woken once only. 0 on an empty handle.
    std::int64_t acknowledge();

    [[nodiscard]] bool active() const noexcept { return m_entry != nullptr; }
    [[nodiscard]] explicit operator bool() const noexcept { return active(); }

  private:
    friend class Notifier;
    Subscription(Notifier& notifier, std::shared_ptr<Entry> entry)
        : m_notifier(&notifier)
        , m_entry(std::move(entry)) {}

    Notifier* m_notifier = nullptr;
    std::shared_ptr<Entry> m_entry;
};

} // namespace jejak::server
