// SPDX-License-Identifier: Apache-2.0
// The seeded, bounded, randomized fault-injection test of the whole sync stack: several devices (each a
// ClientStore, a SyncEngine and a Beast transport) submit activities with real JPEG photos to the real
// jejak-server through a FaultProxy, under random network faults, engine faults at named SyncPoints and
// SIGKILLs of the server. Afterwards every activity exists exactly once on the server, every photo arrived
// intact, no op was applied twice, and every device converged to the server's state.
//
// The seed fixes the schedule (which faults, where, when the server dies), not the threads' interleaving.
// CI runs the fixed seeds of kSeeds; JEJAK_FAULT_SEED=<n> replays one seed, JEJAK_FAULT_SEED=random picks
// one and prints it.
#include "blob_fixtures.hpp"
#include "story_fixture.hpp"

#include "support/fault_proxy.hpp"
#include "support/temp_dir.hpp"

#include "jejak/field/beast_transport.hpp"
#include "jejak/shared/sqlite.hpp"
#include "jejak/shared/time.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/sync/client_store.hpp"
#include "jejak/sync/engine.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace jejak::testing;
using namespace std::chrono_literals;
namespace field = jejak::field;
namespace proto = jejak::sync;
namespace shared = jejak::shared;

namespace {

constexpr std::array<std::uint64_t, 2> kSeeds = {20261122, 4242};
constexpr std::size_t kDevices = 3;
constexpr std::size_t kActivitiesPerDevice = 8;
constexpr std::size_t kChaosRounds = 8;
constexpr std::size_t kCreatingRounds = 6; ///< activities are created in the first rounds, then only synced
constexpr std::size_t kRestarts = 2;
constexpr int kPassesPerRound = 2;
constexpr int kSettlePasses = 6;

/// The seeds to run: JEJAK_FAULT_SEED when set, else kSeeds.
std::vector<std::uint64_t> seeds() {
    const char* env = std::getenv("JEJAK_FAULT_SEED");
    if (env == nullptr || *env == '\0') {
        return {kSeeds.begin(), kSeeds.end()};
    }
    const std::string_view text(env);
    if (text == "random") {
        return {std::random_device{}()};
    }
    std::uint64_t seed = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), seed).ec != std::errc()) {
        FAIL("JEJAK_FAULT_SEED must be a number or \"random\", not " << text);
    }
    return {seed};
}

/// An engine fault armed at one SyncPoint: the first time the engine passes there, the pass fails.
class ArmedPoint {
public:
    void arm(std::optional<proto::SyncPoint> point) {
        const std::lock_guard lock(m_mutex);
        m_armed = point;
    }
    bool fire(proto::SyncPoint point) {
        const std::lock_guard lock(m_mutex);
        if (m_armed != point) {
            return false;
        }
        m_armed.reset();
        ++m_fired;
        return true;
    }
    int fired() {
        const std::lock_guard lock(m_mutex);
        return m_fired;
    }

private:
    std::mutex m_mutex;
    std::optional<proto::SyncPoint> m_armed;
    int m_fired = 0;
};

/// One phone: its own store directory, transport and engine, logged in through the proxy.
struct Device {
    Device(const shared::Clock& clock, const std::string& url, std::string_view nip) {
        auto opened = proto::ClientStore::open(dir.path(), clock);
        INFO((opened ? std::string() : shared::toString(opened.error())));
        REQUIRE(opened);
        store = std::move(*opened);
        // Small chunks and pages, so that every photo takes several chunks and a pull several pages.
        proto::EngineOptions options;
        options.chunkBytes = 8 * 1024;
        options.pushBatch = 3;
        options.pullLimit = 10;
        engine = std::make_unique<proto::SyncEngine>(*store, transport, clock, options);
        engine->setFaultHook([this](proto::SyncPoint p) { return hook.fire(p); });
        const auto login = engine->login(url, std::string(nip), std::string(kStoryPassword), "Fault test");
        INFO((login ? std::string() : shared::toString(login.error())));
        REQUIRE(login);
        const auto first = engine->syncOnce(); // the reference data
        INFO((first ? std::string() : shared::toString(first.error())));
        REQUIRE(first);
    }

    TempDir dir;
    std::unique_ptr<proto::ClientStore> store;
    field::BeastTransport transport;
    std::unique_ptr<proto::SyncEngine> engine;
    ArmedPoint hook;
};

/// What a device committed locally: the activity and its photo's bytes.
struct Committed {
    std::string id;
    std::string photo;
    std::string sha;
};

/// Arms one random proxy fault for a round (or none); a refusal is switched on until the round ends.
void armProxyFault(FaultProxy& proxy, std::mt19937_64& rng) {
    const auto pick = [&](std::uint64_t lo, std::uint64_t hi) {
        return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
    };
    const int times = static_cast<int>(pick(1, 3));
    switch (pick(0, 6)) {
    case 0:
        break;
    case 1:
        proxy.cutAfter(Direction::ToServer, pick(100, 40'000), times);
        break;
    case 2:
        proxy.cutAfter(Direction::ToClient, pick(20, 6'000), times);
        break;
    case 3: {
        static constexpr std::array<std::string_view, 3> kPrefixes = {"", "POST /v1/sync/push",
                                                                      "PUT /v1/blobs/"};
        proxy.duplicateRequests(times, std::string(kPrefixes[pick(0, kPrefixes.size() - 1)]));
        break;
    }
    case 4:
        proxy.resetUploadAfter(pick(0, 8 * 1024), times);
        break;
    case 5:
        proxy.setDelay(std::chrono::milliseconds(pick(1, 5)), std::chrono::milliseconds(pick(0, 20)));
        break;
    default:
        REQUIRE(proxy.refuseConnections(true).empty());
        break;
    }
}

std::int64_t queryInt(shared::sqlite::Database& db, std::string_view sql, std::string_view arg = {}) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt);
    if (!arg.empty()) {
        REQUIRE(stmt->bind(1, arg));
    }
    const auto row = stmt->step();
    REQUIRE(row);
    REQUIRE(*row);
    return stmt->columnInt64(0);
}

} // namespace

TEST_CASE("fault injection: devices under random faults and server kills converge, exactly once",
          "[sync][fault_injection]") {
    const std::uint64_t seed = GENERATE(from_range(seeds()));
    INFO("seed " << seed << " (replay with JEJAK_FAULT_SEED=" << seed << ")");
    std::mt19937_64 rng(seed);

    StoryServer server("fault_injection_" + std::to_string(seed));
    FaultProxy proxy;
    REQUIRE(proxy.start(server.port()).empty());
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());
    const shared::OffsetClock clock(*shared::parseTimestamp("2023-03-15T08:00:00+08:00"));

    std::vector<std::unique_ptr<Device>> devices;
    for (std::size_t d = 0; d < kDevices; ++d) {
        devices.push_back(std::make_unique<Device>(clock, url, kStoryAuthor));
    }
    std::vector<std::vector<Committed>> committed(kDevices);

    // Which rounds end with a SIGKILL of the server, at a random moment while the devices sync.
    std::set<std::size_t> killRounds;
    while (killRounds.size() < kRestarts) {
        killRounds.insert(std::uniform_int_distribution<std::size_t>(1, kChaosRounds - 1)(rng));
    }

    int passes = 0;
    int failedPasses = 0;
    std::size_t restarts = 0;
    for (std::size_t round = 0; round < kChaosRounds; ++round) {
        // New activities, each with its own photo, committed locally first.
        for (std::size_t d = 0; d < kDevices && round < kCreatingRounds; ++d) {
            const std::size_t due = kActivitiesPerDevice * (round + 1) / kCreatingRounds;
            while (committed[d].size() < due) {
                const auto slot = static_cast<int>(d * kActivitiesPerDevice + committed[d].size());
                const auto pixelSeed = static_cast<std::uint32_t>(rng());
                const std::string photo = makeJpeg(photoPixels(240, 180, pixelSeed));
                auto ref = devices[d]->store->addEvidence(photo, "image/jpeg", shared::EvidenceKind::Photo,
                                                          std::nullopt);
                REQUIRE(ref);
                const std::string id = shared::makeUuidV7(clock.now(), rng(), rng());
                shared::Activity a = storyActivity(id, slot, ref->sha256, ref->size);
                a.evidence = {*ref};
                a.createdAt = clock.now();
                REQUIRE(devices[d]->store->saveDraft(a));
                const auto queued = devices[d]->store->submit(id);
                INFO((queued ? std::string() : shared::toString(queued.error())));
                REQUIRE(queued);
                committed[d].push_back({id, photo, ref->sha256});
            }
        }

        // This round's faults: one on the network, and engine faults at random points.
        armProxyFault(proxy, rng);
        for (auto& device : devices) {
            constexpr int kLastPoint = static_cast<int>(proto::SyncPoint::AfterPullResponse);
            const auto point = std::uniform_int_distribution<int>(-kLastPoint, kLastPoint)(rng); // < 0: none
            device->hook.arm(point < 0 ? std::nullopt : std::optional(static_cast<proto::SyncPoint>(point)));
        }
        const bool dies = killRounds.contains(round);
        const auto killAfter = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 300)(rng));

        // Every device syncs at once, on its own thread, while the server may die: a second pass when the
        // first failed, so that faults also hit the later protocol points.
        std::atomic<int> roundPasses{0};
        std::atomic<int> roundFailures{0};
        {
            std::vector<std::jthread> threads;
            for (auto& device : devices) {
                threads.emplace_back([&, engine = device->engine.get()] {
                    for (int attempt = 0; attempt < kPassesPerRound; ++attempt) {
                        ++roundPasses;
                        if (engine->syncOnce()) {
                            break;
                        }
                        ++roundFailures;
                    }
                });
            }
            if (dies) {
                std::this_thread::sleep_for(killAfter);
                ::kill(server.process().pid(), SIGKILL);
            }
        }
        passes += roundPasses;
        failedPasses += roundFailures;
        if (dies) {
            REQUIRE(server.process().wait(10s) == 128 + SIGKILL);
            server.start(); // same data dir, new port
            proxy.setUpstreamPort(server.port());
            ++restarts;
        }
        proxy.clearRules();
        for (auto& device : devices) {
            device->hook.arm(std::nullopt);
        }
    }

    // No more faults: every device syncs until its outbox is empty, then once more to pull the others'.
    bool settled = false;
    for (int pass = 0; pass < kSettlePasses && !settled; ++pass) {
        settled = true;
        for (auto& device : devices) {
            const auto r = device->engine->syncOnce();
            ++passes;
            failedPasses += r ? 0 : 1;
            settled =
                settled && r && device->store->outbox().empty() && device->store->pendingBlobs().empty();
        }
    }
    REQUIRE(settled);
    for (auto& device : devices) {
        REQUIRE(device->engine->syncOnce());
    }

    const FaultCounters net = proxy.counters();
    int engineFaults = 0;
    for (auto& device : devices) {
        engineFaults += device->hook.fired();
    }
    std::size_t total = 0;
    for (const auto& c : committed) {
        total += c.size();
    }
    std::cout << "fault injection seed " << seed << ": " << total << " activities on " << kDevices
              << " devices, " << net.faults() + static_cast<std::uint64_t>(engineFaults) << " faults (cuts "
              << net.cuts << ", upload resets " << net.uploadResets << ", duplicates " << net.duplicates
              << ", refusals " << net.refusals << ", engine " << engineFaults << "), " << restarts
              << " restarts, " << passes << " passes (" << failedPasses << " failed)\n";
    CHECK(total == kDevices * kActivitiesPerDevice);
    CHECK(restarts == kRestarts);
    CHECK(net.faults() + static_cast<std::uint64_t>(engineFaults) > 0);

    std::set<std::string> digests;
    std::map<std::string, const Committed*> byId;
    for (const auto& c : committed) {
        for (const auto& a : c) {
            digests.insert(a.sha);
            byId.emplace(a.id, &a);
        }
    }
    REQUIRE(digests.size() == total); // different photos
    REQUIRE(byId.size() == total);

    // Every device converged to the server: all of the author's activities, synced and submitted.
    const StorySession ketua = server.login(kStoryKetuaPak, "ketua-phone");
    Device reviewer(clock, url, kStoryKetuaPak);
    proto::ActivityFilter byAuthor;
    byAuthor.authorNip = std::string(kStoryAuthor);
    for (std::size_t d = 0; d <= devices.size(); ++d) {
        const proto::ClientStore& store = d < devices.size() ? *devices[d]->store : *reviewer.store;
        INFO("device " << d << (d == devices.size() ? " (the ketua's)" : ""));
        CHECK(store.outbox().empty());
        const auto local = store.activities(byAuthor);
        CHECK(local.size() == total);
        for (const auto& a : local) {
            INFO(a.activity.id);
            REQUIRE(byId.contains(a.activity.id));
            CHECK(a.syncState == proto::SyncState::Synced);
            CHECK_FALSE(a.unsent);
            CHECK_FALSE(a.error);
            REQUIRE(a.status);
            CHECK(a.status->state == shared::ActivityState::Submitted);
            REQUIRE(a.activity.evidence.size() == 1);
            CHECK(a.activity.evidence[0].sha256 == byId.at(a.activity.id)->sha);
        }
    }

    // The server's feed holds each activity exactly once, and each photo byte for byte.
    const StorySession author = server.login(kStoryAuthor, "checker");
    std::map<std::string, int> rows;
    for (const auto& c : server.pullAll(author)) {
        if (c.entity == proto::ChangeEntity::Activity) {
            ++rows[c.id];
        }
    }
    CHECK(rows.size() == total);
    for (const auto& [id, a] : byId) {
        INFO(id);
        CHECK(rows[id] == 1);
        const auto content = server.call("GET", "/v1/blobs/" + a->sha + "/content", {}, ketua.token);
        CHECK(content.status == 200);
        CHECK(sha256Of(content.body) == a->sha);
        CHECK(content.body == a->photo);
    }

    // In the server's database, read after it stopped: one row, one applied op, one audit entry each.
    server.stop();
    shared::sqlite::OpenOptions readOnly;
    readOnly.readOnly = true;
    auto db = shared::sqlite::Database::open(server.dataDir() + "/jejak.db", readOnly);
    REQUIRE(db);
    for (const auto& [id, a] : byId) {
        INFO(id);
        CHECK(queryInt(*db, "SELECT COUNT(*) FROM activity WHERE id = ?", id) == 1);
        CHECK(queryInt(*db, "SELECT COUNT(*) FROM audit WHERE action = 'activity.submit' AND entity_id = ?",
                       id) == 1);
    }
    CHECK(queryInt(*db, "SELECT COUNT(*) FROM audit WHERE action = 'activity.submit'") ==
          static_cast<std::int64_t>(total));
    CHECK(queryInt(*db, "SELECT COUNT(*) FROM applied_op") == static_cast<std::int64_t>(total));
    CHECK(runAdmin({"audit", "verify", "--data-dir", server.dataDir()},
                   std::string(JEJAK_TEST_LOG_DIR) + "/fault_injection_" + std::to_string(seed) +
                       "_audit.log") == 0);
}
