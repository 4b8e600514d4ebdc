#include "json/codec.h"

#include <date/tz.h>

#include <set>

namespace tierdesk::json {

using namespace tierdesk::core;

namespace {

Json ClockToJson(const SlaClock& c) {
  return Json{{"name", c.name},
              {"calendar", c.calendar},
              {"budget", c.budget.count()},
              {"used", c.used.count()},
              {"running_since", EpochSeconds(c.running_since)},
              {"due", EpochSeconds(c.due)},
              {"paused", c.paused},
              {"pausable", c.pausable}};
}

SlaClock ClockFromJson(const Json& j) {
  SlaClock c;
  c.name = j.at("name").get<std::string>();
  c.calendar = j.at("calendar").get<std::string>();
  c.budget = Seconds{j.at("budget").get<int64_t>()};
  c.used = Seconds{j.at("used").get<int64_t>()};
  c.running_since = FromEpochSeconds(j.at("running_since").get<int64_t>());
  c.due = FromEpochSeconds(j.at("due").get<int64_t>());
  c.paused = j.at("paused").get<bool>();
  c.pausable = j.at("pausable").get<bool>();
  return c;
}

}  // namespace

Json RegistrationToJson(const Registration& r) {
  Json j{{"title", r.title},
         {"caller_name", r.caller_name},
         {"caller_email", r.caller_email},
         {"caller_phone", r.caller_phone},
         {"requester_name", r.requester_name},
         {"requester_email", r.requester_email},
         {"notify", r.notify},
         {"institute", r.institute},
         {"building", r.building},
         {"room", r.room},
         {"affected", r.affected},
         {"module", r.module},
         {"assets", r.assets},
         {"description", r.description},
         {"actions_attempted", r.actions_attempted},
         {"error_messages", r.error_messages},
         {"channel", ChannelName(r.channel)},
         {"client_id", r.client_id},
         {"organisation", r.organisation}};
  j["occurred_at"] = r.occurred_at ? Json(FormatTimestamp(*r.occurred_at)) : Json(nullptr);
  j["first_time"] = r.first_time ? Json(*r.first_time) : Json(nullptr);
  return j;
}

Json PageToJson(const std::optional<Page>& page) {
  if (!page) return nullptr;
  return Json{{"asset", page->asset},
              {"on_call", page->on_call},
              {"step", page->step},
              {"pass", page->pass},
              {"person", page->person}};
}

Json AttachmentToJson(const Attachment& a) {
  return Json{{"name", a.name}, {"content_type", a.content_type},
              {"size", a.size}, {"sha256", a.sha256},
              {"note", a.note}, {"internal", a.internal}};
}

Attachment AttachmentFromJson(const Json& a) {
  return Attachment{a.at("name").get<std::string>(), a.at("content_type").get<std::string>(),
                    a.at("size").get<int64_t>(),     a.at("sha256").get<std::string>(),
                    a.at("note").get<std::string>(), a.value("internal", false)};
}

Json AnsweredQuestionnaireToJson(const AnsweredQuestionnaire& q) {
  Json answers = Json::array();
  for (const WalkedAnswer& a : q.answers)
    answers.push_back(
        {{"question", a.question}, {"text", a.text}, {"value", a.value}, {"label", a.label}});
  return Json{{"id", q.id},           {"version", q.version},   {"title", q.title},
              {"answers", answers},   {"complete", q.complete}, {"fix", q.fix},
              {"resolve", q.resolve}, {"route", q.route},       {"for_clients", q.for_clients}};
}

Json HandOffNoteToJson(const HandOffNote& h, const date::time_zone* zone) {
  return Json{{"from", h.from},   {"to", h.to}, {"criterion", h.criterion},
              {"tried", h.tried}, {"by", h.by}, {"at", FormatTimestamp(h.at, zone)}};
}

Json ConsultToJson(const Consult& c, const date::time_zone* zone) {
  return Json{
      {"team", c.team},
      {"question", c.question},
      {"asked_by", c.asked_by},
      {"tier", c.tier},
      {"asked_at", FormatTimestamp(c.asked_at, zone)},
      {"paged", c.paged},
      {"step", c.step},
      {"answer", c.answer},
      {"answered_by", c.answered_by},
      {"answered_at", c.answered_at ? Json(FormatTimestamp(*c.answered_at, zone)) : Json()}};
}

Json FixConfirmationToJson(const FixConfirmation& f, const date::time_zone* zone) {
  return Json{{"by", f.by}, {"at", FormatTimestamp(f.at, zone)}, {"text", f.text}};
}

Json TicketToJson(const Ticket& t) {
  Json clocks = Json::array();
  for (const auto& c : t.clocks) clocks.push_back(ClockToJson(c));
  Json j{{"id", t.id},
         {"ref", TicketRef(t.id)},
         {"version", t.version},
         {"registration", RegistrationToJson(t.registration)},
         {"category", CategoryName(t.category)},
         {"priority", PriorityName(t.priority)},
         {"received_at", EpochSeconds(t.received_at)},
         {"updated_at", EpochSeconds(t.updated_at)},
         {"stage", StageName(t.stage)},
         {"tier", t.tier},
         {"gate_tier", t.gate_tier},
         {"assignee", t.assignee},
         {"hierarchy_level", t.hierarchy_level},
         {"clocks", clocks},
         {"workaround", t.workaround},
         {"resolved_tier", t.resolved_tier},
         {"resolved_by", t.resolved_by},
         {"resolution", t.resolution},
         {"signoff_reminders", t.signoff_reminders},
         {"reopen_count", t.reopen_count},
         {"link_cycle", t.link_cycle},
         {"event_count", t.event_count}};
  j["last_status"] = t.last_status ? Json(ResponseStatusName(*t.last_status)) : Json(nullptr);
  j["attachments"] = Json::array();
  for (const Attachment& a : t.attachments) j["attachments"].push_back(AttachmentToJson(a));
  j["page"] = PageToJson(t.page);
  j["factors"] = FactorsToJson(t.factors);
  j["handoffs"] = Json::array();
  for (const HandOffNote& h : t.handoffs) j["handoffs"].push_back(HandOffNoteToJson(h, nullptr));
  j["findings"] = t.findings;
  j["consults"] = Json::array();
  for (const Consult& c : t.consults) j["consults"].push_back(ConsultToJson(c, nullptr));
  j["confirmations"] = Json::array();
  for (const FixConfirmation& f : t.confirmations)
    j["confirmations"].push_back(FixConfirmationToJson(f, nullptr));
  j["questionnaires"] = Json::array();
  for (const AnsweredQuestionnaire& q : t.questionnaires)
    j["questionnaires"].push_back(AnsweredQuestionnaireToJson(q));
  return j;
}

Json FactorsToJson(const PriorityFactors& f) {
  auto grade = [](const std::optional<Grade>& g) {
    return g ? Json(GradeName(*g)) : Json(nullptr);
  };
  return {{"set", f.set ? Json(PriorityName(*f.set)) : Json(nullptr)},
          {"impact", grade(f.impact)},
          {"urgency", grade(f.urgency)},
          {"service_down", f.service_down},
          {"no_workaround", f.no_workaround},
          {"people_affected", f.people_affected},
          {"other_clients_on_asset", f.other_clients_on_asset}};
}

Result<Ticket> TicketFromJson(const Json& j) {
  try {
    Ticket t;
    t.id = j.at("id").get<int64_t>();
    t.version = j.at("version").get<int64_t>();
    const Json& r = j.at("registration");
    Registration& reg = t.registration;
    for (auto [field, key] : std::initializer_list<std::pair<std::string*, const char*>>{
             {&reg.title, "title"},
             {&reg.caller_name, "caller_name"},
             {&reg.caller_email, "caller_email"},
             {&reg.caller_phone, "caller_phone"},
             {&reg.requester_name, "requester_name"},
             {&reg.requester_email, "requester_email"},
             {&reg.institute, "institute"},
             {&reg.building, "building"},
             {&reg.room, "room"},
             {&reg.affected, "affected"},
             {&reg.description, "description"},
             {&reg.actions_attempted, "actions_attempted"},
             {&reg.error_messages, "error_messages"},
             {&reg.client_id, "client_id"},
             {&reg.organisation, "organisation"}})
      *field = r.at(key).get<std::string>();
    reg.module = r.value("module", "");  // states stored before it was recorded lack it
    reg.notify = r.at("notify").get<std::vector<std::string>>();
    reg.assets = r.at("assets").get<std::map<std::string, std::string>>();
    reg.channel = ParseChannel(r.at("channel").get<std::string>()).value();
    if (!r.at("occurred_at").is_null())
      reg.occurred_at = ParseTimestamp(r.at("occurred_at").get<std::string>()).value();
    if (!r.at("first_time").is_null()) reg.first_time = r.at("first_time").get<bool>();
    t.category = ParseCategory(j.at("category").get<std::string>()).value();
    t.priority = ParsePriority(j.at("priority").get<std::string>()).value();
    t.received_at = FromEpochSeconds(j.at("received_at").get<int64_t>());
    t.updated_at = FromEpochSeconds(j.at("updated_at").get<int64_t>());
    t.stage = ParseStage(j.at("stage").get<std::string>()).value();
    t.tier = j.at("tier").get<std::string>();
    t.gate_tier = j.at("gate_tier").get<std::string>();
    t.assignee = j.at("assignee").get<std::string>();
    t.hierarchy_level = j.at("hierarchy_level").get<int>();
    for (const auto& c : j.at("clocks")) t.clocks.push_back(ClockFromJson(c));
    t.workaround = j.at("workaround").get<std::string>();
    t.resolved_tier = j.at("resolved_tier").get<std::string>();
    t.resolved_by = j.at("resolved_by").get<std::string>();
    t.resolution = j.at("resolution").get<std::map<std::string, std::string>>();
    t.signoff_reminders = j.at("signoff_reminders").get<int>();
    t.reopen_count = j.at("reopen_count").get<int>();
    // Tickets stored before mailed links were bound to a cycle have none: they start at 0.
    t.link_cycle = j.value("link_cycle", int64_t{0});
    t.event_count = j.value("event_count", int64_t{0});
    // Tickets stored before files were kept have no list; files kept before internal notes'
    // files were marked have no `internal` (false).
    for (const auto& a : j.value("attachments", Json::array()))
      t.attachments.push_back(AttachmentFromJson(a));
    if (!j.at("last_status").is_null())
      t.last_status = ParseResponseStatus(j.at("last_status").get<std::string>()).value();
    // Tickets stored before their factors were kept re-evaluate from the priority they have.
    if (auto f = j.find("factors"); f != j.end()) {
      auto grade = [&](const char* key) -> std::optional<Grade> {
        const Json& g = f->at(key);
        return g.is_null() ? std::nullopt : ParseGrade(g.get<std::string>());
      };
      if (!f->at("set").is_null()) t.factors.set = ParsePriority(f->at("set").get<std::string>());
      t.factors.impact = grade("impact");
      t.factors.urgency = grade("urgency");
      t.factors.service_down = f->at("service_down").get<bool>();
      t.factors.no_workaround = f->at("no_workaround").get<bool>();
      t.factors.people_affected = f->at("people_affected").get<int>();
      t.factors.other_clients_on_asset = f->at("other_clients_on_asset").get<int>();
    } else {
      t.factors.set = t.priority;
    }
    // Tickets stored before hand-offs and findings were kept have none.
    for (const Json& h : j.value("handoffs", Json::array()))
      t.handoffs.push_back(HandOffNote{
          h.at("from").get<std::string>(), h.at("to").get<std::string>(),
          h.at("criterion").get<std::string>(), h.at("tried").get<std::string>(),
          h.at("by").get<std::string>(), ParseTimestamp(h.at("at").get<std::string>()).value()});
    t.findings = j.value("findings", "");
    // Tickets stored before consults and confirmations were kept have none.
    auto at = [](const Json& v) { return ParseTimestamp(v.get<std::string>()).value(); };
    for (const Json& c : j.value("consults", Json::array())) {
      Consult consult{c.at("team").get<std::string>(),
                      c.at("question").get<std::string>(),
                      c.at("asked_by").get<std::string>(),
                      c.at("tier").get<std::string>(),
                      at(c.at("asked_at")),
                      c.at("paged").get<std::string>(),
                      c.at("step").get<int>(),
                      c.at("answer").get<std::string>(),
                      c.at("answered_by").get<std::string>()};
      if (!c.at("answered_at").is_null()) consult.answered_at = at(c.at("answered_at"));
      t.consults.push_back(std::move(consult));
    }
    for (const Json& f : j.value("confirmations", Json::array()))
      t.confirmations.push_back(FixConfirmation{f.at("by").get<std::string>(), at(f.at("at")),
                                                f.at("text").get<std::string>()});
    // Tickets stored before questionnaires were walked have none.
    for (const Json& q : j.value("questionnaires", Json::array())) {
      AnsweredQuestionnaire answered{
          q.at("id").get<std::string>(),    q.at("version").get<int>(),
          q.at("title").get<std::string>(), {},
          q.at("complete").get<bool>(),     q.at("fix").get<std::string>(),
          q.at("resolve").get<bool>(),      q.at("route").get<std::string>(),
          q.at("for_clients").get<bool>()};
      for (const Json& a : q.at("answers"))
        answered.answers.push_back(
            WalkedAnswer{a.at("question").get<std::string>(), a.at("text").get<std::string>(),
                         a.at("value").get<std::string>(), a.at("label").get<std::string>()});
      t.questionnaires.push_back(std::move(answered));
    }
    if (const Json& p = j.at("page"); !p.is_null())
      t.page =
          Page{p.at("asset").get<std::string>(), p.at("on_call").get<bool>(),
               p.at("step").get<int>(), p.at("pass").get<int>(), p.at("person").get<std::string>()};
    return t;
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("stored ticket is corrupt: ") + e.what());
  }
}

Json FieldsToJson(const std::vector<std::pair<std::string, std::string>>& fields) {
  Json j = Json::object();
  for (const auto& [k, v] : fields) j[k] = v;
  return j;
}

std::vector<std::pair<std::string, std::string>> FieldsFromJson(const Json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : j.items()) out.emplace_back(k, v.get<std::string>());
  return out;
}

Json EventToJson(const Event& e, const date::time_zone* zone) {
  Json j{{"at", FormatTimestamp(e.at, zone)},
         {"ticket", TicketRef(e.ticket)},
         {"type", e.type},
         {"actor", e.actor}};
  if (!e.to.empty()) j["to"] = e.to;
  for (const auto& [k, v] : e.fields) j[k] = v;
  return j;
}

Json EffectToJson(const Effect& e, Timestamp at, const date::time_zone* zone) {
  return Json{{"at", FormatTimestamp(at, zone)},
              {"ticket", TicketRef(e.ticket)},
              {"type", EffectKindName(e.kind)},
              {"actor", "system"},
              {"to", e.to},
              {"template", e.template_name},
              {"subject", e.subject}};
}

}  // namespace tierdesk::json
