// SPDX-License-Identifier: Apache-2.0
// NIP (Nomor Induk Pegawai): parsing and decoding of the 18-digit civil-servant number, and its printed
// grouping "19790919 199802 1 001".
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace jejak::shared {

enum class Gender { Male, Female };

/// Which numbering the NIP follows. A PNS NIP (Peraturan Kepala BKN 22/2007) carries the year and month
/// of the first appointment as CPNS in digits 9-14. The number of a PPPK (Nomor Induk PPPK) carries the
/// appointment year in digits 9-12 and, where a PNS NIP has the month, a two-digit agreement code that is
/// never a month (21 for PPPK, 24 for part-time PPPK have been issued).
enum class NipKind { Pns, Pppk };

/// A decoded, valid NIP. Invariants (guaranteed by parseNip):
/// - `digits` is exactly 18 ASCII digits;
/// - `birthDate` is a real date in or after 1900;
/// - the appointment lies in or after 1950, at least 15 and at most 65 years after birth (PNS: compared
///   by year and month; PPPK: by year). The 15-year floor leaves room below the legal minimum age of 18
///   for old records; the 65-year ceiling is the highest retirement age (Ahli Utama). Both are sanity
///   bounds of this product, not rules of BKN;
/// - PNS: `appointmentMonth` is set and `agreementCode` is 0; PPPK: `appointmentMonth` is empty and
///   `agreementCode` is 21..99;
/// - `sequence` is 1..999.
struct Nip {
    std::string digits;
    Date birthDate{};
    NipKind kind = NipKind::Pns;
    std::chrono::year appointmentYear{0};               ///< TMT CPNS year (PNS) or appointment year (PPPK)
    std::optional<std::chrono::month> appointmentMonth; ///< TMT CPNS month; PNS only
    int agreementCode = 0;                              ///< PPPK code from digits 13-14; 0 for PNS
    Gender gender = Gender::Male;
    int sequence = 1;

    friend bool operator==(const Nip&, const Nip&) = default;
};

/// Parses a NIP given either as 18 contiguous digits or in the printed grouping of 8, 6, 1 and 3 digits
/// separated by single spaces ("19790919 199802 1 001"). Anything else (other separators, leading or
/// trailing blanks, other group sizes) is NipFormat. Checks, in order, each failing with field "nip":
/// NipFormat, NipBirthDate, NipAppointment, NipGender, NipSequence.
[[nodiscard]] Result<Nip> parseNip(std::string_view text);

/// The printed grouping: "19790919 199802 1 001". `nip` comes from parseNip(); other digit strings are
/// returned unchanged.
[[nodiscard]] std::string formatNipGrouped(const Nip& nip);

} // namespace jejak::shared
