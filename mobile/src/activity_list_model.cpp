// SPDX-License-Identifier: Apache-2.0
#include "activity_list_model.hpp"

#include "app.hpp"
#include "labels.hpp"

#include "jejak/shared/rating.hpp"

#include <QUrl>

#include <algorithm>
#include <set>

namespace jejak::mobile {

namespace {

bool hasState(const sync::LocalActivity& a, shared::ActivityState state) {
    return a.status && a.status->state == state;
}

QString issuesText(const sync::LocalActivity& a) {
    if (a.error) {
        return errorText(*a.error);
    }
    QStringList lines;
    for (const auto& issue : a.localIssues) {
        lines << errorText(issue);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QVariant activityRole(const App& app, const sync::LocalActivity& a, int role) {
    using R = ActivityListModel::Role;
    const shared::Activity& act = a.activity;
    const auto domain = app.store() ? app.store()->domain() : nullptr;
    switch (static_cast<R>(role)) {
    case R::ActivityIdRole: return qstr(act.id);
    case R::NameRole: return qstr(act.name);
    case R::DescriptionRole: return qstr(act.description);
    case R::AuthorNipRole: return qstr(act.nip);
    case R::AuthorNameRole: {
        const auto e = domain ? domain->employee(act.nip) : std::nullopt;
        return e ? qstr(e->name) : qstr(act.nip);
    }
    case R::TeamIdRole: return act.teamId ? qstr(*act.teamId) : QString();
    case R::TeamNameRole: {
        const auto t = domain && act.teamId ? domain->team(*act.teamId) : std::nullopt;
        return t ? qstr(t->name) : QString();
    }
    case R::SkpItemIdRole: return act.skpItemId ? qstr(*act.skpItemId) : QString();
    case R::SkpItemNameRole: {
        const auto item = domain && act.skpItemId ? domain->skpItem(*act.skpItemId) : std::nullopt;
        return item ? qstr(item->statement) : QString();
    }
    case R::OutputQuantityRole: return act.outputQuantity;
    case R::OutputUnitRole: return qstr(act.outputUnit);
    case R::StartRole: return toQDateTime(act.start);
    case R::EndRole: return toQDateTime(act.end);
    case R::SyncStateRole: return syncStateName(a.syncState);
    case R::SyncStateLabelRole: return syncStateLabel(a.syncState);
    case R::WorkflowStateRole: return a.status ? workflowStateName(a.status->state) : QString();
    case R::ErrorMessageRole: return issuesText(a);
    case R::ReviewNoteRole: return a.lastReview ? qstr(a.lastReview->note) : QString();
    case R::RevisionRole: return act.revision;
    case R::PhotosRole: {
        QStringList urls;
        for (const auto& e : act.evidence) {
            if (e.kind != shared::EvidenceKind::Photo) {
                continue;
            }
            const auto path = app.store() ? app.store()->blobPath(e.sha256) : std::nullopt;
            urls << (path ? QUrl::fromLocalFile(qstr(*path)).toString()
                          : QStringLiteral("image://evidence/") + qstr(e.sha256));
        }
        return urls;
    }
    case R::HasLocationRole: return act.location.has_value();
    case R::LatitudeRole: return act.location ? act.location->latitude : 0.0;
    case R::LongitudeRole: return act.location ? act.location->longitude : 0.0;
    case R::RatingRole: {
        if (!a.rating) {
            return QVariantMap();
        }
        const auto& s = a.rating->scores;
        return QVariantMap{{QStringLiteral("substance"), s.substance},
                           {QStringLiteral("fit"), s.expectationFit},
                           {QStringLiteral("systematic"), s.systematic},
                           {QStringLiteral("value"), shared::ikiValue(s)}};
    }
    case R::FlagsRole: {
        QStringList flags;
        for (const auto& f : a.flags) {
            flags << errorText(f);
        }
        return flags;
    }
    }
    return {};
}

ActivityListModel::ActivityListModel(App& app, Kind kind, QObject* parent)
    : QAbstractListModel(parent), m_app(app), m_kind(kind) {}

int ActivityListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ActivityListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= count()) {
        return {};
    }
    return activityRole(m_app, m_rows[static_cast<std::size_t>(index.row())], role);
}

QHash<int, QByteArray> ActivityListModel::roleNames() const {
    return {
        {ActivityIdRole, "activityId"},
        {NameRole, "name"},
        {DescriptionRole, "description"},
        {AuthorNipRole, "authorNip"},
        {AuthorNameRole, "authorName"},
        {TeamIdRole, "teamId"},
        {TeamNameRole, "teamName"},
        {SkpItemIdRole, "skpItemId"},
        {SkpItemNameRole, "skpItemName"},
        {OutputQuantityRole, "outputQuantity"},
        {OutputUnitRole, "outputUnit"},
        {StartRole, "start"},
        {EndRole, "end"},
        {SyncStateRole, "syncState"},
        {SyncStateLabelRole, "syncStateLabel"},
        {WorkflowStateRole, "workflowState"},
        {ErrorMessageRole, "errorMessage"},
        {ReviewNoteRole, "reviewNote"},
        {RevisionRole, "revision"},
        {PhotosRole, "photos"},
        {HasLocationRole, "hasLocation"},
        {LatitudeRole, "latitude"},
        {LongitudeRole, "longitude"},
        {RatingRole, "rating"},
        {FlagsRole, "flags"},
    };
}

void ActivityListModel::setFilter(const QString& filter) {
    if (filter == m_filter) {
        return;
    }
    m_filter = filter;
    emit filterChanged();
    reload();
}

QVariantMap ActivityListModel::get(int row) const {
    QVariantMap map;
    if (row < 0 || row >= count()) {
        return map;
    }
    const auto names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        map.insert(QString::fromLatin1(it.value()), activityRole(m_app, m_rows[static_cast<std::size_t>(row)], it.key()));
    }
    return map;
}

std::optional<sync::ActivityFilter> ActivityListModel::storeFilter() const {
    sync::ClientStore* store = m_app.store();
    const std::string me = m_app.userNip();
    if (store == nullptr || !m_app.loggedIn() || me.empty()) {
        return std::nullopt;
    }
    sync::ActivityFilter filter;
    switch (m_kind) {
    case Kind::Mine: filter.authorNip = me; break;
    case Kind::Inbox: {
        // Only validators have an inbox: Ketua Tim, and appraisers and unit heads for unlinked work.
        const QStringList roles = m_app.roles();
        if (!roles.contains(QStringLiteral("ketua")) && !roles.contains(QStringLiteral("appraiser")) &&
            !roles.contains(QStringLiteral("unitHead"))) {
            return std::nullopt;
        }
        filter.validatorNip = me;
        break;
    }
    case Kind::Appraisals: {
        std::set<std::string> appraisees;
        for (const auto& skp : store->domain()->bundle().skps) {
            if (skp.appraiserNip == me) {
                appraisees.insert(skp.nip);
            }
        }
        if (appraisees.empty()) {
            return std::nullopt;
        }
        filter.authorNips = std::vector<std::string>(appraisees.begin(), appraisees.end());
        break;
    }
    }
    return filter;
}

bool ActivityListModel::belongs(const sync::LocalActivity& a, const sync::ActivityFilter& filter) const {
    if (!m_filter.isEmpty() && syncStateName(a.syncState) != m_filter) {
        return false;
    }
    switch (m_kind) {
    case Kind::Mine: return a.activity.nip == filter.authorNip;
    case Kind::Inbox: return a.status && a.status->validatorNip == filter.validatorNip;
    case Kind::Appraisals:
        return (hasState(a, shared::ActivityState::Approved) || hasState(a, shared::ActivityState::Rated)) &&
               filter.authorNips && std::find(filter.authorNips->begin(), filter.authorNips->end(),
                                              a.activity.nip) != filter.authorNips->end();
    }
    return false;
}

void ActivityListModel::reload(const std::vector<sync::LocalActivity>* all) {
    std::vector<sync::LocalActivity> rows;
    if (const auto filter = storeFilter()) {
        rows = all != nullptr ? *all : m_app.store()->activities(*filter);
        std::erase_if(rows, [&](const sync::LocalActivity& a) { return !belongs(a, *filter); });
        // Tasks first: returned activities for their author, submissions waiting for the validator.
        const auto first = m_kind == Kind::Mine ? shared::ActivityState::Returned : shared::ActivityState::Submitted;
        if (m_kind != Kind::Appraisals) {
            std::stable_partition(rows.begin(), rows.end(),
                                  [first](const sync::LocalActivity& a) { return hasState(a, first); });
        }
    }
    const int before = count();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (before != count()) {
        emit countChanged();
    }
}

void ActivityListModel::update(const std::string& activityId, const std::optional<sync::LocalActivity>& activity) {
    const auto found = std::find_if(m_rows.begin(), m_rows.end(),
                                    [&](const sync::LocalActivity& a) { return a.activity.id == activityId; });
    const int row = static_cast<int>(found - m_rows.begin());
    const auto filter = storeFilter();
    const bool keep = activity && filter && belongs(*activity, *filter);
    if (found != m_rows.end() && keep) {
        *found = *activity;
        emit dataChanged(index(row), index(row));
        return;
    }
    if (found != m_rows.end()) {
        beginRemoveRows({}, row, row);
        m_rows.erase(found);
        endRemoveRows();
        emit countChanged();
    } else if (keep) {
        beginInsertRows({}, 0, 0);
        m_rows.insert(m_rows.begin(), *activity);
        endInsertRows();
        emit countChanged();
    }
}

} // namespace jejak::mobile
