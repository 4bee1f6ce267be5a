// SPDX-License-Identifier: Apache-2.0
// jejak-mobile-bench: measures the mobile client (not a test; nothing is asserted). BENCHMARKS.md has the
// figures and the command.
//
//   jejak-mobile-bench [--app PATH/jejak-mobile] [--activities 10000] [--saves 200] [--runs 5]
//
// 1. local save: ActivityForm::saveDraft of a filled form (SQLite commit included), median and p95;
// 2. photo: the pipeline (decode with EXIF, scale to 1600 px, JPEG, SHA-256) on a 12 MP JPEG file, median;
// 3. cold start: jejak-mobile -platform offscreen from exec to its first frame, median of runs, with an
//    empty store and with --activities local activities;
// 4. memory: the resident memory of jejak-mobile at its first frame with --activities local activities, and
//    the time an App of this process takes to load them into its models.
// The store is seeded the way a first pull does: a PullResponse made from assets/demo/bundle.json.
#include "activity_form.hpp"
#include "app.hpp"
#include "photo_pipeline.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/codec.hpp"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace jejak;

namespace {

template <typename T>
void addAll(sync::PullResponse& page, sync::ChangeEntity entity, const std::vector<T>& records,
            std::string (*idOf)(const T&)) {
    for (const auto& r : records) {
        page.changes.push_back({static_cast<std::int64_t>(page.changes.size() + 1), entity, idOf(r), false,
                                shared::toJson(r).as_object()});
    }
}

sync::PullResponse snapshotOf(const shared::Bundle& b) {
    sync::PullResponse page;
    page.cursor = "bench";
    page.reset = true;
    addAll<shared::Instansi>(page, sync::ChangeEntity::Instansi, b.instansi, [](const auto& r) { return r.id; });
    addAll<shared::Unit>(page, sync::ChangeEntity::Unit, b.units, [](const auto& r) { return r.id; });
    addAll<shared::Position>(page, sync::ChangeEntity::Position, b.positions, [](const auto& r) { return r.id; });
    addAll<shared::Employee>(page, sync::ChangeEntity::Employee, b.employees, [](const auto& r) { return r.nip; });
    addAll<shared::Placement>(page, sync::ChangeEntity::Placement, b.placements, [](const auto& r) { return r.id; });
    addAll<shared::RoleBinding>(page, sync::ChangeEntity::RoleBinding, b.roleBindings,
                                [](const auto& r) { return r.id; });
    addAll<shared::PerformanceTarget>(page, sync::ChangeEntity::Target, b.targets, [](const auto& r) { return r.id; });
    addAll<shared::Skp>(page, sync::ChangeEntity::Skp, b.skps, [](const auto& r) { return r.id; });
    addAll<shared::SkpItem>(page, sync::ChangeEntity::SkpItem, b.skpItems, [](const auto& r) { return r.id; });
    addAll<shared::Team>(page, sync::ChangeEntity::Team, b.teams, [](const auto& r) { return r.id; });
    addAll<shared::Membership>(page, sync::ChangeEntity::Membership, b.memberships, [](const auto& r) { return r.id; });
    return page;
}

constexpr const char* kNip = "199106222015031012";

/// A store in `dir` with a session of kNip and the demo reference data; false (with a message) on failure.
bool seed(const QString& dir, const shared::Clock& clock, const shared::Bundle& bundle) {
    auto store = sync::ClientStore::open(dir.toStdString(), clock);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", shared::toString(store.error()).c_str());
        return false;
    }
    const sync::Session session{"http://127.0.0.1:9", kNip, "Bench", "bench-token", clock.now() + std::chrono::hours(24),
                                {"employee"}};
    if (auto r = (*store)->setSession(session); !r) {
        std::fprintf(stderr, "session: %s\n", shared::toString(r.error()).c_str());
        return false;
    }
    if (auto r = (*store)->applyPull(snapshotOf(bundle)); !r) {
        std::fprintf(stderr, "pull: %s\n", shared::toString(r.error()).c_str());
        return false;
    }
    return true;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double percentile95(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, v.size() * 95 / 100)];
}

void fill(mobile::ActivityForm& form, int slot) {
    form.setStart(QDateTime::fromString(QStringLiteral("2023-03-14T07:00:00+08:00"), Qt::ISODate).addSecs(600LL * slot));
    form.setEnd(form.start().addSecs(600));
    form.setTeamId(QStringLiteral("team-pak"));
    form.setSkpItemId(QStringLiteral("si-2023-a7-1"));
    form.setName(QStringLiteral("Verifikasi usul PAK %1").arg(slot));
    form.setOutputQuantity(1);
    form.setDescription(QStringLiteral("Arsip digital diperiksa"));
}

struct Start {
    double firstFrameMs = -1;
    double rssMib = -1;
};

/// Runs jejak-mobile to its first frame: the time and the resident memory it printed (-1 on failure).
Start coldStart(const QString& exe, const QString& dataDir) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(exe, {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--quit-after-first-frame")});
    if (!p.waitForFinished(300'000) || p.exitCode() != 0) {
        std::fprintf(stderr, "jejak-mobile failed: %s\n", p.readAllStandardError().constData());
        return {};
    }
    // "first_frame_ms N rss_kib M"
    const QStringList words = QString::fromUtf8(p.readAllStandardOutput()).simplified().split(QLatin1Char(' '));
    const auto at = words.indexOf(QStringLiteral("first_frame_ms"));
    if (at < 0 || words.size() < at + 4) {
        return {};
    }
    return {words.at(at + 1).toDouble(), words.at(at + 3).toDouble() / 1024.0};
}

/// Times `saves` saves of a filled ActivityForm into the store in `dir` that holds `existing` activities.
bool timeSaves(const QString& dir, const shared::Clock& clock, int saves, int existing) {
    mobile::App app(mobile::AppOptions{dir, &clock, false});
    std::vector<double> ms;
    for (int i = 0; i < saves; ++i) {
        mobile::ActivityForm form(&app);
        fill(form, existing + i);
        QElapsedTimer t;
        t.start();
        if (!form.saveDraft()) {
            std::fprintf(stderr, "save failed\n");
            return false;
        }
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::printf("local_save_ms median %.2f p95 %.2f (n=%d, store of %d activities)\n", median(ms), percentile95(ms),
                saves, existing);
    return true;
}

} // namespace

int main(int argc, char* argv[]) {
    QGuiApplication application(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption appOption(QStringLiteral("app"), QStringLiteral("jejak-mobile to start."),
                                       QStringLiteral("PATH"), QStringLiteral(JEJAK_MOBILE_EXE));
    const QCommandLineOption activitiesOption(QStringLiteral("activities"), QStringLiteral("Local activities."),
                                              QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption savesOption(QStringLiteral("saves"), QStringLiteral("Timed saves."), QStringLiteral("N"),
                                         QStringLiteral("200"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of the slow measures."),
                                        QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({appOption, activitiesOption, savesOption, runsOption});
    parser.process(application);
    const int activities = parser.value(activitiesOption).toInt();
    const int saves = parser.value(savesOption).toInt();
    const int runs = parser.value(runsOption).toInt();

    const auto bundle = shared::loadBundleFile(JEJAK_SOURCE_DIR "/assets/demo/bundle.json");
    if (!bundle.bundle) {
        std::fprintf(stderr, "cannot load the demo bundle\n");
        return 1;
    }
    shared::OffsetClock clock(*shared::parseTimestamp("2023-03-15T08:00:00+08:00"));
    QTemporaryDir root;
    const QString small = root.filePath(QStringLiteral("small"));
    const QString large = root.filePath(QStringLiteral("large"));
    if (!seed(small, clock, *bundle.bundle) || !seed(large, clock, *bundle.bundle)) {
        return 1;
    }

    // 1. local save through the form, into a nearly empty store
    if (!timeSaves(small, clock, saves, 0)) {
        return 1;
    }

    // 2. photo pipeline on a 12 MP JPEG
    {
        QImage photo(4000, 3000, QImage::Format_RGB32);
        QPainter painter(&photo);
        QLinearGradient gradient(0, 0, 4000, 3000);
        gradient.setColorAt(0, QColor(30, 90, 160));
        gradient.setColorAt(1, QColor(230, 180, 60));
        painter.fillRect(photo.rect(), gradient);
        for (int i = 0; i < 400; ++i) {
            painter.drawEllipse(QPoint((i * 97) % 4000, (i * 61) % 3000), 40 + i % 50, 30 + i % 40);
        }
        painter.end();
        const QString path = root.filePath(QStringLiteral("photo.jpg"));
        photo.save(path, "JPEG", 92);
        std::vector<double> ms;
        qsizetype bytes = 0;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            t.start();
            const auto processed = mobile::processPhotoFile(path);
            ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
            bytes = processed ? processed->jpeg.size() : -1;
        }
        std::printf("photo_12mp_ms median %.1f (n=%d; 4000x3000 JPEG of %lld bytes -> 1600x1200, %lld bytes)\n",
                    median(ms), runs, static_cast<long long>(QFileInfo(path).size()), static_cast<long long>(bytes));
    }

    // 4a. fill the large store with drafts (straight through the store: the form adds nothing here)
    {
        auto store = sync::ClientStore::open(large.toStdString(), clock);
        if (!store) {
            return 1;
        }
        QElapsedTimer t;
        t.start();
        mobile::AppOptions options{large, &clock, false};
        for (int i = 0; i < activities; ++i) {
            shared::Activity a;
            a.nip = kNip;
            a.name = "Kegiatan " + std::to_string(i);
            a.teamId = "team-pak";
            a.skpItemId = "si-2023-a7-1";
            a.outputQuantity = 1;
            a.outputUnit = "Indeks";
            a.start = *shared::parseTimestamp("2023-01-02T07:00:00+08:00") + std::chrono::minutes(10 * i);
            a.end = a.start + std::chrono::minutes(10);
            a.description = "Arsip digital diperiksa";
            if (auto r = (*store)->saveDraft(a); !r) {
                std::fprintf(stderr, "seed save failed: %s\n", shared::toString(r.error()).c_str());
                return 1;
            }
        }
        std::printf("seed_%d_drafts_s %.1f\n", activities, static_cast<double>(t.elapsed()) / 1000.0);
        sync::ActivityFilter mine;
        mine.authorNip = kNip;
        t.restart();
        const auto listed = (*store)->activities(mine);
        std::printf("store_list_%zu_activities_ms %lld\n", listed.size(), static_cast<long long>(t.elapsed()));
    }

    // 1b. local save into the store of --activities activities
    if (!timeSaves(large, clock, saves, activities)) {
        return 1;
    }

    // 3. cold start, 4b. memory of the app process at its first frame
    const QString exe = parser.value(appOption);
    std::vector<double> emptyMs;
    std::vector<double> emptyRss;
    std::vector<double> fullMs;
    std::vector<double> fullRss;
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir fresh;
        const Start e = coldStart(exe, fresh.path());
        emptyMs.push_back(e.firstFrameMs);
        emptyRss.push_back(e.rssMib);
        const Start f = coldStart(exe, large);
        fullMs.push_back(f.firstFrameMs);
        fullRss.push_back(f.rssMib);
    }
    std::printf("cold_start_first_frame_ms median %.0f (empty store), %.0f (%d activities) (n=%d)\n",
                median(emptyMs), median(fullMs), activities, runs);
    std::printf("jejak_mobile_rss_mib_at_first_frame median %.1f (empty store), %.1f (%d activities)\n",
                median(emptyRss), median(fullRss), activities);

    // 4c. this process: an App loading the large store into its models
    {
        QElapsedTimer t;
        t.start();
        mobile::App app(mobile::AppOptions{large, &clock, false});
        std::printf("app_load_%d_activities_ms %lld rows %d\n", activities, static_cast<long long>(t.elapsed()),
                    app.myActivities()->property("count").toInt());
    }
    return 0;
}
