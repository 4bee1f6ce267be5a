// SPDX-License-Identifier: Apache-2.0
// jejak-admin init-db, import and audit verify.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace jejak::server {

/// `init-db [--data-dir DIR]`: creates DIR and DIR/jejak.db when missing and applies every pending
/// migration. Idempotent. Prints the database's schema version, reference version and audit length.
int runInitDb(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

/// `import [--data-dir DIR] [--actor NIP] [--clock-start RFC3339] BUNDLE.json`: loads the bundle with
/// shared::loadBundleFile; when it has any problem, prints every one (shared::formatProblems, one per line)
/// to `err` and fails without opening the database. Otherwise replaces the reference data of the existing
/// database DIR/jejak.db in one transaction (audited as `actor`, default "jejak-admin") and prints a
/// summary: the new reference version, the audit seq and the records per collection.
int runImport(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

/// `audit verify [--data-dir DIR]`: recomputes the audit hash chain of DIR/jejak.db. Prints
/// "audit chain valid: N entries, head hash H" and succeeds, or names the first bad seq on `err` and fails.
int runAuditVerify(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err);

} // namespace jejak::server
