// SPDX-License-Identifier: Apache-2.0
// Server configuration: defaults, JSON file (--config), JEJAK_* environment variables and flags.
#pragma once

#include "auth/password.hpp"
#include "logger.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// Everything jejak-server can be told. The defaults are the production defaults.
struct ServerConfig {
    std::string listenAddress = "0.0.0.0";
    std::uint16_t port = 8080;                      ///< 0: any free port (the bound one is logged)
    unsigned threads = 0;                           ///< network threads; 0: one per hardware core
    unsigned workerThreads = 0;                     ///< handler threads; 0: max(16, 4 x hardware cores)
    std::string dataDir = "./jejak-data";           ///< the database is dataDir/jejak.db
    std::string tlsCertFile;                        ///< PEM certificate chain; TLS is on when set
    std::string tlsKeyFile;                         ///< PEM private key; required with tlsCertFile
    std::size_t maxHeaderBytes = 8 * 1024;          ///< request line + header fields
    std::size_t maxBodyBytes = 1024 * 1024;         ///< default body limit (routes may declare another)
    std::size_t maxConnections = 1024;              ///< connections served at once (see http_server.hpp)
    std::chrono::milliseconds readTimeout{15'000};  ///< whole request, from its first byte; TLS handshake
    std::chrono::milliseconds idleTimeout{60'000};  ///< keep-alive wait for the next request's first byte
    std::chrono::milliseconds writeTimeout{15'000}; ///< sending one response
    std::chrono::milliseconds drainTimeout{10'000}; ///< on SIGTERM/SIGINT, wait this long for in-flight requests
    LogLevel logLevel = LogLevel::Info;
    std::chrono::seconds sessionLifetime{30LL * 24 * 3600}; ///< a login token expires this long after login
    PasswordParams password = kInteractivePassword;          ///< Argon2id cost of new password hashes
    std::size_t maxBlobChunkBytes = 1024 * 1024;    ///< body limit of one evidence upload chunk
    /// When set, the server's clock starts at this instant at start-up and then runs in real time
    /// (shared::OffsetClock; for demos on the 2023 demo data). Otherwise the system clock.
    std::optional<shared::Timestamp> clockStart;
    std::size_t maxLiveConnections = 10'000;        ///< live channels at once, apart from maxConnections
    std::chrono::milliseconds livePingInterval{30'000}; ///< live channel ping; no pong within as long: closed

    [[nodiscard]] bool tlsEnabled() const noexcept { return !tlsCertFile.empty(); }
};

/// What a command line asks the program to do.
struct Invocation {
    enum class Action { Run, Help, Version };
    Action action = Action::Run;
    ServerConfig config;
    std::string configFile; ///< the file that was read; empty when none
};

/// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Builds the configuration from, in increasing precedence: defaults, the JSON config file (path from
/// --config or JEJAK_CONFIG; keys as in `--help`, unknown keys refused), JEJAK_* environment variables,
/// and command-line flags (`--name value` or `--name=value`). `args` excludes the program name.
/// Fails with server.config_invalid naming the flag, variable or file key at fault.
[[nodiscard]] shared::Result<Invocation> parseInvocation(const std::vector<std::string>& args, const EnvLookup& env);

/// The `--help` text: every option with its flag, variable, file key, default and meaning.
[[nodiscard]] std::string helpText();

} // namespace jejak::server
