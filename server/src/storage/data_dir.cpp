// SPDX-License-Identifier: Apache-2.0
// The data directory's layout and creation.
#include "storage/data_dir.hpp"

#include <filesystem>
#include <system_error>

namespace jejak::server {

std::string databasePath(std::string_view dataDir) {
    return (std::filesystem::path(dataDir) / kDatabaseFileName).string();
}

shared::Result<void> ensureDataDir(std::string_view dataDir) {
    const std::filesystem::path dir(dataDir);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (!ec && !std::filesystem::is_directory(dir, ec))
        return shared::Error(shared::ErrorCode::StorageIo, std::string(dataDir),
                             "the data directory is not a directory");
    if (ec)
        return shared::Error(shared::ErrorCode::StorageIo, std::string(dataDir),
                             "cannot create the data directory: " + ec.message());
    return {};
}

} // namespace jejak::server
