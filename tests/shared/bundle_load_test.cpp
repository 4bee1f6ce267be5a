// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/bundle.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/org.hpp"
#include "jejak/shared/validation.hpp"

#include "support/temp_dir.hpp"

#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>

using namespace jejak::shared;

namespace {

const std::string kDemoPath = std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json";

const Bundle& demo() {
    static const Bundle bundle = [] {
        auto load = loadBundleFile(kDemoPath);
        INFO(formatProblems(load.problems));
        REQUIRE(load.ok());
        return *load.bundle;
    }();
    return bundle;
}

std::set<std::string> membersOf(const Bundle& b, std::string_view teamId) {
    std::set<std::string> nips;
    for (const auto& m : b.memberships)
        if (m.teamId == teamId)
            nips.insert(m.nip);
    return nips;
}

std::string ketuaOf(const Bundle& b, std::string_view teamId) {
    for (const auto& m : b.memberships)
        if (m.teamId == teamId && m.role == TeamRole::Ketua)
            return m.nip;
    return {};
}

const Employee& employeeNamed(const Bundle& b, std::string_view nip) {
    const auto it = std::find_if(b.employees.begin(), b.employees.end(), [&](const auto& e) { return e.nip == nip; });
    REQUIRE(it != b.employees.end());
    return *it;
}

/// An SKP item of `nip` that cascades from a target of `teamId`.
SkpItem itemFor(const InMemoryDomain& domain, const Bundle& b, std::string_view nip, std::string_view teamId) {
    for (const auto& skp : b.skps) {
        if (skp.nip != nip)
            continue;
        for (const auto& item : b.skpItems)
            if (item.skpId == skp.id && cascadesFromTeam(domain, item, teamId))
                return item;
    }
    FAIL("no SKP item of " << nip << " under " << teamId);
    return {};
}

Activity activityFor(const std::string& nip, const std::string& teamId, const SkpItem& item) {
    Activity a;
    a.id = "0186a3c4-5e00-7000-8000-000000000001";
    a.nip = nip;
    a.name = "Menata arsip fisik pegawai";
    a.teamId = teamId;
    a.skpItemId = item.id;
    a.outputQuantity = 1;
    a.outputUnit = item.quantityUnit;
    a.start = *parseTimestamp("2023-03-14T09:00:00+08:00");
    a.end = *parseTimestamp("2023-03-14T11:30:00+08:00");
    a.description = "Penataan 40 berkas arsip kepegawaian";
    a.evidence.push_back({std::string(64, 'a'), 480000, "image/jpeg", EvidenceKind::Photo, std::nullopt});
    return a;
}

} // namespace

TEST_CASE("bundle load: the demo dataset loads with no problem and keeps the seed's shape", "[shared][bundle]") {
    const Bundle& b = demo();
    CHECK(b.instansi.size() == 2);

    // Perjanjian Kinerja 2023 of Bidang INKA as tabled: 3 sasaran, 15 IKU rows.
    const auto count = [&](TargetLevel level) {
        return std::count_if(b.targets.begin(), b.targets.end(), [&](const auto& t) {
            return t.level == level && t.ownerUnitId == std::optional<std::string>("unit-inka");
        });
    };
    CHECK(count(TargetLevel::SasaranStrategis) == 3);
    CHECK(count(TargetLevel::Iku) + count(TargetLevel::SubIku) == 15);

    // Seven pokja of Orbit; PAK ketua + wakil + 9 anggota, PIA ketua + wakil + 7 anggota.
    for (const char* code : {"PAK", "PPA", "PDK", "PDI", "PJD", "PLT", "PIA"})
        CHECK(std::any_of(b.teams.begin(), b.teams.end(), [&](const auto& t) { return t.code == code; }));
    const auto pak = membersOf(b, "team-pak");
    const auto pia = membersOf(b, "team-pia");
    CHECK(pak.size() == 11);
    CHECK(pia.size() == 9);

    // Four people are in both; one of them is anggota of PAK and ketua of PIA.
    std::vector<std::string> both;
    std::set_intersection(pak.begin(), pak.end(), pia.begin(), pia.end(), std::back_inserter(both));
    CHECK(both.size() == 4);
    const std::string piaKetua = ketuaOf(b, "team-pia");
    CHECK(std::find(both.begin(), both.end(), piaKetua) != both.end());
    CHECK(ketuaOf(b, "team-pak") != piaKetua);

    // No NIP of the seeds, all NIPs distinct (and valid: loadBundle parsed each one).
    std::set<std::string> nips;
    for (const auto& e : b.employees)
        CHECK(nips.insert(e.nip).second);
}

TEST_CASE("bundle load: the demo routes as the organisation says", "[shared][bundle][routing]") {
    const Bundle& b = demo();
    const InMemoryDomain domain(b);
    const FixedClock clock(*parseTimestamp("2023-03-15T08:00:00+08:00"));
    const std::string piaKetua = ketuaOf(b, "team-pia");
    const std::string pakKetua = ketuaOf(b, "team-pak");

    // The anggota-of-PAK / ketua-of-PIA: PAK work goes to PAK's ketua; PIA work to the Kepala Bidang.
    const auto pakReport = validateActivity(activityFor(piaKetua, "team-pak", itemFor(domain, b, piaKetua, "team-pak")),
                                            domain, clock, {});
    INFO(formatProblems(pakReport.errors));
    REQUIRE(pakReport.ok());
    REQUIRE(pakReport.route);
    CHECK(pakReport.route->kind == RouteKind::KetuaTim);
    CHECK(pakReport.route->validatorNip == pakKetua);

    const auto piaReport = validateActivity(activityFor(piaKetua, "team-pia", itemFor(domain, b, piaKetua, "team-pia")),
                                            domain, clock, {});
    INFO(formatProblems(piaReport.errors));
    REQUIRE(piaReport.ok());
    CHECK(piaReport.route->kind == RouteKind::TeamUnitHead);
    const auto kabid = resolveRoleFromUnit(domain, "unit-inka", Role::UnitHead, *parseDate("2023-03-15"), {});
    REQUIRE(kabid);
    CHECK(kabid->label == "Kepala Bidang");
    CHECK(piaReport.route->validatorNip == kabid->nip);
    CHECK(employeeNamed(b, kabid->nip).active);

    // A PAK item cannot be claimed for PIA work unless it cascades from PIA's targets.
    Activity crossed = activityFor(piaKetua, "team-pia", itemFor(domain, b, piaKetua, "team-pak"));
    const auto crossedReport = validateActivity(crossed, domain, clock, {});
    CHECK(std::any_of(crossedReport.errors.begin(), crossedReport.errors.end(),
                      [](const Error& e) { return e.code == ErrorCode::SkpItemNotInTeamCascade; }));
}

TEST_CASE("bundle load: a broken bundle gets a readable list of every problem", "[shared][bundle]") {
    auto document = parseJson([] {
        std::ifstream in(kDemoPath);
        return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }());
    REQUIRE(document.ok());
    auto& root = document->as_object();
    // Break the NIP digits (a 13th month), point a membership at a missing team, loop two units.
    root["employees"].as_array()[0].as_object()["nip"] = "196913141994031002";
    root["memberships"].as_array()[0].as_object()["teamId"] = "team-nope";
    auto& units = root["units"].as_array();
    units[0].as_object()["parentId"] = units[1].as_object()["id"];
    units[1].as_object()["parentId"] = units[0].as_object()["id"];

    const auto load = loadBundle(boost::json::serialize(*document));
    CHECK_FALSE(load.ok());
    REQUIRE(load.bundle); // it decoded: tools can still show it
    const auto has = [&](ErrorCode code, std::string_view field) {
        return std::any_of(load.problems.begin(), load.problems.end(),
                           [&](const Error& e) { return e.code == code && e.field == field; });
    };
    CHECK(has(ErrorCode::NipBirthDate, "employees[196913141994031002].nip"));
    CHECK(has(ErrorCode::BundleDanglingReference, "memberships[m-pak-01].teamId"));
    CHECK(std::any_of(load.problems.begin(), load.problems.end(),
                      [](const Error& e) { return e.code == ErrorCode::BundleCycle; }));
    const std::string text = formatProblems(load.problems);
    CHECK(text.find("bundle.dangling_reference at memberships[m-pak-01].teamId: ") != std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<std::ptrdiff_t>(load.problems.size()));
}

TEST_CASE("bundle load: unknown fields stop decoding with their path; bad files are one problem", "[shared][bundle]") {
    const auto unknown = loadBundle(R"({"format": "jejak-bundle", "version": 1, "instansi": [], "units": [],
        "positions": [], "employees": [], "placements": [], "roleBindings": [], "targets": [], "skps": [],
        "skpItems": [], "teams": [{"id": "t"}], "memberships": [], "extra": 1})");
    CHECK_FALSE(unknown.bundle);
    CHECK(std::any_of(unknown.problems.begin(), unknown.problems.end(), [](const Error& e) {
        return e.code == ErrorCode::JsonUnknownField && e.field == "extra";
    }));
    CHECK(std::any_of(unknown.problems.begin(), unknown.problems.end(), [](const Error& e) {
        return e.code == ErrorCode::JsonMissingField && e.field == "teams[0].code";
    }));

    const auto malformed = loadBundle("{\"format\": ");
    REQUIRE(malformed.problems.size() == 1);
    CHECK(malformed.problems[0].code == ErrorCode::JsonMalformed);

    jejak::testing::TempDir dir;
    const auto missing = loadBundleFile(dir.file("absent.json"));
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].code == ErrorCode::StorageIo);
    CHECK(missing.problems[0].field == dir.file("absent.json"));
}
