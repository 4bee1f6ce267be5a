// SPDX-License-Identifier: Apache-2.0
// ActivityListModel: one list of activities from the local store, as My activities (own, returned first),
// the Ketua's inbox (validator is me, submitted first) or the appraiser's list (approved and rated
// activities of the appraisees).
#pragma once

#include "jejak/sync/client_store.hpp"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QString>
#include <QVariantMap>

#include <optional>
#include <string>
#include <vector>

namespace jejak::mobile {

class App;

class ActivityListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("App provides the activity lists")
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum class Kind { Mine, Inbox, Appraisals };
    enum Role {
        ActivityIdRole = Qt::UserRole + 1,
        NameRole,
        DescriptionRole,
        AuthorNipRole,
        AuthorNameRole,
        TeamIdRole,
        TeamNameRole,
        SkpItemIdRole,
        SkpItemNameRole,
        OutputQuantityRole,
        OutputUnitRole,
        StartRole,
        EndRole,
        SyncStateRole,
        SyncStateLabelRole,
        WorkflowStateRole,
        ErrorMessageRole,
        ReviewNoteRole,
        RevisionRole,
        PhotosRole,
        HasLocationRole,
        LatitudeRole,
        LongitudeRole,
        RatingRole,
        FlagsRole,
    };

    ActivityListModel(App& app, Kind kind, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString filter() const { return m_filter; }
    void setFilter(const QString& filter);
    [[nodiscard]] int count() const { return static_cast<int>(m_rows.size()); }
    /// Every role of one row by name; empty out of range.
    Q_INVOKABLE QVariantMap get(int row) const;
    /// Reloads from the store, or from `all` when the caller already read what the store filter of this list
    /// gives (App reads the user's own activities once for My activities and the progress).
    void reload(const std::vector<sync::LocalActivity>* all = nullptr);
    /// Shows the new state of one activity (nullopt: gone): its row is replaced, inserted at the top or
    /// removed, depending on whether it belongs to this list now.
    void update(const std::string& activityId, const std::optional<sync::LocalActivity>& activity);

signals:
    void filterChanged();
    void countChanged();

private:
    /// The filter of this list for the store (appraisees for Appraisals); nullopt when it shows nothing.
    [[nodiscard]] std::optional<sync::ActivityFilter> storeFilter() const;
    [[nodiscard]] bool belongs(const sync::LocalActivity& a, const sync::ActivityFilter& filter) const;

    App& m_app;
    Kind m_kind;
    QString m_filter;
    std::vector<sync::LocalActivity> m_rows;
};

/// The value of one role of an activity as ActivityListModel shows it (also used by the controllers).
[[nodiscard]] QVariant activityRole(const App& app, const sync::LocalActivity& a, int role);

} // namespace jejak::mobile
