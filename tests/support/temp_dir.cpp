// SPDX-License-Identifier: Apache-2.0
// TempDir: creation with mkdtemp and recursive removal.
#include "support/temp_dir.hpp"

#include <stdlib.h>

#include <cerrno>
#include <system_error>

namespace jejak::testing {

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "jejak-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored; // a leftover temp directory must not fail the test that used it
    std::filesystem::remove_all(m_path, ignored);
}

std::string TempDir::file(std::string_view name) const { return (m_path / name).string(); }

} // namespace jejak::testing
