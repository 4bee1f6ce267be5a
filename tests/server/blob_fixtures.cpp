// SPDX-License-Identifier: Apache-2.0
// Test evidence files, written with the real libraries.
#include "blob_fixtures.hpp"

#include "jejak/shared/sha256.hpp"

#include <cstdio> // jpeglib.h needs FILE
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace jejak::testing {

using server::RgbImage;

RgbImage photoPixels(int width, int height, std::uint32_t seed) {
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    std::uint32_t state = seed * 2654435761U + 1;
    std::size_t i = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            state = state * 1664525U + 1013904223U; // LCG: deterministic noise
            const int noise = static_cast<int>((state >> 24) % 41) - 20;
            const int base[3] = {x * 255 / width, y * 255 / height, (x + y) * 255 / (width + height)};
            for (int c = 0; c < 3; ++c) {
                image.pixels[i++] = static_cast<unsigned char>(std::clamp(base[c] + noise, 0, 255));
            }
        }
    }
    return image;
}

namespace {

std::string exifPayload(int orientation, bool bigEndian) {
    const auto u16 = [bigEndian](unsigned v) {
        return bigEndian ? std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}
                         : std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
    };
    const auto u32 = [&](unsigned v) {
        return bigEndian ? u16(v >> 16) + u16(v & 0xFFFF) : u16(v & 0xFFFF) + u16(v >> 16);
    };
    std::string p("Exif\0\0", 6);
    p += bigEndian ? "MM" : "II";
    p += u16(42) + u32(8);                      // TIFF header, IFD0 at offset 8
    p += u16(2);                                // two entries
    p += u16(0x010F) + u16(2) + u32(4) + "Cam"; // Make = "Cam\0" (inline ASCII)
    p.push_back('\0');
    p += u16(0x0112) + u16(3) + u32(1) + u16(static_cast<unsigned>(orientation)) + u16(0); // Orientation
    p += u32(0);                                                                           // no next IFD
    return p;
}

} // namespace

std::string makeJpeg(const RgbImage& image, const JpegOptions& options) {
    jpeg_compress_struct cinfo;
    jpeg_error_mgr err;
    std::memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err); // fixtures never fail; if one did, libjpeg would exit the test
    jpeg_create_compress(&cinfo);
    unsigned char* out = nullptr;
    unsigned long outSize = 0;
    jpeg_mem_dest(&cinfo, &out, &outSize);
    cinfo.image_width = static_cast<JDIMENSION>(image.width);
    cinfo.image_height = static_cast<JDIMENSION>(image.height);
    switch (options.color) {
    case JpegOptions::Color::Rgb:
        cinfo.input_components = 3;
        cinfo.in_color_space = JCS_RGB;
        break;
    case JpegOptions::Color::Gray:
        cinfo.input_components = 1;
        cinfo.in_color_space = JCS_GRAYSCALE;
        break;
    case JpegOptions::Color::Cmyk:
        cinfo.input_components = 4;
        cinfo.in_color_space = JCS_CMYK;
        break;
    }
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, options.quality, TRUE);
    if (options.progressive) {
        jpeg_simple_progression(&cinfo);
    }
    jpeg_start_compress(&cinfo, TRUE);
    if (options.exifOrientation != 0) {
        const std::string exif = exifPayload(options.exifOrientation, options.bigEndianExif);
        jpeg_write_marker(&cinfo, JPEG_APP0 + 1, reinterpret_cast<const JOCTET*>(exif.data()),
                          static_cast<unsigned>(exif.size()));
    }
    const auto components = static_cast<std::size_t>(cinfo.input_components);
    std::vector<unsigned char> row(static_cast<std::size_t>(image.width) * components);
    while (cinfo.next_scanline < cinfo.image_height) {
        const unsigned char* src = image.pixels.data() + static_cast<std::size_t>(cinfo.next_scanline) *
                                                             static_cast<std::size_t>(image.width) * 3;
        for (std::size_t x = 0; x < static_cast<std::size_t>(image.width); ++x) {
            const unsigned char* p = src + x * 3;
            switch (options.color) {
            case JpegOptions::Color::Rgb:
                std::memcpy(&row[x * 3], p, 3);
                break;
            case JpegOptions::Color::Gray:
                row[x] = p[1];
                break;
            case JpegOptions::Color::Cmyk:
                row[x * 4] = p[0];
                row[x * 4 + 1] = p[1];
                row[x * 4 + 2] = p[2];
                row[x * 4 + 3] = 255;
                break;
            }
        }
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    std::string jpeg(reinterpret_cast<const char*>(out), outSize);
    std::free(out);
    return jpeg;
}

std::string makePng(const RgbImage& image) {
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(image.width);
    png.height = static_cast<png_uint_32>(image.height);
    png.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    REQUIRE(png_image_write_to_memory(&png, nullptr, &size, 0, image.pixels.data(), 0, nullptr) != 0);
    std::string bytes(size, '\0');
    REQUIRE(png_image_write_to_memory(&png, bytes.data(), &size, 0, image.pixels.data(), 0, nullptr) != 0);
    bytes.resize(size);
    return bytes;
}

namespace {

void putLe(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}

} // namespace

std::string makeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string out;
    std::string central;
    for (const auto& [name, data] : entries) {
        const auto offset = static_cast<std::uint32_t>(out.size());
        const auto crc = static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0),
                                                          reinterpret_cast<const Bytef*>(data.data()),
                                                          static_cast<uInt>(data.size())));
        const auto size = static_cast<std::uint32_t>(data.size());
        const auto nameLength = static_cast<std::uint32_t>(name.size());
        out += std::string("PK\x03\x04", 4);
        putLe(out, 20, 2); // version needed
        putLe(out, 0, 2);  // flags
        putLe(out, 0, 2);  // stored
        putLe(out, 0, 4);  // time, date
        putLe(out, crc, 4);
        putLe(out, size, 4);
        putLe(out, size, 4);
        putLe(out, nameLength, 2);
        putLe(out, 0, 2); // extra
        out += name;
        out += data;

        central += std::string("PK\x01\x02", 4);
        putLe(central, 20, 2); // made by
        putLe(central, 20, 2); // needed
        putLe(central, 0, 2);
        putLe(central, 0, 2);
        putLe(central, 0, 4);
        putLe(central, crc, 4);
        putLe(central, size, 4);
        putLe(central, size, 4);
        putLe(central, nameLength, 2);
        putLe(central, 0, 2); // extra
        putLe(central, 0, 2); // comment
        putLe(central, 0, 2); // disk
        putLe(central, 0, 2); // internal attributes
        putLe(central, 0, 4); // external attributes
        putLe(central, offset, 4);
        central += name;
    }
    const auto cdOffset = static_cast<std::uint32_t>(out.size());
    out += central;
    out += std::string("PK\x05\x06", 4);
    putLe(out, 0, 2);
    putLe(out, 0, 2);
    putLe(out, static_cast<std::uint32_t>(entries.size()), 2);
    putLe(out, static_cast<std::uint32_t>(entries.size()), 2);
    putLe(out, static_cast<std::uint32_t>(central.size()), 4);
    putLe(out, cdOffset, 4);
    putLe(out, 0, 2); // comment
    return out;
}

namespace {

std::string contentTypes(std::string_view mainPart, std::string_view mainType) {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
           R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
           R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
           R"(<Default Extension="xml" ContentType="application/xml"/>)"
           R"(<Override PartName="/)" +
           std::string(mainPart) + R"(" ContentType=")" + std::string(mainType) + R"("/></Types>)";
}

std::string rels(std::string_view mainPart) {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
           R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
           R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target=")" +
           std::string(mainPart) + R"("/></Relationships>)";
}

} // namespace

std::string makeDocx() {
    return makeZip({
        {"[Content_Types].xml",
         contentTypes("word/document.xml",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
        {"_rels/.rels", rels("word/document.xml")},
        {"word/document.xml",
         R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
         R"(<w:body><w:p><w:r><w:t>Laporan kegiatan</w:t></w:r></w:p></w:body></w:document>)"},
    });
}

std::string makeXlsx() {
    return makeZip({
        {"[Content_Types].xml",
         contentTypes("xl/workbook.xml",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")},
        {"_rels/.rels", rels("xl/workbook.xml")},
        {"xl/workbook.xml",
         R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>)"},
    });
}

std::string makePdf() {
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    const auto object = [&](std::string_view body) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + std::string(body) + "\nendobj\n";
    };
    object("<< /Type /Catalog /Pages 2 0 R >>");
    object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t offset : offsets) {
        char line[21];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

std::string makeOle2() {
    std::string file(512 * 3, '\0');
    const std::string_view magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    file.replace(0, magic.size(), magic);
    const auto put = [&file](std::size_t at, std::uint32_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) {
            file[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
        }
    };
    put(0x18, 0x3E, 2);        // minor version
    put(0x1A, 3, 2);           // major version 3
    put(0x1C, 0xFFFE, 2);      // byte order
    put(0x1E, 9, 2);           // 512-byte sectors
    put(0x20, 6, 2);           // 64-byte mini sectors
    put(0x2C, 1, 4);           // one FAT sector
    put(0x30, 1, 4);           // directory starts at sector 1
    put(0x38, 4096, 4);        // mini stream cutoff
    put(0x3C, 0xFFFFFFFEU, 4); // no mini FAT
    put(0x44, 0xFFFFFFFEU, 4); // no DIFAT sectors
    put(0x4C, 0, 4);           // DIFAT[0]: the FAT is sector 0
    for (std::size_t i = 1; i < 109; ++i) {
        put(0x4C + 4 * i, 0xFFFFFFFFU, 4);
    }
    // Sector 0 (the FAT): sector 0 is a FAT sector, sector 1 ends the directory chain.
    put(512, 0xFFFFFFFDU, 4);
    put(516, 0xFFFFFFFEU, 4);
    for (std::size_t i = 2; i < 128; ++i) {
        put(512 + 4 * i, 0xFFFFFFFFU, 4);
    }
    // Sector 1 (the directory): the root entry "Root Entry".
    const std::string_view name = "Root Entry";
    for (std::size_t i = 0; i < name.size(); ++i) {
        file[1024 + 2 * i] = name[i];
    }
    put(1024 + 0x40, static_cast<std::uint32_t>((name.size() + 1) * 2), 2);
    file[1024 + 0x42] = 5; // root storage
    put(1024 + 0x44, 0xFFFFFFFFU, 4);
    put(1024 + 0x48, 0xFFFFFFFFU, 4);
    put(1024 + 0x4C, 0xFFFFFFFFU, 4);
    put(1024 + 0x74, 0xFFFFFFFEU, 4);
    return file;
}

std::string sha256Of(std::string_view bytes) {
    auto digest = shared::sha256Hex(bytes);
    REQUIRE(digest);
    return *digest;
}

} // namespace jejak::testing
