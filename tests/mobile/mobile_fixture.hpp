// SPDX-License-Identifier: Apache-2.0
// Helpers of the mobile tests (QtTest): the real jejak-server on the demo bundle, devices (App instances on
// their own data directories) and generated photos.
#pragma once

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include "app.hpp"

#include "jejak/shared/time.hpp"

#include <QImage>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace jejak::testing {

// People of assets/demo/bundle.json (as in tests/server/story_fixture.hpp).
/// Field employee: anggota of PAK, PIA and PLT.
inline constexpr std::string_view kMobileAuthor = "199106222015031012";
/// Ketua of PAK.
inline constexpr std::string_view kMobileKetuaPak = "198605122010031004";
/// Kepala Bidang INKA: the appraiser of every INKA employee.
inline constexpr std::string_view kMobileAppraiser = "197608212001031005";
inline constexpr std::string_view kMobilePassword = "kata-sandi-rahasia";
/// The instant the server's and the devices' clocks start at.
inline constexpr std::string_view kMobileClockStart = "2023-03-15T08:00:00+08:00";

/// jejak-server on a data dir that jejak-admin prepared (init-db, import of the demo bundle, an account per
/// kMobile* person), on 127.0.0.1. stop() and start() keep the port, so devices find it again.
class MobileServer {
public:
    /// Prepares and starts; error() is non-empty when that failed.
    explicit MobileServer(std::string logName);
    [[nodiscard]] const QString& error() const { return m_error; }
    bool start();
    bool stop();
    [[nodiscard]] QString url() const;

private:
    QString m_error;
    TempDir m_dir;
    std::string m_data;
    std::string m_logName;
    std::uint16_t m_port = 0;
    int m_starts = 0;
    ServerProcess m_process;
};

/// One device: an App on its own data directory, its clock started at kMobileClockStart. With manual sync
/// (default) only sync() syncs; with background sync the SyncScheduler and live notifications run.
struct Device {
    explicit Device(bool backgroundSync = false);
    /// Logs in and waits for the answer; empty on success, else the message.
    QString login(const QString& url, std::string_view nip);
    /// syncNow() and waits for the pass to end; true when it succeeded.
    bool sync();

    TempDir dir;
    shared::OffsetClock clock;
    std::unique_ptr<mobile::App> app;
};

/// A generated photo (gradient and shapes, so the JPEG is not trivially small).
[[nodiscard]] QImage makePhoto(int width, int height);
/// Writes makePhoto() as a JPEG file to `path`.
bool writePhoto(const QString& path, int width, int height);

} // namespace jejak::testing
