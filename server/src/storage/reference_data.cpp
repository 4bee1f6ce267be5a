// SPDX-License-Identifier: Apache-2.0
// Bundle <-> reference rows, through the shared codec; one table of the eleven collections.
#include "storage/reference_data.hpp"

#include "jejak/shared/codec.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <optional>
#include <type_traits>

namespace jejak::server {

using shared::Bundle;
using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

/// One collection of the bundle: its name in the file, its kind in storage, and where it lives.
template <class T> struct Collection {
    std::string_view name;
    std::string_view kind;
    std::vector<T> Bundle::*member;
};

template <class T> const std::string& idOf(const T& record) {
    return record.id;
}
const std::string& idOf(const shared::Employee& employee) {
    return employee.nip;
}

/// Calls `f(Collection<T>{...})` for each collection, in the bundle's order.
template <class F> void forEachCollection(F&& f) {
    f(Collection<shared::Instansi>{"instansi", "instansi", &Bundle::instansi});
    f(Collection<shared::Unit>{"units", "unit", &Bundle::units});
    f(Collection<shared::Position>{"positions", "position", &Bundle::positions});
    f(Collection<shared::Employee>{"employees", "employee", &Bundle::employees});
    f(Collection<shared::Placement>{"placements", "placement", &Bundle::placements});
    f(Collection<shared::RoleBinding>{"roleBindings", "roleBinding", &Bundle::roleBindings});
    f(Collection<shared::PerformanceTarget>{"targets", "target", &Bundle::targets});
    f(Collection<shared::Skp>{"skps", "skp", &Bundle::skps});
    f(Collection<shared::SkpItem>{"skpItems", "skpItem", &Bundle::skpItems});
    f(Collection<shared::Team>{"teams", "team", &Bundle::teams});
    f(Collection<shared::Membership>{"memberships", "membership", &Bundle::memberships});
}

} // namespace

std::vector<ReferenceRow> referenceRows(const Bundle& bundle) {
    std::vector<ReferenceRow> rows;
    forEachCollection([&](auto collection) {
        for (const auto& record : bundle.*collection.member)
            rows.push_back({collection.kind, idOf(record), boost::json::serialize(shared::toJson(record))});
    });
    return rows;
}

Bundle inStoredOrder(Bundle bundle) {
    forEachCollection([&](auto collection) {
        auto& records = bundle.*collection.member;
        std::stable_sort(records.begin(), records.end(),
                         [](const auto& a, const auto& b) { return idOf(a) < idOf(b); });
    });
    return bundle;
}

std::vector<std::pair<std::string, std::size_t>> collectionCounts(const Bundle& bundle) {
    std::vector<std::pair<std::string, std::size_t>> counts;
    forEachCollection([&](auto collection) {
        counts.emplace_back(std::string(collection.name), (bundle.*collection.member).size());
    });
    return counts;
}

Result<void> ReferenceDecoder::add(std::string_view kind, std::string_view id, std::string_view data) {
    const auto corrupt = [&](std::string message) {
        return Error(ErrorCode::StorageCorrupt,
                     "ref_entity[" + std::string(kind) + "/" + std::string(id) + "]", std::move(message));
    };
    std::optional<Result<void>> outcome;
    forEachCollection([&](auto collection) {
        if (collection.kind != kind)
            return;
        auto& records = m_bundle.*collection.member;
        using Record = typename std::remove_cvref_t<decltype(records)>::value_type;
        auto json = shared::parseJson(data);
        if (!json) {
            outcome = corrupt("stored JSON does not parse: " + json.error().message);
            return;
        }
        auto record = shared::decode<Record>(*json);
        if (!record) {
            outcome = corrupt("stored record does not decode: " + shared::toString(record.error()));
            return;
        }
        if (idOf(*record) != id) {
            outcome = corrupt("stored record has id '" + idOf(*record) + "'");
            return;
        }
        records.push_back(std::move(record).value());
        outcome = Result<void>();
    });
    if (!outcome)
        return corrupt("unknown reference kind");
    return std::move(*outcome);
}

} // namespace jejak::server
