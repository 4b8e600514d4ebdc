#include "procedure/ical_holidays.h"

#include <libical/ical.h>

#include <algorithm>
#include <memory>
#include <string>

namespace tierdesk::procedure {

namespace {

// A holiday (a closure, a shutdown) is days or weeks; past a year it is a mistake in the file.
constexpr int kMaxEventDays = 366;
// Holiday days expanded, repeats included: ten years of public holidays are a few hundred. The
// cap bounds what a runaway rule or a file of centuries costs the loader in time and memory.
constexpr int kMaxExpandedDays = 100000;

date::local_days ToDay(const icaltimetype& t) {
  return date::local_days{date::year(t.year) / t.month / t.day};
}

}  // namespace

Result<std::set<date::local_days>> ParseIcalHolidays(const std::string& ics, int years) {
  std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root(
      icalparser_parse_string(ics.c_str()), &icalcomponent_free);
  if (!root) return Fail(ErrorCode::kInvalidArgument, "not an iCalendar file");
  std::set<date::local_days> days;
  int expanded = 0;
  icalcomponent* calendar = root.get();
  if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT &&
      icalcomponent_isa(calendar) != ICAL_XROOT_COMPONENT)
    return Fail(ErrorCode::kInvalidArgument, "no VCALENDAR in the iCalendar file");
  if (icalcomponent_isa(calendar) == ICAL_XROOT_COMPONENT)
    calendar = icalcomponent_get_first_component(calendar, ICAL_VCALENDAR_COMPONENT);
  for (icalcomponent* ev = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       ev != nullptr; ev = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    icaltimetype start = icalcomponent_get_dtstart(ev);
    if (icaltime_is_null_time(start))
      return Fail(ErrorCode::kInvalidArgument, "a VEVENT has no DTSTART");
    icaltimetype end = icalcomponent_get_dtend(ev);
    int64_t span = 1;
    if (!icaltime_is_null_time(end))
      span = std::max<int64_t>(1, (ToDay(end) - ToDay(start)).count());
    if (span > kMaxEventDays)
      return Fail(ErrorCode::kInvalidArgument, "a VEVENT spans " + std::to_string(span) +
                                                   " days; a holiday spans at most " +
                                                   std::to_string(kMaxEventDays));
    // Whether the days of one more occurrence fit under the cap.
    auto add = [&](const icaltimetype& t) {
      if ((expanded += int(span)) > kMaxExpandedDays) return false;
      for (int i = 0; i < span; ++i) days.insert(ToDay(t) + date::days(i));
      return true;
    };
    const auto too_many = [] {
      return Fail(ErrorCode::kInvalidArgument, "the iCalendar file expands to more than " +
                                                   std::to_string(kMaxExpandedDays) +
                                                   " holiday days");
    };
    icalproperty* rrule_prop = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (rrule_prop == nullptr) {
      if (!add(start)) return too_many();
      continue;
    }
    icalrecurrencetype rule = icalproperty_get_rrule(rrule_prop);
    // Holidays are whole days: a rule repeating within a day names the same days over and over.
    if (rule.freq < ICAL_DAILY_RECURRENCE)
      return Fail(ErrorCode::kInvalidArgument,
                  "an RRULE repeats more often than daily (FREQ=" +
                      std::string(icalrecur_freq_to_string(rule.freq)) + ")");
    std::unique_ptr<icalrecur_iterator, decltype(&icalrecur_iterator_free)> it(
        icalrecur_iterator_new(rule, start), &icalrecur_iterator_free);
    if (it == nullptr) return Fail(ErrorCode::kInvalidArgument, "an RRULE cannot be expanded");
    for (icaltimetype t = icalrecur_iterator_next(it.get());
         !icaltime_is_null_time(t) && t.year < start.year + years;
         t = icalrecur_iterator_next(it.get()))
      if (!add(t)) return too_many();
  }
  return days;
}

}  // namespace tierdesk::procedure
