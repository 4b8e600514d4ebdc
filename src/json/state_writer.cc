#include "json/state_writer.h"

#include <optional>

#include "common/time.h"
#include "core/priority.h"
#include "json/text_writer.h"

namespace tierdesk::json {

using namespace tierdesk::core;

namespace {

// An object of key/value pairs as a document built by operator[] would dump it: a repeated
// key keeps its first place and takes its last value.
template <typename Pairs>
void WriteObjectLastValueWins(TextWriter& w, const Pairs& pairs) {
  w.Open();
  for (size_t i = 0; i < pairs.size(); ++i) {
    bool seen_earlier = false;
    for (size_t k = 0; k < i && !seen_earlier; ++k) seen_earlier = pairs[k].first == pairs[i].first;
    if (seen_earlier) continue;
    size_t last = i;
    for (size_t k = i + 1; k < pairs.size(); ++k)
      if (pairs[k].first == pairs[i].first) last = k;
    w.Field(pairs[i].first, pairs[last].second);
  }
  w.Close();
}

void WriteRegistration(TextWriter& w, const Registration& r) {
  w.Open();
  w.Field("title", r.title);
  w.Field("caller_name", r.caller_name);
  w.Field("caller_email", r.caller_email);
  w.Field("caller_phone", r.caller_phone);
  w.Field("requester_name", r.requester_name);
  w.Field("requester_email", r.requester_email);
  w.Key("notify");
  w.OpenArray();
  for (const std::string& address : r.notify) w.Value(address);
  w.CloseArray();
  w.Field("institute", r.institute);
  w.Field("building", r.building);
  w.Field("room", r.room);
  w.Field("affected", r.affected);
  w.Field("module", r.module);
  w.StringMap("assets", r.assets);
  w.Field("description", r.description);
  w.Field("actions_attempted", r.actions_attempted);
  w.Field("error_messages", r.error_messages);
  w.Field("channel", ChannelName(r.channel));
  w.Field("client_id", r.client_id);
  w.Field("organisation", r.organisation);
  w.Key("occurred_at");
  if (r.occurred_at)
    w.Value(FormatTimestamp(*r.occurred_at));
  else
    w.Null();
  w.Key("first_time");
  if (r.first_time)
    w.Value(*r.first_time);
  else
    w.Null();
  w.Close();
}

void WriteClock(TextWriter& w, const SlaClock& c) {
  w.Open();
  w.Field("name", c.name);
  w.Field("calendar", c.calendar);
  w.Field("budget", int64_t(c.budget.count()));
  w.Field("used", int64_t(c.used.count()));
  w.Field("running_since", EpochSeconds(c.running_since));
  w.Field("due", EpochSeconds(c.due));
  w.Field("paused", c.paused);
  w.Field("pausable", c.pausable);
  w.Close();
}

}  // namespace

std::string EncodeTicketState(const Ticket& t) {
  TextWriter w(1024 + t.registration.description.size() + t.attachments.size() * 160);
  w.Open();
  w.Field("id", int64_t(t.id));
  w.Field("ref", TicketRef(t.id));
  w.Field("version", t.version);
  w.Key("registration");
  WriteRegistration(w, t.registration);
  w.Field("category", CategoryName(t.category));
  w.Field("priority", PriorityName(t.priority));
  w.Field("received_at", EpochSeconds(t.received_at));
  w.Field("updated_at", EpochSeconds(t.updated_at));
  w.Field("stage", StageName(t.stage));
  w.Field("tier", t.tier);
  w.Field("gate_tier", t.gate_tier);
  w.Field("assignee", t.assignee);
  w.Field("hierarchy_level", t.hierarchy_level);
  w.Key("clocks");
  w.OpenArray();
  for (const SlaClock& c : t.clocks) WriteClock(w, c);
  w.CloseArray();
  w.Field("workaround", t.workaround);
  w.Field("resolved_tier", t.resolved_tier);
  w.Field("resolved_by", t.resolved_by);
  w.StringMap("resolution", t.resolution);
  w.Field("signoff_reminders", t.signoff_reminders);
  w.Field("reopen_count", t.reopen_count);
  w.Field("link_cycle", t.link_cycle);
  w.Field("event_count", t.event_count);
  w.Key("last_status");
  if (t.last_status)
    w.Value(ResponseStatusName(*t.last_status));
  else
    w.Null();
  w.Key("attachments");
  w.OpenArray();
  for (const Attachment& a : t.attachments) {
    w.Open();
    w.Field("name", a.name);
    w.Field("content_type", a.content_type);
    w.Field("size", a.size);
    w.Field("sha256", a.sha256);
    w.Field("note", a.note);
    w.Field("internal", a.internal);
    w.Close();
  }
  w.CloseArray();
  w.Key("page");
  if (t.page) {
    w.Open();
    w.Field("asset", t.page->asset);
    w.Field("on_call", t.page->on_call);
    w.Field("step", t.page->step);
    w.Field("pass", t.page->pass);
    w.Field("person", t.page->person);
    w.Close();
  } else {
    w.Null();
  }
  const PriorityFactors& f = t.factors;
  w.Key("factors");
  w.Open();
  w.Key("set");
  if (f.set)
    w.Value(PriorityName(*f.set));
  else
    w.Null();
  for (auto [key, grade] : {std::pair{"impact", &f.impact}, std::pair{"urgency", &f.urgency}}) {
    w.Key(key);
    if (*grade)
      w.Value(GradeName(**grade));
    else
      w.Null();
  }
  w.Field("service_down", f.service_down);
  w.Field("no_workaround", f.no_workaround);
  w.Field("people_affected", f.people_affected);
  w.Field("other_clients_on_asset", f.other_clients_on_asset);
  w.Close();
  w.Key("handoffs");
  w.OpenArray();
  for (const HandOffNote& h : t.handoffs) {
    w.Open();
    w.Field("from", h.from);
    w.Field("to", h.to);
    w.Field("criterion", h.criterion);
    w.Field("tried", h.tried);
    w.Field("by", h.by);
    w.Field("at", FormatTimestamp(h.at, nullptr));
    w.Close();
  }
  w.CloseArray();
  w.Field("findings", t.findings);
  w.Key("consults");
  w.OpenArray();
  for (const Consult& c : t.consults) {
    w.Open();
    w.Field("team", c.team);
    w.Field("question", c.question);
    w.Field("asked_by", c.asked_by);
    w.Field("tier", c.tier);
    w.Field("asked_at", FormatTimestamp(c.asked_at, nullptr));
    w.Field("paged", c.paged);
    w.Field("step", c.step);
    w.Field("answer", c.answer);
    w.Field("answered_by", c.answered_by);
    w.Key("answered_at");
    if (c.answered_at)
      w.Value(FormatTimestamp(*c.answered_at, nullptr));
    else
      w.Null();
    w.Close();
  }
  w.CloseArray();
  w.Key("confirmations");
  w.OpenArray();
  for (const FixConfirmation& f : t.confirmations) {
    w.Open();
    w.Field("by", f.by);
    w.Field("at", FormatTimestamp(f.at, nullptr));
    w.Field("text", f.text);
    w.Close();
  }
  w.CloseArray();
  w.Key("questionnaires");
  w.OpenArray();
  for (const AnsweredQuestionnaire& q : t.questionnaires) {
    w.Open();
    w.Field("id", q.id);
    w.Field("version", q.version);
    w.Field("title", q.title);
    w.Key("answers");
    w.OpenArray();
    for (const WalkedAnswer& a : q.answers) {
      w.Open();
      w.Field("question", a.question);
      w.Field("text", a.text);
      w.Field("value", a.value);
      w.Field("label", a.label);
      w.Close();
    }
    w.CloseArray();
    w.Field("complete", q.complete);
    w.Field("fix", q.fix);
    w.Field("resolve", q.resolve);
    w.Field("route", q.route);
    w.Field("for_clients", q.for_clients);
    w.Close();
  }
  w.CloseArray();
  w.Close();
  return w.Take();
}

std::string EncodeFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  TextWriter w(64 * (fields.size() + 1));
  WriteObjectLastValueWins(w, fields);
  return w.Take();
}

std::string EncodeEventLine(const Event& e, const date::time_zone* zone) {
  const std::string at = FormatTimestamp(e.at, zone);
  const std::string ticket = TicketRef(e.ticket);
  std::vector<std::pair<std::string_view, std::string_view>> pairs = {
      {"at", at}, {"ticket", ticket}, {"type", e.type}, {"actor", e.actor}};
  if (!e.to.empty()) pairs.emplace_back("to", e.to);
  for (const auto& [k, v] : e.fields) pairs.emplace_back(k, v);
  TextWriter w(128 + 64 * e.fields.size());
  WriteObjectLastValueWins(w, pairs);
  return w.Take();
}

std::string EncodeEffectLine(const Effect& e, Timestamp at, const date::time_zone* zone) {
  TextWriter w(256 + e.subject.size());
  w.Open();
  w.Field("at", FormatTimestamp(at, zone));
  w.Field("ticket", TicketRef(e.ticket));
  w.Field("type", EffectKindName(e.kind));
  w.Field("actor", "system");
  w.Field("to", e.to);
  w.Field("template", e.template_name);
  w.Field("subject", e.subject);
  w.Close();
  return w.Take();
}

}  // namespace tierdesk::json
