// The ticket routes: create, commands, one ticket and its files, queues.
#include "http/api/tickets_resource.h"

#include "common/sha256.h"
#include "common/utf8.h"
#include "core/article.h"
#include "core/visibility.h"
#include "http/api/api_util.h"
#include "http/api/request_parsers.h"
#include "http/api/views.h"
#include "service/search_terms.h"
#include "service/ticket_search.h"

namespace tierdesk::http {

using namespace tierdesk::core;

namespace {

// A ticket search's hits: 10 unless the caller asks for up to 50.
constexpr int kTicketsFoundByDefault = 10;
constexpr int kMostTicketsFound = 50;

// A resolution naming the article that solved it (known_fix) names one staff may use as a fix:
// published (core::ArticleReader::KnownFixes reads it). The core checks the reference's form; the
// article is the knowledge base's to say.
std::optional<ApiResponse> CheckKnownFix(const core::Command& command, ReaderPool& readers) {
  const auto* resolve = std::get_if<core::cmd::Resolve>(&command.body);
  if (resolve == nullptr) return std::nullopt;
  auto fix = resolve->resolution.find(core::cmd::kKnownFixField);
  if (fix == resolve->resolution.end()) return std::nullopt;
  const auto id = core::ParseArticleRef(fix->second);
  if (!id) return std::nullopt;  // the core names the field
  auto article = readers.Borrow()->FindArticle(*id);
  if (!article) return ErrorResponse(article.error());
  if (!*article || !core::MayRead(**article, core::ArticleReader::KnownFixes()))
    return ErrorResponse(Refusal::kInvalidArgument, fix->second + " is not a published article",
                         "resolution.known_fix");
  return std::nullopt;
}

// An Idempotency-Key names one request of one caller. It is stored scoped to the caller
// ("<actor> US <key>"), so a key another caller used never matches: no caller can replay, or
// read through, someone else's request. With it goes a digest of the request (the command, its
// ticket and the body as sent): the key sent again with another request is refused (422).
std::optional<ApiResponse> ScopeIdempotencyKey(const ApiRequest& request, const Principal& who,
                                               const std::string& what, size_t max_bytes,
                                               Command& command) {
  const std::string key = request.Header("idempotency-key");
  if (key.empty()) return std::nullopt;
  if (key.size() > max_bytes || !IsPrintableAscii(key))
    return ErrorResponse(
        Refusal::kMalformedRequest,
        "Idempotency-Key must be 1 to " + std::to_string(max_bytes) + " printable ASCII characters",
        "Idempotency-Key");
  command.idempotency_key = who.actor + '\x1f' + key;
  command.idempotency_fingerprint = Sha256Hex(what + '\x1f' + request.body);
  return std::nullopt;
}

// A ticket's entity tag is its version: each committed change adds one. The same version may
// be shown differently to different staff, but a write conditioned on it (If-Match) asks only
// whether the ticket is still as it was. Clients are not given it: it counts staff-only changes
// (internal notes) too, and would tell a client when there were some.
std::string EntityTag(const Ticket& ticket) { return EntityTagOf(ticket.version); }

// If-Match: only a malformed value is a bad request; tags that match nothing make the command
// refused as changed since (request_parsers.h).
std::optional<ApiResponse> ReadIfMatch(const ApiRequest& request, const Principal& who,
                                       Command& command) {
  const std::string value = request.Header("if-match");  // owned: Header returns a copy
  if (value.find_first_not_of(" \t") == std::string_view::npos) return std::nullopt;
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "If-Match is for staff", "If-Match");
  auto condition = ParseIfMatch(value);
  if (!condition)
    return ErrorResponse(Refusal::kMalformedRequest,
                         "If-Match must be *, or entity tags as this API gives them in ETag "
                         "(\"7\"), separated by commas",
                         "If-Match");
  if (condition->conditional) command.expected_versions = std::move(condition->versions);
  return std::nullopt;
}

Viewer ViewerOf(const Principal& who) { return Viewer{who.actor, who.is_client(), !who.read_only}; }

}  // namespace

void TicketsResource::Create(const ApiRequest& request, const Principal& who, Respond respond) {
  ApiResponse error;
  // A create takes no parameters: a dry run (which commands on a ticket have) or a mistyped
  // name must not be ignored, or the caller's "just show me" opens a real ticket.
  auto query = ParseQuery(request.query, error);
  if (!query) return respond(std::move(error));
  if (!query->empty()) {
    const std::string& name = query->begin()->first;
    return respond(ErrorResponse(Refusal::kInvalidArgument,
                                 name == "dry_run"
                                     ? "a create has no dry run; dry runs are of commands on a "
                                       "ticket"
                                     : "unknown query parameter '" + name + "'",
                                 name));
  }
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return respond(std::move(error));
  if (auto reserved = ReservedFieldIn(*body)) return respond(std::move(*reserved));
  if (who.is_client()) {
    if (body->contains("client_id") && (*body)["client_id"] != who.client_id)
      return respond(ErrorResponse(Refusal::kPermissionDenied,
                                   "a client may only open requests for themselves", "client_id"));
    for (const char* field : kTriageFields)
      if (body->contains(field))
        return respond(ErrorResponse(
            Refusal::kPermissionDenied,
            std::string("'") + field + "' is set by the service desk at triage, not by clients",
            field));
    (*body)["client_id"] = who.client_id;
  }
  // A client in the directory is known: their entry is how to reach them and whom they work
  // for, unless the request names someone else (a client signed in, or staff taking a call).
  if (auto id = body->find("client_id"); id != body->end() && id->is_string()) {
    auto client = readers_.Borrow()->FindClient(id->get<std::string>());
    if (!client) return respond(ErrorResponse(client.error()));
    if (*client) {
      const service::Client& c = **client;
      auto fill = [&](const char* field, const std::string& value) {
        if (!value.empty() && !body->contains(field)) (*body)[field] = value;
      };
      fill("requester_name", c.name);
      fill("requester_email", c.email);
      fill("organisation", c.organisation);
    }
  }
  (*body)["cmd"] = "create";
  (*body)["actor"] = who.actor;
  auto command = json::CommandFromJson(*body);
  if (!command) return respond(ErrorResponse(command.error()));
  if (auto refused = uploads_.CheckAttachments(*command, who)) return respond(std::move(*refused));
  if (auto bad =
          ScopeIdempotencyKey(request, who, "create", limits_.max_idempotency_key_bytes, *command))
    return respond(std::move(*bad));
  command->credential = who.credential;
  Submit(std::move(*command), who, 201, std::move(respond));
}

void TicketsResource::SendCommand(const ApiRequest& request, const Principal& who,
                                  const std::string& ref, const std::string& name,
                                  Respond respond) {
  auto id = ParseTicketRef(ref);
  if (!id) return respond(ErrorResponse(Refusal::kNotFound, "no ticket " + ref, "ticket"));
  const auto kind = ParseCommandKind(name);
  if (!kind || !IsTicketCommand(*kind))
    return respond(ErrorResponse(Refusal::kNotFound, "no command '" + name + "'", "command"));
  ApiResponse error;
  auto query = ParseQuery(request.query, error);
  if (!query) return respond(std::move(error));
  bool dry_run = false;
  if (auto it = query->find("dry_run"); it != query->end()) {
    auto asked = ParseBoolParameter(it->second);
    if (!asked)
      return respond(
          ErrorResponse(Refusal::kInvalidArgument, "dry_run must be true or false", "dry_run"));
    dry_run = *asked;
  }
  for (const auto& [key, value] : *query)
    if (key != "dry_run")
      return respond(
          ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key));
  if (who.is_client()) {
    // A preview shows staff-only history and who else is mailed: it is for the service desk.
    if (dry_run)
      return respond(
          ErrorResponse(Refusal::kPermissionDenied, "dry runs are for staff", "dry_run"));
    if (!ClientMaySend(*kind))
      return respond(ErrorResponse(Refusal::kPermissionDenied, ClientCommandsInWords(), "actor"));
    // Another client's ticket does not exist as far as this client can tell.
    if (auto visible = LoadVisible(*readers_.Borrow(), who, ref); !visible)
      return respond(ErrorResponse(visible.error()));
  }
  auto body = ParseBody(request.body, limits_, error);
  if (!body) return respond(std::move(error));
  if (auto reserved = ReservedFieldIn(*body)) return respond(std::move(*reserved));
  (*body)["cmd"] = name;
  (*body)["actor"] = who.actor;
  (*body)["ticket"] = TicketRef(*id);
  auto command = json::CommandFromJson(*body);
  if (!command) {
    if (command.error().field == "cmd")
      return respond(ErrorResponse(Refusal::kNotFound, command.error().message, "command"));
    return respond(ErrorResponse(command.error()));
  }
  if (auto refused = uploads_.CheckAttachments(*command, who)) return respond(std::move(*refused));
  if (auto refused = CheckKnownFix(*command, readers_)) return respond(std::move(*refused));
  if (auto bad = ReadIfMatch(request, who, *command)) return respond(std::move(*bad));
  if (auto bad = ScopeIdempotencyKey(request, who, name + " " + TicketRef(*id),
                                     limits_.max_idempotency_key_bytes, *command))
    return respond(std::move(*bad));
  command->credential = who.credential;
  if (dry_run) return respond(DryRun(*command));
  Submit(std::move(*command), who, 200, std::move(respond));
}

void TicketsResource::Submit(Command command, const Principal& who, int success_status,
                             Respond respond) {
  engine_.Submit(std::move(command), [this, viewer = ViewerOf(who), success_status,
                                      respond = std::move(respond)](Result<service::Outcome> r) {
    if (!r) return respond(CommandErrorResponse(r.error()));
    try {
      RespondWithOutcome(*r, viewer, success_status, respond);
    } catch (const std::exception& e) {
      // This runs on the engine's reply thread, which must never see an exception.
      respond(ErrorResponse(Refusal::kInternal, std::string("the answer failed: ") + e.what()));
    }
  });
}

void TicketsResource::RespondWithOutcome(const service::Outcome& r, const Viewer& viewer,
                                         int success_status, const Respond& respond) {
  // The ticket as it is now, and the events this command caused (none for a replayed
  // idempotent request, which changed nothing).
  const bool for_client = viewer.client;
  json::Json view = TicketView(r.ticket, *procedure_, r.at, viewer);
  view["events"] = json::Json::array();
  for (const Event& e : r.events)
    if (auto shown = EventView(e, procedure_->zone, for_client))
      view["events"].push_back(std::move(*shown));
  ApiResponse response = Json(success_status, view);
  response.headers.emplace_back("Location", "/api/v1/tickets/" + TicketRef(r.ticket.id));
  if (!for_client) response.headers.emplace_back("ETag", EntityTag(r.ticket));
  if (r.repeated) response.headers.emplace_back("Idempotent-Replayed", "true");
  respond(std::move(response));
}

Result<Ticket> LoadVisible(service::Store& reader, const Principal& who, const std::string& ref) {
  auto unknown = [&] { return Fail(ErrorCode::kNotFound, "no ticket " + ref, "ticket"); };
  auto id = ParseTicketRef(ref);
  if (!id) return unknown();
  auto ticket = reader.Load(*id);
  if (!ticket) return ticket.error().code == ErrorCode::kNotFound ? unknown() : ticket;
  if (who.is_client() && ticket->registration.client_id != who.client_id) return unknown();
  return ticket;
}

ApiResponse TicketsResource::Get(const Principal& who, const std::string& ref) {
  auto reader = readers_.Borrow();
  auto ticket = LoadVisible(*reader, who, ref);
  if (!ticket) return ErrorResponse(ticket.error());
  const TicketId id = ticket->id;
  // The latest events only: older ones are read a page at a time (/timeline), so however much
  // a ticket holds, its view stays small.
  json::Json cursor;
  auto timeline = TimelinePage(*reader, id, who, std::nullopt, int(limits_.timeline_page), cursor);
  if (!timeline) return ErrorResponse(timeline.error());
  json::Json view = TicketView(*ticket, *procedure_, clock_.Now(), ViewerOf(who));
  view["timeline"] = std::move(*timeline);
  view["timeline_cursor"] = std::move(cursor);
  ApiResponse response = Json(200, view);
  if (!who.is_client()) response.headers.emplace_back("ETag", EntityTag(*ticket));
  return response;
}

ApiResponse TicketsResource::List(const ApiRequest& request, const Principal& who) {
  ApiResponse error;
  auto parsed = ParseQuery(request.query, error);
  if (!parsed) return error;
  const auto& query = *parsed;
  service::TicketFilter filter;
  filter.limit = 50;
  filter.open_only = true;  // a queue is of open tickets unless open=false asks for all
  for (const auto& [key, value] : query) {
    if (key == "tier") {
      if (procedure_->FindTier(value) == nullptr)
        return ErrorResponse(Refusal::kInvalidArgument, "unknown tier '" + value + "'", "tier");
      filter.tier = value;
    } else if (key == "stage") {
      filter.stage = ParseStage(value);
      if (!filter.stage)
        return ErrorResponse(Refusal::kInvalidArgument, "unknown stage '" + value + "'", "stage");
    } else if (key == "assignee") {
      filter.assignee = value == "me" ? who.actor : value;
    } else if (key == "paged") {
      if (who.is_client())
        return ErrorResponse(Refusal::kPermissionDenied, "paging is for staff", "paged");
      if (value.empty())
        return ErrorResponse(Refusal::kInvalidArgument, "paged names a person, or 'me'", "paged");
      filter.paged = value == "me" ? who.actor : value;
    } else if (key == "consulting") {
      if (who.is_client())
        return ErrorResponse(Refusal::kPermissionDenied, "consults are for staff", "consulting");
      if (procedure_->FindConsultTeam(value) == nullptr)
        return ErrorResponse(Refusal::kInvalidArgument, "unknown consult team '" + value + "'",
                             "consulting");
      filter.consulting = value;
    } else if (key == "open") {
      auto open = ParseBoolParameter(value);
      if (!open)
        return ErrorResponse(Refusal::kInvalidArgument, "open must be true or false", "open");
      filter.open_only = *open;
    } else if (key == "limit") {
      auto limit = ParseCountParameter(value, 1, 200);
      if (!limit)
        return ErrorResponse(Refusal::kInvalidArgument, "limit must be 1 to 200", "limit");
      filter.limit = *limit;
    } else if (key == "asset") {
      auto colon = value.find(':');
      if (colon == std::string::npos ||
          procedure_->FindAsset(value.substr(0, colon), value.substr(colon + 1)) == nullptr)
        return ErrorResponse(Refusal::kInvalidArgument, "unknown asset '" + value + "' (kind:id)",
                             "asset");
      filter.asset = value;
    } else if (key == "breaching_within" || key == "q") {
      continue;  // handled below
    } else if (key == "cursor") {
      filter.after = DecodeQueueCursor(value);
      if (!filter.after)
        return ErrorResponse(Refusal::kInvalidArgument, "malformed cursor", "cursor");
    } else {
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
    }
  }
  if (who.is_client()) filter.client_id = who.client_id;
  const auto only_with_limit = [&](const char* mode) {
    return std::any_of(query.begin(), query.end(),
                       [&](const auto& kv) { return kv.first != mode && kv.first != "limit"; });
  };
  if (auto words = query.find("q"); words != query.end())
    return Search(who, words->second, query.count("limit") ? filter.limit : kTicketsFoundByDefault,
                  only_with_limit("q"));
  if (auto within = query.find("breaching_within"); within != query.end())
    return BreachingSoon(who, within->second, filter.limit, only_with_limit("breaching_within"));
  Result<std::vector<service::TicketSummary>> tickets;
  {
    auto reader = readers_.Borrow();  // lent for the read only, not while the answer is written
    tickets = reader->ListTicketSummaries(filter);
  }
  if (!tickets) return ErrorResponse(tickets.error());
  const std::optional<std::string> next =
      int(tickets->size()) == filter.limit && !tickets->empty()
          ? std::optional<std::string>(EncodeQueueCursor(PositionOf(tickets->back())))
          : std::nullopt;
  return ApiResponse{200, SummaryListJson(*tickets, *procedure_, who.is_client(), next)};
}

ApiResponse TicketsResource::BreachingSoon(const Principal& who, const std::string& window,
                                           int limit, bool other_filters) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "deadlines are for staff", "breaching_within");
  if (other_filters)
    return ErrorResponse(Refusal::kInvalidArgument, "breaching_within combines only with limit",
                         "breaching_within");
  auto d = ParseFineDuration(window);
  if (!d) return ErrorResponse(Refusal::kInvalidArgument, d.error().message, "breaching_within");
  auto reader = readers_.Borrow();
  auto due = reader->ListBreachingSoon(clock_.Now() + *d, limit);
  if (!due) return ErrorResponse(due.error());
  json::Json items = json::Json::array();
  for (const auto& t : *due) {
    json::Json item = SummaryView(t.summary, *procedure_, /*for_client=*/false);
    item["clock"] = t.clock;
    item["due"] = FormatTimestamp(t.due, procedure_->zone);
    items.push_back(std::move(item));
  }
  json::Json body = json::Json::object();
  body["tickets"] = std::move(items);
  return Json(200, body);
}

ApiResponse TicketsResource::Search(const Principal& who, const std::string& words, int limit,
                                    bool other_filters) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "searching tickets is for staff", "q");
  if (other_filters)
    return ErrorResponse(Refusal::kInvalidArgument, "q combines only with limit", "q");
  if (words.size() > service::kMaxSearchWordsBytes)
    return ErrorResponse(Refusal::kInvalidArgument,
                         "q is at most " + std::to_string(service::kMaxSearchWordsBytes) + " bytes",
                         "q");
  if (limit > kMostTicketsFound)
    return ErrorResponse(Refusal::kInvalidArgument,
                         "limit must be 1 to " + std::to_string(kMostTicketsFound) + " with q",
                         "limit");
  Result<std::vector<service::TicketHit>> hits;
  {
    auto reader = readers_.Borrow();
    hits = service::SearchTickets(*reader, words, limit);
  }
  if (!hits) return ErrorResponse(hits.error());
  json::Json items = json::Json::array();
  for (const service::TicketHit& hit : *hits) {
    json::Json item = SummaryView(hit.summary, *procedure_, /*for_client=*/false);
    item["snippet"] = SnippetJson(hit.snippet);
    items.push_back(std::move(item));
  }
  return Json(200, json::Json{{"tickets", std::move(items)}, {"next_cursor", nullptr}});
}

ApiResponse TicketsResource::AttachmentFile(const Principal& who, const std::string& ref,
                                            const std::string& sha256) {
  if (auto refused = NotForGateway(who)) return std::move(*refused);
  auto reader = readers_.Borrow();
  auto ticket = LoadVisible(*reader, who, ref);
  if (!ticket) return ErrorResponse(ticket.error());
  // Only files this ticket lists (for a client, outside internal notes): a digest alone opens
  // nothing.
  const Attachment* file = nullptr;
  for (const auto& a : ticket->attachments)
    if (!a.sha256.empty() && a.sha256 == sha256 && (!who.is_client() || ClientSees(a))) file = &a;
  if (file == nullptr)
    return ErrorResponse(Refusal::kNotFound, ref + " has no attachment " + sha256, "attachment");
  auto bytes = reader->GetBlob(sha256);
  if (!bytes) return ErrorResponse(bytes.error());
  if (!*bytes) return ErrorResponse(Refusal::kNotFound, "the file is not stored", "attachment");
  return FileDownload(std::move(**bytes), file->name);
}

}  // namespace tierdesk::http
