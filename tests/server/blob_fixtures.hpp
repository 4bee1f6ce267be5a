// SPDX-License-Identifier: Apache-2.0
// Real evidence files made in the test: JPEGs (libjpeg-turbo), PNGs (libpng), DOCX/XLSX, PDF, OLE2.
#pragma once

#include "blobs/image.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jejak::testing {

/// A photo-like picture: colour gradients with deterministic noise (so it compresses like a photo,
/// 1600x1200 at quality 85 is a few hundred KB).
[[nodiscard]] server::RgbImage photoPixels(int width, int height, std::uint32_t seed = 1);

/// How a test JPEG is written.
struct JpegOptions {
    int quality = 85;
    enum class Color { Rgb, Gray, Cmyk } color = Color::Rgb;
    int exifOrientation = 0; ///< 1..8: write an APP1 EXIF segment with this orientation; 0: none
    bool bigEndianExif = false;
    bool progressive = false;
};

/// Encodes pixels with libjpeg-turbo (grayscale from the green channel; CMYK as inverted RGB, K = 0).
[[nodiscard]] std::string makeJpeg(const server::RgbImage& image, const JpegOptions& options = {});

/// Encodes pixels as an 8-bit RGB PNG with libpng.
[[nodiscard]] std::string makePng(const server::RgbImage& image);

/// A ZIP archive of stored (uncompressed) entries with correct CRCs and a central directory.
[[nodiscard]] std::string makeZip(const std::vector<std::pair<std::string, std::string>>& entries);

/// Minimal Office Open XML packages: [Content_Types].xml, _rels/.rels and the main part.
[[nodiscard]] std::string makeDocx();
[[nodiscard]] std::string makeXlsx();

/// A small well-formed PDF (one empty page) ending in %%EOF.
[[nodiscard]] std::string makePdf();

/// An OLE2 compound file (version 3, 512-byte sectors) with a header, a FAT and a directory sector.
[[nodiscard]] std::string makeOle2();

/// SHA-256 as 64 lowercase hex digits (fails the test when OpenSSL fails).
[[nodiscard]] std::string sha256Of(std::string_view bytes);

} // namespace jejak::testing
