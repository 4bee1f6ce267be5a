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
#include "storage/reference_load.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <pthread.h>
#include <string>
#include <vector>

namespace jejak::server {
namespace {

constexpr int kExitConfig = 2;
constexpr int kExitStartFailed = 1;
/// Live connections one employee may hold at once (their devices).
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

int serve(const Invocation& inv, sigset_t& stopSignals) {
    const ServerConfig& config = inv.config;
    Logger logger(config.logLevel);
    logger.lifecycle("starting", {{"version", JEJAK_VERSION}, {"configFile", inv.configFile}});

    std::error_code dirError;
    std::filesystem::create_directories(config.dataDir, dirError);
    if (dirError) {
        logger.error("cannot create the data directory", {{"dataDir", config.dataDir}, {"error", dirError.message()}});
        return kExitStartFailed;
    }
    const std::string databasePath = (std::filesystem::path(config.dataDir) / "jejak.db").string();
    auto accounts = SqliteAccountStore::open(databasePath);
    if (!accounts) {
        logError(logger, "cannot open the account store", accounts.error());
        return kExitStartFailed;
    }
    // The reference snapshot as imported when the server started.
    std::shared_ptr<const shared::InMemoryDomain> reference;
    {
        auto db = shared::sqlite::Database::open(databasePath);
        if (!db) {
            logError(logger, "cannot read the reference data", db.error());
            return kExitStartFailed;
        }
        auto loaded = loadReferenceSnapshot(*db);
        if (!loaded) {
            logError(logger, "cannot read the reference data", loaded.error());
            return kExitStartFailed;
        }
        reference = std::move(*loaded);
    }
    logger.lifecycle("database", {{"path", databasePath}, {"employees", reference->bundle().employees.size()}});

    const shared::SystemClock clock;
    AuthOptions authOptions;
    authOptions.sessionLifetime = config.sessionLifetime;
    authOptions.password = config.password;
    auto auth = Auth::create(**accounts, clock, [reference] { return reference; }, authOptions);
    if (!auth) {
        logError(logger, "cannot start authentication", auth.error());
        return kExitStartFailed;
    }

    // Live notifications: storage notifies after each committed group; it must outlive the server.
    Notifier notifier(NotifierOptions{kLiveConnectionsPerNip, config.maxLiveConnections});
    AppState state(JEJAK_VERSION, **auth);
    state.notifier = &notifier;
    auto blobs = BlobStore::open(std::filesystem::path(config.dataDir) / "blobs");
    if (!blobs) {
        logError(logger, "cannot open the evidence store", blobs.error());
        return kExitStartFailed;
    }
    state.blobs = blobs->get();
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
