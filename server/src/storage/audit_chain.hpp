// SPDX-License-Identifier: Apache-2.0
// The audit log's hash chain: the exact bytes hashed for each entry, and the chain check.
// Backend-independent.
#pragma once

#include "storage/storage.hpp"

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

// The chain, exactly (so that an auditor can re-verify it with other tools, see docs/storage.md):
//
//   hash(n) = lowercase hex of SHA-256( prev_hash(n) || canonical(n) )
//   prev_hash(1) = "0000...0000" (64 ASCII zeros); prev_hash(n) = hash(n-1)
//
// where prev_hash(n) enters as its 64 ASCII hex characters and canonical(n) is this UTF-8 JSON text, with
// no whitespace and the keys in this (sorted) order:
//
//   {"action":A,"actor":R,"at":T,"detail":D,"entity":E,"entityId":I,"seq":N}
//
// N (seq) and T (at: milliseconds since 1970-01-01T00:00:00Z) are decimal integers; A, R, D, E and I are
// JSON strings of the column values: the detail column is embedded as a string (its JSON text verbatim),
// not as a nested object. Strings escape only '"' as \", '\' as \\, the control characters U+0008,
// U+0009, U+000A, U+000C, U+000D as \b \t \n \f \r and every other control character below U+0020 as
// \u00xx (lowercase hex); every other byte is copied as it is. This is the JSON Canonicalization Scheme
// (RFC 8785) of that object, and what Python's
//   json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
// writes.
namespace jejak::server {

/// prev_hash of the first entry.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// canonical(n) of the comment above.
[[nodiscard]] std::string auditCanonicalText(std::int64_t seq, shared::Timestamp at, const AuditEntry& entry);

/// hash(n) of the comment above. Fails (Internal) only when OpenSSL cannot compute a digest.
[[nodiscard]] shared::Result<std::string> auditHash(std::string_view prevHash, std::int64_t seq,
                                                    shared::Timestamp at, const AuditEntry& entry);

/// Checks a chain fed to it row by row in seq order, whatever the backend reads them from.
/// Invariant: after n calls to add(), result().entries == n and result().firstBadSeq names the first row
/// (in feeding order) that broke the chain: a seq other than the previous one + 1 (starting at 1), a
/// prev_hash other than the previous row's stored hash (the genesis hash for the first), or a stored hash
/// other than the recomputed one. Rows after a bad one are still counted but not judged, since the chain
/// is already broken there.
class AuditChainVerifier {
  public:
    /// Fails (Internal) only when a digest cannot be computed.
    [[nodiscard]] shared::Result<void> add(const AuditRecord& record);
    [[nodiscard]] const AuditVerification& result() const noexcept { return m_result; }

  private:
    AuditVerification m_result;
    std::string m_prevHash{kAuditGenesisHash};
};

} // namespace jejak::server
