// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/validation.hpp"

#include "support/fixture_domain.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>

using namespace jejak::shared;
using namespace jejak::testing;
using namespace std::chrono;

namespace {

ValidationReport validate(const Activity& a, const DomainView& view, Timestamp now = fixtureNow(),
                          const ValidationOptions& options = {}) {
    const FixedClock clock(now);
    return validateActivity(a, view, clock, options);
}

ValidationReport validate(const Activity& a) {
    return validate(a, fixtureDomain());
}

bool has(const std::vector<Error>& list, ErrorCode code, std::string_view field) {
    return std::any_of(list.begin(), list.end(),
                       [&](const Error& e) { return e.code == code && e.field == field; });
}

std::size_t count(const std::vector<Error>& list, ErrorCode code) {
    return static_cast<std::size_t>(
        std::count_if(list.begin(), list.end(), [&](const Error& e) { return e.code == code; }));
}

std::string describe(const ValidationReport& r) {
    std::string s;
    for (const Error& e : r.errors)
        s += "error " + toString(e) + "\n";
    for (const Error& e : r.flags)
        s += "flag " + toString(e) + "\n";
    return s;
}

/// The report has exactly this one error (and the activity is refused).
void onlyError(const ValidationReport& r, ErrorCode code, std::string_view field) {
    INFO(describe(r));
    CHECK_FALSE(r.ok());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].code == code);
    CHECK(r.errors[0].field == field);
}

void passes(const ValidationReport& r) {
    INFO(describe(r));
    CHECK(r.ok());
    CHECK(r.errors.empty());
}

KnownActivity known(std::string id, std::string_view nip, std::string_view start, std::string_view end,
                    ActivityState state, std::vector<EvidenceRef> evidence) {
    KnownActivity k;
    k.activity.id = std::move(id);
    k.activity.nip = std::string(nip);
    k.activity.start = instant(start);
    k.activity.end = instant(end);
    k.activity.evidence = std::move(evidence);
    k.state = state;
    return k;
}

EvidenceRef attachment(unsigned n, std::string mediaType, std::int64_t size = 100'000) {
    return EvidenceRef{digest(n), size, std::move(mediaType), EvidenceKind::Attachment, std::nullopt};
}

} // namespace

TEST_CASE("validation: the fixture activity passes every rule", "[shared][validation]") {
    const ValidationReport r = validate(fixtureActivity());
    passes(r);
    CHECK(r.flags.empty());
    REQUIRE(r.route);
    CHECK(*r.route == Route{std::string(kNipKetuaPak), RouteKind::KetuaTim, false});
    CHECK_FALSE(r.onlyTransientErrors());
}

//---- Rule 1: the author and the team

TEST_CASE("validation: the author must be a known, active employee", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.nip = "000000000000000000";
    a.teamId.reset();
    a.skpItemId.reset();
    onlyError(validate(a), ErrorCode::EmployeeInactive, "nip");

    a = fixtureActivity();
    a.nip = std::string(kNipInactive);
    a.teamId.reset();
    a.skpItemId.reset();
    const ValidationReport r = validate(a);
    onlyError(r, ErrorCode::EmployeeInactive, "nip");
    CHECK(r.route.has_value()); // still routed, so the report is complete
}

TEST_CASE("validation: the author's instansi must be reachable", "[shared][validation]") {
    Bundle b = fixtureBundle();
    b.positions[3].unitId = "no-such-unit"; // pos-pranata, Putra's position
    const ValidationReport r = validate(fixtureActivity(), InMemoryDomain(std::move(b)));
    onlyError(r, ErrorCode::NotFound, "nip");
    CHECK_FALSE(r.route); // routing needs the activity date
}

TEST_CASE("validation: the team must exist", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.teamId = "no-such-team";
    const ValidationReport r = validate(a);
    INFO(describe(r));
    // Reported once although routing fails on it too; the item cannot be checked against the team.
    CHECK(count(r.errors, ErrorCode::TeamUnknown) == 1);
    onlyError(r, ErrorCode::TeamUnknown, "teamId");
}

TEST_CASE("validation: the author must hold a membership of the team on the activity date",
          "[shared][validation]") {
    Activity a = fixtureActivity();
    a.nip = std::string(kNipDewi);
    a.skpItemId = std::string(kItemDewiPak);
    a.start = instant("2023-06-30T09:00:00+08:00"); // last day of Dewi's PAK membership
    a.end = instant("2023-06-30T11:00:00+08:00");
    const Timestamp now = instant("2023-07-01T12:00:00+08:00");
    passes(validate(a, fixtureDomain(), now));

    a.start = instant("2023-07-01T09:00:00+08:00");
    a.end = instant("2023-07-01T11:00:00+08:00");
    onlyError(validate(a, fixtureDomain(), now), ErrorCode::NotTeamMember, "teamId");

    Activity solo = fixtureActivity(); // Solo is in no team
    solo.nip = std::string(kNipSolo);
    solo.skpItemId.reset();
    solo.teamId.reset();
    passes(validate(solo));
    solo.teamId = std::string(kTeamPak);
    onlyError(validate(solo), ErrorCode::NotTeamMember, "teamId");
}

TEST_CASE("validation: the activity date must lie in the team's period", "[shared][validation]") {
    Bundle b = fixtureBundle();
    b.teams[0].periodStart = date("2023-03-16"); // PAK starts the day after the activity
    const ValidationReport r = validate(fixtureActivity(), InMemoryDomain(std::move(b)));
    onlyError(r, ErrorCode::NotTeamMember, "teamId");
    CHECK(r.errors[0].message.find("runs 2023-03-16") != std::string::npos);
}

//---- Rule 2: the SKP item

TEST_CASE("validation: the SKP item must exist", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.skpItemId = "no-such-item";
    onlyError(validate(a), ErrorCode::SkpItemUnknown, "skpItemId");

    Bundle b = fixtureBundle();
    b.skpItems[0].skpId = "no-such-skp";
    onlyError(validate(fixtureActivity(), InMemoryDomain(std::move(b))), ErrorCode::SkpItemUnknown,
              "skpItemId");
}

TEST_CASE("validation: the SKP item must belong to the author's SKP", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.skpItemId = std::string(kItemDewiPak);
    onlyError(validate(a), ErrorCode::SkpItemNotOwned, "skpItemId");
}

TEST_CASE("validation: the activity date must lie in the SKP's period", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.teamId.reset();
    a.skpItemId = std::string(kItemPutra2022);
    a.outputUnit = "Laporan";
    onlyError(validate(a), ErrorCode::SkpPeriodMismatch, "start");
    a.skpItemId = std::string(kItemPutraOwn);
    passes(validate(a));
}

TEST_CASE("validation: the SKP must be approved", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.nip = std::string(kNipSolo);
    a.teamId.reset();
    a.skpItemId = std::string(kItemSolo);
    a.outputUnit = "Laporan";
    onlyError(validate(a), ErrorCode::SkpNotApproved, "skpItemId");

    Bundle b = fixtureBundle();
    b.skps[6].status = SkpStatus::Approved; // skp-solo-2023
    passes(validate(a, InMemoryDomain(std::move(b))));
}

TEST_CASE("validation: the SKP item must cascade from the team's targets", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.skpItemId = std::string(kItemPutraPia); // a PIA item in a PAK activity
    a.outputUnit = "Laporan";
    onlyError(validate(a), ErrorCode::SkpItemNotInTeamCascade, "skpItemId");

    a.skpItemId = std::string(kItemPutraPakDeep); // through PAK-1.1 up to PAK-1
    passes(validate(a));
}

//---- Rule 4: time

TEST_CASE("validation: the end must be after the start", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.end = a.start;
    onlyError(validate(a), ErrorCode::EndBeforeStart, "end");
    a.end = a.start - minutes{1};
    onlyError(validate(a), ErrorCode::EndBeforeStart, "end");
    a.end = a.start + milliseconds{1};
    passes(validate(a));
}

TEST_CASE("validation: the activity may not lie in the future beyond the clock skew",
          "[shared][validation]") {
    Activity a = fixtureActivity();
    const Timestamp now = a.end - seconds{300}; // the device clock is exactly 5 minutes ahead
    passes(validate(a, fixtureDomain(), now));
    onlyError(validate(a, fixtureDomain(), now - milliseconds{1}), ErrorCode::InFuture, "end");

    // Only the start in the future: the end is before it, and both are reported.
    a.start = fixtureNow() + hours{1};
    a.end = fixtureNow() - hours{1};
    const ValidationReport r = validate(a);
    INFO(describe(r));
    CHECK(has(r.errors, ErrorCode::InFuture, "start"));
    CHECK(has(r.errors, ErrorCode::EndBeforeStart, "end"));
}

TEST_CASE("validation: the activity must be submitted within the late window", "[shared][validation]") {
    const Activity a = fixtureActivity();
    passes(validate(a, fixtureDomain(), a.end + days{30}));
    onlyError(validate(a, fixtureDomain(), a.end + days{30} + milliseconds{1}), ErrorCode::TooLate, "end");

    Bundle b = fixtureBundle();
    b.instansi[0].policy.lateWindowDays = 7;
    onlyError(validate(a, InMemoryDomain(std::move(b)), a.end + days{8}), ErrorCode::TooLate, "end");
}

TEST_CASE("validation: overlaps with the author's other live activities are flagged",
          "[shared][validation]") {
    const std::vector<EvidenceRef> other = {photo(50)};
    const InMemoryDomain view = fixtureDomain({
        known("other-1", kNipPutra, "2023-03-15T10:30:00+08:00", "2023-03-15T11:30:00+08:00",
              ActivityState::Approved, other),
        known("other-2", kNipPutra, "2023-03-15T11:00:00+08:00", "2023-03-15T12:00:00+08:00",
              ActivityState::Submitted, other),
        known("other-3", kNipPutra, "2023-03-15T09:00:00+08:00", "2023-03-15T10:00:00+08:00",
              ActivityState::Withdrawn, other),
    });
    const ValidationReport r = validate(fixtureActivity(), view);
    passes(r); // a flag does not refuse the activity
    REQUIRE(r.flags.size() == 1);
    CHECK(r.flags[0].code == ErrorCode::Overlap);
    CHECK(r.flags[0].field == "start");
    CHECK(r.flags[0].message == "overlaps other-1"); // other-2 only touches; other-3 is withdrawn

    Activity revision = fixtureActivity(); // the same activity resubmitted does not overlap itself
    revision.id = "other-1";
    CHECK(validate(revision, view).flags.empty());
}

//---- Rule 5: content

TEST_CASE("validation: the name is required, at most 200 code points", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.name = "";
    onlyError(validate(a), ErrorCode::NameRequired, "name");
    a.name = " \t ";
    onlyError(validate(a), ErrorCode::NameRequired, "name");
    a.name.clear();
    for (int i = 0; i < 200; ++i)
        a.name += "\xC3\xA9"; // é: 400 bytes, 200 code points
    passes(validate(a));
    a.name += "e";
    onlyError(validate(a), ErrorCode::NameRequired, "name");
    a.name = "Rapat \xC3";
    onlyError(validate(a), ErrorCode::TextInvalidUtf8, "name");
}

TEST_CASE("validation: the description is at most 300 code points of valid UTF-8", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.description.clear();
    for (int i = 0; i < 300; ++i)
        a.description += "\xF0\x9F\x93\xB7"; // 📷: 1200 bytes, 300 code points
    passes(validate(a));
    a.description += "!";
    onlyError(validate(a), ErrorCode::DescriptionTooLong, "description");
    a.description = "Foto \xED\xA0\x80"; // a surrogate
    onlyError(validate(a), ErrorCode::TextInvalidUtf8, "description");
    a.description.clear();
    passes(validate(a));
}

TEST_CASE("validation: the output quantity is a positive finite number", "[shared][validation]") {
    Activity a = fixtureActivity();
    for (const double bad :
         {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
          -std::numeric_limits<double>::infinity()}) {
        a.outputQuantity = bad;
        onlyError(validate(a), ErrorCode::OutputNotPositive, "outputQuantity");
    }
    a.outputQuantity = 0.5;
    passes(validate(a));
}

TEST_CASE("validation: the output unit matches the SKP item's unit where one is set",
          "[shared][validation]") {
    Activity a = fixtureActivity();
    a.outputUnit = "  dokumen ";
    passes(validate(a));
    a.outputUnit = "Laporan";
    onlyError(validate(a), ErrorCode::OutputUnitMismatch, "outputUnit");
    a.outputUnit = "Dok\xFF";
    onlyError(validate(a), ErrorCode::TextInvalidUtf8, "outputUnit");
    a.skpItemId = std::string(kItemPutraPakDeep); // no unit set: anything goes
    a.outputUnit = "kali";
    passes(validate(a));
}

//---- Rule 6: evidence

TEST_CASE("validation: at least one photo is required", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.evidence.clear();
    onlyError(validate(a), ErrorCode::PhotoRequired, "evidence");
    a.evidence.push_back(attachment(2, "application/pdf"));
    onlyError(validate(a), ErrorCode::PhotoRequired, "evidence");
    a.evidence.push_back(photo(3));
    passes(validate(a));
}

TEST_CASE("validation: every evidence reference must be sane", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.evidence.push_back(photo(2));

    a.evidence[1].sha256 = digest(2).substr(1);
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].sha256");
    a.evidence[1].sha256 = "ABCDEF" + digest(2).substr(6); // upper case
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].sha256");
    a.evidence[1].sha256 = digest(1); // the same file twice
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].sha256");
    a.evidence[1].sha256 = digest(2);

    a.evidence[1].size = 0;
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].size");
    a.evidence[1].size = Policy{}.maxPhotoBytes + 1;
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].size");
    a.evidence[1].size = Policy{}.maxPhotoBytes;
    passes(validate(a));

    a.evidence[1].mediaType = "image/gif";
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].mediaType");
    a.evidence[1].mediaType = "application/pdf";
    onlyError(validate(a), ErrorCode::EvidenceInvalid, "evidence[1].mediaType");
    a.evidence[1].mediaType = "IMAGE/PNG";
    passes(validate(a));
}

TEST_CASE("validation: attachments have their own types and size limit", "[shared][validation]") {
    Activity a = fixtureActivity();
    const std::int64_t big = Policy{}.maxPhotoBytes + 1; // too big for a photo, fine for a document
    a.evidence.push_back(attachment(2, "application/pdf", big));
    a.evidence.push_back(attachment(3, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    a.evidence.push_back(attachment(4, "application/msword"));
    a.evidence.push_back(attachment(5, "application/vnd.ms-powerpoint"));
    passes(validate(a));
    a.evidence[1].size = Policy{}.maxAttachmentBytes + 1;
    a.evidence[2].mediaType = "image/jpeg";
    a.evidence[3].mediaType = "text/plain";
    const ValidationReport r = validate(a);
    INFO(describe(r));
    CHECK(r.errors.size() == 3);
    CHECK(has(r.errors, ErrorCode::EvidenceInvalid, "evidence[1].size"));
    CHECK(has(r.errors, ErrorCode::EvidenceInvalid, "evidence[2].mediaType"));
    CHECK(has(r.errors, ErrorCode::EvidenceInvalid, "evidence[3].mediaType"));
}

TEST_CASE("validation: media types and size limits by themselves", "[shared][validation]") {
    CHECK(isAllowedMediaType(EvidenceKind::Photo, "image/jpeg"));
    CHECK(isAllowedMediaType(EvidenceKind::Photo, "image/png"));
    CHECK_FALSE(isAllowedMediaType(EvidenceKind::Photo, "image/jpeg; q=1"));
    CHECK_FALSE(isAllowedMediaType(EvidenceKind::Photo, ""));
    CHECK(isAllowedMediaType(EvidenceKind::Attachment,
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    CHECK(isAllowedMediaType(EvidenceKind::Attachment,
                             "application/vnd.openxmlformats-officedocument.presentationml.presentation"));
    CHECK(isAllowedMediaType(EvidenceKind::Attachment, "application/vnd.ms-excel"));
    CHECK_FALSE(isAllowedMediaType(EvidenceKind::Attachment, "application/zip"));
    Policy p;
    p.maxPhotoBytes = 1;
    p.maxAttachmentBytes = 2;
    CHECK(maxEvidenceBytes(EvidenceKind::Photo, p) == 1);
    CHECK(maxEvidenceBytes(EvidenceKind::Attachment, p) == 2);
}

TEST_CASE("validation: a photo already used by another live activity is flagged", "[shared][validation]") {
    const std::string t0 = "2023-03-01T08:00:00+08:00";
    const std::string t1 = "2023-03-01T09:00:00+08:00";
    Activity a = fixtureActivity();
    a.evidence.push_back(attachment(9, "application/pdf"));
    const InMemoryDomain view = fixtureDomain({
        known("used-by-dewi", kNipDewi, t0, t1, ActivityState::Approved,
              {photo(1), attachment(9, "application/pdf")}),
        known("rejected", kNipDewi, t0, t1, ActivityState::Rejected, {photo(1)}),
    });
    const ValidationReport r = validate(a, view);
    passes(r);
    REQUIRE(r.flags.size() == 1); // the shared PDF is not a reused photo
    CHECK(r.flags[0].code == ErrorCode::EvidenceReused);
    CHECK(r.flags[0].field == "evidence[0]");
    CHECK(r.flags[0].message == "also evidence of used-by-dewi");

    const InMemoryDomain deadOnly =
        fixtureDomain({known("rejected", kNipDewi, t0, t1, ActivityState::Rejected, {photo(1)})});
    CHECK(validate(a, deadOnly).flags.empty());
}

TEST_CASE("validation: the server's blob check reports incomplete and corrupt blobs",
          "[shared][validation]") {
    Activity a = fixtureActivity();
    a.evidence.push_back(photo(2));
    a.evidence.push_back(photo(3));
    a.evidence[2].mediaType = "image/gif"; // insane: never reaches the blob check
    std::vector<std::string> checked;
    ValidationOptions options;
    options.checkBlob = [&checked](const EvidenceRef& ref) -> std::optional<Error> {
        checked.push_back(ref.sha256);
        if (ref.sha256 == digest(1))
            return Error(ErrorCode::EvidenceIncomplete, {}, "1 of 2 MB received");
        return std::nullopt;
    };
    ValidationReport r = validate(a, fixtureDomain(), fixtureNow(), options);
    INFO(describe(r));
    CHECK(checked == std::vector<std::string>{digest(1), digest(2)});
    REQUIRE(r.errors.size() == 2);
    CHECK(has(r.errors, ErrorCode::EvidenceIncomplete, "evidence[0]"));
    CHECK(has(r.errors, ErrorCode::EvidenceInvalid, "evidence[2].mediaType"));
    CHECK_FALSE(r.onlyTransientErrors());

    a.evidence.pop_back();
    r = validate(a, fixtureDomain(), fixtureNow(), options);
    onlyError(r, ErrorCode::EvidenceIncomplete, "evidence[0]");
    CHECK(r.errors[0].transient);
    CHECK(r.onlyTransientErrors()); // retry once the upload completes

    options.checkBlob = [](const EvidenceRef&) -> std::optional<Error> {
        return Error(ErrorCode::EvidenceCorrupt, "evidence[0].sha256", "digest mismatch");
    };
    r = validate(a, fixtureDomain(), fixtureNow(), options);
    CHECK(count(r.errors, ErrorCode::EvidenceCorrupt) == 2);
    CHECK(r.errors[0].field == "evidence[0].sha256"); // a field set by the check is kept
    CHECK_FALSE(r.errors[0].transient);

    options.checkBlob = [](const EvidenceRef&) -> std::optional<Error> {
        throw std::runtime_error("disk gone");
    };
    r = validate(a, fixtureDomain(), fixtureNow(), options);
    CHECK(count(r.errors, ErrorCode::Internal) == 2);
    CHECK(has(r.errors, ErrorCode::Internal, "evidence[1]"));
}

//---- Rule 3: routing inside validation

TEST_CASE("validation: unlinked work is flagged, or refused by policy", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.skpItemId.reset();
    ValidationReport r = validate(a);
    passes(r);
    REQUIRE(r.flags.size() == 1);
    CHECK(r.flags[0].code == ErrorCode::Unlinked);
    CHECK(r.flags[0].field == "skpItemId");
    REQUIRE(r.route);
    CHECK(*r.route == Route{std::string(kNipKabid), RouteKind::DirectSuperior, true});

    Bundle b = fixtureBundle();
    b.instansi[0].policy.allowUnlinked = false;
    r = validate(a, InMemoryDomain(std::move(b)));
    onlyError(r, ErrorCode::UnlinkedNotAllowed, "skpItemId");
    CHECK_FALSE(r.route);
    CHECK(r.flags.empty());
}

TEST_CASE("validation: no validator is an error", "[shared][validation]") {
    Bundle b = fixtureBundle();
    b.roleBindings.clear();
    Activity a = fixtureActivity();
    a.teamId = std::string(kTeamPdi);
    a.skpItemId = std::string(kItemPutraPdi);
    const InMemoryDomain view(std::move(b));
    onlyError(validate(a, view), ErrorCode::NoValidator, "teamId");
    a.teamId = std::string(kTeamPak);
    a.skpItemId = std::string(kItemPutraPak);
    passes(validate(a, view));
}

TEST_CASE("validation: every failed rule is reported at once", "[shared][validation]") {
    Activity a = fixtureActivity();
    a.nip = std::string(kNipDewi);
    a.skpItemId = std::string(kItemPutraPia); // not Dewi's, and not a PAK item
    a.name = " ";
    a.description = std::string(301, 'x');
    a.outputQuantity = 0;
    a.start = instant("2023-07-01T09:00:00+08:00"); // after Dewi left PAK, and in the future
    a.end = instant("2023-07-01T08:00:00+08:00");   // before the start
    a.evidence = {attachment(1, "image/png")};
    const ValidationReport r = validate(a);
    INFO(describe(r));
    CHECK(has(r.errors, ErrorCode::NotTeamMember, "teamId"));
    CHECK(has(r.errors, ErrorCode::SkpItemNotOwned, "skpItemId"));
    CHECK(has(r.errors, ErrorCode::EndBeforeStart, "end"));
    CHECK(has(r.errors, ErrorCode::InFuture, "end"));
    CHECK(has(r.errors, ErrorCode::NameRequired, "name"));
    CHECK(has(r.errors, ErrorCode::DescriptionTooLong, "description"));
    CHECK(has(r.errors, ErrorCode::OutputNotPositive, "outputQuantity"));
    CHECK(has(r.errors, ErrorCode::OutputUnitMismatch, "outputUnit")); // the item counts in Laporan
    CHECK(has(r.errors, ErrorCode::PhotoRequired, "evidence"));
    CHECK(has(r.errors, ErrorCode::EvidenceInvalid, "evidence[0].mediaType"));
    CHECK(r.errors.size() == 10);
    CHECK(r.route.has_value());
}
