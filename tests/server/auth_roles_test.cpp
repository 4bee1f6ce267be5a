// SPDX-License-Identifier: Apache-2.0
#include "auth/roles.hpp"

#include "auth_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace jejak::server;
using namespace jejak::testing;
using jejak::shared::Date;

namespace {

std::vector<std::string> strings(std::initializer_list<const char*> items) {
    return {items.begin(), items.end()};
}

} // namespace

TEST_CASE("roles: anggota of PAK and ketua of PIA is employee and ketua of team-pia only",
          "[server][auth][roles]") {
    const auto ref = demoReference();
    const Roles r = rolesOf(*ref, kDemoKetuaPia, kDemoDay);
    CHECK(r.employee);
    CHECK(r.ketuaOf == strings({"team-pia"}));
    CHECK(r.appraiserOf.empty());
    CHECK(r.unitHeadOf.empty());
    CHECK_FALSE(r.admin);
    CHECK(r.names() == strings({"employee", "ketua"}));
    CHECK(r.leads("team-pia"));
    CHECK_FALSE(r.leads("team-pak"));

    // Before the teams start (memberships from 2023-01-09) the same person is only an employee.
    const Roles early = rolesOf(*ref, kDemoKetuaPia, Date(std::chrono::year(2023) / 1 / 5));
    CHECK(early.ketuaOf.empty());
    CHECK(early.names() == strings({"employee"}));
}

TEST_CASE("roles: the Kepala Bidang appraises the bidang staff and heads the unit", "[server][auth][roles]") {
    const auto ref = demoReference();
    const Roles r = rolesOf(*ref, kDemoKabidInka, kDemoDay);
    CHECK(r.employee);
    CHECK(r.unitHeadOf == strings({"unit-inka"}));
    CHECK(r.ketuaOf.empty());
    CHECK_FALSE(r.admin);
    CHECK(r.names() == strings({"employee", "appraiser", "unitHead"}));
    // Every other employee placed in unit-inka, and nobody else (not themself, not their own superior).
    std::vector<std::string> staff;
    for (const auto& p : demoBundle().placements) {
        if (p.unitId == "unit-inka" && p.nip != kDemoKabidInka) {
            staff.push_back(p.nip);
        }
    }
    std::sort(staff.begin(), staff.end());
    CHECK(staff.size() == 24);
    CHECK(r.appraiserOf == staff);
    CHECK(r.appraises(kDemoKetuaPia));
    CHECK_FALSE(r.appraises(kDemoKabidInka));
    CHECK_FALSE(r.appraises("196903141994031002")); // the Kepala Kantor appraises the Kabid, not the reverse

    // The Kepala Kantor appraises the Kabid (the walk skips nobody else's binding).
    const Roles top = rolesOf(*ref, "196903141994031002", kDemoDay);
    CHECK(top.appraiserOf == strings({"197608212001031005"}));
    CHECK(top.unitHeadOf == strings({"unit-kanreg-x"}));
}

TEST_CASE("roles: the admin binding gives admin; a plain member has only employee", "[server][auth][roles]") {
    const auto ref = demoReference();
    const Roles admin = rolesOf(*ref, kDemoAdmin, kDemoDay);
    CHECK(admin.admin);
    CHECK(admin.names() == strings({"employee", "admin"}));
    const Roles member = rolesOf(*ref, kDemoAnggota, kDemoDay);
    CHECK(member.names() == strings({"employee"}));
    CHECK_FALSE(member.admin);
}

TEST_CASE("roles: someone who is not an active employee holds no role", "[server][auth][roles]") {
    jejak::shared::Bundle bundle = demoBundle();
    for (auto& e : bundle.employees) {
        if (e.nip == kDemoKabidInka) {
            e.active = false;
        }
    }
    const jejak::shared::InMemoryDomain ref(std::move(bundle));
    const Roles r = rolesOf(ref, kDemoKabidInka, kDemoDay);
    CHECK(r == Roles{});
    CHECK(r.names().empty());
    CHECK(rolesOf(ref, "000000000000000000", kDemoDay) == Roles{});
}

TEST_CASE("roles: who may see, review and rate an activity", "[server][auth][roles]") {
    const auto ref = demoReference();
    const Roles ketuaPia = rolesOf(*ref, kDemoKetuaPia, kDemoDay);
    const Roles kabid = rolesOf(*ref, kDemoKabidInka, kDemoDay);
    const Roles anggota = rolesOf(*ref, kDemoAnggota, kDemoDay);
    const Roles admin = rolesOf(*ref, kDemoAdmin, kDemoDay);
    const Roles outsider = rolesOf(*ref, "197804272003122002", kDemoDay); // Kabid in Pasuruan

    // A PIA activity of a member, routed to the PIA ketua.
    const ActivityAccess pia{kDemoAnggota, std::string_view("team-pia"), kDemoKetuaPia};
    CHECK(canSeeActivity(kDemoAnggota, anggota, pia));   // the author
    CHECK(canSeeActivity(kDemoKetuaPia, ketuaPia, pia)); // the validator and ketua
    CHECK(canSeeActivity(kDemoKabidInka, kabid, pia));   // the author's appraiser
    CHECK_FALSE(canSeeActivity(kDemoAdmin, admin, pia)); // admin is no reader of work
    CHECK_FALSE(canSeeActivity("197804272003122002", outsider, pia));

    // A PAK activity of the same member: the PIA ketua leads another team and sees nothing.
    const ActivityAccess pak{kDemoAnggota, std::string_view("team-pak"), "198605122010031004"};
    CHECK_FALSE(canSeeActivity(kDemoKetuaPia, ketuaPia, pak));
    CHECK(canSeeActivity("198605122010031004", rolesOf(*ref, "198605122010031004", kDemoDay), pak));
    // An individual activity (no team) routed to the unit head.
    const ActivityAccess solo{kDemoAnggota, std::nullopt, kDemoKabidInka};
    CHECK_FALSE(canSeeActivity(kDemoKetuaPia, ketuaPia, solo));
    CHECK(canSeeActivity(kDemoKabidInka, kabid, solo));
    CHECK_FALSE(canSeeActivity("", Roles{}, solo));

    CHECK(canReviewActivity(kDemoKetuaPia, pia));
    CHECK_FALSE(canReviewActivity(kDemoKabidInka, pia));
    CHECK_FALSE(canReviewActivity(kDemoAnggota, pia));
    CHECK_FALSE(canReviewActivity(kDemoAnggota, ActivityAccess{kDemoAnggota, std::nullopt, kDemoAnggota}));

    CHECK(canRateWorkOf(kabid, kDemoAnggota));
    CHECK_FALSE(canRateWorkOf(ketuaPia, kDemoAnggota));
    CHECK_FALSE(canRateWorkOf(kabid, kDemoKabidInka));
}
