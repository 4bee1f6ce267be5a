// SPDX-License-Identifier: Apache-2.0
// A small hand-built organisation for rule tests: one instansi with a two-level unit tree, a Kepala Bidang
// as appraiser and unit head, three teams (one without a ketua) with dated memberships, a cascade from
// SS/IKU to team targets to SKP items, and approved and draft SKPs. Persons are pseudonymised.
#pragma once

#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace jejak::testing {

// Instansi "kanreg-x" (WITA, +08:00, default policy) with units "kanreg-x" (level 1) and "bid-inka"
// (level 2, its child). Roles: the Kepala Kantor is UnitHead, Appraiser and Finaliser of "kanreg-x"; the
// Kepala Bidang is Appraiser and UnitHead of "bid-inka". Everyone is placed from 2020-01-01.
inline constexpr std::string_view kInstansiId = "kanreg-x";
inline constexpr std::string_view kUnitKanreg = "kanreg-x";
inline constexpr std::string_view kUnitInka = "bid-inka";

/// Top of the tree.
inline constexpr std::string_view kNipKepalaKantor = "196805121990031002";
/// Kepala Bidang INKA.
inline constexpr std::string_view kNipKabid = "197503042000121001";
/// Ketua of PAK.
inline constexpr std::string_view kNipKetuaPak = "198001152005011003";
/// Anggota PAK, Ketua PIA, Anggota PDI.
inline constexpr std::string_view kNipPutra = "198507202010121002";
/// Anggota PAK until 2023-06-30, PIA, PDI.
inline constexpr std::string_view kNipDewi = "199002102015032001";
/// In no team; draft SKP.
inline constexpr std::string_view kNipSolo = "199203032018011001";
/// Employee no longer active.
inline constexpr std::string_view kNipInactive = "198811112012122001";

// Teams, all owned by "bid-inka" and running through 2023. PDI has no ketua (R9).
inline constexpr std::string_view kTeamPak = "team-pak";
inline constexpr std::string_view kTeamPia = "team-pia";
inline constexpr std::string_view kTeamPdi = "team-pdi";

// SKP items (all 2023 SKPs are approved unless said otherwise).
/// Under PAK-1, unit "Dokumen".
inline constexpr std::string_view kItemPutraPak = "item-putra-pak";
/// Under PAK-1.1 < PAK-1, any unit.
inline constexpr std::string_view kItemPutraPakDeep = "item-putra-pak-deep";
/// Under PIA-1, unit "Laporan".
inline constexpr std::string_view kItemPutraPia = "item-putra-pia";
/// Under PDI-1, unit "Dokumen".
inline constexpr std::string_view kItemPutraPdi = "item-putra-pdi";
/// Under IKU.4.2, no team target.
inline constexpr std::string_view kItemPutraOwn = "item-putra-own";
/// In Putra's 2022 SKP.
inline constexpr std::string_view kItemPutra2022 = "item-putra-2022";
/// Under PAK-1, unit "Dokumen".
inline constexpr std::string_view kItemDewiPak = "item-dewi-pak";
/// The PAK ketua's, under PAK-1.
inline constexpr std::string_view kItemKetuaPak = "item-ketua-pak";
/// The Kepala Bidang's, under IKU.4.
inline constexpr std::string_view kItemKabid = "item-kabid";
/// The Kepala Kantor's, under SS.2.
inline constexpr std::string_view kItemKepalaKantor = "item-kepala-kantor";
/// In a draft SKP.
inline constexpr std::string_view kItemSolo = "item-solo";

[[nodiscard]] shared::Date date(std::string_view text);
[[nodiscard]] shared::Timestamp instant(std::string_view rfc3339);

/// A distinct valid SHA-256 text (64 lowercase hex digits) for each n.
[[nodiscard]] std::string digest(unsigned n);

[[nodiscard]] shared::Bundle fixtureBundle();
[[nodiscard]] shared::InMemoryDomain fixtureDomain(std::vector<shared::KnownActivity> history = {});

/// "Now" for the tests: 2023-03-15T12:00:00+08:00.
[[nodiscard]] shared::Timestamp fixtureNow();

/// A valid activity: Putra in team PAK on item kItemPutraPak, 2023-03-15 09:00-11:00 WITA, 12 Dokumen,
/// one JPEG photo (digest(1)). It passes every rule against fixtureDomain() at fixtureNow(), routed to
/// the Ketua of PAK.
[[nodiscard]] shared::Activity fixtureActivity();

/// A photo reference of the given digest number.
[[nodiscard]] shared::EvidenceRef photo(unsigned n);

} // namespace jejak::testing
