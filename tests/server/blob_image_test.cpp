// SPDX-License-Identifier: Apache-2.0
#include "blobs/image.hpp"

#include "blob_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace jejak::server;
using namespace jejak::testing;
using jejak::shared::ErrorCode;

namespace {

/// A grey picture whose top-left quarter is red: shows where the top-left corner went.
RgbImage markedCorner(int width, int height) {
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3, 128);
    for (int y = 0; y < height / 4; ++y) {
        for (int x = 0; x < width / 4; ++x) {
            const auto i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                            static_cast<std::size_t>(x)) *
                           3;
            image.pixels[i] = 230;
            image.pixels[i + 1] = 20;
            image.pixels[i + 2] = 20;
        }
    }
    return image;
}

bool isRed(const RgbImage& image, int x, int y) {
    const auto i =
        (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)) *
        3;
    return image.pixels[i] > 180 && image.pixels[i + 1] < 80;
}

RgbImage decoded(const std::string& jpeg) {
    auto image = decodeJpeg(jpeg);
    INFO((image ? std::string() : image.error().message));
    REQUIRE(image);
    return *image;
}

} // namespace

TEST_CASE("image: a real camera-sized JPEG passes, its truncation does not", "[server][blobs][image]") {
    const std::string jpeg = makeJpeg(photoPixels(1600, 1200));
    INFO(jpeg.size());
    CHECK(jpeg.size() > 150 * 1024); // photo-like, not a flat test card
    CHECK(jpeg.size() < 600 * 1024);
    CHECK_FALSE(checkJpeg(jpeg));
    CHECK_FALSE(checkJpeg(makeJpeg(photoPixels(800, 600), {.progressive = true})));
    CHECK_FALSE(checkJpeg(makeJpeg(photoPixels(64, 48), {.color = JpegOptions::Color::Gray})));

    const auto cut = checkJpeg(jpeg.substr(0, jpeg.size() * 2 / 3));
    REQUIRE(cut);
    CHECK_THAT(*cut, Catch::Contains("Premature end of JPEG file"));
    CHECK(checkJpeg(makeJpeg(photoPixels(800, 600), {.progressive = true}).substr(0, 20'000)));
    CHECK(checkJpeg(jpeg.substr(0, 200))); // inside the headers: an error, not a warning
    CHECK_THAT(checkJpeg("GIF89a").value_or(""), Catch::Contains("no start-of-image"));
}

TEST_CASE("image: thumbnails are JPEGs with the long edge at most 320", "[server][blobs][image]") {
    SECTION("landscape photo") {
        auto thumb = makeThumbnail("image/jpeg", makeJpeg(photoPixels(1600, 1200)));
        REQUIRE(thumb);
        CHECK_FALSE(checkJpeg(*thumb));
        const RgbImage t = decoded(*thumb);
        CHECK(t.width == 320);
        CHECK(t.height == 240);
    }
    SECTION("portrait, odd size, other edge") {
        auto thumb = makeThumbnail("image/jpeg", makeJpeg(photoPixels(999, 1777)), 100);
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(t.height == 100);
        CHECK(t.width == 56); // 999 * 100 / 1777 = 56.2
    }
    SECTION("a small picture is not enlarged") {
        auto thumb = makeThumbnail("image/jpeg", makeJpeg(photoPixels(200, 100)));
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(t.width == 200);
        CHECK(t.height == 100);
    }
    SECTION("grayscale JPEG") {
        auto thumb =
            makeThumbnail("image/jpeg", makeJpeg(photoPixels(640, 480), {.color = JpegOptions::Color::Gray}));
        REQUIRE(thumb);
        CHECK(decoded(*thumb).width == 320);
    }
    SECTION("PNG") {
        auto thumb = makeThumbnail("image/png", makePng(markedCorner(1000, 500)));
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(t.width == 320);
        CHECK(t.height == 160);
        CHECK(isRed(t, 10, 10));
        CHECK_FALSE(isRed(t, 300, 150));
    }
    SECTION("colours survive the area averaging") {
        auto thumb = makeThumbnail("image/jpeg", makeJpeg(markedCorner(1600, 1200)));
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(isRed(t, 20, 20));
        CHECK_FALSE(isRed(t, 300, 20));
    }
}

TEST_CASE("image: thumbnails are refused for CMYK, corrupt data and other types", "[server][blobs][image]") {
    auto cmyk =
        makeThumbnail("image/jpeg", makeJpeg(photoPixels(64, 64), {.color = JpegOptions::Color::Cmyk}));
    REQUIRE_FALSE(cmyk);
    CHECK(cmyk.error().code == ErrorCode::BlobNoThumbnail);

    const std::string jpeg = makeJpeg(photoPixels(640, 480));
    auto cut = makeThumbnail("image/jpeg", jpeg.substr(0, jpeg.size() / 2));
    REQUIRE_FALSE(cut);
    CHECK(cut.error().code == ErrorCode::EvidenceCorrupt);

    auto png = makeThumbnail("image/png", "\x89PNG\r\n\x1a\nbroken");
    REQUIRE_FALSE(png);
    CHECK(png.error().code == ErrorCode::EvidenceCorrupt);

    auto pdf = makeThumbnail("application/pdf", makePdf());
    REQUIRE_FALSE(pdf);
    CHECK(pdf.error().code == ErrorCode::BlobNoThumbnail);

    auto edge = makeThumbnail("image/jpeg", jpeg, 0);
    REQUIRE_FALSE(edge);
    CHECK(edge.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("image: the EXIF orientation turns the thumbnail upright", "[server][blobs][image]") {
    const RgbImage source = markedCorner(1600, 1200);
    SECTION("6: rotate 90 degrees clockwise (little-endian EXIF)") {
        auto thumb = makeThumbnail("image/jpeg", makeJpeg(source, {.exifOrientation = 6}));
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(t.width == 240);
        CHECK(t.height == 320);
        CHECK(isRed(t, 230, 10)); // the top-left corner is now top-right
        CHECK_FALSE(isRed(t, 10, 10));
    }
    SECTION("8: rotate counter-clockwise (big-endian EXIF)") {
        auto thumb =
            makeThumbnail("image/jpeg", makeJpeg(source, {.exifOrientation = 8, .bigEndianExif = true}));
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(t.width == 240);
        CHECK(t.height == 320);
        CHECK(isRed(t, 10, 310)); // top-left is now bottom-left
    }
    SECTION("3: rotate 180 degrees") {
        auto thumb = makeThumbnail("image/jpeg", makeJpeg(source, {.exifOrientation = 3}));
        REQUIRE(thumb);
        const RgbImage t = decoded(*thumb);
        CHECK(t.width == 320);
        CHECK(isRed(t, 310, 230));
    }
}

TEST_CASE("image: EXIF orientation parsing", "[server][blobs][image]") {
    // Built like the fixture: "Exif\0\0", TIFF header, one IFD with Orientation.
    const auto payload = [](bool bigEndian, unsigned type, unsigned value) {
        std::string p("Exif\0\0", 6);
        const auto u16 = [&](unsigned v) {
            return bigEndian ? std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}
                             : std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
        };
        p += bigEndian ? "MM" : "II";
        p += u16(42) + (bigEndian ? u16(0) + u16(8) : u16(8) + u16(0));
        p += u16(1) + u16(0x0112) + u16(type) + (bigEndian ? u16(0) + u16(1) : u16(1) + u16(0)) + u16(value) +
             u16(0);
        return p;
    };
    CHECK(exifOrientation(payload(false, 3, 6)) == 6);
    CHECK(exifOrientation(payload(true, 3, 8)) == 8);
    CHECK(exifOrientation(payload(false, 3, 9)) == 1);                              // out of range
    CHECK(exifOrientation(payload(false, 4, 6)) == 1);                              // not a SHORT
    CHECK(exifOrientation(payload(false, 3, 6).substr(0, 20)) == 1);                // truncated IFD
    CHECK(exifOrientation(std::string("http://ns.adobe.com/xap/1.0/\0", 29)) == 1); // XMP, not EXIF
    CHECK(exifOrientation("") == 1);
}

TEST_CASE("image: every EXIF orientation maps the corners as specified", "[server][blobs][image]") {
    // 3x2 image whose pixels are numbered 0..5 (red channel), row by row.
    RgbImage image;
    image.width = 3;
    image.height = 2;
    for (unsigned char v = 0; v < 6; ++v) {
        image.pixels.insert(image.pixels.end(), {v, 0, 0});
    }
    const auto rows = [](const RgbImage& img) {
        std::string s;
        for (int y = 0; y < img.height; ++y) {
            for (int x = 0; x < img.width; ++x) {
                s += static_cast<char>('0' + img.pixels[(static_cast<std::size_t>(y * img.width + x)) * 3]);
            }
            s += '|';
        }
        return s;
    };
    CHECK(rows(applyOrientation(image, 1)) == "012|345|");
    CHECK(rows(applyOrientation(image, 2)) == "210|543|");
    CHECK(rows(applyOrientation(image, 3)) == "543|210|");
    CHECK(rows(applyOrientation(image, 4)) == "345|012|");
    CHECK(rows(applyOrientation(image, 5)) == "03|14|25|");
    CHECK(rows(applyOrientation(image, 6)) == "30|41|52|");
    CHECK(rows(applyOrientation(image, 7)) == "52|41|30|");
    CHECK(rows(applyOrientation(image, 8)) == "25|14|03|");
    CHECK(rows(applyOrientation(image, 0)) == "012|345|");
}

TEST_CASE("image: encodeJpeg refuses inconsistent images", "[server][blobs][image]") {
    RgbImage empty;
    CHECK(encodeJpeg(empty, 75).error().code == ErrorCode::InvalidArgument);
    RgbImage wrong = photoPixels(4, 4);
    wrong.pixels.pop_back();
    CHECK(encodeJpeg(wrong, 75).error().code == ErrorCode::InvalidArgument);
    CHECK(encodeJpeg(photoPixels(4, 4), 0).error().code == ErrorCode::InvalidArgument);
    auto ok = encodeJpeg(photoPixels(4, 4), 90);
    REQUIRE(ok);
    CHECK_FALSE(checkJpeg(*ok));
}
