// SPDX-License-Identifier: Apache-2.0
#include "link_photos.hpp"

#include "workload.hpp"

#include "blobs/image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace jejak::bench {

namespace {

constexpr int kQuality = 90;
constexpr double kTolerance = 0.03;
constexpr int kAttempts = 8;

/// width x (width * 3 / 4) pixels of a per-seed gradient under noise of +-48 levels.
server::RgbImage noiseImage(std::uint64_t seed, int width) {
    server::RgbImage image;
    image.width = width;
    image.height = width * 3 / 4;
    image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
    const std::uint64_t tint = mix64(seed ^ 0x9e3779b97f4a7c15ULL);
    std::uint64_t state = mix64(seed);
    const auto w = static_cast<std::size_t>(image.width);
    for (std::size_t p = 0; p < image.pixels.size(); ++p) {
        if (p % 8 == 0)
            state = mix64(state);
        const auto channel = p % 3;
        const auto x = (p / 3) % w;
        const auto base = static_cast<int>((tint >> (channel * 8)) & 0x7fU) + static_cast<int>(x * 64 / w);
        const auto noise = static_cast<int>((state >> ((p % 8) * 8)) & 0x5fU) - 48;
        image.pixels[p] = static_cast<unsigned char>(std::clamp(base + noise + 32, 0, 255));
    }
    return image;
}

} // namespace

std::variant<std::string, std::string> makeNoisePhoto(std::uint64_t seed, std::size_t targetBytes) {
    using Result = std::variant<std::string, std::string>;
    if (targetBytes < 1024)
        return Result(std::in_place_index<1>, "the target size is under 1 KiB");
    // About 1.6 bytes per pixel at this quality and noise: a first guess, then scale by the size ratio.
    int width = static_cast<int>(std::sqrt(static_cast<double>(targetBytes) / 1.6 * 4.0 / 3.0));
    std::string best;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        width = std::clamp(width / 4 * 4, 16, 8192);
        auto jpeg = server::encodeJpeg(noiseImage(seed, width), kQuality);
        if (!jpeg)
            return Result(std::in_place_index<1>, "cannot encode a photo: " + shared::toString(jpeg.error()));
        const double ratio = static_cast<double>(targetBytes) / static_cast<double>(jpeg->size());
        const auto distance = [targetBytes](const std::string& s) {
            return std::abs(static_cast<double>(s.size()) - static_cast<double>(targetBytes));
        };
        if (best.empty() || distance(*jpeg) < distance(best))
            best = std::move(*jpeg);
        if (std::abs(ratio - 1.0) <= kTolerance)
            break;
        width = static_cast<int>(std::lround(width * std::sqrt(ratio)));
    }
    return Result(std::in_place_index<0>, std::move(best));
}

} // namespace jejak::bench
