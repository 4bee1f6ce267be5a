// SPDX-License-Identifier: Apache-2.0
// jejak-admin report realisation.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace jejak::server {

/// `report realisation [--data-dir DIR] --scope employee|team|unit|skpItem --id ID [--year YYYY]
/// [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format json|csv]`: prints the realisation report
/// (reports/realisation.hpp, docs/reports.md) of the existing database DIR/jejak.db to `out`, JSON by
/// default. The year defaults to the current UTC year. Fails (on `err`) for an unknown subject.
int runReportRealisation(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                         std::ostream& err);

} // namespace jejak::server
