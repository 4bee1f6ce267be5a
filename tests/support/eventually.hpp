// SPDX-License-Identifier: Apache-2.0
// eventually(): polls a condition that another thread or process makes true.
#pragma once

#include <chrono>
#include <thread>

namespace jejak::testing {

/// Polls `predicate` every 10 ms until it holds; false once `timeout` has passed without it.
template <class Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace jejak::testing
