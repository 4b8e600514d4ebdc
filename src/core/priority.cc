#include "core/priority.h"

#include <algorithm>

namespace tierdesk::core {

const char* PriorityName(Priority p) {
  switch (p) {
    case Priority::kCritical:
      return "critical";
    case Priority::kHigh:
      return "high";
    case Priority::kMedium:
      return "medium";
    case Priority::kLow:
      return "low";
  }
  return "medium";
}

std::optional<Priority> ParsePriority(std::string_view s) {
  for (int i = 0; i < kPriorityCount; ++i)
    if (s == PriorityName(Priority(i))) return Priority(i);
  return std::nullopt;
}

const char* GradeName(Grade g) {
  switch (g) {
    case Grade::kHigh:
      return "high";
    case Grade::kMedium:
      return "medium";
    case Grade::kLow:
      return "low";
  }
  return "medium";
}

std::optional<Grade> ParseGrade(std::string_view s) {
  for (int i = 0; i < 3; ++i)
    if (s == GradeName(Grade(i))) return Grade(i);
  return std::nullopt;
}

Priority Raise(Priority p, int levels) { return Priority(std::max(0, int(p) - levels)); }

}  // namespace tierdesk::core
