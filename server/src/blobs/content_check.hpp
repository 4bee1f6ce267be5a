// SPDX-License-Identifier: Apache-2.0
// Evidence file types: is a blob really the kind of file its uploader declared?
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jejak::server {

/// What the first bytes of a file say it is: "JPEG", "PNG", "PDF", "ZIP", "OLE2", or "unknown".
[[nodiscard]] std::string_view sniffFileType(std::string_view bytes) noexcept;

/// Whether `bytes` are a complete file of `mediaType` (lower-case, no parameters). nullopt when they
/// are, else the reason (English, names what the bytes look like instead). The checks:
/// - image/jpeg: checkJpeg() (image.hpp): a full decode where any libjpeg warning is an error;
/// - image/png: the signature, then every chunk with a correct CRC: IHDR first (valid dimensions, at
///   most kMaxImagePixels, bit depth and colour type), IDAT chunks consecutive, IEND last with nothing
///   after it; the IDAT stream inflates completely (zlib, Adler-32 checked) to exactly the size the
///   header implies, with no data after its end;
/// - application/pdf: "%PDF-" at the start and "%%EOF" within the last 1024 bytes;
/// - the three OOXML types (docx, xlsx, pptx): a ZIP whose first local header is at offset 0 and whose
///   central directory lists "[Content_Types].xml" and the main part's folder ("word/", "xl/" or "ppt/");
/// - the three legacy Office types (doc, xls, ppt): an OLE2 compound file header (magic, byte order,
///   version 3 with 512-byte or version 4 with 4096-byte sectors). Which of the three it holds is not
///   checked.
/// Any other media type is refused.
[[nodiscard]] std::optional<std::string> checkContent(std::string_view mediaType, std::string_view bytes);

} // namespace jejak::server
