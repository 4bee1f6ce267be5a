// SPDX-License-Identifier: Apache-2.0
// JPEG checking, decoding and encoding with libjpeg-turbo; PNG decoding with libpng; area downscaling.
//
// libjpeg reports errors through a callback that must not return. Here it longjmp()s back to the
// function that called setjmp(). That is only safe when no C++ object with a non-trivial destructor is
// created between the setjmp() and the jump (C++ [csetjmp.syn]); so in each function below, every such
// object exists before setjmp(), and the guarded code calls only libjpeg and trivially-destructible code.
#include "blobs/image.hpp"

#include <cstdio> // jpeglib.h needs FILE
#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

/// Bound on libjpeg's own allocations (progressive JPEGs keep all coefficients): beyond it, an error.
constexpr long kMaxDecoderMemory = 512L * 1024 * 1024;

/// A libjpeg error manager whose errors, and warnings, jump back to the caller's setjmp().
struct JpegErrors {
    jpeg_error_mgr pub; ///< first member: libjpeg sees only this part
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpegFail(j_common_ptr cinfo) {
    auto* errors = reinterpret_cast<JpegErrors*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, errors->message);
    std::longjmp(errors->jump, 1);
}

/// libjpeg emits a warning (level -1) for truncated or corrupt data and then carries on with made-up
/// data; for evidence that is a failure. Trace messages (level >= 0) are ignored.
void jpegMessage(j_common_ptr cinfo, int level) {
    if (level < 0) {
        jpegFail(cinfo);
    }
}

void initErrors(JpegErrors& errors) {
    jpeg_std_error(&errors.pub);
    errors.pub.error_exit = &jpegFail;
    errors.pub.emit_message = &jpegMessage;
    errors.message[0] = '\0';
}

bool hasSoi(std::string_view bytes) {
    return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF;
}

const unsigned char* asBytes(std::string_view bytes) {
    return reinterpret_cast<const unsigned char*>(bytes.data());
}

bool tooManyPixels(std::uint64_t width, std::uint64_t height, std::uint64_t limit) {
    return width * height > limit;
}

/// Averages source pixels over the area of each destination pixel (a box filter), fed one source row at
/// a time. Invariant after reset(): sums.size() == dstWidth * dstHeight * 3, counts one per pixel.
class AreaScaler {
  public:
    /// Prepares for a srcWidth x srcHeight image whose long edge becomes min(maxEdge, long edge).
    void reset(int srcWidth, int srcHeight, int maxEdge) {
        m_srcWidth = srcWidth;
        m_srcHeight = srcHeight;
        const int longEdge = std::max(srcWidth, srcHeight);
        const int dstLong = std::min(maxEdge, longEdge);
        const auto scaled = [&](int edge) {
            const std::int64_t v = (static_cast<std::int64_t>(edge) * dstLong + longEdge / 2) / longEdge;
            return static_cast<int>(std::max<std::int64_t>(1, v));
        };
        m_dstWidth = srcWidth == longEdge ? dstLong : scaled(srcWidth);
        m_dstHeight = srcHeight == longEdge ? dstLong : scaled(srcHeight);
        const auto pixels = static_cast<std::size_t>(m_dstWidth) * static_cast<std::size_t>(m_dstHeight);
        m_sums.assign(pixels * 3, 0);
        m_counts.assign(pixels, 0);
        m_columns.resize(static_cast<std::size_t>(srcWidth));
        for (int x = 0; x < srcWidth; ++x) {
            m_columns[static_cast<std::size_t>(x)] =
                static_cast<int>(static_cast<std::int64_t>(x) * m_dstWidth / srcWidth);
        }
    }

    /// Adds source row y (srcWidth RGB pixels).
    void addRow(int y, const unsigned char* rgb) noexcept {
        const auto dy = static_cast<std::size_t>(static_cast<std::int64_t>(y) * m_dstHeight / m_srcHeight);
        const std::size_t rowBase = dy * static_cast<std::size_t>(m_dstWidth);
        for (std::size_t x = 0; x < m_columns.size(); ++x) {
            const std::size_t d = rowBase + static_cast<std::size_t>(m_columns[x]);
            m_sums[d * 3] += rgb[x * 3];
            m_sums[d * 3 + 1] += rgb[x * 3 + 1];
            m_sums[d * 3 + 2] += rgb[x * 3 + 2];
            ++m_counts[d];
        }
    }

    [[nodiscard]] RgbImage result() const {
        RgbImage image;
        image.width = m_dstWidth;
        image.height = m_dstHeight;
        image.pixels.resize(m_sums.size());
        for (std::size_t d = 0; d < m_counts.size(); ++d) {
            const std::uint32_t n = std::max<std::uint32_t>(1, m_counts[d]);
            for (std::size_t c = 0; c < 3; ++c) {
                image.pixels[d * 3 + c] = static_cast<unsigned char>((m_sums[d * 3 + c] + n / 2) / n);
            }
        }
        return image;
    }

  private:
    int m_srcWidth = 0;
    int m_srcHeight = 0;
    int m_dstWidth = 0;
    int m_dstHeight = 0;
    std::vector<std::uint32_t> m_sums;
    std::vector<std::uint32_t> m_counts;
    std::vector<int> m_columns; ///< destination column of each source column
};

/// What a guarded decode ended with.
enum class Decoded { Ok, Cmyk, TooLarge, Failed };

/// The DCT scale numerator (of 8) that makes the long edge the smallest size >= maxEdge; 8 when the
/// image is not larger than maxEdge (never enlarged).
unsigned dctScale(JDIMENSION width, JDIMENSION height, int maxEdge) {
    const std::uint64_t longEdge = std::max(width, height);
    for (unsigned m = 1; m < 8; ++m) {
        if ((longEdge * m + 7) / 8 >= static_cast<std::uint64_t>(maxEdge)) {
            return m;
        }
    }
    return 8;
}

/// Decodes a JPEG row by row into `scaler`, DCT-scaled towards maxEdge, and reads its EXIF orientation.
/// Guarded by setjmp (see the file comment): the caller owns every C++ object involved.
Decoded decodeJpegRows(std::string_view bytes, int maxEdge, AreaScaler& scaler, int& orientation,
                       JpegErrors& errors) {
    jpeg_decompress_struct cinfo;
    std::memset(&cinfo, 0, sizeof cinfo);
    initErrors(errors);
    cinfo.err = &errors.pub;
    if (setjmp(errors.jump) != 0) {
        jpeg_destroy_decompress(&cinfo);
        return Decoded::Failed;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.mem->max_memory_to_use = kMaxDecoderMemory;
    jpeg_mem_src(&cinfo, asBytes(bytes), static_cast<unsigned long>(bytes.size()));
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    if (tooManyPixels(cinfo.image_width, cinfo.image_height, kMaxImagePixels)) {
        jpeg_destroy_decompress(&cinfo);
        return Decoded::TooLarge;
    }
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        return Decoded::Cmyk;
    }
    for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
        const int o =
            exifOrientation(std::string_view(reinterpret_cast<const char*>(m->data), m->data_length));
        if (o != 1) {
            orientation = o;
        }
    }
    cinfo.out_color_space = JCS_RGB;
    cinfo.scale_num = dctScale(cinfo.image_width, cinfo.image_height, maxEdge);
    cinfo.scale_denom = 8;
    jpeg_start_decompress(&cinfo);
    scaler.reset(static_cast<int>(cinfo.output_width), static_cast<int>(cinfo.output_height), maxEdge);
    JSAMPARRAY row = (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE,
                                                cinfo.output_width * 3, 1);
    while (cinfo.output_scanline < cinfo.output_height) {
        const auto y = static_cast<int>(cinfo.output_scanline);
        jpeg_read_scanlines(&cinfo, row, 1);
        scaler.addRow(y, row[0]);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return Decoded::Ok;
}

/// The JPEG scaled to maxEdge with its orientation, or the error for `outcome`.
Result<RgbImage> decodeJpegScaled(std::string_view bytes, int maxEdge, int* orientationOut) {
    if (!hasSoi(bytes)) {
        return Error(ErrorCode::EvidenceCorrupt, {}, "not a JPEG: no start-of-image marker");
    }
    AreaScaler scaler;
    JpegErrors errors;
    int orientation = 1;
    switch (decodeJpegRows(bytes, maxEdge, scaler, orientation, errors)) {
    case Decoded::Ok:
        break;
    case Decoded::Cmyk:
        return Error(ErrorCode::BlobNoThumbnail, {}, "CMYK JPEG");
    case Decoded::TooLarge:
        return Error(ErrorCode::EvidenceCorrupt, {}, "JPEG has more pixels than allowed");
    case Decoded::Failed:
        return Error(ErrorCode::EvidenceCorrupt, {}, std::string("JPEG: ") + errors.message);
    }
    if (orientationOut != nullptr) {
        *orientationOut = orientation;
    }
    return scaler.result();
}

/// Decodes a PNG whole with libpng's simplified API (alpha composed onto white) and scales it.
Result<RgbImage> decodePngScaled(std::string_view bytes, int maxEdge) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
        return Error(ErrorCode::EvidenceCorrupt, {}, std::string("PNG: ") + image.message);
    }
    if (tooManyPixels(image.width, image.height, kMaxPngThumbnailPixels)) {
        png_image_free(&image);
        return Error(ErrorCode::BlobNoThumbnail, {},
                     "PNG of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                         " pixels is too large for a thumbnail");
    }
    image.format = PNG_FORMAT_RGB;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(image.width) * image.height * 3);
    png_color white{255, 255, 255};
    if (png_image_finish_read(&image, &white, pixels.data(), 0, nullptr) == 0) {
        return Error(ErrorCode::EvidenceCorrupt, {}, std::string("PNG: ") + image.message);
    }
    AreaScaler scaler;
    const auto width = static_cast<int>(image.width);
    const auto height = static_cast<int>(image.height);
    scaler.reset(width, height, maxEdge);
    const auto stride = static_cast<std::size_t>(width) * 3;
    for (int y = 0; y < height; ++y) {
        scaler.addRow(y, pixels.data() + static_cast<std::size_t>(y) * stride);
    }
    return scaler.result();
}

/// Compresses `image` into `out` (malloc'ed by libjpeg; the caller frees it). Guarded by setjmp.
bool encodeRows(const RgbImage& image, int quality, unsigned char*& out, unsigned long& outSize,
                JpegErrors& errors) {
    jpeg_compress_struct cinfo;
    std::memset(&cinfo, 0, sizeof cinfo);
    initErrors(errors);
    cinfo.err = &errors.pub;
    if (setjmp(errors.jump) != 0) {
        jpeg_destroy_compress(&cinfo);
        return false;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &out, &outSize);
    cinfo.image_width = static_cast<JDIMENSION>(image.width);
    cinfo.image_height = static_cast<JDIMENSION>(image.height);
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    const std::size_t stride = static_cast<std::size_t>(image.width) * 3;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<JSAMPLE*>(image.pixels.data() + cinfo.next_scanline * stride);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return true;
}

std::uint32_t readUnsigned(const unsigned char* p, std::size_t n, bool bigEndian) noexcept {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t shift = bigEndian ? (n - 1 - i) * 8 : i * 8;
        v |= static_cast<std::uint32_t>(p[i]) << shift;
    }
    return v;
}

} // namespace

std::optional<std::string> checkJpeg(std::string_view bytes) {
    if (!hasSoi(bytes)) {
        return "not a JPEG: no start-of-image marker";
    }
    JpegErrors errors;
    jpeg_decompress_struct cinfo;
    std::memset(&cinfo, 0, sizeof cinfo);
    initErrors(errors);
    cinfo.err = &errors.pub;
    if (setjmp(errors.jump) != 0) {
        jpeg_destroy_decompress(&cinfo);
        return std::string("JPEG does not decode: ") + errors.message;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.mem->max_memory_to_use = kMaxDecoderMemory;
    jpeg_mem_src(&cinfo, asBytes(bytes), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&cinfo, TRUE);
    if (tooManyPixels(cinfo.image_width, cinfo.image_height, kMaxImagePixels)) {
        const JDIMENSION width = cinfo.image_width;
        const JDIMENSION height = cinfo.image_height;
        jpeg_destroy_decompress(&cinfo);
        return "JPEG of " + std::to_string(width) + "x" + std::to_string(height) +
               " pixels is over the limit of " + std::to_string(kMaxImagePixels) + " pixels";
    }
    // Scaling and the fast IDCT change only how coefficients become pixels: every marker and every
    // entropy-coded bit is still read, and a truncation or corruption still raises a warning.
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    cinfo.dct_method = JDCT_IFAST;
    cinfo.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&cinfo);
    JSAMPARRAY row =
        (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE,
                                   cinfo.output_width * static_cast<JDIMENSION>(cinfo.output_components), 1);
    while (cinfo.output_scanline < cinfo.output_height) {
        jpeg_read_scanlines(&cinfo, row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return std::nullopt;
}

Result<RgbImage> decodeJpeg(std::string_view bytes) {
    return decodeJpegScaled(bytes, std::numeric_limits<int>::max(), nullptr);
}

Result<std::string> encodeJpeg(const RgbImage& image, int quality) {
    if (image.width <= 0 || image.height <= 0 || quality < 1 || quality > 100 ||
        image.pixels.size() !=
            static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3) {
        return Error(ErrorCode::InvalidArgument, {},
                     "encodeJpeg: empty or inconsistent image, or quality not 1..100");
    }
    unsigned char* out = nullptr;
    unsigned long outSize = 0;
    JpegErrors errors;
    const bool ok = encodeRows(image, quality, out, outSize, errors);
    std::string jpeg;
    if (ok) {
        jpeg.assign(reinterpret_cast<const char*>(out), outSize);
    }
    std::free(out);
    if (!ok) {
        return Error(ErrorCode::Internal, {}, std::string("JPEG encoding failed: ") + errors.message);
    }
    return jpeg;
}

Result<std::string> makeThumbnail(std::string_view mediaType, std::string_view bytes, int maxEdge) {
    if (maxEdge < 1) {
        return Error(ErrorCode::InvalidArgument, {}, "thumbnail edge must be positive");
    }
    Result<RgbImage> scaled =
        Error(ErrorCode::BlobNoThumbnail, {}, "no thumbnail for " + std::string(mediaType));
    int orientation = 1;
    if (mediaType == "image/jpeg") {
        scaled = decodeJpegScaled(bytes, maxEdge, &orientation);
    } else if (mediaType == "image/png") {
        scaled = decodePngScaled(bytes, maxEdge);
    }
    if (!scaled) {
        return std::move(scaled).error();
    }
    return encodeJpeg(applyOrientation(*scaled, orientation), kThumbnailQuality);
}

int exifOrientation(std::string_view app1Payload) noexcept {
    static constexpr std::string_view kExifHeader{"Exif\0\0", 6};
    if (!app1Payload.starts_with(kExifHeader)) {
        return 1;
    }
    const auto* tiff = asBytes(app1Payload.substr(kExifHeader.size()));
    const std::size_t size = app1Payload.size() - kExifHeader.size();
    if (size < 8) {
        return 1;
    }
    bool bigEndian = false;
    if (tiff[0] == 'M' && tiff[1] == 'M') {
        bigEndian = true;
    } else if (tiff[0] != 'I' || tiff[1] != 'I') {
        return 1;
    }
    if (readUnsigned(tiff + 2, 2, bigEndian) != 42) {
        return 1;
    }
    const std::uint32_t ifd = readUnsigned(tiff + 4, 4, bigEndian);
    if (ifd > size || size - ifd < 2) {
        return 1;
    }
    const std::uint32_t count = readUnsigned(tiff + ifd, 2, bigEndian);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t entry = ifd + 2 + static_cast<std::size_t>(i) * 12;
        if (entry + 12 > size) {
            return 1;
        }
        constexpr std::uint32_t kOrientationTag = 0x0112;
        constexpr std::uint32_t kShortType = 3;
        if (readUnsigned(tiff + entry, 2, bigEndian) == kOrientationTag) {
            if (readUnsigned(tiff + entry + 2, 2, bigEndian) != kShortType) {
                return 1;
            }
            const std::uint32_t value = readUnsigned(tiff + entry + 8, 2, bigEndian);
            return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
        }
    }
    return 1;
}

RgbImage applyOrientation(const RgbImage& image, int orientation) {
    if (orientation < 2 || orientation > 8) {
        return image;
    }
    const int w = image.width;
    const int h = image.height;
    const bool swap = orientation >= 5;
    RgbImage out;
    out.width = swap ? h : w;
    out.height = swap ? w : h;
    out.pixels.resize(image.pixels.size());
    for (int dy = 0; dy < out.height; ++dy) {
        for (int dx = 0; dx < out.width; ++dx) {
            int sx = dx;
            int sy = dy;
            switch (orientation) {
            case 2:
                sx = w - 1 - dx;
                break;
            case 3:
                sx = w - 1 - dx;
                sy = h - 1 - dy;
                break;
            case 4:
                sy = h - 1 - dy;
                break;
            case 5:
                sx = dy;
                sy = dx;
                break;
            case 6:
                sx = dy;
                sy = h - 1 - dx;
                break;
            case 7:
                sx = w - 1 - dy;
                sy = h - 1 - dx;
                break;
            default:
                sx = w - 1 - dy;
                sy = dx;
                break; // 8
            }
            const auto src =
                (static_cast<std::size_t>(sy) * static_cast<std::size_t>(w) + static_cast<std::size_t>(sx)) *
                3;
            const auto dst = (static_cast<std::size_t>(dy) * static_cast<std::size_t>(out.width) +
                              static_cast<std::size_t>(dx)) *
                             3;
            std::memcpy(&out.pixels[dst], &image.pixels[src], 3);
        }
    }
    return out;
}

} // namespace jejak::server
