// SPDX-License-Identifier: Apache-2.0
// Realisation reports: sums per SKP item, employee, team and unit over stored activities, JSON and CSV,
// the endpoint's authorization matrix, and jejak-admin report realisation as a process.
#include "reports/realisation.hpp"

#include "auth_fixture.hpp"
#include "handlers/reports.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "jejak/shared/codec.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

using jejak::server::AppState;
using jejak::server::Caller;
using jejak::server::ReportRequest;
using jejak::server::ReportScope;
using jejak::server::SqliteStorage;
using jejak::server::SqliteStorageOptions;
using jejak::server::WriteContext;
using jejak::shared::Result;
using jejak::shared::Timestamp;
using jejak::testing::AuthRig;
using jejak::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// People of the demo bundle.
const std::string kAnggota = "199106222015031012";   // PAK, PIA and PLT anggota (SKP skp-2023-a7)
const std::string kOther = "199312012017031018";     // PAK and PIA anggota (SKP skp-2023-a8)
const std::string kKetuaPak = "198605122010031004";  // Ketua of team-pak
const std::string kKabidInka = "197608212001031005"; // appraiser and unit head of unit-inka
const std::string kKepalaKanreg = "196903141994031002"; // unit head of unit-kanreg-x (above unit-inka)
const std::string kAdmin = "199210232017031022";     // Admin binding of the Kantor Regional
const std::string kKadisPasuruan = "197109051996031003"; // another instansi's unit head

/// The statement of si-2023-a7-2 in the test bundle: a comma and quotes, for CSV escaping.
const std::string kQuotedStatement = "Arsip \"vital\", tertata";

Timestamp at(const char* text) {
    return *jejak::shared::parseTimestamp(text);
}

std::string uuid(int n) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "01890000-0000-7000-8000-%012d", n);
    return buffer;
}

struct Stored {
    int n = 0;
    std::string nip;
    std::string item;
    std::string state;
    double quantity = 0;
    const char* start = "";
    std::optional<jejak::shared::IkiScores> rating;
};

/// Writes an activity row (and its rating row) the way the sync operations store them.
Result<void> insert(WriteContext& ctx, const Stored& s) {
    jejak::shared::Activity a;
    a.id = uuid(s.n);
    a.nip = s.nip;
    a.name = "Kegiatan " + std::to_string(s.n);
    a.skpItemId = s.item;
    a.outputQuantity = s.quantity;
    a.outputUnit = "Dokumen";
    a.start = at(s.start);
    a.end = a.start + std::chrono::hours(1);
    a.description = "uji";
    a.createdAt = a.start;
    auto stmt = ctx.statements().get(
        "INSERT INTO activity (id, nip, revision, state, validator_nip, route_kind, unlinked, flags, team_id, "
        "skp_item_id, start_ms, end_ms, data, created_at, updated_at) "
        "VALUES (?, ?, 1, ?, ?, 'team', 0, '[]', NULL, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return std::move(stmt).error();
    const std::int64_t now = ctx.now().time_since_epoch().count();
    const std::string data = boost::json::serialize(jejak::shared::toJson(a));
    if (auto r = (*stmt)->bindAll(std::string_view(a.id), std::string_view(a.nip), std::string_view(s.state),
                                  std::string_view(kKetuaPak), std::string_view(s.item),
                                  a.start.time_since_epoch().count(), a.end.time_since_epoch().count(),
                                  std::string_view(data), now, now);
        !r)
        return r;
    if (auto r = (*stmt)->run(); !r)
        return r;
    if (!s.rating)
        return {};
    jejak::shared::Rating rating;
    rating.id = uuid(1000 + s.n);
    rating.activityId = a.id;
    rating.appraiserNip = kKabidInka;
    rating.scores = *s.rating;
    rating.ratedAt = a.end;
    auto rstmt = ctx.statements().get(
        "INSERT INTO rating (id, activity_id, appraiser_nip, data, rated_at) VALUES (?, ?, ?, ?, ?)");
    if (!rstmt)
        return std::move(rstmt).error();
    const std::string rdata = boost::json::serialize(jejak::shared::toJson(rating));
    if (auto r = (*rstmt)->bindAll(std::string_view(rating.id), std::string_view(a.id),
                                   std::string_view(kKabidInka), std::string_view(rdata), now);
        !r)
        return r;
    return (*rstmt)->run();
}

/// The activities every test starts from. Only approved and rated ones count towards realisation.
const std::vector<Stored>& storedActivities() {
    static const std::vector<Stored> kActivities = {
        {1, kAnggota, "si-2023-a7-2", "approved", 100, "2023-03-01T01:00:00Z", std::nullopt},
        // 00:30 WITA on 2 March (still 1 March in UTC).
        {2, kAnggota, "si-2023-a7-2", "rated", 50, "2023-03-01T16:30:00Z", jejak::shared::IkiScores{80, 80, 81}},
        {3, kAnggota, "si-2023-a7-2", "submitted", 1000, "2023-03-03T01:00:00Z", std::nullopt},
        {4, kAnggota, "si-2023-a7-2", "returned", 7, "2023-03-04T01:00:00Z", std::nullopt},
        {5, kAnggota, "si-2023-a7-2", "rejected", 9, "2023-03-05T01:00:00Z", std::nullopt},
        {6, kAnggota, "si-2023-a7-2", "withdrawn", 11, "2023-03-06T01:00:00Z", std::nullopt},
        {7, kAnggota, "si-2023-a7-3", "rated", 3, "2023-04-10T01:00:00Z", jejak::shared::IkiScores{90, 90, 90}},
        {8, kOther, "si-2023-a8-2", "approved", 200, "2023-03-05T02:00:00Z", std::nullopt},
        {9, kOther, "si-2023-a8-3", "rated", 1, "2023-03-07T02:00:00Z", jejak::shared::IkiScores{70, 70, 70}},
    };
    return kActivities;
}

/// The demo bundle with a statement that needs CSV quoting.
jejak::shared::Bundle testBundle() {
    jejak::shared::Bundle bundle = jejak::testing::demoBundle();
    for (auto& item : bundle.skpItems) {
        if (item.id == "si-2023-a7-2")
            item.statement = kQuotedStatement;
    }
    return bundle;
}

/// Imports the test bundle into DIR/jejak.db and stores the activities.
void seed(SqliteStorage& storage) {
    REQUIRE(storage.importBundle(testBundle(), "jejak-admin"));
    const auto written = storage.write([](WriteContext& ctx) -> Result<void> {
        for (const Stored& s : storedActivities()) {
            if (auto r = insert(ctx, s); !r)
                return r;
        }
        return {};
    });
    INFO((written ? std::string() : written.error().message));
    REQUIRE(written);
}

std::unique_ptr<SqliteStorage> openStorage(const std::string& path, const jejak::shared::Clock& clock) {
    SqliteStorageOptions options;
    options.path = path;
    auto opened = SqliteStorage::open(options, clock);
    REQUIRE(opened);
    return std::move(*opened);
}

/// An AppState over a seeded database and the real Auth, clock at 2023-03-15.
struct ReportApp {
    ReportApp() { seed(*storage); }

    AuthRig rig;
    TempDir dir;
    std::unique_ptr<SqliteStorage> storage = openStorage(dir.file("jejak.db"), rig.clock);
    AppState state{"0.1.0", *storage, rig.clock, *rig.auth};

    [[nodiscard]] jejak::server::RealisationReport report(ReportScope scope, std::string id,
                                                          std::optional<std::string> from = std::nullopt,
                                                          std::optional<std::string> to = std::nullopt) const {
        ReportRequest request;
        request.scope = scope;
        request.id = std::move(id);
        request.year = 2023;
        if (from)
            request.from = jejak::shared::parseDate(*from);
        if (to)
            request.to = jejak::shared::parseDate(*to);
        const auto snapshot = storage->referenceSnapshot();
        auto built = jejak::server::buildRealisationReport(*snapshot.domain, *storage, request);
        INFO((built ? std::string() : built.error().message));
        REQUIRE(built);
        return std::move(*built);
    }

    [[nodiscard]] jejak::server::HttpResponse get(const std::string& nip, const std::string& query) {
        jejak::server::HttpRequest request;
        request.method = "GET";
        request.target = "/v1/reports/realisation";
        request.query = query;
        return jejak::server::handleRealisationReport(request, {}, state, Caller{nip, "device-1", "session-1"});
    }
};

const jejak::server::ItemRealisation& itemOf(const std::vector<jejak::server::ItemRealisation>& items,
                                             const std::string& id) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const auto& r) { return r.item.id == id; });
    REQUIRE(it != items.end());
    return *it;
}

const jejak::server::TargetRealisation& targetOf(const jejak::server::RealisationReport& report,
                                                 const std::string& id) {
    const auto it = std::find_if(report.targets.begin(), report.targets.end(),
                                 [&](const auto& t) { return t.target.id == id; });
    REQUIRE(it != report.targets.end());
    return *it;
}

} // namespace

TEST_CASE("reports: an SKP item counts only approved and rated activities", "[server][reports]") {
    ReportApp app;
    const auto report = app.report(ReportScope::SkpItem, "si-2023-a7-2");
    REQUIRE(report.items.size() == 1);
    const auto& r = report.items.front();
    CHECK(r.nip == kAnggota);
    CHECK(r.name == "I Wayan Suryadana");
    CHECK(r.totals.realised == 150);   // 100 approved + 50 rated; submitted, returned, rejected, withdrawn not
    CHECK(r.totals.activities == 2);
    CHECK(r.totals.rated == 1);
    CHECK(r.totals.meanIki == 80.33);
    CHECK(r.totals.submitted == 1);
    CHECK(r.totals.returned == 1);
    REQUIRE(r.percentage);
    CHECK(*r.percentage == Approx(3.0)); // 150 of 5000 Dokumen
    CHECK(r.item.quantityUnit == "Dokumen");
}

TEST_CASE("reports: over-achievement keeps the raw percentage and caps the display", "[server][reports]") {
    ReportApp app;
    const auto report = app.report(ReportScope::SkpItem, "si-2023-a7-3");
    const auto& r = report.items.front();
    CHECK(r.totals.realised == 3);
    CHECK(r.totals.meanIki == 90);
    REQUIRE(r.percentage);
    CHECK(*r.percentage == Approx(150.0)); // 3 of 2 Instansi
    CHECK(r.percentageDisplay() == 100.0);
    // An item without activities: zero, not missing.
    const auto empty = app.report(ReportScope::SkpItem, "si-2023-a7-1").items.front();
    CHECK(empty.totals.realised == 0);
    CHECK(empty.totals.activities == 0);
    CHECK_FALSE(empty.totals.meanIki);
    CHECK(empty.percentage == 0.0);
}

TEST_CASE("reports: an employee's items of the year with their realisation", "[server][reports]") {
    ReportApp app;
    const auto report = app.report(ReportScope::Employee, kAnggota);
    CHECK(report.subjectName == "I Wayan Suryadana");
    REQUIRE(report.items.size() == 4);
    CHECK(report.items[0].item.id == "si-2023-a7-1");
    CHECK(report.items[3].item.id == "si-2023-a7-4");
    CHECK(itemOf(report.items, "si-2023-a7-2").totals.realised == 150);
    CHECK(itemOf(report.items, "si-2023-a7-3").totals.realised == 3);
    CHECK(itemOf(report.items, "si-2023-a7-4").totals.realised == 0);

    ReportRequest otherYear;
    otherYear.scope = ReportScope::Employee;
    otherYear.id = kAnggota;
    otherYear.year = 2024;
    const auto none = jejak::server::buildRealisationReport(*app.storage->referenceSnapshot().domain, *app.storage,
                                                            otherYear);
    REQUIRE(none);
    CHECK(none->items.empty());

    otherYear.id = "199999999999999999";
    const auto unknown = jejak::server::buildRealisationReport(*app.storage->referenceSnapshot().domain,
                                                               *app.storage, otherYear);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == jejak::shared::ErrorCode::NotFound);
}

TEST_CASE("reports: the period filters on the activity's local start date", "[server][reports]") {
    ReportApp app;
    // 1 March WITA: only activity 1; activity 2 started at 00:30 on 2 March WITA (1 March UTC).
    const auto first = app.report(ReportScope::Employee, kAnggota, "2023-03-01", "2023-03-01");
    CHECK(itemOf(first.items, "si-2023-a7-2").totals.realised == 100);
    CHECK(itemOf(first.items, "si-2023-a7-2").totals.rated == 0);
    const auto april = app.report(ReportScope::Employee, kAnggota, "2023-04-01");
    CHECK(itemOf(april.items, "si-2023-a7-2").totals.realised == 0);
    CHECK(itemOf(april.items, "si-2023-a7-2").totals.submitted == 0);
    CHECK(itemOf(april.items, "si-2023-a7-3").totals.realised == 3);

    ReportRequest backwards;
    backwards.scope = ReportScope::Employee;
    backwards.id = kAnggota;
    backwards.year = 2023;
    backwards.from = jejak::shared::parseDate("2023-05-01");
    backwards.to = jejak::shared::parseDate("2023-04-01");
    const auto refused = jejak::server::buildRealisationReport(*app.storage->referenceSnapshot().domain,
                                                               *app.storage, backwards);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "to");
}

TEST_CASE("reports: a team's targets sum the items cascading from them, by member", "[server][reports]") {
    ReportApp app;
    const auto report = app.report(ReportScope::Team, "team-pak");
    REQUIRE(report.targets.size() == 4); // tt-pak-3, tt-pak-4, tt-pak-4.2, tt-pak-7.2
    const auto& t = targetOf(report, "tt-pak-7.2");
    CHECK(t.items.size() == 11);
    CHECK(t.totals.realised == 350); // 150 (anggota) + 200 (other)
    CHECK(t.totals.activities == 3);
    CHECK(t.totals.rated == 1);
    CHECK(t.totals.meanIki == 80.33);
    CHECK(t.totals.submitted == 1);
    CHECK(t.totals.returned == 1);
    REQUIRE(t.percentage);
    CHECK(*t.percentage == Approx(0.625)); // 350 of 56000
    CHECK(t.target.targetValue == 56000);
    const auto member = [&](const std::string& nip) {
        const auto it = std::find_if(t.members.begin(), t.members.end(), [&](const auto& m) { return m.nip == nip; });
        REQUIRE(it != t.members.end());
        return it->totals.realised;
    };
    CHECK(member(kAnggota) == 150);
    CHECK(member(kOther) == 200);
    CHECK(member(kKetuaPak) == 0);
    CHECK(targetOf(report, "tt-pak-4").totals.realised == 0);

    const auto pia = app.report(ReportScope::Team, "team-pia");
    const auto& t63 = targetOf(pia, "tt-pia-6.3");
    CHECK(t63.totals.realised == 4); // 3 + 1
    CHECK(t63.totals.rated == 2);
    CHECK(t63.totals.meanIki == 80); // (90 + 70) / 2
}

TEST_CASE("reports: a unit's PK targets sum the items of all their descendants", "[server][reports]") {
    ReportApp app;
    const auto report = app.report(ReportScope::Unit, "unit-inka");
    CHECK(report.targets.size() == 18); // SS, IKU and sub-IKU of unit-inka, team targets excluded
    CHECK(std::none_of(report.targets.begin(), report.targets.end(),
                       [](const auto& t) { return t.target.level == jejak::shared::TargetLevel::Team; }));
    CHECK(targetOf(report, "iku-7.2").totals.realised == 350);
    CHECK(targetOf(report, "iku-7.2").totals.submitted == 1);
    CHECK(targetOf(report, "iku-7.2").totals.returned == 1);
    CHECK(targetOf(report, "iku-7").totals.realised == 350);
    CHECK(targetOf(report, "ss-5").totals.realised == 350);
    CHECK(targetOf(report, "iku-6.3").totals.realised == 4);
    CHECK(targetOf(report, "ss-4").totals.realised == 4);
    CHECK(targetOf(report, "ss-4").totals.rated == 2);
    CHECK(targetOf(report, "iku-4").totals.realised == 0);
    CHECK_FALSE(targetOf(report, "ss-2").percentage); // target value 0: no percentage
    CHECK(app.report(ReportScope::Unit, "unit-psr-statistik").targets.size() == 3);
}

TEST_CASE("reports: CSV quotes fields with a comma, quote or line break", "[server][reports][csv]") {
    CHECK(jejak::server::csvField("plain") == "plain");
    CHECK(jejak::server::csvField("a,b") == "\"a,b\"");
    CHECK(jejak::server::csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(jejak::server::csvField("two\nlines") == "\"two\nlines\"");
    CHECK(jejak::server::csvField("") == "");

    ReportApp app;
    const std::string csv = jejak::server::reportCsv(app.report(ReportScope::Employee, kAnggota));
    const std::string header = "nip,name,skpItemId,skpId,statement,indicator,parentTargetId,target,unit,realised,"
                               "percentage,activities,rated,meanIki,submitted,returned\r\n";
    CHECK(csv.rfind(header, 0) == 0);
    CHECK(csv.find(",\"Arsip \"\"vital\"\", tertata\",") != std::string::npos);
    CHECK(csv.find(",5000,Dokumen,150,3,2,1,80.33,1,1\r\n") != std::string::npos);
    CHECK(csv.find(",2,Instansi,3,150,1,1,90,0,0\r\n") != std::string::npos);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 5); // header + 4 items

    const std::string team = jejak::server::reportCsv(app.report(ReportScope::Team, "team-pak"));
    CHECK(team.rfind("row,targetId,targetLevel,targetCode,targetStatement,targetValue,targetUnit,nip,", 0) == 0);
    CHECK(team.find("\r\ntarget,tt-pak-7.2,team,") != std::string::npos);
    CHECK(team.find(",56000,Dokumen,,,,,,,,,,350,0.63,3,1,80.33,1,1\r\n") != std::string::npos);
}

TEST_CASE("reports: the JSON shape", "[server][reports][json]") {
    ReportApp app;
    const auto employee = boost::json::parse(jejak::server::reportJson(app.report(ReportScope::Employee, kAnggota)));
    const auto& o = employee.as_object();
    CHECK(o.at("scope").as_string() == "employee");
    CHECK(o.at("id").as_string() == kAnggota);
    CHECK(o.at("year") == 2023);
    CHECK(o.at("from").is_null());
    REQUIRE(o.at("items").as_array().size() == 4);
    const auto& item = o.at("items").as_array()[1].as_object();
    CHECK(item.at("skpItemId").as_string() == "si-2023-a7-2");
    CHECK(item.at("statement").as_string() == kQuotedStatement);
    CHECK(item.at("target") == 5000);
    CHECK(item.at("unit").as_string() == "Dokumen");
    CHECK(item.at("realised") == 150);
    CHECK(item.at("activities") == 2);
    CHECK(item.at("rated") == 1);
    CHECK(item.at("meanIki").as_double() == Approx(80.33));
    CHECK(item.at("submitted") == 1);
    CHECK(item.at("returned") == 1);
    CHECK(item.at("percentage") == 3);
    CHECK(item.at("percentageDisplay") == 3);
    const auto& over = o.at("items").as_array()[2].as_object();
    CHECK(over.at("percentage") == 150);
    CHECK(over.at("percentageDisplay") == 100);
    CHECK(o.at("items").as_array()[0].as_object().at("meanIki").is_null());

    const auto team = boost::json::parse(jejak::server::reportJson(app.report(ReportScope::Team, "team-pak")));
    const auto& targets = team.as_object().at("targets").as_array();
    REQUIRE(targets.size() == 4);
    const auto& t = targets[3].as_object();
    CHECK(t.at("targetId").as_string() == "tt-pak-7.2");
    CHECK(t.at("level").as_string() == "team");
    CHECK(t.at("targetValue") == 56000);
    CHECK(t.at("realised") == 350);
    CHECK(t.at("percentage").as_double() == Approx(0.625));
    CHECK(t.at("items").as_array().size() == 11);
    CHECK(t.at("members").as_array().size() == 11);
    CHECK_FALSE(team.as_object().contains("items"));
}

TEST_CASE("reports: who may see which report", "[server][reports][auth]") {
    ReportApp app;
    const auto domain = app.storage->referenceSnapshot().domain;
    const auto day = jejak::testing::kDemoDay;
    const auto sees = [&](const std::string& caller, ReportScope scope, const std::string& id) {
        return jejak::server::canSeeReport(*domain, caller, day, scope, id);
    };
    // Employee report of the anggota.
    CHECK(sees(kAnggota, ReportScope::Employee, kAnggota));       // own
    CHECK(sees(kKabidInka, ReportScope::Employee, kAnggota));     // appraiser (and unit head)
    CHECK(sees(kKepalaKanreg, ReportScope::Employee, kAnggota));  // head of the unit above
    CHECK(sees(kAdmin, ReportScope::Employee, kAnggota));         // admin of the instansi
    CHECK_FALSE(sees(kKetuaPak, ReportScope::Employee, kAnggota)); // a ketua sees the team view only
    CHECK_FALSE(sees(kOther, ReportScope::Employee, kAnggota));   // a colleague
    CHECK_FALSE(sees(kKadisPasuruan, ReportScope::Employee, kAnggota)); // another instansi
    CHECK_FALSE(sees(kAnggota, ReportScope::Employee, kOther));
    // SKP items: the owner's viewers, and the ketua of a team the item cascades from.
    CHECK(sees(kAnggota, ReportScope::SkpItem, "si-2023-a7-2"));
    CHECK(sees(kKetuaPak, ReportScope::SkpItem, "si-2023-a7-2")); // tt-pak-7.2
    CHECK_FALSE(sees(kKetuaPak, ReportScope::SkpItem, "si-2023-a7-3")); // tt-pia-6.3
    CHECK_FALSE(sees(kOther, ReportScope::SkpItem, "si-2023-a7-2"));
    // Teams.
    CHECK(sees(kKetuaPak, ReportScope::Team, "team-pak"));
    CHECK_FALSE(sees(kKetuaPak, ReportScope::Team, "team-pia"));
    CHECK(sees(kKabidInka, ReportScope::Team, "team-pak"));
    CHECK(sees(kAdmin, ReportScope::Team, "team-pak"));
    CHECK_FALSE(sees(kAnggota, ReportScope::Team, "team-pak")); // a member, not the ketua
    CHECK_FALSE(sees(kAdmin, ReportScope::Team, "team-psr-sds")); // another instansi's team
    // Units.
    CHECK(sees(kKabidInka, ReportScope::Unit, "unit-inka"));
    CHECK(sees(kKepalaKanreg, ReportScope::Unit, "unit-inka"));
    CHECK_FALSE(sees(kKabidInka, ReportScope::Unit, "unit-kanreg-x")); // not the unit above
    CHECK(sees(kAdmin, ReportScope::Unit, "unit-kanreg-x"));
    CHECK_FALSE(sees(kAdmin, ReportScope::Unit, "unit-psr-statistik"));
    CHECK_FALSE(sees(kKetuaPak, ReportScope::Unit, "unit-inka"));
    CHECK(sees(kKadisPasuruan, ReportScope::Unit, "unit-psr-statistik"));
    // Unknown subjects are never visible, not even to an admin.
    CHECK_FALSE(sees(kAdmin, ReportScope::Employee, "199999999999999999"));
    CHECK_FALSE(sees(kAdmin, ReportScope::Unit, "unit-nowhere"));
    CHECK_FALSE(sees("", ReportScope::Employee, kAnggota));
}

TEST_CASE("reports: the endpoint answers JSON or CSV to those allowed, 403 to others", "[server][reports][http]") {
    ReportApp app;
    const std::string query = "scope=employee&nip=" + kAnggota + "&year=2023";
    for (const std::string& allowed : {kAnggota, kKabidInka, kKepalaKanreg, kAdmin}) {
        INFO(allowed);
        const auto response = app.get(allowed, query);
        CHECK(response.status == 200);
        CHECK(response.contentType == "application/json");
        const auto body = boost::json::parse(response.body);
        CHECK(body.at("items").as_array().size() == 4);
    }
    for (const std::string& denied : {kKetuaPak, kOther, kKadisPasuruan}) {
        INFO(denied);
        const auto response = app.get(denied, query);
        CHECK(response.status == 403);
        CHECK(response.body.find("auth.forbidden") != std::string::npos);
    }
    CHECK(app.get(kKetuaPak, "scope=team&team=team-pak").status == 200); // year defaults to the clock's: 2023
    CHECK(app.get(kKetuaPak, "scope=team&team=team-pia").status == 403);
    CHECK(app.get(kKabidInka, "scope=unit&unit=unit-inka&year=2023").status == 200);
    CHECK(app.get(kAnggota, "scope=unit&unit=unit-inka&year=2023").status == 403);
    CHECK(app.get(kKetuaPak, "scope=skpItem&item=si-2023-a7-2").status == 200);
    CHECK(app.get(kAdmin, "scope=employee&nip=199999999999999999").status == 403);

    const auto csv = app.get(kAnggota, query + "&format=csv&from=2023-03-01&to=2023-03-01");
    CHECK(csv.status == 200);
    CHECK(csv.contentType == "text/csv; charset=utf-8");
    CHECK(csv.body.rfind("nip,name,", 0) == 0);
    CHECK(csv.body.find(",5000,Dokumen,100,2,1,0,,0,0\r\n") != std::string::npos);
    CHECK(app.get(kAnggota, "scope=team%26x&nip=1").status == 422);

    // Bad parameters name themselves.
    const auto field = [&](const std::string& q) {
        const auto response = app.get(kAnggota, q);
        CHECK(response.status == 422);
        return std::string(boost::json::parse(response.body).at("field").as_string());
    };
    CHECK(field("") == "scope");
    CHECK(field("scope=everything") == "scope");
    CHECK(field("scope=employee") == "nip");
    CHECK(field("scope=team&nip=1") == "team");
    CHECK(field(query + "&format=xml") == "format");
    CHECK(field("scope=employee&nip=" + kAnggota + "&year=23") == "year");
    CHECK(field(query + "&from=2023-13-01") == "from");
    CHECK(field(query + "&from=2023-05-01&to=2023-04-01") == "to");
    CHECK(field("scope=employee&nip=%zz") == "query");
}

TEST_CASE("reports: jejak-admin report realisation prints the report", "[server][reports][admin]") {
    TempDir dir;
    {
        const jejak::shared::SystemClock clock;
        auto storage = openStorage(dir.file("jejak.db"), clock);
        seed(*storage);
        storage->close();
    }
    const auto run = [&](const std::vector<std::string>& args, const std::string& name) {
        jejak::testing::ServerProcess process;
        const std::string logPath = std::string(JEJAK_TEST_LOG_DIR) + "/admin-report-" + name + ".log";
        const std::string err = process.spawn(JEJAK_ADMIN_EXE, args, logPath);
        INFO(err);
        REQUIRE(err.empty());
        const auto status = process.wait(120s);
        REQUIRE(status.has_value());
        return std::make_pair(*status, process.log());
    };
    const std::string dataDir = dir.path().string();
    const auto [csvStatus, csv] = run({"report", "realisation", "--data-dir", dataDir, "--scope", "team", "--id",
                                       "team-pak", "--year", "2023", "--format", "csv"},
                                      "csv");
    INFO(csv);
    CHECK(csvStatus == 0);
    CHECK(csv.find("row,targetId,targetLevel,") != std::string::npos);
    CHECK(csv.find(",56000,Dokumen,,,,,,,,,,350,0.63,3,1,80.33,1,1\r\n") != std::string::npos);

    const auto [jsonStatus, json] = run({"report", "realisation", "--data-dir", dataDir, "--scope", "unit", "--id",
                                         "unit-inka", "--year", "2023"},
                                        "json");
    CHECK(jsonStatus == 0);
    const auto parsed = boost::json::parse(json);
    CHECK(parsed.at("scope").as_string() == "unit");
    CHECK(parsed.at("targets").as_array().size() == 18);

    const auto [unknownStatus, unknown] = run({"report", "realisation", "--data-dir", dataDir, "--scope", "unit",
                                               "--id", "unit-nowhere", "--year", "2023"},
                                              "unknown");
    CHECK(unknownStatus == 1);
    CHECK(unknown.find("general.not_found") != std::string::npos);

    const auto [usageStatus, usage] = run({"report", "realisation", "--data-dir", dataDir, "--scope", "galaxy",
                                           "--id", "x"},
                                          "usage");
    CHECK(usageStatus == 2);
    CHECK(usage.find("usage: jejak-admin report realisation") != std::string::npos);
}
