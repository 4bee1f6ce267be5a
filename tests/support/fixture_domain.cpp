// SPDX-License-Identifier: Apache-2.0
// The hand-built fixture organisation (fixture_domain.hpp).
#include "support/fixture_domain.hpp"

#include <cstdio>
#include <stdexcept>

namespace jejak::testing {

using namespace jejak::shared;

namespace {

std::string str(std::string_view s) {
    return std::string(s);
}

Placement placement(std::string_view nip, std::string_view unitId) {
    return Placement{"pl-" + str(nip),   str(nip),     str(unitId),
                     date("2020-01-01"), std::nullopt, "SK/KEDUDUKAN/2020"};
}

RoleBinding binding(std::string id, std::string_view unitId, Role role, std::string_view nip,
                    std::string label) {
    return RoleBinding{std::move(id),    str(unitId),        role,        str(nip),
                       std::move(label), date("2020-01-01"), std::nullopt};
}

Membership membership(std::string id, std::string_view teamId, std::string_view nip, TeamRole role,
                      std::optional<Date> validTo = std::nullopt) {
    return Membership{std::move(id), str(teamId), str(nip), role, date("2023-01-01"), validTo, {}};
}

Team team(std::string_view id, std::string code, std::string name) {
    return Team{str(id),
                std::move(code),
                std::move(name),
                str(kUnitInka),
                Instrument{InstrumentKind::SkTimKerja, "800/12/KR.X/2023", date("2023-01-02")},
                date("2023-01-01"),
                date("2023-12-31"),
                {}};
}

PerformanceTarget target(std::string id, std::optional<std::string> parentId, TargetLevel level,
                         std::string code, std::string unit,
                         std::optional<std::string> ownerTeamId = std::nullopt) {
    PerformanceTarget t;
    t.id = std::move(id);
    t.parentId = std::move(parentId);
    t.level = level;
    t.code = t.statement = std::move(code);
    t.indicator = "Jumlah " + unit;
    t.unit = std::move(unit);
    t.targetValue = 12;
    t.year = 2023;
    if (ownerTeamId)
        t.ownerTeamId = std::move(ownerTeamId);
    else
        t.ownerUnitId = str(kUnitInka);
    return t;
}

Skp skp(std::string id, std::string_view nip, std::string_view appraiser, int year, SkpStatus status) {
    const std::string y = std::to_string(year);
    std::optional<Date> approvedOn;
    if (status == SkpStatus::Approved)
        approvedOn = date(y + "-01-10");
    return Skp{std::move(id),      str(nip), str(appraiser), date(y + "-01-01"),
               date(y + "-12-31"), status,   approvedOn};
}

SkpItem item(std::string_view id, std::string skpId, std::string parentTargetId, std::string quantityUnit) {
    return SkpItem{str(id),
                   std::move(skpId),
                   std::move(parentTargetId),
                   "Rencana hasil kerja " + str(id),
                   "Jumlah " + quantityUnit,
                   12,
                   std::move(quantityUnit)};
}

} // namespace

Date date(std::string_view text) {
    const auto d = parseDate(text);
    if (!d)
        throw std::invalid_argument("bad fixture date " + str(text));
    return *d;
}

Timestamp instant(std::string_view rfc3339) {
    const auto t = parseTimestamp(rfc3339);
    if (!t)
        throw std::invalid_argument("bad fixture instant " + str(rfc3339));
    return *t;
}

std::string digest(unsigned n) {
    char head[9];
    std::snprintf(head, sizeof head, "%08x", n);
    return std::string(head) + std::string(56, 'e');
}

Bundle fixtureBundle() {
    Bundle b;
    b.instansi.push_back(
        Instansi{str(kInstansiId), "Kantor Regional X BKN", InstansiKind::Lpnk, "Bali", 8 * 60, Policy{}});
    b.units.push_back(Unit{str(kUnitKanreg), str(kInstansiId), std::nullopt, "Kantor Regional X",
                           "Kantor Regional", 1, std::nullopt});
    b.units.push_back(Unit{str(kUnitInka), str(kInstansiId), str(kUnitKanreg), "Bidang Informasi Kepegawaian",
                           "Bidang", 2, std::nullopt});

    b.positions.push_back(Position{"pos-kepala-kantor", str(kUnitKanreg), "Kepala Kantor Regional",
                                   JabatanJenis::JptPratama, std::nullopt});
    b.positions.push_back(Position{"pos-kabid", str(kUnitInka), "Kepala Bidang Informasi Kepegawaian",
                                   JabatanJenis::Administrator, std::nullopt});
    b.positions.push_back(Position{"pos-analis", str(kUnitInka), "Analis Kepegawaian Ahli Muda",
                                   JabatanJenis::Fungsional, "Ahli Muda"});
    b.positions.push_back(Position{"pos-pranata", str(kUnitInka), "Pranata Komputer Ahli Pertama",
                                   JabatanJenis::Fungsional, "Ahli Pertama"});
    b.positions.push_back(Position{"pos-arsiparis", str(kUnitInka), "Arsiparis Terampil",
                                   JabatanJenis::Fungsional, "Terampil"});

    const auto employee = [&b](std::string_view nip, std::string name, std::string positionId,
                               bool active = true) {
        b.employees.push_back(Employee{str(nip), std::move(name), EmployeeStatus::Pns, "Penata/III.c",
                                       std::move(positionId), active});
    };
    employee(kNipKepalaKantor, "Kepala Kantor (pseudonim)", "pos-kepala-kantor");
    employee(kNipKabid, "Kepala Bidang (pseudonim)", "pos-kabid");
    employee(kNipKetuaPak, "Ketua PAK (pseudonim)", "pos-analis");
    employee(kNipPutra, "Putra (pseudonim)", "pos-pranata");
    employee(kNipDewi, "Dewi (pseudonim)", "pos-arsiparis");
    employee(kNipSolo, "Solo (pseudonim)", "pos-analis");
    employee(kNipInactive, "Pensiunan (pseudonim)", "pos-analis", false);

    b.placements.push_back(placement(kNipKepalaKantor, kUnitKanreg));
    for (const auto nip : {kNipKabid, kNipKetuaPak, kNipPutra, kNipDewi, kNipSolo, kNipInactive})
        b.placements.push_back(placement(nip, kUnitInka));

    b.roleBindings.push_back(
        binding("rb-kanreg-head", kUnitKanreg, Role::UnitHead, kNipKepalaKantor, "Kepala Kantor"));
    b.roleBindings.push_back(
        binding("rb-kanreg-appraiser", kUnitKanreg, Role::Appraiser, kNipKepalaKantor, "Kepala Kantor"));
    b.roleBindings.push_back(
        binding("rb-kanreg-finaliser", kUnitKanreg, Role::Finaliser, kNipKepalaKantor, "Kepala Kantor"));
    b.roleBindings.push_back(
        binding("rb-inka-appraiser", kUnitInka, Role::Appraiser, kNipKabid, "Kepala Bidang"));
    b.roleBindings.push_back(binding("rb-inka-head", kUnitInka, Role::UnitHead, kNipKabid, "Kepala Bidang"));

    b.teams.push_back(team(kTeamPak, "PAK", "Pengelolaan Arsip Kepegawaian"));
    b.teams.push_back(team(kTeamPia, "PIA", "Pengelolaan Integrasi Aplikasi"));
    b.teams.push_back(team(kTeamPdi, "PDI", "Penyajian Data dan Informasi"));

    b.memberships.push_back(membership("m-pak-ketua", kTeamPak, kNipKetuaPak, TeamRole::Ketua));
    b.memberships.push_back(membership("m-pak-putra", kTeamPak, kNipPutra, TeamRole::Anggota));
    b.memberships.push_back(
        membership("m-pak-dewi", kTeamPak, kNipDewi, TeamRole::Anggota, date("2023-06-30")));
    b.memberships.push_back(membership("m-pia-putra", kTeamPia, kNipPutra, TeamRole::Ketua));
    b.memberships.push_back(membership("m-pia-dewi", kTeamPia, kNipDewi, TeamRole::Anggota));
    b.memberships.push_back(membership("m-pdi-putra", kTeamPdi, kNipPutra, TeamRole::Anggota));
    b.memberships.push_back(membership("m-pdi-dewi", kTeamPdi, kNipDewi, TeamRole::Anggota));

    b.targets.push_back(target("ss-2", std::nullopt, TargetLevel::SasaranStrategis, "SS.2", "Indeks"));
    b.targets.push_back(target("iku-4", "ss-2", TargetLevel::Iku, "IKU.4", "Indeks"));
    b.targets.push_back(target("iku-4.2", "iku-4", TargetLevel::SubIku, "IKU.4.2", "Laporan"));
    b.targets.push_back(target("ss-4", std::nullopt, TargetLevel::SasaranStrategis, "SS.4", "Persentase"));
    b.targets.push_back(target("iku-6", "ss-4", TargetLevel::Iku, "IKU.6", "Persentase"));
    b.targets.push_back(target("iku-6.3", "iku-6", TargetLevel::SubIku, "IKU.6.3", "Instansi"));
    b.targets.push_back(target("ss-5", std::nullopt, TargetLevel::SasaranStrategis, "SS.5", "Persentase"));
    b.targets.push_back(target("iku-7", "ss-5", TargetLevel::Iku, "IKU.7", "Persentase"));
    b.targets.push_back(target("iku-7.2", "iku-7", TargetLevel::SubIku, "IKU.7.2", "Dokumen"));
    b.targets.push_back(target("iku-7.5", "iku-7", TargetLevel::SubIku, "IKU.7.5", "Dokumen"));
    b.targets.push_back(target("tt-pak-1", "iku-7.2", TargetLevel::Team, "PAK-1", "Dokumen", str(kTeamPak)));
    b.targets.push_back(target("tt-pak-1.1", "tt-pak-1", TargetLevel::Team, "PAK-1.1", "Dokumen"));
    b.targets.push_back(target("tt-pia-1", "iku-6.3", TargetLevel::Team, "PIA-1", "Laporan", str(kTeamPia)));
    b.targets.push_back(target("tt-pdi-1", "iku-7.5", TargetLevel::Team, "PDI-1", "Dokumen", str(kTeamPdi)));

    b.skps.push_back(skp("skp-putra-2023", kNipPutra, kNipKabid, 2023, SkpStatus::Approved));
    b.skps.push_back(skp("skp-putra-2022", kNipPutra, kNipKabid, 2022, SkpStatus::Approved));
    b.skps.push_back(skp("skp-dewi-2023", kNipDewi, kNipKabid, 2023, SkpStatus::Approved));
    b.skps.push_back(skp("skp-ketua-2023", kNipKetuaPak, kNipKabid, 2023, SkpStatus::Approved));
    b.skps.push_back(skp("skp-kabid-2023", kNipKabid, kNipKepalaKantor, 2023, SkpStatus::Approved));
    b.skps.push_back(skp("skp-kepala-2023", kNipKepalaKantor, "", 2023, SkpStatus::Approved));
    b.skps.push_back(skp("skp-solo-2023", kNipSolo, kNipKabid, 2023, SkpStatus::Draft));

    b.skpItems.push_back(item(kItemPutraPak, "skp-putra-2023", "tt-pak-1", "Dokumen"));
    b.skpItems.push_back(item(kItemPutraPakDeep, "skp-putra-2023", "tt-pak-1.1", ""));
    b.skpItems.push_back(item(kItemPutraPia, "skp-putra-2023", "tt-pia-1", "Laporan"));
    b.skpItems.push_back(item(kItemPutraPdi, "skp-putra-2023", "tt-pdi-1", "Dokumen"));
    b.skpItems.push_back(item(kItemPutraOwn, "skp-putra-2023", "iku-4.2", "Laporan"));
    b.skpItems.push_back(item(kItemPutra2022, "skp-putra-2022", "iku-4.2", "Laporan"));
    b.skpItems.push_back(item(kItemDewiPak, "skp-dewi-2023", "tt-pak-1", "Dokumen"));
    b.skpItems.push_back(item(kItemKetuaPak, "skp-ketua-2023", "tt-pak-1", "Dokumen"));
    b.skpItems.push_back(item(kItemKabid, "skp-kabid-2023", "iku-4", "Laporan"));
    b.skpItems.push_back(item(kItemKepalaKantor, "skp-kepala-2023", "ss-2", "Laporan"));
    b.skpItems.push_back(item(kItemSolo, "skp-solo-2023", "iku-4.2", "Laporan"));
    return b;
}

InMemoryDomain fixtureDomain(std::vector<KnownActivity> history) {
    return InMemoryDomain(fixtureBundle(), std::move(history));
}

Timestamp fixtureNow() {
    return instant("2023-03-15T12:00:00+08:00");
}

EvidenceRef photo(unsigned n) {
    return EvidenceRef{digest(n), 2'000'000, "image/jpeg", EvidenceKind::Photo,
                       instant("2023-03-15T10:00:00+08:00")};
}

Activity fixtureActivity() {
    Activity a;
    a.id = "0186e2c0-0000-7000-8000-000000000001";
    a.nip = str(kNipPutra);
    a.name = "Digitalisasi arsip kepegawaian";
    a.teamId = str(kTeamPak);
    a.skpItemId = str(kItemPutraPak);
    a.outputQuantity = 12;
    a.outputUnit = "Dokumen";
    a.start = instant("2023-03-15T09:00:00+08:00");
    a.end = instant("2023-03-15T11:00:00+08:00");
    a.description = "Memindai 12 berkas arsip pegawai dan mengunggahnya ke DMS.";
    a.evidence.push_back(photo(1));
    a.createdAt = a.end;
    return a;
}

} // namespace jejak::testing
