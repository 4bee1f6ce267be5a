// SPDX-License-Identifier: Apache-2.0
// jejak_loadgen: simulated devices pushing activity submissions to jejak-server (Beast client, closed loop).
//
// Each device has its own keep-alive connection and session (POST /v1/auth/login with its own device id),
// and sends POST /v1/sync/push requests one at a time, each with --batch submitActivity ops, for a
// duration or until a total count is reached. Before the timed phase the devices upload --photos distinct
// JPEG photos (made here with libjpeg through the server's image code), which the submissions cite in
// turn. Reported: submissions acknowledged per second, push latency percentiles, errors by code, and the
// server's resident memory sampled from /proc/<pid>/status.
//
// Exit status: 0 every op was acknowledged; 1 some op or request failed (or setup failed); 2 usage; 3 the
// server has no push route (404), so there is nothing to measure.
#include "workload.hpp"

#include "blobs/image.hpp"
#include "jejak/shared/sha256.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/codec.hpp"
#include "jejak/shared/uuid.hpp"
#include "jejak/sync/protocol.hpp"
#include "jejak/sync/protocol_codec.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using jejak::bench::mix64;
using jejak::bench::Workload;

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNoPushRoute = 3;
constexpr std::size_t kUploadChunk = 512 * 1024;
constexpr int kPhotoQuality = 85;
constexpr auto kRssInterval = std::chrono::milliseconds(100);

const char* const kUsage =
    "usage: jejak_loadgen --bundle FILE --clock-start RFC3339 --list-authors\n"
    "       jejak_loadgen --port N --bundle FILE --password-file FILE --clock-start RFC3339\n"
    "                     [--host 127.0.0.1] [--devices 200] [--duration-s 20 | --count N] [--warmup-s 0]\n"
    "                     [--batch 1] [--photos 256] [--photo-size 480x360] [--server-pid PID]\n"
    "                     [--threads 1] [--timeout-ms 10000] [--report FILE] [--acked-out FILE]\n";

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string bundle;
    std::string password;
    std::optional<jejak::shared::Timestamp> clockStart;
    std::size_t devices = 200;
    double durationS = 20;
    std::optional<std::uint64_t> count; ///< total submissions instead of a duration
    double warmupS = 0;
    std::size_t batch = 1;
    std::size_t photos = 256;
    int photoWidth = 480;
    int photoHeight = 360;
    long serverPid = 0;
    std::size_t threads = 1;
    std::chrono::milliseconds timeout{10'000};
    std::string report;
    std::string ackedOut;
    bool listAuthors = false; ///< only print the NIPs the devices log in as, one per line
};

template <class T> bool parseNumber(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parseSeconds(std::string_view text, double& out) {
    try {
        std::size_t used = 0;
        out = std::stod(std::string(text), &used);
        return used == text.size() && std::isfinite(out) && out >= 0;
    } catch (const std::exception&) {
        return false;
    }
}

/// The reason when the arguments are bad.
std::optional<std::string> parseOptions(int argc, char** argv, Options& o) {
    std::string passwordFile;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--list-authors") {
            o.listAuthors = true;
            continue;
        }
        if (!arg.starts_with("--") || i + 1 >= argc)
            return "expected --option value pairs, got '" + std::string(arg) + "'";
        const std::string_view name = arg.substr(2);
        const std::string_view value = argv[++i];
        bool ok = true;
        std::uint64_t n = 0;
        if (name == "host") {
            o.host = value;
        } else if (name == "port") {
            ok = parseNumber(value, o.port) && o.port != 0;
        } else if (name == "bundle") {
            o.bundle = value;
        } else if (name == "password-file") {
            passwordFile = value;
        } else if (name == "clock-start") {
            o.clockStart = jejak::shared::parseTimestamp(value);
            ok = o.clockStart.has_value();
        } else if (name == "devices") {
            ok = parseNumber(value, o.devices) && o.devices > 0;
        } else if (name == "duration-s") {
            ok = parseSeconds(value, o.durationS) && o.durationS > 0;
        } else if (name == "count") {
            ok = parseNumber(value, n) && n > 0;
            o.count = n;
        } else if (name == "warmup-s") {
            ok = parseSeconds(value, o.warmupS);
        } else if (name == "batch") {
            ok = parseNumber(value, o.batch) && o.batch > 0 && o.batch <= 100;
        } else if (name == "photos") {
            ok = parseNumber(value, o.photos) && o.photos > 0;
        } else if (name == "photo-size") {
            const auto x = value.find('x');
            ok = x != std::string_view::npos && parseNumber(value.substr(0, x), o.photoWidth) &&
                 parseNumber(value.substr(x + 1), o.photoHeight) && o.photoWidth >= 16 && o.photoHeight >= 16 &&
                 o.photoWidth <= 4096 && o.photoHeight <= 4096;
        } else if (name == "server-pid") {
            ok = parseNumber(value, o.serverPid) && o.serverPid > 0;
        } else if (name == "threads") {
            ok = parseNumber(value, o.threads) && o.threads > 0 && o.threads <= 64;
        } else if (name == "timeout-ms") {
            ok = parseNumber(value, n) && n > 0;
            o.timeout = std::chrono::milliseconds(n);
        } else if (name == "report") {
            o.report = value;
        } else if (name == "acked-out") {
            o.ackedOut = value;
        } else {
            return "unknown option --" + std::string(name);
        }
        if (!ok)
            return "bad value '" + std::string(value) + "' for --" + std::string(name);
    }
    if (o.listAuthors && !o.bundle.empty() && o.clockStart)
        return std::nullopt;
    if (o.port == 0 || o.bundle.empty() || passwordFile.empty() || !o.clockStart)
        return "--port, --bundle, --password-file and --clock-start are required";
    std::ifstream in(passwordFile);
    if (!std::getline(in, o.password) || o.password.empty())
        return "cannot read a password line from " + passwordFile;
    return std::nullopt;
}

/// One evidence photo: its bytes and its reference.
struct Photo {
    std::string bytes;
    jejak::shared::EvidenceRef ref;
};

/// `count` distinct JPEGs (a gradient with noise, so they compress like photos), or the reason.
std::variant<std::vector<Photo>, std::string> makePhotos(const Options& o, std::uint64_t seed) {
    std::vector<Photo> photos;
    photos.reserve(o.photos);
    for (std::size_t i = 0; i < o.photos; ++i) {
        jejak::server::RgbImage image;
        image.width = o.photoWidth;
        image.height = o.photoHeight;
        image.pixels.resize(static_cast<std::size_t>(o.photoWidth) * static_cast<std::size_t>(o.photoHeight) * 3);
        std::uint64_t state = mix64(seed + i);
        for (std::size_t p = 0; p < image.pixels.size(); ++p) {
            if (p % 8 == 0)
                state = mix64(state);
            const auto noise = static_cast<unsigned>((state >> ((p % 8) * 8)) & 0x3fU);
            const auto gradient = static_cast<unsigned>((p / 3) % static_cast<std::size_t>(o.photoWidth) * 160 /
                                                        static_cast<std::size_t>(o.photoWidth));
            image.pixels[p] = static_cast<unsigned char>(gradient + noise + (p % 3) * 16);
        }
        auto jpeg = jejak::server::encodeJpeg(image, kPhotoQuality);
        if (!jpeg)
            return "cannot encode a photo: " + jejak::shared::toString(jpeg.error());
        auto digest = jejak::shared::sha256Hex(*jpeg);
        if (!digest)
            return "cannot hash a photo: " + jejak::shared::toString(digest.error());
        Photo photo;
        photo.ref.sha256 = std::move(*digest);
        photo.ref.size = static_cast<std::int64_t>(jpeg->size());
        photo.ref.mediaType = "image/jpeg";
        photo.ref.kind = jejak::shared::EvidenceKind::Photo;
        photo.bytes = std::move(*jpeg);
        photos.push_back(std::move(photo));
    }
    return photos;
}

/// What one device counted.
struct DeviceStats {
    std::vector<std::uint32_t> latenciesUs; ///< push requests completed inside the measured window
    std::uint64_t ackedTotal = 0;           ///< submissions acknowledged, whole run
    std::uint64_t ackedWindow = 0;          ///< of those, by requests completed inside the window
    std::map<std::string, std::uint64_t> errors; ///< failed ops (or requests) by code
    std::vector<std::string> ackedIds;
};

/// A device: one connection, one session.
struct Device {
    std::size_t index = 0;
    std::size_t author = 0; ///< index into Workload::authors()
    std::string deviceId;
    std::string token;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    std::uint64_t rng = 0;
    DeviceStats stats;
};

/// Shared state of a run. Devices touch only atomics here (they may run on several threads).
struct Run {
    Options options;
    tcp::endpoint endpoint;
    std::optional<Workload> workload;
    std::vector<Photo> photos;
    std::atomic<std::uint64_t> nextPhoto{0};
    std::atomic<std::int64_t> remaining{0}; ///< count mode: submissions still to send
    std::atomic<bool> stop{false};
    std::atomic<bool> pushMissing{false};
    std::atomic<std::size_t> devicesRunning{0};
    std::atomic<std::size_t> setupFailures{0};
    Clock::time_point measureStart;
    Clock::time_point deadline;
    std::atomic<std::int64_t> lastCompletionNs{0}; ///< steady time of the last push completion
    std::mutex messageMutex;
    std::string firstSetupError; // guarded by messageMutex
};

/// The answer of one exchange: the response, or a transport error key.
struct Exchange {
    std::optional<http::response<http::string_body>> response;
    std::string error;
};

asio::awaitable<Exchange> exchange(Run& run, Device& d, http::request<http::string_body>& request) {
    Exchange out;
    beast::error_code ec;
    if (!d.stream) {
        d.stream.emplace(co_await asio::this_coro::executor);
        d.buffer.clear();
        d.stream->expires_after(run.options.timeout);
        co_await d.stream->async_connect(run.endpoint, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            d.stream.reset();
            out.error = "transport.connect: " + ec.message();
            co_return out;
        }
    }
    d.stream->expires_after(run.options.timeout);
    co_await http::async_write(*d.stream, request, asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) {
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        co_await http::async_read(*d.stream, d.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) {
            out.response = parser.release();
            if (!out.response->keep_alive())
                d.stream.reset();
            co_return out;
        }
    }
    out.error = "transport: " + ec.message();
    d.stream.reset();
    co_return out;
}

http::request<http::string_body> makeRequest(http::verb verb, std::string target, const std::string& token,
                                             std::string body, std::string_view contentType) {
    http::request<http::string_body> r{verb, target, 11};
    r.set(http::field::host, "loadgen");
    r.set(jejak::sync::kProtocolHeader, std::to_string(jejak::sync::kProtocolVersion));
    if (!token.empty())
        r.set(http::field::authorization, "Bearer " + token);
    if (!contentType.empty())
        r.set(http::field::content_type, contentType);
    r.keep_alive(true);
    r.body() = std::move(body);
    r.prepare_payload();
    return r;
}

/// The error code of an error answer ("http.not_found_route"), or "http <status>" when the body has none.
std::string errorKey(const http::response<http::string_body>& r) {
    const std::string fallback = "http " + std::to_string(r.result_int());
    boost::system::error_code ec;
    const auto json = boost::json::parse(r.body(), ec);
    if (ec || !json.is_object())
        return fallback;
    const auto* code = json.as_object().if_contains("code");
    return code != nullptr && code->is_string() ? std::string(code->as_string()) : fallback;
}

void setupFailed(Run& run, const Device& d, const std::string& what) {
    run.setupFailures.fetch_add(1);
    std::lock_guard lock(run.messageMutex);
    if (run.firstSetupError.empty())
        run.firstSetupError = "device " + std::to_string(d.index) + ": " + what;
}

std::string uuid(Device& d) {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    d.rng = mix64(d.rng);
    const std::uint64_t a = d.rng;
    d.rng = mix64(d.rng);
    return jejak::shared::makeUuidV7(now, a, d.rng);
}

asio::awaitable<void> login(Run& run, Device& d) {
    const auto& author = run.workload->authors()[d.author];
    const jejak::sync::LoginRequest body{author.nip, run.options.password, d.deviceId,
                                         "loadgen " + std::to_string(d.index)};
    auto request = makeRequest(http::verb::post, "/v1/auth/login", {},
                               boost::json::serialize(jejak::sync::toJson(body)), "application/json");
    const Exchange e = co_await exchange(run, d, request);
    if (!e.response) {
        setupFailed(run, d, "login: " + e.error);
        co_return;
    }
    if (e.response->result_int() != 200) {
        setupFailed(run, d, "login as " + author.nip + ": HTTP " + std::to_string(e.response->result_int()) + " " +
                                errorKey(*e.response));
        co_return;
    }
    boost::system::error_code ec;
    const auto json = boost::json::parse(e.response->body(), ec);
    auto decoded = ec ? jejak::shared::Result<jejak::sync::LoginResponse>(
                            jejak::shared::Error(jejak::shared::ErrorCode::JsonMalformed, "", ec.message()))
                      : jejak::shared::decode<jejak::sync::LoginResponse>(json);
    if (!decoded) {
        setupFailed(run, d, "login answer: " + jejak::shared::toString(decoded.error()));
        co_return;
    }
    d.token = decoded->token;
}

/// Uploads the photos whose index is this device's modulo the device count (skipping complete ones).
asio::awaitable<void> upload(Run& run, Device& d) {
    for (std::size_t i = d.index; i < run.photos.size(); i += run.options.devices) {
        const Photo& photo = run.photos[i];
        const std::string target = "/v1/blobs/" + photo.ref.sha256;
        auto status = makeRequest(http::verb::get, target, d.token, {}, {});
        const Exchange asked = co_await exchange(run, d, status);
        if (!asked.response || asked.response->result_int() != 200) {
            setupFailed(run, d, "blob status: " + (asked.response ? errorKey(*asked.response) : asked.error));
            co_return;
        }
        if (asked.response->body().find("\"complete\":true") != std::string::npos)
            continue;
        for (std::size_t offset = 0; offset < photo.bytes.size(); offset += kUploadChunk) {
            const std::size_t end = std::min(photo.bytes.size(), offset + kUploadChunk);
            auto put = makeRequest(http::verb::put, target, d.token, photo.bytes.substr(offset, end - offset),
                                   photo.ref.mediaType);
            put.set(http::field::content_range, "bytes " + std::to_string(offset) + "-" + std::to_string(end - 1) +
                                                    "/" + std::to_string(photo.bytes.size()));
            const Exchange sent = co_await exchange(run, d, put);
            if (!sent.response || sent.response->result_int() != 200) {
                setupFailed(run, d, "blob upload: " + (sent.response ? errorKey(*sent.response) : sent.error));
                co_return;
            }
        }
    }
}

/// Claims the next request's number of submissions; 0 when the run is over.
std::size_t claim(Run& run) {
    if (run.stop.load(std::memory_order_relaxed))
        return 0;
    if (!run.options.count)
        return Clock::now() < run.deadline ? run.options.batch : 0;
    const auto want = static_cast<std::int64_t>(run.options.batch);
    const std::int64_t before = run.remaining.fetch_sub(want, std::memory_order_relaxed);
    if (before <= 0)
        return 0;
    return static_cast<std::size_t>(std::min(before, want));
}

void countErrors(DeviceStats& stats, const std::string& key, std::size_t ops) {
    stats.errors[key] += ops;
}

/// Checks one push answer against what was sent; counts acknowledgements and errors.
void judgePush(Run& run, Device& d, const std::vector<jejak::sync::Op>& ops, const Exchange& e, bool inWindow) {
    DeviceStats& stats = d.stats;
    if (!e.response) {
        countErrors(stats, e.error, ops.size());
        return;
    }
    const auto& r = *e.response;
    if (r.result_int() != 200) {
        if (r.result_int() == 404) {
            run.pushMissing.store(true);
            run.stop.store(true);
        }
        countErrors(stats, "HTTP " + std::to_string(r.result_int()) + " " + errorKey(r), ops.size());
        return;
    }
    boost::system::error_code ec;
    const auto json = boost::json::parse(r.body(), ec);
    if (ec) {
        countErrors(stats, "response.malformed", ops.size());
        return;
    }
    auto decoded = jejak::shared::decode<jejak::sync::PushResponse>(json);
    if (!decoded || decoded->results.size() != ops.size()) {
        countErrors(stats, "response.results_mismatch", ops.size());
        return;
    }
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& result = decoded->results[i];
        const auto& activity = std::get<jejak::sync::SubmitActivity>(ops[i].payload).activity;
        if (result.opId != ops[i].opId) {
            countErrors(stats, "response.op_id_mismatch", 1);
        } else if (!result.ok) {
            countErrors(stats, result.error ? result.error->code : "response.error_missing", 1);
        } else if (!result.status || result.status->activityId != activity.id || result.status->revision != 1 ||
                   result.status->state != jejak::shared::ActivityState::Submitted) {
            countErrors(stats, "response.status_mismatch", 1);
        } else {
            ++stats.ackedTotal;
            if (inWindow)
                ++stats.ackedWindow;
            if (!run.options.ackedOut.empty())
                stats.ackedIds.push_back(activity.id);
        }
    }
}

asio::awaitable<void> pushLoop(Run& run, Device& d) {
    for (std::size_t n = claim(run); n > 0; n = claim(run)) {
        jejak::sync::PushRequest push;
        push.deviceId = d.deviceId;
        for (std::size_t i = 0; i < n; ++i) {
            const auto photo = run.nextPhoto.fetch_add(1, std::memory_order_relaxed) % run.photos.size();
            d.rng = mix64(d.rng);
            const std::uint64_t a = d.rng;
            d.rng = mix64(d.rng);
            jejak::sync::Op op;
            op.opId = uuid(d);
            op.payload = jejak::sync::SubmitActivity{
                run.workload->makeActivity(d.author, run.photos[photo].ref, a, d.rng)};
            push.ops.push_back(std::move(op));
        }
        auto request = makeRequest(http::verb::post, "/v1/sync/push", d.token,
                                   boost::json::serialize(jejak::sync::toJson(push)), "application/json");
        const auto started = Clock::now();
        const Exchange e = co_await exchange(run, d, request);
        const auto finished = Clock::now();
        const bool inWindow = started >= run.measureStart && (run.options.count || finished <= run.deadline);
        if (inWindow) {
            const auto us = std::chrono::duration_cast<std::chrono::microseconds>(finished - started).count();
            d.stats.latenciesUs.push_back(static_cast<std::uint32_t>(std::min<std::int64_t>(us, UINT32_MAX)));
        }
        judgePush(run, d, push.ops, e, inWindow);
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(finished.time_since_epoch()).count();
        std::int64_t last = run.lastCompletionNs.load();
        while (last < ns && !run.lastCompletionNs.compare_exchange_weak(last, ns)) {
        }
    }
    run.devicesRunning.fetch_sub(1);
}

/// VmRSS of a process in KiB, or nullopt when it cannot be read.
std::optional<std::uint64_t> readRssKib(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("VmRSS:")) {
            std::istringstream fields(line.substr(6));
            std::uint64_t kib = 0;
            if (fields >> kib)
                return kib;
        }
    }
    return std::nullopt;
}

/// CPU time (user + system) a process has used, in seconds, from /proc/<pid>/stat; nullopt when unreadable.
std::optional<double> readCpuSeconds(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(in, text);
    const auto close = text.rfind(')'); // the command name may hold spaces; fields 3.. follow it
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14)
            utime = std::stoull(field);
        else if (i == 15)
            stime = std::stoull(field);
    }
    const long ticks = sysconf(_SC_CLK_TCK);
    if (!fields || ticks <= 0)
        return std::nullopt;
    return static_cast<double>(utime + stime) / static_cast<double>(ticks);
}

/// CPU time of this process, in seconds.
double ownCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct RssSamples {
    std::uint64_t startKib = 0;
    std::uint64_t maxKib = 0;
    std::uint64_t endKib = 0;
    std::size_t samples = 0;
};

asio::awaitable<void> sampleRss(Run& run, RssSamples& out) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (run.devicesRunning.load() > 0) {
        if (const auto kib = readRssKib(run.options.serverPid)) {
            out.maxKib = std::max(out.maxKib, *kib);
            out.endKib = *kib;
            ++out.samples;
        }
        timer.expires_after(kRssInterval);
        beast::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

/// Runs one coroutine per device on `threads` threads until all are done.
template <class Make> void runPhase(Run& run, std::vector<Device>& devices, Make make, bool sampleMemory = false,
                                    RssSamples* rss = nullptr) {
    asio::io_context ioc(static_cast<int>(run.options.threads));
    run.devicesRunning.store(devices.size());
    for (auto& d : devices)
        asio::co_spawn(ioc, make(d), asio::detached);
    if (sampleMemory && rss != nullptr)
        asio::co_spawn(ioc, sampleRss(run, *rss), asio::detached);
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < run.options.threads; ++i)
        extra.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : extra)
        t.join();
    // Connections belong to this io_context: drop them with it.
    for (auto& d : devices)
        d.stream.reset();
}

double percentileMs(const std::vector<std::uint32_t>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / 1000.0;
}

std::string fixed(double v, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    return text;
}

int runLoad(Run& run) {
    const Options& o = run.options;
    boost::system::error_code ec;
    run.endpoint = tcp::endpoint(asio::ip::make_address(o.host, ec), o.port);
    if (ec) {
        std::cerr << "jejak_loadgen: bad --host: " << ec.message() << "\n";
        return kExitUsage;
    }
    const auto bundle = jejak::shared::loadBundleFile(o.bundle);
    if (!bundle.ok()) {
        std::cerr << "jejak_loadgen: the bundle has problems, e.g. "
                  << (bundle.problems.empty() ? "none" : jejak::shared::toString(bundle.problems.front())) << "\n";
        return kExitErrors;
    }
    auto workload = Workload::create(*bundle.bundle, *o.clockStart);
    if (!workload) {
        std::cerr << "jejak_loadgen: " << jejak::shared::toString(workload.error()) << "\n";
        return kExitErrors;
    }
    run.workload.emplace(std::move(*workload));
    if (o.listAuthors) {
        for (std::size_t i = 0; i < std::min(o.devices, run.workload->authors().size()); ++i)
            std::cout << run.workload->authors()[i].nip << "\n";
        return kExitOk;
    }
    const std::uint64_t seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32U) ^ std::random_device{}();
    auto photos = makePhotos(o, seed);
    if (auto* why = std::get_if<std::string>(&photos)) {
        std::cerr << "jejak_loadgen: " << *why << "\n";
        return kExitErrors;
    }
    run.photos = std::move(std::get<std::vector<Photo>>(photos));
    std::uint64_t photoBytes = 0;
    for (const auto& p : run.photos)
        photoBytes += p.bytes.size();

    const std::size_t authors = run.workload->authors().size();
    std::vector<Device> devices(o.devices);
    for (std::size_t i = 0; i < devices.size(); ++i) {
        devices[i].index = i;
        devices[i].author = i % authors;
        devices[i].rng = mix64(seed ^ (i + 1));
        devices[i].deviceId = uuid(devices[i]);
    }
    std::cout << "jejak_loadgen: " << o.devices << " devices as " << std::min(authors, o.devices)
              << " employees, batch " << o.batch << ", " << run.photos.size() << " photos of "
              << photoBytes / run.photos.size() / 1024 << " KiB on average\n";

    const auto setupStart = Clock::now();
    runPhase(run, devices, [&run](Device& d) { return login(run, d); });
    if (run.setupFailures.load() == 0)
        runPhase(run, devices, [&run](Device& d) { return upload(run, d); });
    if (run.setupFailures.load() > 0) {
        std::cerr << "jejak_loadgen: setup failed on " << run.setupFailures.load() << " devices; first: "
                  << run.firstSetupError << "\n";
        return kExitErrors;
    }
    const double setupS = std::chrono::duration<double>(Clock::now() - setupStart).count();
    std::cout << "jejak_loadgen: logged in and uploaded in " << fixed(setupS, 1) << " s\n";

    RssSamples rss;
    if (o.serverPid > 0)
        rss.startKib = readRssKib(o.serverPid).value_or(0);
    const double serverCpuBefore = o.serverPid > 0 ? readCpuSeconds(o.serverPid).value_or(0) : 0;
    const double ownCpuBefore = ownCpuSeconds();
    const auto start = Clock::now();
    run.measureStart = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmupS));
    run.deadline =
        run.measureStart + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.durationS));
    if (o.count)
        run.remaining.store(static_cast<std::int64_t>(*o.count));
    runPhase(
        run, devices, [&run](Device& d) { return pushLoop(run, d); }, o.serverPid > 0, &rss);
    const double loadSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double ownCpu = ownCpuSeconds() - ownCpuBefore;
    const double serverCpu = o.serverPid > 0 ? readCpuSeconds(o.serverPid).value_or(0) - serverCpuBefore : 0;
    if (o.serverPid > 0) {
        if (const auto kib = readRssKib(o.serverPid)) {
            rss.endKib = *kib;
            rss.maxKib = std::max(rss.maxKib, *kib);
        }
    }

    DeviceStats total;
    for (auto& d : devices) {
        total.ackedTotal += d.stats.ackedTotal;
        total.ackedWindow += d.stats.ackedWindow;
        total.latenciesUs.insert(total.latenciesUs.end(), d.stats.latenciesUs.begin(), d.stats.latenciesUs.end());
        for (const auto& [key, n] : d.stats.errors)
            total.errors[key] += n;
        total.ackedIds.insert(total.ackedIds.end(), d.stats.ackedIds.begin(), d.stats.ackedIds.end());
    }
    std::sort(total.latenciesUs.begin(), total.latenciesUs.end());
    std::uint64_t errors = 0;
    for (const auto& [key, n] : total.errors)
        errors += n;
    const auto lastCompletion = Clock::time_point(std::chrono::nanoseconds(run.lastCompletionNs.load()));
    const auto windowEnd = o.count ? std::max(lastCompletion, run.measureStart) : run.deadline;
    const double windowS = std::chrono::duration<double>(windowEnd - run.measureStart).count();
    const double rate = windowS > 0 ? static_cast<double>(total.ackedWindow) / windowS : 0;
    const double maxMs = total.latenciesUs.empty() ? 0 : total.latenciesUs.back() / 1000.0;

    std::cout << "submissions acknowledged  " << total.ackedTotal << " (" << total.ackedWindow << " in the "
              << fixed(windowS, 1) << " s window)\n"
              << "submissions/s             " << fixed(rate, 0) << "\n"
              << "push requests measured    " << total.latenciesUs.size() << "\n"
              << "latency p50 / p90 / p99   " << fixed(percentileMs(total.latenciesUs, 50), 1) << " / "
              << fixed(percentileMs(total.latenciesUs, 90), 1) << " / "
              << fixed(percentileMs(total.latenciesUs, 99), 1) << " ms (max " << fixed(maxMs, 1) << ")\n"
              << "errors                    " << errors << "\n";
    for (const auto& [key, n] : total.errors)
        std::cout << "  " << n << " x " << key << "\n";
    if (o.serverPid > 0)
        std::cout << "server RSS start/max/end  " << rss.startKib / 1024 << " / " << rss.maxKib / 1024 << " / "
                  << rss.endKib / 1024 << " MiB (" << rss.samples << " samples)\n";
    std::cout << "CPU during the load        loadgen " << fixed(100 * ownCpu / loadSeconds, 0) << " %";
    if (o.serverPid > 0)
        std::cout << ", server " << fixed(100 * serverCpu / loadSeconds, 0) << " %";
    std::cout << " of one core (" << std::thread::hardware_concurrency() << " cores)\n";
    if (run.pushMissing.load())
        std::cerr << "jejak_loadgen: POST /v1/sync/push answered 404: this server has no push endpoint, "
                     "so there is nothing to measure\n";

    if (!o.report.empty()) {
        std::ofstream report(o.report);
        report << "devices=" << o.devices << "\nbatch=" << o.batch << "\nphotos=" << run.photos.size()
               << "\nphoto_bytes_avg=" << photoBytes / run.photos.size() << "\nwarmup_s=" << fixed(o.warmupS, 1)
               << "\nwindow_s=" << fixed(windowS, 3) << "\nacked_total=" << total.ackedTotal
               << "\nacked_window=" << total.ackedWindow << "\nsubmissions_per_s=" << fixed(rate, 1)
               << "\nrequests_measured=" << total.latenciesUs.size()
               << "\np50_ms=" << fixed(percentileMs(total.latenciesUs, 50), 2)
               << "\np90_ms=" << fixed(percentileMs(total.latenciesUs, 90), 2)
               << "\np99_ms=" << fixed(percentileMs(total.latenciesUs, 99), 2) << "\nmax_ms=" << fixed(maxMs, 2)
               << "\nerrors=" << errors << "\nrss_start_kib=" << rss.startKib << "\nrss_max_kib=" << rss.maxKib
               << "\nrss_end_kib=" << rss.endKib << "\nloadgen_cpu_pct=" << fixed(100 * ownCpu / loadSeconds, 0)
               << "\nserver_cpu_pct=" << fixed(100 * serverCpu / loadSeconds, 0) << "\npush_missing=" << (run.pushMissing.load() ? 1 : 0) << "\n";
        for (const auto& [key, n] : total.errors)
            report << "error " << key << "=" << n << "\n";
        if (!report) {
            std::cerr << "jejak_loadgen: cannot write " << o.report << "\n";
            return kExitErrors;
        }
    }
    if (!o.ackedOut.empty()) {
        std::ofstream acked(o.ackedOut);
        for (const auto& id : total.ackedIds)
            acked << id << "\n";
        if (!acked) {
            std::cerr << "jejak_loadgen: cannot write " << o.ackedOut << "\n";
            return kExitErrors;
        }
    }
    if (run.pushMissing.load())
        return kExitNoPushRoute;
    return errors == 0 ? kExitOk : kExitErrors;
}

} // namespace

int main(int argc, char** argv) {
    try {
        Run run;
        if (auto bad = parseOptions(argc, argv, run.options)) {
            std::cerr << "jejak_loadgen: " << *bad << "\n" << kUsage;
            return kExitUsage;
        }
        return runLoad(run);
    } catch (const std::exception& e) {
        std::cerr << "jejak_loadgen: " << e.what() << "\n";
        return kExitErrors;
    }
}
