// SPDX-License-Identifier: Apache-2.0
// Smoke test of the link benchmark's tools (scripts/bench_sync.sh) on loopback, without root: the photo
// generator and the plain HTTP upload to the sink. Correctness only (no timing is asserted).
#include "link_http.hpp"
#include "link_photos.hpp"

#include "blobs/image.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace jejak::bench;

namespace {

constexpr std::size_t kTarget = 300'000;

std::string photo(std::uint64_t seed, std::size_t bytes = kTarget) {
    auto made = makeNoisePhoto(seed, bytes);
    INFO((made.index() == 1 ? std::get<1>(made) : std::string()));
    REQUIRE(made.index() == 0);
    return std::get<0>(made);
}

} // namespace

TEST_CASE("makeNoisePhoto: intact, distinct JPEGs within 3 % of the size asked", "[bench][link]") {
    std::set<std::string> seen;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const std::string jpeg = photo(seed);
        CHECK(jejak::server::checkJpeg(jpeg) == std::nullopt);
        CHECK(static_cast<double>(jpeg.size()) >= 0.97 * kTarget);
        CHECK(static_cast<double>(jpeg.size()) <= 1.03 * kTarget);
        seen.insert(jpeg);
    }
    CHECK(seen.size() == 3);
    CHECK(photo(2) == photo(2));
    const std::string small = photo(7, 40'000);
    CHECK(jejak::server::checkJpeg(small) == std::nullopt);
    CHECK(small.size() > 38'000);
    CHECK(small.size() < 42'000);
    CHECK(makeNoisePhoto(1, 100).index() == 1);
}

TEST_CASE("uploadFiles: the sink receives every byte, on one or several connections", "[bench][link]") {
    HttpSink sink;
    REQUIRE(sink.start("127.0.0.1", 0) == std::nullopt);
    REQUIRE(sink.port() != 0);
    const std::vector<std::string> files = {photo(11, 50'000), photo(12, 80'000), photo(13, 20'000)};
    const std::uint64_t total = files[0].size() + files[1].size() + files[2].size();
    UploadOptions options;
    options.host = "127.0.0.1";
    options.port = sink.port();
    for (const unsigned connections : {1U, 2U}) {
        options.connections = connections;
        auto result = uploadFiles(options, files);
        INFO((result.index() == 1 ? std::get<1>(result) : std::string()));
        REQUIRE(result.index() == 0);
        const auto& report = std::get<0>(result);
        CHECK(report.files == 3);
        CHECK(report.bytes == total);
        CHECK(!report.congestion.empty());
    }
    CHECK(sink.requests() == 6);
    CHECK(sink.bodyBytes() == 2 * total);

    options.congestion = "no-such-algorithm";
    auto refused = uploadFiles(options, files);
    REQUIRE(refused.index() == 1);
    CHECK(std::get<1>(refused).find("TCP_CONGESTION") != std::string::npos);
    sink.stop();
    options.congestion.clear();
    CHECK(uploadFiles(options, files).index() == 1); // nobody listens any more
}
