// SPDX-License-Identifier: Apache-2.0
// The data directory shared by jejak-server and jejak-admin: DIR/jejak.db and DIR/blobs/.
#pragma once

#include "jejak/shared/error.hpp"

#include <string>
#include <string_view>

namespace jejak::server {

/// The database file's name inside the data directory.
inline constexpr std::string_view kDatabaseFileName = "jejak.db";

/// DIR/jejak.db.
[[nodiscard]] std::string databasePath(std::string_view dataDir);

/// Creates the data directory (and its parents) when missing. StorageIo naming the directory when it
/// cannot be created or exists as something other than a directory.
[[nodiscard]] shared::Result<void> ensureDataDir(std::string_view dataDir);

} // namespace jejak::server
