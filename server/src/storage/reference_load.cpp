// SPDX-License-Identifier: Apache-2.0
// ref_entity rows -> Bundle -> InMemoryDomain.
#include "storage/reference_load.hpp"

#include "jejak/shared/codec.hpp"

#include <string_view>
#include <vector>

namespace jejak::server {

using shared::Result;

namespace {

/// Decodes every row of one kind into `out`, in primary-key order.
template <class T>
Result<void> loadKind(shared::sqlite::Database& db, std::string_view kind, std::vector<T>& out) {
    auto s = db.prepare("SELECT id, data FROM ref_entity WHERE kind = ? ORDER BY id");
    if (!s) {
        return std::move(s).error();
    }
    if (auto b = s->bindAll(kind); !b) {
        return b;
    }
    for (;;) {
        auto row = s->step();
        if (!row) {
            return std::move(row).error();
        }
        if (!*row) {
            return {};
        }
        const std::string where = "ref_entity[" + std::string(kind) + "/" + s->columnText(0) + "]";
        auto json = shared::parseJson(s->columnText(1));
        if (!json) {
            shared::Error e = std::move(json).error();
            e.field = where;
            return e;
        }
        auto value = shared::decode<T>(*json);
        if (!value) {
            shared::Error e = std::move(value).error();
            e.field = e.field.empty() ? where : where + "." + e.field;
            return e;
        }
        out.push_back(std::move(*value));
    }
}

} // namespace

Result<std::shared_ptr<const shared::InMemoryDomain>> loadReferenceSnapshot(shared::sqlite::Database& db) {
    shared::Bundle b;
    Result<void> r = loadKind(db, "instansi", b.instansi);
    if (r)
        r = loadKind(db, "unit", b.units);
    if (r)
        r = loadKind(db, "position", b.positions);
    if (r)
        r = loadKind(db, "employee", b.employees);
    if (r)
        r = loadKind(db, "placement", b.placements);
    if (r)
        r = loadKind(db, "roleBinding", b.roleBindings);
    if (r)
        r = loadKind(db, "target", b.targets);
    if (r)
        r = loadKind(db, "skp", b.skps);
    if (r)
        r = loadKind(db, "skpItem", b.skpItems);
    if (r)
        r = loadKind(db, "team", b.teams);
    if (r)
        r = loadKind(db, "membership", b.memberships);
    if (!r) {
        return std::move(r).error();
    }
    return std::shared_ptr<const shared::InMemoryDomain>(
        std::make_shared<shared::InMemoryDomain>(std::move(b)));
}

} // namespace jejak::server
