// SPDX-License-Identifier: Apache-2.0
#include "jejak/shared/text.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace jejak::shared;

TEST_CASE("text: code points of Indonesian text, symbols and emoji", "[shared][text]") {
    CHECK(utf8CodePoints("") == 0u);
    CHECK(utf8CodePoints("Rapat koordinasi tim PAK") == 24u);
    // Curly quotes and an en dash are 3 bytes each but one code point each.
    CHECK(utf8CodePoints("Sosialisasi \xE2\x80\x9C"
                         "BerAKHLAK\xE2\x80\x9D \xE2\x80\x93 2023") == 30u);
    CHECK(utf8CodePoints("Caf\xC3\xA9 Kopi") == 9u); // é, 2 bytes
    CHECK(utf8CodePoints("Foto \xF0\x9F\x93\xB7 selesai \xE2\x9C\x85") ==
          16u);                                               // U+1F4F7 (4 bytes), U+2705 (3)
    CHECK(utf8CodePoints(std::string_view("a\0b", 3)) == 3u); // NUL is a code point
}

TEST_CASE("text: the edges of each UTF-8 length are valid", "[shared][text]") {
    CHECK(utf8CodePoints("\x7F") == 1u);             // U+007F
    CHECK(utf8CodePoints("\xC2\x80") == 1u);         // U+0080
    CHECK(utf8CodePoints("\xDF\xBF") == 1u);         // U+07FF
    CHECK(utf8CodePoints("\xE0\xA0\x80") == 1u);     // U+0800
    CHECK(utf8CodePoints("\xED\x9F\xBF") == 1u);     // U+D7FF, just below the surrogates
    CHECK(utf8CodePoints("\xEE\x80\x80") == 1u);     // U+E000, just above them
    CHECK(utf8CodePoints("\xEF\xBF\xBF") == 1u);     // U+FFFF
    CHECK(utf8CodePoints("\xF0\x90\x80\x80") == 1u); // U+10000
    CHECK(utf8CodePoints("\xF4\x8F\xBF\xBF") == 1u); // U+10FFFF, the last code point
}

TEST_CASE("text: invalid UTF-8 is refused", "[shared][text]") {
    CHECK_FALSE(utf8CodePoints("\xC0\xAF").has_value());         // overlong '/' (2 bytes)
    CHECK_FALSE(utf8CodePoints("\xC1\xBF").has_value());         // overlong U+007F
    CHECK_FALSE(utf8CodePoints("\xE0\x80\xAF").has_value());     // overlong (3 bytes)
    CHECK_FALSE(utf8CodePoints("\xE0\x9F\xBF").has_value());     // overlong U+07FF
    CHECK_FALSE(utf8CodePoints("\xF0\x80\x80\xAF").has_value()); // overlong (4 bytes)
    CHECK_FALSE(utf8CodePoints("\xF0\x8F\xBF\xBF").has_value()); // overlong U+FFFF
    CHECK_FALSE(utf8CodePoints("\xED\xA0\x80").has_value());     // U+D800, high surrogate
    CHECK_FALSE(utf8CodePoints("\xED\xBF\xBF").has_value());     // U+DFFF, low surrogate
    CHECK_FALSE(utf8CodePoints("\xF4\x90\x80\x80").has_value()); // U+110000
    CHECK_FALSE(utf8CodePoints("\xF5\x80\x80\x80").has_value()); // lead byte beyond U+10FFFF
    CHECK_FALSE(utf8CodePoints("\xFF").has_value());
    CHECK_FALSE(utf8CodePoints("\x80").has_value());              // continuation without a lead
    CHECK_FALSE(utf8CodePoints("Kegiatan \xE2\x82").has_value()); // truncated at the end
    CHECK_FALSE(utf8CodePoints("\xF0\x9F\x93 foto").has_value()); // truncated, then ASCII
    CHECK_FALSE(utf8CodePoints("\xC3\xC3\xA9").has_value());      // lead where a continuation belongs
}

TEST_CASE("text: ASCII trimming, blanks and case-insensitive equality", "[shared][text]") {
    CHECK(trimAscii("  Dokumen\t\r\n") == "Dokumen");
    CHECK(trimAscii(" a b ") == "a b");
    CHECK(trimAscii("   ").empty());
    CHECK(isBlank(""));
    CHECK(isBlank(" \t\n\v\f\r"));
    CHECK_FALSE(isBlank(" x "));
    CHECK(equalsIgnoreAsciiCase("Laporan", "LAPORAN"));
    CHECK(equalsIgnoreAsciiCase("", ""));
    CHECK_FALSE(equalsIgnoreAsciiCase("Laporan", "Laporan "));
    CHECK_FALSE(equalsIgnoreAsciiCase("Dokumen", "Dokumem"));
    CHECK_FALSE(equalsIgnoreAsciiCase("\xC3\xA9", "\xC3\x89")); // é vs É: only ASCII letters fold
}

TEST_CASE("text: digests are 64 lowercase hex digits", "[shared][text]") {
    const std::string digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    CHECK(isSha256Hex(digest));
    CHECK_FALSE(isSha256Hex(std::string(64, 'F')));
    CHECK_FALSE(isSha256Hex(digest + "0"));
    CHECK_FALSE(isSha256Hex(digest.substr(0, 63) + "g"));
    CHECK_FALSE(isSha256Hex(""));
}
