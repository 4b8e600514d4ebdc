// libFuzzer target: the iCalendar holiday reader must take any text without crashing or running
// away (libFuzzer's -timeout and -rss_limit_mb catch the latter), and give only real dates.
#include <cstddef>
#include <cstdint>
#include <string>

#include "procedure/ical_holidays.h"

namespace {

void Require(bool holds) {
  if (!holds) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto days = tierdesk::procedure::ParseIcalHolidays(text);
  if (!days) {
    Require(!days.error().message.empty());
    return 0;
  }
  for (const auto& day : *days) Require(date::year_month_day(day).ok());
  return 0;
}
