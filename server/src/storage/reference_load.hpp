// SPDX-License-Identifier: Apache-2.0
// Reads the imported reference data (table ref_entity) into an in-memory snapshot.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/sqlite.hpp"

#include <memory>

namespace jejak::server {

/// Every ref_entity row decoded with the shared codec into one InMemoryDomain (empty when nothing was
/// imported). Fails with the storage.* error of a failing query, or with the codec's error for a row that
/// does not decode, its field naming the row ("ref_entity[employee/1990...].name").
[[nodiscard]] shared::Result<std::shared_ptr<const shared::InMemoryDomain>>
loadReferenceSnapshot(shared::sqlite::Database& db);

} // namespace jejak::server
