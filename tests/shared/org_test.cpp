// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/org.hpp"

#include "support/fixture_domain.hpp"

#include <catch2/catch.hpp>

using namespace jejak::shared;
using namespace jejak::testing;

TEST_CASE("org: dated records cover their days, both ends inclusive", "[shared][org]") {
    Membership m;
    m.validFrom = date("2023-01-01");
    m.validTo = date("2023-06-30");
    CHECK_FALSE(isActiveOn(m, date("2022-12-31")));
    CHECK(isActiveOn(m, date("2023-01-01")));
    CHECK(isActiveOn(m, date("2023-06-30")));
    CHECK_FALSE(isActiveOn(m, date("2023-07-01")));
    m.validTo.reset();
    CHECK(isActiveOn(m, date("2099-01-01")));

    RoleBinding b;
    b.validFrom = date("2023-01-01");
    b.validTo = date("2023-01-01");
    CHECK(isActiveOn(b, date("2023-01-01")));
    CHECK_FALSE(isActiveOn(b, date("2023-01-02")));

    Placement p;
    p.validFrom = date("2023-01-01");
    CHECK_FALSE(isActiveOn(p, date("2022-12-31")));
    CHECK(isActiveOn(p, date("2030-01-01")));

    const Bundle bundle = fixtureBundle();
    CHECK(periodContains(bundle.teams[0], date("2023-12-31")));
    CHECK_FALSE(periodContains(bundle.teams[0], date("2024-01-01")));
    CHECK(periodContains(bundle.skps[0], date("2023-01-01")));
    CHECK_FALSE(periodContains(bundle.skps[0], date("2022-12-31")));
}

TEST_CASE("org: a membership is active only between its dates", "[shared][org]") {
    const InMemoryDomain view = fixtureDomain();
    CHECK(activeMembership(view, kTeamPak, kNipDewi, date("2023-06-30")));
    CHECK_FALSE(activeMembership(view, kTeamPak, kNipDewi, date("2023-07-01")));
    CHECK_FALSE(activeMembership(view, kTeamPak, kNipDewi, date("2022-12-31")));
    CHECK(activeMembership(view, kTeamPia, kNipDewi, date("2023-07-01")));
    CHECK_FALSE(activeMembership(view, kTeamPak, kNipSolo, date("2023-03-15")));
    const auto ketua = activeMembership(view, kTeamPia, kNipPutra, date("2023-03-15"));
    REQUIRE(ketua);
    CHECK(ketua->role == TeamRole::Ketua);
}

TEST_CASE("org: the ketua of a team on a date, if any", "[shared][org]") {
    Bundle b = fixtureBundle();
    b.memberships[0].validTo = date("2023-06-30"); // the PAK ketua steps down...
    b.memberships.push_back(Membership{"m-pak-ketua-2",
                                       std::string(kTeamPak),
                                       std::string(kNipDewi),
                                       TeamRole::Ketua,
                                       date("2023-07-01"),
                                       std::nullopt,
                                       {}}); // ...and Dewi takes over
    const InMemoryDomain view(std::move(b));
    CHECK(teamKetuaOn(view, kTeamPak, date("2023-06-30"))->nip == kNipKetuaPak);
    CHECK(teamKetuaOn(view, kTeamPak, date("2023-07-01"))->nip == kNipDewi);
    CHECK(teamKetuaOn(view, kTeamPia, date("2023-03-15"))->nip == kNipPutra);
    CHECK_FALSE(teamKetuaOn(view, kTeamPdi, date("2023-03-15"))); // R9: no ketua
    CHECK_FALSE(teamKetuaOn(view, kTeamPak, date("2022-12-31")));
}

TEST_CASE("org: instansi and home unit of an employee", "[shared][org]") {
    Bundle b = fixtureBundle();
    b.placements.erase(b.placements.begin() + 5); // Solo has no placement: the position's unit applies
    b.positions.push_back(
        Position{"pos-orphan", "no-such-unit", "Orphan", JabatanJenis::Pelaksana, std::nullopt});
    const InMemoryDomain view(b);
    const Employee solo = *view.employee(kNipSolo);
    CHECK(instansiOf(view, solo)->id == kInstansiId);
    CHECK(homeUnitOn(view, solo, date("2023-03-15")) == std::string(kUnitInka));
    const Employee kepala = *view.employee(kNipKepalaKantor);
    CHECK(homeUnitOn(view, kepala, date("2023-03-15")) == std::string(kUnitKanreg));

    Employee orphan = solo;
    orphan.positionId = "pos-orphan";
    CHECK_FALSE(instansiOf(view, orphan));
    orphan.positionId = "no-such-position";
    CHECK_FALSE(instansiOf(view, orphan));
    CHECK_FALSE(homeUnitOn(view, orphan, date("2023-03-15")));
}

TEST_CASE("org: roles resolve to the nearest binding up the tree, never to oneself", "[shared][org]") {
    const InMemoryDomain view = fixtureDomain();
    const Date d = date("2023-03-15");
    const auto appraiser = resolveRole(view, *view.employee(kNipPutra), Role::Appraiser, d);
    REQUIRE(appraiser);
    CHECK(appraiser->nip == kNipKabid);
    CHECK(appraiser->label == "Kepala Bidang");
    // The Kepala Bidang's own bindings name himself: the walk goes up to the Kepala Kantor.
    CHECK(resolveRole(view, *view.employee(kNipKabid), Role::Appraiser, d)->nip == kNipKepalaKantor);
    CHECK(resolveRole(view, *view.employee(kNipKabid), Role::UnitHead, d)->nip == kNipKepalaKantor);
    // At the top there is nobody above.
    CHECK_FALSE(resolveRole(view, *view.employee(kNipKepalaKantor), Role::UnitHead, d));
    // A role bound nowhere.
    CHECK_FALSE(resolveRole(view, *view.employee(kNipPutra), Role::AppointedValidator, d));
    // From a unit, excluding nobody.
    CHECK(resolveRoleFromUnit(view, kUnitInka, Role::Finaliser, d, "")->nip == kNipKepalaKantor);
    CHECK(resolveRoleFromUnit(view, kUnitInka, Role::UnitHead, d, "")->nip == kNipKabid);
    CHECK_FALSE(resolveRoleFromUnit(view, "no-such-unit", Role::UnitHead, d, ""));
}

TEST_CASE("org: role bindings count only on their dates; the latest start wins in one unit",
          "[shared][org]") {
    Bundle b = fixtureBundle();
    b.roleBindings[3].validTo = date("2023-03-31"); // rb-inka-appraiser: the Kepala Bidang leaves...
    b.roleBindings.push_back(RoleBinding{"rb-inka-appraiser-plt", std::string(kUnitInka), Role::Appraiser,
                                         std::string(kNipKetuaPak), "Plt. Kepala Bidang", date("2023-04-01"),
                                         std::nullopt});
    b.roleBindings.push_back(RoleBinding{"rb-inka-head-2", std::string(kUnitInka), Role::UnitHead,
                                         std::string(kNipDewi), "Kepala Bidang", date("2023-05-01"),
                                         std::nullopt});
    const InMemoryDomain view(std::move(b));
    const Employee putra = *view.employee(kNipPutra);
    CHECK(resolveRole(view, putra, Role::Appraiser, date("2023-03-31"))->nip == kNipKabid);
    CHECK(resolveRole(view, putra, Role::Appraiser, date("2023-04-01"))->nip == kNipKetuaPak);
    CHECK(resolveRole(view, putra, Role::UnitHead, date("2023-04-30"))->nip == kNipKabid);
    CHECK(resolveRole(view, putra, Role::UnitHead, date("2023-05-01"))->nip == kNipDewi);
    // Before any binding starts, nobody holds the role anywhere up the tree.
    CHECK_FALSE(resolveRole(view, putra, Role::Appraiser, date("2019-06-01")));
}

TEST_CASE("org: a unit cycle ends the walk", "[shared][org]") {
    Bundle b = fixtureBundle();
    b.units[0].parentId = std::string(kUnitInka); // kanreg <-> inka
    b.roleBindings.clear();
    const InMemoryDomain view(std::move(b));
    CHECK_FALSE(resolveRoleFromUnit(view, kUnitInka, Role::UnitHead, date("2023-03-15"), ""));
}

TEST_CASE("org: an SKP item cascades from a team's targets directly or through ancestors", "[shared][org]") {
    const InMemoryDomain view = fixtureDomain();
    CHECK(cascadesFromTeam(view, *view.skpItem(kItemPutraPak), kTeamPak));     // parent is PAK-1
    CHECK(cascadesFromTeam(view, *view.skpItem(kItemPutraPakDeep), kTeamPak)); // PAK-1.1 -> PAK-1
    CHECK_FALSE(cascadesFromTeam(view, *view.skpItem(kItemPutraPak), kTeamPia));
    CHECK(cascadesFromTeam(view, *view.skpItem(kItemPutraPia), kTeamPia));
    CHECK_FALSE(cascadesFromTeam(view, *view.skpItem(kItemPutraOwn), kTeamPak)); // IKU only, no team target
    SkpItem dangling = *view.skpItem(kItemPutraPak);
    dangling.parentTargetId = "no-such-target";
    CHECK_FALSE(cascadesFromTeam(view, dangling, kTeamPak));
}

TEST_CASE("org: a cycle in the cascade ends the walk with false", "[shared][org]") {
    Bundle b = fixtureBundle();
    b.targets.push_back(
        PerformanceTarget{"loop-a", "loop-b", TargetLevel::Iku, "A", "", "", "", 0, 2023, "", {}, {}});
    b.targets.push_back(
        PerformanceTarget{"loop-b", "loop-a", TargetLevel::Iku, "B", "", "", "", 0, 2023, "", {}, {}});
    const InMemoryDomain view(std::move(b));
    SkpItem item = *view.skpItem(kItemPutraPak);
    item.parentTargetId = "loop-a";
    CHECK_FALSE(cascadesFromTeam(view, item, kTeamPak));
}
