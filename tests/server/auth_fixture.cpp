// SPDX-License-Identifier: Apache-2.0
// Test helpers of the auth tests.
#include "auth_fixture.hpp"

#include "storage/schema.hpp"

#include "jejak/shared/bundle.hpp"
#include "jejak/shared/codec.hpp"
#include "jejak/shared/sqlite.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <filesystem>

namespace jejak::testing {

using shared::sqlite::Database;

namespace {

template <class T, class Id>
void insertAll(Database& db, std::string_view kind, const std::vector<T>& records, Id idOf) {
    auto s = db.prepare("INSERT INTO ref_entity (kind, id, data) VALUES (?, ?, ?)");
    REQUIRE(s);
    for (const T& r : records) {
        const std::string data = boost::json::serialize(shared::toJson(r));
        REQUIRE(s->bindAll(kind, std::string_view(idOf(r)), std::string_view(data)));
        const auto ran = s->run();
        INFO((ran ? std::string() : shared::toString(ran.error())));
        REQUIRE(ran);
    }
}

} // namespace

const shared::Bundle& demoBundle() {
    static const shared::Bundle bundle = [] {
        auto load = shared::loadBundleFile(std::string(JEJAK_SOURCE_DIR) + "/assets/demo/bundle.json");
        REQUIRE(load.ok());
        return *load.bundle;
    }();
    return bundle;
}

std::shared_ptr<const shared::InMemoryDomain> demoReference() {
    static const auto reference = std::make_shared<const shared::InMemoryDomain>(demoBundle());
    return reference;
}

std::unique_ptr<server::SqliteStorage> openTestStorage(const TempDir& dir, const shared::Clock& clock) {
    server::SqliteStorageOptions options;
    options.path = dir.file("jejak.db");
    auto opened = server::SqliteStorage::open(options, clock);
    REQUIRE(opened);
    return std::move(*opened);
}

void seedDatabase(const std::string& dataDir, const shared::Bundle& b) {
    std::filesystem::create_directories(dataDir);
    auto db = Database::open((std::filesystem::path(dataDir) / "jejak.db").string());
    REQUIRE(db);
    REQUIRE(shared::sqlite::migrate(*db, server::schemaMigrations()));
    auto tx = shared::sqlite::Transaction::begin(*db, shared::sqlite::Transaction::Mode::Immediate);
    REQUIRE(tx);
    const auto byId = [](const auto& r) -> const std::string& { return r.id; };
    insertAll(*db, "instansi", b.instansi, byId);
    insertAll(*db, "unit", b.units, byId);
    insertAll(*db, "position", b.positions, byId);
    insertAll(*db, "employee", b.employees,
              [](const shared::Employee& e) -> const std::string& { return e.nip; });
    insertAll(*db, "placement", b.placements, byId);
    insertAll(*db, "roleBinding", b.roleBindings, byId);
    insertAll(*db, "target", b.targets, byId);
    insertAll(*db, "skp", b.skps, byId);
    insertAll(*db, "skpItem", b.skpItems, byId);
    insertAll(*db, "team", b.teams, byId);
    insertAll(*db, "membership", b.memberships, byId);
    REQUIRE(tx->commit());
}

server::AuthOptions AuthRig::fastOptions() {
    server::AuthOptions options;
    options.password = kFastPassword;
    return options;
}

AuthRig::AuthRig(std::shared_ptr<const shared::InMemoryDomain> reference, server::AuthOptions options)
    : clock(*shared::parseTimestamp("2023-03-15T02:00:00Z")) {
    auto opened = server::SqliteAccountStore::open(databasePath());
    REQUIRE(opened);
    store = std::move(*opened);
    auto created = server::Auth::create(
        *store, clock, [reference] { return reference; }, options);
    REQUIRE(created);
    auth = std::move(*created);
}

void AuthRig::addAccount(std::string_view nip, std::string_view password, bool disabled) {
    auto hash = server::hashPassword(password, kFastPassword);
    REQUIRE(hash);
    REQUIRE(store->createAccount({std::string(nip), *hash, clock.now(), disabled}));
}

sync::LoginRequest AuthRig::request(std::string_view nip, std::string_view password,
                                    std::string_view deviceId) {
    return {std::string(nip), std::string(password), std::string(deviceId),
            "Test phone " + std::string(deviceId)};
}

} // namespace jejak::testing
