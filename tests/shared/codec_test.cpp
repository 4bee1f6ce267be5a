// SPDX-License-Identifier: Apache-2.0
// Tests of the domain entity codec: round trips of every entity and the strictness of the decoder.
#include "jejak/shared/codec.hpp"

#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

namespace bj = boost::json;
using namespace jejak::shared;

namespace {

Date date(const char* text) {
    return *parseDate(text);
}
Timestamp instant(const char* text) {
    return *parseTimestamp(text);
}

const std::string kActivityId = "0189f1a2-7c3d-7e4f-8a5b-6c7d8e9f0a1b";
const std::string kDigest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

//---- One sample of every entity, with every optional member present ("full") or absent ("bare")

Instansi instansi() {
    Policy policy;
    policy.allowUnlinked = false;
    policy.individualRoute = IndividualRoute::Appraiser;
    policy.lateWindowDays = 14;
    return {"bkn-kanreg-x", "BKN Kantor Regional X Denpasar", InstansiKind::Lpnk, "Bali", 480, policy};
}
Unit unitFull() {
    return {"inka", "bkn-kanreg-x", "kanreg-x", "Bidang INKA", "Bidang", 2, "Model 3"};
}
Unit unitBare() {
    return {"kanreg-x", "bkn-kanreg-x", std::nullopt, "Kantor Regional X", "Kanreg", 1, std::nullopt};
}
Position positionFull() {
    return {"pos-ak-muda", "inka", "Analis Kepegawaian Ahli Muda", JabatanJenis::Fungsional, "Ahli Muda"};
}
Position positionBare() {
    return {"pos-kabid", "inka", "Kepala Bidang", JabatanJenis::Administrator, std::nullopt};
}
Employee employee() {
    return {"198503152010121002", "Made Sutrisna", EmployeeStatus::Pns, "Penata/III.c", "pos-ak-muda", true};
}
Placement placementFull() {
    return {"pl-1", "198503152010121002", "inka", date("2023-01-01"), date("2023-12-31"), "SK 800/12/2023"};
}
Placement placementBare() {
    return {"pl-2", "198503152010121002", "inka", date("2024-01-01"), std::nullopt, "SK 800/3/2024"};
}
RoleBinding roleBindingFull() {
    return {"rb-1",
            "inka",
            Role::AppointedValidator,
            "197001011995031001",
            "Kepala Bidang",
            date("2023-01-01"),
            date("2023-12-31")};
}
RoleBinding roleBindingBare() {
    return {"rb-2",      "inka", Role::Appraiser, "197001011995031001", "Kepala Bidang", date("2023-01-01"),
            std::nullopt};
}
PerformanceTarget targetFull() {
    return {"iku-4.1",
            "iku-4",
            TargetLevel::SubIku,
            "IKU.4.1",
            "Monev terlaksana",
            "Jumlah laporan monev",
            "Laporan",
            17,
            2023,
            "Customer",
            "inka",
            std::nullopt};
}
PerformanceTarget targetBare() {
    return {"pak-1",
            std::nullopt,
            TargetLevel::Team,
            "PAK-1",
            "Arsip tertata",
            "Persentase arsip digital",
            "Persentase",
            87.5,
            2023,
            "",
            std::nullopt,
            "team-pak"};
}
Skp skpFull() {
    return {"skp-1",
            "198503152010121002",
            "197001011995031001",
            date("2023-01-01"),
            date("2023-12-31"),
            SkpStatus::Approved,
            date("2023-01-20")};
}
Skp skpBare() {
    return {
        "skp-2",          "198503152010121002", "197001011995031001", date("2024-01-01"), date("2024-12-31"),
        SkpStatus::Draft, std::nullopt};
}
SkpItem skpItem() {
    return {"rhk-1", "skp-1", "iku-4.1", "Laporan monev tersusun", "Jumlah laporan", 4, "Laporan"};
}
Instrument instrument() {
    return {InstrumentKind::SkTimKerja, "800/123/423.101/2023", date("2023-01-02")};
}
Team team() {
    return {"team-pak",
            "PAK",
            "Pengelolaan Arsip Kepegawaian",
            "inka",
            instrument(),
            date("2023-01-02"),
            date("2023-12-31"),
            {"Arsip fisik", "Arsip digital dengan DMS"}};
}
Membership membershipFull() {
    return {"m-1",           "team-pak",         "198503152010121002",
            TeamRole::Ketua, date("2023-01-02"), date("2023-06-30"),
            {"Koordinasi"}};
}
Membership membershipBare() {
    return {"m-2", "team-pak", "198503152010121002", TeamRole::Anggota, date("2023-07-01"), std::nullopt, {}};
}
EvidenceRef evidenceFull() {
    return {kDigest, 482113, "image/jpeg", EvidenceKind::Photo, instant("2023-03-01T09:15:00.250+08:00")};
}
EvidenceRef evidenceBare() {
    return {kDigest, 10240, "application/pdf", EvidenceKind::Attachment, std::nullopt};
}
GeoLocation location() {
    return {-8.6705, 115.2126, 12.5};
}
Activity activityFull() {
    return {kActivityId,
            2,
            "198503152010121002",
            "Digitalisasi arsip",
            "team-pak",
            "rhk-1",
            1,
            "Laporan",
            instant("2023-03-01T08:00:00+08:00"),
            instant("2023-03-01T10:30:00+08:00"),
            "Memindai 120 berkas",
            location(),
            {evidenceFull(), evidenceBare()},
            instant("2023-03-01T10:31:05.120Z")};
}
Activity activityBare() {
    return {kActivityId,
            1,
            "198503152010121002",
            "Rapat koordinasi",
            std::nullopt,
            std::nullopt,
            0.5,
            "",
            instant("2023-03-02T01:00:00Z"),
            instant("2023-03-02T02:00:00Z"),
            "",
            std::nullopt,
            {},
            instant("2023-03-02T02:00:00Z")};
}
Review review() {
    return {"0189f1a3-0000-7000-8000-000000000001",
            kActivityId,
            2,
            "197001011995031001",
            Decision::Return,
            "Lengkapi foto",
            instant("2023-03-02T03:00:00Z")};
}
IkiScores scores() {
    return {90, 85, 88};
}
Rating rating() {
    return {"0189f1a3-0000-7000-8000-000000000002", kActivityId, "197001011995031001", scores(),
            instant("2023-03-03T03:00:00Z")};
}
Evaluation evaluation() {
    return {"0189f1a3-0000-7000-8000-000000000003",
            "198503152010121002",
            "197001011995031001",
            2023,
            1,
            Expectation::Above,
            Expectation::Meets,
            Predicate::Baik,
            "Baik",
            instant("2023-04-05T02:00:00Z")};
}
Feedback feedback() {
    return {"0189f1a3-0000-7000-8000-000000000004", "rhk-1", "197001011995031001", "Pertahankan",
            instant("2023-03-04T02:00:00Z")};
}
Bundle bundle() {
    Bundle b;
    b.instansi = {instansi()};
    b.units = {unitBare(), unitFull()};
    b.positions = {positionFull(), positionBare()};
    b.employees = {employee()};
    b.placements = {placementFull(), placementBare()};
    b.roleBindings = {roleBindingFull(), roleBindingBare()};
    b.targets = {targetFull(), targetBare()};
    b.skps = {skpFull(), skpBare()};
    b.skpItems = {skpItem()};
    b.teams = {team()};
    b.memberships = {membershipFull(), membershipBare()};
    return b;
}

// Encodes, serializes to text, parses and decodes; the value that came back.
template <class T> T roundTrip(const T& value) {
    const std::string text = bj::serialize(toJson(value));
    auto parsed = parseJson(text);
    REQUIRE(parsed.ok());
    auto decoded = decode<T>(*parsed);
    INFO(text);
    if (!decoded.ok())
        FAIL(toString(decoded.error()));
    return std::move(decoded).value();
}

// The JSON of `value` as a mutable object, for strictness tests.
template <class T> bj::object objectOf(const T& value) {
    return toJson(value).as_object();
}

// Decodes `json` as T and returns every problem.
template <class T> Problems problemsOf(const bj::value& json) {
    Problems problems;
    T out{};
    CHECK_FALSE(decodeAll(json, out, problems));
    return problems;
}

// Exactly one problem, with this code at this path.
template <class T> void expectProblem(const bj::value& json, ErrorCode code, const std::string& path) {
    const auto problems = problemsOf<T>(json);
    REQUIRE(problems.size() == 1);
    INFO(toString(problems[0]));
    CHECK(problems[0].code == code);
    CHECK(problems[0].field == path);
}

} // namespace

TEST_CASE("codec: every entity survives encode, serialize, parse and decode", "[shared][codec]") {
    CHECK(roundTrip(instansi()) == instansi());
    CHECK(roundTrip(unitFull()) == unitFull());
    CHECK(roundTrip(unitBare()) == unitBare());
    CHECK(roundTrip(positionFull()) == positionFull());
    CHECK(roundTrip(positionBare()) == positionBare());
    CHECK(roundTrip(employee()) == employee());
    CHECK(roundTrip(placementFull()) == placementFull());
    CHECK(roundTrip(placementBare()) == placementBare());
    CHECK(roundTrip(roleBindingFull()) == roleBindingFull());
    CHECK(roundTrip(roleBindingBare()) == roleBindingBare());
    CHECK(roundTrip(targetFull()) == targetFull());
    CHECK(roundTrip(targetBare()) == targetBare());
    CHECK(roundTrip(skpFull()) == skpFull());
    CHECK(roundTrip(skpBare()) == skpBare());
    CHECK(roundTrip(skpItem()) == skpItem());
    CHECK(roundTrip(instrument()) == instrument());
    CHECK(roundTrip(team()) == team());
    CHECK(roundTrip(membershipFull()) == membershipFull());
    CHECK(roundTrip(membershipBare()) == membershipBare());
    CHECK(roundTrip(evidenceFull()) == evidenceFull());
    CHECK(roundTrip(evidenceBare()) == evidenceBare());
    CHECK(roundTrip(location()) == location());
    CHECK(roundTrip(activityFull()) == activityFull());
    CHECK(roundTrip(activityBare()) == activityBare());
    CHECK(roundTrip(review()) == review());
    CHECK(roundTrip(scores()) == scores());
    CHECK(roundTrip(rating()) == rating());
    CHECK(roundTrip(evaluation()) == evaluation());
    CHECK(roundTrip(feedback()) == feedback());
    CHECK(roundTrip(instansi().policy) == instansi().policy);
    CHECK(roundTrip(bundle()) == bundle());
    CHECK(roundTrip(Bundle{}) == Bundle{});
}

TEST_CASE("codec: the encoder writes the wire convention", "[shared][codec]") {
    const std::string unitText = R"({"id":"kanreg-x","instansiId":"bkn-kanreg-x","name":"Kantor Regional X",)"
                                 R"("kind":"Kanreg","level":1})";
    CHECK(bj::serialize(toJson(unitBare())) == unitText);
    const std::string evidenceText = R"({"sha256":")" + kDigest +
                                     R"(","size":482113,"mediaType":"image/jpeg","kind":"photo",)"
                                     R"("capturedAt":"2023-03-01T01:15:00.250Z"})";
    CHECK(bj::serialize(toJson(evidenceFull())) == evidenceText);
    const auto instansiJson = objectOf(instansi());
    CHECK(instansiJson.at("kind").as_string() == "lpnk");
    CHECK(instansiJson.at("policy").at("individualRoute").as_string() == "appraiser");
    CHECK(objectOf(targetBare()).at("targetValue").is_double());
    CHECK(objectOf(targetFull()).at("targetValue").is_int64());
    const auto bundleJson = objectOf(Bundle{});
    CHECK(bundleJson.at("format").as_string() == "jejak-bundle");
    CHECK(bundleJson.at("version").as_int64() == 1);
    CHECK(bundleJson.size() == 13);
}

TEST_CASE("codec: enum wire names are the enumerators with a lower-case first letter", "[shared][codec]") {
    CHECK(json::enumName(InstansiKind::PemdaKabKota) == "pemdaKabKota");
    CHECK(json::enumName(Role::AppointedValidator) == "appointedValidator");
    CHECK(json::enumName(TeamRole::Ketua) == "ketua");
    CHECK(json::enumName(Decision::Return) == "return");
    CHECK(json::enumName(Expectation::Meets) == "meets");
    CHECK(json::enumName(Predicate::SangatBaik) == "sangatBaik");
    CHECK(json::enumName(SkpStatus::Approved) == "approved");
    CHECK(json::enumName(EvidenceKind::Photo) == "photo");
    CHECK(json::enumName(ActivityState::Withdrawn) == "withdrawn");
    CHECK(json::enumName(JabatanJenis::JptPratama) == "jptPratama");
    CHECK(json::enumName(TargetLevel::SasaranStrategis) == "sasaranStrategis");
    CHECK(json::parseEnum<InstrumentKind>("skTimKerja") == InstrumentKind::SkTimKerja);
    CHECK(json::parseEnum<EmployeeStatus>("pppk") == EmployeeStatus::Pppk);
    CHECK(json::parseEnum<IndividualRoute>("unitHead") == IndividualRoute::UnitHead);
    CHECK_FALSE(json::parseEnum<EmployeeStatus>("PNS").has_value());
}

TEST_CASE("codec: policy and each of its fields may be omitted", "[shared][codec]") {
    auto json = objectOf(instansi());
    json.erase("policy");
    auto decoded = decode<Instansi>(json);
    REQUIRE(decoded.ok());
    CHECK(decoded->policy == Policy{});

    json["policy"] = {{"lateWindowDays", 7}, {"maxPhotoBytes", nullptr}};
    decoded = decode<Instansi>(json);
    REQUIRE(decoded.ok());
    CHECK(decoded->policy.lateWindowDays == 7);
    CHECK(decoded->policy.allowUnlinked == Policy{}.allowUnlinked);
    CHECK(decoded->policy.maxPhotoBytes == Policy{}.maxPhotoBytes);

    json["policy"] = {{"lateWindowDay", 7}};
    expectProblem<Instansi>(json, ErrorCode::JsonUnknownField, "policy.lateWindowDay");
    json["policy"] = {{"individualRoute", "ketua"}};
    expectProblem<Instansi>(json, ErrorCode::JsonBadValue, "policy.individualRoute");
}

TEST_CASE("codec: optional members may be null as well as absent", "[shared][codec]") {
    auto json = objectOf(activityFull());
    json["teamId"] = nullptr;
    json["location"] = nullptr;
    json["evidence"].as_array()[0].as_object()["capturedAt"] = nullptr;
    const auto decoded = decode<Activity>(json);
    REQUIRE(decoded.ok());
    CHECK_FALSE(decoded->teamId.has_value());
    CHECK_FALSE(decoded->location.has_value());
    CHECK_FALSE(decoded->evidence[0].capturedAt.has_value());
    CHECK(decoded->skpItemId == "rhk-1");
}

TEST_CASE("codec: unknown fields are refused with their path", "[shared][codec]") {
    auto json = objectOf(activityFull());
    json["colour"] = "red";
    expectProblem<Activity>(json, ErrorCode::JsonUnknownField, "colour");

    json = objectOf(activityFull());
    json["evidence"].as_array()[1].as_object()["digest"] = kDigest;
    expectProblem<Activity>(json, ErrorCode::JsonUnknownField, "evidence[1].digest");

    auto teamJson = objectOf(team());
    teamJson["instrument"].as_object()["signer"] = "Kepala";
    expectProblem<Team>(teamJson, ErrorCode::JsonUnknownField, "instrument.signer");
}

TEST_CASE("codec: missing required fields are refused with their path", "[shared][codec]") {
    auto json = objectOf(activityFull());
    json.erase("nip");
    expectProblem<Activity>(json, ErrorCode::JsonMissingField, "nip");

    json = objectOf(activityFull());
    json["evidence"].as_array()[0].as_object().erase("size");
    expectProblem<Activity>(json, ErrorCode::JsonMissingField, "evidence[0].size");

    json = objectOf(activityBare());
    json.erase("evidence");
    expectProblem<Activity>(json, ErrorCode::JsonMissingField, "evidence");

    auto ratingJson = objectOf(rating());
    ratingJson["scores"].as_object().erase("systematic");
    expectProblem<Rating>(ratingJson, ErrorCode::JsonMissingField, "scores.systematic");
}

TEST_CASE("codec: wrong JSON types are refused with their path", "[shared][codec]") {
    auto json = objectOf(activityFull());
    json["revision"] = "2";
    expectProblem<Activity>(json, ErrorCode::JsonWrongType, "revision");

    json = objectOf(activityFull());
    json["location"].as_object()["latitude"] = "-8.67";
    expectProblem<Activity>(json, ErrorCode::JsonWrongType, "location.latitude");

    json = objectOf(activityFull());
    json["evidence"] = bj::object{};
    expectProblem<Activity>(json, ErrorCode::JsonWrongType, "evidence");

    auto teamJson = objectOf(team());
    teamJson["tasks"].as_array().push_back(3);
    expectProblem<Team>(teamJson, ErrorCode::JsonWrongType, "tasks[2]");

    auto employeeJson = objectOf(employee());
    employeeJson["active"] = 1;
    expectProblem<Employee>(employeeJson, ErrorCode::JsonWrongType, "active");

    expectProblem<Activity>(bj::value("activity"), ErrorCode::JsonWrongType, "");
}

TEST_CASE("codec: integers must be integral; 2.0 counts as 2", "[shared][codec]") {
    auto json = objectOf(activityFull());
    json["revision"] = 1.5;
    expectProblem<Activity>(json, ErrorCode::JsonBadValue, "revision");
    json["revision"] = 3.0;
    const auto decoded = decode<Activity>(json);
    REQUIRE(decoded.ok());
    CHECK(decoded->revision == 3);

    auto evaluationJson = objectOf(evaluation());
    evaluationJson["quarter"] = 1e10;
    expectProblem<Evaluation>(evaluationJson, ErrorCode::JsonBadValue, "quarter");
}

TEST_CASE("codec: enum, date, instant, uuid and digest values are checked", "[shared][codec]") {
    auto json = objectOf(activityFull());
    json["evidence"].as_array()[0].as_object()["kind"] = "video";
    expectProblem<Activity>(json, ErrorCode::JsonBadValue, "evidence[0].kind");

    json = objectOf(activityFull());
    json["evidence"].as_array()[1].as_object()["sha256"] = std::string(64, 'A');
    expectProblem<Activity>(json, ErrorCode::JsonBadValue, "evidence[1].sha256");
    json["evidence"].as_array()[1].as_object()["sha256"] = kDigest.substr(1);
    expectProblem<Activity>(json, ErrorCode::JsonBadValue, "evidence[1].sha256");

    json = objectOf(activityFull());
    json["id"] = "act-1";
    expectProblem<Activity>(json, ErrorCode::JsonBadValue, "id");

    json = objectOf(activityFull());
    json["start"] = "2023-03-01 08:00";
    expectProblem<Activity>(json, ErrorCode::JsonBadValue, "start");

    auto placementJson = objectOf(placementFull());
    placementJson["validFrom"] = "2023-02-30";
    expectProblem<Placement>(placementJson, ErrorCode::JsonBadValue, "validFrom");
    placementJson = objectOf(placementFull());
    placementJson["validTo"] = "31-12-2023";
    expectProblem<Placement>(placementJson, ErrorCode::JsonBadValue, "validTo");

    auto reviewJson = objectOf(review());
    reviewJson["activityId"] = "0189F1A2-7C3D-7E4F-8A5B-6C7D8E9F0A1B";
    expectProblem<Review>(reviewJson, ErrorCode::JsonBadValue, "activityId");
    reviewJson = objectOf(review());
    reviewJson["decision"] = "Approve";
    expectProblem<Review>(reviewJson, ErrorCode::JsonBadValue, "decision");

    auto ratingJson = objectOf(rating());
    ratingJson["id"] = "r-1";
    expectProblem<Rating>(ratingJson, ErrorCode::JsonBadValue, "id");
    auto evaluationJson = objectOf(evaluation());
    evaluationJson["id"] = "e-1";
    expectProblem<Evaluation>(evaluationJson, ErrorCode::JsonBadValue, "id");
    auto feedbackJson = objectOf(feedback());
    feedbackJson["id"] = "f-1";
    expectProblem<Feedback>(feedbackJson, ErrorCode::JsonBadValue, "id");

    // Reference data keeps readable ids.
    auto unitJson = objectOf(unitFull());
    unitJson["id"] = "bidang-inka";
    CHECK(decode<Unit>(unitJson).ok());
}

TEST_CASE("codec: a bundle reports every problem with its full path", "[shared][codec]") {
    auto json = objectOf(bundle());
    json["skpItems"].as_array().push_back(toJson(skpItem()));
    json["skpItems"].as_array().push_back(toJson(skpItem()));
    json["skpItems"].as_array().push_back(toJson(skpItem()));
    json["skpItems"].as_array()[3].as_object().erase("parentTargetId");
    json["units"].as_array()[1].as_object()["level"] = "2";
    json["teams"].as_array()[0].as_object()["instrument"].as_object()["kind"] = "memo";
    json["memberships"].as_array()[1].as_object()["validFrom"] = "2023-07-32";
    json.erase("placements");
    json["comment"] = "draft";

    Problems problems;
    Bundle out;
    CHECK_FALSE(decodeAll(json, out, problems));
    REQUIRE(problems.size() == 6);
    CHECK(problems[0].code == ErrorCode::JsonWrongType);
    CHECK(problems[0].field == "units[1].level");
    CHECK(problems[1].code == ErrorCode::JsonMissingField);
    CHECK(problems[1].field == "placements");
    CHECK(problems[2].code == ErrorCode::JsonMissingField);
    CHECK(problems[2].field == "skpItems[3].parentTargetId");
    CHECK(problems[3].code == ErrorCode::JsonBadValue);
    CHECK(problems[3].field == "teams[0].instrument.kind");
    CHECK(problems[4].code == ErrorCode::JsonBadValue);
    CHECK(problems[4].field == "memberships[1].validFrom");
    CHECK(problems[5].code == ErrorCode::JsonUnknownField);
    CHECK(problems[5].field == "comment");

    const auto first = decode<Bundle>(json);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error() == problems[0]);
}

TEST_CASE("codec: a bundle of another format or version is refused", "[shared][codec]") {
    auto json = objectOf(bundle());
    json["version"] = 2;
    json["units"] = "changed in version 2";
    expectProblem<Bundle>(json, ErrorCode::BundleVersion, "version");

    json = objectOf(bundle());
    json["format"] = "jejak-export";
    expectProblem<Bundle>(json, ErrorCode::BundleVersion, "format");

    json = objectOf(bundle());
    json.erase("version");
    expectProblem<Bundle>(json, ErrorCode::JsonMissingField, "version");

    json = objectOf(bundle());
    json["version"] = "1";
    expectProblem<Bundle>(json, ErrorCode::JsonWrongType, "version");
}

TEST_CASE("codec: malformed JSON text names the byte offset", "[shared][codec]") {
    const auto trailingComma = parseJson(R"({"a": 1,})");
    REQUIRE_FALSE(trailingComma.ok());
    CHECK(trailingComma.error().code == ErrorCode::JsonMalformed);
    CHECK_THAT(trailingComma.error().message, Catch::EndsWith("at byte 8"));

    const auto truncated = parseJson(R"({"a": [1, 2)");
    REQUIRE_FALSE(truncated.ok());
    CHECK_THAT(truncated.error().message, Catch::EndsWith("at byte 11"));

    const auto trailingData = parseJson(R"({"a": 1} {})");
    REQUIRE_FALSE(trailingData.ok());
    CHECK_THAT(trailingData.error().message, Catch::EndsWith("at byte 9"));

    CHECK_FALSE(parseJson("").ok());
    CHECK_FALSE(parseJson("\"\xff\"").ok());
    CHECK_FALSE(parseJson("{'a': 1}").ok());

    std::string deep(33, '[');
    deep += std::string(33, ']');
    CHECK_FALSE(parseJson(deep).ok());
    CHECK(parseJson(R"({"a": 1, "a": 2})")->at("a").as_int64() == 2);

    const auto fine = parseJson(" {\"a\": [1, 2.5, null]} \n");
    REQUIRE(fine.ok());
    CHECK(fine->at("a").as_array().size() == 3);
}

