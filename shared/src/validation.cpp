// SPDX-License-Identifier: Apache-2.0
// Activity validation (validation.hpp). One pass per rule group; every failure is collected.
#include "jejak/shared/validation.hpp"

#include "jejak/shared/org.hpp"
#include "jejak/shared/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <string>

namespace jejak::shared {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 2> kPhotoTypes = {"image/jpeg", "image/png"};
constexpr std::array<std::string_view, 7> kAttachmentTypes = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

std::string evidenceField(std::size_t i, std::string_view member = {}) {
    std::string field = "evidence[" + std::to_string(i) + "]";
    if (!member.empty()) {
        field += '.';
        field += member;
    }
    return field;
}

std::string joinIds(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) {
        if (!out.empty())
            out += ", ";
        out += id;
    }
    return out;
}

/// The state of one validation run: the activity, what has been resolved about its author, and the report
/// being filled.
class Run {
  public:
    Run(const Activity& activity, const DomainView& view, const Clock& clock,
        const ValidationOptions& options)
        : m_activity(activity)
        , m_view(view)
        , m_clock(clock)
        , m_options(options) {}

    ValidationReport run() {
        checkAuthor();
        checkTeam();
        checkSkpItem();
        checkTime();
        checkContent();
        checkEvidence();
        route();
        return std::move(m_report);
    }

  private:
    void error(ErrorCode code, std::string field, std::string message) {
        m_report.errors.emplace_back(code, std::move(field), std::move(message));
    }
    void flag(ErrorCode code, std::string field, std::string message) {
        m_report.flags.emplace_back(code, std::move(field), std::move(message));
    }

    void checkAuthor() {
        m_author = m_view.employee(m_activity.nip);
        if (!m_author) {
            error(ErrorCode::EmployeeInactive, "nip", "no employee with NIP " + m_activity.nip);
            return;
        }
        if (!m_author->active)
            error(ErrorCode::EmployeeInactive, "nip", "employee " + m_activity.nip + " is not active");
        const auto instansi = instansiOf(m_view, *m_author);
        if (!instansi) {
            error(ErrorCode::NotFound, "nip", "the author's instansi cannot be found from their position");
            return;
        }
        m_policy = instansi->policy;
        m_day = localDate(m_activity.start, instansi->utcOffsetMinutes);
    }

    void checkTeam() {
        if (!m_activity.teamId)
            return;
        const std::string& teamId = *m_activity.teamId;
        m_team = m_view.team(teamId);
        if (!m_team) {
            error(ErrorCode::TeamUnknown, "teamId", "no team " + teamId);
            return;
        }
        if (!m_day)
            return;
        if (!periodContains(*m_team, *m_day)) {
            error(ErrorCode::NotTeamMember, "teamId",
                  "team " + teamId + " runs " + formatDate(m_team->periodStart) + " to " +
                      formatDate(m_team->periodEnd) + ", not on " + formatDate(*m_day));
        } else if (!activeMembership(m_view, teamId, m_activity.nip, *m_day)) {
            error(ErrorCode::NotTeamMember, "teamId",
                  "no membership of " + m_activity.nip + " in team " + teamId + " on " + formatDate(*m_day));
        }
    }

    void checkSkpItem() {
        if (!m_activity.skpItemId)
            return;
        const std::string& itemId = *m_activity.skpItemId;
        m_item = m_view.skpItem(itemId);
        if (!m_item) {
            error(ErrorCode::SkpItemUnknown, "skpItemId", "no SKP item " + itemId);
            return;
        }
        const auto skp = m_view.skp(m_item->skpId);
        if (!skp) {
            error(ErrorCode::SkpItemUnknown, "skpItemId",
                  "the SKP " + m_item->skpId + " of item " + itemId + " does not exist");
            return;
        }
        if (skp->nip != m_activity.nip) {
            error(ErrorCode::SkpItemNotOwned, "skpItemId",
                  "item " + itemId + " belongs to the SKP of " + skp->nip);
            return;
        }
        if (m_day && !periodContains(*skp, *m_day)) {
            error(ErrorCode::SkpPeriodMismatch, "start",
                  "SKP " + skp->id + " covers " + formatDate(skp->periodStart) + " to " +
                      formatDate(skp->periodEnd) + ", not " + formatDate(*m_day));
        }
        if (skp->status != SkpStatus::Approved)
            error(ErrorCode::SkpNotApproved, "skpItemId", "SKP " + skp->id + " is not approved");
        if (m_team && !cascadesFromTeam(m_view, *m_item, m_team->id))
            error(ErrorCode::SkpItemNotInTeamCascade, "skpItemId",
                  "item " + itemId + " does not cascade from a target of team " + m_team->id);
    }

    void checkTime() {
        const Timestamp now = m_clock.now();
        const Timestamp horizon = now + seconds{m_policy.clockSkewSeconds};
        const bool ordered = m_activity.start < m_activity.end;
        if (!ordered)
            error(ErrorCode::EndBeforeStart, "end", "the end must be after the start");
        if (m_activity.end > horizon)
            error(ErrorCode::InFuture, "end",
                  "ends " + formatTimestamp(m_activity.end) + ", now is " + formatTimestamp(now));
        else if (m_activity.start > horizon)
            error(ErrorCode::InFuture, "start",
                  "starts " + formatTimestamp(m_activity.start) + ", now is " + formatTimestamp(now));
        if (now - m_activity.end > days{m_policy.lateWindowDays})
            error(ErrorCode::TooLate, "end",
                  "ended more than " + std::to_string(m_policy.lateWindowDays) + " days before " +
                      formatTimestamp(now));
        if (ordered) {
            const auto others =
                m_view.overlappingActivities(m_activity.nip, m_activity.start, m_activity.end, m_activity.id);
            if (!others.empty())
                flag(ErrorCode::Overlap, "start", "overlaps " + joinIds(others));
        }
    }

    /// Checks a free text: valid UTF-8, and returns its length in code points.
    std::optional<std::size_t> textLength(const std::string& text, const char* field) {
        const auto length = utf8CodePoints(text);
        if (!length)
            error(ErrorCode::TextInvalidUtf8, field, "not valid UTF-8");
        return length;
    }

    void checkContent() {
        if (const auto length = textLength(m_activity.name, "name")) {
            if (isBlank(m_activity.name))
                error(ErrorCode::NameRequired, "name", "the name is blank");
            else if (*length > kMaxNameCodePoints)
                error(ErrorCode::NameRequired, "name",
                      std::to_string(*length) + " characters > " + std::to_string(kMaxNameCodePoints));
        }
        if (const auto length = textLength(m_activity.description, "description");
            length && *length > kMaxDescriptionCodePoints)
            error(ErrorCode::DescriptionTooLong, "description",
                  std::to_string(*length) + " characters > " + std::to_string(kMaxDescriptionCodePoints));
        if (!std::isfinite(m_activity.outputQuantity) || m_activity.outputQuantity <= 0)
            error(ErrorCode::OutputNotPositive, "outputQuantity", "the quantity must be a positive number");
        if (textLength(m_activity.outputUnit, "outputUnit") && m_item) {
            const std::string_view expected = trimAscii(m_item->quantityUnit);
            if (!expected.empty() && !equalsIgnoreAsciiCase(trimAscii(m_activity.outputUnit), expected))
                error(ErrorCode::OutputUnitMismatch, "outputUnit",
                      "the SKP item counts in \"" + std::string(expected) + "\"");
        }
    }

    void checkEvidence() {
        const auto& evidence = m_activity.evidence;
        const bool hasPhoto = std::any_of(evidence.begin(), evidence.end(),
                                          [](const EvidenceRef& r) { return r.kind == EvidenceKind::Photo; });
        if (!hasPhoto)
            error(ErrorCode::PhotoRequired, "evidence", "no photo among the evidence");
        for (std::size_t i = 0; i < evidence.size(); ++i)
            checkEvidenceRef(i);
    }

    void checkEvidenceRef(std::size_t i) {
        const EvidenceRef& ref = m_activity.evidence[i];
        bool sane = true;
        if (!isSha256Hex(ref.sha256)) {
            error(ErrorCode::EvidenceInvalid, evidenceField(i, kDigestProperty),
                  "not 64 lowercase hex digits");
            sane = false;
        } else {
            for (std::size_t j = 0; j < i; ++j) {
                if (m_activity.evidence[j].sha256 == ref.sha256) {
                    error(ErrorCode::EvidenceInvalid, evidenceField(i, kDigestProperty),
                          "the same file as " + evidenceField(j));
                    sane = false;
                    break;
                }
            }
        }
        const std::int64_t limit = maxEvidenceBytes(ref.kind, m_policy);
        if (ref.size <= 0 || ref.size > limit) {
            error(ErrorCode::EvidenceInvalid, evidenceField(i, kLengthProperty),
                  std::to_string(ref.size) + " bytes; allowed 1 to " + std::to_string(limit));
            sane = false;
        }
        if (!isAllowedMediaType(ref.kind, ref.mediaType)) {
            error(ErrorCode::EvidenceInvalid, evidenceField(i, kContentTypeProperty),
                  "\"" + ref.mediaType + "\" is not allowed for " +
                      (ref.kind == EvidenceKind::Photo ? "a photo" : "an attachment"));
            sane = false;
        }
        if (!sane)
            return;
        if (m_options.checkBlob)
            checkBlob(i, ref);
        if (ref.kind == EvidenceKind::Photo) {
            const auto users = m_view.activitiesUsingEvidence(ref.sha256, m_activity.id);
            if (!users.empty())
                flag(ErrorCode::EvidenceReused, evidenceField(i), "also evidence of " + joinIds(users));
        }
    }

    void checkBlob(std::size_t i, const EvidenceRef& ref) {
        std::optional<Error> failure;
        try {
            failure = m_options.checkBlob(ref);
        } catch (const std::exception& e) {
            failure = Error(ErrorCode::Internal, {}, std::string("blob check failed: ") + e.what());
        } catch (...) {
            failure = Error(ErrorCode::Internal, {}, "blob check failed");
        }
        if (!failure)
            return;
        if (failure->field.empty())
            failure->field = evidenceField(i);
        m_report.errors.push_back(std::move(*failure));
    }

    void route() {
        if (!m_author || !m_day)
            return;
        auto routed = routeActivity(m_activity, m_view, *m_day, m_policy);
        if (routed) {
            if (routed->unlinked)
                flag(ErrorCode::Unlinked, "skpItemId",
                     "reviewed by " + routed->validatorNip + " as not linked");
            m_report.route = std::move(routed).value();
            return;
        }
        const Error& e = routed.error();
        const bool known = std::any_of(m_report.errors.begin(), m_report.errors.end(), [&](const Error& x) {
            return x.code == e.code && x.field == e.field;
        });
        if (!known)
            m_report.errors.push_back(std::move(routed).error());
    }

    const Activity& m_activity;
    const DomainView& m_view;
    const Clock& m_clock;
    const ValidationOptions& m_options;

    ValidationReport m_report;
    Policy m_policy; ///< the instansi's, or the defaults when it cannot be found
    std::optional<Employee> m_author;
    std::optional<Date> m_day;     ///< D; empty when the instansi cannot be found
    std::optional<Team> m_team;    ///< the activity's team when it exists
    std::optional<SkpItem> m_item; ///< the activity's SKP item when it exists
};

} // namespace

bool ValidationReport::onlyTransientErrors() const noexcept {
    return !errors.empty() &&
           std::all_of(errors.begin(), errors.end(), [](const Error& e) { return e.transient; });
}

bool isAllowedMediaType(EvidenceKind kind, std::string_view mediaType) noexcept {
    const auto matches = [mediaType](std::string_view allowed) {
        return equalsIgnoreAsciiCase(mediaType, allowed);
    };
    if (kind == EvidenceKind::Photo)
        return std::any_of(kPhotoTypes.begin(), kPhotoTypes.end(), matches);
    return std::any_of(kAttachmentTypes.begin(), kAttachmentTypes.end(), matches);
}

std::int64_t maxEvidenceBytes(EvidenceKind kind, const Policy& policy) noexcept {
    return kind == EvidenceKind::Photo ? policy.maxPhotoBytes : policy.maxAttachmentBytes;
}

ValidationReport validateActivity(const Activity& activity, const DomainView& view, const Clock& clock,
                                  const ValidationOptions& options) {
    return Run(activity, view, clock, options).run();
}

} // namespace jejak::shared
