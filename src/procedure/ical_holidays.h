#pragma once

#include <date/date.h>

#include <set>
#include <string>

#include "common/result.h"

namespace tierdesk::procedure {

// The dates covered by the VEVENTs of an iCalendar text: all-day events cover DTSTART up to
// (not including) DTEND; recurring events (RRULE) are expanded for `years` years.
[[nodiscard]] Result<std::set<date::local_days>> ParseIcalHolidays(const std::string& ics,
                                                                   int years = 10);

}  // namespace tierdesk::procedure
