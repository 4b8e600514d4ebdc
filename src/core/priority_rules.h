#pragma once

#include <string>
#include <vector>

#include "core/procedure.h"
#include "core/ticket.h"

namespace tierdesk::core {

// A priority and why: "impact high x urgency medium", "raised: service_down".
struct EvaluatedPriority {
  Priority priority = Priority::kMedium;
  std::vector<std::string> reasons;
};

// The priority the procedure's rules give these factors: the one set outright, else impact x
// urgency (both known), else the procedure's default; then each raise rule that applies. The
// one evaluation of intake and of every later change of a factor.
EvaluatedPriority EvaluatePriority(const PriorityFactors& factors, const PriorityRules& rules);

}  // namespace tierdesk::core
