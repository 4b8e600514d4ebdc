#include "core/sla_clock.h"

namespace tierdesk::core {

SlaClock StartClock(std::string name, const Calendar& calendar, Seconds budget, Timestamp now,
                    bool pausable) {
  SlaClock c;
  c.name = std::move(name);
  c.calendar = calendar.name();
  c.budget = budget;
  c.running_since = now;
  c.due = calendar.Add(now, budget);
  c.pausable = pausable;
  return c;
}

SlaClock StartClockUntil(std::string name, std::string calendar, Timestamp now, Timestamp due,
                         bool pausable) {
  SlaClock c;
  c.name = std::move(name);
  c.calendar = std::move(calendar);
  c.budget = due > now ? due - now : Seconds{0};
  c.running_since = now;
  c.due = due;
  c.pausable = pausable;
  return c;
}

void PauseClock(SlaClock& clock, const Calendar& calendar, Timestamp now) {
  if (clock.paused || !clock.pausable) return;
  clock.used += calendar.Between(clock.running_since, now);
  clock.paused = true;
}

void ResumeClock(SlaClock& clock, const Calendar& calendar, Timestamp now) {
  if (!clock.paused) return;
  clock.paused = false;
  clock.running_since = now;
  Seconds left = clock.budget - clock.used;
  clock.due = calendar.Add(now, left > Seconds{0} ? left : Seconds{0});
}

bool InTime(const SlaClock& clock, Timestamp now) {
  return clock.paused ? clock.used < clock.budget : now < clock.due;
}

Seconds RemainingBusinessTime(const SlaClock& clock, const Calendar& calendar, Timestamp now) {
  Seconds left = clock.budget - clock.used;
  if (clock.paused) return left;
  if (now >= clock.due) return -calendar.Between(clock.due, now);
  return left - calendar.Between(clock.running_since, now);
}

}  // namespace tierdesk::core
