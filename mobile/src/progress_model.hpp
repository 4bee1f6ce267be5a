// SPDX-License-Identifier: Apache-2.0
// ProgressModel: realisation against target, per SKP item of the user ("employee") or per team target of
// the teams the user leads ("team"), from the activities on the device.
#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QString>

#include "jejak/sync/client_store.hpp"

#include <vector>

namespace jejak::mobile {

class App;

class ProgressModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("App provides the progress model")
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY modeChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        SkpItemIdRole = Qt::UserRole + 1,
        SkpItemNameRole,
        TeamNameRole,
        TargetRole,
        RealisedRole,
        UnitRole,
        PercentRole,
        PendingRole,
    };
    struct Row {
        QString skpItemId; ///< the SKP item, or the team target in "team" mode
        QString skpItemName;
        QString teamName;
        double target = 0;
        double realised = 0; ///< output of approved and rated activities
        QString unit;
        int pending = 0;     ///< activities not yet decided (draft, queued, submitted)
    };

    ProgressModel(App& app, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString mode() const { return m_mode; }
    void setMode(const QString& mode);
    [[nodiscard]] int count() const { return static_cast<int>(m_rows.size()); }
    [[nodiscard]] const std::vector<Row>& rows() const { return m_rows; }
    /// Reloads; `mine` are the user's own activities when the caller already read them.
    void reload(const std::vector<sync::LocalActivity>* mine = nullptr);

signals:
    void modeChanged();
    void countChanged();

private:
    App& m_app;
    QString m_mode = QStringLiteral("employee");
    std::vector<Row> m_rows;
};

} // namespace jejak::mobile
