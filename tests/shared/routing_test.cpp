// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/routing.hpp"

#include "support/fixture_domain.hpp"

#include <catch2/catch.hpp>

using namespace jejak::shared;
using namespace jejak::testing;

namespace {

Route routed(const Activity& a, const DomainView& view) {
    const auto route = routeActivity(a, view);
    if (!route)
        FAIL(toString(route.error()));
    return route.value();
}

Error refused(const Activity& a, const DomainView& view) {
    const auto route = routeActivity(a, view);
    REQUIRE_FALSE(route.ok());
    return route.error();
}

Activity individual(std::string_view nip, std::string_view item) {
    Activity a = fixtureActivity();
    a.nip = std::string(nip);
    a.teamId.reset();
    a.skpItemId = std::string(item);
    return a;
}

RoleBinding appointedValidator(std::string_view nip) {
    return RoleBinding{"rb-inka-validator", std::string(kUnitInka),    Role::AppointedValidator,
                       std::string(nip),    "Validator yang ditunjuk", date("2023-01-01"),
                       std::nullopt};
}

} // namespace

TEST_CASE("routing: a team activity with an SKP item goes to the team's ketua", "[shared][routing]") {
    const InMemoryDomain view = fixtureDomain();
    const Route route = routed(fixtureActivity(), view);
    CHECK(route == Route{std::string(kNipKetuaPak), RouteKind::KetuaTim, false});

    Activity pia = fixtureActivity();
    pia.nip = std::string(kNipDewi);
    pia.teamId = std::string(kTeamPia);
    CHECK(routed(pia, view).validatorNip == kNipPutra); // Putra: anggota in PAK, ketua in PIA
}

TEST_CASE("routing: the ketua's own team activity goes to the owner unit's head", "[shared][routing]") {
    const InMemoryDomain view = fixtureDomain();
    Activity a = fixtureActivity();
    a.nip = std::string(kNipKetuaPak);
    a.skpItemId = std::string(kItemKetuaPak);
    CHECK(routed(a, view) == Route{std::string(kNipKabid), RouteKind::TeamUnitHead, false});

    a.nip = std::string(kNipPutra);
    a.teamId = std::string(kTeamPia); // Putra is PIA's ketua
    CHECK(routed(a, view) == Route{std::string(kNipKabid), RouteKind::TeamUnitHead, false});
}

TEST_CASE("routing: a team without a ketua on the date goes to the owner unit's head", "[shared][routing]") {
    const InMemoryDomain view = fixtureDomain();
    Activity a = fixtureActivity();
    a.teamId = std::string(kTeamPdi);
    a.skpItemId = std::string(kItemPutraPdi);
    CHECK(routed(a, view) == Route{std::string(kNipKabid), RouteKind::TeamUnitHead, false});
}

TEST_CASE("routing: the date is local to the instansi", "[shared][routing]") {
    Bundle b = fixtureBundle();
    b.memberships[0].validTo = date("2023-06-30"); // the PAK ketua serves until 30 June
    const InMemoryDomain view(std::move(b));
    Activity a = fixtureActivity();
    a.start = instant("2023-06-30T23:30:00+08:00"); // 15:30 UTC on 30 June: still 30 June in WITA
    a.end = instant("2023-06-30T23:50:00+08:00");
    CHECK(routed(a, view).kind == RouteKind::KetuaTim);
    a.start = instant("2023-07-01T00:30:00+08:00"); // 16:30 UTC on 30 June, but 1 July in WITA
    a.end = instant("2023-07-01T01:00:00+08:00");
    CHECK(routed(a, view).kind == RouteKind::TeamUnitHead);
    CHECK(routeActivity(a, view, date("2023-06-30"), Policy{})->kind == RouteKind::KetuaTim);
}

TEST_CASE("routing: individual work follows the instance's individual route", "[shared][routing]") {
    Bundle b = fixtureBundle();
    const InMemoryDomain unitHeadView(b);
    const Activity a = individual(kNipPutra, kItemPutraOwn);
    CHECK(routed(a, unitHeadView) == Route{std::string(kNipKabid), RouteKind::UnitHead, false});

    // A Pasuruan-style instance: the appraiser (here a different person from the unit head) reviews first.
    b.instansi[0].policy.individualRoute = IndividualRoute::Appraiser;
    b.roleBindings[3].nip = std::string(kNipKetuaPak); // rb-inka-appraiser
    const InMemoryDomain appraiserView(std::move(b));
    CHECK(routed(a, appraiserView) == Route{std::string(kNipKetuaPak), RouteKind::Appraiser, false});
}

TEST_CASE("routing: a unit head's own work goes up the tree, never to themself", "[shared][routing]") {
    const InMemoryDomain view = fixtureDomain();
    CHECK(routed(individual(kNipKabid, kItemKabid), view) ==
          Route{std::string(kNipKepalaKantor), RouteKind::UnitHead, false});
    const Error top = refused(individual(kNipKepalaKantor, kItemKepalaKantor), view);
    CHECK(top.code == ErrorCode::NoValidator);
    CHECK(top.field.empty());
}

TEST_CASE("routing: unlinked work goes to the appointed validator or else the direct superior",
          "[shared][routing]") {
    Activity a = fixtureActivity();
    a.skpItemId.reset(); // with or without a team
    CHECK(routed(a, fixtureDomain()) == Route{std::string(kNipKabid), RouteKind::DirectSuperior, true});
    a.teamId.reset();
    CHECK(routed(a, fixtureDomain()) == Route{std::string(kNipKabid), RouteKind::DirectSuperior, true});

    Bundle b = fixtureBundle();
    b.roleBindings.push_back(appointedValidator(kNipDewi));
    const InMemoryDomain withValidator(b);
    CHECK(routed(a, withValidator) == Route{std::string(kNipDewi), RouteKind::AppointedValidator, true});

    // Dewi's own unlinked work cannot go to herself: it falls back to her superior.
    a.nip = std::string(kNipDewi);
    CHECK(routed(a, withValidator) == Route{std::string(kNipKabid), RouteKind::DirectSuperior, true});
}

TEST_CASE("routing: unlinked work is refused where the policy forbids it", "[shared][routing]") {
    Bundle b = fixtureBundle();
    b.instansi[0].policy.allowUnlinked = false;
    const InMemoryDomain view(std::move(b));
    Activity a = fixtureActivity();
    CHECK(routeActivity(a, view).ok());
    a.skpItemId.reset();
    const Error e = refused(a, view);
    CHECK(e.code == ErrorCode::UnlinkedNotAllowed);
    CHECK(e.field == "skpItemId");
}

TEST_CASE("routing: nobody to route to is NoValidator", "[shared][routing]") {
    Bundle b = fixtureBundle();
    b.roleBindings.clear();
    const InMemoryDomain view(std::move(b));
    Activity team = fixtureActivity();
    CHECK(routed(team, view).kind == RouteKind::KetuaTim); // the ketua needs no binding
    team.teamId = std::string(kTeamPdi);
    team.skpItemId = std::string(kItemPutraPdi);
    const Error e = refused(team, view);
    CHECK(e.code == ErrorCode::NoValidator);
    CHECK(e.field == "teamId");

    Activity unlinked = fixtureActivity();
    unlinked.skpItemId.reset();
    CHECK(refused(unlinked, view).code == ErrorCode::NoValidator);
    CHECK(refused(individual(kNipPutra, kItemPutraOwn), view).code == ErrorCode::NoValidator);
}

TEST_CASE("routing: unknown author, team or instansi", "[shared][routing]") {
    Bundle b = fixtureBundle();
    b.employees.push_back(
        Employee{"199505052020121001", "Tanpa Jabatan", EmployeeStatus::Pns, "", "no-position", true});
    const InMemoryDomain view(std::move(b));

    Activity a = fixtureActivity();
    a.teamId = "no-such-team";
    Error e = refused(a, view);
    CHECK(e.code == ErrorCode::TeamUnknown);
    CHECK(e.field == "teamId");

    a = fixtureActivity();
    a.nip = "000000000000000000";
    e = refused(a, view);
    CHECK(e.code == ErrorCode::EmployeeInactive);
    CHECK(e.field == "nip");
    CHECK(routeActivity(a, view, date("2023-03-15"), Policy{}).error().code == ErrorCode::EmployeeInactive);

    a.nip = "199505052020121001";
    e = refused(a, view);
    CHECK(e.code == ErrorCode::NotFound);
    CHECK(e.field == "nip");
}
