// SPDX-License-Identifier: Apache-2.0
// End to end, with the app's real logic (models, controllers, store, sync engine over the Qt transport)
// against the real jejak-server: device A (employee) logs an activity while the server is down, comes
// online and syncs; device B (the Ketua of PAK, another data dir) sees it in the inbox, opens its photo and
// approves; device C (the appraiser) rates it; device A sees it approved and rated, with the rating.
#include "mobile_fixture.hpp"

#include "activity_form.hpp"
#include "activity_list_model.hpp"
#include "evidence_image_provider.hpp"
#include "rating_form.hpp"
#include "review_controller.hpp"

#include <QQuickImageResponse>
#include <QQuickTextureFactory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace jejak;
using mobile::ActivityListModel;

namespace {

ActivityListModel* list(QObject* model) {
    return qobject_cast<ActivityListModel*>(model);
}

/// The row of `id` in the model, or an empty map.
QVariantMap rowOf(QObject* model, const QString& id) {
    auto* m = list(model);
    for (int i = 0; i < m->count(); ++i) {
        if (m->get(i).value(QStringLiteral("activityId")).toString() == id) {
            return m->get(i);
        }
    }
    return {};
}

} // namespace

class EndToEndTest : public QObject {
    Q_OBJECT

private slots:
    void offlineLogApproveRateAndSeeTheResult() {
        testing::MobileServer server("mobile_e2e");
        QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
        QTemporaryDir files;
        const QString photo = files.filePath(QStringLiteral("site.jpg"));
        QVERIFY(testing::writePhoto(photo, 4000, 3000));

        // Device A logs in while online (the reference data comes down), then the server goes away.
        testing::Device a;
        QString failed = a.login(server.url(), testing::kMobileAuthor);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(server.stop());

        mobile::ActivityForm form(a.app.get());
        form.setStart(QDateTime::fromString(QStringLiteral("2023-03-14T10:00:00+08:00"), Qt::ISODate));
        form.setEnd(form.start().addSecs(2700));
        form.setTeamId(QStringLiteral("team-pak"));
        form.setSkpItemId(QStringLiteral("si-2023-a7-1"));
        form.setName(QStringLiteral("Verifikasi berkas usul PAK"));
        form.setOutputQuantity(1);
        form.setDescription(QStringLiteral("Berkas usul PAK diverifikasi di lapangan"));
        QVERIFY(form.addPhotoFile(QUrl::fromLocalFile(photo)));
        QVERIFY(form.submit());
        const QString id = form.activityId();
        QCOMPARE(rowOf(a.app->myActivities(), id).value(QStringLiteral("syncState")).toString(),
                 QStringLiteral("uploading"));

        // Offline: the pass fails, nothing is lost, the app says it is offline.
        QVERIFY(!a.sync());
        QVERIFY(!a.app->online());
        QVERIFY(!a.app->lastError().isEmpty());
        QCOMPARE(a.app->queuedCount(), 1);
        QCOMPARE(rowOf(a.app->myActivities(), id).value(QStringLiteral("syncState")).toString(),
                 QStringLiteral("uploading"));

        // Online again: the photo and the submission go up.
        QVERIFY(server.start());
        QVERIFY2(a.sync(), qPrintable(a.app->lastError()));
        QVERIFY(a.app->online());
        QCOMPARE(a.app->queuedCount(), 0);
        QVariantMap mine = rowOf(a.app->myActivities(), id);
        QCOMPARE(mine.value(QStringLiteral("syncState")).toString(), QStringLiteral("synced"));
        QCOMPARE(mine.value(QStringLiteral("workflowState")).toString(), QStringLiteral("submitted"));

        // Device B, the Ketua of PAK: the submission is in the inbox with a photo from the server.
        testing::Device b;
        failed = b.login(server.url(), testing::kMobileKetuaPak);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(b.app->isKetua());
        QVariantMap inboxRow = rowOf(b.app->inbox(), id);
        QCOMPARE(inboxRow.value(QStringLiteral("workflowState")).toString(), QStringLiteral("submitted"));
        QCOMPARE(inboxRow.value(QStringLiteral("authorNip")).toString(), QString::fromLatin1(testing::kMobileAuthor.data()));
        const QStringList photos = inboxRow.value(QStringLiteral("photos")).toStringList();
        QCOMPARE(photos.size(), 1);
        QVERIFY2(photos.at(0).startsWith(QStringLiteral("image://evidence/")), qPrintable(photos.at(0)));

        mobile::EvidenceImageProvider provider(*b.app);
        std::unique_ptr<QQuickImageResponse> response(
            provider.requestImageResponse(photos.at(0).mid(QStringLiteral("image://evidence/").size()), QSize()));
        QSignalSpy loaded(response.get(), &QQuickImageResponse::finished);
        QVERIFY(loaded.wait(30'000));
        QCOMPARE(response->errorString(), QString());
        std::unique_ptr<QQuickTextureFactory> texture(response->textureFactory());
        QCOMPARE(texture->textureSize(), QSize(1600, 1200));

        mobile::ReviewController review(b.app.get());
        QVERIFY(!review.returnActivity(id, QStringLiteral("  "))); // a note is required
        QVERIFY(!review.lastError().isEmpty());
        QVERIFY(review.approve(id));
        QVERIFY2(b.sync(), qPrintable(b.app->lastError()));
        QCOMPARE(rowOf(b.app->inbox(), id).value(QStringLiteral("workflowState")).toString(), QStringLiteral("approved"));

        // Device C, the appraiser: the approved activity is in the list to rate.
        testing::Device c;
        failed = c.login(server.url(), testing::kMobileAppraiser);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(c.app->isAppraiser());
        QCOMPARE(rowOf(c.app->appraisals(), id).value(QStringLiteral("workflowState")).toString(),
                 QStringLiteral("approved"));
        mobile::RatingForm rating(c.app.get());
        rating.setActivityId(id);
        rating.setSubstance(80);
        rating.setFit(85);
        rating.setSystematic(90);
        QCOMPARE(rating.value(), 85.0);
        QVERIFY(rating.submit());
        QVERIFY2(c.sync(), qPrintable(c.app->lastError()));
        QCOMPARE(rowOf(c.app->appraisals(), id).value(QStringLiteral("workflowState")).toString(),
                 QStringLiteral("rated"));

        // Device A sees the outcome.
        QVERIFY2(a.sync(), qPrintable(a.app->lastError()));
        mine = rowOf(a.app->myActivities(), id);
        QCOMPARE(mine.value(QStringLiteral("workflowState")).toString(), QStringLiteral("rated"));
        const QVariantMap scores = mine.value(QStringLiteral("rating")).toMap();
        QCOMPARE(scores.value(QStringLiteral("substance")).toInt(), 80);
        QCOMPARE(scores.value(QStringLiteral("fit")).toInt(), 85);
        QCOMPARE(scores.value(QStringLiteral("systematic")).toInt(), 90);
        QCOMPARE(scores.value(QStringLiteral("value")).toDouble(), 85.0);
        QVERIFY(server.stop());
    }

    void liveNotificationBringsAnotherDevicesWorkWithoutAskingToSync() {
        testing::MobileServer server("mobile_live");
        QVERIFY2(server.error().isEmpty(), qPrintable(server.error()));
        QTemporaryDir files;
        const QString photo = files.filePath(QStringLiteral("site.jpg"));
        QVERIFY(testing::writePhoto(photo, 1200, 900));

        // The employee's tablet syncs in the background (scheduler every 5 minutes, live notifications).
        testing::Device tablet(true);
        QString failed = tablet.login(server.url(), testing::kMobileAuthor);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        // Their phone logs an activity and sends it.
        testing::Device phone;
        failed = phone.login(server.url(), testing::kMobileAuthor);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        mobile::ActivityForm form(phone.app.get());
        form.setStart(QDateTime::fromString(QStringLiteral("2023-03-14T13:00:00+08:00"), Qt::ISODate));
        form.setEnd(form.start().addSecs(1800));
        form.setTeamId(QStringLiteral("team-pak"));
        form.setSkpItemId(QStringLiteral("si-2023-a7-1"));
        form.setName(QStringLiteral("Rapat koordinasi PAK"));
        form.setOutputQuantity(1);
        QVERIFY(form.addPhotoFile(QUrl::fromLocalFile(photo)));
        QVERIFY(form.submit());
        QVERIFY2(phone.sync(), qPrintable(phone.app->lastError()));

        // The server tells the tablet its feed grew; the tablet pulls on its own.
        QTRY_COMPARE_WITH_TIMEOUT(
            rowOf(tablet.app->myActivities(), form.activityId()).value(QStringLiteral("workflowState")).toString(),
            QStringLiteral("submitted"), 30'000);
        QVERIFY(tablet.app->online());
        QVERIFY(server.stop());
    }
};

QTEST_MAIN(EndToEndTest)
#include "end_to_end_test.moc"
