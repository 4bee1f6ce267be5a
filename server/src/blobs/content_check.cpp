// SPDX-License-Identifier: Apache-2.0
// Evidence file type checks: JPEG (via image.cpp), PNG chunk walk with zlib, PDF, OOXML ZIP, OLE2.
#include "blobs/content_check.hpp"

#include "blobs/image.hpp"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <initializer_list>

namespace jejak::server {

namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
constexpr std::string_view kOle2Magic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8};
constexpr std::string_view kZipLocalHeader{"PK\x03\x04", 4};
constexpr std::string_view kPdfHeader{"%PDF-"};

std::uint32_t readBe32(std::string_view b, std::size_t at) noexcept {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3]));
}

std::uint32_t readLe(std::string_view b, std::size_t at, std::size_t n) noexcept {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
    }
    return v;
}

std::string declaredButFound(std::string_view declared, std::string_view bytes) {
    return "declared " + std::string(declared) + ", but the content is " + std::string(sniffFileType(bytes));
}

//---- PNG

/// The bytes of the decompressed image data a PNG header implies: per row, a filter byte and the packed
/// pixels; an interlaced image is seven sub-images (Adam7).
std::uint64_t pngRawSize(std::uint64_t width, std::uint64_t height, std::uint64_t bitsPerPixel,
                         bool interlaced) {
    const auto imageBytes = [bitsPerPixel](std::uint64_t w, std::uint64_t h) -> std::uint64_t {
        if (w == 0 || h == 0) {
            return 0;
        }
        return h * (1 + (w * bitsPerPixel + 7) / 8);
    };
    if (!interlaced) {
        return imageBytes(width, height);
    }
    struct Pass {
        std::uint64_t x0, y0, dx, dy;
    };
    static constexpr std::array<Pass, 7> kAdam7{
        {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}};
    std::uint64_t total = 0;
    for (const Pass& p : kAdam7) {
        const std::uint64_t w = width > p.x0 ? (width - p.x0 + p.dx - 1) / p.dx : 0;
        const std::uint64_t h = height > p.y0 ? (height - p.y0 + p.dy - 1) / p.dy : 0;
        total += imageBytes(w, h);
    }
    return total;
}

/// Bits per pixel of a valid (colour type, bit depth) pair; 0 when the pair is invalid.
unsigned pngBitsPerPixel(unsigned colorType, unsigned bitDepth) {
    const auto depthIn = [bitDepth](std::initializer_list<unsigned> allowed) {
        for (unsigned d : allowed) {
            if (d == bitDepth) {
                return true;
            }
        }
        return false;
    };
    switch (colorType) {
    case 0:
        return depthIn({1, 2, 4, 8, 16}) ? bitDepth : 0; // greyscale
    case 2:
        return depthIn({8, 16}) ? 3 * bitDepth : 0; // RGB
    case 3:
        return depthIn({1, 2, 4, 8}) ? bitDepth : 0; // palette
    case 4:
        return depthIn({8, 16}) ? 2 * bitDepth : 0; // greyscale + alpha
    case 6:
        return depthIn({8, 16}) ? 4 * bitDepth : 0; // RGBA
    default:
        return 0;
    }
}

/// Inflates the concatenated IDAT data, counting the output without keeping it.
class IdatInflater {
  public:
    IdatInflater() { m_ok = inflateInit(&m_stream) == Z_OK; }
    ~IdatInflater() {
        if (m_ok) {
            inflateEnd(&m_stream);
        }
    }
    IdatInflater(const IdatInflater&) = delete;
    IdatInflater& operator=(const IdatInflater&) = delete;

    /// Feeds one IDAT chunk's data; nullopt while fine, else the reason.
    std::optional<std::string> feed(std::string_view data, std::uint64_t limit) {
        if (!m_ok) {
            return std::string("zlib could not be initialised");
        }
        if (m_ended) {
            return data.empty() ? std::nullopt
                                : std::optional<std::string>("data after the end of the compressed image");
        }
        m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        m_stream.avail_in = static_cast<uInt>(data.size());
        while (m_stream.avail_in > 0) {
            m_stream.next_out = m_scratch.data();
            m_stream.avail_out = static_cast<uInt>(m_scratch.size());
            const int rc = inflate(&m_stream, Z_NO_FLUSH);
            m_produced += m_scratch.size() - m_stream.avail_out;
            if (m_produced > limit) {
                return std::string("compressed image inflates to more than its header implies");
            }
            if (rc == Z_STREAM_END) {
                m_ended = true;
                return m_stream.avail_in == 0
                           ? std::nullopt
                           : std::optional<std::string>("data after the end of the compressed image");
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                return "compressed image data is corrupt" +
                       (m_stream.msg != nullptr ? " (" + std::string(m_stream.msg) + ")" : std::string());
            }
            if (rc == Z_BUF_ERROR && m_stream.avail_in > 0 && m_stream.avail_out > 0) {
                return std::string("compressed image data is corrupt");
            }
        }
        return std::nullopt;
    }

    [[nodiscard]] bool ended() const noexcept { return m_ended; }
    [[nodiscard]] std::uint64_t produced() const noexcept { return m_produced; }

  private:
    z_stream m_stream{};
    bool m_ok = false;
    bool m_ended = false;
    std::uint64_t m_produced = 0;
    std::array<Bytef, 64 * 1024> m_scratch{};
};

std::optional<std::string> checkPng(std::string_view bytes) {
    if (!bytes.starts_with(kPngSignature)) {
        return declaredButFound("image/png", bytes);
    }
    std::size_t at = kPngSignature.size();
    bool sawHeader = false;
    bool sawEnd = false;
    bool idatOpen = false;   // inside the run of consecutive IDAT chunks
    bool idatClosed = false; // that run has ended
    std::uint64_t expectedRaw = 0;
    IdatInflater inflater;
    while (at < bytes.size()) {
        if (sawEnd) {
            return std::string("PNG: data after IEND");
        }
        if (bytes.size() - at < 12) {
            return std::string("PNG: truncated chunk header");
        }
        const std::uint32_t length = readBe32(bytes, at);
        const std::string_view type = bytes.substr(at + 4, 4);
        if (length > 0x7FFFFFFFU || bytes.size() - at - 12 < length) {
            return "PNG: chunk " + std::string(type) + " is truncated";
        }
        const std::string_view data = bytes.substr(at + 8, length);
        const auto crc =
            crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data() + at + 4), length + 4);
        if (crc != readBe32(bytes, at + 8 + length)) {
            return "PNG: chunk " + std::string(type) + " has a wrong CRC";
        }
        at += 12 + length;
        if (!sawHeader) {
            if (type != "IHDR" || length != 13) {
                return std::string("PNG: the first chunk is not a valid IHDR");
            }
            sawHeader = true;
            const std::uint32_t width = readBe32(data, 0);
            const std::uint32_t height = readBe32(data, 4);
            const unsigned bitDepth = static_cast<unsigned char>(data[8]);
            const unsigned colorType = static_cast<unsigned char>(data[9]);
            const unsigned interlace = static_cast<unsigned char>(data[12]);
            const unsigned bpp = pngBitsPerPixel(colorType, bitDepth);
            if (width == 0 || height == 0 || width > 0x7FFFFFFFU || height > 0x7FFFFFFFU || bpp == 0 ||
                data[10] != 0 || data[11] != 0 || interlace > 1) {
                return std::string("PNG: invalid IHDR");
            }
            if (static_cast<std::uint64_t>(width) * height > kMaxImagePixels) {
                return "PNG of " + std::to_string(width) + "x" + std::to_string(height) +
                       " pixels is over the limit";
            }
            expectedRaw = pngRawSize(width, height, bpp, interlace == 1);
            continue;
        }
        if (type == "IHDR") {
            return std::string("PNG: second IHDR");
        }
        if (type == "IDAT") {
            if (idatClosed) {
                return std::string("PNG: IDAT chunks are not consecutive");
            }
            idatOpen = true;
            if (auto bad = inflater.feed(data, expectedRaw)) {
                return "PNG: " + *bad;
            }
            continue;
        }
        if (idatOpen) {
            idatOpen = false;
            idatClosed = true;
        }
        if (type == "IEND") {
            sawEnd = true;
        }
    }
    if (!sawEnd) {
        return std::string("PNG: no IEND chunk (truncated)");
    }
    if (!idatClosed) {
        return std::string("PNG: no image data (IDAT)");
    }
    if (!inflater.ended() || inflater.produced() != expectedRaw) {
        return "PNG: image data inflates to " + std::to_string(inflater.produced()) +
               " bytes, the header implies " + std::to_string(expectedRaw);
    }
    return std::nullopt;
}

//---- PDF

std::optional<std::string> checkPdf(std::string_view bytes) {
    if (!bytes.starts_with(kPdfHeader)) {
        return declaredButFound("application/pdf", bytes);
    }
    constexpr std::size_t kTail = 1024;
    const std::string_view tail = bytes.size() > kTail ? bytes.substr(bytes.size() - kTail) : bytes;
    if (tail.find("%%EOF") == std::string_view::npos) {
        return std::string("PDF: no %%EOF marker at the end (truncated)");
    }
    return std::nullopt;
}

//---- OOXML (ZIP)

std::optional<std::string> checkOoxml(std::string_view mediaType, std::string_view bytes,
                                      std::string_view mainFolder) {
    if (!bytes.starts_with(kZipLocalHeader)) {
        return declaredButFound(mediaType, bytes);
    }
    // The end-of-central-directory record: 22 bytes plus a comment of at most 65535 bytes, at the end.
    constexpr std::size_t kEocdSize = 22;
    if (bytes.size() < kEocdSize + kZipLocalHeader.size()) {
        return std::string("ZIP: too short");
    }
    std::size_t eocd = std::string_view::npos;
    const std::size_t lowest = bytes.size() > kEocdSize + 0xFFFF ? bytes.size() - kEocdSize - 0xFFFF : 0;
    for (std::size_t at = bytes.size() - kEocdSize + 1; at-- > lowest;) {
        if (bytes.compare(at, 4, "PK\x05\x06") == 0 &&
            at + kEocdSize + readLe(bytes, at + 20, 2) == bytes.size()) {
            eocd = at;
            break;
        }
    }
    if (eocd == std::string_view::npos) {
        return std::string("ZIP: no end of central directory (truncated)");
    }
    const std::uint32_t entries = readLe(bytes, eocd + 10, 2);
    const std::uint32_t cdSize = readLe(bytes, eocd + 12, 4);
    const std::uint32_t cdOffset = readLe(bytes, eocd + 16, 4);
    if (entries == 0xFFFF || cdSize == 0xFFFFFFFFU || cdOffset == 0xFFFFFFFFU) {
        return std::string("ZIP64 archives are not accepted");
    }
    if (static_cast<std::uint64_t>(cdOffset) + cdSize > eocd) {
        return std::string("ZIP: central directory out of bounds");
    }
    bool contentTypes = false;
    bool mainPart = false;
    std::size_t at = cdOffset;
    const std::size_t end = static_cast<std::size_t>(cdOffset) + cdSize;
    for (std::uint32_t i = 0; i < entries; ++i) {
        constexpr std::size_t kEntryHeader = 46;
        if (end - at < kEntryHeader || bytes.compare(at, 4, "PK\x01\x02") != 0) {
            return std::string("ZIP: malformed central directory");
        }
        const std::size_t nameLength = readLe(bytes, at + 28, 2);
        const std::size_t entryLength =
            kEntryHeader + nameLength + readLe(bytes, at + 30, 2) + readLe(bytes, at + 32, 2);
        const std::uint32_t localOffset = readLe(bytes, at + 42, 4);
        if (end - at < entryLength || localOffset >= cdOffset ||
            bytes.compare(localOffset, 4, kZipLocalHeader) != 0) {
            return std::string("ZIP: malformed central directory entry");
        }
        const std::string_view name = bytes.substr(at + kEntryHeader, nameLength);
        contentTypes = contentTypes || name == "[Content_Types].xml";
        mainPart = mainPart || name.starts_with(mainFolder);
        at += entryLength;
    }
    if (at != end) {
        return std::string("ZIP: central directory size does not match its entries");
    }
    if (!contentTypes) {
        return std::string("not an Office Open XML file: no [Content_Types].xml");
    }
    if (!mainPart) {
        return "declared " + std::string(mediaType) + ", but the package has no " + std::string(mainFolder) +
               " part";
    }
    return std::nullopt;
}

//---- OLE2 compound file (legacy Office)

std::optional<std::string> checkOle2(std::string_view mediaType, std::string_view bytes) {
    if (!bytes.starts_with(kOle2Magic)) {
        return declaredButFound(mediaType, bytes);
    }
    constexpr std::size_t kHeaderSize = 512;
    if (bytes.size() <= kHeaderSize) {
        return std::string("OLE2: truncated header");
    }
    const std::uint32_t major = readLe(bytes, 0x1A, 2);
    const std::uint32_t byteOrder = readLe(bytes, 0x1C, 2);
    const std::uint32_t sectorShift = readLe(bytes, 0x1E, 2);
    if (byteOrder != 0xFFFE || !((major == 3 && sectorShift == 9) || (major == 4 && sectorShift == 12))) {
        return std::string("OLE2: invalid compound file header");
    }
    return std::nullopt;
}

} // namespace

std::string_view sniffFileType(std::string_view bytes) noexcept {
    if (bytes.size() >= 3 && bytes.starts_with("\xFF\xD8\xFF")) {
        return "JPEG";
    }
    if (bytes.starts_with(kPngSignature)) {
        return "PNG";
    }
    if (bytes.starts_with(kPdfHeader)) {
        return "PDF";
    }
    if (bytes.starts_with(kZipLocalHeader)) {
        return "ZIP";
    }
    if (bytes.starts_with(kOle2Magic)) {
        return "OLE2";
    }
    return "unknown";
}

std::optional<std::string> checkContent(std::string_view mediaType, std::string_view bytes) {
    if (mediaType == "image/jpeg") {
        if (sniffFileType(bytes) != "JPEG") {
            return declaredButFound(mediaType, bytes);
        }
        return checkJpeg(bytes);
    }
    if (mediaType == "image/png") {
        return checkPng(bytes);
    }
    if (mediaType == "application/pdf") {
        return checkPdf(bytes);
    }
    if (mediaType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
        return checkOoxml(mediaType, bytes, "word/");
    }
    if (mediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
        return checkOoxml(mediaType, bytes, "xl/");
    }
    if (mediaType == "application/vnd.openxmlformats-officedocument.presentationml.presentation") {
        return checkOoxml(mediaType, bytes, "ppt/");
    }
    if (mediaType == "application/msword" || mediaType == "application/vnd.ms-excel" ||
        mediaType == "application/vnd.ms-powerpoint") {
        return checkOle2(mediaType, bytes);
    }
    return "media type " + std::string(mediaType) + " is not accepted as evidence";
}

} // namespace jejak::server
