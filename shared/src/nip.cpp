// SPDX-License-Identifier: Apache-2.0
// NIP parsing and formatting (nip.hpp).
#include "jejak/shared/nip.hpp"

#include <array>

namespace jejak::shared {
namespace {

using namespace std::chrono;

constexpr std::size_t kNipDigits = 18;
constexpr int kMinBirthYear = 1900;
constexpr int kMinAppointmentYear = 1950;
constexpr int kMinAgeAtAppointment = 15;
constexpr int kMaxAgeAtAppointment = 65;
constexpr int kMinPppkCode = 21;

constexpr const char* kField = "nip";

bool allDigits(std::string_view s) {
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

int number(std::string_view digits) {
    int v = 0;
    for (const char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

// The 18 digits of `text` when it is in one of the two accepted shapes.
std::optional<std::string> canonicalDigits(std::string_view text) {
    if (text.size() == kNipDigits && allDigits(text))
        return std::string(text);
    // "YYYYMMDD YYYYMM G NNN": groups of 8, 6, 1 and 3 digits, single spaces at 8, 15 and 17.
    constexpr std::array<std::size_t, 3> kSpaces = {8, 15, 17};
    if (text.size() != kNipDigits + kSpaces.size())
        return std::nullopt;
    std::string digits;
    digits.reserve(kNipDigits);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool spaceHere = i == kSpaces[0] || i == kSpaces[1] || i == kSpaces[2];
        if (spaceHere != (text[i] == ' '))
            return std::nullopt;
        if (!spaceHere) {
            if (text[i] < '0' || text[i] > '9')
                return std::nullopt;
            digits += text[i];
        }
    }
    return digits;
}

} // namespace

Result<Nip> parseNip(std::string_view text) {
    auto digits = canonicalDigits(text);
    if (!digits)
        return Error(ErrorCode::NipFormat, kField, "expected 18 digits, optionally grouped as 8 6 1 3");
    const std::string_view d = *digits;

    Nip nip;
    const year_month_day birth{year{number(d.substr(0, 4))},
                               month{static_cast<unsigned>(number(d.substr(4, 2)))},
                               day{static_cast<unsigned>(number(d.substr(6, 2)))}};
    if (!birth.ok() || static_cast<int>(birth.year()) < kMinBirthYear)
        return Error(ErrorCode::NipBirthDate, kField, "digits 1-8 are not a real date in or after 1900");
    nip.birthDate = sys_days{birth};

    const int apptYear = number(d.substr(8, 4));
    const int apptCode = number(d.substr(12, 2));
    const int birthYear = static_cast<int>(birth.year());
    const int birthMonth = static_cast<int>(static_cast<unsigned>(birth.month()));
    if (apptCode >= 1 && apptCode <= 12) {
        nip.kind = NipKind::Pns;
        nip.appointmentMonth = month{static_cast<unsigned>(apptCode)};
        const int apptIndex = apptYear * 12 + apptCode;
        const int birthIndex = birthYear * 12 + birthMonth;
        if (apptYear < kMinAppointmentYear || apptIndex < birthIndex + kMinAgeAtAppointment * 12 ||
            apptIndex > birthIndex + kMaxAgeAtAppointment * 12)
            return Error(ErrorCode::NipAppointment, kField,
                         "TMT CPNS must be in or after 1950 and 15 to 65 years after birth");
    } else if (apptCode >= kMinPppkCode) {
        nip.kind = NipKind::Pppk;
        nip.agreementCode = apptCode;
        if (apptYear < kMinAppointmentYear || apptYear < birthYear + kMinAgeAtAppointment ||
            apptYear > birthYear + kMaxAgeAtAppointment)
            return Error(ErrorCode::NipAppointment, kField,
                         "PPPK appointment year must be in or after 1950 and 15 to 65 years after birth");
    } else {
        return Error(ErrorCode::NipAppointment, kField,
                     "digits 13-14 must be a month (01-12) or a PPPK agreement code (21-99)");
    }
    nip.appointmentYear = year{apptYear};

    if (d[14] == '1')
        nip.gender = Gender::Male;
    else if (d[14] == '2')
        nip.gender = Gender::Female;
    else
        return Error(ErrorCode::NipGender, kField, "digit 15 must be 1 (male) or 2 (female)");

    nip.sequence = number(d.substr(15, 3));
    if (nip.sequence == 0)
        return Error(ErrorCode::NipSequence, kField, "digits 16-18 must not be 000");

    nip.digits = std::move(*digits);
    return nip;
}

std::string formatNipGrouped(const Nip& nip) {
    const std::string_view d = nip.digits;
    if (d.size() != kNipDigits)
        return nip.digits;
    std::string out;
    out.reserve(kNipDigits + 3);
    out.append(d.substr(0, 8)).append(" ").append(d.substr(8, 6)).append(" ").append(d.substr(14, 1));
    out.append(" ").append(d.substr(15, 3));
    return out;
}

} // namespace jejak::shared
