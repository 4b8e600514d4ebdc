#pragma once

#include "common/time.h"
#include "core/procedure.h"
#include "json/codec.h"

namespace tierdesk::http {

// The procedure in force as GET /api/v1/procedure shows it to staff: the ladder with each
// tier's accepted hand-off criteria and clocks, calendars (weekly hours and the holidays
// after `now`), the hierarchical track, approval gates, closure rules, people and assets.
// The admin pages draw it; the console takes criteria and resolution fields from it.
json::Json ProcedureJson(const core::Procedure& p, Timestamp now);

}  // namespace tierdesk::http
