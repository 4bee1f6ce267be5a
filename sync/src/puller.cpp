// SPDX-License-Identifier: Apache-2.0
// The puller: fetches the change feed page by page and has the store apply each page with its cursor.
#include "engine_pass.hpp"

namespace jejak::sync::detail {

void pullAll(Pass& pass) {
    auto& store = pass.store();
    while (pass.proceed(SyncPoint::BeforePull)) {
        PullRequest request;
        request.cursor = store.cursor();
        request.limit = pass.options().pullLimit;
        auto page = pass.http().call<PullResponse>("POST", "/v1/sync/pull", jsonText(request), "pull answer");
        if (!page)
            return pass.fail(std::move(page).error());
        if (!pass.proceed(SyncPoint::AfterPullResponse))
            return;
        if (auto applied = store.applyPull(*page); !applied)
            return pass.fail(std::move(applied).error());
        if (!page->hasMore)
            return;
        if (page->cursor == request.cursor)
            return pass.fail(
                badResponse("pull answer", "more changes announced, but the cursor did not move"));
    }
}

} // namespace jejak::sync::detail
