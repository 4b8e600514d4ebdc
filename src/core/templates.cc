#include "core/templates.h"

#include <algorithm>

namespace tierdesk::core {

namespace {

const std::map<std::string, Template, std::less<>>& Defaults() {
  static const auto* defaults = new std::map<std::string, Template, std::less<>>{
      {"status_response",
       {"[{{ticket}}] {{status}}: {{title}}",
        "Hello {{requester}},\n\nStatus: {{status}}\n{{eta_line}}\n\nWhat we found so far:\n"
        "{{findings}}\n\n{{agent}}, {{tier_name}}"}},
      {"escalation_notice",
       {"[{{ticket}}] Escalated to {{tier_name}}: {{title}}",
        "Hello {{requester}},\n\nYour request has been escalated to {{tier_name}}.\nReason: "
        "{{reason}}\n\nWe will keep you informed."}},
      {"priority_change",
       {"[{{ticket}}] Priority changed to {{priority}}: {{title}}",
        "Hello {{requester}},\n\nThe priority of your request changed from {{old_priority}} to "
        "{{priority}}.\nReason: {{reason}}"}},
      {"resolution_letter",
       {"[{{ticket}}] Resolved: {{title}}",
        "Dear {{requester}},\n\nWe are writing about your request {{ticket}}, \"{{title}}\".\n\n"
        "{{summary}}\n\nHow it was resolved:\n{{resolution_details}}\n\nIf anything else comes "
        "up, we will be glad to help.\n\nThank you for contacting {{organisation_name}}.",
        {}}},
      {"signoff_request",
       {"[{{ticket}}] Please confirm the resolution: {{title}}",
        "Hello {{requester}},\n\nPlease confirm that {{ticket}} is resolved: {{signoff_link}}\n"
        "Still not working? Tell us here: {{reopen_link}}\nYou can also simply reply to this "
        "mail."}},
      {"signoff_reminder",
       {"[{{ticket}}] Reminder: please confirm the resolution",
        "Hello {{requester}},\n\nWe have not yet heard whether {{ticket}} is resolved for you."}},
      {"closure_notice",
       {"[{{ticket}}] Closed: {{title}}",
        "Hello {{requester}},\n\nYour request {{ticket}} is closed.\n\nResolution:\n"
        "{{resolution_details}}"}},
      {"page",
       {"[{{ticket}}] {{priority}} ticket for {{asset_name}} needs you",
        "{{person}}, please acknowledge {{ticket}} ({{title}}) within {{ack_window}}.\n"
        "Acknowledge: {{ack_link}}\nForum: {{forum}}\nTried so far: {{tried}}"}},
      {"approval_request",
       {"[{{ticket}}] Your approval is needed",
        "Hello {{requester}},\n\nWe propose to route your request to {{tier_name}}.\n{{reason}}\n"
        "Approve: {{approve_link}}\nDecline: {{decline_link}}"}},
      {"decision_request",
       {"[{{ticket}}] Decision needed: route to {{tier_name}}?",
        "{{ticket}} ({{title}}) asks to move to {{tier_name}}.\nActivity so far:\n{{tried}}"}},
      {"status_reminder",
       {"[{{ticket}}] Status update due",
        "{{person}}, a status update for {{ticket}} ({{priority}}) is due now."}},
      {"breach_notice",
       {"[{{ticket}}] Target missed: {{clock}}",
        "{{person}}, {{ticket}} ({{priority}}, {{tier_name}}) missed its {{clock}} target due "
        "at {{due}}."}},
      {"workaround",
       {"[{{ticket}}] A workaround while we fix it",
        "Hello {{requester}},\n\nUntil the issue is fixed you can: {{workaround}}"}},
      {"information_request",
       {"[{{ticket}}] We need more information", "Hello {{requester}},\n\n{{question}}"}},
      {"qc_request",
       {"[{{ticket}}] Quality control needed",
        "{{person}}, please verify the resolution of {{ticket}}:\n{{resolution_details}}"}},
      {"sent_back",
       {"[{{ticket}}] Back with you: {{title}}",
        "{{person}}, {{ticket}} came back to you: {{reason}}"}},
      {"hierarchy_escalation",
       {"[{{ticket}}] Escalated to you ({{role}})",
        "{{person}}, {{ticket}} ({{priority}}) is escalated to {{role}}: {{reason}}"}},
      {"public_note", {"[{{ticket}}] Update on your request", "Hello {{requester}},\n\n{{note}}"}},
      {"consult_request",
       {"[{{ticket}}] {{team_name}} is asked: {{title}}",
        "{{person}}, {{asker}} asks {{team_name}} about {{ticket}} ({{title}}, {{priority}}); "
        "please answer in the ticket within {{answer_within}}:\n\n{{question}}\n\n"
        "Tried so far: {{tried}}"}},
      {"consult_answered",
       {"[{{ticket}}] {{team_name}} answered",
        "{{person}}, {{team_name}} answered your question on {{ticket}} ({{title}}):\n\n"
        "{{answer}}"}},
      {"consult_overdue",
       {"[{{ticket}}] {{team_name}}'s answer is overdue",
        "{{person}}, {{team_name}} was asked about {{ticket}} ({{title}}) and has not answered "
        "by {{due}}:\n\n{{question}}"}},
      {"knowledge_base_task",
       {"[{{ticket}}] Update the knowledge base",
        "Record what {{ticket}} taught us:\n{{resolution_details}}"}},
  };
  return *defaults;
}

}  // namespace

const std::vector<std::string>& TemplateNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>;
    for (const auto& [name, _] : Defaults()) v->push_back(name);
    return v;
  }();
  return *names;
}

const std::vector<std::string>& TemplateVariables() {
  static const std::vector<std::string> vars = {"ticket",
                                                "title",
                                                "requester",
                                                "status",
                                                "eta_line",
                                                "eta",
                                                "next_update",
                                                "findings",
                                                "agent",
                                                "tier",
                                                "tier_name",
                                                "reason",
                                                "priority",
                                                "old_priority",
                                                "summary",
                                                "resolution_details",
                                                "organisation_name",
                                                "person",
                                                "ack_window",
                                                "asset_name",
                                                "forum",
                                                "tried",
                                                "clock",
                                                "due",
                                                "workaround",
                                                "question",
                                                "role",
                                                "note",
                                                "client_id",
                                                "team_name",
                                                "asker",
                                                "answer_within",
                                                "answer"};
  return vars;
}

const std::vector<std::string>& ResolutionLetterParts() {
  static const std::vector<std::string> parts = {"introduction", "information", "resolution",
                                                 "closing", "thanks"};
  return parts;
}

std::string LinkMarker(std::string_view action, std::string_view actor, int64_t cycle) {
  return "[[link:" + std::string(action) + ":" + std::string(actor) + "#" + std::to_string(cycle) +
         "]]";
}

std::string DefuseLinkMarkers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '[' && !out.empty() && out.back() == '[') out += ' ';
    out += c;
  }
  return out;
}

bool IsLinkVariable(std::string_view name) {
  static constexpr std::string_view kSuffix = "_link";
  return name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix;
}

const Template& TemplateFor(const Procedure& procedure, std::string_view name) {
  if (const Template* t = procedure.FindTemplate(name)) return *t;
  auto it = Defaults().find(name);
  if (it != Defaults().end()) return it->second;
  static const Template kEmpty;
  return kEmpty;
}

namespace {

// Walks `text`, handing literal runs to `literal` and trimmed {{names}} to `placeholder`.
template <class Literal, class Placeholder>
void ScanTemplate(std::string_view text, Literal literal, Placeholder placeholder) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      literal(text.substr(pos));
      return;
    }
    literal(text.substr(pos, open - pos));
    std::string_view key = text.substr(open + 2, close - open - 2);
    while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    placeholder(key);
    pos = close + 2;
  }
}

}  // namespace

std::string Render(std::string_view text, const TemplateVars& vars) {
  std::string out;
  out.reserve(text.size() + 64);
  ScanTemplate(
      text, [&](std::string_view literal) { out.append(literal); },
      [&](std::string_view key) {
        if (auto it = vars.find(std::string(key)); it != vars.end()) out.append(it->second);
      });
  return out;
}

std::vector<std::string> PlaceholdersIn(std::string_view text) {
  std::vector<std::string> out;
  ScanTemplate(
      text, [](std::string_view) {}, [&](std::string_view key) { out.emplace_back(key); });
  return out;
}

}  // namespace tierdesk::core
