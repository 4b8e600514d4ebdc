#include "core/priority_rules.h"

namespace tierdesk::core {

EvaluatedPriority EvaluatePriority(const PriorityFactors& f, const PriorityRules& rules) {
  EvaluatedPriority out{rules.fallback, {}};
  if (f.set) {
    out.priority = *f.set;
    out.reasons.push_back("set by staff");
  } else if (f.impact && f.urgency) {
    out.priority = rules.matrix[int(*f.impact)][int(*f.urgency)];
    out.reasons.push_back(std::string("impact ") + GradeName(*f.impact) + " x urgency " +
                          GradeName(*f.urgency));
  }
  for (const RaiseRule& rule : rules.raise) {
    bool applies = false;
    switch (rule.when) {
      case RaiseCondition::kServiceDown:
        applies = f.service_down;
        break;
      case RaiseCondition::kNoWorkaround:
        applies = f.no_workaround;
        break;
      case RaiseCondition::kPeopleAffected:
        applies = f.people_affected >= rule.threshold;
        break;
      case RaiseCondition::kMultiClient:
        applies = f.other_clients_on_asset + 1 >= rule.threshold;
        break;
      case RaiseCondition::kOrgImpact:
        applies = f.impact == Grade::kHigh;
        break;
    }
    if (!applies) continue;
    const Priority raised =
        rule.to ? MoreUrgent(out.priority, *rule.to) : Raise(out.priority, rule.by);
    if (raised != out.priority)
      out.reasons.push_back(std::string("raised: ") + RaiseConditionName(rule.when));
    out.priority = raised;
  }
  return out;
}

}  // namespace tierdesk::core
