// SPDX-License-Identifier: Apache-2.0
// GET /v1/reports/realisation: realisation against targets per SKP item, employee, team or unit.
#pragma once

#include "app_state.hpp"
#include "caller.hpp"
#include "http_message.hpp"
#include "reports/realisation.hpp"
#include "router.hpp"

#include "jejak/shared/in_memory_domain.hpp"
#include "jejak/shared/time.hpp"

#include <string_view>

namespace jejak::server {

/// Who may see a report (docs/reports.md), with the roles of `callerNip` on `day`:
/// - employee N: N themself, N's appraiser, a head of N's unit (on `day`) or of a unit above it;
/// - SKP item: whoever may see its owner's employee report, and the Ketua of a team it cascades from;
/// - team T: T's Ketua, a head of T's owner unit or of a unit above it;
/// - unit U: a head of U or of a unit above it;
/// - every scope: an admin (Role::Admin binding) of the subject's instansi.
/// Nobody else; an unknown subject is never visible.
[[nodiscard]] bool canSeeReport(const shared::InMemoryDomain& reference, std::string_view callerNip,
                                shared::Date day, ReportScope scope, std::string_view id);

/// GET /v1/reports/realisation?scope=employee&nip=N | scope=team&team=T | scope=unit&unit=U |
/// scope=skpItem&item=I, with optional year=YYYY (default: the caller's current local year), from and
/// to (YYYY-MM-DD, inclusive, on the activity's start) and format=json|csv (default json).
/// 200 with the report (application/json, or text/csv; charset=utf-8 with a Content-Disposition file
/// name); 422 general.invalid_argument naming the bad parameter; 403 auth.forbidden when canSeeReport
/// says no, also for an unknown subject (so ids cannot be probed); 503 storage.busy.
[[nodiscard]] HttpResponse handleRealisationReport(const HttpRequest& request, const RouteParams& params,
                                                   AppState& state, const Caller& caller);

} // namespace jejak::server
