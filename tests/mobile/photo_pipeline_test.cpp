// SPDX-License-Identifier: Apache-2.0
// The photo pipeline: a 12 MP photo is scaled to a long edge of 1600 px, encoded as a valid JPEG whose
// SHA-256 names it, with its EXIF orientation applied; what cannot be decoded is refused with a stable code.
#include "mobile_fixture.hpp"
#include "photo_pipeline.hpp"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImageReader>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QtTest>

using namespace jejak;

class PhotoPipelineTest : public QObject {
    Q_OBJECT

private slots:
    void scalesA12MegapixelPhotoToTheLongEdge() {
        const QImage photo = testing::makePhoto(4000, 3000);
        const auto processed = mobile::processPhoto(photo);
        QVERIFY(processed.ok());
        QCOMPARE(processed->width, 1600);
        QCOMPARE(processed->height, 1200);
        // A real JPEG (SOI marker), decodable at the stated size.
        QVERIFY(processed->jpeg.startsWith("\xFF\xD8\xFF"));
        QBuffer buffer(const_cast<QByteArray*>(&processed->jpeg));
        QImageReader reader(&buffer, "jpeg");
        QCOMPARE(reader.size(), QSize(1600, 1200));
        QVERIFY(!reader.read().isNull());
        // The hash names exactly these bytes.
        QCOMPARE(processed->sha256,
                 QString::fromLatin1(QCryptographicHash::hash(processed->jpeg, QCryptographicHash::Sha256).toHex()));
        QVERIFY(processed->jpeg.size() < 2 * 1024 * 1024);
    }

    void portraitKeepsItsAspectAndSmallPhotosAreNotEnlarged() {
        const auto portrait = mobile::processPhoto(testing::makePhoto(3000, 4000));
        QVERIFY(portrait.ok());
        QCOMPARE(QSize(portrait->width, portrait->height), QSize(1200, 1600));
        const auto small = mobile::processPhoto(testing::makePhoto(800, 600));
        QVERIFY(small.ok());
        QCOMPARE(QSize(small->width, small->height), QSize(800, 600));
    }

    void fileIsReadWithItsExifOrientation() {
        // A landscape JPEG tagged "rotate 90° clockwise" (orientation 6) is a portrait photo.
        QImage image = testing::makePhoto(2000, 1000);
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setTransformation(QImageIOHandler::TransformationRotate90);
        QVERIFY(writer.write(image));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rotated.jpg"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(jpeg);
        file.close();

        const auto processed = mobile::processPhotoFile(path);
        QVERIFY(processed.ok());
        QCOMPARE(QSize(processed->width, processed->height), QSize(800, 1600));
    }

    void undecodableFileIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("not-a-photo.jpg"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not an image");
        file.close();
        const auto processed = mobile::processPhotoFile(path);
        QVERIFY(!processed.ok());
        QCOMPARE(processed.error().code, shared::ErrorCode::EvidenceCorrupt);
        QVERIFY(!mobile::processPhoto(QImage()).ok());
    }
};

QTEST_GUILESS_MAIN(PhotoPipelineTest)
#include "photo_pipeline_test.moc"
