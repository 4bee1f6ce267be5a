// SPDX-License-Identifier: Apache-2.0
// The photo pipeline of the activity form: decode (EXIF orientation applied), scale the long edge down to
// kPhotoLongEdge, encode as JPEG, hash. The result goes into the store with ClientStore::addEvidence.
#pragma once

#include "jejak/shared/error.hpp"

#include <QByteArray>
#include <QImage>
#include <QString>

namespace jejak::mobile {

inline constexpr int kPhotoLongEdge = 1600;
inline constexpr int kPhotoJpegQuality = 85;

struct ProcessedPhoto {
    QByteArray jpeg;
    QString sha256; ///< lowercase hex of the JPEG bytes
    int width = 0;
    int height = 0;
};

/// Scales `image` so that its long edge is at most kPhotoLongEdge (never up) and encodes it.
/// EvidenceCorrupt ("evidence") for a null image.
[[nodiscard]] shared::Result<ProcessedPhoto> processPhoto(const QImage& image);
/// Reads the image file (JPEG, PNG, ...; rotated by its EXIF orientation) and processes it.
/// EvidenceCorrupt ("evidence") when it cannot be decoded.
[[nodiscard]] shared::Result<ProcessedPhoto> processPhotoFile(const QString& path);

} // namespace jejak::mobile
