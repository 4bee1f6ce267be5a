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
// 4. memory: the maximum RSS of jejak-mobile showing a store of --activities activities, and the RSS growth
//    of this process when its App loads them.
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

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
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

long rssKib() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            status >> kib;
            return kib;
        }
        status.ignore(4096, '\n');
    }
    return 0;
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

/// Runs jejak-mobile to its first frame; the ms it printed (-1 on failure). Its max RSS lands in RUSAGE_CHILDREN.
double coldStart(const QString& exe, const QString& dataDir) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(exe, {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--quit-after-first-frame")});
    if (!p.waitForFinished(120'000) || p.exitCode() != 0) {
        std::fprintf(stderr, "jejak-mobile failed: %s\n", p.readAllStandardError().constData());
        return -1;
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto at = out.indexOf(QStringLiteral("first_frame_ms "));
    return at < 0 ? -1 : out.mid(at + 15).trimmed().toDouble();
}

long childrenMaxRssKib() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
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

    // 1. local save through the form
    {
        mobile::AppOptions options{small, &clock, false};
        mobile::App app(options);
        std::vector<double> ms;
        for (int i = 0; i < saves; ++i) {
            mobile::ActivityForm form(&app);
            fill(form, i);
            QElapsedTimer t;
            t.start();
            if (!form.saveDraft()) {
                std::fprintf(stderr, "save failed\n");
                return 1;
            }
            ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        }
        std::printf("local_save_ms median %.2f p95 %.2f (n=%d, store of up to %d drafts)\n", median(ms),
                    percentile95(ms), saves, saves);
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
    }

    // 3. cold start, 4b. memory of the app process
    const QString exe = parser.value(appOption);
    std::vector<double> empty;
    std::vector<double> full;
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir fresh;
        empty.push_back(coldStart(exe, fresh.path()));
    }
    const long emptyRss = childrenMaxRssKib();
    for (int i = 0; i < runs; ++i) {
        full.push_back(coldStart(exe, large));
    }
    std::printf("cold_start_first_frame_ms median %.0f (empty store), %.0f (%d activities) (n=%d)\n", median(empty),
                median(full), activities, runs);
    std::printf("jejak_mobile_max_rss_mib %.1f (empty store), %.1f (%d activities)\n", emptyRss / 1024.0,
                childrenMaxRssKib() / 1024.0, activities);

    // 4c. this process: RSS growth when an App loads the large store into its models
    {
        const long before = rssKib();
        QElapsedTimer t;
        t.start();
        mobile::App app(mobile::AppOptions{large, &clock, false});
        const double loadMs = static_cast<double>(t.elapsed());
        std::printf("app_load_%d_activities_ms %.0f rows %d rss_growth_mib %.1f\n", activities, loadMs,
                    app.myActivities()->property("count").toInt(), static_cast<double>(rssKib() - before) / 1024.0);
    }
    return 0;
}
