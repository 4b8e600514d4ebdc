// The ticket routes: create, commands, one ticket, queues.
#include <charconv>

#include "common/sha256.h"
#include "common/utf8.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/views.h"

namespace tierdesk::http {

using namespace tierdesk::core;

namespace {

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
std::string EntityTag(const Ticket& ticket) { return '"' + std::to_string(ticket.version) + '"'; }

constexpr std::string_view kOptionalWhitespace = " \t";

// If-Match (RFC 9110, 13.1.1): "*" (any: the ticket exists, which a command needs anyway), or a
// list of entity tags of which one must match the ticket's, compared strongly: a weak tag, or one
// this API never gives ("007"), matches nothing. Only a malformed value is a bad request.
std::optional<ApiResponse> ReadIfMatch(const ApiRequest& request, const Principal& who,
                                       Command& command) {
  std::string_view value = request.Header("if-match");
  auto malformed = [] {
    return ErrorResponse(Refusal::kMalformedRequest,
                         "If-Match must be *, or entity tags as this API gives them in ETag "
                         "(\"7\"), separated by commas",
                         "If-Match");
  };
  auto skip = [&](std::string_view chars) {
    const size_t n = value.find_first_not_of(chars);
    value.remove_prefix(n == std::string_view::npos ? value.size() : n);
  };
  skip(kOptionalWhitespace);
  if (value.empty()) return std::nullopt;
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "If-Match is for staff", "If-Match");
  value = value.substr(0, value.find_last_not_of(kOptionalWhitespace) + 1);
  if (value == "*") return std::nullopt;
  std::vector<int64_t> versions;
  bool tags = false;
  while (true) {
    skip(" \t,");
    if (value.empty()) break;
    const bool weak = value.starts_with("W/");
    if (weak) value.remove_prefix(2);
    const size_t close =
        value.empty() || value.front() != '"' ? std::string_view::npos : value.find('"', 1);
    if (close == std::string_view::npos) return malformed();
    const std::string_view opaque = value.substr(1, close - 1);
    for (unsigned char c : opaque)
      if (c < 0x21 || c == 0x7f) return malformed();
    value.remove_prefix(close + 1);
    tags = true;
    int64_t version = 0;
    auto [end, ec] = std::from_chars(opaque.data(), opaque.data() + opaque.size(), version);
    if (!weak && ec == std::errc() && end == opaque.data() + opaque.size() && version > 0 &&
        opaque.front() != '0')
      versions.push_back(version);
    skip(kOptionalWhitespace);
    if (!value.empty() && value.front() != ',') return malformed();
  }
  if (!tags) return malformed();
  command.expected_versions = std::move(versions);
  return std::nullopt;
}

// Keyset cursor for the queue: "<priority>.<received_at seconds>.<ticket id>".
std::string EncodeCursor(const service::TicketSummary& t) {
  return std::to_string(int(t.priority)) + "." +
         std::to_string(t.received_at.time_since_epoch().count()) + "." + std::to_string(t.id);
}

std::optional<service::QueuePosition> DecodeCursor(std::string_view s) {
  int64_t parts[3];
  for (int i = 0; i < 3; ++i) {
    size_t dot = i < 2 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + dot, parts[i]);
    if (ec != std::errc() || end != s.data() + dot) return std::nullopt;
    s.remove_prefix(std::min(s.size(), dot + 1));
  }
  if (parts[0] < 0 || parts[0] >= kPriorityCount) return std::nullopt;
  return service::QueuePosition{Priority(parts[0]), Timestamp{Seconds{parts[1]}}, parts[2]};
}

}  // namespace

void Api::CreateTicket(const ApiRequest& request, const Principal& who, Respond respond) {
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
  auto body = ParseBody(request.body, options_.limits, error);
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
    // A signed-in client is known: their directory entry is how to reach them and whom they
    // work for, unless the request names someone else.
    auto reader = Reader();
    auto client = reader->FindClient(who.client_id);
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
  if (auto refused = CheckAttachments(*command, who)) return respond(std::move(*refused));
  if (auto bad = ScopeIdempotencyKey(request, who, "create",
                                     options_.limits.max_idempotency_key_bytes, *command))
    return respond(std::move(*bad));
  command->credential = who.credential;
  Submit(std::move(*command), who, 201, std::move(respond));
}

void Api::TicketCommand(const ApiRequest& request, const Principal& who, const std::string& ref,
                        const std::string& name, Respond respond) {
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
    if (it->second != "true" && it->second != "false")
      return respond(
          ErrorResponse(Refusal::kInvalidArgument, "dry_run must be true or false", "dry_run"));
    dry_run = it->second == "true";
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
    if (auto visible = LoadVisible(*Reader(), who, ref); !visible)
      return respond(ErrorResponse(visible.error()));
  }
  auto body = ParseBody(request.body, options_.limits, error);
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
  if (auto refused = CheckAttachments(*command, who)) return respond(std::move(*refused));
  if (auto bad = ReadIfMatch(request, who, *command)) return respond(std::move(*bad));
  if (auto bad = ScopeIdempotencyKey(request, who, name + " " + TicketRef(*id),
                                     options_.limits.max_idempotency_key_bytes, *command))
    return respond(std::move(*bad));
  command->credential = who.credential;
  if (dry_run) return respond(DryRun(*command));
  Submit(std::move(*command), who, 200, std::move(respond));
}

void Api::Submit(Command command, const Principal& who, int success_status, Respond respond) {
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

void Api::RespondWithOutcome(const service::Outcome& r, const Viewer& viewer, int success_status,
                             const Respond& respond) {
  // The ticket as it is now, and the events this command caused (none for a replayed
  // idempotent request, which changed nothing).
  const bool for_client = viewer.client;
  json::Json view = TicketView(r.ticket, P(), r.at, viewer);
  view["events"] = json::Json::array();
  for (const Event& e : r.events)
    if (auto shown = EventView(e, P().zone, for_client))
      view["events"].push_back(std::move(*shown));
  ApiResponse response = Json(success_status, view);
  response.headers.emplace_back("Location", "/api/v1/tickets/" + TicketRef(r.ticket.id));
  if (!for_client) response.headers.emplace_back("ETag", EntityTag(r.ticket));
  if (r.repeated) response.headers.emplace_back("Idempotent-Replayed", "true");
  respond(std::move(response));
}

Viewer Api::ViewerOf(const Principal& who) {
  return Viewer{who.actor, who.is_client(), !who.read_only};
}

Result<Ticket> Api::LoadVisible(service::Store& reader, const Principal& who,
                                const std::string& ref) {
  auto unknown = [&] { return Fail(ErrorCode::kNotFound, "no ticket " + ref, "ticket"); };
  auto id = ParseTicketRef(ref);
  if (!id) return unknown();
  auto ticket = reader.Load(*id);
  if (!ticket) return ticket.error().code == ErrorCode::kNotFound ? unknown() : ticket;
  if (who.is_client() && ticket->registration.client_id != who.client_id) return unknown();
  return ticket;
}

ApiResponse Api::GetTicket(const Principal& who, const std::string& ref) {
  auto reader = Reader();
  auto ticket = LoadVisible(*reader, who, ref);
  if (!ticket) return ErrorResponse(ticket.error());
  const TicketId id = ticket->id;
  // The latest events only: older ones are read a page at a time (/timeline), so however much
  // a ticket holds, its view stays small.
  json::Json cursor;
  auto timeline =
      TimelinePage(*reader, id, who, std::nullopt, int(options_.limits.timeline_page), cursor);
  if (!timeline) return ErrorResponse(timeline.error());
  json::Json view = TicketView(*ticket, P(), clock_.Now(), ViewerOf(who));
  view["timeline"] = std::move(*timeline);
  view["timeline_cursor"] = std::move(cursor);
  ApiResponse response = Json(200, view);
  if (!who.is_client()) response.headers.emplace_back("ETag", EntityTag(*ticket));
  return response;
}

ApiResponse Api::ListTickets(const ApiRequest& request, const Principal& who) {
  ApiResponse error;
  auto parsed = ParseQuery(request.query, error);
  if (!parsed) return error;
  const auto& query = *parsed;
  service::TicketFilter filter;
  filter.limit = 50;
  filter.open_only = true;  // a queue is of open tickets unless open=false asks for all
  for (const auto& [key, value] : query) {
    if (key == "tier") {
      if (P().FindTier(value) == nullptr)
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
    } else if (key == "open") {
      if (value != "true" && value != "false")
        return ErrorResponse(Refusal::kInvalidArgument, "open must be true or false", "open");
      filter.open_only = value == "true";
    } else if (key == "limit") {
      int limit = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > 200)
        return ErrorResponse(Refusal::kInvalidArgument, "limit must be 1 to 200", "limit");
      filter.limit = limit;
    } else if (key == "asset") {
      auto colon = value.find(':');
      if (colon == std::string::npos ||
          P().FindAsset(value.substr(0, colon), value.substr(colon + 1)) == nullptr)
        return ErrorResponse(Refusal::kInvalidArgument, "unknown asset '" + value + "' (kind:id)",
                             "asset");
      filter.asset = value;
    } else if (key == "breaching_within") {
      continue;  // handled below
    } else if (key == "cursor") {
      filter.after = DecodeCursor(value);
      if (!filter.after)
        return ErrorResponse(Refusal::kInvalidArgument, "malformed cursor", "cursor");
    } else {
      return ErrorResponse(Refusal::kInvalidArgument, "unknown query parameter '" + key + "'", key);
    }
  }
  if (who.is_client()) filter.client_id = who.client_id;
  if (auto within = query.find("breaching_within"); within != query.end())
    return BreachingSoon(who, within->second, filter.limit,
                         std::any_of(query.begin(), query.end(), [](const auto& kv) {
                           return kv.first != "breaching_within" && kv.first != "limit";
                         }));
  Result<std::vector<service::TicketSummary>> tickets;
  {
    auto reader = Reader();  // lent for the read only, not while the answer is written
    tickets = reader->ListTicketSummaries(filter);
  }
  if (!tickets) return ErrorResponse(tickets.error());
  const std::optional<std::string> next =
      int(tickets->size()) == filter.limit && !tickets->empty()
          ? std::optional<std::string>(EncodeCursor(tickets->back()))
          : std::nullopt;
  return ApiResponse{200, SummaryListJson(*tickets, P(), who.is_client(), next)};
}

ApiResponse Api::BreachingSoon(const Principal& who, const std::string& window, int limit,
                               bool other_filters) {
  if (who.is_client())
    return ErrorResponse(Refusal::kPermissionDenied, "deadlines are for staff", "breaching_within");
  if (other_filters)
    return ErrorResponse(Refusal::kInvalidArgument, "breaching_within combines only with limit",
                         "breaching_within");
  auto d = ParseFineDuration(window);
  if (!d) return ErrorResponse(Refusal::kInvalidArgument, d.error().message, "breaching_within");
  auto reader = Reader();
  auto due = reader->ListBreachingSoon(clock_.Now() + *d, limit);
  if (!due) return ErrorResponse(due.error());
  json::Json items = json::Json::array();
  for (const auto& t : *due) {
    json::Json item = SummaryView(t.summary, P(), /*for_client=*/false);
    item["clock"] = t.clock;
    item["due"] = FormatTimestamp(t.due, P().zone);
    items.push_back(std::move(item));
  }
  json::Json body = json::Json::object();
  body["tickets"] = std::move(items);
  return Json(200, body);
}

}  // namespace tierdesk::http
