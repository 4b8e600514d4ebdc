#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tierdesk::core {

// Ordered from most to least urgent; numeric order is queue order.
enum class Priority { kCritical = 0, kHigh = 1, kMedium = 2, kLow = 3 };
inline constexpr int kPriorityCount = 4;

// Impact and urgency are graded high/medium/low (ITIL); the procedure's matrix maps them.
enum class Grade { kHigh = 0, kMedium = 1, kLow = 2 };

const char* PriorityName(Priority p);
std::optional<Priority> ParsePriority(std::string_view s);
const char* GradeName(Grade g);
std::optional<Grade> ParseGrade(std::string_view s);

// `p` raised by `levels` steps towards critical, never past it.
Priority Raise(Priority p, int levels);
// The more urgent of the two.
inline Priority MoreUrgent(Priority a, Priority b) { return a < b ? a : b; }

}  // namespace tierdesk::core
