// SPDX-License-Identifier: Apache-2.0
// Tests of the protocol message codec: golden examples, op payloads, presence rules and strictness.
#include "jejak/sync/protocol_codec.hpp"

#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace bj = boost::json;
namespace fs = std::filesystem;
using namespace jejak;
using namespace jejak::sync;
using shared::ErrorCode;
using shared::Problems;

namespace {

const fs::path kGoldenDir = fs::path(JEJAK_SOURCE_DIR) / "tests" / "data" / "protocol";
const std::string kActivityId = "0189f1a2-7c3d-7e4f-8a5b-6c7d8e9f0a1b";

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bj::value parse(const std::string& text) {
    auto parsed = shared::parseJson(text);
    if (!parsed.ok())
        FAIL(shared::toString(parsed.error()));
    return std::move(parsed).value();
}

bj::value golden(const char* name) {
    return parse(readFile(kGoldenDir / name));
}

template <class T> T decoded(const bj::value& json) {
    auto result = shared::decode<T>(json);
    if (!result.ok())
        FAIL(shared::toString(result.error()));
    return std::move(result).value();
}

// Decodes `json` as T and re-encodes it: what a golden file must reproduce. Every problem fails the test.
template <class T> bj::value reencode(const bj::value& json) {
    Problems problems;
    T message{};
    const bool ok = decodeAll(json, message, problems);
    for (const auto& problem : problems)
        UNSCOPED_INFO(shared::toString(problem));
    REQUIRE(ok);
    return toJson(message);
}

using Reencoder = std::function<bj::value(const bj::value&)>;

// Every golden file and the message it holds.
const std::map<std::string, Reencoder>& goldenMessages() {
    static const std::map<std::string, Reencoder> kMessages = {
        {"activity_status.json", reencode<ActivityStatus>}, {"blob_status.json", reencode<BlobStatus>},
        {"error_body.json", reencode<ErrorBody>},           {"login_request.json", reencode<LoginRequest>},
        {"login_response.json", reencode<LoginResponse>},   {"pull_request.json", reencode<PullRequest>},
        {"pull_request_first.json", reencode<PullRequest>}, {"pull_response.json", reencode<PullResponse>},
        {"push_request.json", reencode<PushRequest>},       {"push_response.json", reencode<PushResponse>},
    };
    return kMessages;
}

// Every problem of decoding `json` as T.
template <class T> Problems problemsOf(const bj::value& json) {
    Problems problems;
    T out{};
    CHECK_FALSE(decodeAll(json, out, problems));
    return problems;
}

template <class T> void expectProblem(const bj::value& json, ErrorCode code, const std::string& path) {
    const auto problems = problemsOf<T>(json);
    REQUIRE(problems.size() == 1);
    INFO(shared::toString(problems[0]));
    CHECK(problems[0].code == code);
    CHECK(problems[0].field == path);
}

bj::object& at(bj::value& json, std::initializer_list<std::string_view> keys) {
    bj::value* v = &json;
    for (const auto key : keys)
        v = &v->as_object().at(key);
    return v->as_object();
}

} // namespace

TEST_CASE("protocol codec: golden messages decode and re-encode to the same canonical JSON",
          "[sync][protocol][golden]") {
    std::size_t seen = 0;
    for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
        const auto name = entry.path().filename().string();
        if (entry.path().extension() != ".json")
            continue;
        INFO(name);
        const auto messages = goldenMessages().find(name);
        REQUIRE(messages != goldenMessages().end()); // every golden file is tested
        ++seen;
        const bj::value json = parse(readFile(entry.path()));
        const std::string expected = bj::serialize(json);
        const std::string actual = bj::serialize(messages->second(json));
        if (actual != expected) {
            const auto failPath = fs::current_path() / (name + ".fail");
            std::ofstream(failPath) << actual << '\n';
            FAIL("re-encoded differently; written to " << failPath.string());
        }
    }
    CHECK(seen == goldenMessages().size());
}

TEST_CASE("protocol codec: golden push request holds one op of every kind", "[sync][protocol][golden]") {
    const auto request = decoded<PushRequest>(golden("push_request.json"));
    REQUIRE(request.ops.size() == 7);
    for (std::size_t i = 0; i < request.ops.size(); ++i)
        CHECK(request.ops[i].kind() == static_cast<OpKind>(i));
    const auto& submit = std::get<SubmitActivity>(request.ops[0].payload).activity;
    CHECK(submit.id == kActivityId);
    CHECK(submit.evidence.at(0).capturedAt.has_value());
    const auto& revise = std::get<ReviseActivity>(request.ops[1].payload).activity;
    CHECK(revise.revision == 2);
    CHECK_FALSE(revise.teamId.has_value());
    CHECK(std::get<WithdrawActivity>(request.ops[2].payload).revision == 1);
    CHECK(std::get<DecideReview>(request.ops[3].payload).review.decision == shared::Decision::Return);
    CHECK(std::get<RateActivity>(request.ops[4].payload).rating.scores.systematic == 88);
    CHECK(std::get<PostFeedback>(request.ops[5].payload).feedback.skpItemId == "rhk-1");
    CHECK(std::get<Evaluate>(request.ops[6].payload).evaluation.predicate == shared::Predicate::Baik);
}

TEST_CASE("protocol codec: golden pull response carries entity JSON the shared codec reads",
          "[sync][protocol][golden]") {
    const auto response = decoded<PullResponse>(golden("pull_response.json"));
    REQUIRE(response.changes.size() == 5);
    CHECK(response.hasMore);
    CHECK_FALSE(response.reset);
    const auto team = decoded<shared::Team>(*response.changes[0].data);
    CHECK(team.instrument.kind == shared::InstrumentKind::SkTimKerja);
    const auto membership = decoded<shared::Membership>(*response.changes[1].data);
    CHECK_FALSE(membership.validTo.has_value());
    CHECK(decoded<shared::SkpItem>(*response.changes[2].data).parentTargetId == "pak-1");
    CHECK(response.changes[3].entity == ChangeEntity::ActivityState);
    CHECK(decoded<ActivityStatus>(*response.changes[3].data).state == shared::ActivityState::Returned);
    CHECK(response.changes[4].deleted);
    CHECK_FALSE(response.changes[4].data.has_value());
}

TEST_CASE("protocol codec: golden push response keeps errors, statuses and records",
          "[sync][protocol][golden]") {
    const auto response = decoded<PushResponse>(golden("push_response.json"));
    REQUIRE(response.results.size() == 4);
    CHECK(response.results[0].ok);
    CHECK(response.results[0].status->state == shared::ActivityState::Submitted);
    const auto incomplete = toError(*response.results[1].error);
    CHECK(incomplete.code == ErrorCode::EvidenceIncomplete);
    CHECK(incomplete.transient);
    CHECK(toError(*response.results[2].error).code == ErrorCode::StaleDecision);
    CHECK(response.results[2].status->revision == 2);
    CHECK(decoded<shared::Feedback>(*response.results[3].record).authorNip == "197901202005011003");
}

TEST_CASE("protocol codec: enum wire names", "[sync][protocol]") {
    CHECK(shared::json::enumName(ChangeEntity::RoleBinding) == "roleBinding");
    CHECK(shared::json::enumName(ChangeEntity::ActivityState) == "activityState");
    CHECK(shared::json::enumName(ChangeEntity::Target) == "target");
    CHECK(shared::json::enumName(OpKind::WithdrawActivity) == "withdrawActivity");
    CHECK(shared::json::enumName(OpKind::Evaluate) == "evaluate");
    CHECK(shared::json::parseEnum<OpKind>("postFeedback") == OpKind::PostFeedback);
    CHECK_FALSE(shared::json::parseEnum<ChangeEntity>("skp_item").has_value());
}

TEST_CASE("protocol codec: an op's kind chooses how its payload is read", "[sync][protocol][push]") {
    bj::value json = golden("push_request.json");
    auto& ops = json.as_object().at("ops").as_array();

    SECTION("a payload of another kind is reported field by field") {
        ops[3].as_object()["kind"] = "rateActivity"; // a Review where a Rating belongs
        const auto problems = problemsOf<PushRequest>(json);
        REQUIRE(problems.size() == 8);
        CHECK(problems[0].code == ErrorCode::JsonMissingField);
        CHECK(problems[0].field == "ops[3].payload.appraiserNip");
        CHECK(problems[1].field == "ops[3].payload.scores");
        CHECK(problems[2].field == "ops[3].payload.ratedAt");
        CHECK(problems[3].code == ErrorCode::JsonUnknownField);
        CHECK(problems[3].field == "ops[3].payload.revision");
        CHECK(problems[7].field == "ops[3].payload.decidedAt");
    }
    SECTION("an unknown kind is one problem; its payload is not guessed at") {
        ops[0].as_object()["kind"] = "deleteActivity";
        expectProblem<PushRequest>(json, ErrorCode::JsonBadValue, "ops[0].kind");
    }
    SECTION("a missing payload") {
        ops[2].as_object().erase("payload");
        expectProblem<PushRequest>(json, ErrorCode::JsonMissingField, "ops[2].payload");
    }
    SECTION("problems deep inside a payload carry the full path") {
        auto& evidence = ops[0].as_object().at("payload").as_object().at("evidence").as_array();
        evidence[0].as_object()["sha256"] = "9F86D081";
        expectProblem<PushRequest>(json, ErrorCode::JsonBadValue, "ops[0].payload.evidence[0].sha256");
    }
    SECTION("op ids and withdrawn activity ids are UUIDs") {
        ops[1].as_object()["opId"] = "op-2";
        at(ops[2], {"payload"})["activityId"] = "act-3";
        const auto problems = problemsOf<PushRequest>(json);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].field == "ops[1].opId");
        CHECK(problems[1].field == "ops[2].payload.activityId");
        CHECK(problems[1].code == ErrorCode::JsonBadValue);
    }
}

TEST_CASE("protocol codec: every op kind round-trips", "[sync][protocol][push]") {
    const auto request = decoded<PushRequest>(golden("push_request.json"));
    for (const auto& op : request.ops) {
        const auto back = decoded<Op>(parse(bj::serialize(toJson(op))));
        CHECK(back == op);
    }
    const Op withdraw{"0189f1a2-7c40-7000-8000-00000000a0ff", WithdrawActivity{kActivityId, 3}};
    CHECK(withdraw.kind() == OpKind::WithdrawActivity);
    const std::string expected =
        R"({"opId":"0189f1a2-7c40-7000-8000-00000000a0ff","kind":"withdrawActivity",)"
        R"("payload":{"activityId":")" +
        kActivityId + R"(","revision":3}})";
    CHECK(bj::serialize(toJson(withdraw)) == expected);
}

TEST_CASE("protocol codec: change data is present exactly when not deleted", "[sync][protocol][pull]") {
    bj::value json = golden("pull_response.json");
    auto& changes = json.as_object().at("changes").as_array();

    SECTION("a tombstone with data") {
        changes[4].as_object()["data"] = {{"id", "m-pia-3"}};
        expectProblem<PullResponse>(json, ErrorCode::JsonBadValue, "changes[4].data");
    }
    SECTION("a tombstone may say data: null") {
        changes[4].as_object()["data"] = nullptr;
        CHECK(shared::decode<PullResponse>(json).ok());
    }
    SECTION("a live record without data") {
        changes[1].as_object().erase("data");
        expectProblem<PullResponse>(json, ErrorCode::JsonMissingField, "changes[1].data");
    }
    SECTION("data must be an object") {
        changes[0].as_object()["data"] = "team-pak";
        expectProblem<PullResponse>(json, ErrorCode::JsonWrongType, "changes[0].data");
    }
    SECTION("an unknown entity") {
        changes[2].as_object()["entity"] = "skp_item";
        expectProblem<PullResponse>(json, ErrorCode::JsonBadValue, "changes[2].entity");
    }
    SECTION("seq must be an integer") {
        changes[0].as_object()["seq"] = "4496";
        expectProblem<PullResponse>(json, ErrorCode::JsonWrongType, "changes[0].seq");
    }
}

TEST_CASE("protocol codec: an op result has an error exactly when it failed", "[sync][protocol][push]") {
    bj::value json = golden("push_response.json");
    auto& results = json.as_object().at("results").as_array();

    SECTION("ok with an error") {
        results[0].as_object()["error"] = toJson(toErrorBody(shared::Error(ErrorCode::Internal)));
        expectProblem<PushResponse>(json, ErrorCode::JsonBadValue, "results[0].error");
    }
    SECTION("failed without an error") {
        results[1].as_object().erase("error");
        expectProblem<PushResponse>(json, ErrorCode::JsonMissingField, "results[1].error");
    }
    SECTION("nested status and error bodies are strict") {
        at(results[2], {"status"})["state"] = "pending";
        at(results[2], {"error"})["retry"] = true;
        const auto problems = problemsOf<PushResponse>(json);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].code == ErrorCode::JsonUnknownField);
        CHECK(problems[0].field == "results[2].error.retry");
        CHECK(problems[1].code == ErrorCode::JsonBadValue);
        CHECK(problems[1].field == "results[2].status.state");
    }
}

TEST_CASE("protocol codec: login, pull request and blob status are strict", "[sync][protocol]") {
    auto login = golden("login_request.json");
    login.as_object().erase("deviceName");
    login.as_object()["device"] = "A14";
    const auto problems = problemsOf<LoginRequest>(login);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == ErrorCode::JsonMissingField);
    CHECK(problems[0].field == "deviceName");
    CHECK(problems[1].code == ErrorCode::JsonUnknownField);
    CHECK(problems[1].field == "device");

    auto session = golden("login_response.json");
    session.as_object()["expiresAt"] = "2023-03-31";
    expectProblem<LoginResponse>(session, ErrorCode::JsonBadValue, "expiresAt");

    const auto first = decoded<PullRequest>(golden("pull_request_first.json"));
    CHECK_FALSE(first.cursor.has_value());
    CHECK(first.limit == 500);
    auto pull = golden("pull_request.json");
    pull.as_object()["limit"] = 12.5;
    expectProblem<PullRequest>(pull, ErrorCode::JsonBadValue, "limit");

    auto blob = golden("blob_status.json");
    CHECK(decoded<BlobStatus>(blob).received == 262144);
    blob.as_object()["sha256"] = "not-a-digest";
    expectProblem<BlobStatus>(blob, ErrorCode::JsonBadValue, "sha256");
    expectProblem<BlobStatus>(bj::array{}, ErrorCode::JsonWrongType, "");
}
