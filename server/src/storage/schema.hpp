// SPDX-License-Identifier: Apache-2.0
// The server database schema as numbered migrations (shared::sqlite::migrate).
#pragma once

#include "jejak/shared/sqlite.hpp"

#include <span>

namespace jejak::server {

/// The migrations of DIR/jejak.db, in order. Never edit a released migration: append a new one.
[[nodiscard]] std::span<const shared::sqlite::Migration> schemaMigrations() noexcept;

} // namespace jejak::server
