// SPDX-License-Identifier: Apache-2.0
// Tests of checkBundle(): a small sound bundle, then each rule broken once, then several at once.
#include "jejak/shared/bundle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace jejak::shared;

namespace {

const std::string kHead = "198001012005011001";   // Kepala Bidang: appraiser of the others
const std::string kKetua = "198502142010012002";  // ketua of team-1
const std::string kMember = "199003032015031003"; // anggota of team-1
const std::string kSpare = "199204042018022004";  // placed, in no team

Date day(const char* text) {
    return *parseDate(text);
}

/// A sound bundle with one of everything: instansi, a two-level unit tree, a PK chain SS -> IKU -> sub-IKU
/// -> team target, a team with a ketua and an anggota, and their SKPs cascading from the team target.
Bundle validBundle() {
    Bundle b;
    b.instansi.push_back({"i-1", "Instansi Uji", InstansiKind::Lpnk, "Bali", 480, {}});
    b.units.push_back({"u-root", "i-1", std::nullopt, "Kantor", "Kantor", 1, std::nullopt});
    b.units.push_back({"u-bid", "i-1", "u-root", "Bidang", "Bidang", 2, std::nullopt});
    b.positions.push_back({"pos-head", "u-bid", "Kepala Bidang", JabatanJenis::Administrator, std::nullopt});
    b.positions.push_back(
        {"pos-jf", "u-bid", "Pranata Komputer Ahli Muda", JabatanJenis::Fungsional, "Ahli Muda"});
    for (const auto& nip : {kHead, kKetua, kMember, kSpare}) {
        b.employees.push_back({nip, "Pegawai " + nip.substr(15), EmployeeStatus::Pns, "Penata/III.c",
                               nip == kHead ? "pos-head" : "pos-jf", true});
        b.placements.push_back(
            {"pl-" + nip.substr(15), nip, "u-bid", day("2023-01-02"), std::nullopt, "SK 1/2023"});
    }
    b.roleBindings.push_back(
        {"rb-1", "u-bid", Role::Appraiser, kHead, "Kepala Bidang", day("2023-01-02"), std::nullopt});
    b.targets.push_back({"ss-1", std::nullopt, TargetLevel::SasaranStrategis, "SS.1", "Sasaran", "", "", 0,
                         2023, "Customer", "u-bid", std::nullopt});
    b.targets.push_back({"iku-1", "ss-1", TargetLevel::Iku, "IKU.1", "Sasaran", "Indeks", "Indeks", 90, 2023,
                         "Customer", "u-bid", std::nullopt});
    b.targets.push_back({"sub-1", "iku-1", TargetLevel::SubIku, "IKU.1.1", "Sasaran", "Jumlah laporan",
                         "Laporan", 12, 2023, "Customer", "u-bid", std::nullopt});
    b.targets.push_back({"tt-1", "sub-1", TargetLevel::Team, "T-1", "Laporan tim", "Jumlah laporan",
                         "Laporan", 12, 2023, "", std::nullopt, "team-1"});
    b.teams.push_back({"team-1",
                       "T",
                       "Tim Uji",
                       "u-bid",
                       {InstrumentKind::SkTimKerja, "1/2023", day("2023-01-09")},
                       day("2023-01-01"),
                       day("2023-12-31"),
                       {"Menyusun laporan"}});
    b.memberships.push_back(
        {"m-k", "team-1", kKetua, TeamRole::Ketua, day("2023-01-09"), day("2023-12-31"), {}});
    b.memberships.push_back(
        {"m-a", "team-1", kMember, TeamRole::Anggota, day("2023-01-09"), std::nullopt, {}});
    b.skps.push_back({"skp-k", kKetua, kHead, day("2023-01-01"), day("2023-12-31"), SkpStatus::Approved,
                      day("2023-01-16")});
    b.skps.push_back(
        {"skp-a", kMember, kHead, day("2023-01-01"), day("2023-12-31"), SkpStatus::Draft, std::nullopt});
    b.skpItems.push_back({"si-k", "skp-k", "tt-1", "Laporan", "Jumlah laporan", 6, "Laporan"});
    b.skpItems.push_back({"si-a", "skp-a", "tt-1", "Laporan", "Jumlah laporan", 6, "Laporan"});
    return b;
}

PerformanceTarget& targetById(Bundle& b, const std::string& id) {
    return *std::find_if(b.targets.begin(), b.targets.end(), [&](const auto& t) { return t.id == id; });
}

/// Asserts that the bundle has exactly one problem, with this code and field.
void requireSingle(const Bundle& b, ErrorCode code, const std::string& field) {
    const auto errors = checkBundle(b);
    INFO("errors: " << errors.size() << (errors.empty() ? "" : ", first: " + toString(errors.front())));
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().code == code);
    CHECK(errors.front().field == field);
    CHECK_FALSE(errors.front().message.empty());
}

bool has(const std::vector<Error>& errors, ErrorCode code, const std::string& field) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const Error& e) { return e.code == code && e.field == field; });
}

} // namespace

TEST_CASE("bundle: a sound bundle has no problems", "[shared][bundle]") {
    CHECK(checkBundle(validBundle()).empty());
    CHECK(checkBundle(Bundle{}).empty());
}

TEST_CASE("bundle: duplicate ids are reported per collection", "[shared][bundle]") {
    Bundle b = validBundle();
    SECTION("units") {
        b.units.push_back(b.units[1]);
        requireSingle(b, ErrorCode::BundleDuplicateId, "units[u-bid].id");
    }
    SECTION("employees by NIP") {
        b.employees.push_back(b.employees[3]);
        requireSingle(b, ErrorCode::BundleDuplicateId, "employees[" + kSpare + "].nip");
    }
    SECTION("targets") {
        b.targets.push_back(b.targets[3]);
        requireSingle(b, ErrorCode::BundleDuplicateId, "targets[tt-1].id");
    }
    SECTION("instansi") {
        b.instansi.push_back(b.instansi[0]);
        requireSingle(b, ErrorCode::BundleDuplicateId, "instansi[i-1].id");
    }
    SECTION("positions, role bindings, teams and SKP items") {
        b.positions.push_back(b.positions[0]);
        b.roleBindings.push_back(b.roleBindings[0]);
        b.teams.push_back(b.teams[0]);
        b.skpItems.push_back(b.skpItems[0]);
        const auto errors = checkBundle(b);
        CHECK(errors.size() == 4);
        CHECK(has(errors, ErrorCode::BundleDuplicateId, "positions[pos-head].id"));
        CHECK(has(errors, ErrorCode::BundleDuplicateId, "roleBindings[rb-1].id"));
        CHECK(has(errors, ErrorCode::BundleDuplicateId, "teams[team-1].id"));
        CHECK(has(errors, ErrorCode::BundleDuplicateId, "skpItems[si-k].id"));
    }
    SECTION("the message names the id") {
        b.memberships.push_back(b.memberships[1]);
        const auto errors = checkBundle(b);
        REQUIRE(errors.size() == 1);
        CHECK(errors.front().field == "memberships[m-a].id");
        CHECK_THAT(errors.front().message, Catch::Contains("'m-a'"));
    }
}

TEST_CASE("bundle: an empty id is reported", "[shared][bundle]") {
    Bundle b = validBundle();
    b.placements[3].id.clear();
    requireSingle(b, ErrorCode::BundleInvariant, "placements[].id");
}

TEST_CASE("bundle: every reference must resolve", "[shared][bundle]") {
    Bundle b = validBundle();
    const auto dangling = [&](const std::string& field) {
        requireSingle(b, ErrorCode::BundleDanglingReference, field);
        const auto errors = checkBundle(b);
        CHECK_THAT(errors.front().message, Catch::Contains("missing"));
    };
    SECTION("unit.instansiId") {
        b.units[0].instansiId = "missing";
        dangling("units[u-root].instansiId");
    }
    SECTION("unit.parentId") {
        b.units[1].parentId = "missing";
        dangling("units[u-bid].parentId");
    }
    SECTION("position.unitId") {
        b.positions[1].unitId = "missing";
        dangling("positions[pos-jf].unitId");
    }
    SECTION("employee.positionId") {
        b.employees[2].positionId = "missing";
        dangling("employees[" + kMember + "].positionId");
    }
    SECTION("placement.nip") {
        b.placements[3].nip = "missing";
        dangling("placements[pl-004].nip");
    }
    SECTION("placement.unitId") {
        b.placements[3].unitId = "missing";
        dangling("placements[pl-004].unitId");
    }
    SECTION("roleBinding.unitId") {
        b.roleBindings[0].unitId = "missing";
        dangling("roleBindings[rb-1].unitId");
    }
    SECTION("roleBinding.nip") {
        b.roleBindings[0].nip = "missing";
        dangling("roleBindings[rb-1].nip");
    }
    SECTION("target.parentId") {
        targetById(b, "tt-1").parentId = "missing";
        dangling("targets[tt-1].parentId");
    }
    SECTION("target.ownerUnitId") {
        targetById(b, "iku-1").ownerUnitId = "missing";
        dangling("targets[iku-1].ownerUnitId");
    }
    SECTION("target.ownerTeamId") {
        targetById(b, "tt-1").ownerTeamId = "missing";
        dangling("targets[tt-1].ownerTeamId");
    }
    SECTION("skp.nip") {
        b.skps[1].nip = "missing";
        dangling("skps[skp-a].nip");
    }
    SECTION("skp.appraiserNip") {
        b.skps[1].appraiserNip = "missing";
        dangling("skps[skp-a].appraiserNip");
    }
    SECTION("skpItem.skpId") {
        b.skpItems[1].skpId = "missing";
        dangling("skpItems[si-a].skpId");
    }
    SECTION("skpItem.parentTargetId") {
        b.skpItems[1].parentTargetId = "missing";
        dangling("skpItems[si-a].parentTargetId");
    }
    SECTION("team.ownerUnitId") {
        b.teams[0].ownerUnitId = "missing";
        dangling("teams[team-1].ownerUnitId");
    }
    SECTION("membership.teamId") {
        b.memberships[1].teamId = "missing";
        dangling("memberships[m-a].teamId");
    }
    SECTION("membership.nip") {
        b.memberships[1].nip = "missing";
        dangling("memberships[m-a].nip");
    }
}

TEST_CASE("bundle: a unit loop is reported once, at its smallest id", "[shared][bundle]") {
    Bundle b = validBundle();
    b.units[0].parentId = "u-bid";
    requireSingle(b, ErrorCode::BundleCycle, "units[u-bid].parentId");
    const auto errors = checkBundle(b);
    CHECK_THAT(errors.front().message, Catch::Contains("'u-bid' -> 'u-root' -> 'u-bid'"));
}

TEST_CASE("bundle: a target loop is reported once, however many nodes lead into it", "[shared][bundle]") {
    Bundle b = validBundle();
    SECTION("a node that is its own parent") {
        targetById(b, "iku-1").parentId = "iku-1";
        requireSingle(b, ErrorCode::BundleCycle, "targets[iku-1].parentId");
    }
    SECTION("a loop through the whole chain, with a branch leading into it") {
        targetById(b, "ss-1").parentId = "tt-1";
        PerformanceTarget branch = targetById(b, "tt-1");
        branch.id = "tt-2";
        b.targets.push_back(branch);
        requireSingle(b, ErrorCode::BundleCycle, "targets[iku-1].parentId");
        const auto errors = checkBundle(b);
        CHECK_THAT(errors.front().message,
                   Catch::Contains("'iku-1' -> 'ss-1' -> 'tt-1' -> 'sub-1' -> 'iku-1'"));
    }
    SECTION("an SKP item under a loop without a PK node is not reported again") {
        PerformanceTarget a = targetById(b, "tt-1");
        a.id = "loop-a";
        a.parentId = "loop-b";
        PerformanceTarget c = a;
        c.id = "loop-b";
        c.parentId = "loop-a";
        b.targets.push_back(a);
        b.targets.push_back(c);
        b.skpItems[1].parentTargetId = "loop-a";
        requireSingle(b, ErrorCode::BundleCycle, "targets[loop-a].parentId");
    }
}

TEST_CASE("bundle: a unit's parent belongs to the same instansi", "[shared][bundle]") {
    Bundle b = validBundle();
    b.instansi.push_back({"i-2", "Instansi Lain", InstansiKind::PemdaKabKota, "Jawa Timur", 420, {}});
    SECTION("parent in another instansi") {
        b.units[1].instansiId = "i-2";
        requireSingle(b, ErrorCode::BundleInvariant, "units[u-bid].parentId");
    }
    SECTION("a root of another instansi is fine") {
        b.units.push_back({"u-other", "i-2", std::nullopt, "Dinas", "Dinas", 1, "Model 3"});
        CHECK(checkBundle(b).empty());
    }
}

TEST_CASE("bundle: date ranges are not inverted", "[shared][bundle]") {
    Bundle b = validBundle();
    SECTION("placement") {
        b.placements[3].validTo = day("2023-01-01");
        requireSingle(b, ErrorCode::BundleInvariant, "placements[pl-004].validTo");
    }
    SECTION("role binding") {
        b.roleBindings[0].validTo = day("2022-12-31");
        requireSingle(b, ErrorCode::BundleInvariant, "roleBindings[rb-1].validTo");
    }
    SECTION("membership") {
        b.memberships[0].validTo = day("2023-01-08");
        requireSingle(b, ErrorCode::BundleInvariant, "memberships[m-k].validTo");
    }
    SECTION("SKP") {
        b.skps[0].periodEnd = day("2022-12-31");
        requireSingle(b, ErrorCode::BundleInvariant, "skps[skp-k].periodEnd");
    }
    SECTION("team") {
        b.teams[0].periodEnd = day("2022-12-31");
        requireSingle(b, ErrorCode::BundleInvariant, "teams[team-1].periodEnd");
    }
    SECTION("a one-day range is fine") {
        b.placements[3].validTo = day("2023-01-02");
        b.teams[0].periodEnd = day("2023-01-01");
        CHECK(checkBundle(b).empty());
    }
}

TEST_CASE("bundle: a team has at most one ketua on any date", "[shared][bundle]") {
    Bundle b = validBundle();
    Membership second{"m-k2", "team-1", kSpare, TeamRole::Ketua, day("2023-06-01"), std::nullopt, {}};
    SECTION("overlapping ketua") {
        b.memberships.push_back(second);
        requireSingle(b, ErrorCode::BundleInvariant, "memberships[m-k2].role");
        const auto errors = checkBundle(b);
        CHECK_THAT(errors.front().message, Catch::Contains("2023-06-01"));
        CHECK_THAT(errors.front().message, Catch::Contains("'m-k'"));
    }
    SECTION("handing over on the same day is an overlap of one day") {
        b.memberships[0].validTo = day("2023-06-01");
        b.memberships.push_back(second);
        requireSingle(b, ErrorCode::BundleInvariant, "memberships[m-k2].role");
    }
    SECTION("a ketua that takes over the day after is fine") {
        b.memberships[0].validTo = day("2023-05-31");
        b.memberships.push_back(second);
        CHECK(checkBundle(b).empty());
    }
    SECTION("overlapping anggota and ketua of different teams are fine") {
        b.memberships.push_back(
            {"m-a2", "team-1", kSpare, TeamRole::Anggota, day("2023-01-09"), std::nullopt, {}});
        b.teams.push_back(b.teams[0]);
        b.teams.back().id = "team-2";
        second.teamId = "team-2";
        b.memberships.push_back(second);
        CHECK(checkBundle(b).empty());
    }
}

TEST_CASE("bundle: an employee has at most one placement on any date", "[shared][bundle]") {
    Bundle b = validBundle();
    const Placement moved{"pl-moved", kSpare, "u-root", day("2023-07-01"), std::nullopt, "SK 2/2023"};
    SECTION("overlapping placements") {
        b.placements.push_back(moved);
        requireSingle(b, ErrorCode::BundleInvariant, "placements[pl-moved].validFrom");
    }
    SECTION("placements sharing their last and first day overlap") {
        b.placements[3].validTo = day("2023-07-01");
        b.placements.push_back(moved);
        requireSingle(b, ErrorCode::BundleInvariant, "placements[pl-moved].validFrom");
    }
    SECTION("consecutive placements are fine") {
        b.placements[3].validTo = day("2023-06-30");
        b.placements.push_back(moved);
        CHECK(checkBundle(b).empty());
    }
}

TEST_CASE("bundle: only team targets have an owner team, and they must", "[shared][bundle]") {
    Bundle b = validBundle();
    SECTION("team target without owner team") {
        targetById(b, "tt-1").ownerTeamId.reset();
        requireSingle(b, ErrorCode::BundleInvariant, "targets[tt-1].ownerTeamId");
    }
    SECTION("IKU with an owner team") {
        targetById(b, "iku-1").ownerTeamId = "team-1";
        requireSingle(b, ErrorCode::BundleInvariant, "targets[iku-1].ownerTeamId");
    }
}

TEST_CASE("bundle: every SKP item cascades from a PK target", "[shared][bundle]") {
    Bundle b = validBundle();
    SECTION("a team target hanging from nothing") {
        b.targets.push_back({"tt-loose", std::nullopt, TargetLevel::Team, "T-2", "Lepas", "Jumlah", "Laporan",
                             1, 2023, "", std::nullopt, "team-1"});
        b.skpItems[1].parentTargetId = "tt-loose";
        requireSingle(b, ErrorCode::BundleInvariant, "skpItems[si-a].parentTargetId");
        CHECK_THAT(checkBundle(b).front().message, Catch::Contains("'tt-loose'"));
    }
    SECTION("a Renstra node is above the PK, not part of it") {
        b.targets.push_back({"renstra-1", std::nullopt, TargetLevel::Renstra, "R.1", "Renstra", "", "", 0,
                             2023, "", "u-root", std::nullopt});
        b.skpItems[1].parentTargetId = "renstra-1";
        requireSingle(b, ErrorCode::BundleInvariant, "skpItems[si-a].parentTargetId");
    }
    SECTION("items directly under an IKU or a sasaran are fine") {
        b.skpItems[0].parentTargetId = "iku-1";
        b.skpItems[1].parentTargetId = "ss-1";
        CHECK(checkBundle(b).empty());
    }
    SECTION("a cut chain is reported as a dangling parent only") {
        targetById(b, "sub-1").parentId = "missing";
        requireSingle(b, ErrorCode::BundleDanglingReference, "targets[sub-1].parentId");
    }
}

TEST_CASE("bundle: a NIP has 18 digits", "[shared][bundle]") {
    Bundle b = validBundle();
    SECTION("too short") {
        b.employees.push_back({"19800101", "Pendek", EmployeeStatus::Pns, "", "pos-jf", true});
        requireSingle(b, ErrorCode::BundleInvariant, "employees[19800101].nip");
    }
    SECTION("not only digits") {
        b.employees.push_back({"19800101200501100X", "Huruf", EmployeeStatus::Pns, "", "pos-jf", true});
        requireSingle(b, ErrorCode::BundleInvariant, "employees[19800101200501100X].nip");
    }
    SECTION("empty") {
        b.employees.push_back({"", "Kosong", EmployeeStatus::Pppk, "", "pos-jf", true});
        requireSingle(b, ErrorCode::BundleInvariant, "employees[].nip");
    }
}

TEST_CASE("bundle: nobody appraises their own SKP", "[shared][bundle]") {
    Bundle b = validBundle();
    b.skps[0].appraiserNip = kKetua;
    requireSingle(b, ErrorCode::BundleInvariant, "skps[skp-k].appraiserNip");
}

TEST_CASE("bundle: every problem is listed, in a stable order", "[shared][bundle]") {
    Bundle b = validBundle();
    b.units.push_back(b.units[0]);             // duplicate id
    b.memberships[1].teamId = "team-x";        // dangling reference
    b.units[0].parentId = "u-bid";             // unit loop
    targetById(b, "tt-1").ownerTeamId.reset(); // team target without team
    b.skps[1].appraiserNip = kMember;          // own appraiser
    b.employees[3].nip = "123";                // NIP shape (and its placement now dangles)
    b.memberships.push_back(
        {"m-k2", "team-1", kMember, TeamRole::Ketua, day("2023-03-01"), std::nullopt, {}});
    b.placements[0].validTo = day("2022-01-01"); // inverted range

    const auto errors = checkBundle(b);
    CHECK(errors.size() == 9);
    CHECK(has(errors, ErrorCode::BundleDuplicateId, "units[u-root].id"));
    CHECK(has(errors, ErrorCode::BundleDanglingReference, "memberships[m-a].teamId"));
    CHECK(has(errors, ErrorCode::BundleDanglingReference, "placements[pl-004].nip"));
    CHECK(has(errors, ErrorCode::BundleCycle, "units[u-bid].parentId"));
    CHECK(has(errors, ErrorCode::BundleInvariant, "targets[tt-1].ownerTeamId"));
    CHECK(has(errors, ErrorCode::BundleInvariant, "skps[skp-a].appraiserNip"));
    CHECK(has(errors, ErrorCode::BundleInvariant, "employees[123].nip"));
    CHECK(has(errors, ErrorCode::BundleInvariant, "memberships[m-k2].role"));
    CHECK(has(errors, ErrorCode::BundleInvariant, "placements[pl-001].validTo"));

    const auto position = [&](ErrorCode code) {
        return std::find_if(errors.begin(), errors.end(), [&](const Error& e) { return e.code == code; });
    };
    CHECK(position(ErrorCode::BundleDuplicateId) < position(ErrorCode::BundleDanglingReference));
    CHECK(position(ErrorCode::BundleDanglingReference) < position(ErrorCode::BundleCycle));
    CHECK(position(ErrorCode::BundleCycle) < position(ErrorCode::BundleInvariant));
    CHECK(checkBundle(b) == errors);
}
