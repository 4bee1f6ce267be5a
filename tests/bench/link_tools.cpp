// SPDX-License-Identifier: Apache-2.0
// jejak_bench_link: the tools of the link benchmark (scripts/bench_sync.sh).
//   photos --out DIR [--count 50] [--bytes 300000] [--seed 1]
//       writes COUNT distinct JPEGs of about BYTES (photo-NNN.jpg) and prints their sizes' total.
//   sink [--listen 0.0.0.0] [--port 0]
//       the baseline's HTTP sink; prints {"msg":"listening","port":N}, serves until SIGTERM or SIGINT,
//       then prints {"msg":"stopped","requests":N,"bytes":N}.
//   upload --host ADDR --port N [--congestion cubic] [--connections 1] FILE...
//       PUTs every file over plain HTTP and prints {"files","bytes","seconds","connectMs","congestion"}.
// Exit status: 0 done, 1 failed (reason on stderr), 2 usage.
#include "link_http.hpp"
#include "link_photos.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

const char* const kUsage = "usage: jejak_bench_link photos --out DIR [--count 50] [--bytes 300000] [--seed 1]\n"
                           "       jejak_bench_link sink [--listen 0.0.0.0] [--port 0]\n"
                           "       jejak_bench_link upload --host ADDR --port N [--congestion NAME] "
                           "[--connections 1] FILE...\n";

int usage(const std::string& problem) {
    std::cerr << "jejak_bench_link: " << problem << "\n" << kUsage;
    return kExitUsage;
}

int failed(const std::string& reason) {
    std::cerr << "jejak_bench_link: " << reason << "\n";
    return kExitFailed;
}

/// --name value options and positional arguments after the mode.
struct Args {
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<std::string> positional;

    [[nodiscard]] std::string get(const std::string& name, const std::string& fallback = {}) const {
        for (const auto& [n, v] : options)
            if (n == name)
                return v;
        return fallback;
    }
};

bool parseArgs(int argc, char** argv, Args& args, std::string& problem) {
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            args.positional.push_back(arg);
            continue;
        }
        if (i + 1 >= argc) {
            problem = arg + " needs a value";
            return false;
        }
        args.options.emplace_back(arg.substr(2), argv[++i]);
    }
    return true;
}

bool parseUnsigned(const std::string& text, unsigned long long& out) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
        return false;
    out = std::stoull(text);
    return true;
}

int photos(const Args& args) {
    const std::filesystem::path out = args.get("out");
    unsigned long long count = 0;
    unsigned long long bytes = 0;
    unsigned long long seed = 0;
    if (out.empty() || !parseUnsigned(args.get("count", "50"), count) ||
        !parseUnsigned(args.get("bytes", "300000"), bytes) || !parseUnsigned(args.get("seed", "1"), seed))
        return usage("photos needs --out DIR and numeric --count, --bytes, --seed");
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec)
        return failed("cannot create " + out.string() + ": " + ec.message());
    unsigned long long total = 0;
    for (unsigned long long i = 0; i < count; ++i) {
        auto photo = jejak::bench::makeNoisePhoto(seed * 1'000'003ULL + i, static_cast<std::size_t>(bytes));
        if (photo.index() == 1)
            return failed(std::get<1>(photo));
        char name[32];
        std::snprintf(name, sizeof name, "photo-%03llu.jpg", i + 1);
        std::ofstream file(out / name, std::ios::binary);
        file << std::get<0>(photo);
        if (!file.flush())
            return failed("cannot write " + (out / name).string());
        total += std::get<0>(photo).size();
    }
    std::cout << "{\"photos\":" << count << ",\"bytes\":" << total << "}" << std::endl;
    return kExitOk;
}

int sink(const Args& args) {
    unsigned long long port = 0;
    if (!parseUnsigned(args.get("port", "0"), port) || port > 65535)
        return usage("--port must be 0..65535");
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr); // before any thread starts: only sigwait() sees them
    jejak::bench::HttpSink server;
    if (auto problem = server.start(args.get("listen", "0.0.0.0"), static_cast<std::uint16_t>(port)))
        return failed(*problem);
    std::cout << "{\"msg\":\"listening\",\"port\":" << server.port() << "}" << std::endl;
    int signal = 0;
    sigwait(&signals, &signal);
    server.stop();
    std::cout << "{\"msg\":\"stopped\",\"requests\":" << server.requests() << ",\"bytes\":" << server.bodyBytes()
              << "}" << std::endl;
    return kExitOk;
}

int upload(const Args& args) {
    jejak::bench::UploadOptions options;
    options.host = args.get("host");
    unsigned long long port = 0;
    unsigned long long connections = 0;
    if (options.host.empty() || !parseUnsigned(args.get("port"), port) || port == 0 || port > 65535 ||
        !parseUnsigned(args.get("connections", "1"), connections) || connections == 0 || connections > 64 ||
        args.positional.empty())
        return usage("upload needs --host, --port 1..65535, --connections 1..64 and at least one file");
    options.port = static_cast<std::uint16_t>(port);
    options.connections = static_cast<unsigned>(connections);
    options.congestion = args.get("congestion");
    std::vector<std::string> files;
    for (const auto& path : args.positional) {
        std::ifstream file(path, std::ios::binary);
        if (!file)
            return failed("cannot read " + path);
        files.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    auto result = jejak::bench::uploadFiles(options, files);
    if (result.index() == 1)
        return failed(std::get<1>(result));
    const auto& r = std::get<0>(result);
    std::ostringstream json;
    json << "{\"files\":" << r.files << ",\"bytes\":" << r.bytes << ",\"seconds\":" << r.seconds
         << ",\"connectMs\":" << r.connectMs << ",\"congestion\":\"" << r.congestion << "\"}";
    std::cout << json.str() << std::endl;
    return kExitOk;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        return usage("no mode given");
    const std::string mode = argv[1];
    Args args;
    std::string problem;
    if (!parseArgs(argc, argv, args, problem))
        return usage(problem);
    if (mode == "photos")
        return photos(args);
    if (mode == "sink")
        return sink(args);
    if (mode == "upload")
        return upload(args);
    return usage("unknown mode " + mode);
}
