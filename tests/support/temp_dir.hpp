// SPDX-License-Identifier: Apache-2.0
// TempDir: a fresh directory for one test's files (SQLite databases, blobs), removed at scope exit.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace jejak::testing {

/// A new, empty, uniquely named directory under the system temp directory (mkdtemp), removed with all
/// its contents by the destructor. Neither copyable nor movable, so exactly one owner removes it.
/// The constructor throws std::system_error when the directory cannot be created: no test can proceed
/// without it, and Catch2 reports the exception as that test's failure.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
    /// The path of `name` inside the directory, as a string (e.g. for sqlite::Database::open).
    [[nodiscard]] std::string file(std::string_view name) const;

private:
    std::filesystem::path m_path;
};

} // namespace jejak::testing
