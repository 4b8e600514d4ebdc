#include "http/api/procedure_view.h"

#include "core/actions.h"
#include "http/api/api_util.h"

namespace tierdesk::http {

using namespace tierdesk::core;

namespace {

constexpr int kHolidaysShown = 10;

std::string Span(tierdesk::Minutes m) { return FormatDuration(Seconds(m)); }

json::Json Actions(const std::vector<BreachAction>& actions) {
  json::Json out = json::Json::array();
  for (BreachAction a : actions) out.push_back(BreachActionName(a));
  return out;
}

json::Json Rule(const std::optional<ClockRule>& rule) {
  if (!rule) return nullptr;
  json::Json by_priority = json::Json::object();
  for (const auto& [priority, within] : rule->by_priority)
    by_priority[PriorityName(priority)] = Span(within);
  return {{"within", rule->within > Minutes{0} ? json::Json(Span(rule->within)) : nullptr},
          {"by_priority", std::move(by_priority)},
          {"calendar", rule->calendar},
          {"on_breach", Actions(rule->on_breach)}};
}

json::Json Priorities(const std::set<Priority>& priorities) {
  json::Json out = json::Json::array();
  for (Priority p : priorities) out.push_back(PriorityName(p));
  return out;
}

json::Json TierJson(const Procedure& p, const Tier& t) {
  json::Json criteria = json::Json::array();
  if (t.criteria.empty())  // empty means any: name them all, so a form can offer them
    for (int c = 0; c <= int(HandOffCriterion::kUnresolvedAtTier); ++c)
      criteria.push_back(HandOffCriterionName(HandOffCriterion(c)));
  else
    for (HandOffCriterion c : t.criteria) criteria.push_back(HandOffCriterionName(c));
  json::Json clocks = {{"handoff", Rule(t.clocks.handoff)},
                       {"response", Rule(t.clocks.response)},
                       {"default_next_update", Span(t.clocks.default_next_update)}};
  if (const auto& s = t.clocks.status_updates)
    clocks["status_updates"] = {{"every", Span(s->every)},
                                {"calendar", s->calendar},
                                {"priorities", Priorities(s->priorities)}};
  json::Json resolution = json::Json::object();
  for (const auto& [priority, within] : t.clocks.resolution)
    resolution[PriorityName(priority)] = Span(within);
  clocks["resolution"] = {{"within", resolution},
                          {"calendar", t.clocks.resolution_calendar},
                          {"on_breach", Actions(t.clocks.on_resolution_breach)}};
  return {{"id", t.id},
          {"name", t.name},
          {"calendar", t.calendar},
          {"routing", t.routing_kind},
          {"qc", t.qc},
          {"handoff_to", HandOffTierIds(p, t)},  // the next tier when the file names none
          {"criteria", criteria},
          {"after_hours_on_call", Priorities(t.after_hours_on_call)},
          {"clocks", clocks}};
}

std::string WallClock(tierdesk::Minutes m) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", int(m.count() / 60) % 100, int(m.count() % 60));
  return text;
}

json::Json CalendarJson(const Calendar& c, Timestamp now) {
  static constexpr const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                          "thursday", "friday", "saturday"};
  json::Json week = json::Json::object();
  for (int d = 0; d < 7; ++d) {
    json::Json hours = json::Json::array();
    for (const OpeningHours& h : c.week()[d])
      hours.push_back(WallClock(h.start) + "-" + WallClock(h.end));
    week[kDays[d]] = hours;
  }
  const auto today = date::floor<date::days>(now);
  json::Json holidays = json::Json::array();
  for (auto it = c.holidays().lower_bound(date::local_days((today - date::days(1)).time_since_epoch()));
       it != c.holidays().end() && int(holidays.size()) < kHolidaysShown; ++it)
    holidays.push_back(date::format("%F", *it));
  return {{"name", c.name()},
          {"always_open", c.always_open()},
          {"week", week},
          {"next_holidays", holidays}};
}

}  // namespace

json::Json ProcedureJson(const Procedure& p, Timestamp now) {
  json::Json tiers = json::Json::array();
  for (const Tier& t : p.tiers) tiers.push_back(TierJson(p, t));
  json::Json calendars = json::Json::array();
  for (const auto& [name, calendar] : p.calendars) calendars.push_back(CalendarJson(calendar, now));
  json::Json hierarchy = json::Json::array();
  for (const HierarchyStep& step : p.hierarchy.steps) {
    json::Json after = json::Json::object();
    for (const auto& [priority, within] : step.after) after[PriorityName(priority)] = Span(within);
    hierarchy.push_back({{"role", step.role}, {"after", after}});
  }
  json::Json gates = json::Json::array();
  for (const ApprovalGate& g : p.gates)
    gates.push_back({{"tier", g.tier},
                     {"decision_role", g.decision_role},
                     {"client_approval", g.client_approval}});
  json::Json replies = json::Json::array();
  for (const SavedReply& r : p.knowledge.saved_replies)
    replies.push_back({{"id", r.id}, {"title", r.title}, {"text", r.text}});
  const Closure& c = p.closure;
  return {{"id", p.id},
          {"name", p.name},
          {"time_zone", p.time_zone},
          {"tiers", tiers},
          {"calendars", calendars},
          {"hierarchy", {{"calendar", p.hierarchy.calendar}, {"steps", hierarchy}}},
          {"gates", gates},
          {"closure",
           {{"client_signoff", c.client_signoff},
            {"remind_after", Span(c.remind_after)},
            {"reminders", c.reminders},
            {"close_after_reminders", c.close_after_reminders},
            {"knowledge_base", c.knowledge_base},
            {"staff_may_record_signoff", c.staff_may_record_signoff},
            {"resolution_fields", c.resolution_fields}}},
          {"people", PeopleJson(p)},
          {"assets", AssetsJson(p)},
          {"consult_teams", ConsultTeamsJson(p)},
          {"saved_replies", std::move(replies)}};
}

}  // namespace tierdesk::http
