#include "core/procedure.h"

#include <date/tz.h>

#include <algorithm>
#include <cctype>

#include "core/enum_names.h"

namespace tierdesk::core {

const char* BreachActionName(BreachAction a) {
  switch (a) {
    case BreachAction::kNotifyTeamLeader:
      return "notify_team_leader";
    case BreachAction::kRemindAssignee:
      return "remind_assignee";
    case BreachAction::kNotifyRequester:
      return "notify_requester";
    case BreachAction::kEscalateHierarchy:
      return "escalate_hierarchy";
    case BreachAction::kAutoHandOff:
      return "auto_handoff";
  }
  return "";
}
std::optional<BreachAction> ParseBreachAction(std::string_view s) {
  return ParseByName<BreachAction, 5>(s, BreachActionName);
}

const char* HandOffCriterionName(HandOffCriterion c) {
  switch (c) {
    case HandOffCriterion::kNeedsDeeperKnowledge:
      return "needs_deeper_knowledge";
    case HandOffCriterion::kPotentialBug:
      return "potential_bug";
    case HandOffCriterion::kCodeChange:
      return "code_change";
    case HandOffCriterion::kPerformance:
      return "performance";
    case HandOffCriterion::kSecurity:
      return "security";
    case HandOffCriterion::kOnsiteRequired:
      return "onsite_required";
    case HandOffCriterion::kUnresolvedAtTier:
      return "unresolved_at_tier";
  }
  return "";
}
std::optional<HandOffCriterion> ParseHandOffCriterion(std::string_view s) {
  return ParseByName<HandOffCriterion, 7>(s, HandOffCriterionName);
}

const char* RaiseConditionName(RaiseCondition c) {
  switch (c) {
    case RaiseCondition::kServiceDown:
      return "service_down";
    case RaiseCondition::kNoWorkaround:
      return "no_workaround";
    case RaiseCondition::kPeopleAffected:
      return "people_affected";
    case RaiseCondition::kMultiClient:
      return "multi_client";
    case RaiseCondition::kOrgImpact:
      return "org_impact";
  }
  return "";
}
std::optional<RaiseCondition> ParseRaiseCondition(std::string_view s) {
  return ParseByName<RaiseCondition, 5>(s, RaiseConditionName);
}

const Tier* Procedure::FindTier(std::string_view tier_id) const {
  for (const auto& t : tiers)
    if (t.id == tier_id) return &t;
  return nullptr;
}

int Procedure::TierIndex(std::string_view tier_id) const {
  for (size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].id == tier_id) return int(i);
  return -1;
}

const Person* Procedure::FindPerson(std::string_view person_id) const {
  for (const auto& p : people)
    if (p.id == person_id) return &p;
  return nullptr;
}

const Asset* Procedure::FindAsset(std::string_view kind, std::string_view asset_id) const {
  for (const auto& a : assets)
    if (a.kind == kind && a.id == asset_id) return &a;
  return nullptr;
}

const Asset* Procedure::FindAsset(std::string_view key) const {
  const auto colon = key.find(':');
  if (colon == std::string_view::npos) return nullptr;
  return FindAsset(key.substr(0, colon), key.substr(colon + 1));
}

std::optional<Minutes> ClockRule::WithinFor(Priority priority) const {
  if (auto own = by_priority.find(priority); own != by_priority.end()) return own->second;
  if (within > Minutes{0}) return within;
  return std::nullopt;
}

const Asset* Procedure::AssetNamed(std::string_view words) const {
  const auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  const auto first = words.find_first_not_of(" \t");
  if (first == std::string_view::npos) return nullptr;
  words = words.substr(first, words.find_last_not_of(" \t") - first + 1);
  const Asset* named = nullptr;
  for (const Asset& a : assets) {
    if (!same(a.Key(), words) && !same(a.id, words) && !same(a.name, words)) continue;
    if (named != nullptr) return nullptr;  // two assets answer to these words: staff decide
    named = &a;
  }
  return named;
}

const Calendar& Procedure::CalendarFor(std::string_view calendar_name) const {
  auto it = calendars.find(std::string(calendar_name));
  if (it != calendars.end()) return it->second;
  it = calendars.find(kAlwaysOpenCalendar);
  if (it != calendars.end()) return it->second;
  static const Calendar kUtcAlwaysOpen =
      Calendar::AlwaysOpen(kAlwaysOpenCalendar, date::locate_zone("UTC"));
  return kUtcAlwaysOpen;
}

const ApprovalGate* Procedure::GateFor(std::string_view tier_id) const {
  for (const auto& g : gates)
    if (g.tier == tier_id) return &g;
  return nullptr;
}

const Questionnaire* Procedure::FindQuestionnaire(std::string_view id) const {
  for (const Questionnaire& q : questionnaires)
    if (q.id == id) return &q;
  return nullptr;
}

const ConsultTeam* Procedure::FindConsultTeam(std::string_view id) const {
  for (const ConsultTeam& team : consult_teams)
    if (team.id == id) return &team;
  return nullptr;
}

bool ConsultTeam::HasMember(std::string_view person) const {
  return std::any_of(chain.begin(), chain.end(),
                     [&](const ChainStep& step) { return step.person == person; }) ||
         std::find(members.begin(), members.end(), person) != members.end();
}

const Template* Procedure::FindTemplate(std::string_view template_name) const {
  auto it = templates.find(std::string(template_name));
  return it == templates.end() ? nullptr : &it->second;
}

std::vector<const Person*> Procedure::PeopleWithRole(std::string_view role,
                                                     std::string_view tier) const {
  std::vector<const Person*> out;
  for (const auto& p : people)
    if (p.roles.count(std::string(role)) && (tier.empty() || p.tiers.count(std::string(tier))))
      out.push_back(&p);
  return out;
}

}  // namespace tierdesk::core
