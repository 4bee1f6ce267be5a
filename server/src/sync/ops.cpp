// SPDX-License-Identifier: Apache-2.0
// Sync op semantics over a SyncTransaction: who may do what, the shared rules, fan-out and audit.
#include "sync/ops.hpp"

#include "auth/roles.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/org.hpp"
#include "jejak/shared/rating.hpp"
#include "jejak/shared/review.hpp"
#include "jejak/shared/routing.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <set>

namespace jejak::server {

using shared::ActivityState;
using shared::Error;
using shared::ErrorCode;
using shared::Result;
using sync::ChangeEntity;

namespace {

using Audience = std::set<std::string, std::less<>>;

boost::json::object asObject(boost::json::value v) {
    return std::move(v.as_object());
}

bool isBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; });
}

/// The author's appraiser on the activity date, if one resolves.
std::string appraiserOf(const ReferenceSnapshot& ref, std::string_view nip, shared::Date day) {
    const auto employee = ref.domain->employee(nip);
    if (!employee)
        return {};
    const auto binding = shared::resolveRole(*ref.domain, *employee, shared::Role::Appraiser, day);
    return binding ? binding->nip : std::string();
}

shared::Participants participantsOf(const ReferenceSnapshot& ref, const StoredActivity& s) {
    const shared::Date day = localDayOf(ref, s.activity.nip, s.activity.start);
    return shared::Participants{s.activity.nip, s.validatorNip, appraiserOf(ref, s.activity.nip, day)};
}

/// Who sees an activity's changes: author, validator, the team's ketua on the activity date, and (from
/// approval on) the author's appraiser.
Audience activityAudience(const ReferenceSnapshot& ref, const StoredActivity& s, bool withAppraiser) {
    Audience out{s.activity.nip, s.validatorNip};
    const shared::Date day = localDayOf(ref, s.activity.nip, s.activity.start);
    if (s.activity.teamId) {
        if (const auto ketua = shared::teamKetuaOn(*ref.domain, *s.activity.teamId, day))
            out.insert(ketua->nip);
    }
    if (withAppraiser) {
        if (std::string appraiser = appraiserOf(ref, s.activity.nip, day); !appraiser.empty())
            out.insert(std::move(appraiser));
    }
    out.erase(std::string());
    return out;
}

Result<void> fanOut(SyncTransaction& tx, const Audience& audience, ChangeEntity entity, std::string_view id,
                    const boost::json::object& data) {
    for (const std::string& nip : audience) {
        if (auto seq = tx.appendChange(nip, entity, id, data); !seq)
            return std::move(seq).error();
    }
    return {};
}

Result<void> audit(SyncTransaction& tx, const Caller& caller, std::string action, std::string entity,
                   std::string entityId, boost::json::object detail) {
    AuditEntry entry{caller.nip, std::move(action), std::move(entity), std::move(entityId),
                     boost::json::serialize(detail)};
    if (auto seq = tx.appendAudit(entry); !seq)
        return std::move(seq).error();
    return {};
}

sync::OpResult okResult(const StoredActivity* status, std::optional<boost::json::object> record) {
    sync::OpResult r;
    r.ok = true;
    if (status != nullptr)
        r.status = statusOf(*status);
    r.record = std::move(record);
    return r;
}

/// The first error of a failed validation: a transient one only when every error is transient (so the
/// client retries only what a retry can fix); the message lists every failed rule.
Error validationError(const shared::ValidationReport& report) {
    const bool transientOnly = report.onlyTransientErrors();
    const Error* first = nullptr;
    std::string all;
    for (const Error& e : report.errors) {
        if (first == nullptr && (transientOnly || !e.transient))
            first = &e;
        all += (all.empty() ? "" : "; ") + shared::toString(e);
    }
    Error out = *first;
    out.message = all;
    return out;
}

/// Validates and routes an activity revision of the caller; the stored form on success.
Result<StoredActivity> validated(SyncTransaction& tx, const shared::Activity& a, const shared::BlobCheck& checkBlob) {
    const ServerDomainView view(tx.reference(), tx.history());
    const shared::FixedClock clock(tx.now());
    shared::ValidationOptions options;
    options.checkBlob = checkBlob;
    const shared::ValidationReport report = shared::validateActivity(a, view, clock, options);
    if (view.historyError())
        return *view.historyError();
    if (!report.ok())
        return validationError(report);
    if (!report.route)
        return Error(ErrorCode::NoValidator, "", "validation passed without a route");
    StoredActivity s;
    s.activity = a;
    s.state = ActivityState::Submitted;
    s.validatorNip = report.route->validatorNip;
    s.routeKind = std::string(routeKindName(report.route->kind));
    s.unlinked = report.route->unlinked;
    for (const Error& flag : report.flags)
        s.flags.emplace_back(shared::codeString(flag.code));
    s.createdAt = tx.now();
    s.updatedAt = tx.now();
    return s;
}

Result<StoredActivity> existingActivity(SyncTransaction& tx, std::string_view id, std::string field) {
    auto found = tx.findActivity(id);
    if (!found)
        return std::move(found).error();
    if (!*found)
        return Error(ErrorCode::NotFound, std::move(field), "no activity " + std::string(id));
    return std::move(**found);
}

Result<sync::OpResult> submitActivity(SyncTransaction& tx, const Caller& caller, const shared::Activity& a,
                                      const shared::BlobCheck& checkBlob) {
    if (a.nip != caller.nip)
        return Error(ErrorCode::NotAllowed, "nip", "the author of an activity must be the caller");
    if (a.revision != 1)
        return Error(ErrorCode::InvalidArgument, "revision", "a new activity is revision 1; revise to change it");
    auto found = tx.findActivity(a.id);
    if (!found)
        return std::move(found).error();
    if (*found) {
        // The same submission retried under another op id answers the current state; anything else
        // under a taken id is a conflict.
        if ((*found)->activity == a)
            return okResult(&**found, asObject(shared::toJson(a)));
        return Error(ErrorCode::StorageConstraint, "id", "another activity already has this id");
    }
    auto stored = validated(tx, a, checkBlob);
    if (!stored)
        return std::move(stored).error();
    if (auto r = tx.saveActivity(*stored, true); !r)
        return std::move(r).error();
    const boost::json::object record = asObject(shared::toJson(a));
    const Audience audience = activityAudience(tx.reference(), *stored, false);
    if (auto r = fanOut(tx, audience, ChangeEntity::Activity, a.id, record); !r)
        return std::move(r).error();
    if (auto r = fanOut(tx, audience, ChangeEntity::ActivityState, a.id, asObject(sync::toJson(statusOf(*stored))));
        !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "activity.submit", "activity", a.id,
                       {{"revision", a.revision}, {"validatorNip", stored->validatorNip},
                        {"route", stored->routeKind}});
        !r)
        return std::move(r).error();
    return okResult(&*stored, record);
}

Result<sync::OpResult> reviseActivity(SyncTransaction& tx, const Caller& caller, const shared::Activity& a,
                                      const shared::BlobCheck& checkBlob) {
    if (a.nip != caller.nip)
        return Error(ErrorCode::NotAllowed, "nip", "the author of an activity must be the caller");
    auto current = existingActivity(tx, a.id, "id");
    if (!current)
        return std::move(current).error();
    if (auto allowed = shared::checkActor(shared::ReviewAction::Revise, caller.nip, participantsOf(tx.reference(), *current));
        !allowed)
        return std::move(allowed).error();
    if (current->activity == a) // the same revision retried under another op id
        return okResult(&*current, asObject(shared::toJson(a)));
    if (auto next = shared::revise(current->state, current->activity.revision, a.revision); !next)
        return std::move(next).error();
    auto stored = validated(tx, a, checkBlob);
    if (!stored)
        return std::move(stored).error();
    stored->createdAt = current->createdAt;
    if (auto r = tx.saveActivity(*stored, true); !r)
        return std::move(r).error();
    const boost::json::object record = asObject(shared::toJson(a));
    Audience audience = activityAudience(tx.reference(), *stored, false);
    audience.insert(current->validatorNip); // a re-route tells the former validator too
    if (auto r = fanOut(tx, audience, ChangeEntity::Activity, a.id, record); !r)
        return std::move(r).error();
    if (auto r = fanOut(tx, audience, ChangeEntity::ActivityState, a.id, asObject(sync::toJson(statusOf(*stored))));
        !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "activity.revise", "activity", a.id,
                       {{"revision", a.revision}, {"validatorNip", stored->validatorNip}});
        !r)
        return std::move(r).error();
    return okResult(&*stored, record);
}

Result<sync::OpResult> withdrawActivity(SyncTransaction& tx, const Caller& caller, const sync::WithdrawActivity& w) {
    auto current = existingActivity(tx, w.activityId, "activityId");
    if (!current)
        return std::move(current).error();
    if (auto allowed = shared::checkActor(shared::ReviewAction::Withdraw, caller.nip, participantsOf(tx.reference(), *current));
        !allowed)
        return std::move(allowed).error();
    if (w.revision != current->activity.revision)
        return Error(ErrorCode::StaleDecision, "revision",
                     "revision " + std::to_string(current->activity.revision) + " is current");
    auto next = shared::withdraw(current->state);
    if (!next)
        return std::move(next).error();
    current->state = *next;
    current->updatedAt = tx.now();
    if (auto r = tx.saveActivity(*current, false); !r)
        return std::move(r).error();
    const Audience audience = activityAudience(tx.reference(), *current, false);
    if (auto r = fanOut(tx, audience, ChangeEntity::ActivityState, w.activityId,
                        asObject(sync::toJson(statusOf(*current))));
        !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "activity.withdraw", "activity", w.activityId, {{"revision", w.revision}}); !r)
        return std::move(r).error();
    return okResult(&*current, std::nullopt);
}

Result<sync::OpResult> decideReview(SyncTransaction& tx, const Caller& caller, const shared::Review& review) {
    if (review.reviewerNip != caller.nip)
        return Error(ErrorCode::NotAllowed, "reviewerNip", "the reviewer must be the caller");
    auto current = existingActivity(tx, review.activityId, "activityId");
    if (!current)
        return std::move(current).error();
    if (auto allowed = shared::checkActor(shared::ReviewAction::Decide, caller.nip, participantsOf(tx.reference(), *current));
        !allowed)
        return std::move(allowed).error();
    auto next = shared::decide(current->state, current->activity.revision, review);
    if (!next)
        return std::move(next).error();
    auto taken = tx.recordExists(RecordKind::Review, review.id);
    if (!taken)
        return std::move(taken).error();
    if (*taken)
        return Error(ErrorCode::StorageConstraint, "id", "another review already has this id");
    if (auto r = tx.insertReview(review); !r)
        return std::move(r).error();
    current->state = *next;
    current->updatedAt = tx.now();
    if (auto r = tx.saveActivity(*current, false); !r)
        return std::move(r).error();
    const bool approved = *next == ActivityState::Approved;
    const Audience audience = activityAudience(tx.reference(), *current, approved);
    const boost::json::object record = asObject(shared::toJson(review));
    if (approved) {
        // The appraiser sees the work from its approval on: send them the activity itself first.
        const std::string appraiser = participantsOf(tx.reference(), *current).appraiserNip;
        if (!appraiser.empty()) {
            if (auto r = fanOut(tx, Audience{appraiser}, ChangeEntity::Activity, review.activityId,
                                asObject(shared::toJson(current->activity)));
                !r)
                return std::move(r).error();
        }
    }
    if (auto r = fanOut(tx, audience, ChangeEntity::Review, review.id, record); !r)
        return std::move(r).error();
    if (auto r = fanOut(tx, audience, ChangeEntity::ActivityState, review.activityId,
                        asObject(sync::toJson(statusOf(*current))));
        !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "review." + std::string(shared::json::enumName(review.decision)), "activity",
                       review.activityId, {{"reviewId", review.id}, {"revision", review.revision}});
        !r)
        return std::move(r).error();
    return okResult(&*current, record);
}

Result<sync::OpResult> rateActivity(SyncTransaction& tx, const Caller& caller, const shared::Rating& rating) {
    if (rating.appraiserNip != caller.nip)
        return Error(ErrorCode::NotAllowed, "appraiserNip", "the appraiser must be the caller");
    auto current = existingActivity(tx, rating.activityId, "activityId");
    if (!current)
        return std::move(current).error();
    if (auto allowed = shared::checkActor(shared::ReviewAction::Rate, caller.nip, participantsOf(tx.reference(), *current));
        !allowed)
        return std::move(allowed).error();
    if (auto scores = shared::checkScores(rating.scores); !scores)
        return std::move(scores).error();
    auto next = shared::rate(current->state);
    if (!next)
        return std::move(next).error();
    auto taken = tx.recordExists(RecordKind::Rating, rating.id);
    if (!taken)
        return std::move(taken).error();
    if (*taken)
        return Error(ErrorCode::StorageConstraint, "id", "another rating already has this id");
    if (auto r = tx.insertRating(rating); !r)
        return std::move(r).error();
    current->state = *next;
    current->updatedAt = tx.now();
    if (auto r = tx.saveActivity(*current, false); !r)
        return std::move(r).error();
    const Audience audience = activityAudience(tx.reference(), *current, true);
    const boost::json::object record = asObject(shared::toJson(rating));
    if (auto r = fanOut(tx, audience, ChangeEntity::Rating, rating.id, record); !r)
        return std::move(r).error();
    if (auto r = fanOut(tx, audience, ChangeEntity::ActivityState, rating.activityId,
                        asObject(sync::toJson(statusOf(*current))));
        !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "activity.rate", "activity", rating.activityId,
                       {{"ratingId", rating.id}, {"iki", shared::ikiValue(rating.scores)}});
        !r)
        return std::move(r).error();
    return okResult(&*current, record);
}

Result<sync::OpResult> postFeedback(SyncTransaction& tx, const Caller& caller, const shared::Feedback& fb) {
    if (fb.authorNip != caller.nip)
        return Error(ErrorCode::NotAllowed, "authorNip", "the author of feedback must be the caller");
    if (isBlank(fb.text))
        return Error(ErrorCode::InvalidArgument, "text", "feedback text is required");
    const ReferenceSnapshot& ref = tx.reference();
    const auto item = ref.domain->skpItem(fb.skpItemId);
    const auto skp = item ? ref.domain->skp(item->skpId) : std::nullopt;
    if (!item || !skp)
        return Error(ErrorCode::NotFound, "skpItemId", "no SKP item " + fb.skpItemId);
    const shared::Date today = localDayOf(ref, skp->nip, tx.now());
    bool allowed = caller.nip == skp->nip || caller.nip == skp->appraiserNip ||
                   caller.nip == appraiserOf(ref, skp->nip, today);
    for (const shared::Membership& m : ref.domain->membershipsOf(caller.nip)) {
        if (allowed)
            break;
        allowed = m.role == shared::TeamRole::Ketua && shared::isActiveOn(m, today) &&
                  shared::cascadesFromTeam(*ref.domain, *item, m.teamId);
    }
    if (!allowed)
        return Error(ErrorCode::NotAllowed, "skpItemId",
                     "only the item's owner, their appraiser or the ketua of its team may post");
    auto taken = tx.recordExists(RecordKind::Feedback, fb.id);
    if (!taken)
        return std::move(taken).error();
    if (*taken)
        return Error(ErrorCode::StorageConstraint, "id", "another feedback message already has this id");
    if (auto r = tx.insertFeedback(fb); !r)
        return std::move(r).error();
    Audience audience{skp->nip, skp->appraiserNip, caller.nip};
    audience.erase(std::string());
    const boost::json::object record = asObject(shared::toJson(fb));
    if (auto r = fanOut(tx, audience, ChangeEntity::Feedback, fb.id, record); !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "feedback.post", "feedback", fb.id, {{"skpItemId", fb.skpItemId}}); !r)
        return std::move(r).error();
    return okResult(nullptr, record);
}

Result<sync::OpResult> evaluate(SyncTransaction& tx, const Caller& caller, const shared::Evaluation& ev) {
    if (ev.appraiserNip != caller.nip)
        return Error(ErrorCode::NotAllowed, "appraiserNip", "the appraiser must be the caller");
    const ReferenceSnapshot& ref = tx.reference();
    if (!ref.domain->employee(ev.nip))
        return Error(ErrorCode::NotFound, "nip", "no employee " + ev.nip);
    if (appraiserOf(ref, ev.nip, localDayOf(ref, ev.nip, tx.now())) != caller.nip || ev.nip == caller.nip)
        return Error(ErrorCode::NotAllowed, "appraiserNip", "only the employee's appraiser evaluates them");
    if (auto checked = shared::checkEvaluation(ev); !checked)
        return std::move(checked).error();
    auto dup = tx.evaluationExists(ev.nip, ev.year, ev.quarter);
    if (!dup)
        return std::move(dup).error();
    if (*dup)
        return Error(ErrorCode::StorageConstraint, "quarter", "this quarter is evaluated already");
    auto taken = tx.recordExists(RecordKind::Evaluation, ev.id);
    if (!taken)
        return std::move(taken).error();
    if (*taken)
        return Error(ErrorCode::StorageConstraint, "id", "another evaluation already has this id");
    if (auto r = tx.insertEvaluation(ev); !r)
        return std::move(r).error();
    const boost::json::object record = asObject(shared::toJson(ev));
    if (auto r = fanOut(tx, Audience{ev.nip, caller.nip}, ChangeEntity::Evaluation, ev.id, record); !r)
        return std::move(r).error();
    if (auto r = audit(tx, caller, "evaluation.create", "evaluation", ev.id,
                       {{"nip", ev.nip}, {"year", ev.year}, {"quarter", ev.quarter},
                        {"predicate", shared::json::enumName(ev.predicate)}});
        !r)
        return std::move(r).error();
    return okResult(nullptr, record);
}

Result<sync::OpResult> dispatch(SyncTransaction& tx, const Caller& caller, const sync::Op& op,
                                const shared::BlobCheck& checkBlob) {
    return std::visit(
        [&](const auto& p) -> Result<sync::OpResult> {
            using P = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<P, sync::SubmitActivity>)
                return submitActivity(tx, caller, p.activity, checkBlob);
            else if constexpr (std::is_same_v<P, sync::ReviseActivity>)
                return reviseActivity(tx, caller, p.activity, checkBlob);
            else if constexpr (std::is_same_v<P, sync::WithdrawActivity>)
                return withdrawActivity(tx, caller, p);
            else if constexpr (std::is_same_v<P, sync::DecideReview>)
                return decideReview(tx, caller, p.review);
            else if constexpr (std::is_same_v<P, sync::RateActivity>)
                return rateActivity(tx, caller, p.rating);
            else if constexpr (std::is_same_v<P, sync::PostFeedback>)
                return postFeedback(tx, caller, p.feedback);
            else
                return evaluate(tx, caller, p.evaluation);
        },
        op.payload);
}

} // namespace

sync::ActivityStatus statusOf(const StoredActivity& s) {
    sync::ActivityStatus status;
    status.activityId = s.activity.id;
    status.revision = s.activity.revision;
    status.state = s.state;
    status.validatorNip = s.validatorNip;
    status.unlinked = s.unlinked;
    status.flags = s.flags;
    status.updatedAt = s.updatedAt;
    return status;
}

std::string_view routeKindName(shared::RouteKind kind) noexcept {
    switch (kind) {
    case shared::RouteKind::KetuaTim:
        return "ketuaTim";
    case shared::RouteKind::TeamUnitHead:
        return "teamUnitHead";
    case shared::RouteKind::UnitHead:
        return "unitHead";
    case shared::RouteKind::Appraiser:
        return "appraiser";
    case shared::RouteKind::DirectSuperior:
        return "directSuperior";
    case shared::RouteKind::AppointedValidator:
        return "appointedValidator";
    }
    return "unknown";
}

Result<sync::OpResult> applyOp(SyncTransaction& tx, const Caller& caller, const sync::Op& op,
                               const shared::BlobCheck& checkBlob) {
    auto known = tx.findAppliedOp(op.opId);
    if (!known)
        return std::move(known).error();
    if (*known) {
        if ((*known)->nip != caller.nip)
            return Error(ErrorCode::NotAllowed, "opId", "this op id was used by another account");
        auto json = shared::parseJson((*known)->resultJson);
        if (!json)
            return std::move(json).error();
        return shared::decode<sync::OpResult>(*json);
    }
    auto result = dispatch(tx, caller, op, checkBlob);
    if (!result)
        return result;
    result->opId = op.opId;
    if (auto r = tx.recordAppliedOp(op.opId, caller.nip, caller.deviceId,
                                    boost::json::serialize(sync::toJson(*result)));
        !r)
        return std::move(r).error();
    return result;
}

Result<FeedCursor> parseCursor(std::string_view text) {
    const Error bad(ErrorCode::JsonBadValue, "cursor", "not a cursor this server issued");
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || text.size() > 40)
        return bad;
    FeedCursor c;
    const auto parse = [](std::string_view part, std::int64_t& out) {
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc() && end == part.data() + part.size() && out >= 0;
    };
    if (!parse(text.substr(0, dot), c.refVersion) || !parse(text.substr(dot + 1), c.seq))
        return bad;
    return c;
}

std::string formatCursor(const FeedCursor& cursor) {
    return std::to_string(cursor.refVersion) + "." + std::to_string(cursor.seq);
}

int pullLimit(int requested) noexcept {
    return std::clamp(requested, 1, kMaxPullLimit);
}

shared::Policy policyOf(const ReferenceSnapshot& reference, std::string_view nip) {
    const auto employee = reference.domain->employee(nip);
    if (!employee)
        return {};
    const auto instansi = shared::instansiOf(*reference.domain, *employee);
    return instansi ? instansi->policy : shared::Policy{};
}

shared::Date localDayOf(const ReferenceSnapshot& reference, std::string_view nip, shared::Timestamp t) {
    const auto employee = reference.domain->employee(nip);
    const auto instansi = employee ? shared::instansiOf(*reference.domain, *employee) : std::nullopt;
    return shared::localDate(t, instansi ? instansi->utcOffsetMinutes : 0);
}

bool maySeeActivity(const ReferenceSnapshot& reference, std::string_view nip, const ActivityParties& activity) {
    const shared::Date day = localDayOf(reference, activity.authorNip, activity.start);
    const Roles roles = rolesOf(*reference.domain, nip, day);
    ActivityAccess access{activity.authorNip, std::nullopt, activity.validatorNip};
    if (activity.teamId)
        access.teamId = *activity.teamId;
    return canSeeActivity(nip, roles, access);
}

std::vector<sync::Change> referenceChangesFor(const ReferenceSnapshot& reference, std::string_view nip,
                                              shared::Date day) {
    const shared::InMemoryDomain& domain = *reference.domain;
    const shared::Bundle& b = domain.bundle();
    std::set<std::string, std::less<>> people{std::string(nip)};
    std::set<std::string, std::less<>> skpOwners{std::string(nip)};
    std::set<std::string, std::less<>> teams;
    for (const shared::Membership& m : domain.membershipsOf(nip)) {
        teams.insert(m.teamId);
        if (m.role == shared::TeamRole::Ketua) {
            for (const shared::Membership& other : domain.teamMemberships(m.teamId))
                people.insert(other.nip);
        }
    }
    for (const std::string& appraisee : rolesOf(domain, nip, day).appraiserOf) {
        people.insert(appraisee);
        skpOwners.insert(appraisee);
    }
    std::set<std::string, std::less<>> skps;
    std::set<std::string, std::less<>> items;
    std::set<std::string, std::less<>> targets;
    for (const shared::Skp& s : b.skps) {
        if (skpOwners.contains(s.nip))
            skps.insert(s.id);
    }
    for (const shared::SkpItem& i : b.skpItems) {
        if (skps.contains(i.skpId)) {
            items.insert(i.id);
            targets.insert(i.parentTargetId);
        }
    }
    for (const shared::PerformanceTarget& t : b.targets) {
        if (t.ownerTeamId && teams.contains(*t.ownerTeamId))
            targets.insert(t.id);
    }
    // Ancestors of every target (bounded walk: bad data cannot loop).
    for (std::set<std::string, std::less<>> frontier = targets; !frontier.empty();) {
        std::set<std::string, std::less<>> next;
        for (const std::string& id : frontier) {
            const auto t = domain.target(id);
            if (t && t->parentId && targets.insert(*t->parentId).second)
                next.insert(*t->parentId);
        }
        frontier = std::move(next);
    }
    std::set<std::string, std::less<>> units;
    std::set<std::string, std::less<>> positions;
    for (const std::string& p : people) {
        if (const auto e = domain.employee(p)) {
            positions.insert(e->positionId);
            if (const auto pos = domain.position(e->positionId))
                units.insert(pos->unitId);
        }
    }
    for (const shared::Placement& pl : b.placements) {
        if (people.contains(pl.nip))
            units.insert(pl.unitId);
    }
    for (const std::string& t : teams) {
        if (const auto team = domain.team(t))
            units.insert(team->ownerUnitId);
    }
    for (const std::string& id : targets) {
        if (const auto t = domain.target(id); t && t->ownerUnitId)
            units.insert(*t->ownerUnitId);
    }
    std::set<std::string, std::less<>> instansi;
    for (std::set<std::string, std::less<>> frontier = units; !frontier.empty();) {
        std::set<std::string, std::less<>> next;
        for (const std::string& id : frontier) {
            const auto u = domain.unit(id);
            if (!u)
                continue;
            instansi.insert(u->instansiId);
            if (u->parentId && units.insert(*u->parentId).second)
                next.insert(*u->parentId);
        }
        frontier = std::move(next);
    }

    std::vector<sync::Change> out;
    const auto add = [&out](ChangeEntity entity, const std::string& id, boost::json::value json) {
        sync::Change c;
        c.entity = entity;
        c.id = id;
        c.data = std::move(json.as_object());
        out.push_back(std::move(c));
    };
    for (const auto& r : b.instansi)
        if (instansi.contains(r.id))
            add(ChangeEntity::Instansi, r.id, shared::toJson(r));
    for (const auto& r : b.units)
        if (units.contains(r.id))
            add(ChangeEntity::Unit, r.id, shared::toJson(r));
    for (const auto& r : b.positions)
        if (positions.contains(r.id))
            add(ChangeEntity::Position, r.id, shared::toJson(r));
    for (const auto& r : b.employees)
        if (people.contains(r.nip))
            add(ChangeEntity::Employee, r.nip, shared::toJson(r));
    for (const auto& r : b.placements)
        if (people.contains(r.nip))
            add(ChangeEntity::Placement, r.id, shared::toJson(r));
    for (const auto& r : b.roleBindings)
        if (units.contains(r.unitId))
            add(ChangeEntity::RoleBinding, r.id, shared::toJson(r));
    for (const auto& r : b.targets)
        if (targets.contains(r.id))
            add(ChangeEntity::Target, r.id, shared::toJson(r));
    for (const auto& r : b.skps)
        if (skps.contains(r.id))
            add(ChangeEntity::Skp, r.id, shared::toJson(r));
    for (const auto& r : b.skpItems)
        if (items.contains(r.id))
            add(ChangeEntity::SkpItem, r.id, shared::toJson(r));
    for (const auto& r : b.teams)
        if (teams.contains(r.id))
            add(ChangeEntity::Team, r.id, shared::toJson(r));
    for (const auto& r : b.memberships)
        if (teams.contains(r.teamId))
            add(ChangeEntity::Membership, r.id, shared::toJson(r));
    return out;
}

} // namespace jejak::server
