#pragma once

#include <date/date.h>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace date {
class time_zone;
}

namespace tierdesk::core {

// Opening hours on one weekday, as minutes after local midnight: [start, end).
struct OpeningHours {
  Minutes start{0};
  Minutes end{0};
  friend bool operator==(const OpeningHours&, const OpeningHours&) = default;
};

// Business hours of a support team in its own time zone. Hours are wall-clock local times,
// so a repeated hour when clocks go back counts twice and a skipped hour not at all —
// exactly as the people on shift experience it.
class Calendar {
 public:
  // `week[0]` is Sunday (C encoding). Intervals must be sorted, non-overlapping and within a
  // day. Holidays are local dates on which the calendar is closed all day.
  [[nodiscard]] static Result<Calendar> Create(std::string name, const date::time_zone* zone,
                                               std::array<std::vector<OpeningHours>, 7> week,
                                               std::set<date::local_days> holidays);
  // Always open, no holidays, in `zone` (UTC if null; the zone only matters for display).
  static Calendar AlwaysOpen(std::string name, const date::time_zone* zone);

  const std::string& name() const { return name_; }
  const date::time_zone* zone() const { return zone_; }
  bool always_open() const { return always_open_; }
  const std::array<std::vector<OpeningHours>, 7>& week() const { return week_; }
  const std::set<date::local_days>& holidays() const { return holidays_; }

  bool IsOpen(Timestamp t) const;
  // The first instant at or after `t` at which the calendar is open.
  Timestamp NextOpen(Timestamp t) const;
  // The instant at which `business` of open time has elapsed, counting from `start`.
  // Returns `start` for zero; kNever if the calendar never opens again.
  Timestamp Add(Timestamp start, Seconds business) const;
  // Open time within [from, to); zero when to <= from.
  Seconds Between(Timestamp from, Timestamp to) const;

  // Returned by Add/NextOpen when no opening is found within kHorizon.
  static constexpr Timestamp kNever = Timestamp{Seconds{253402300799}};  // 9999-12-31
  static constexpr int kHorizonDays = 366 * 10;

 private:
  Calendar() = default;
  // Calls `visit(begin, end)` for each open interval at or after `from`, in order, clipped to
  // start at `from`, until `visit` returns false or the horizon is reached.
  template <class Visit>
  void ForEachOpening(Timestamp from, Visit visit) const;

  std::string name_;
  const date::time_zone* zone_ = nullptr;
  std::array<std::vector<OpeningHours>, 7> week_;
  std::set<date::local_days> holidays_;
  bool always_open_ = false;
};

}  // namespace tierdesk::core
