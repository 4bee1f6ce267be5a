// SPDX-License-Identifier: Apache-2.0
// Models and controllers of the mobile app over a store seeded by a real pull: one employee's device logs in
// to the real jejak-server (demo bundle), fills the activity form, saves, submits, syncs, logs out, unlocks
// offline and restarts with its session remembered.
#include "mobile_fixture.hpp"

#include "activity_form.hpp"
#include "activity_list_model.hpp"
#include "evaluation_form.hpp"
#include "labels.hpp"
#include "progress_model.hpp"
#include "qt_transport.hpp"
#include "rating_form.hpp"

#include "jejak/shared/org.hpp"

#include <QFileInfo>
#include <QImageReader>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace jejak;
using mobile::ActivityListModel;

namespace {

QStringList ids(const QVariantList& options) {
    QStringList out;
    for (const auto& o : options) {
        out << o.toMap().value(QStringLiteral("id")).toString();
    }
    return out;
}

/// A form filled with a valid activity of the author in PAK on 2023-03-14, 09:00 + slot hours (+08:00).
void fill(mobile::ActivityForm& form, int slot) {
    form.setStart(QDateTime::fromString(QStringLiteral("2023-03-14T09:00:00+08:00"), Qt::ISODate).addSecs(3600 * slot));
    form.setEnd(form.start().addSecs(1800));
    form.setTeamId(QStringLiteral("team-pak"));
    form.setSkpItemId(QStringLiteral("si-2023-a7-1"));
    form.setName(QStringLiteral("Verifikasi usul PAK"));
    form.setOutputQuantity(1);
    form.setDescription(QStringLiteral("Arsip digital diperiksa"));
}

} // namespace

class ModelsTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<testing::MobileServer> m_server;
    std::unique_ptr<testing::Device> m_device;
    QTemporaryDir m_files;
    QString m_photo;

private slots:
    void initTestCase() {
        m_server = std::make_unique<testing::MobileServer>("mobile_models");
        QVERIFY2(m_server->error().isEmpty(), qPrintable(m_server->error()));
        m_device = std::make_unique<testing::Device>();
        m_photo = m_files.filePath(QStringLiteral("photo.jpg"));
        QVERIFY(testing::writePhoto(m_photo, 4000, 3000));
    }

    void loginGivesTheSessionAndTheReferenceData() {
        mobile::App& app = *m_device->app;
        QVERIFY(!app.loggedIn());
        QVERIFY(!app.canUnlockOffline());
        const QString failed = m_device->login(m_server->url() + QStringLiteral("/"), "199106222015031012");
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(app.loggedIn());
        QCOMPARE(app.nip(), QStringLiteral("199106222015031012"));
        QVERIFY(!app.name().isEmpty());
        QVERIFY(app.roles().contains(QStringLiteral("employee")));
        QVERIFY(!app.isKetua());
        QCOMPARE(app.serverUrl(), m_server->url());
        QVERIFY(app.lastSync().isValid());
        QCOMPARE(app.lastError(), QString());
        QVERIFY(app.store()->domain()->team("team-pak").has_value());
    }

    void wrongPasswordIsRefusedWithAMessage() {
        testing::Device other;
        QSignalSpy finished(other.app.get(), &mobile::App::loginFinished);
        other.app->login(m_server->url(), QStringLiteral("199106222015031012"), QStringLiteral("salah"));
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!finished.at(0).at(1).toString().isEmpty());
        QVERIFY(!other.app->loggedIn());
    }

    void pickersOfferOnlyActiveTeamsAndLinkedItems() {
        mobile::ActivityForm form(m_device->app.get());
        form.setStart(QDateTime::fromString(QStringLiteral("2023-03-14T09:00:00+08:00"), Qt::ISODate));
        const QStringList teams = ids(form.teamOptions());
        QVERIFY2(teams.contains(QStringLiteral("team-pak")), qPrintable(teams.join(',')));
        // Only teams with an active membership of the author on that day.
        const auto domain = m_device->app->store()->domain();
        for (const auto& team : teams) {
            QVERIFY(shared::activeMembership(*domain, team.toStdString(), "199106222015031012",
                                             shared::Date(std::chrono::year(2023) / 3 / 14)));
        }
        const QStringList allItems = ids(form.skpItemOptions());
        form.setTeamId(QStringLiteral("team-pak"));
        const QStringList pakItems = ids(form.skpItemOptions());
        QVERIFY(pakItems.contains(QStringLiteral("si-2023-a7-1")));
        QVERIFY(pakItems.size() < allItems.size());
        form.setSkpItemId(QStringLiteral("si-2023-a7-1"));
        QCOMPARE(form.outputUnit(), QStringLiteral("Indeks"));
        // An item of another team is dropped when the team changes to one it is not linked to.
        const QString other = [&] {
            for (const auto& id : allItems) {
                if (!pakItems.contains(id)) {
                    return id;
                }
            }
            return QString();
        }();
        QVERIFY(!other.isEmpty());
        form.setSkpItemId(other);
        form.setTeamId(QStringLiteral("team-pak"));
        QCOMPARE(form.skpItemId(), other); // unchanged team: nothing to drop
        form.setTeamId(QString());
        form.setTeamId(QStringLiteral("team-pak"));
        QCOMPARE(form.skpItemId(), QString());
    }

    void validationNamesEachFailedField() {
        mobile::ActivityForm form(m_device->app.get());
        fill(form, 0);
        form.setName(QString());
        form.setEnd(form.start().addSecs(-60));
        form.setDescription(QString(301, QLatin1Char('x')));
        QVERIFY(!form.validate());
        QVERIFY(!form.valid());
        const QVariantMap errors = form.errors();
        for (const char* field : {"name", "end", "description", "evidence"}) {
            QVERIFY2(errors.contains(QLatin1String(field)), field);
        }
        QCOMPARE(errors.value(QStringLiteral("evidence")).toString(),
                 mobile::errorText(shared::Error(shared::ErrorCode::PhotoRequired)));
        // The live counter counts code points, not UTF-16 units.
        form.setDescription(QStringLiteral("😀😀😀"));
        QCOMPARE(form.descriptionLength(), 3);
        QCOMPARE(form.descriptionMax(), 300);
        // Nothing was stored.
        QCOMPARE(m_device->app->myActivities()->property("count").toInt(), 0);
    }

    void photoIsScaledStoredAndSubmitted() {
        mobile::App& app = *m_device->app;
        mobile::ActivityForm form(&app);
        fill(form, 0);
        QVERIFY(form.addPhotoFile(QUrl::fromLocalFile(m_photo)));
        QCOMPARE(form.photos().size(), 1);
        const QString stored = QUrl(form.photos().at(0)).toLocalFile();
        QVERIFY(QFileInfo::exists(stored));
        QCOMPARE(QImageReader(stored).size(), QSize(1600, 1200));
        QVERIFY(!form.hasLocation()); // not allowed by the user: none recorded
        QVERIFY(!form.addPhotoFile(QUrl::fromLocalFile(m_files.filePath(QStringLiteral("missing.jpg")))));
        QVERIFY(form.errors().contains(QStringLiteral("evidence")));

        QSignalSpy saved(&form, &mobile::ActivityForm::saved);
        QVERIFY2(form.submit(), qPrintable(form.errors().values().isEmpty() ? QString() : form.errors().values().at(0).toString()));
        QCOMPARE(saved.size(), 1);
        auto* mine = qobject_cast<ActivityListModel*>(app.myActivities());
        QCOMPARE(mine->count(), 1);
        const QVariantMap row = mine->get(0);
        QCOMPARE(row.value(QStringLiteral("activityId")).toString(), form.activityId());
        // Waiting in the outbox behind its photo's upload.
        QCOMPARE(row.value(QStringLiteral("syncState")).toString(), QStringLiteral("uploading"));
        QCOMPARE(row.value(QStringLiteral("teamName")).toString().isEmpty(), false);
        QCOMPARE(row.value(QStringLiteral("outputUnit")).toString(), QStringLiteral("Indeks"));
        QVERIFY(row.value(QStringLiteral("photos")).toStringList().at(0).startsWith(QStringLiteral("file://")));
        QCOMPARE(app.queuedCount(), 1);
    }

    void draftIsKeptLocallyAndFiltered() {
        mobile::App& app = *m_device->app;
        mobile::ActivityForm form(&app);
        fill(form, 2);
        form.setName(QStringLiteral("Konsep laporan"));
        QVERIFY(form.saveDraft());
        auto* mine = qobject_cast<ActivityListModel*>(app.myActivities());
        QCOMPARE(mine->count(), 2);
        mine->setFilter(QStringLiteral("draft"));
        QCOMPARE(mine->count(), 1);
        QCOMPARE(mine->get(0).value(QStringLiteral("name")).toString(), QStringLiteral("Konsep laporan"));
        QCOMPARE(mine->get(0).value(QStringLiteral("syncStateLabel")).toString(), QStringLiteral("Draf"));
        mine->setFilter(QString());
        // Editing loads the draft back.
        mobile::ActivityForm edit(&app);
        QVERIFY(edit.load(form.activityId()));
        QCOMPARE(edit.name(), QStringLiteral("Konsep laporan"));
        QCOMPARE(edit.teamId(), QStringLiteral("team-pak"));
        QVERIFY(!edit.load(QStringLiteral("no-such-activity")));
    }

    void syncSendsTheQueueAndShowsTheServerState() {
        mobile::App& app = *m_device->app;
        QVERIFY(m_device->sync());
        QCOMPARE(app.queuedCount(), 0);
        QVERIFY(app.online());
        auto* mine = qobject_cast<ActivityListModel*>(app.myActivities());
        mine->setFilter(QStringLiteral("synced"));
        QCOMPARE(mine->count(), 1);
        QCOMPARE(mine->get(0).value(QStringLiteral("workflowState")).toString(), QStringLiteral("submitted"));
        mine->setFilter(QString());

        auto* progress = qobject_cast<mobile::ProgressModel*>(app.progress());
        bool found = false;
        for (const auto& row : progress->rows()) {
            if (row.skpItemId == QLatin1String("si-2023-a7-1")) {
                found = true;
                QCOMPARE(row.unit, QStringLiteral("Indeks"));
                QCOMPARE(row.realised, 0.0); // submitted, not approved yet
                QCOMPARE(row.pending, 2);    // the submission and the draft
                QVERIFY(row.target > 0);
            }
        }
        QVERIFY(found);
    }

    void ratingAndEvaluationFormsCheckTheirInput() {
        mobile::RatingForm rating(m_device->app.get());
        rating.setSubstance(80);
        rating.setFit(80);
        rating.setSystematic(81);
        QCOMPARE(rating.value(), 80.33);
        rating.setSubstance(0);
        QCOMPARE(rating.value(), 0.0);
        rating.setActivityId(QStringLiteral("no-such-activity"));
        QVERIFY(!rating.submit());
        QVERIFY(rating.errors().contains(QStringLiteral("substance")));
        QVERIFY(rating.errors().contains(QStringLiteral("activityId")));

        mobile::EvaluationForm evaluation(m_device->app.get());
        QCOMPARE(evaluation.year(), 2023);
        QCOMPARE(evaluation.quarter(), 1);
        evaluation.setWorkResult(QStringLiteral("above"));
        evaluation.setWorkBehaviour(QStringLiteral("above"));
        QCOMPARE(evaluation.predicate(), QStringLiteral("Sangat Baik"));
        evaluation.setWorkBehaviour(QStringLiteral("below"));
        QCOMPARE(evaluation.predicate(), QStringLiteral("Kurang/Misconduct"));
        evaluation.setWorkResult(QStringLiteral("nonsense"));
        QCOMPARE(evaluation.predicate(), QString());
        evaluation.setEmployeeNip(QStringLiteral("000"));
        QVERIFY(!evaluation.submit());
        QVERIFY(evaluation.errors().contains(QStringLiteral("workResult")));
        QVERIFY(evaluation.errors().contains(QStringLiteral("employeeNip")));
    }

    void englishIsSelectable() {
        mobile::App& app = *m_device->app;
        app.setLanguage(QStringLiteral("en"));
        QCOMPARE(app.language(), QStringLiteral("en"));
        QCOMPARE(mobile::syncStateLabel(sync::SyncState::Draft), QStringLiteral("Draft"));
        QCOMPARE(app.errorText(QStringLiteral("evidence.photo_required")), QStringLiteral("At least one photo is required"));
        app.setLanguage(QStringLiteral("id"));
        QCOMPARE(mobile::syncStateLabel(sync::SyncState::Draft), QStringLiteral("Draf"));
        QCOMPARE(app.errorText(QStringLiteral("evidence.photo_required")),
                 QStringLiteral("Minimal satu foto bukti wajib dilampirkan"));
        QCOMPARE(app.errorText(QStringLiteral("no.such_code")), QString());
    }

    void logoutThenOfflineUnlockOfTheLastUser() {
        mobile::App& app = *m_device->app;
        app.logout();
        QVERIFY(!app.loggedIn());
        QVERIFY(app.canUnlockOffline());
        QCOMPARE(app.lastNip(), QStringLiteral("199106222015031012"));
        QCOMPARE(qobject_cast<ActivityListModel*>(app.myActivities())->count(), 0);
        QVERIFY(!app.unlockOffline(QStringLiteral("salah")));
        QVERIFY(!app.loggedIn());
        QVERIFY(app.unlockOffline(QString::fromLatin1(testing::kMobilePassword.data())));
        QVERIFY(app.loggedIn());
        QCOMPARE(app.nip(), QStringLiteral("199106222015031012"));
        // The local records are there again.
        QCOMPARE(qobject_cast<ActivityListModel*>(app.myActivities())->count(), 2);
    }

    void sessionIsRememberedAcrossRestarts() {
        testing::Device device;
        QVERIFY(device.login(m_server->url(), "199106222015031012").isEmpty());
        device.app.reset();
        mobile::AppOptions options;
        options.dataDir = QString::fromStdString(device.dir.path().string());
        options.clock = &device.clock;
        options.backgroundSync = false;
        mobile::App reopened(options);
        QVERIFY(reopened.loggedIn());
        QCOMPARE(reopened.nip(), QStringLiteral("199106222015031012"));
        QVERIFY(reopened.store()->domain()->team("team-pak").has_value());
    }

    void transportReportsNetworkFailureAndCancel() {
        mobile::QtTransport transport;
        sync::HttpRequest request{"GET", "http://127.0.0.1:1/v1/auth/sessions", {}, {}, std::chrono::milliseconds(5000)};
        auto refused = transport.exchange(request);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, shared::ErrorCode::SyncNetwork);
        request.url = (m_server->url() + QStringLiteral("/v1/auth/sessions")).toStdString();
        auto answered = transport.exchange(request);
        QVERIFY(answered.ok());
        QVERIFY(answered->status > 0);
        transport.cancel();
        auto cancelled = transport.exchange(request);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, shared::ErrorCode::SyncCancelled);
        transport.resume();
        // Exchanges from other threads at once.
        std::vector<std::thread> threads;
        std::atomic<int> ok{0};
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&] {
                if (auto r = transport.exchange(request); r.ok() && r->status > 0) {
                    ++ok;
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        QCOMPARE(ok.load(), 4);
    }

    void cleanupTestCase() {
        m_device.reset();
        QVERIFY(m_server->stop());
    }
};

QTEST_MAIN(ModelsTest)
#include "models_test.moc"
