// SPDX-License-Identifier: Apache-2.0
// The pusher: sends the outbox in order, in batches, and stores each op's result.
#include "engine_pass.hpp"

#include <algorithm>
#include <set>

namespace jejak::sync::detail {

using shared::Error;

void Pusher::pushReady() {
    auto& store = m_pass.store();
    const auto batchSize = static_cast<std::size_t>(std::max(1, m_pass.options().pushBatch));
    while (!m_pass.failed()) {
        const auto outbox = store.outbox();
        m_pass.progress().update([&](SyncProgress& p) { p.queuedOps = static_cast<int>(outbox.size()); });

        std::vector<const OutboxEntry*> batch;
        std::set<std::string, std::less<>> held; // records whose next op must not go in this batch
        for (const auto& entry : outbox) {
            if (batch.size() == batchSize)
                break;
            const bool sent = std::find(m_sent.begin(), m_sent.end(), entry.op.opId) != m_sent.end();
            if (held.contains(entry.recordId) || entry.waitingForEvidence || sent) {
                held.insert(entry.recordId);
                continue;
            }
            held.insert(entry.recordId);
            batch.push_back(&entry);
        }
        if (batch.empty() || !m_pass.proceed(SyncPoint::BeforePush))
            return;

        PushRequest request;
        request.deviceId = m_pass.deviceId();
        for (const auto* entry : batch) {
            request.ops.push_back(entry->op);
            m_sent.push_back(entry->op.opId);
        }
        auto response =
            m_pass.http().call<PushResponse>("POST", "/v1/sync/push", jsonText(request), "push answer");
        if (!response)
            return m_pass.fail(std::move(response).error());
        const auto& results = response->results;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (results.size() != batch.size() || results[i].opId != batch[i]->op.opId)
                return m_pass.fail(badResponse("push answer", "its results do not match the ops sent"));
        }
        if (!m_pass.proceed(SyncPoint::AfterPushResponse))
            return;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (auto stored = store.recordResult(batch[i]->seq, results[i]); !stored)
                return m_pass.fail(std::move(stored).error());
            if (results[i].error && results[i].error->transient)
                m_pass.noteTransient(toError(*results[i].error));
        }
    }
}

} // namespace jejak::sync::detail
