// SPDX-License-Identifier: Apache-2.0
// Test helpers of the auth tests: the demo reference data, a seeded database, an Auth over a temp dir.
#pragma once

#include "auth/auth.hpp"
#include "auth/sqlite_account_store.hpp"
#include "storage/sqlite_storage.hpp"

#include "support/temp_dir.hpp"

#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/model.hpp"
#include "jejak/shared/time.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace jejak::testing {

/// The cheapest Argon2id parameters: the tests' hashes take about a millisecond.
inline constexpr server::PasswordParams kFastPassword{1, 8192};

// People of the demo bundle (assets/demo/bundle.json).
/// Anggota of PAK and Ketua of PIA (2023).
inline constexpr std::string_view kDemoKetuaPia = "198410082009021003";
/// Kepala Bidang INKA: appraiser and unit head of unit-inka.
inline constexpr std::string_view kDemoKabidInka = "197608212001031005";
/// Holds the Admin binding of the Kantor Regional (and is anggota of PDK).
inline constexpr std::string_view kDemoAdmin = "199210232017031022";
/// A plain member of PAK and PIA.
inline constexpr std::string_view kDemoAnggota = "199106222015031012";
/// A day on which every demo team runs.
inline const shared::Date kDemoDay = shared::Date(std::chrono::year(2023) / 3 / 15);

/// The demo bundle, loaded (and checked) once.
[[nodiscard]] const shared::Bundle& demoBundle();
/// The demo bundle as a reference snapshot.
[[nodiscard]] std::shared_ptr<const shared::InMemoryDomain> demoReference();

/// Creates dataDir/jejak.db with the schema and every record of `bundle` in ref_entity (what the import
/// command will write). Fails the test on any error.
void seedDatabase(const std::string& dataDir, const shared::Bundle& bundle);

/// A SqliteStorage on `dir`/jejak.db (created and migrated) for AppStates of tests whose routes do not
/// read the database. Fails the test on error.
[[nodiscard]] std::unique_ptr<server::SqliteStorage> openTestStorage(const TempDir& dir, const shared::Clock& clock);

/// An Auth over a SqliteAccountStore in a fresh temp dir, with a FixedClock at 2023-03-15T02:00:00Z and
/// fast password hashing. Single-threaded use (the FixedClock is not thread-safe).
struct AuthRig {
    explicit AuthRig(std::shared_ptr<const shared::InMemoryDomain> reference = demoReference(),
                     server::AuthOptions options = fastOptions());

    [[nodiscard]] static server::AuthOptions fastOptions();
    [[nodiscard]] std::string databasePath() const { return dir.file("jejak.db"); }
    /// Creates an account (fails the test on error).
    void addAccount(std::string_view nip, std::string_view password, bool disabled = false);
    /// A login request of `nip` from the given device.
    [[nodiscard]] static sync::LoginRequest request(std::string_view nip, std::string_view password,
                                                    std::string_view deviceId = "device-1");

    TempDir dir;
    shared::FixedClock clock;
    std::unique_ptr<server::SqliteAccountStore> store;
    std::unique_ptr<server::Auth> auth;
};

} // namespace jejak::testing
