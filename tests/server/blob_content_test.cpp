// SPDX-License-Identifier: Apache-2.0
#include "blobs/content_check.hpp"

#include "blob_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using namespace jejak::server;
using namespace jejak::testing;

namespace {

constexpr std::string_view kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

std::string reasonOf(std::string_view mediaType, std::string_view bytes) {
    return checkContent(mediaType, bytes).value_or("(accepted)");
}

/// Overwrites 4 bytes at `at` with a big-endian value.
void putBe32(std::string& bytes, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i) {
        bytes[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    }
}

} // namespace

TEST_CASE("content: sniffing names what the first bytes say", "[server][blobs][content]") {
    const RgbImage small = photoPixels(16, 8);
    CHECK(sniffFileType(makeJpeg(small)) == "JPEG");
    CHECK(sniffFileType(makePng(small)) == "PNG");
    CHECK(sniffFileType(makePdf()) == "PDF");
    CHECK(sniffFileType(makeDocx()) == "ZIP");
    CHECK(sniffFileType(makeOle2()) == "OLE2");
    CHECK(sniffFileType("hello") == "unknown");
    CHECK(sniffFileType("") == "unknown");
}

TEST_CASE("content: JPEG must decode completely", "[server][blobs][content]") {
    const std::string jpeg = makeJpeg(photoPixels(640, 480));
    CHECK_FALSE(checkContent("image/jpeg", jpeg));
    // Cut in the middle: libjpeg only warns ("premature end"), which the check treats as an error.
    const std::string truncated = jpeg.substr(0, jpeg.size() / 2);
    CHECK_THAT(reasonOf("image/jpeg", truncated), Catch::Contains("JPEG does not decode"));
    CHECK_THAT(reasonOf("image/jpeg", makePng(photoPixels(8, 8))),
               Catch::Contains("declared image/jpeg, but the content is PNG"));
    CHECK(checkContent("image/jpeg", "\xFF\xD8\xFF"));
}

TEST_CASE("content: PNG chunks, CRCs and image data are checked", "[server][blobs][content]") {
    const std::string png = makePng(photoPixels(64, 48));
    CHECK_FALSE(checkContent("image/png", png));
    CHECK_THAT(reasonOf("image/png", makeJpeg(photoPixels(8, 8))),
               Catch::Contains("but the content is JPEG"));

    SECTION("truncated") {
        CHECK_THAT(reasonOf("image/png", png.substr(0, png.size() - 12)), Catch::Contains("no IEND"));
        CHECK_THAT(reasonOf("image/png", png.substr(0, png.size() / 2)), Catch::Contains("truncated"));
    }
    SECTION("data after IEND") {
        CHECK_THAT(reasonOf("image/png", png + "x"), Catch::Contains("after IEND"));
    }
    SECTION("a flipped bit breaks the chunk CRC") {
        std::string bad = png;
        bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x01);
        CHECK_THAT(reasonOf("image/png", bad), Catch::Contains("wrong CRC"));
    }
    SECTION("a header that does not match the image data") {
        std::string bad = png;
        putBe32(bad, 16, 65); // IHDR width 64 -> 65, CRC fixed up: the data no longer has the right size
        const auto crc = [&bad] {
            std::uint32_t c = 0xFFFFFFFFU;
            for (std::size_t i = 12; i < 12 + 17; ++i) {
                c ^= static_cast<unsigned char>(bad[i]);
                for (int k = 0; k < 8; ++k) {
                    c = (c & 1) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
                }
            }
            return c ^ 0xFFFFFFFFU;
        }();
        putBe32(bad, 29, crc);
        CHECK_THAT(reasonOf("image/png", bad), Catch::Contains("the header implies"));
    }
}

TEST_CASE("content: PDF needs its header and an end marker", "[server][blobs][content]") {
    const std::string pdf = makePdf();
    CHECK_FALSE(checkContent("application/pdf", pdf));
    CHECK_THAT(reasonOf("application/pdf", pdf.substr(0, pdf.size() - 8)), Catch::Contains("no %%EOF"));
    CHECK_THAT(reasonOf("application/pdf", makeDocx()), Catch::Contains("but the content is ZIP"));
}

TEST_CASE("content: Office Open XML packages match their declared type", "[server][blobs][content]") {
    const std::string docx = makeDocx();
    const std::string xlsx = makeXlsx();
    CHECK_FALSE(checkContent(kDocx, docx));
    CHECK_FALSE(checkContent(kXlsx, xlsx));
    CHECK_THAT(reasonOf(kXlsx, docx), Catch::Contains("has no xl/ part"));
    CHECK_THAT(reasonOf(kPptx, docx), Catch::Contains("has no ppt/ part"));
    CHECK_THAT(reasonOf(kDocx, makeZip({{"word/document.xml", "<w/>"}})),
               Catch::Contains("no [Content_Types].xml"));
    CHECK_THAT(reasonOf(kDocx, docx.substr(0, docx.size() - 10)),
               Catch::Contains("no end of central directory"));
    CHECK_THAT(reasonOf(kDocx, makePdf()), Catch::Contains("but the content is PDF"));
    std::string broken = docx;
    broken[broken.size() - 3] = 0x7F; // central directory offset (high byte) points past the archive
    CHECK_THAT(reasonOf(kDocx, broken), Catch::Contains("out of bounds"));
}

TEST_CASE("content: legacy Office files are OLE2 compound files", "[server][blobs][content]") {
    const std::string ole = makeOle2();
    CHECK_FALSE(checkContent("application/msword", ole));
    CHECK_FALSE(checkContent("application/vnd.ms-excel", ole));
    CHECK_FALSE(checkContent("application/vnd.ms-powerpoint", ole));
    std::string badOrder = ole;
    badOrder[0x1C] = 0x00;
    CHECK_THAT(reasonOf("application/msword", badOrder), Catch::Contains("invalid compound file header"));
    CHECK_THAT(reasonOf("application/msword", ole.substr(0, 512)), Catch::Contains("truncated"));
    CHECK_THAT(reasonOf("application/msword", makeDocx()), Catch::Contains("but the content is ZIP"));
}

TEST_CASE("content: other media types are refused", "[server][blobs][content]") {
    CHECK_THAT(reasonOf("text/plain", "hello"), Catch::Contains("not accepted as evidence"));
    CHECK_THAT(reasonOf("image/gif", "GIF89a"), Catch::Contains("not accepted as evidence"));
}
