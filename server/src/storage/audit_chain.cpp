// SPDX-License-Identifier: Apache-2.0
// The audit hash chain: canonical entry text (RFC 8785 shape), SHA-256 via OpenSSL EVP, the chain check.
#include "storage/audit_chain.hpp"

#include "jejak/shared/sha256.hpp"


#include <array>

namespace jejak::server {

using shared::Error;
using shared::ErrorCode;
using shared::Result;

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

void appendJsonString(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += kHexDigits[byte >> 4];
                out += kHexDigits[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

std::string auditCanonicalText(std::int64_t seq, shared::Timestamp at, const AuditEntry& entry) {
    std::string out;
    out.reserve(96 + entry.actor.size() + entry.action.size() + entry.entity.size() + entry.entityId.size() +
                entry.detail.size());
    out += "{\"action\":";
    appendJsonString(out, entry.action);
    out += ",\"actor\":";
    appendJsonString(out, entry.actor);
    out += ",\"at\":";
    out += std::to_string(at.time_since_epoch().count());
    out += ",\"detail\":";
    appendJsonString(out, entry.detail);
    out += ",\"entity\":";
    appendJsonString(out, entry.entity);
    out += ",\"entityId\":";
    appendJsonString(out, entry.entityId);
    out += ",\"seq\":";
    out += std::to_string(seq);
    out += '}';
    return out;
}

Result<std::string> auditHash(std::string_view prevHash, std::int64_t seq, shared::Timestamp at,
                              const AuditEntry& entry) {
    std::string bytes(prevHash);
    bytes += auditCanonicalText(seq, at, entry);
    return shared::sha256Hex(bytes);
}

Result<void> AuditChainVerifier::add(const AuditRecord& record) {
    ++m_result.entries;
    if (!m_result.valid())
        return {};
    const std::int64_t expectedSeq = m_result.entries;
    const auto fail = [&](std::string problem) {
        m_result.firstBadSeq = record.seq;
        m_result.problem = std::move(problem);
        m_result.headHash.clear();
    };
    if (record.seq != expectedSeq) {
        fail("expected seq " + std::to_string(expectedSeq) +
             " (entries must be numbered 1, 2, 3, ... without gaps)");
        return {};
    }
    if (record.prevHash != m_prevHash) {
        fail(expectedSeq == 1
                 ? "prev_hash of the first entry is not the genesis hash (64 zeros)"
                 : "prev_hash does not match the hash of seq " + std::to_string(expectedSeq - 1));
        return {};
    }
    auto hash = auditHash(record.prevHash, record.seq, record.at, record.entry);
    if (!hash)
        return std::move(hash).error();
    if (*hash != record.hash) {
        fail("hash does not match the entry's content (stored " + record.hash + ", computed " + *hash + ")");
        return {};
    }
    m_prevHash = record.hash;
    m_result.headHash = record.hash;
    return {};
}

} // namespace jejak::server
