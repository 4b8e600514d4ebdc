#include "procedure/ical_holidays.h"

#include <libical/ical.h>

#include <memory>

namespace tierdesk::procedure {

namespace {

date::local_days ToDay(const icaltimetype& t) {
  return date::local_days{date::year(t.year) / t.month / t.day};
}

}  // namespace

Result<std::set<date::local_days>> ParseIcalHolidays(const std::string& ics, int years) {
  std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root(
      icalparser_parse_string(ics.c_str()), &icalcomponent_free);
  if (!root) return Fail(ErrorCode::kInvalidArgument, "not an iCalendar file");
  std::set<date::local_days> days;
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
    int span = 1;
    if (!icaltime_is_null_time(end)) {
      span = int((ToDay(end) - ToDay(start)).count());
      if (span < 1) span = 1;
    }
    auto add = [&](const icaltimetype& t) {
      for (int i = 0; i < span; ++i) days.insert(ToDay(t) + date::days(i));
    };
    icalproperty* rrule_prop = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (rrule_prop == nullptr) {
      add(start);
      continue;
    }
    icalrecurrencetype rule = icalproperty_get_rrule(rrule_prop);
    icalrecur_iterator* it = icalrecur_iterator_new(rule, start);
    if (it == nullptr) return Fail(ErrorCode::kInvalidArgument, "an RRULE cannot be expanded");
    for (icaltimetype t = icalrecur_iterator_next(it);
         !icaltime_is_null_time(t) && t.year < start.year + years; t = icalrecur_iterator_next(it))
      add(t);
    icalrecur_iterator_free(it);
  }
  return days;
}

}  // namespace tierdesk::procedure
