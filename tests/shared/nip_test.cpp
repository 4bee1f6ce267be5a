// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/nip.hpp"

#include <catch2/catch.hpp>

using namespace jejak::shared;
using namespace std::chrono;

namespace {

ErrorCode failure(std::string_view text) {
    const auto nip = parseNip(text);
    REQUIRE_FALSE(nip.ok());
    CHECK(nip.error().field == "nip");
    CHECK_FALSE(nip.error().transient);
    return nip.error().code;
}

} // namespace

TEST_CASE("nip: a PNS NIP decodes into its parts, grouped or not", "[shared][nip]") {
    const auto grouped = parseNip("19790919 199802 1 001");
    REQUIRE(grouped.ok());
    CHECK(grouped->digits == "197909191998021001");
    CHECK(grouped->birthDate == sys_days{year{1979} / September / 19});
    CHECK(grouped->kind == NipKind::Pns);
    CHECK(grouped->appointmentYear == year{1998});
    CHECK(grouped->appointmentMonth == February);
    CHECK(grouped->agreementCode == 0);
    CHECK(grouped->gender == Gender::Male);
    CHECK(grouped->sequence == 1);

    const auto plain = parseNip("197909191998021001");
    REQUIRE(plain.ok());
    CHECK(*plain == *grouped);
    CHECK(formatNipGrouped(*plain) == "19790919 199802 1 001");

    const auto woman = parseNip("199002102015032017");
    REQUIRE(woman.ok());
    CHECK(woman->gender == Gender::Female);
    CHECK(woman->sequence == 17);
    CHECK(woman->appointmentMonth == March);
}

TEST_CASE("nip: a PPPK number carries an agreement code instead of a month", "[shared][nip]") {
    const auto pppk = parseNip("19900913 202524 2 014");
    REQUIRE(pppk.ok());
    CHECK(pppk->kind == NipKind::Pppk);
    CHECK(pppk->appointmentYear == year{2025});
    CHECK_FALSE(pppk->appointmentMonth.has_value());
    CHECK(pppk->agreementCode == 24);
    CHECK(pppk->gender == Gender::Female);
    CHECK(pppk->sequence == 14);
    CHECK(formatNipGrouped(*pppk) == "19900913 202524 2 014");
    CHECK(parseNip("198803032023211005").ok());
}

TEST_CASE("nip: format is 18 digits or the printed grouping, nothing else", "[shared][nip]") {
    CHECK(failure("") == ErrorCode::NipFormat);
    CHECK(failure("19790919199802100") == ErrorCode::NipFormat);   // 17 digits
    CHECK(failure("1979091919980210011") == ErrorCode::NipFormat); // 19 digits
    CHECK(failure("19790919199802100a") == ErrorCode::NipFormat);
    CHECK(failure("19790919-199802-1-001") == ErrorCode::NipFormat);
    CHECK(failure("19790919 199802 1001") == ErrorCode::NipFormat);   // missing a space
    CHECK(failure("19790919  199802 1 001") == ErrorCode::NipFormat); // double space
    CHECK(failure("1979091 9199802 1 001") == ErrorCode::NipFormat);  // wrong group sizes
    CHECK(failure(" 197909191998021001") == ErrorCode::NipFormat);
    CHECK(failure("197909191998021001 ") == ErrorCode::NipFormat);
    CHECK(failure("19790919\t199802 1 001") == ErrorCode::NipFormat);
    CHECK(failure("\xD9\xA1\xD9\xA9"
                  "7909191998021001") == ErrorCode::NipFormat); // Arabic-Indic digits
}

TEST_CASE("nip: the birth date must be a real date from 1900 on", "[shared][nip]") {
    CHECK(failure("197902311998021001") == ErrorCode::NipBirthDate); // 31 February
    CHECK(failure("197913011998021001") == ErrorCode::NipBirthDate); // month 13
    CHECK(failure("197900101998021001") == ErrorCode::NipBirthDate); // month 0
    CHECK(failure("197901001998021001") == ErrorCode::NipBirthDate); // day 0
    CHECK(failure("189912311950011001") == ErrorCode::NipBirthDate); // before 1900
    CHECK(parseNip("198002292000011001").ok());                      // 29 February of a leap year
    CHECK(failure("198102292000011001") == ErrorCode::NipBirthDate); // and of a common year
}

TEST_CASE("nip: the appointment is a real year-month 15 to 65 years after birth, from 1950",
          "[shared][nip]") {
    CHECK(failure("197909191998131001") == ErrorCode::NipAppointment); // month 13
    CHECK(failure("197909191998001001") == ErrorCode::NipAppointment); // month 00
    CHECK(failure("197909191998201001") == ErrorCode::NipAppointment); // 20: neither month nor PPPK code
    CHECK(failure("197909191970011001") == ErrorCode::NipAppointment); // before birth
    CHECK(failure("190001011949121001") == ErrorCode::NipAppointment); // before 1950
    CHECK(parseNip("190001011950011001").ok());                        // 1950 is the first year
    // 15 years after birth, by month: September 1994 is the first possible TMT for September 1979.
    CHECK(failure("197909191994081001") == ErrorCode::NipAppointment);
    CHECK(parseNip("197909191994091001").ok());
    // 65 years after birth is the last.
    CHECK(parseNip("195001012015011001").ok());
    CHECK(failure("195001012015021001") == ErrorCode::NipAppointment);
    // PPPK: compared by year.
    CHECK(failure("201001012024211001") == ErrorCode::NipAppointment);
    CHECK(parseNip("200901012024211001").ok());
    CHECK(failure("195001012016211001") == ErrorCode::NipAppointment);
}

TEST_CASE("nip: the gender digit is 1 or 2", "[shared][nip]") {
    CHECK(failure("197909191998020001") == ErrorCode::NipGender);
    CHECK(failure("197909191998023001") == ErrorCode::NipGender);
    CHECK(failure("19790919 199802 9 001") == ErrorCode::NipGender);
    CHECK(parseNip("197909191998022001").ok());
}

TEST_CASE("nip: the sequence is never 000", "[shared][nip]") {
    CHECK(failure("197909191998021000") == ErrorCode::NipSequence);
    CHECK(failure("19790919 199802 2 000") == ErrorCode::NipSequence);
    const auto last = parseNip("197909191998021999");
    REQUIRE(last.ok());
    CHECK(last->sequence == 999);
}
