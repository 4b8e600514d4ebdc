#include <algorithm>
#include <set>

#include "json/codec.h"

namespace tierdesk::json {

using namespace tierdesk::core;

namespace {

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

// Files uploaded before the command (POST /api/v1/uploads), named by their digest:
// [{"sha256", "name", "content_type"}]. The size is left 0: whoever holds the files fills it
// in from the stored bytes, never from the request.
Result<std::vector<Attachment>> AttachmentRefsFromJson(const Json* it, const std::string& key) {
  std::vector<Attachment> out;
  if (it == nullptr || it->is_null()) return out;
  if (!it->is_array())
    return Fail(ErrorCode::kInvalidArgument,
                "'" + key + "' must be an array of {sha256, name, content_type}", key);
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& entry = (*it)[i];
    const std::string at = key + "[" + std::to_string(i) + "]";
    if (!entry.is_object())
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + at + "' must be an object {sha256, name, content_type}", at);
    Attachment file;
    for (auto [field, value] : {std::pair{"sha256", &file.sha256}, std::pair{"name", &file.name},
                                std::pair{"content_type", &file.content_type}}) {
      auto v = entry.find(field);
      if (v == entry.end() || !v->is_string() || v->get_ref<const std::string&>().empty())
        return Fail(ErrorCode::kInvalidArgument,
                    "'" + at + "." + field + "' must be a non-empty string", at + "." + field);
      *value = v->get<std::string>();
    }
    if (!IsSha256Hex(file.sha256))
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + at + ".sha256' must be 64 lower-case hexadecimal digits", at + ".sha256");
    for (const auto& [k, v] : entry.items())
      if (k != "sha256" && k != "name" && k != "content_type")
        return Fail(ErrorCode::kInvalidArgument, "unknown field '" + at + "." + k + "'",
                    at + "." + k);
    out.push_back(std::move(file));
  }
  return out;
}

namespace {

// Reads fields of one JSON command, remembering which keys were used so that anything else
// is reported as unknown (a misspelt field must not be silently ignored).
class Fields {
 public:
  explicit Fields(const Json& j) : j_(j) {}

  Result<std::string> Str(const char* key, bool required = false) {
    used_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required)
        return Fail(ErrorCode::kInvalidArgument, std::string("missing '") + key + "'", key);
      return std::string();
    }
    if (!it->is_string())
      return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be a string", key);
    return it->get<std::string>();
  }

  Result<std::optional<Timestamp>> Time(const char* key) {
    auto s = Str(key);
    if (!s) return tl::unexpected(s.error());
    if (s->empty()) return std::optional<Timestamp>();
    auto t = ParseTimestamp(*s);
    if (!t) return Fail(ErrorCode::kInvalidArgument, t.error().message, key);
    return std::optional<Timestamp>(*t);
  }

  Result<bool> Bool(const char* key) {
    used_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return false;
    if (!it->is_boolean())
      return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be true or false",
                  key);
    return it->get<bool>();
  }

  Result<std::optional<bool>> OptBool(const char* key) {
    used_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<bool>();
    if (!it->is_boolean())
      return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be true or false",
                  key);
    return std::optional<bool>(it->get<bool>());
  }

  Result<int> Int(const char* key) {
    used_.insert(key);
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return 0;
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 10'000'000)
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("'") + key + "' must be a non-negative integer", key);
    return int(it->get<int64_t>());
  }

  Result<std::vector<std::string>> StrList(const char* key) {
    used_.insert(key);
    std::vector<std::string> out;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return out;
    if (!it->is_array())
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("'") + key + "' must be an array of strings", key);
    for (const auto& v : *it) {
      if (!v.is_string())
        return Fail(ErrorCode::kInvalidArgument,
                    std::string("'") + key + "' must hold only strings", key);
      out.push_back(v.get<std::string>());
    }
    return out;
  }

  Result<std::map<std::string, std::string>> StrMap(const char* key) {
    used_.insert(key);
    std::map<std::string, std::string> out;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return out;
    if (!it->is_object())
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("'") + key + "' must be an object of strings", key);
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string())
        return Fail(ErrorCode::kInvalidArgument,
                    std::string("'") + key + "." + k + "' must be a string",
                    std::string(key) + "." + k);
      out[k] = v.get<std::string>();
    }
    return out;
  }

  // Files uploaded before the command (AttachmentRefsFromJson).
  Result<std::vector<Attachment>> Attachments(const char* key) {
    used_.insert(key);
    auto it = j_.find(key);
    return AttachmentRefsFromJson(it == j_.end() ? nullptr : &*it, key);
  }

  // The value at `key` as it is (null when absent), for a nested object read with its own Fields.
  const Json* Raw(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  // Keys that the caller reads elsewhere (envelope fields).
  void Allow(std::initializer_list<const char*> keys) { used_.insert(keys.begin(), keys.end()); }

  Status NoUnknownKeys() const {
    for (const auto& [k, v] : j_.items())
      if (!used_.count(k)) return Fail(ErrorCode::kInvalidArgument, "unknown field '" + k + "'", k);
    return Ok();
  }

 private:
  const Json& j_;
  std::set<std::string> used_;
};

#define TD_ASSIGN(lhs, expr)                    \
  do {                                          \
    auto _r = (expr);                           \
    if (!_r) return tl::unexpected(_r.error()); \
    lhs = std::move(*_r);                       \
  } while (0)

template <class E>
Result<E> Enum(Fields& f, const char* key, std::optional<E> (*parse)(std::string_view), E fallback,
               const char* expected) {
  auto s = f.Str(key);
  if (!s) return tl::unexpected(s.error());
  if (s->empty()) return fallback;
  auto v = parse(*s);
  if (!v)
    return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be " + expected, key);
  return *v;
}

// {"questionnaire": "<id>", "answers": {"<question>": "<answer>"}}, in a create (where both are
// optional) or on their own (a questionnaire command).
Result<std::optional<cmd::QuestionnaireAnswers>> ReadQuestionnaireAnswers(Fields& f) {
  cmd::QuestionnaireAnswers given;
  TD_ASSIGN(given.id, f.Str("questionnaire"));
  TD_ASSIGN(given.answers, f.StrMap("answers"));
  if (given.id.empty()) {
    if (!given.answers.empty())
      return Fail(ErrorCode::kInvalidArgument, "answers need the questionnaire they answer",
                  "questionnaire");
    return std::optional<cmd::QuestionnaireAnswers>();
  }
  return std::optional<cmd::QuestionnaireAnswers>(std::move(given));
}

// The intake fields (core/intake.h), as a create and an amend carry them.
Status ReadIntakeFields(Fields& f, Registration& r) {
  TD_ASSIGN(r.title, f.Str("title"));
  TD_ASSIGN(r.occurred_at, f.Time("occurred_at"));
  TD_ASSIGN(r.caller_name, f.Str("caller_name"));
  TD_ASSIGN(r.caller_email, f.Str("caller_email"));
  TD_ASSIGN(r.caller_phone, f.Str("caller_phone"));
  TD_ASSIGN(r.requester_name, f.Str("requester_name"));
  TD_ASSIGN(r.requester_email, f.Str("requester_email"));
  TD_ASSIGN(r.notify, f.StrList("notify"));
  TD_ASSIGN(r.institute, f.Str("institute"));
  TD_ASSIGN(r.building, f.Str("building"));
  TD_ASSIGN(r.room, f.Str("room"));
  TD_ASSIGN(r.affected, f.Str("affected"));
  TD_ASSIGN(r.module, f.Str("module"));
  TD_ASSIGN(r.description, f.Str("description"));
  TD_ASSIGN(r.actions_attempted, f.Str("actions_attempted"));
  TD_ASSIGN(r.error_messages, f.Str("error_messages"));
  TD_ASSIGN(r.first_time, f.OptBool("first_time"));
  TD_ASSIGN(r.organisation, f.Str("organisation"));
  return Ok();
}

Result<CommandBody> ReadCreate(Fields& f) {
  cmd::Create c;
  Registration& r = c.registration;
  if (auto read = ReadIntakeFields(f, r); !read) return tl::unexpected(read.error());
  TD_ASSIGN(r.assets, f.StrMap("assets"));
  TD_ASSIGN(r.channel, Enum<Channel>(f, "channel", ParseChannel, Channel::kApi,
                                     "email, web, phone, chat, walk_in, social or api"));
  TD_ASSIGN(r.client_id, f.Str("client_id"));
  TD_ASSIGN(c.category, Enum<Category>(f, "category", ParseCategory, Category::kIncident,
                                       "incident, service_request, change_request or defect"));
  std::string priority, impact, urgency;
  TD_ASSIGN(priority, f.Str("priority"));
  if (!priority.empty()) {
    c.priority = ParsePriority(priority);
    if (!c.priority)
      return Fail(ErrorCode::kInvalidArgument, "'priority' must be critical, high, medium or low",
                  "priority");
  }
  TD_ASSIGN(impact, f.Str("impact"));
  TD_ASSIGN(urgency, f.Str("urgency"));
  for (auto [text, out, key] :
       {std::tuple{&impact, &c.impact, "impact"}, std::tuple{&urgency, &c.urgency, "urgency"}}) {
    if (text->empty()) continue;
    *out = ParseGrade(*text);
    if (!*out)
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("'") + key + "' must be high, medium or low", key);
  }
  TD_ASSIGN(c.service_down, f.Bool("service_down"));
  TD_ASSIGN(c.no_workaround, f.Bool("no_workaround"));
  TD_ASSIGN(c.people_affected, f.Int("people_affected"));
  TD_ASSIGN(c.tier, f.Str("tier"));
  TD_ASSIGN(c.attachments, f.Attachments("attachments"));
  TD_ASSIGN(c.questionnaire, ReadQuestionnaireAnswers(f));
  return CommandBody{std::move(c)};
}

// {"fields": {"room": "204", "first_time": false}, "reason": "..."}: the fields named, with their
// new values (null or "" empties one). A problem names the field as "fields.<name>".
Result<CommandBody> ReadAmend(Fields& f) {
  cmd::Amend c;
  TD_ASSIGN(c.reason, f.Str("reason"));
  f.Allow({"fields"});
  const Json* values = f.Raw("fields");
  if (values == nullptr || !values->is_object())
    return Fail(ErrorCode::kInvalidArgument, "'fields' must be an object of intake fields",
                "fields");
  for (const auto& [name, value] : values->items()) {
    auto field = ParseIntakeField(name);
    if (!field)
      return Fail(ErrorCode::kInvalidArgument, "'" + name + "' is not an intake field",
                  "fields." + name);
    c.fields.push_back(*field);
  }
  Fields inner(*values);
  if (auto read = ReadIntakeFields(inner, c.values); !read)
    return Fail(read.error().code, read.error().message, "fields." + read.error().field);
  return CommandBody{std::move(c)};
}

// {"impact": "high", "service_down": true, "reason": "..."}: only the factors given change.
Result<CommandBody> ReadTriage(Fields& f) {
  cmd::Triage c;
  for (auto [key, grade] : {std::pair{"impact", &c.impact}, std::pair{"urgency", &c.urgency}}) {
    const Json* given = f.Raw(key);
    if (given == nullptr || given->is_null()) continue;
    auto parsed = given->is_string() ? ParseGrade(given->get<std::string>()) : std::nullopt;
    if (!parsed)
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("'") + key + "' must be high, medium or low", key);
    *grade = parsed;
  }
  for (auto [key, flag] :
       {std::pair{"service_down", &c.service_down}, std::pair{"no_workaround", &c.no_workaround}}) {
    const Json* given = f.Raw(key);
    if (given == nullptr || given->is_null()) continue;
    if (!given->is_boolean())
      return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be true or false",
                  key);
    *flag = given->get<bool>();
  }
  if (const Json* given = f.Raw("people_affected"); given != nullptr && !given->is_null()) {
    if (!given->is_number_integer() || given->get<int64_t>() < 0 ||
        given->get<int64_t>() > 1000000000)
      return Fail(ErrorCode::kInvalidArgument, "'people_affected' must be a whole number from 0",
                  "people_affected");
    c.people_affected = int(given->get<int64_t>());
  }
  f.Allow({"impact", "urgency", "service_down", "no_workaround", "people_affected"});
  TD_ASSIGN(c.reason, f.Str("reason"));
  return CommandBody{std::move(c)};
}

// Commands that come as JSON: all but those only the engine makes.
bool ReadableCommand(CommandKind kind) {
  return kind != CommandKind::kClockDue && kind != CommandKind::kDeliveryFailed &&
         kind != CommandKind::kClientsOnAsset;
}

Result<CommandKind> ReadKind(const std::string& name) {
  auto kind = ParseCommandKind(name);
  if (kind && ReadableCommand(*kind)) return *kind;
  std::string known;
  for (int i = 0; i < kCommandKindCount; ++i)
    if (ReadableCommand(CommandKind(i)))
      known += std::string(known.empty() ? "" : ", ") + CommandKindName(CommandKind(i));
  return Fail(ErrorCode::kInvalidArgument, "unknown command '" + name + "' (known: " + known + ")",
              "cmd");
}

Result<CommandBody> ReadBody(CommandKind kind, Fields& f) {
  using K = CommandKind;
  switch (kind) {
    case K::kCreate:
      return ReadCreate(f);
    case K::kHandOff: {
      cmd::HandOff c;
      TD_ASSIGN(c.to, f.Str("to", true));
      TD_ASSIGN(c.criterion, f.Str("criterion"));
      TD_ASSIGN(c.tried, f.Str("tried"));
      TD_ASSIGN(c.asset, f.Str("asset"));
      TD_ASSIGN(c.client_message, f.Str("client_message"));
      return CommandBody{c};
    }
    case K::kAcknowledge:
      return CommandBody{cmd::Acknowledge{}};
    case K::kRespond: {
      cmd::Respond c;
      TD_ASSIGN(c.status, f.Str("status"));
      TD_ASSIGN(c.eta, f.Time("eta"));
      TD_ASSIGN(c.next_update, f.Time("next_update"));
      TD_ASSIGN(c.findings, f.Str("findings"));
      return CommandBody{c};
    }
    case K::kChangePriority: {
      cmd::ChangePriority c;
      TD_ASSIGN(c.to, f.Str("to", true));
      TD_ASSIGN(c.reason, f.Str("reason"));
      return CommandBody{c};
    }
    case K::kWorkaround: {
      cmd::Workaround c;
      TD_ASSIGN(c.description, f.Str("description"));
      return CommandBody{c};
    }
    case K::kPendingClient: {
      cmd::PendingClient c;
      TD_ASSIGN(c.question, f.Str("question"));
      return CommandBody{c};
    }
    case K::kClientReply: {
      cmd::ClientReply c;
      TD_ASSIGN(c.text, f.Str("text"));
      TD_ASSIGN(c.attachments, f.Attachments("attachments"));
      return CommandBody{c};
    }
    case K::kEscalate: {
      cmd::Escalate c;
      TD_ASSIGN(c.reason, f.Str("reason"));
      return CommandBody{c};
    }
    case K::kManagerDecision:
    case K::kClientApproval: {
      bool approve = false;
      std::string reason;
      TD_ASSIGN(approve, f.Bool("approve"));
      TD_ASSIGN(reason, f.Str("reason"));
      if (kind == K::kManagerDecision) return CommandBody{cmd::ManagerDecision{approve, reason}};
      return CommandBody{cmd::ClientApproval{approve, reason}};
    }
    case K::kResolve: {
      cmd::Resolve c;
      TD_ASSIGN(c.resolution, f.StrMap("resolution"));
      return CommandBody{c};
    }
    case K::kQcPass: {
      cmd::QcPass c;
      TD_ASSIGN(c.notes, f.Str("notes"));
      return CommandBody{c};
    }
    case K::kQcFail: {
      cmd::QcFail c;
      TD_ASSIGN(c.reason, f.Str("reason"));
      return CommandBody{c};
    }
    case K::kSignOff: {
      cmd::SignOff c;
      TD_ASSIGN(c.comment, f.Str("comment"));
      std::string channel;
      TD_ASSIGN(channel, f.Str("channel"));
      if (!channel.empty()) {
        c.channel = ParseChannel(channel);
        if (!c.channel)
          return Fail(ErrorCode::kInvalidArgument,
                      "'channel' must be email, web, phone, chat, walk_in, social or api",
                      "channel");
      }
      TD_ASSIGN(c.client_words, f.Str("client_words"));
      return CommandBody{c};
    }
    case K::kReopen: {
      cmd::Reopen c;
      TD_ASSIGN(c.reason, f.Str("reason"));
      return CommandBody{c};
    }
    case K::kNote: {
      cmd::Note c;
      TD_ASSIGN(c.text, f.Str("text"));
      TD_ASSIGN(c.is_public, f.Bool("public"));
      TD_ASSIGN(c.attachments, f.Attachments("attachments"));
      TD_ASSIGN(c.confirms_fix, f.Bool("confirms_fix"));
      return CommandBody{c};
    }
    case K::kAmend:
      return ReadAmend(f);
    case K::kCall: {
      cmd::Call c;
      std::string outcome;
      TD_ASSIGN(outcome, f.Str("outcome", true));
      auto parsed = cmd::ParseCallOutcome(outcome);
      if (!parsed)
        return Fail(ErrorCode::kInvalidArgument,
                    "'outcome' must be reached_accepted, no_answer, voicemail or declined",
                    "outcome");
      c.outcome = *parsed;
      TD_ASSIGN(c.note, f.Str("note"));
      return CommandBody{c};
    }
    case K::kTriage:
      return ReadTriage(f);
    case K::kQuestionnaire: {
      std::optional<cmd::QuestionnaireAnswers> given;
      TD_ASSIGN(given, ReadQuestionnaireAnswers(f));
      if (!given)
        return Fail(ErrorCode::kInvalidArgument, "missing 'questionnaire'", "questionnaire");
      return CommandBody{cmd::AnswerQuestionnaire{std::move(*given)}};
    }
    case K::kConsult: {
      cmd::Consult c;
      TD_ASSIGN(c.team, f.Str("team", true));
      TD_ASSIGN(c.question, f.Str("question", true));
      return CommandBody{c};
    }
    case K::kConsultAnswer: {
      cmd::ConsultAnswer c;
      TD_ASSIGN(c.team, f.Str("team", true));
      TD_ASSIGN(c.answer, f.Str("answer", true));
      return CommandBody{c};
    }
    case K::kClockDue:
    case K::kDeliveryFailed:
    case K::kClientsOnAsset:
      break;
  }
  return Fail(ErrorCode::kInternal, "no JSON form for this command", "cmd");
}

}  // namespace

Result<Command> CommandFromJson(const Json& j) {
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "a command must be a JSON object");
  Fields f(j);
  Command command;
  std::string name, ticket;
  TD_ASSIGN(name, f.Str("cmd", true));
  TD_ASSIGN(command.actor, f.Str("actor", true));
  TD_ASSIGN(command.idempotency_key, f.Str("idempotency_key"));
  CommandKind kind = CommandKind::kCreate;
  TD_ASSIGN(kind, ReadKind(name));
  TD_ASSIGN(command.body, ReadBody(kind, f));
  TD_ASSIGN(ticket, f.Str("ticket", kind != CommandKind::kCreate));
  if (kind != CommandKind::kCreate) {
    auto id = ParseTicketRef(ticket);
    if (!id)
      return Fail(ErrorCode::kInvalidArgument, "'" + ticket + "' is not a ticket like TD-42",
                  "ticket");
    command.ticket = *id;
  }
  f.Allow({"at", "expect_error"});  // read by the replay driver
  if (auto s = f.NoUnknownKeys(); !s) return tl::unexpected(s.error());
  return command;
}

}  // namespace tierdesk::json
