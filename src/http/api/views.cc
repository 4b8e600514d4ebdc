#include "http/api/views.h"

#include "core/visibility.h"
#include "json/text_writer.h"

namespace tierdesk::http {

using namespace tierdesk::core;

std::optional<json::Json> EventView(const Event& event, const date::time_zone* zone,
                                    bool for_client) {
  const bool seen = ClientSees(event);
  if (for_client && !seen) return std::nullopt;
  json::Json view = json::EventToJson(event, zone);
  view["client_sees"] = seen;
  if (!for_client) return view;
  for (auto it = view.begin(); it != view.end();)
    it = ClientSeesField(event.type, it.key()) ? std::next(it) : view.erase(it);
  return view;
}

namespace {

// The teams a summary's `consulting` column names (",dba,network-ops,"), in order.
std::vector<std::string> ConsultedTeams(const std::string& column) {
  std::vector<std::string> teams;
  size_t start = 1;
  for (size_t comma;
       start < column.size() && (comma = column.find(',', start)) != std::string::npos;
       start = comma + 1)
    teams.push_back(column.substr(start, comma - start));
  return teams;
}

}  // namespace

json::Json SummaryView(const service::TicketSummary& t, const Procedure& p, bool for_client) {
  json::Json view{{"id", TicketRef(t.id)},
                  {"title", t.title},
                  {"priority", PriorityName(t.priority)},
                  {"tier", t.tier},
                  {"stage", StageName(t.stage)},
                  {"assignee", t.assignee},
                  {"client_id", t.client_id},
                  {"received_at", FormatTimestamp(t.received_at, p.zone)},
                  {"updated_at", FormatTimestamp(t.updated_at, p.zone)}};
  // Paging is staff business, as the page itself is (clients never see `page` or `paged`).
  if (!for_client) {
    view["paged"] = t.paged;
    view["consulting"] = ConsultedTeams(t.consulting);  // the teams it waits on for an answer
  }
  return view;
}

std::string SummaryListJson(const std::vector<service::TicketSummary>& tickets, const Procedure& p,
                            bool for_client, const std::optional<std::string>& next_cursor) {
  json::TextWriter w(256 * (tickets.size() + 1));
  w.Open();
  w.Key("tickets");
  w.OpenArray();
  for (const service::TicketSummary& t : tickets) {
    w.Open();
    w.Field("id", TicketRef(t.id));
    w.Field("title", t.title);
    w.Field("priority", PriorityName(t.priority));
    w.Field("tier", t.tier);
    w.Field("stage", StageName(t.stage));
    w.Field("assignee", t.assignee);
    w.Field("client_id", t.client_id);
    w.Field("received_at", FormatTimestamp(t.received_at, p.zone));
    w.Field("updated_at", FormatTimestamp(t.updated_at, p.zone));
    if (!for_client) {
      w.Field("paged", t.paged);
      w.Key("consulting");
      w.OpenArray();
      for (const std::string& team : ConsultedTeams(t.consulting)) w.Value(team);
      w.CloseArray();
    }
    w.Close();
  }
  w.CloseArray();
  w.Key("next_cursor");
  if (next_cursor)
    w.Value(*next_cursor);
  else
    w.Null();
  w.Close();
  return w.Take();
}

json::Json SnippetJson(const std::string& snippet) {
  json::Json runs = json::Json::array();
  std::string run;
  bool hit = false;
  auto flush = [&] {
    if (!run.empty()) runs.push_back({{"text", run}, {"hit", hit}});
    run.clear();
  };
  for (char c : snippet) {
    if (c == service::kHitStart || c == service::kHitEnd) {
      flush();
      hit = c == service::kHitStart;
    } else {
      run += c;
    }
  }
  flush();
  return runs;
}

json::Json EffectPreview(const Effect& e) {
  json::Json view{
      {"kind", EffectKindName(e.kind)}, {"recipient", e.to}, {"template", e.template_name}};
  if (e.kind != Effect::Kind::kWebhook) {
    view["subject"] = e.subject;
    view["body"] = e.body;
  }
  return view;
}

namespace {

// How a page names a consulted team: by the procedure's name for it (its id, should the
// procedure in force no longer have it).
std::string ConsultTeamName(const Procedure& p, const std::string& id) {
  const ConsultTeam* team = p.FindConsultTeam(id);
  return team != nullptr ? team->name : id;
}

}  // namespace

json::Json ActionsView(const std::vector<Action>& actions, const Procedure& p) {
  json::Json list = json::Json::array();
  for (const Action& a : actions) {
    json::Json view{{"command", CommandKindName(a.command)}};
    switch (a.command) {
      case CommandKind::kHandOff: {
        json::Json targets = json::Json::array();
        for (const HandOffTarget& target : a.targets) {
          json::Json assets = json::Json::array();
          for (const Asset* asset : target.assets)
            assets.push_back({{"id", asset->id}, {"name", asset->name}});
          targets.push_back({{"tier", target.tier->id},
                             {"name", target.tier->name},
                             {"gated", target.gated},
                             {"asset_kind", target.asset_kind},
                             {"assets", std::move(assets)}});
        }
        view["targets"] = std::move(targets);
        view["criteria"] = json::Json::array();
        for (HandOffCriterion c : a.criteria) view["criteria"].push_back(HandOffCriterionName(c));
        break;
      }
      case CommandKind::kRespond:
        view["statuses"] = json::Json::array();
        for (ResponseStatus s : a.statuses) view["statuses"].push_back(ResponseStatusName(s));
        break;
      case CommandKind::kChangePriority:
        view["priorities"] = json::Json::array();
        for (Priority p : a.priorities) view["priorities"].push_back(PriorityName(p));
        break;
      case CommandKind::kResolve:
        view["resolution_fields"] = a.resolution_fields;
        view["suggested_fix"] = a.suggested_fix;
        break;
      case CommandKind::kQuestionnaire:
        view["questionnaires"] = json::Json::array();
        for (const Questionnaire* q : a.questionnaires)
          view["questionnaires"].push_back(
              {{"id", q->id}, {"version", q->version}, {"title", q->title}});
        break;
      case CommandKind::kManagerDecision:
      case CommandKind::kClientApproval:
        view["tier"] = a.decision_for->id;
        view["tier_name"] = a.decision_for->name;
        break;
      case CommandKind::kSignOff:
        view["on_behalf_of_client"] = a.on_behalf_of_client;
        view["channels"] = json::Json::array();
        for (Channel c : a.channels) view["channels"].push_back(ChannelName(c));
        break;
      case CommandKind::kNote:
        view["may_be_public"] = a.may_be_public;
        view["may_confirm_fix"] = a.may_confirm_fix;
        view["files"] = a.files;
        break;
      case CommandKind::kClientReply:
        view["files"] = a.files;
        break;
      case CommandKind::kAmend:
        view["fields"] = json::Json::array();
        for (IntakeField f : a.fields)
          view["fields"].push_back({{"name", IntakeFieldName(f)},
                                    {"label", IntakeFieldLabel(f)},
                                    {"required", std::find(a.required.begin(), a.required.end(),
                                                           f) != a.required.end()}});
        break;
      case CommandKind::kTriage:
        view["factors"] = json::FactorsToJson(a.factors);
        break;
      case CommandKind::kConsult:
        view["teams"] = json::Json::array();
        for (const ConsultTeam* team : a.teams)
          view["teams"].push_back({{"id", team->id},
                                   {"name", team->name},
                                   {"answer_within", FormatDuration(team->answer_within)}});
        break;
      case CommandKind::kConsultAnswer:
        view["consults"] = json::Json::array();
        for (const Consult& consult : a.consults)
          view["consults"].push_back({{"team", consult.team},
                                      {"team_name", ConsultTeamName(p, consult.team)},
                                      {"question", consult.question}});
        break;
      case CommandKind::kCall: {
        view["paged"] = a.paged;
        const Person* paged = p.FindPerson(a.paged);
        view["paged_name"] = paged != nullptr ? paged->name : a.paged;
        view["paged_phone"] = paged != nullptr ? paged->phone : "";
        view["outcomes"] = json::Json::array();
        for (cmd::CallOutcome o : a.outcomes)
          view["outcomes"].push_back(
              {{"value", cmd::CallOutcomeName(o)}, {"label", cmd::CallOutcomeWords(o)}});
        break;
      }
      default:
        break;
    }
    list.push_back(std::move(view));
  }
  return list;
}

json::Json TicketView(const Ticket& t, const Procedure& p, Timestamp now, const Viewer& viewer,
                      const std::vector<Event>* events) {
  const bool for_client = viewer.client;
  json::Json view = SummaryView(service::TicketSummary::Of(t), p, for_client);
  view["registration"] = json::RegistrationToJson(t.registration);
  view["category"] = CategoryName(t.category);
  view["last_status"] =
      t.last_status ? json::Json(ResponseStatusName(*t.last_status)) : json::Json(nullptr);
  view["workaround"] = t.workaround;
  view["resolution"] = for_client ? ResolutionForClient(t) : t.resolution;
  view["attachments"] = json::Json::array();
  for (const Attachment& file : t.attachments)
    if (!for_client || ClientSees(file))
      view["attachments"].push_back(json::AttachmentToJson(file));
  view["questionnaires"] = json::Json::array();
  for (const AnsweredQuestionnaire& answered : t.questionnaires)
    if (!for_client || ClientSees(answered))
      view["questionnaires"].push_back(json::AnsweredQuestionnaireToJson(answered));
  // A client asked to approve a step is told which team it routes the request to.
  if (t.stage == Stage::kAwaitingClientApproval) {
    const Tier* gated = p.FindTier(t.gate_tier);
    view["approval_for"] = gated != nullptr ? gated->name : t.gate_tier;
  }
  if (!for_client) {
    view["version"] = t.version;  // the ETag's value: what If-Match names
    view["gate_tier"] = t.gate_tier;
    view["hierarchy_level"] = t.hierarchy_level;
    view["page"] = json::PageToJson(t.page);
    view["priority_factors"] = json::FactorsToJson(t.factors);
    // The hand-off packet: what each tier tried, and the latest findings, for the next tier.
    view["handoffs"] = json::Json::array();
    for (const HandOffNote& h : t.handoffs)
      view["handoffs"].push_back(json::HandOffNoteToJson(h, p.zone));
    view["findings"] = t.findings;
    // Questions to other teams and their answers, and fixes confirmed by earlier tiers.
    view["consults"] = json::Json::array();
    for (const Consult& consult : t.consults) {
      json::Json c = json::ConsultToJson(consult, p.zone);
      c["team_name"] = ConsultTeamName(p, consult.team);
      view["consults"].push_back(std::move(c));
    }
    view["confirmations"] = json::Json::array();
    for (const FixConfirmation& f : t.confirmations)
      view["confirmations"].push_back(json::FixConfirmationToJson(f, p.zone));
    view["reopen_count"] = t.reopen_count;
    json::Json clocks = json::Json::array();
    for (const SlaClock& c : t.clocks) {
      const Calendar& cal = p.CalendarFor(c.calendar);
      clocks.push_back(
          {{"name", c.name},
           {"calendar", c.calendar},
           {"due", c.paused ? json::Json(nullptr) : json::Json(FormatTimestamp(c.due, p.zone))},
           {"paused", c.paused},
           {"remaining_business", FormatDuration(RemainingBusinessTime(c, cal, now))},
           {"breached", !c.paused && now >= c.due}});
    }
    view["clocks"] = clocks;
  }
  view["actions"] = ActionsView(
      viewer.may_write ? AvailableActions(t, viewer.actor, p) : std::vector<Action>{}, p);
  if (events != nullptr) {
    json::Json timeline = json::Json::array();
    for (const Event& e : *events)
      if (auto shown = EventView(e, p.zone, for_client)) timeline.push_back(std::move(*shown));
    view["timeline"] = timeline;
  }
  return view;
}

}  // namespace tierdesk::http
