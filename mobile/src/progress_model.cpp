// SPDX-License-Identifier: Apache-2.0
#include "progress_model.hpp"

#include "app.hpp"
#include "labels.hpp"

#include <map>

namespace jejak::mobile {

namespace {

bool counts(const sync::LocalActivity& a) {
    return a.status && (a.status->state == shared::ActivityState::Approved ||
                        a.status->state == shared::ActivityState::Rated);
}

bool pending(const sync::LocalActivity& a) {
    if (a.syncState == sync::SyncState::Draft || a.syncState == sync::SyncState::Queued ||
        a.syncState == sync::SyncState::Uploading) {
        return true;
    }
    return a.status && a.status->state == shared::ActivityState::Submitted;
}

} // namespace

ProgressModel::ProgressModel(App& app, QObject* parent) : QAbstractListModel(parent), m_app(app) {}

int ProgressModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ProgressModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= count()) {
        return {};
    }
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (static_cast<Role>(role)) {
    case SkpItemIdRole: return r.skpItemId;
    case SkpItemNameRole: return r.skpItemName;
    case TeamNameRole: return r.teamName;
    case TargetRole: return r.target;
    case RealisedRole: return r.realised;
    case UnitRole: return r.unit;
    case PercentRole: return r.target > 0 ? 100.0 * r.realised / r.target : 0.0;
    case PendingRole: return r.pending;
    }
    return {};
}

QHash<int, QByteArray> ProgressModel::roleNames() const {
    return {{SkpItemIdRole, "skpItemId"}, {SkpItemNameRole, "skpItemName"}, {TeamNameRole, "teamName"},
            {TargetRole, "target"},       {RealisedRole, "realised"},       {UnitRole, "unit"},
            {PercentRole, "percent"},     {PendingRole, "pending"}};
}

void ProgressModel::setMode(const QString& mode) {
    if (mode == m_mode) {
        return;
    }
    m_mode = mode;
    emit modeChanged();
    reload();
}

void ProgressModel::reload(const std::vector<sync::LocalActivity>* preloaded) {
    std::vector<Row> rows;
    sync::ClientStore* store = m_app.store();
    const std::string me = m_app.userNip();
    if (store != nullptr && m_app.loggedIn() && !me.empty()) {
        const auto domain = store->domain();
        const shared::Bundle& bundle = domain->bundle();
        if (m_mode == QLatin1String("team")) {
            // Team targets of the teams I lead; realised by the team's activities under items cascading from them.
            const auto all = store->activities({});
            for (const auto& m : domain->membershipsOf(me)) {
                if (m.role != shared::TeamRole::Ketua) {
                    continue;
                }
                const auto team = domain->team(m.teamId);
                for (const auto& target : bundle.targets) {
                    if (target.ownerTeamId != m.teamId) {
                        continue;
                    }
                    Row row{qstr(target.id), qstr(target.statement), team ? qstr(team->name) : QString(),
                            target.targetValue, 0, qstr(target.unit), 0};
                    for (const auto& a : all) {
                        const auto item = a.activity.skpItemId ? domain->skpItem(*a.activity.skpItemId) : std::nullopt;
                        if (a.activity.teamId != m.teamId || !item || item->parentTargetId != target.id) {
                            continue;
                        }
                        row.realised += counts(a) ? a.activity.outputQuantity : 0;
                        row.pending += pending(a) ? 1 : 0;
                    }
                    rows.push_back(std::move(row));
                }
            }
        } else {
            std::vector<sync::LocalActivity> read;
            if (preloaded == nullptr) {
                sync::ActivityFilter filter;
                filter.authorNip = me;
                read = store->activities(filter);
            }
            const auto& mine = preloaded != nullptr ? *preloaded : read;
            for (const auto& skp : bundle.skps) {
                if (skp.nip != me) {
                    continue;
                }
                for (const auto& item : bundle.skpItems) {
                    if (item.skpId != skp.id) {
                        continue;
                    }
                    Row row{qstr(item.id), qstr(item.statement), QString(), item.targetQuantity, 0,
                            qstr(item.quantityUnit), 0};
                    for (const auto& a : mine) {
                        if (a.activity.skpItemId != item.id) {
                            continue;
                        }
                        row.realised += counts(a) ? a.activity.outputQuantity : 0;
                        row.pending += pending(a) ? 1 : 0;
                    }
                    rows.push_back(std::move(row));
                }
            }
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

} // namespace jejak::mobile
