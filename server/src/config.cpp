// SPDX-License-Identifier: Apache-2.0
// The option table and the layered parse (defaults < file < environment < flags).
#include "config.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <sstream>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::uint64_t min, std::uint64_t max) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

/// Applies a textual value to the config; the string is the reason when it is refused.
using Apply = std::optional<std::string> (*)(ServerConfig&, std::string_view);
using Show = std::string (*)(const ServerConfig&);

/// One option. Every option has a file key, a flag and an environment variable.
struct Option {
    std::string_view key;  ///< config file key
    std::string_view flag; ///< without the leading "--"
    std::string_view env;
    std::string_view valueName;
    std::string_view help;
    bool numeric;          ///< the file value must be a JSON integer (else a JSON string)
    Apply apply;
    Show show;             ///< renders the value, for the default column of --help
};

template <typename T>
std::optional<std::string> setUnsigned(T& field, std::string_view text, std::uint64_t min, std::uint64_t max) {
    const auto v = parseUnsigned(text, min, max);
    if (!v) {
        return "expected an integer in " + std::to_string(min) + ".." + std::to_string(max) + ", got '" +
               std::string(text) + "'";
    }
    field = static_cast<T>(*v);
    return std::nullopt;
}

std::optional<std::string> setMillis(std::chrono::milliseconds& field, std::string_view text) {
    std::uint64_t ms = 0;
    if (auto bad = setUnsigned(ms, text, 1, 24ULL * 3600 * 1000)) {
        return bad;
    }
    field = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms));
    return std::nullopt;
}

constexpr std::uint64_t kMaxBytes = 1ULL << 32;

const std::array<Option, 22> kOptions{{
    {"listenAddress", "listen", "JEJAK_LISTEN", "ADDRESS", "IP address to listen on (IPv4 or IPv6)", false,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         if (t.empty()) return "expected an IP address";
         c.listenAddress = t;
         return std::nullopt;
     },
     [](const ServerConfig& c) { return c.listenAddress; }},
    {"port", "port", "JEJAK_PORT", "N", "TCP port; 0 picks a free one, logged as {\"msg\":\"listening\",\"port\":N}",
     true, [](ServerConfig& c, std::string_view t) { return setUnsigned(c.port, t, 0, 65535); },
     [](const ServerConfig& c) { return std::to_string(c.port); }},
    {"threads", "threads", "JEJAK_THREADS", "N", "network threads; 0 = one per hardware core", true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.threads, t, 0, 1024); },
     [](const ServerConfig& c) { return std::to_string(c.threads); }},
    {"workerThreads", "worker-threads", "JEJAK_WORKER_THREADS", "N",
     "threads that run request handlers (which may block on the database or password hashing); "
     "0 = max(16, 4 x hardware cores)",
     true, [](ServerConfig& c, std::string_view t) { return setUnsigned(c.workerThreads, t, 0, 4096); },
     [](const ServerConfig& c) { return std::to_string(c.workerThreads); }},
    {"dataDir", "data-dir", "JEJAK_DATA_DIR", "DIR", "data directory: the database is DIR/jejak.db", false,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         if (t.empty()) return "expected a directory";
         c.dataDir = t;
         return std::nullopt;
     },
     [](const ServerConfig& c) { return c.dataDir; }},
    {"tlsCertFile", "tls-cert", "JEJAK_TLS_CERT", "FILE", "PEM certificate chain; enables TLS (needs --tls-key)",
     false,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         c.tlsCertFile = t;
         return std::nullopt;
     },
     [](const ServerConfig& c) { return c.tlsCertFile.empty() ? std::string("none") : c.tlsCertFile; }},
    {"tlsKeyFile", "tls-key", "JEJAK_TLS_KEY", "FILE", "PEM private key of the certificate", false,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         c.tlsKeyFile = t;
         return std::nullopt;
     },
     [](const ServerConfig& c) { return c.tlsKeyFile.empty() ? std::string("none") : c.tlsKeyFile; }},
    {"maxHeaderBytes", "max-header-bytes", "JEJAK_MAX_HEADER_BYTES", "BYTES",
     "largest request line + headers; larger gets 431", true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.maxHeaderBytes, t, 256, 1024 * 1024); },
     [](const ServerConfig& c) { return std::to_string(c.maxHeaderBytes); }},
    {"maxBodyBytes", "max-body-bytes", "JEJAK_MAX_BODY_BYTES", "BYTES",
     "default largest request body; larger gets 413 (routes may set their own)", true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.maxBodyBytes, t, 0, kMaxBytes); },
     [](const ServerConfig& c) { return std::to_string(c.maxBodyBytes); }},
    {"maxConnections", "max-connections", "JEJAK_MAX_CONNECTIONS", "N",
     "connections served at once; beyond it new ones get 503 http.too_many_connections", true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.maxConnections, t, 1, 1'000'000); },
     [](const ServerConfig& c) { return std::to_string(c.maxConnections); }},
    {"readTimeoutMs", "read-timeout-ms", "JEJAK_READ_TIMEOUT_MS", "MS",
     "deadline for one whole request from its first byte (and the TLS handshake); then 408", true,
     [](ServerConfig& c, std::string_view t) { return setMillis(c.readTimeout, t); },
     [](const ServerConfig& c) { return std::to_string(c.readTimeout.count()); }},
    {"idleTimeoutMs", "idle-timeout-ms", "JEJAK_IDLE_TIMEOUT_MS", "MS",
     "how long a keep-alive connection may wait for its next request", true,
     [](ServerConfig& c, std::string_view t) { return setMillis(c.idleTimeout, t); },
     [](const ServerConfig& c) { return std::to_string(c.idleTimeout.count()); }},
    {"writeTimeoutMs", "write-timeout-ms", "JEJAK_WRITE_TIMEOUT_MS", "MS", "deadline for sending one response",
     true, [](ServerConfig& c, std::string_view t) { return setMillis(c.writeTimeout, t); },
     [](const ServerConfig& c) { return std::to_string(c.writeTimeout.count()); }},
    {"drainTimeoutMs", "drain-timeout-ms", "JEJAK_DRAIN_TIMEOUT_MS", "MS",
     "on SIGTERM/SIGINT, how long in-flight requests may take to finish", true,
     [](ServerConfig& c, std::string_view t) { return setMillis(c.drainTimeout, t); },
     [](const ServerConfig& c) { return std::to_string(c.drainTimeout.count()); }},
    {"logLevel", "log-level", "JEJAK_LOG_LEVEL", "LEVEL", "debug, info, warn or error", false,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         if (!parseLogLevel(t, c.logLevel)) return "expected debug, info, warn or error, got '" + std::string(t) + "'";
         return std::nullopt;
     },
     [](const ServerConfig& c) { return std::string(levelName(c.logLevel)); }},
    {"sessionLifetimeSeconds", "session-lifetime-s", "JEJAK_SESSION_LIFETIME_S", "S",
     "how long a login token stays valid", true,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         std::uint64_t s = 0;
         if (auto bad = setUnsigned(s, t, 1, 366ULL * 24 * 3600)) return bad;
         c.sessionLifetime = std::chrono::seconds(static_cast<std::chrono::seconds::rep>(s));
         return std::nullopt;
     },
     [](const ServerConfig& c) { return std::to_string(c.sessionLifetime.count()); }},
    {"passwordOpsLimit", "password-ops-limit", "JEJAK_PASSWORD_OPS_LIMIT", "N",
     "Argon2id passes for new password hashes (libsodium opslimit; interactive = 2)", true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.password.opsLimit, t, kMinPasswordOpsLimit, 64); },
     [](const ServerConfig& c) { return std::to_string(c.password.opsLimit); }},
    {"passwordMemLimitKib", "password-mem-limit-kib", "JEJAK_PASSWORD_MEM_LIMIT_KIB", "KIB",
     "Argon2id memory for new password hashes, in KiB (interactive = 65536)", true,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         std::uint64_t kib = 0;
         if (auto bad = setUnsigned(kib, t, kMinPasswordMemLimitBytes / 1024, 4ULL * 1024 * 1024)) return bad;
         c.password.memLimitBytes = static_cast<std::size_t>(kib * 1024);
         return std::nullopt;
     },
     [](const ServerConfig& c) { return std::to_string(c.password.memLimitBytes / 1024); }},
    {"maxBlobChunkBytes", "max-blob-chunk-bytes", "JEJAK_MAX_BLOB_CHUNK_BYTES", "BYTES",
     "largest body of one evidence upload chunk (PUT /v1/blobs/{sha256}); larger gets 413", true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.maxBlobChunkBytes, t, 1024, 64 * 1024 * 1024); },
     [](const ServerConfig& c) { return std::to_string(c.maxBlobChunkBytes); }},
    {"clockStart", "clock-start", "JEJAK_CLOCK_START", "RFC3339",
     "start the server's clock at this instant (e.g. 2023-03-01T08:00:00+08:00), then run in real time; "
     "for demos on past data",
     false,
     [](ServerConfig& c, std::string_view t) -> std::optional<std::string> {
         const auto start = shared::parseTimestamp(t);
         if (!start) return "expected an RFC 3339 instant with an offset, got '" + std::string(t) + "'";
         c.clockStart = *start;
         return std::nullopt;
     },
     [](const ServerConfig& c) {
         return c.clockStart ? shared::formatTimestamp(*c.clockStart) : std::string("none (system clock)");
     }},
    {"maxLiveConnections", "max-live-connections", "JEJAK_MAX_LIVE_CONNECTIONS", "N",
     "live notification connections (GET /v1/sync/live) at once, counted apart from --max-connections; "
     "beyond it an upgrade gets 503 http.too_many_connections",
     true,
     [](ServerConfig& c, std::string_view t) { return setUnsigned(c.maxLiveConnections, t, 1, 1'000'000); },
     [](const ServerConfig& c) { return std::to_string(c.maxLiveConnections); }},
    {"livePingIntervalMs", "live-ping-interval-ms", "JEJAK_LIVE_PING_INTERVAL_MS", "MS",
     "how often a live connection is pinged; one whose pong does not come back within as long is closed",
     true,
     [](ServerConfig& c, std::string_view t) { return setMillis(c.livePingInterval, t); },
     [](const ServerConfig& c) { return std::to_string(c.livePingInterval.count()); }},
}};

Error invalid(std::string field, std::string message) {
    return Error(ErrorCode::ServerConfigInvalid, std::move(field), std::move(message));
}

Result<void> applyFile(ServerConfig& config, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return invalid("--config", "cannot read config file " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(text.str(), ec);
    if (ec) {
        return invalid(path, "config file is not valid JSON: " + ec.message());
    }
    if (!doc.is_object()) {
        return invalid(path, "config file must hold a JSON object");
    }
    for (const auto& [jsonKey, value] : doc.as_object()) {
        const std::string key(jsonKey);
        const auto* opt = std::find_if(kOptions.begin(), kOptions.end(), [&](const Option& o) { return o.key == key; });
        if (opt == kOptions.end()) {
            return invalid(path + ":" + key, "unknown config key");
        }
        std::string textValue;
        if (opt->numeric && value.is_int64()) {
            textValue = std::to_string(value.as_int64());
        } else if (opt->numeric && value.is_uint64()) {
            textValue = std::to_string(value.as_uint64());
        } else if (!opt->numeric && value.is_string()) {
            textValue = std::string(value.as_string());
        } else {
            return invalid(path + ":" + key, opt->numeric ? "expected an integer" : "expected a string");
        }
        if (auto bad = opt->apply(config, textValue)) {
            return invalid(path + ":" + key, *bad);
        }
    }
    return {};
}

} // namespace

Result<Invocation> parseInvocation(const std::vector<std::string>& args, const EnvLookup& env) {
    Invocation inv;
    // Pass 1: split flags into (option, value) pairs, find --config / --help / --version.
    std::vector<std::pair<const Option*, std::string>> flags;
    std::optional<std::string> configFlag;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            inv.action = Invocation::Action::Help;
            return inv;
        }
        if (arg == "--version") {
            inv.action = Invocation::Action::Version;
            return inv;
        }
        if (!arg.starts_with("--")) {
            return invalid(arg, "unexpected argument (options start with --; see --help)");
        }
        std::string name = arg.substr(2);
        std::optional<std::string> value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return invalid(arg, "missing value");
        }
        if (name == "config") {
            configFlag = *value;
            continue;
        }
        const auto* opt = std::find_if(kOptions.begin(), kOptions.end(), [&](const Option& o) { return o.flag == name; });
        if (opt == kOptions.end()) {
            return invalid("--" + name, "unknown option (see --help)");
        }
        flags.emplace_back(opt, std::move(*value));
    }

    // Layers in increasing precedence.
    const std::optional<std::string> configFile = configFlag ? configFlag : env("JEJAK_CONFIG");
    if (configFile && !configFile->empty()) {
        if (auto r = applyFile(inv.config, *configFile); !r) {
            return std::move(r).error();
        }
        inv.configFile = *configFile;
    }
    for (const Option& opt : kOptions) {
        if (const auto v = env(opt.env)) {
            if (auto bad = opt.apply(inv.config, *v)) {
                return invalid(std::string(opt.env), *bad);
            }
        }
    }
    for (const auto& [opt, value] : flags) {
        if (auto bad = opt->apply(inv.config, value)) {
            return invalid("--" + std::string(opt->flag), *bad);
        }
    }
    if (inv.config.tlsCertFile.empty() != inv.config.tlsKeyFile.empty()) {
        return invalid("tlsKeyFile", "TLS needs both a certificate file and a key file");
    }
    return inv;
}

std::string helpText() {
    const ServerConfig defaults;
    std::string out =
        "Usage: jejak-server [options]\n"
        "\n"
        "Jejak Kinerja server: HTTP/1.1 (TLS when a certificate is configured). Logs one JSON object per line\n"
        "to stderr; the line {\"msg\":\"listening\",...,\"port\":N} carries the bound port. SIGTERM or SIGINT\n"
        "stops accepting, lets in-flight requests finish (up to the drain timeout) and exits 0.\n"
        "\n"
        "Every option can be given, in increasing precedence, as a key of the JSON config file, as an\n"
        "environment variable, or as a flag (--name value or --name=value).\n"
        "\n"
        "  --config FILE  (env JEJAK_CONFIG)\n"
        "      JSON object of the file keys below; unknown keys are refused.\n"
        "  --help, --version\n"
        "      Print this text or the version and exit.\n";
    for (const Option& o : kOptions) {
        out += "  --" + std::string(o.flag) + " " + std::string(o.valueName) + "  (env " + std::string(o.env) +
               ", file \"" + std::string(o.key) + "\", default " + o.show(defaults) + ")\n";
        out += "      " + std::string(o.help) + "\n";
    }
    return out;
}

} // namespace jejak::server
