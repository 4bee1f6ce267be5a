// SPDX-License-Identifier: Apache-2.0
// Field lists (describe) of every domain entity, enum wire names, the bundle envelope and JSON parsing.
#include "jejak/shared/codec.hpp"

#include <boost/json/stream_parser.hpp>

#include <array>

namespace jejak::shared {

namespace bj = boost::json;
using json::kSha256Text;
using json::kUuidText;
using json::Ref;

//---- Text

Result<bj::value> parseJson(std::string_view text) {
    bj::stream_parser parser;
    bj::error_code ec;
    const std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (!ec)
        parser.finish(ec);
    if (ec)
        return Error(ErrorCode::JsonMalformed, {}, ec.message() + " at byte " + std::to_string(consumed));
    return parser.release();
}

//---- Enum wire names (each table is checked against the enum's last enumerator)

namespace {

constexpr std::array<std::string_view, 6> kInstansiKindNames = {
    "kementerian",        "lpnk",          "kesekretariatanLembagaNegara",
    "kesekretariatanLns", "pemdaProvinsi", "pemdaKabKota"};
constexpr std::array<std::string_view, 2> kIndividualRouteNames = {"unitHead", "appraiser"};
constexpr std::array<std::string_view, 6> kJabatanJenisNames = {"jptMadya", "jptPratama", "administrator",
                                                                "pengawas", "pelaksana",  "fungsional"};
constexpr std::array<std::string_view, 2> kEmployeeStatusNames = {"pns", "pppk"};
constexpr std::array<std::string_view, 5> kRoleNames = {"appraiser", "unitHead", "finaliser",
                                                        "appointedValidator", "admin"};
constexpr std::array<std::string_view, 5> kTargetLevelNames = {"renstra", "sasaranStrategis", "iku", "subIku",
                                                               "team"};
constexpr std::array<std::string_view, 3> kSkpStatusNames = {"draft", "submitted", "approved"};
constexpr std::array<std::string_view, 2> kInstrumentKindNames = {"suratTugas", "skTimKerja"};
constexpr std::array<std::string_view, 3> kTeamRoleNames = {"ketua", "wakil", "anggota"};
constexpr std::array<std::string_view, 2> kEvidenceKindNames = {"photo", "attachment"};
constexpr std::array<std::string_view, 6> kActivityStateNames = {"submitted", "approved",  "returned",
                                                                 "rejected",  "withdrawn", "rated"};
constexpr std::array<std::string_view, 3> kDecisionNames = {"approve", "return", "reject"};
constexpr std::array<std::string_view, 3> kExpectationNames = {"below", "meets", "above"};
constexpr std::array<std::string_view, 5> kPredicateNames = {"sangatBaik", "baik", "butuhPerbaikan", "kurang",
                                                             "sangatKurang"};

template <class E, std::size_t N> constexpr bool coversEnum(const std::array<std::string_view, N>&, E last) {
    return N == static_cast<std::size_t>(last) + 1;
}

static_assert(coversEnum(kInstansiKindNames, InstansiKind::PemdaKabKota));
static_assert(coversEnum(kIndividualRouteNames, IndividualRoute::Appraiser));
static_assert(coversEnum(kJabatanJenisNames, JabatanJenis::Fungsional));
static_assert(coversEnum(kEmployeeStatusNames, EmployeeStatus::Pppk));
static_assert(coversEnum(kRoleNames, Role::Admin));
static_assert(coversEnum(kTargetLevelNames, TargetLevel::Team));
static_assert(coversEnum(kSkpStatusNames, SkpStatus::Approved));
static_assert(coversEnum(kInstrumentKindNames, InstrumentKind::SkTimKerja));
static_assert(coversEnum(kTeamRoleNames, TeamRole::Anggota));
static_assert(coversEnum(kEvidenceKindNames, EvidenceKind::Attachment));
static_assert(coversEnum(kActivityStateNames, ActivityState::Rated));
static_assert(coversEnum(kDecisionNames, Decision::Reject));
static_assert(coversEnum(kExpectationNames, Expectation::Above));
static_assert(coversEnum(kPredicateNames, Predicate::SangatKurang));

} // namespace

std::span<const std::string_view> enumNames(InstansiKind) noexcept {
    return kInstansiKindNames;
}
std::span<const std::string_view> enumNames(IndividualRoute) noexcept {
    return kIndividualRouteNames;
}
std::span<const std::string_view> enumNames(JabatanJenis) noexcept {
    return kJabatanJenisNames;
}
std::span<const std::string_view> enumNames(EmployeeStatus) noexcept {
    return kEmployeeStatusNames;
}
std::span<const std::string_view> enumNames(Role) noexcept {
    return kRoleNames;
}
std::span<const std::string_view> enumNames(TargetLevel) noexcept {
    return kTargetLevelNames;
}
std::span<const std::string_view> enumNames(SkpStatus) noexcept {
    return kSkpStatusNames;
}
std::span<const std::string_view> enumNames(InstrumentKind) noexcept {
    return kInstrumentKindNames;
}
std::span<const std::string_view> enumNames(TeamRole) noexcept {
    return kTeamRoleNames;
}
std::span<const std::string_view> enumNames(EvidenceKind) noexcept {
    return kEvidenceKindNames;
}
std::span<const std::string_view> enumNames(ActivityState) noexcept {
    return kActivityStateNames;
}
std::span<const std::string_view> enumNames(Decision) noexcept {
    return kDecisionNames;
}
std::span<const std::string_view> enumNames(Expectation) noexcept {
    return kExpectationNames;
}
std::span<const std::string_view> enumNames(Predicate) noexcept {
    return kPredicateNames;
}

//---- Organisation

template <class Io> void describe(Io& io, Ref<Io, Policy> v) {
    io.defaulted("allowUnlinked", v.allowUnlinked);
    io.defaulted("individualRoute", v.individualRoute);
    io.defaulted("clockSkewSeconds", v.clockSkewSeconds);
    io.defaulted("lateWindowDays", v.lateWindowDays);
    io.defaulted("maxPhotoBytes", v.maxPhotoBytes);
    io.defaulted("maxAttachmentBytes", v.maxAttachmentBytes);
}
JEJAK_JSON_OBJECT_CODEC(Policy)

template <class Io> void describe(Io& io, Ref<Io, Instansi> v) {
    io("id", v.id);
    io("name", v.name);
    io("kind", v.kind);
    io("region", v.region);
    io("utcOffsetMinutes", v.utcOffsetMinutes);
    io.defaulted("policy", v.policy);
}
JEJAK_JSON_OBJECT_CODEC(Instansi)

template <class Io> void describe(Io& io, Ref<Io, Unit> v) {
    io("id", v.id);
    io("instansiId", v.instansiId);
    io("parentId", v.parentId);
    io("name", v.name);
    io("kind", v.kind);
    io("level", v.level);
    io("model", v.model);
}
JEJAK_JSON_OBJECT_CODEC(Unit)

template <class Io> void describe(Io& io, Ref<Io, Position> v) {
    io("id", v.id);
    io("unitId", v.unitId);
    io("title", v.title);
    io("jenis", v.jenis);
    io("jenjang", v.jenjang);
}
JEJAK_JSON_OBJECT_CODEC(Position)

template <class Io> void describe(Io& io, Ref<Io, Employee> v) {
    io("nip", v.nip);
    io("name", v.name);
    io("status", v.status);
    io("pangkatGolongan", v.pangkatGolongan);
    io("positionId", v.positionId);
    io("active", v.active);
}
JEJAK_JSON_OBJECT_CODEC(Employee)

template <class Io> void describe(Io& io, Ref<Io, Placement> v) {
    io("id", v.id);
    io("nip", v.nip);
    io("unitId", v.unitId);
    io("validFrom", v.validFrom);
    io("validTo", v.validTo);
    io("decreeRef", v.decreeRef);
}
JEJAK_JSON_OBJECT_CODEC(Placement)

template <class Io> void describe(Io& io, Ref<Io, RoleBinding> v) {
    io("id", v.id);
    io("unitId", v.unitId);
    io("role", v.role);
    io("nip", v.nip);
    io("label", v.label);
    io("validFrom", v.validFrom);
    io("validTo", v.validTo);
}
JEJAK_JSON_OBJECT_CODEC(RoleBinding)

//---- Targets and SKP

template <class Io> void describe(Io& io, Ref<Io, PerformanceTarget> v) {
    io("id", v.id);
    io("parentId", v.parentId);
    io("level", v.level);
    io("code", v.code);
    io("statement", v.statement);
    io("indicator", v.indicator);
    io("unit", v.unit);
    io("targetValue", v.targetValue);
    io("year", v.year);
    io("perspective", v.perspective);
    io("ownerUnitId", v.ownerUnitId);
    io("ownerTeamId", v.ownerTeamId);
}
JEJAK_JSON_OBJECT_CODEC(PerformanceTarget)

template <class Io> void describe(Io& io, Ref<Io, Skp> v) {
    io("id", v.id);
    io("nip", v.nip);
    io("appraiserNip", v.appraiserNip);
    io("periodStart", v.periodStart);
    io("periodEnd", v.periodEnd);
    io("status", v.status);
    io("approvedOn", v.approvedOn);
}
JEJAK_JSON_OBJECT_CODEC(Skp)

template <class Io> void describe(Io& io, Ref<Io, SkpItem> v) {
    io("id", v.id);
    io("skpId", v.skpId);
    io("parentTargetId", v.parentTargetId);
    io("statement", v.statement);
    io("indicator", v.indicator);
    io("targetQuantity", v.targetQuantity);
    io("quantityUnit", v.quantityUnit);
}
JEJAK_JSON_OBJECT_CODEC(SkpItem)

//---- Teams

template <class Io> void describe(Io& io, Ref<Io, Instrument> v) {
    io("kind", v.kind);
    io("number", v.number);
    io("date", v.date);
}
JEJAK_JSON_OBJECT_CODEC(Instrument)

template <class Io> void describe(Io& io, Ref<Io, Team> v) {
    io("id", v.id);
    io("code", v.code);
    io("name", v.name);
    io("ownerUnitId", v.ownerUnitId);
    io("instrument", v.instrument);
    io("periodStart", v.periodStart);
    io("periodEnd", v.periodEnd);
    io("tasks", v.tasks);
}
JEJAK_JSON_OBJECT_CODEC(Team)

template <class Io> void describe(Io& io, Ref<Io, Membership> v) {
    io("id", v.id);
    io("teamId", v.teamId);
    io("nip", v.nip);
    io("role", v.role);
    io("validFrom", v.validFrom);
    io("validTo", v.validTo);
    io("tasks", v.tasks);
}
JEJAK_JSON_OBJECT_CODEC(Membership)

//---- Activities and evidence

template <class Io> void describe(Io& io, Ref<Io, EvidenceRef> v) {
    io(kDigestProperty, v.sha256, kSha256Text);
    io(kLengthProperty, v.size);
    io(kContentTypeProperty, v.mediaType);
    io("kind", v.kind);
    io("capturedAt", v.capturedAt);
}
JEJAK_JSON_OBJECT_CODEC(EvidenceRef)

template <class Io> void describe(Io& io, Ref<Io, GeoLocation> v) {
    io("latitude", v.latitude);
    io("longitude", v.longitude);
    io("accuracyMeters", v.accuracyMeters);
}
JEJAK_JSON_OBJECT_CODEC(GeoLocation)

template <class Io> void describe(Io& io, Ref<Io, Activity> v) {
    io("id", v.id, kUuidText);
    io("revision", v.revision);
    io("nip", v.nip);
    io("name", v.name);
    io("teamId", v.teamId);
    io("skpItemId", v.skpItemId);
    io("outputQuantity", v.outputQuantity);
    io("outputUnit", v.outputUnit);
    io("start", v.start);
    io("end", v.end);
    io("description", v.description);
    io("location", v.location);
    io("evidence", v.evidence);
    io("createdAt", v.createdAt);
}
JEJAK_JSON_OBJECT_CODEC(Activity)

//---- Review, rating, feedback

template <class Io> void describe(Io& io, Ref<Io, Review> v) {
    io("id", v.id, kUuidText);
    io("activityId", v.activityId, kUuidText);
    io("revision", v.revision);
    io("reviewerNip", v.reviewerNip);
    io("decision", v.decision);
    io("note", v.note);
    io("decidedAt", v.decidedAt);
}
JEJAK_JSON_OBJECT_CODEC(Review)

template <class Io> void describe(Io& io, Ref<Io, IkiScores> v) {
    io("substance", v.substance);
    io("expectationFit", v.expectationFit);
    io("systematic", v.systematic);
}
JEJAK_JSON_OBJECT_CODEC(IkiScores)

template <class Io> void describe(Io& io, Ref<Io, Rating> v) {
    io("id", v.id, kUuidText);
    io("activityId", v.activityId, kUuidText);
    io("appraiserNip", v.appraiserNip);
    io("scores", v.scores);
    io("ratedAt", v.ratedAt);
}
JEJAK_JSON_OBJECT_CODEC(Rating)

template <class Io> void describe(Io& io, Ref<Io, Evaluation> v) {
    io("id", v.id, kUuidText);
    io("nip", v.nip);
    io("appraiserNip", v.appraiserNip);
    io("year", v.year);
    io("quarter", v.quarter);
    io("resultRating", v.resultRating);
    io("behaviourRating", v.behaviourRating);
    io("predicate", v.predicate);
    io("note", v.note);
    io("evaluatedAt", v.evaluatedAt);
}
JEJAK_JSON_OBJECT_CODEC(Evaluation)

template <class Io> void describe(Io& io, Ref<Io, Feedback> v) {
    io("id", v.id, kUuidText);
    io("skpItemId", v.skpItemId);
    io("authorNip", v.authorNip);
    io("text", v.text);
    io("postedAt", v.postedAt);
}
JEJAK_JSON_OBJECT_CODEC(Feedback)

//---- Bundle: the collections, inside an envelope that names the format and version

template <class Io> void describe(Io& io, Ref<Io, Bundle> v) {
    io("instansi", v.instansi);
    io("units", v.units);
    io("positions", v.positions);
    io("employees", v.employees);
    io("placements", v.placements);
    io("roleBindings", v.roleBindings);
    io("targets", v.targets);
    io("skps", v.skps);
    io("skpItems", v.skpItems);
    io("teams", v.teams);
    io("memberships", v.memberships);
}

bj::value toJson(const Bundle& v) {
    json::ObjectWriter writer;
    writer("format", kBundleFormat);
    writer("version", kBundleVersion);
    describe(writer, v);
    return writer.release();
}

void fromJson(const bj::value& json, Bundle& out, const json::Context& at) {
    json::ObjectReader reader(json, at);
    if (!reader.isObject())
        return;
    std::string format;
    int version = 0;
    if (reader("format", format) && format != kBundleFormat) {
        reader.report("format", ErrorCode::BundleVersion,
                      "not a bundle: format \"" + format + "\", expected \"" + std::string(kBundleFormat) +
                          "\"");
        return;
    }
    if (reader("version", version) && version != kBundleVersion) {
        reader.report("version", ErrorCode::BundleVersion,
                      "bundle version " + std::to_string(version) + " is not supported (this build reads " +
                          std::to_string(kBundleVersion) + ")");
        return;
    }
    describe(reader, out);
    reader.finish();
}

} // namespace jejak::shared
