// SPDX-License-Identifier: Apache-2.0
// Integrity check of a reference-data bundle (docs/bundle-format.md): ids, references, trees, model rules.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::shared {

/// Lists every integrity problem of `bundle`, not just the first; an empty list means the bundle is sound.
///
/// Each problem is one Error whose field is "<collection>[<id>].<field>" (employees are keyed by NIP, e.g.
/// "memberships[m-17].teamId", "employees[198805122010031004].nip") and whose message names the offending
/// or missing id. Codes and rules:
/// - BundleDuplicateId: two records of one collection share an id (field ".id", employees ".nip").
/// - BundleDanglingReference: a reference names no record: unit instansiId/parentId, position unitId,
///   employee positionId, placement nip/unitId, role binding unitId/nip, target parentId/ownerUnitId/
///   ownerTeamId, SKP nip/appraiserNip, SKP item skpId/parentTargetId, team ownerUnitId, membership
///   teamId/nip.
/// - BundleCycle: the unit tree or the target tree loops; each loop is reported once, at the record of the
///   loop with the smallest id (field ".parentId").
/// - BundleInvariant: an empty id (field "<collection>[].id"); a unit's parent in another instansi;
///   validTo before validFrom or periodEnd before periodStart; two Ketua memberships of one team
///   overlapping (".role"); two placements of one employee overlapping (".validFrom"); a team target
///   without ownerTeamId or a non-team target with one; an SKP item whose parent chain reaches no
///   SasaranStrategis or Iku node (not reported again when the chain is cut by a dangling parent or a
///   loop, which are reported themselves); a NIP that is not 18 decimal digits (the meaning of the digits
///   is nip.hpp's to check); an SKP appraised by its own employee.
///
/// The order is stable: ids (duplicates, empty ids), then references, then cycles, then the other rules,
/// each in the order of the bundle's collections and records. Lookups of a duplicated id use its first
/// record. Pure function; thread-safe.
[[nodiscard]] std::vector<Error> checkBundle(const Bundle& bundle);

// bundle_load.cpp: from text or file to a checked bundle.

/// The outcome of loading a bundle: the bundle when the document decoded, and every problem found.
/// A bundle that decoded but has integrity problems is returned with them, so tools can still show it.
struct BundleLoad {
    std::optional<Bundle> bundle;
    std::vector<Error> problems;

    /// A bundle was decoded and nothing is wrong with it.
    [[nodiscard]] bool ok() const noexcept { return bundle.has_value() && problems.empty(); }
};

/// Loads a bundle document in three stages, each listing every problem it finds: strict JSON decoding
/// (codec.hpp; fields named by JSON path), full NIP parsing of every employee (nip.hpp; field
/// "employees[<nip>].nip"), then checkBundle(). Malformed JSON stops at the first stage. Pure function.
[[nodiscard]] BundleLoad loadBundle(std::string_view jsonText);

/// loadBundle() of a file's content. An unreadable file is one problem (StorageIo naming the path).
[[nodiscard]] BundleLoad loadBundleFile(const std::string& path);

/// The problems as text, one line each: "<code> at <field>: <message>", for admins and logs.
[[nodiscard]] std::string formatProblems(const std::vector<Error>& problems);

} // namespace jejak::shared
