// SPDX-License-Identifier: Apache-2.0
// Notifier: wakes by NIP, coalescing, caps, unsubscribe guarantees, concurrent use.
#include "notifier.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace jejak::server;
using jejak::shared::ErrorCode;
using namespace std::chrono_literals;

namespace {

const std::string kAni = "199106222015031012";
const std::string kBudi = "198410082009021003";
const std::string kCitra = "197608212001031005";

/// Records the seqs a wake callback was called with (thread-safe).
struct Wakes {
    std::mutex mutex;
    std::vector<std::int64_t> seqs;

    Notifier::Wake callback() {
        return [this](std::int64_t seq) {
            const std::lock_guard lock(mutex);
            seqs.push_back(seq);
        };
    }
    std::vector<std::int64_t> taken() {
        const std::lock_guard lock(mutex);
        return std::exchange(seqs, {});
    }
};

Notifier::Subscription subscribeOk(Notifier& notifier, const std::string& nip, Notifier::Wake wake) {
    auto s = notifier.subscribe(nip, std::move(wake));
    REQUIRE(s);
    return std::move(*s);
}

} // namespace

TEST_CASE("notifier: subscribers of a NIP are woken with the seq; others and the unsubscribed are not",
          "[server][notifier]") {
    Notifier notifier;
    Wakes phone;
    Wakes tablet;
    Wakes other;
    auto s1 = subscribeOk(notifier, kAni, phone.callback());
    auto s2 = subscribeOk(notifier, kAni, tablet.callback());
    auto s3 = subscribeOk(notifier, kBudi, other.callback());
    CHECK(notifier.subscriptionCount() == 3);
    CHECK(notifier.subscriptionCount(kAni) == 2);

    notifier.notify({kAni}, 5);
    CHECK(phone.taken() == std::vector<std::int64_t>{5});
    CHECK(tablet.taken() == std::vector<std::int64_t>{5});
    CHECK(other.taken().empty());
    CHECK(notifier.latestSeq(kAni) == 5);
    CHECK(notifier.latestSeq(kBudi) == 0);

    CHECK(s1.acknowledge() == 5);
    CHECK(s2.acknowledge() == 5);
    // One commit that touched both audiences (and names one twice).
    notifier.notify({kAni, kBudi, kAni}, 6);
    CHECK(phone.taken() == std::vector<std::int64_t>{6});
    CHECK(tablet.taken() == std::vector<std::int64_t>{6});
    CHECK(other.taken() == std::vector<std::int64_t>{6});

    s1.acknowledge();
    s2.reset();
    CHECK_FALSE(s2.active());
    CHECK(notifier.subscriptionCount(kAni) == 1);
    notifier.notify({kAni}, 7);
    CHECK(phone.taken() == std::vector<std::int64_t>{7});
    CHECK(tablet.taken().empty());
    CHECK(s2.acknowledge() == 0); // an empty handle

    {
        Notifier::Subscription moved = std::move(s3); // the handle moves; the subscription stays one
        CHECK(notifier.subscriptionCount(kBudi) == 1);
        CHECK_FALSE(s3.active()); // NOLINT(bugprone-use-after-move): a moved-from handle is empty
    }
    CHECK(notifier.subscriptionCount(kBudi) == 0);
    notifier.notify({kBudi}, 8);
    CHECK(other.taken().empty());
    CHECK(notifier.latestSeq(kBudi) == 8);
}

TEST_CASE("notifier: a burst leaves one pending wake and acknowledge returns the latest seq",
          "[server][notifier]") {
    Notifier notifier;
    Wakes wakes;
    auto s = subscribeOk(notifier, kAni, wakes.callback());

    notifier.notify({kAni}, 1);
    for (std::int64_t seq = 2; seq <= 50; ++seq) {
        notifier.notify({kAni}, seq);
    }
    CHECK(wakes.taken() == std::vector<std::int64_t>{1}); // pending since 1: the rest only raised the seq
    CHECK(s.acknowledge() == 50);
    CHECK(s.acknowledge() == 50); // nothing newer

    // Older or equal seqs (a late or repeated notification) wake nobody.
    notifier.notify({kAni}, 50);
    notifier.notify({kAni}, 12);
    CHECK(wakes.taken().empty());
    notifier.notify({kAni}, 51);
    CHECK(wakes.taken() == std::vector<std::int64_t>{51});
    // Without an acknowledge, no second wake however much the feed grows.
    notifier.notify({kAni}, 52);
    notifier.notify({kAni}, 53);
    CHECK(wakes.taken().empty());
    CHECK(s.acknowledge() == 53);
}

TEST_CASE("notifier: a subscription starts at the latest seq known for its NIP", "[server][notifier]") {
    Notifier notifier;
    notifier.notify({kAni}, 10); // nobody listens yet
    Wakes wakes;
    auto s = subscribeOk(notifier, kAni, wakes.callback());
    CHECK(s.acknowledge() == 10);
    notifier.notify({kAni}, 10);
    notifier.notify({kAni}, 9);
    CHECK(wakes.taken().empty());
    notifier.notify({kAni}, 11);
    CHECK(wakes.taken() == std::vector<std::int64_t>{11});
}

TEST_CASE("notifier: subscriptions are capped per NIP and in total", "[server][notifier]") {
    Notifier notifier(NotifierOptions{2, 3});
    Wakes wakes;
    auto a1 = subscribeOk(notifier, kAni, wakes.callback());
    auto a2 = subscribeOk(notifier, kAni, wakes.callback());

    auto a3 = notifier.subscribe(kAni, wakes.callback());
    REQUIRE_FALSE(a3);
    CHECK(a3.error().code == ErrorCode::HttpTooManyConnections);
    CHECK(a3.error().field == "nip");

    auto b1 = subscribeOk(notifier, kBudi, wakes.callback()); // the third of three
    auto c1 = notifier.subscribe(kCitra, wakes.callback());
    REQUIRE_FALSE(c1);
    CHECK(c1.error().code == ErrorCode::HttpTooManyConnections);
    CHECK(c1.error().field == "maxLiveConnections");
    CHECK(notifier.subscriptionCount() == 3);

    a2.reset(); // a device goes: both limits have room again
    CHECK(notifier.subscriptionCount() == 2);
    auto c2 = notifier.subscribe(kCitra, wakes.callback());
    CHECK(c2);
    CHECK(notifier.subscriptionCount() == 3);
    // Ani has room (one device), the server has none.
    auto a4 = notifier.subscribe(kAni, wakes.callback());
    REQUIRE_FALSE(a4);
    CHECK(a4.error().field == "maxLiveConnections");
}

TEST_CASE("notifier: a subscription needs a NIP and a callback", "[server][notifier]") {
    Notifier notifier;
    auto noNip = notifier.subscribe("", [](std::int64_t) {});
    REQUIRE_FALSE(noNip);
    CHECK(noNip.error().code == ErrorCode::InvalidArgument);
    CHECK(noNip.error().field == "nip");
    auto noWake = notifier.subscribe(kAni, Notifier::Wake{});
    REQUIRE_FALSE(noWake);
    CHECK(noWake.error().field == "wake");
    CHECK(notifier.subscriptionCount() == 0);
}

TEST_CASE("notifier: a wake that throws is tried again with the next notification", "[server][notifier]") {
    Notifier notifier;
    int calls = 0;
    std::vector<std::int64_t> delivered;
    auto s = subscribeOk(notifier, kAni, [&](std::int64_t seq) {
        if (++calls == 1) {
            throw std::runtime_error("queue full");
        }
        delivered.push_back(seq);
    });
    notifier.notify({kAni}, 1); // swallowed: notify never throws
    notifier.notify({kAni}, 2);
    CHECK(calls == 2);
    CHECK(delivered == std::vector<std::int64_t>{2});
}

TEST_CASE("notifier: reset waits for a wake running on another thread", "[server][notifier]") {
    Notifier notifier;
    std::mutex mutex;
    std::condition_variable changed;
    bool inside = false;
    bool release = false;
    bool returned = false;
    auto s = subscribeOk(notifier, kAni, [&](std::int64_t) {
        std::unique_lock lock(mutex);
        inside = true;
        changed.notify_all();
        changed.wait_for(lock, 10s, [&] { return release; });
        returned = true;
    });
    std::thread storage([&] { notifier.notify({kAni}, 1); });
    {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, 10s, [&] { return inside; }));
    }
    auto resetting = std::async(std::launch::async, [&] {
        s.reset();
        const std::lock_guard lock(mutex);
        return returned; // the callback finished before reset() returned
    });
    CHECK(resetting.wait_for(100ms) == std::future_status::timeout); // still waiting for the callback
    {
        const std::lock_guard lock(mutex);
        release = true;
        changed.notify_all();
    }
    CHECK(resetting.get());
    storage.join();
    CHECK(notifier.subscriptionCount() == 0);
}

TEST_CASE("notifier: a wake may end its own subscription", "[server][notifier]") {
    Notifier notifier;
    auto holder = std::make_shared<Notifier::Subscription>();
    int calls = 0;
    *holder = subscribeOk(notifier, kAni, [&calls, holder](std::int64_t) {
        ++calls;
        holder->reset(); // from inside the callback: must not wait for itself
    });
    notifier.notify({kAni}, 1);
    CHECK(calls == 1);
    CHECK(notifier.subscriptionCount() == 0);
    notifier.notify({kAni}, 2);
    CHECK(calls == 1);
}

TEST_CASE("notifier: concurrent notify, subscribe, acknowledge and unsubscribe", "[server][notifier]") {
    Notifier notifier(NotifierOptions{4, 64});
    const std::vector<std::string> nips{kAni, kBudi, kCitra};
    constexpr std::int64_t kLastSeq = 3000;

    // One steady subscriber per NIP, acknowledging every wake on its own thread like a session's strand.
    struct Steady {
        std::mutex mutex;
        std::condition_variable woken;
        int pending = 0;
        std::vector<std::int64_t> seen;
        Notifier::Subscription subscription;
    };
    std::vector<std::unique_ptr<Steady>> steady;
    for (const auto& nip : nips) {
        auto st = std::make_unique<Steady>();
        Steady* raw = st.get();
        st->subscription = subscribeOk(notifier, nip, [raw](std::int64_t) {
            const std::lock_guard lock(raw->mutex);
            ++raw->pending;
            raw->woken.notify_all();
        });
        steady.push_back(std::move(st));
    }
    std::atomic<bool> done{false};
    std::atomic<int> badPending{0};
    std::vector<std::thread> threads;
    for (auto& st : steady) {
        threads.emplace_back([&, raw = st.get()] {
            while (!done) {
                std::unique_lock lock(raw->mutex);
                if (!raw->woken.wait_for(lock, 5ms, [&] { return raw->pending > 0; })) {
                    continue;
                }
                if (raw->pending > 1) {
                    ++badPending; // a second wake before the first was acknowledged
                }
                raw->pending = 0;
                lock.unlock();
                const std::int64_t seq = raw->subscription.acknowledge();
                raw->seen.push_back(seq);
            }
        });
    }
    // Churning subscribers: devices connecting and leaving while commits are notified.
    std::atomic<int> churned{0};
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            while (!done) {
                auto s = notifier.subscribe(nips[static_cast<std::size_t>(t)], [](std::int64_t) {});
                if (s) {
                    s->acknowledge();
                    ++churned;
                }
            }
        });
    }
    // Two storage threads notifying interleaved seqs.
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
        writers.emplace_back([&, w] {
            for (std::int64_t seq = 1 + w; seq <= kLastSeq; seq += 2) {
                notifier.notify(
                    {nips[static_cast<std::size_t>(seq % 3)], nips[static_cast<std::size_t>((seq + 1) % 3)]},
                    seq);
            }
        });
    }
    for (auto& w : writers) {
        w.join();
    }
    // Every steady subscriber ends up acknowledging the last seq its NIP saw.
    for (std::size_t i = 0; i < steady.size(); ++i) {
        const std::int64_t latest = notifier.latestSeq(nips[i]);
        CHECK(latest >= kLastSeq - 2);
        bool caughtUp = false;
        for (int attempt = 0; attempt < 1000 && !caughtUp; ++attempt) {
            {
                const std::lock_guard lock(steady[i]->mutex);
                caughtUp = !steady[i]->seen.empty() && steady[i]->seen.back() == latest;
            }
            if (!caughtUp) {
                std::this_thread::sleep_for(5ms);
            }
        }
        CHECK(caughtUp);
    }
    done = true;
    for (auto& t : threads) {
        t.join();
    }
    CHECK(badPending == 0);
    CHECK(churned > 0);
    for (auto& st : steady) {
        CHECK(std::is_sorted(st->seen.begin(), st->seen.end()));
        st->subscription.reset();
    }
    CHECK(notifier.subscriptionCount() == 0);
}
