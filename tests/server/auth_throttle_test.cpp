// SPDX-License-Identifier: Apache-2.0
#include "auth/throttle.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using namespace std::chrono_literals;
using jejak::shared::Timestamp;

namespace {
const Timestamp kT0 = Timestamp(1'700'000'000'000ms);
}

TEST_CASE("throttle: five failures of a NIP in 15 minutes lock it until the oldest leaves",
          "[server][auth][throttle]") {
    LoginThrottle t;
    for (int i = 0; i < 4; ++i) {
        CHECK(t.retryAfter("nip-a", "10.0.0.1", kT0 + i * 1min) == 0s);
        t.recordFailure("nip-a", "10.0.0.1", kT0 + i * 1min);
    }
    CHECK(t.retryAfter("nip-a", "10.0.0.1", kT0 + 4min) == 0s);
    t.recordFailure("nip-a", "10.0.0.1", kT0 + 4min);
    // Locked until the first failure (kT0) is 15 minutes old, from any address; other NIPs are free.
    CHECK(t.retryAfter("nip-a", "10.0.0.1", kT0 + 5min) == 600s);
    CHECK(t.retryAfter("nip-a", "10.0.0.2", kT0 + 5min) == 600s);
    CHECK(t.retryAfter("nip-b", "10.0.0.2", kT0 + 5min) == 0s);
    CHECK(t.retryAfter("nip-a", "10.0.0.1", kT0 + 15min - 1ms) == 1s);
    CHECK(t.retryAfter("nip-a", "10.0.0.1", kT0 + 15min) == 0s);
    // One more failure then locks it again until the second-oldest leaves.
    t.recordFailure("nip-a", "10.0.0.1", kT0 + 15min);
    CHECK(t.retryAfter("nip-a", "10.0.0.1", kT0 + 15min) == 60s);
}

TEST_CASE("throttle: a success clears the NIP but not the address", "[server][auth][throttle]") {
    LoginThrottle t;
    for (int i = 0; i < 5; ++i) {
        t.recordFailure("nip-a", "10.0.0.1", kT0);
    }
    CHECK(t.retryAfter("nip-a", "10.0.0.9", kT0) > 0s);
    t.recordSuccess("nip-a");
    CHECK(t.retryAfter("nip-a", "10.0.0.9", kT0) == 0s);
}

TEST_CASE("throttle: twenty failures from one address lock it for every NIP", "[server][auth][throttle]") {
    LoginThrottle t;
    for (int i = 0; i < 20; ++i) {
        CHECK(t.retryAfter("nip-" + std::to_string(i), "10.0.0.1", kT0) == 0s);
        t.recordFailure("nip-" + std::to_string(i), "10.0.0.1", kT0);
    }
    CHECK(t.retryAfter("nip-new", "10.0.0.1", kT0) == 900s);
    CHECK(t.retryAfter("nip-new", "10.0.0.2", kT0) == 0s);
    t.recordSuccess("nip-new"); // a good password elsewhere does not unlock the address
    CHECK(t.retryAfter("nip-new", "10.0.0.1", kT0 + 1s) == 899s);
}

TEST_CASE("throttle: memory is bounded by the key limit", "[server][auth][throttle]") {
    ThrottleOptions options;
    options.maxTrackedKeys = 3;
    LoginThrottle t(options);
    for (int i = 0; i < 5; ++i) {
        t.recordFailure("victim", "a" + std::to_string(i), kT0);
    }
    CHECK(t.trackedKeys() == 4); // one NIP, three of the five addresses
    CHECK(t.retryAfter("victim", "z", kT0) > 0s);
    // Keys whose failures are all outside the window go first: the victim's expired entry makes room.
    t.recordFailure("x1", "b1", kT0 + 20min);
    t.recordFailure("x2", "b2", kT0 + 20min);
    t.recordFailure("x3", "b3", kT0 + 20min);
    CHECK(t.retryAfter("victim", "z", kT0 + 20min) == 0s);
    // When every key is live, the one with the oldest last failure is dropped.
    t.recordFailure("x4", "b4", kT0 + 21min);
    for (int i = 0; i < 5; ++i) {
        t.recordFailure("x4", "c" + std::to_string(i), kT0 + 21min);
    }
    CHECK(t.retryAfter("x4", "z", kT0 + 21min) > 0s);
    CHECK(t.trackedKeys() == 6);
}
