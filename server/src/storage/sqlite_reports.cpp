// SPDX-License-Identifier: Apache-2.0
// SQL of the realisation reports: the activities of SKP items with their ratings (tables activity, rating).
#include "storage/sqlite_storage.hpp"

#include "jejak/shared/codec.hpp"
#include "jejak/shared/json_fields.hpp"

#include <algorithm>
#include <limits>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

/// Decodes the codec JSON of a stored row; storage.corrupt naming the row when it does not decode.
template <class T> Result<T> decodeStored(const std::string& text, std::string_view what, std::string_view id) {
    auto json = shared::parseJson(text);
    if (!json)
        return Error(ErrorCode::StorageCorrupt, std::string(id),
                     std::string(what) + " " + std::string(id) + " is not JSON: " + json.error().message);
    auto value = shared::decode<T>(*json);
    if (!value)
        return Error(ErrorCode::StorageCorrupt, std::string(id),
                     std::string(what) + " " + std::string(id) + " does not decode: " + value.error().message);
    return value;
}

/// The activities of one SKP item in [from, to), appended to `out` (activity_skp_item narrows to the item).
Result<void> appendItemActivities(StatementCache& sql, const std::string& itemId, std::int64_t from,
                                  std::int64_t to, std::vector<SkpItemActivity>& out) {
    auto stmt = sql.get("SELECT a.id, a.nip, a.state, a.start_ms, a.data, r.data FROM activity a "
                        "LEFT JOIN rating r ON r.activity_id = a.id "
                        "WHERE a.skp_item_id = ? AND a.start_ms >= ? AND a.start_ms < ? "
                        "ORDER BY a.start_ms, a.id");
    if (!stmt)
        return std::move(stmt).error();
    shared::sqlite::Statement& s = **stmt;
    if (auto r = s.bindAll(std::string_view(itemId), from, to); !r)
        return r;
    for (;;) {
        auto row = s.step();
        if (!row)
            return std::move(row).error();
        if (!*row)
            break;
        SkpItemActivity a;
        a.activityId = s.columnText(0);
        a.nip = s.columnText(1);
        a.skpItemId = itemId;
        const std::string state = s.columnText(2);
        const auto parsed = shared::json::parseEnum<shared::ActivityState>(state);
        if (!parsed) {
            s.reset();
            return Error(ErrorCode::StorageCorrupt, a.activityId,
                         "activity " + a.activityId + " has the unknown state '" + state + "'");
        }
        a.state = *parsed;
        a.start = shared::Timestamp{shared::Milliseconds{s.columnInt64(3)}};
        auto activity = decodeStored<shared::Activity>(s.columnText(4), "activity", a.activityId);
        if (!activity) {
            s.reset();
            return std::move(activity).error();
        }
        a.outputQuantity = activity->outputQuantity;
        if (!s.isNull(5)) {
            auto rating = decodeStored<shared::Rating>(s.columnText(5), "the rating of activity", a.activityId);
            if (!rating) {
                s.reset();
                return std::move(rating).error();
            }
            a.rating = rating->scores;
        }
        out.push_back(std::move(a));
    }
    s.reset();
    return {};
}

} // namespace

Result<std::vector<SkpItemActivity>> SqliteStorage::skpItemActivities(const std::vector<std::string>& skpItemIds,
                                                                      const ActivityPeriod& period) const {
    std::vector<std::string> ids = skpItemIds;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const std::int64_t from =
        period.from ? period.from->time_since_epoch().count() : std::numeric_limits<std::int64_t>::min();
    const std::int64_t to =
        period.to ? period.to->time_since_epoch().count() : std::numeric_limits<std::int64_t>::max();
    return read([&](ReadContext& ctx) -> Result<std::vector<SkpItemActivity>> {
        std::vector<SkpItemActivity> out;
        for (const std::string& id : ids) {
            if (auto r = appendItemActivities(ctx.statements(), id, from, to, out); !r)
                return std::move(r).error();
        }
        return out;
    });
}

} // namespace jejak::server
