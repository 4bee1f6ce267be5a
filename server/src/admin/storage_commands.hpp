// SPDX-License-Identifier: Apache-2.0
// jejak-admin init-db, import and audit verify.
#pragma once

#include "jejak/shared/error.hpp"
#include "jejak/shared/time.hpp"

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace jejak::server {

class SqliteStorage;

/// Opens DIR/jejak.db for a command; `create` only for init-db (the others need an initialised database:
/// storage.io naming the path, with a hint to run init-db, when it is missing). No reference polling.
[[nodiscard]] shared::Result<std::unique_ptr<SqliteStorage>> openAdminDatabase(const std::string& dataDir,
                                                                              bool create,
                                                                              const shared::Clock& clock);

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
