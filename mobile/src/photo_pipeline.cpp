// SPDX-License-Identifier: Apache-2.0
#include "photo_pipeline.hpp"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImageReader>
#include <QImageWriter>

#include <algorithm>

namespace jejak::mobile {

shared::Result<ProcessedPhoto> processPhoto(const QImage& image) {
    if (image.isNull()) {
        return shared::Error(shared::ErrorCode::EvidenceCorrupt, "evidence", "the image cannot be decoded");
    }
    QImage scaled = image;
    if (std::max(image.width(), image.height()) > kPhotoLongEdge) {
        scaled = image.scaled(kPhotoLongEdge, kPhotoLongEdge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    if (scaled.hasAlphaChannel()) {
        scaled = scaled.convertToFormat(QImage::Format_RGB32);
    }
    ProcessedPhoto out;
    QBuffer buffer(&out.jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(kPhotoJpegQuality);
    writer.setOptimizedWrite(true);
    if (!writer.write(scaled)) {
        return shared::Error(shared::ErrorCode::Internal, "evidence",
                             "JPEG encoding failed: " + writer.errorString().toStdString());
    }
    out.sha256 = QString::fromLatin1(QCryptographicHash::hash(out.jpeg, QCryptographicHash::Sha256).toHex());
    out.width = scaled.width();
    out.height = scaled.height();
    return out;
}

shared::Result<ProcessedPhoto> processPhotoFile(const QString& path) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    if (image.isNull()) {
        return shared::Error(shared::ErrorCode::EvidenceCorrupt, "evidence",
                             "cannot read " + path.toStdString() + ": " + reader.errorString().toStdString());
    }
    return processPhoto(image);
}

} // namespace jejak::mobile
