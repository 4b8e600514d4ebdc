#include "core/calendar.h"

#include <date/tz.h>

#include <algorithm>

namespace tierdesk::core {

namespace {
constexpr Minutes kDay{24 * 60};
}

Result<Calendar> Calendar::Create(std::string name, const date::time_zone* zone,
                                  std::array<std::vector<OpeningHours>, 7> week,
                                  std::set<date::local_days> holidays) {
  if (zone == nullptr)
    return Fail(ErrorCode::kInvalidArgument, "calendar '" + name + "' has no time zone", "zone");
  bool any_hours = false;
  for (const auto& day : week) {
    Minutes last_end{0};
    for (const auto& h : day) {
      if (h.start < Minutes{0} || h.end > kDay || h.start >= h.end)
        return Fail(ErrorCode::kInvalidArgument,
                    "calendar '" + name + "' has an empty or out-of-day interval", "hours");
      if (h.start < last_end)
        return Fail(ErrorCode::kInvalidArgument,
                    "calendar '" + name + "' has overlapping or unsorted intervals", "hours");
      last_end = h.end;
      any_hours = true;
    }
  }
  if (!any_hours)
    return Fail(ErrorCode::kInvalidArgument, "calendar '" + name + "' has no opening hours",
                "hours");
  Calendar c;
  c.name_ = std::move(name);
  c.zone_ = zone;
  c.week_ = std::move(week);
  c.holidays_ = std::move(holidays);
  c.always_open_ =
      c.holidays_.empty() && std::all_of(c.week_.begin(), c.week_.end(), [](const auto& d) {
        return d.size() == 1 && d[0].start == Minutes{0} && d[0].end == kDay;
      });
  return c;
}

Calendar Calendar::AlwaysOpen(std::string name, const date::time_zone* zone) {
  std::array<std::vector<OpeningHours>, 7> week;
  for (auto& d : week) d = {{Minutes{0}, kDay}};
  if (zone == nullptr) zone = date::locate_zone("UTC");
  return *Create(std::move(name), zone, std::move(week), {});
}

template <class Visit>
void Calendar::ForEachOpening(Timestamp from, Visit visit) const {
  Timestamp t = from;
  int days_scanned = 0;
  // Walk the zone's offset segments: inside one, local time is UTC plus a constant, so each
  // local opening maps to exactly one UTC interval (gaps and overlaps fall at segment ends).
  while (days_scanned < kHorizonDays) {
    date::sys_info info = zone_->get_info(t);
    const Timestamp segment_end = info.end;
    const Seconds offset = info.offset;
    auto day = date::floor<date::days>(date::local_seconds{(t + offset).time_since_epoch()});
    for (;; ++day, ++days_scanned) {
      const Timestamp day_start{day.time_since_epoch() - offset};
      if (day_start >= segment_end || days_scanned >= kHorizonDays) break;
      if (holidays_.count(day)) continue;
      for (const auto& h : week_[date::weekday(day).c_encoding()]) {
        Timestamp begin = std::max(day_start + h.start, t);
        Timestamp end = std::min(day_start + h.end, segment_end);
        if (begin < end && !visit(begin, end)) return;
      }
    }
    t = segment_end;
  }
}

bool Calendar::IsOpen(Timestamp t) const { return NextOpen(t) == t; }

Timestamp Calendar::NextOpen(Timestamp t) const {
  if (always_open_) return t;
  Timestamp found = kNever;
  ForEachOpening(t, [&](Timestamp begin, Timestamp) {
    found = begin;
    return false;
  });
  return found;
}

Timestamp Calendar::Add(Timestamp start, Seconds business) const {
  if (business <= Seconds{0}) return start;
  if (always_open_) return start + business;
  Timestamp due = kNever;
  Seconds left = business;
  ForEachOpening(start, [&](Timestamp begin, Timestamp end) {
    if (end - begin >= left) {
      due = begin + left;
      return false;
    }
    left -= end - begin;
    return true;
  });
  return due;
}

Seconds Calendar::Between(Timestamp from, Timestamp to) const {
  if (to <= from) return Seconds{0};
  if (always_open_) return to - from;
  Seconds total{0};
  ForEachOpening(from, [&](Timestamp begin, Timestamp end) {
    if (begin >= to) return false;
    total += std::min(end, to) - begin;
    return end < to;
  });
  return total;
}

}  // namespace tierdesk::core
