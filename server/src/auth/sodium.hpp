// SPDX-License-Identifier: Apache-2.0
// libsodium start-up, shared by the password and token code.
#pragma once

#include "jejak/shared/error.hpp"

namespace jejak::server {

/// Initialises libsodium once per process (sodium_init; safe to call from any thread, any number of
/// times). Fails with general.internal when the library cannot start (no usable random source).
[[nodiscard]] shared::Result<void> ensureSodium() noexcept;

} // namespace jejak::server
