// Business-time arithmetic compared with a brute-force oracle that walks minute by minute and
// asks the tz database for each minute's local wall time.
#include <date/tz.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "core/calendar.h"
#include "core/sla_clock.h"

namespace tierdesk::core {
namespace {

const std::vector<std::string> kZones = {
    "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata",
    "America/Santiago", "Europe/Berlin", "Pacific/Chatham",  "UTC"};

bool OracleIsOpen(const Calendar& cal, Timestamp minute) {
  auto local = cal.zone()->to_local(minute);
  auto day = date::floor<date::days>(local);
  if (cal.holidays().count(day)) return false;
  Minutes tod = std::chrono::duration_cast<Minutes>(local - day);
  for (const auto& h : cal.week()[date::weekday(day).c_encoding()])
    if (tod >= h.start && tod < h.end) return true;
  return false;
}

struct PauseWindow {
  Timestamp from, to;
  bool Contains(Timestamp t) const { return t >= from && t < to; }
};

// The instant `budget` open minutes after `start`, not counting minutes inside `pause`;
// nullopt if it lies beyond the search limit.
std::optional<Timestamp> OracleDue(const Calendar& cal, Timestamp start, Minutes budget,
                                   PauseWindow pause) {
  long need = budget.count();
  const Timestamp limit = start + date::days(200);
  for (Timestamp m = start; m < limit; m += Minutes(1)) {
    if (pause.Contains(m) || !OracleIsOpen(cal, m)) continue;
    if (--need == 0) return m + Minutes(1);
  }
  return std::nullopt;
}

rc::Gen<Calendar> GenCalendar(Timestamp around) {
  return rc::gen::exec([around]() -> Calendar {
    const auto* zone = *LocateZone(*rc::gen::elementOf(kZones));
    std::array<std::vector<OpeningHours>, 7> week;
    bool any = false;
    for (auto& day : week) {
      // Half-hour steps make openings start and end on DST transition instants often.
      auto cuts = *rc::gen::container<std::vector<int>>(
          *rc::gen::elementOf(std::vector<size_t>{0, 2, 2, 4}), rc::gen::inRange(0, 49));
      std::sort(cuts.begin(), cuts.end());
      for (size_t i = 0; i + 1 < cuts.size(); i += 2) {
        if (cuts[i] == cuts[i + 1]) continue;
        if (!day.empty() && Minutes(cuts[i] * 30) < day.back().end) continue;
        day.push_back({Minutes(cuts[i] * 30), Minutes(cuts[i + 1] * 30)});
        any = true;
      }
    }
    if (!any) week[1] = {{std::chrono::hours(9), std::chrono::hours(17)}};
    std::set<date::local_days> holidays;
    auto first = date::floor<date::days>(zone->to_local(around));
    for (int offset :
         *rc::gen::container<std::vector<int>>(*rc::gen::inRange(0, 4), rc::gen::inRange(-2, 40)))
      holidays.insert(first + date::days(offset));
    return *Calendar::Create("random", zone, week, holidays);
  });
}

rc::Gen<Timestamp> GenInstant() {
  // Across 2026, so spring-forward and fall-back transitions of every zone are covered.
  return rc::gen::map(rc::gen::inRange(0, 365 * 24 * 60), [](int m) {
    return Timestamp{date::sys_days{date::year(2026) / 1 / 1}} + Minutes(m);
  });
}

RC_GTEST_PROP(CalendarProperty, AddMatchesMinuteByMinuteOracle, ()) {
  const Timestamp start = *GenInstant();
  const Calendar cal = *GenCalendar(start);
  const Minutes budget{*rc::gen::inRange(1, 600)};
  auto expected = OracleDue(cal, start, budget, {start, start});
  RC_PRE(expected.has_value());
  RC_ASSERT(cal.Add(start, budget) == *expected);
}

RC_GTEST_PROP(CalendarProperty, BetweenMatchesOracle, ()) {
  const Timestamp from = *GenInstant();
  const Calendar cal = *GenCalendar(from);
  const Timestamp to = from + Minutes(*rc::gen::inRange(0, 10 * 24 * 60));
  long open = 0;
  for (Timestamp m = from; m < to; m += Minutes(1)) open += OracleIsOpen(cal, m);
  RC_ASSERT(cal.Between(from, to) == Minutes(open));
}

RC_GTEST_PROP(CalendarProperty, PausedClockResumesWithItsRemainingTime, ()) {
  const Timestamp start = *GenInstant();
  const Calendar cal = *GenCalendar(start);
  const Minutes budget{*rc::gen::inRange(1, 600)};
  const Timestamp pause_at = start + Minutes(*rc::gen::inRange(0, 3 * 24 * 60));
  const Timestamp resume_at = pause_at + Minutes(*rc::gen::inRange(0, 5 * 24 * 60));

  SlaClock clock = StartClock("response", cal, budget, start);
  std::optional<Timestamp> expected;
  if (pause_at < clock.due) {
    PauseClock(clock, cal, pause_at);
    ResumeClock(clock, cal, resume_at);
    expected = OracleDue(cal, start, budget, {pause_at, resume_at});
  } else {
    expected = OracleDue(cal, start, budget, {start, start});
  }
  RC_PRE(expected.has_value());
  RC_ASSERT(clock.due == *expected);
}

}  // namespace
}  // namespace tierdesk::core
