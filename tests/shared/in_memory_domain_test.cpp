// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/in_memory_domain.hpp"

#include "support/fixture_domain.hpp"

#include <catch2/catch.hpp>

using namespace jejak::shared;
using namespace jejak::testing;

namespace {

KnownActivity known(std::string id, std::string_view nip, std::string_view start, std::string_view end,
                    ActivityState state, std::vector<EvidenceRef> evidence = {}) {
    KnownActivity k;
    k.activity.id = std::move(id);
    k.activity.nip = std::string(nip);
    k.activity.start = instant(start);
    k.activity.end = instant(end);
    k.activity.evidence = std::move(evidence);
    k.state = state;
    return k;
}

} // namespace

TEST_CASE("in_memory_domain: finds records by id and answers nullopt for unknown ids",
          "[shared][in_memory_domain]") {
    const InMemoryDomain view = fixtureDomain();
    REQUIRE(view.instansi(kInstansiId));
    CHECK(view.instansi(kInstansiId)->utcOffsetMinutes == 480);
    CHECK(view.unit(kUnitInka)->parentId == std::string(kUnitKanreg));
    CHECK(view.position("pos-kabid")->jenis == JabatanJenis::Administrator);
    CHECK(view.employee(kNipKabid)->positionId == "pos-kabid");
    CHECK(view.team(kTeamPak)->code == "PAK");
    CHECK(view.target("tt-pak-1")->ownerTeamId == std::string(kTeamPak));
    CHECK(view.skp("skp-solo-2023")->status == SkpStatus::Draft);
    CHECK(view.skpItem(kItemPutraPak)->quantityUnit == "Dokumen");

    CHECK_FALSE(view.instansi("nope"));
    CHECK_FALSE(view.unit("nope"));
    CHECK_FALSE(view.position("nope"));
    CHECK_FALSE(view.employee("000000000000000000"));
    CHECK_FALSE(view.team("nope"));
    CHECK_FALSE(view.target("nope"));
    CHECK_FALSE(view.skp("nope"));
    CHECK_FALSE(view.skpItem("nope"));
    CHECK(view.roleBindings("nope").empty());
    CHECK(view.teamMemberships("nope").empty());
    CHECK(view.membershipsOf("nope").empty());
    CHECK(view.bundle() == fixtureBundle());
}

TEST_CASE("in_memory_domain: groups bindings by unit and memberships by team and person",
          "[shared][in_memory_domain]") {
    const InMemoryDomain view = fixtureDomain();
    const auto inka = view.roleBindings(kUnitInka);
    REQUIRE(inka.size() == 2);
    CHECK(inka[0].id == "rb-inka-appraiser"); // input order is kept
    CHECK(inka[1].id == "rb-inka-head");
    CHECK(view.roleBindings(kUnitKanreg).size() == 3);

    const auto pak = view.teamMemberships(kTeamPak);
    REQUIRE(pak.size() == 3);
    CHECK(pak[0].role == TeamRole::Ketua);
    const auto putra = view.membershipsOf(kNipPutra);
    REQUIRE(putra.size() == 3);
    CHECK(putra[1].teamId == kTeamPia);
    CHECK(putra[1].role == TeamRole::Ketua);
}

TEST_CASE("in_memory_domain: the placement valid on a day, bounds inclusive", "[shared][in_memory_domain]") {
    Bundle b = fixtureBundle();
    b.placements.push_back(Placement{"pl-solo-later", std::string(kNipSolo), std::string(kUnitKanreg),
                                     date("2023-07-01"), date("2023-12-31"), "SK/MUTASI/2023"});
    b.placements[5].validTo = date("2023-06-30"); // Solo's first placement ends
    REQUIRE(b.placements[5].nip == kNipSolo);
    const InMemoryDomain view(std::move(b));
    CHECK_FALSE(view.placementOn(kNipSolo, date("2019-12-31")));
    CHECK(view.placementOn(kNipSolo, date("2020-01-01"))->unitId == kUnitInka);
    CHECK(view.placementOn(kNipSolo, date("2023-06-30"))->unitId == kUnitInka);
    CHECK(view.placementOn(kNipSolo, date("2023-07-01"))->unitId == kUnitKanreg);
    CHECK(view.placementOn(kNipSolo, date("2023-12-31"))->unitId == kUnitKanreg);
    CHECK_FALSE(view.placementOn(kNipSolo, date("2024-01-01")));
    CHECK_FALSE(view.placementOn("000000000000000000", date("2023-01-01")));
}

TEST_CASE("in_memory_domain: overlapping placements resolve to the latest start",
          "[shared][in_memory_domain]") {
    Bundle b = fixtureBundle();
    b.placements.push_back(Placement{"pl-solo-overlap", std::string(kNipSolo), std::string(kUnitKanreg),
                                     date("2023-03-01"), std::nullopt, "SK"});
    const InMemoryDomain view(std::move(b));
    CHECK(view.placementOn(kNipSolo, date("2023-02-28"))->unitId == kUnitInka);
    CHECK(view.placementOn(kNipSolo, date("2023-03-01"))->unitId == kUnitKanreg);
}

TEST_CASE("in_memory_domain: the first record of a duplicated id wins", "[shared][in_memory_domain]") {
    Bundle b = fixtureBundle();
    Team copy = b.teams[0];
    copy.name = "Duplicate";
    b.teams.push_back(copy);
    const InMemoryDomain view(std::move(b));
    CHECK(view.team(kTeamPak)->name == "Pengelolaan Arsip Kepegawaian");
}

TEST_CASE("in_memory_domain: overlaps are half-open, per person, live only, excluding self",
          "[shared][in_memory_domain]") {
    const InMemoryDomain view = fixtureDomain({
        known("a1", kNipPutra, "2023-03-15T10:00:00+08:00", "2023-03-15T12:00:00+08:00",
              ActivityState::Submitted),
        known("a2", kNipPutra, "2023-03-15T08:00:00+08:00", "2023-03-15T09:00:00+08:00",
              ActivityState::Approved),
        known("a3", kNipPutra, "2023-03-15T09:30:00+08:00", "2023-03-15T10:30:00+08:00",
              ActivityState::Withdrawn),
        known("a4", kNipPutra, "2023-03-15T09:30:00+08:00", "2023-03-15T10:30:00+08:00",
              ActivityState::Rejected),
        known("a5", kNipDewi, "2023-03-15T09:00:00+08:00", "2023-03-15T11:00:00+08:00",
              ActivityState::Submitted),
        known("a6", kNipPutra, "2023-03-15T09:15:00+08:00", "2023-03-15T09:45:00+08:00",
              ActivityState::Rated),
    });
    const auto start = instant("2023-03-15T09:00:00+08:00");
    const auto end = instant("2023-03-15T11:00:00+08:00");
    // a2 ends exactly at the start: touching is no overlap. a3/a4 are dead; a5 is someone else.
    CHECK(view.overlappingActivities(kNipPutra, start, end, "") == std::vector<std::string>{"a1", "a6"});
    CHECK(view.overlappingActivities(kNipPutra, start, end, "a1") == std::vector<std::string>{"a6"});
    CHECK(view.overlappingActivities(kNipPutra, instant("2023-03-15T12:00:00+08:00"),
                                     instant("2023-03-15T13:00:00+08:00"), "")
              .empty());
    CHECK(view.overlappingActivities(kNipSolo, start, end, "").empty());
}

TEST_CASE("in_memory_domain: evidence users are live activities other than the excluded one",
          "[shared][in_memory_domain]") {
    const std::string t0 = "2023-03-01T08:00:00+08:00";
    const std::string t1 = "2023-03-01T09:00:00+08:00";
    const InMemoryDomain view = fixtureDomain({
        known("b1", kNipPutra, t0, t1, ActivityState::Approved, {photo(7), photo(7)}),
        known("b2", kNipDewi, t0, t1, ActivityState::Submitted, {photo(7)}),
        known("b3", kNipDewi, t0, t1, ActivityState::Withdrawn, {photo(7), photo(8)}),
    });
    CHECK(view.activitiesUsingEvidence(digest(7), "") == std::vector<std::string>{"b1", "b2"});
    CHECK(view.activitiesUsingEvidence(digest(7), "b2") == std::vector<std::string>{"b1"});
    CHECK(view.activitiesUsingEvidence(digest(8), "").empty());
    CHECK(view.activitiesUsingEvidence(digest(9), "").empty());
    CHECK(view.activities().size() == 3);
}
