#include "procedure/loader.h"

#include <date/tz.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/roles.h"
#include "core/templates.h"
#include "procedure/ical_holidays.h"
#include "procedure/questionnaire_reader.h"
#include "procedure/toml_reader.h"

namespace tierdesk::procedure {

using namespace tierdesk::core;

namespace {


constexpr const char* kWeekdays[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::optional<Minutes> ParseClockTime(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto digit = [&](int i) { return std::isdigit(static_cast<unsigned char>(s[i])) != 0; };
  if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return Minutes(h * 60 + m);
}

std::optional<date::local_days> ParseDate(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || std::sscanf(std::string(s).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
    return std::nullopt;
  date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days{ymd};
}

// Builds a Procedure from a parsed TOML document, collecting every problem on the way.
class Builder {
 public:
  Builder(const toml::table& doc, std::filesystem::path base_dir, FileRules files)
      : doc_(doc), base_dir_(std::move(base_dir)), files_(files) {}

  LoadResult Build() {
    ReadHeader();
    ReadCalendars();
    ReadTiers();
    ReadPeople();
    ReadAssets();
    ReadConsultTeams();
    CheckTiers();
    ReadHierarchy();
    ReadPriority();
    ReadGates();
    ReadClosure();
    ReadIntake();
    ReadKnowledge();
    ReadTemplates();
    ReadQuestionnaires(doc_, r_, p_);
    LoadResult result;
    result.problems = std::move(r_.problems());
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    if (result.problems.empty()) result.procedure = std::move(p_);
    return result;
  }

 private:
  void ReadHeader() {
    r_.CheckKeys(
        doc_,
        {"procedure", "calendars", "tiers", "people", "assets", "hierarchy", "priority", "gates",
         "closure", "intake", "templates", "questionnaires", "consult_teams", "knowledge"},
        "");
    const toml::table* head = r_.Table(doc_, "procedure", "");
    if (head == nullptr) {
      r_.Add(1, "missing [procedure] table with id, name and time_zone");
      return;
    }
    r_.CheckKeys(*head, {"id", "name", "time_zone", "source", "description"}, "[procedure]");
    p_.id = r_.Str(*head, "id", "[procedure]", true);
    p_.name = r_.Str(*head, "name", "[procedure]", true);
    p_.time_zone = r_.Str(*head, "time_zone", "[procedure]", true);
    if (p_.time_zone.empty()) return;
    if (auto zone = LocateZone(p_.time_zone))
      p_.zone = *zone;
    else
      r_.Add(TomlReader::LineOfKey(*head, "time_zone"), "unknown time zone '" + p_.time_zone + "'");
  }

  const date::time_zone* Zone(const toml::table& t, std::string_view where) {
    std::string name = r_.Str(t, "time_zone", where);
    const bool inherited = name.empty();
    if (inherited) name = p_.time_zone.empty() ? "UTC" : p_.time_zone;
    auto zone = LocateZone(name);
    if (zone) return *zone;
    // An inherited zone was already reported at [procedure].
    if (!inherited)
      r_.Add(TomlReader::LineOfKey(t, "time_zone"), "unknown time zone '" + name + "'");
    return date::locate_zone("UTC");
  }

  void ReadCalendars() {
    auto default_zone = LocateZone(p_.time_zone.empty() ? "UTC" : p_.time_zone);
    p_.calendars.emplace(
        kAlwaysOpenCalendar,
        Calendar::AlwaysOpen(kAlwaysOpenCalendar, default_zone ? *default_zone : nullptr));
    const toml::table* cals = r_.Table(doc_, "calendars", "");
    if (cals == nullptr) return;
    for (const auto& [key, node] : *cals) {
      const std::string name(key.str());
      const std::string where = "calendar '" + name + "'";
      const toml::table* t = node.as_table();
      if (t == nullptr) {
        r_.Add(node, where + " must be a table");
        continue;
      }
      if (name == kAlwaysOpenCalendar) {
        r_.Add(*t, "calendar '24x7' is built in and cannot be redefined");
        continue;
      }
      r_.CheckKeys(*t,
                   {"time_zone", "always_open", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
                    "holidays", "holidays_ical", "description"},
                   where);
      const date::time_zone* zone = Zone(*t, where);
      if (r_.Bool(*t, "always_open", where, false)) {
        p_.calendars.emplace(name, Calendar::AlwaysOpen(name, zone));
        continue;
      }
      std::array<std::vector<OpeningHours>, 7> week;
      for (int d = 0; d < 7; ++d) {
        for (const auto& span : r_.StrList(*t, kWeekdays[d], where)) {
          auto dash = span.find('-');
          auto from =
              dash == std::string::npos ? std::nullopt : ParseClockTime(span.substr(0, dash));
          auto to =
              dash == std::string::npos ? std::nullopt : ParseClockTime(span.substr(dash + 1));
          if (!from || !to || *from >= *to) {
            r_.Add(TomlReader::LineOfKey(*t, kWeekdays[d]),
                   "'" + span + "' is not opening hours like \"10:00-17:40\" in " + where);
            continue;
          }
          week[d].push_back({*from, *to});
        }
        std::sort(week[d].begin(), week[d].end(),
                  [](const OpeningHours& a, const OpeningHours& b) { return a.start < b.start; });
      }
      std::set<date::local_days> holidays;
      for (const auto& day : r_.StrList(*t, "holidays", where)) {
        if (auto parsed = ParseDate(day))
          holidays.insert(*parsed);
        else
          r_.Add(TomlReader::LineOfKey(*t, "holidays"),
                 "'" + day + "' is not a date like 2026-01-26 in " + where);
      }
      if (std::string ics = r_.Str(*t, "holidays_ical", where); !ics.empty()) {
        const int line = TomlReader::LineOfKey(*t, "holidays_ical");
        if (auto text = ReadHolidayFile(ics); !text)
          r_.Add(line, text.error().message + " for " + where);
        else if (auto days = ParseIcalHolidays(*text); !days)
          r_.Add(line, "'" + ics + "': " + days.error().message);
        else
          holidays.insert(days->begin(), days->end());
      }
      auto cal = Calendar::Create(name, zone, week, holidays);
      if (!cal) {
        r_.Add(*t, cal.error().message);
        continue;
      }
      p_.calendars.emplace(name, std::move(*cal));
    }
  }

  std::string CalendarRef(const toml::table& t, std::string_view where, std::string fallback) {
    std::string name = r_.Str(t, "calendar", where);
    if (name.empty()) return fallback;
    if (!p_.calendars.count(name))
      r_.Add(TomlReader::LineOfKey(t, "calendar"),
             "unknown calendar '" + name + "' in " + std::string(where));
    return name;
  }

  std::vector<BreachAction> Actions(const toml::table& t, std::string_view where,
                                    std::vector<BreachAction> fallback) {
    if (!t.contains("on_breach")) return fallback;
    std::vector<BreachAction> out;
    for (const auto& name : r_.StrList(t, "on_breach", where)) {
      if (auto a = ParseBreachAction(name))
        out.push_back(*a);
      else
        r_.Add(TomlReader::LineOfKey(t, "on_breach"),
               "unknown breach action '" + name + "' in " + std::string(where) +
                   " (known: notify_team_leader, remind_assignee, notify_requester, "
                   "escalate_hierarchy, auto_handoff)");
    }
    return out;
  }

  std::set<Priority> Priorities(const toml::table& t, std::string_view key,
                                std::string_view where) {
    std::set<Priority> out;
    for (const auto& name : r_.StrList(t, key, where)) {
      if (auto p = ParsePriority(name))
        out.insert(*p);
      else
        r_.Add(TomlReader::LineOfKey(t, key),
               "unknown priority '" + name + "' in " + std::string(where));
    }
    return out;
  }

  std::map<Priority, Minutes> PerPriority(const toml::table& t, std::string_view where) {
    std::map<Priority, Minutes> out;
    for (int i = 0; i < kPriorityCount; ++i)
      if (auto d = r_.Dur(t, PriorityName(Priority(i)), where)) out[Priority(i)] = *d;
    return out;
  }

  std::optional<ClockRule> ReadClockRule(const toml::table& tier, std::string_view key,
                                         const std::string& where, const std::string& calendar,
                                         std::vector<BreachAction> default_actions) {
    const toml::table* t = r_.Table(tier, key, where);
    if (t == nullptr) return std::nullopt;
    const std::string here = where + " [" + std::string(key) + "]";
    r_.CheckKeys(*t, {"within", "critical", "high", "medium", "low", "calendar", "on_breach"},
                 here);
    ClockRule rule;
    // One target for every priority (`within`), or one per priority, or both (`within` for the
    // priorities not listed).
    rule.by_priority = PerPriority(*t, here);
    auto within = r_.Dur(*t, "within", here, rule.by_priority.empty());
    rule.within = within.value_or(Minutes{0});
    if (within && rule.within <= Minutes{0})
      r_.Add(TomlReader::LineOfKey(*t, "within"), "'within' must be positive in " + here);
    for (const auto& [priority, target] : rule.by_priority)
      if (target <= Minutes{0})
        r_.Add(TomlReader::LineOfKey(*t, PriorityName(priority)),
               "'" + std::string(PriorityName(priority)) + "' must be positive in " + here);
    rule.calendar = CalendarRef(*t, here, calendar);
    rule.on_breach = Actions(*t, here, std::move(default_actions));
    return rule;
  }

  void ReadTiers() {
    tier_tables_ = r_.Tables(doc_, "tiers", "");
    if (tier_tables_.empty()) r_.Add(1, "a procedure needs at least one [[tiers]] entry");
    for (const toml::table* t : tier_tables_) {
      Tier tier;
      tier.line = TomlReader::LineOf(*t);
      tier.id = r_.Str(*t, "id", "[[tiers]]", true);
      const std::string where = "tier '" + tier.id + "'";
      r_.CheckKeys(*t,
                   {"id", "name", "calendar", "routing", "handoff_to", "criteria", "qc",
                    "notify_requester", "after_hours_on_call", "handoff", "response",
                    "status_updates", "next_update", "resolution", "description"},
                   where);
      if (p_.FindTier(tier.id) != nullptr && !tier.id.empty())
        r_.Add(*t, "duplicate tier id '" + tier.id + "'");
      tier.name = r_.Str(*t, "name", where, true);
      tier.calendar = CalendarRef(*t, where, kAlwaysOpenCalendar);
      tier.routing_kind = r_.Str(*t, "routing", where);
      tier.handoff_to = r_.StrList(*t, "handoff_to", where);
      for (const auto& c : r_.StrList(*t, "criteria", where)) {
        if (auto k = ParseHandOffCriterion(c))
          tier.criteria.insert(*k);
        else
          r_.Add(TomlReader::LineOfKey(*t, "criteria"),
                 "unknown hand-off criterion '" + c + "' in " + where);
      }
      tier.qc = r_.Bool(*t, "qc", where, false);
      tier.notify_requester_on_entry = r_.Bool(*t, "notify_requester", where, true);
      tier.after_hours_on_call = Priorities(*t, "after_hours_on_call", where);
      tier.clocks.handoff =
          ReadClockRule(*t, "handoff", where, tier.calendar, {BreachAction::kNotifyTeamLeader});
      tier.clocks.response =
          ReadClockRule(*t, "response", where, tier.calendar, {BreachAction::kNotifyTeamLeader});
      if (const toml::table* s = r_.Table(*t, "status_updates", where)) {
        const std::string here = where + " [status_updates]";
        r_.CheckKeys(*s, {"every", "calendar", "priorities"}, here);
        StatusUpdateRule rule;
        rule.every = r_.Dur(*s, "every", here, true).value_or(Minutes{0});
        rule.calendar = CalendarRef(*s, here, tier.calendar);
        rule.priorities = Priorities(*s, "priorities", here);
        if (rule.priorities.empty()) rule.priorities = {Priority::kCritical, Priority::kHigh};
        if (rule.every > Minutes{0})
          tier.clocks.status_updates = rule;
        else
          r_.Add(*s, "'every' must be positive in " + here);
      }
      tier.clocks.default_next_update = r_.Dur(*t, "next_update", where).value_or(Minutes{0});
      if (const toml::table* res = r_.Table(*t, "resolution", where)) {
        const std::string here = where + " [resolution]";
        r_.CheckKeys(*res, {"critical", "high", "medium", "low", "calendar", "on_breach"}, here);
        tier.clocks.resolution = PerPriority(*res, here);
        tier.clocks.resolution_calendar = CalendarRef(*res, here, tier.calendar);
        tier.clocks.on_resolution_breach = Actions(*res, here, {BreachAction::kEscalateHierarchy});
      }
      p_.tiers.push_back(std::move(tier));
    }
  }

  void ReadPeople() {
    for (const toml::table* t : r_.Tables(doc_, "people", "")) {
      Person person;
      person.line = TomlReader::LineOf(*t);
      person.id = r_.Str(*t, "id", "[[people]]", true);
      const std::string where = "person '" + person.id + "'";
      r_.CheckKeys(*t, {"id", "name", "email", "phone", "roles", "tiers"}, where);
      if (p_.FindPerson(person.id) != nullptr && !person.id.empty())
        r_.Add(*t, "duplicate person id '" + person.id + "'");
      person.name = r_.Str(*t, "name", where, true);
      person.email = r_.Str(*t, "email", where, true);
      if (!person.email.empty() && person.email.find('@') == std::string::npos)
        r_.Add(TomlReader::LineOfKey(*t, "email"),
               "'" + person.email + "' is not an email address");
      person.phone = r_.Str(*t, "phone", where);
      for (const auto& role : r_.StrList(*t, "roles", where)) {
        if (!IsKnownRole(role))
          r_.Add(TomlReader::LineOfKey(*t, "roles"), "unknown role '" + role + "' for " + where);
        person.roles.insert(role);
      }
      for (const auto& tier : r_.StrList(*t, "tiers", where)) {
        if (p_.FindTier(tier) == nullptr)
          r_.Add(TomlReader::LineOfKey(*t, "tiers"), "unknown tier '" + tier + "' for " + where);
        person.tiers.insert(tier);
      }
      p_.people.push_back(std::move(person));
    }
  }

  std::vector<ChainStep> ReadChain(const toml::table& t, std::string_view key,
                                   const std::string& where, std::optional<Minutes> default_ack) {
    std::vector<ChainStep> chain;
    const toml::node* n = t.get(key);
    if (n == nullptr) return chain;
    const toml::array* arr = n->as_array();
    if (arr == nullptr) {
      r_.Add(*n, "'" + std::string(key) + "' must be an array in " + where);
      return chain;
    }
    for (const toml::node& item : *arr) {
      ChainStep step;
      if (auto id = item.value<std::string>()) {
        step.person = *id;
        step.ack_window = default_ack.value_or(Minutes{0});
      } else if (const toml::table* st = item.as_table()) {
        r_.CheckKeys(*st, {"person", "ack_window"}, where);
        step.person = r_.Str(*st, "person", where, true);
        step.ack_window =
            r_.Dur(*st, "ack_window", where).value_or(default_ack.value_or(Minutes{0}));
      } else {
        r_.Add(item, "a chain step must be a person id or {person, ack_window} in " + where);
        continue;
      }
      if (p_.FindPerson(step.person) == nullptr)
        r_.Add(item, "the " + std::string(key) + " of " + where +
                         " names nobody: unknown person '" + step.person + "'");
      if (step.ack_window <= Minutes{0})
        r_.Add(item,
               "chain step '" + step.person + "' in " + where + " needs a positive ack_window");
      chain.push_back(step);
    }
    return chain;
  }

  void ReadAssets() {
    for (const toml::table* t : r_.Tables(doc_, "assets", "")) {
      Asset asset;
      asset.line = TomlReader::LineOf(*t);
      asset.kind = r_.Str(*t, "kind", "[[assets]]", true);
      asset.id = r_.Str(*t, "id", "[[assets]]", true);
      const std::string where = "asset '" + asset.Key() + "'";
      r_.CheckKeys(
          *t,
          {"kind", "id", "name", "forum", "chain", "on_call", "ack_window", "repeat", "calendar"},
          where);
      if (p_.FindAsset(asset.kind, asset.id) != nullptr)
        r_.Add(*t, "duplicate asset '" + asset.Key() + "'");
      asset.name = r_.Str(*t, "name", where, true);
      asset.forum = r_.Str(*t, "forum", where);
      if (asset.forum.empty()) asset.forum = asset.kind + "/" + asset.id;
      auto ack = r_.Dur(*t, "ack_window", where);
      asset.chain = ReadChain(*t, "chain", where, ack);
      if (asset.chain.empty())
        r_.Add(*t, where + " has an empty contact chain: it names nobody to page");
      asset.on_call = ReadChain(*t, "on_call", where, ack);
      asset.repeat = r_.Int(*t, "repeat", where, 0);
      asset.calendar = CalendarRef(*t, where, kAlwaysOpenCalendar);
      p_.assets.push_back(std::move(asset));
    }
  }

  // [knowledge]: the roles that may publish an article (seed 003's knowledge_manager unless
  // the file names others).
  void ReadKnowledge() {
    const toml::table* t = r_.Table(doc_, "knowledge", "");
    if (t == nullptr) return;
    r_.CheckKeys(*t, {"publishers", "description", "saved_replies"}, "[knowledge]");
    ReadSavedReplies(*t);
    if (t->get("publishers") == nullptr) return;
    p_.knowledge.publishers = r_.StrList(*t, "publishers", "[knowledge]");
    if (p_.knowledge.publishers.empty())
      r_.Add(TomlReader::LineOfKey(*t, "publishers"),
             "[knowledge] publishers names no role: nobody could publish an article");
    for (const std::string& role : p_.knowledge.publishers)
      if (!IsKnownRole(role))
        r_.Add(TomlReader::LineOfKey(*t, "publishers"),
               "unknown role '" + role + "' in [knowledge] publishers");
  }

  // [[knowledge.saved_replies]]: each with an id (unique), a title and its text.
  void ReadSavedReplies(const toml::table& knowledge) {
    std::set<std::string> ids;
    for (const toml::table* t : r_.Tables(knowledge, "saved_replies", "[knowledge]")) {
      SavedReply reply;
      reply.line = TomlReader::LineOf(*t);
      r_.CheckKeys(*t, {"id", "title", "text"}, "[[knowledge.saved_replies]]");
      reply.id = r_.Str(*t, "id", "[[knowledge.saved_replies]]", true);
      reply.title = r_.Str(*t, "title", "[[knowledge.saved_replies]]", true);
      reply.text = r_.Str(*t, "text", "[[knowledge.saved_replies]]", true);
      if (!reply.id.empty() && !ids.insert(reply.id).second)
        r_.Add(reply.line, "saved reply '" + reply.id + "' is defined twice");
      p_.knowledge.saved_replies.push_back(std::move(reply));
    }
  }

  void ReadConsultTeams() {
    for (const toml::table* t : r_.Tables(doc_, "consult_teams", "")) {
      ConsultTeam team;
      team.line = TomlReader::LineOf(*t);
      team.id = r_.Str(*t, "id", "[[consult_teams]]", true);
      const std::string where = "consult team '" + team.id + "'";
      r_.CheckKeys(*t,
                   {"id", "name", "calendar", "answer_within", "chain", "ack_window", "members",
                    "confirms_fix", "description"},
                   where);
      if (p_.FindConsultTeam(team.id) != nullptr)
        r_.Add(*t, "duplicate consult team '" + team.id + "'");
      // The id names the team's clocks ("consult:<id>") and its queue: a word, no spaces.
      if (!team.id.empty() &&
          team.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        r_.Add(TomlReader::LineOfKey(*t, "id"),
               where + ": an id is lower-case letters, digits, '_' and '-'");
      team.name = r_.Str(*t, "name", where, true);
      team.calendar = CalendarRef(*t, where, kAlwaysOpenCalendar);
      team.answer_within = r_.Dur(*t, "answer_within", where, true).value_or(Minutes{0});
      if (team.answer_within <= Minutes{0} && t->get("answer_within") != nullptr)
        r_.Add(TomlReader::LineOfKey(*t, "answer_within"),
               where + " needs a positive answer_within");
      team.chain = ReadChain(*t, "chain", where, r_.Dur(*t, "ack_window", where));
      if (team.chain.empty()) r_.Add(*t, where + " has an empty chain: it names nobody to ask");
      team.members = r_.StrList(*t, "members", where);
      for (const std::string& member : team.members)
        if (p_.FindPerson(member) == nullptr)
          r_.Add(TomlReader::LineOfKey(*t, "members"),
                 where + " names an unknown member '" + member + "'");
      team.confirms_fix = r_.Bool(*t, "confirms_fix", where, false);
      p_.consult_teams.push_back(std::move(team));
    }
  }

  // Checks that need tiers, people and assets all read.
  void CheckTiers() {
    for (size_t i = 0; i < p_.tiers.size(); ++i) {
      const Tier& tier = p_.tiers[i];
      const toml::table& t = *tier_tables_[i];
      const std::string where = "tier '" + tier.id + "'";
      for (const auto& target : tier.handoff_to) {
        int index = p_.TierIndex(target);
        if (index < 0)
          r_.Add(TomlReader::LineOfKey(t, "handoff_to"),
                 where + " hands off to unknown tier '" + target + "'");
        else if (index == int(i))
          r_.Add(TomlReader::LineOfKey(t, "handoff_to"), where + " hands off to itself");
      }
      if (!tier.routing_kind.empty() &&
          std::none_of(p_.assets.begin(), p_.assets.end(),
                       [&](const Asset& a) { return a.kind == tier.routing_kind; }))
        r_.Add(TomlReader::LineOfKey(t, "routing"),
               where + " routes by '" + tier.routing_kind + "' but no asset has that kind");
      auto needs_leader = [&](const std::optional<ClockRule>& rule) {
        return rule && std::count(rule->on_breach.begin(), rule->on_breach.end(),
                                  BreachAction::kNotifyTeamLeader);
      };
      if ((needs_leader(tier.clocks.handoff) || needs_leader(tier.clocks.response)) &&
          p_.PeopleWithRole(role::kTeamLeader, tier.id).empty())
        r_.Add(tier.line, where +
                              " notifies its team leader on breach but has no person with "
                              "role team_leader in it");
      if (tier.qc && p_.PeopleWithRole(role::kQualityControl).empty())
        r_.Add(TomlReader::LineOfKey(t, "qc"),
               where + " needs quality control but nobody has role qc");
    }
    // Every tier must be reachable from the entry tier along hand-off edges.
    if (p_.tiers.empty()) return;
    std::vector<bool> seen(p_.tiers.size(), false);
    std::vector<int> stack = {0};
    seen[0] = true;
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      std::vector<std::string> next = p_.tiers[i].handoff_to;
      if (next.empty() && i + 1 < int(p_.tiers.size())) next.push_back(p_.tiers[i + 1].id);
      for (const auto& id : next) {
        int j = p_.TierIndex(id);
        if (j >= 0 && !seen[j]) {
          seen[j] = true;
          stack.push_back(j);
        }
      }
    }
    for (size_t i = 0; i < p_.tiers.size(); ++i)
      if (!seen[i])
        r_.Add(p_.tiers[i].line, "tier '" + p_.tiers[i].id + "' is unreachable from '" +
                                     p_.tiers[0].id + "' by hand-offs");
  }

  void ReadHierarchy() {
    const toml::table* h = r_.Table(doc_, "hierarchy", "");
    if (h == nullptr) return;
    r_.CheckKeys(*h, {"calendar", "levels"}, "[hierarchy]");
    p_.hierarchy.calendar = CalendarRef(
        *h, "[hierarchy]", p_.tiers.empty() ? kAlwaysOpenCalendar : p_.tiers[0].calendar);
    for (const toml::table* t : r_.Tables(*h, "levels", "[hierarchy]")) {
      HierarchyStep step;
      step.role = r_.Str(*t, "role", "[[hierarchy.levels]]", true);
      const std::string where = "hierarchy level '" + step.role + "'";
      r_.CheckKeys(*t, {"role", "after"}, where);
      if (!step.role.empty() && p_.PeopleWithRole(step.role).empty())
        r_.Add(*t, where + " names a role nobody holds");
      if (const toml::table* after = r_.Table(*t, "after", where)) {
        r_.CheckKeys(*after, {"critical", "high", "medium", "low"}, where + " after");
        step.after = PerPriority(*after, where);
      } else if (!p_.hierarchy.steps.empty()) {
        r_.Add(*t, where + " needs 'after' delays per priority");
      }
      p_.hierarchy.steps.push_back(std::move(step));
    }
  }

  void ReadPriority() {
    auto& rules = p_.priority;
    // ITIL's usual 3x3 matrix unless the procedure gives its own.
    rules.matrix = {{{Priority::kCritical, Priority::kHigh, Priority::kMedium},
                     {Priority::kHigh, Priority::kMedium, Priority::kLow},
                     {Priority::kMedium, Priority::kLow, Priority::kLow}}};
    const toml::table* t = r_.Table(doc_, "priority", "");
    if (t == nullptr) return;
    r_.CheckKeys(*t, {"default", "matrix", "raise"}, "[priority]");
    if (std::string d = r_.Str(*t, "default", "[priority]"); !d.empty()) {
      if (auto p = ParsePriority(d))
        rules.fallback = *p;
      else
        r_.Add(TomlReader::LineOfKey(*t, "default"), "unknown priority '" + d + "'");
    }
    if (const toml::node* m = t->get("matrix")) {
      const toml::array* rows = m->as_array();
      if (rows == nullptr || rows->size() != 3) {
        r_.Add(*m,
               "'matrix' must be 3 rows (impact high, medium, low) of 3 priorities "
               "(urgency high, medium, low)");
      } else {
        for (size_t i = 0; i < 3; ++i) {
          const toml::array* row = (*rows)[i].as_array();
          if (row == nullptr || row->size() != 3) {
            r_.Add((*rows)[i], "each matrix row must hold 3 priorities");
            continue;
          }
          for (size_t j = 0; j < 3; ++j) {
            auto name = (*row)[j].value<std::string>();
            auto p = name ? ParsePriority(*name) : std::nullopt;
            if (p)
              rules.matrix[i][j] = *p;
            else
              r_.Add((*row)[j], "matrix entries must be critical, high, medium or low");
          }
        }
      }
    }
    for (const toml::table* rt : r_.Tables(*t, "raise", "[priority]")) {
      const std::string where = "[[priority.raise]]";
      r_.CheckKeys(*rt, {"when", "to", "by", "at_least", "clients", "within"}, where);
      std::string when = r_.Str(*rt, "when", where, true);
      auto cond = ParseRaiseCondition(when);
      if (!cond) {
        if (!when.empty())
          r_.Add(TomlReader::LineOfKey(*rt, "when"),
                 "unknown raise condition '" + when +
                     "' (known: service_down, no_workaround, "
                     "people_affected, multi_client, org_impact)");
        continue;
      }
      RaiseRule rule{*cond};
      if (std::string to = r_.Str(*rt, "to", where); !to.empty()) {
        rule.to = ParsePriority(to);
        if (!rule.to) r_.Add(TomlReader::LineOfKey(*rt, "to"), "unknown priority '" + to + "'");
      }
      rule.by = r_.Int(*rt, "by", where, 0);
      if (!rule.to && rule.by == 0) r_.Add(*rt, "a raise rule needs 'to' or 'by'");
      if (*cond == RaiseCondition::kPeopleAffected) {
        rule.threshold = r_.Int(*rt, "at_least", where, 0);
        if (rule.threshold <= 0) r_.Add(*rt, "people_affected needs 'at_least' > 0");
      }
      if (*cond == RaiseCondition::kMultiClient) {
        rule.threshold = r_.Int(*rt, "clients", where, 0);
        rule.window = r_.Dur(*rt, "within", where, true).value_or(Minutes{0});
        if (rule.threshold < 2) r_.Add(*rt, "multi_client needs 'clients' of at least 2");
      }
      rules.raise.push_back(rule);
    }
  }

  void ReadGates() {
    for (const toml::table* t : r_.Tables(doc_, "gates", "")) {
      ApprovalGate gate;
      gate.tier = r_.Str(*t, "tier", "[[gates]]", true);
      const std::string where = "gate before '" + gate.tier + "'";
      r_.CheckKeys(*t, {"tier", "decision_role", "client_approval"}, where);
      int index = p_.TierIndex(gate.tier);
      if (index < 0 && !gate.tier.empty()) r_.Add(*t, where + " names an unknown tier");
      if (index == 0) r_.Add(*t, where + ": the entry tier cannot be gated");
      gate.decision_role = r_.Str(*t, "decision_role", where, true);
      if (!gate.decision_role.empty() && p_.PeopleWithRole(gate.decision_role).empty())
        r_.Add(TomlReader::LineOfKey(*t, "decision_role"),
               where + ": nobody holds the role '" + gate.decision_role + "'");
      gate.client_approval = r_.Bool(*t, "client_approval", where, true);
      p_.gates.push_back(gate);
    }
  }

  void ReadIntake() {
    const toml::table* t = r_.Table(doc_, "intake", "");
    if (t == nullptr) return;
    r_.CheckKeys(*t, {"unknown_sender", "required"}, "[intake]");
    ReadRequiredFields(*t);
    const std::string policy = r_.Str(*t, "unknown_sender", "[intake]", false);
    if (policy.empty() || policy == "refuse")
      p_.intake.unknown_sender = Intake::UnknownSender::kRefuse;
    else if (policy == "register")
      p_.intake.unknown_sender = Intake::UnknownSender::kRegister;
    else
      r_.Add(TomlReader::LineOfKey(*t, "unknown_sender"),
             "unknown_sender must be \"refuse\" or \"register\", not '" + policy + "'");
  }

  // [intake.required]: per channel, the fields a request must bring.
  void ReadRequiredFields(const toml::table& intake) {
    const toml::table* t = r_.Table(intake, "required", "[intake]");
    if (t == nullptr) return;
    const std::string where = "[intake.required]";
    for (const auto& [key, node] : *t) {
      const std::string channel_name(key.str());
      const int line = TomlReader::LineOfKey(*t, channel_name);
      auto channel = ParseChannel(channel_name);
      if (!channel) {
        r_.Add(line, "unknown channel '" + channel_name + "' in " + where +
                         " (email, web, phone, chat, walk_in, social or api)");
        continue;
      }
      std::vector<IntakeField>& fields = p_.intake.required[*channel];
      for (const std::string& name : r_.StrList(*t, channel_name, where)) {
        auto field = ParseIntakeField(name);
        if (!field)
          r_.Add(line, "unknown intake field '" + name + "' for " + channel_name + " in " + where);
        else if (*channel == Channel::kEmail && !MailCarries(*field))
          r_.Add(line, "a mail cannot bring '" + name +
                           "': email requests may require only title, description, "
                           "caller_name or caller_email (staff complete the rest with amend)");
        else if (std::find(fields.begin(), fields.end(), *field) == fields.end())
          fields.push_back(*field);
      }
    }
  }

  void ReadClosure() {
    const toml::table* t = r_.Table(doc_, "closure", "");
    if (t == nullptr) return;
    const std::string where = "[closure]";
    r_.CheckKeys(
        *t,
        {"client_signoff", "calendar", "remind_after", "reminders", "close_after_reminders",
         "knowledge_base", "resolution_fields", "staff_may_record_signoff"},
        where);
    auto& c = p_.closure;
    c.client_signoff = r_.Bool(*t, "client_signoff", where, true);
    c.signoff_calendar =
        CalendarRef(*t, where, p_.tiers.empty() ? kAlwaysOpenCalendar : p_.tiers[0].calendar);
    c.remind_after = r_.Dur(*t, "remind_after", where).value_or(Minutes{0});
    c.reminders = r_.Int(*t, "reminders", where, 0);
    c.close_after_reminders = r_.Bool(*t, "close_after_reminders", where, false);
    if (c.close_after_reminders && c.remind_after <= Minutes{0})
      r_.Add(*t, "close_after_reminders needs remind_after");
    c.knowledge_base = r_.Bool(*t, "knowledge_base", where, false);
    c.staff_may_record_signoff = r_.Bool(*t, "staff_may_record_signoff", where, false);
    if (c.staff_may_record_signoff && !c.client_signoff)
      r_.Add(TomlReader::LineOfKey(*t, "staff_may_record_signoff"),
             "staff_may_record_signoff needs client_signoff = true");
    c.resolution_fields = r_.StrList(*t, "resolution_fields", where);
  }

  void ReadTemplates() {
    const toml::table* t = r_.Table(doc_, "templates", "");
    if (t == nullptr) return;
    const auto& names = TemplateNames();
    const auto& vars = TemplateVariables();
    for (const auto& [key, node] : *t) {
      const std::string name(key.str());
      const std::string where = "template '" + name + "'";
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        r_.Add(node, "unknown template '" + name + "'");
        continue;
      }
      const toml::table* tt = node.as_table();
      if (tt == nullptr) {
        r_.Add(node, where + " must be a table");
        continue;
      }
      Template tpl;
      if (name == "resolution_letter") {
        r_.CheckKeys(*tt,
                     {"subject", "introduction", "information", "resolution", "closing", "thanks"},
                     where);
        for (const auto& part : ResolutionLetterParts()) {
          std::string text = r_.Str(*tt, part, where, true);
          tpl.parts.emplace_back(part, text);
          tpl.body += (tpl.body.empty() ? "" : "\n\n") + text;
        }
      } else {
        r_.CheckKeys(*tt, {"subject", "body"}, where);
        tpl.body = r_.Str(*tt, "body", where, true);
      }
      tpl.subject = r_.Str(*tt, "subject", where, true);
      for (const std::string* text : {&tpl.subject, &tpl.body})
        for (const auto& var : PlaceholdersIn(*text))
          if (std::find(vars.begin(), vars.end(), var) == vars.end())
            r_.Add(*tt, where + " uses unknown variable {{" + var + "}}");
      p_.templates.emplace(name, std::move(tpl));
    }
  }

  // The text of iCalendar file `name` (relative to base_dir_), within files_ and kMaxIcalBytes.
  Result<std::string> ReadHolidayFile(const std::string& name) const {
    const std::filesystem::path relative(name);
    if (files_.inside_base_dir) {
      bool inside = relative.is_relative() && !relative.has_root_name();
      for (const auto& part : relative) inside = inside && part != "..";
      if (!inside)
        return Fail(ErrorCode::kInvalidArgument,
                    "iCalendar file '" + name + "' must be named inside the procedure's folder");
    }
    const std::filesystem::path path = base_dir_ / relative;
    std::error_code ec;
    const bool regular = std::filesystem::is_regular_file(path, ec);
    const auto size = regular ? std::filesystem::file_size(path, ec) : 0;
    std::ifstream in(path, std::ios::binary);
    if (!regular || ec || !in)
      return Fail(ErrorCode::kInvalidArgument, "cannot read iCalendar file '" + name + "'");
    if (size > kMaxIcalBytes)
      return Fail(ErrorCode::kInvalidArgument, "iCalendar file '" + name + "' is larger than " +
                                                   std::to_string(kMaxIcalBytes) + " bytes");
    std::string text(size, '\0');
    in.read(text.data(), std::streamsize(size));
    text.resize(size_t(in.gcount()));
    return text;
  }

  const toml::table& doc_;
  std::filesystem::path base_dir_;
  FileRules files_;
  TomlReader r_;
  Procedure p_;
  std::vector<const toml::table*> tier_tables_;
};

}  // namespace

LoadResult LoadProcedureText(std::string_view text, const std::string& source_name,
                             const std::filesystem::path& base_dir, FileRules files) {
  toml::table doc;
  try {
    doc = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return LoadResult{
        std::nullopt,
        {{int(e.source().begin.line), "TOML syntax: " + std::string(e.description())}}};
  }
  return Builder(doc, base_dir, files).Build();
}

LoadResult LoadProcedureFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return LoadResult{std::nullopt, {{0, "cannot read '" + path.string() + "'"}}};
  std::stringstream text;
  text << in.rdbuf();
  return LoadProcedureText(text.str(), path.string(), path.parent_path());
}

std::string FormatProblems(const std::string& file, const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems)
    out += file + ":" + std::to_string(p.line) + ": " + p.message + "\n";
  return out;
}

}  // namespace tierdesk::procedure
