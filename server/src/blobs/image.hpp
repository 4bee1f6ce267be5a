// SPDX-License-Identifier: Apache-2.0
// Photo evidence images: the JPEG integrity check (libjpeg-turbo, warnings are errors) and thumbnails.
#pragma once

#include "jejak/shared/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jejak::server {

/// Largest photo accepted, in pixels (width * height): above any phone camera, and a bound on the
/// decoder's work for a hostile header.
inline constexpr std::uint64_t kMaxImagePixels = 120'000'000;
/// Largest PNG a thumbnail is made of: a PNG is decoded whole (3 bytes per pixel), a JPEG row by row.
inline constexpr std::uint64_t kMaxPngThumbnailPixels = 40'000'000;
/// The long edge of thumbnails for reviewers, and the JPEG quality they are encoded at.
inline constexpr int kThumbnailEdge = 320;
inline constexpr int kThumbnailQuality = 75;

/// 8-bit RGB pixels, row by row without padding: pixels.size() == width * height * 3.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> pixels;
};

/// Whether `bytes` are a complete, intact JPEG: starts with SOI, decodes to the end with libjpeg-turbo
/// (at 1/8 scale, which still reads every entropy-coded bit), and the decoder raised neither an error
/// nor a warning (libjpeg only warns about truncated or corrupt data, so a warning is a failure here).
/// At most kMaxImagePixels. nullopt when intact, else the reason (English).
[[nodiscard]] std::optional<std::string> checkJpeg(std::string_view bytes);

/// A thumbnail of a verified photo (mediaType image/jpeg or image/png): a baseline JPEG at
/// kThumbnailQuality whose long edge is min(maxEdge, the image's long edge), aspect ratio kept, pixels
/// averaged over their area, the EXIF orientation of a JPEG applied (so it shows upright). A JPEG is
/// decoded with libjpeg-turbo's DCT scaling to the smallest size at least maxEdge, row by row.
/// Fails with blob.no_thumbnail for other media types, CMYK JPEGs and PNGs over kMaxPngThumbnailPixels;
/// evidence.corrupt when the image does not decode; general.invalid_argument when maxEdge < 1.
[[nodiscard]] shared::Result<std::string> makeThumbnail(std::string_view mediaType, std::string_view bytes,
                                                        int maxEdge = kThumbnailEdge);

/// Encodes pixels as a baseline JPEG (4:2:0) at the given quality (1..100). Fails with
/// general.invalid_argument for an empty or inconsistent image, general.internal when libjpeg fails.
[[nodiscard]] shared::Result<std::string> encodeJpeg(const RgbImage& image, int quality);

/// Decodes a JPEG to RGB at full size (grayscale is expanded; CMYK is refused), ignoring its EXIF
/// orientation. Fails with evidence.corrupt (reason in the message) on any decoder error or warning.
[[nodiscard]] shared::Result<RgbImage> decodeJpeg(std::string_view bytes);

/// The EXIF orientation (1..8, TIFF tag 0x0112) in the payload of a JPEG APP1 segment ("Exif\0\0" and a
/// TIFF structure); 1 when the payload is not EXIF, has no orientation, or is malformed.
[[nodiscard]] int exifOrientation(std::string_view app1Payload) noexcept;

/// The image as displayed under an EXIF orientation: 1 unchanged, 2 mirrored, 3 rotated 180 degrees,
/// 4 flipped, 5 transposed, 6 rotated 90 degrees clockwise, 7 transversed, 8 rotated 90 degrees
/// counter-clockwise. Other values leave it unchanged.
[[nodiscard]] RgbImage applyOrientation(const RgbImage& image, int orientation);

} // namespace jejak::server
