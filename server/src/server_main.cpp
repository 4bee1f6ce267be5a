// SPDX-License-Identifier: Apache-2.0
// Program start-up and shutdown: configuration, wiring, signal wait, drain.
#include "server_main.hpp"

#include "app_state.hpp"
#include "auth/auth.hpp"
#include "auth/sqlite_account_store.hpp"
#include "blobs/blob_store.hpp"
#include "config.hpp"
#include "dispatcher.hpp"
#include "http_server.hpp"
#include "logger.hpp"
#include "notifier.hpp"
#include "routes.hpp"
#include "storage/data_dir.hpp"
#include "storage/sqlite_storage.hpp"
#include "sync/ops.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <pthread.h>
#include <string>
#include <vector>

namespace jejak::server {
namespace {

constexpr int kExitConfig = 2;
constexpr int kExitStartFailed = 1;
/// Live notification channels one person may hold at once (their devices).
constexpr std::size_t kLiveConnectionsPerNip = 8;

std::optional<std::string> getEnv(std::string_view name) {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

void logError(Logger& logger, std::string_view msg, const shared::Error& e) {
    logger.error(msg, {{"code", shared::codeString(e.code)}, {"field", e.field}, {"error", e.message}});
}

/// Opens and migrates the database in the data directory and loads the reference snapshot, with
/// validation's evidence check over `blobs` and live wakes through `notifier` after each commit; logs why
/// and returns null when it cannot.
std::unique_ptr<SqliteStorage> openStorage(const ServerConfig& config, const shared::Clock& clock,
                                           const BlobStore& blobs, Notifier& notifier, Logger& logger) {
    SqliteStorageOptions options;
    options.path = databasePath(config.dataDir);
    options.blobCheck = [&blobs](const shared::EvidenceRef& ref) { return blobs.check(ref); };
    options.onFeedChanged = [&notifier](const std::vector<std::string>& nips, std::int64_t seq) {
        notifier.notify(nips, seq);
    };
    auto storage = SqliteStorage::open(options, clock);
    if (!storage) {
        if (storage.error().code == shared::ErrorCode::StorageSchemaTooNew) {
            logError(logger, "the database was written by a newer jejak-server; refusing to use it", storage.error());
        } else {
            logError(logger, "cannot open the database", storage.error());
        }
        return nullptr;
    }
    const ReferenceSnapshot reference = (*storage)->referenceSnapshot();
    logger.info("database open", {{"path", options.path},
                                  {"schemaVersion", (*storage)->schemaVersion()},
                                  {"referenceVersion", reference.version}});
    return std::move(storage).value();
}

int serve(const Invocation& inv, sigset_t& stopSignals) {
    const ServerConfig& config = inv.config;
    Logger logger(config.logLevel);
    const std::string clockStart = config.clockStart ? shared::formatTimestamp(*config.clockStart) : "system";
    logger.lifecycle("starting", {{"version", JEJAK_VERSION},
                                  {"configFile", inv.configFile},
                                  {"dataDir", config.dataDir},
                                  {"clock", clockStart}});

    std::unique_ptr<shared::Clock> clock;
    if (config.clockStart) {
        clock = std::make_unique<shared::OffsetClock>(*config.clockStart);
    } else {
        clock = std::make_unique<shared::SystemClock>();
    }
    if (auto dir = ensureDataDir(config.dataDir); !dir) {
        logError(logger, "cannot create the data directory", dir.error());
        return kExitStartFailed;
    }
    // The evidence store first: the storage's validation checks pushed evidence against it.
    auto blobs = BlobStore::open(std::filesystem::path(config.dataDir) / "blobs");
    if (!blobs) {
        logError(logger, "cannot open the evidence store", blobs.error());
        return kExitStartFailed;
    }
    // Live notifications: storage wakes subscribers after each commit, so the notifier outlives both.
    Notifier notifier(NotifierOptions{kLiveConnectionsPerNip, config.maxLiveConnections});
    const std::unique_ptr<SqliteStorage> storage = openStorage(config, *clock, **blobs, notifier, logger);
    if (!storage) {
        return kExitStartFailed;
    }

    auto accounts = SqliteAccountStore::open(databasePath(config.dataDir));
    if (!accounts) {
        logError(logger, "cannot open the account store", accounts.error());
        return kExitStartFailed;
    }
    AuthOptions authOptions;
    authOptions.sessionLifetime = config.sessionLifetime;
    authOptions.password = config.password;
    auto auth = Auth::create(
        **accounts, *clock, [&storage] { return storage->referenceSnapshot().domain; }, authOptions);
    if (!auth) {
        logError(logger, "cannot start authentication", auth.error());
        return kExitStartFailed;
    }

    AppState state(JEJAK_VERSION, *storage, *clock, **auth);
    state.notifier = &notifier;
    state.blobs = blobs->get();
    // Evidence is readable by its uploader and by whoever may see an activity using it; a storage error
    // denies.
    state.canReadBlob = [&storage](const Caller& caller, std::string_view sha256) {
        const auto may = storage->mayReadBlob(caller.nip, sha256);
        return may && *may;
    };
    state.evidencePolicy = [&storage](const Caller& caller) {
        return policyOf(storage->referenceSnapshot(), caller.nip);
    };
    state.maxBlobChunkBytes = config.maxBlobChunkBytes;
    auto router = buildRouter(state);
    if (!router) {
        logError(logger, "cannot build routes", router.error());
        return kExitStartFailed;
    }
    const Dispatcher dispatcher(*router, state.metrics, logger, config.maxBodyBytes);
    HttpServer server(config, dispatcher, state.metrics, logger);
    if (auto started = server.start(); !started) {
        logError(logger, "cannot start", started.error());
        return started.error().code == shared::ErrorCode::ServerConfigInvalid ? kExitConfig : kExitStartFailed;
    }

    int signal = 0;
    sigwait(&stopSignals, &signal);
    logger.lifecycle("signal received", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    server.stop(config.drainTimeout);
    storage->close(); // after the drain: no request uses it any more; queued writes finish first
    const WriterStats writes = storage->writerStats(); // the grouping achieved (scripts/bench_server.sh)
    logger.lifecycle("database closed", {{"path", storage->path()},
                                         {"writeBatches", writes.batches},
                                         {"writeJobsCommitted", writes.jobsCommitted},
                                         {"writeJobsFailed", writes.jobsFailed},
                                         {"largestWriteBatch", writes.largestBatch}});
    return 0;
}

} // namespace

int runServerMain(int argc, char** argv) noexcept {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        auto inv = parseInvocation(args, getEnv);
        if (!inv) {
            Logger logger(LogLevel::Error);
            logError(logger, "invalid configuration (see jejak-server --help)", inv.error());
            return kExitConfig;
        }
        switch (inv->action) {
        case Invocation::Action::Help:
            std::fputs(helpText().c_str(), stdout);
            return 0;
        case Invocation::Action::Version:
            std::fputs("jejak-server " JEJAK_VERSION "\n", stdout);
            return 0;
        case Invocation::Action::Run:
            break;
        }
        // Stop signals are blocked before any thread starts, so every network thread inherits the mask and
        // only sigwait() in this thread sees them. A vanished peer must not kill the process with SIGPIPE.
        sigset_t stopSignals;
        sigemptyset(&stopSignals);
        sigaddset(&stopSignals, SIGTERM);
        sigaddset(&stopSignals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
        std::signal(SIGPIPE, SIG_IGN);
        return serve(*inv, stopSignals);
    } catch (const std::exception& e) {
        Logger(LogLevel::Error).error("fatal", {{"error", e.what()}});
    } catch (...) {
        Logger(LogLevel::Error).error("fatal", {{"error", "unknown exception"}});
    }
    return kExitStartFailed;
}

} // namespace jejak::server
