#pragma once

#include <string>

#include "common/time.h"
#include "core/calendar.h"

namespace tierdesk::core {

// One running target on a ticket ("hand off within 15 business minutes"). It measures business
// time on its calendar and can be paused (pending client, awaiting approval) and resumed
// with the business time it had left.
struct SlaClock {
  std::string name;      // what it times: "handoff", "response", "ack", ...
  std::string calendar;  // calendar name in the procedure
  Seconds budget{0};     // business time allowed in all
  Seconds used{0};       // business time consumed by earlier runs (before pauses)
  Timestamp running_since{};
  Timestamp due{};  // meaningful while not paused
  bool paused = false;
  bool pausable = true;  // false for clocks that keep running whatever the ticket waits on

  friend bool operator==(const SlaClock&, const SlaClock&) = default;
};

SlaClock StartClock(std::string name, const Calendar& calendar, Seconds budget, Timestamp now,
                    bool pausable = true);
// A clock due at a fixed instant (a promised next update), on the always-open calendar.
SlaClock StartClockUntil(std::string name, std::string calendar, Timestamp now, Timestamp due,
                         bool pausable = true);
void PauseClock(SlaClock& clock, const Calendar& calendar, Timestamp now);
void ResumeClock(SlaClock& clock, const Calendar& calendar, Timestamp now);
// Whether what the clock measures, done at `now`, is in time: before the due instant of a running
// clock (a deadline due at `now` has breached), with business time left on a paused one.
bool InTime(const SlaClock& clock, Timestamp now);
// Business time left before the clock breaches (negative once breached).
Seconds RemainingBusinessTime(const SlaClock& clock, const Calendar& calendar, Timestamp now);

}  // namespace tierdesk::core
