#include <date/tz.h>

#include "core/machine.h"
#include "core/visibility.h"

namespace tierdesk::core {

void Machine::Emit(EventType type, std::string to, Fields fields) {
  events_.push_back(
      Event{t_.id, now_, EventTypeName(type), actor_, std::move(to), std::move(fields)});
}

Machine::Fields Machine::Attach(const std::vector<Attachment>& files, Fields fields,
                                bool internal) {
  if (files.empty()) return fields;
  std::string names;
  for (const Attachment& file : files) {
    names += (names.empty() ? "" : ", ") + file.name;
    t_.attachments.push_back(file);
    t_.attachments.back().internal = internal;
  }
  fields.emplace_back("attachments", names);
  return fields;
}

std::string Machine::TriedSoFar() const {
  return t_.handoffs.empty() ? "nothing recorded yet" : t_.handoffs.back().tried;
}

std::string Machine::Fmt(Timestamp t) const { return FormatTimestamp(t, p_.zone); }

const Tier& Machine::CurrentTier() const { return *p_.FindTier(t_.tier); }

// The resolution as its letters to the client give it (ClientSeesResolutionField).
std::string Machine::ResolutionDetails() const {
  std::string out;
  for (const auto& [key, value] : t_.resolution)
    if (ClientSeesResolutionField(key)) out += key + ": " + value + "\n";
  return out;
}

TemplateVars Machine::BaseVars() const {
  const auto& r = t_.registration;
  TemplateVars v;
  v["ticket"] = TicketRef(t_.id);
  v["title"] = r.title;
  v["requester"] = !r.requester_name.empty() ? r.requester_name : r.caller_name;
  v["priority"] = PriorityName(t_.priority);
  v["client_id"] = r.client_id;
  v["organisation_name"] = p_.name;
  if (const Tier* tier = p_.FindTier(t_.tier)) {
    v["tier"] = tier->id;
    v["tier_name"] = tier->name;
  }
  if (auto it = t_.resolution.find("summary"); it != t_.resolution.end()) v["summary"] = it->second;
  v["resolution_details"] = ResolutionDetails();
  return v;
}

TemplateVars Machine::MailVars(TemplateVars extra) const {
  TemplateVars vars = BaseVars();
  for (auto& [k, v] : extra) vars[k] = std::move(v);
  for (auto& [k, v] : vars)
    if (!IsLinkVariable(k)) v = DefuseLinkMarkers(v);
  return vars;
}

void Machine::MailRequester(std::string_view template_name, TemplateVars extra) {
  const auto& r = t_.registration;
  std::vector<std::string> to;
  if (!r.requester_email.empty())
    to.push_back(r.requester_email);
  else if (!r.caller_email.empty())
    to.push_back(r.caller_email);
  for (const auto& n : r.notify)
    if (std::find(to.begin(), to.end(), n) == to.end()) to.push_back(n);
  const TemplateVars vars = MailVars(std::move(extra));
  const Template& tpl = TemplateFor(p_, template_name);
  for (const auto& address : to)
    effects_.push_back(Effect{Effect::Kind::kEmail, t_.id, address, std::string(template_name),
                              Render(tpl.subject, vars), Render(tpl.body, vars)});
}

void Machine::MailPerson(const Person& person, std::string_view template_name, TemplateVars extra,
                         Effect::Kind kind) {
  extra.try_emplace("person", person.name);
  const TemplateVars vars = MailVars(std::move(extra));
  const Template& tpl = TemplateFor(p_, template_name);
  effects_.push_back(Effect{kind, t_.id, kind == Effect::Kind::kEmail ? person.email : person.id,
                            std::string(template_name), Render(tpl.subject, vars),
                            Render(tpl.body, vars)});
}

Decision Machine::Finish() && {
  t_.version += 1;
  t_.updated_at = now_;
  return Decision{std::move(t_), std::move(events_), std::move(effects_)};
}

}  // namespace tierdesk::core
