// SPDX-License-Identifier: Apache-2.0
// Reference data as stored records: one (kind, id, codec JSON) row per bundle entity. Backend-independent.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::server {

/// One reference entity as stored (table ref_entity): kind ("instansi", "unit", "position", "employee",
/// "placement", "roleBinding", "target", "skp", "skpItem", "team", "membership"), id (employees: the
/// NIP) and the shared codec's JSON text of the record.
struct ReferenceRow {
    std::string_view kind;
    std::string id;
    std::string data;
};

/// Every entity of the bundle as a row, collection by collection in the bundle's order.
[[nodiscard]] std::vector<ReferenceRow> referenceRows(const shared::Bundle& bundle);

/// The bundle with each collection sorted by id (employees by NIP, byte order): the order in which
/// storage reads reference data back, so that a snapshot is the same after an import and after a restart.
[[nodiscard]] shared::Bundle inStoredOrder(shared::Bundle bundle);

/// Records per collection, named as in the bundle file ("instansi", "units", ... "memberships").
[[nodiscard]] std::vector<std::pair<std::string, std::size_t>> collectionCounts(const shared::Bundle& bundle);

/// Rebuilds a bundle from stored rows. Rows may come in any order; the bundle keeps the order they came in.
class ReferenceDecoder {
  public:
    /// Decodes one row into its collection. StorageCorrupt, field "ref_entity[<kind>/<id>]", when the kind
    /// is unknown, the JSON does not decode, or the record's own id differs from the row's.
    [[nodiscard]] shared::Result<void> add(std::string_view kind, std::string_view id, std::string_view data);
    /// The bundle decoded so far (moved out).
    [[nodiscard]] shared::Bundle take() { return std::move(m_bundle); }

  private:
    shared::Bundle m_bundle;
};

} // namespace jejak::server
