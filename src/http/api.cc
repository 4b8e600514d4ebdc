#include "http/api.h"

#include <charconv>
#include <set>

#include "http/error_mapping.h"
#include "http/openapi.h"
#include "http/views.h"
#include "json/codec.h"

namespace tierdesk::http {

using namespace tierdesk::core;

namespace {

ApiResponse Json(int status, const json::Json& body) { return {status, body.dump()}; }

ApiResponse ErrorResponse(const Error& error) {
  return {HttpStatusFor(error.code), ErrorBody(error)};
}

ApiResponse ErrorResponse(int status, std::string_view code, std::string_view message,
                          std::string_view field = {}) {
  return {status, ErrorBody(code, message, field)};
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    if (next > pos) parts.emplace_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view item = query.substr(pos, amp - pos);
    size_t eq = item.find('=');
    if (!item.empty())
      out[PercentDecode(item.substr(0, eq))] =
          eq == std::string_view::npos ? "" : PercentDecode(item.substr(eq + 1));
    pos = amp + 1;
  }
  return out;
}

// Commands a client may send about their own tickets.
bool ClientMaySend(std::string_view command) {
  static const std::set<std::string_view> kAllowed = {"client_reply", "sign_off", "reopen",
                                                      "client_approval", "note"};
  return kAllowed.count(command) > 0;
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

namespace {

json::Json PeopleJson(const core::Procedure& p) {
  json::Json people = json::Json::array();
  for (const auto& person : p.people)
    people.push_back({{"id", person.id},
                      {"name", person.name},
                      {"email", person.email},
                      {"phone", person.phone},
                      {"roles", person.roles},
                      {"tiers", person.tiers}});
  return people;
}

json::Json AssetsJson(const core::Procedure& p) {
  auto chain = [](const std::vector<core::ChainStep>& steps) {
    json::Json out = json::Json::array();
    for (const auto& s : steps)
      out.push_back({{"person", s.person}, {"ack_window", FormatDuration(s.ack_window)}});
    return out;
  };
  json::Json assets = json::Json::array();
  for (const auto& a : p.assets)
    assets.push_back({{"kind", a.kind},
                      {"id", a.id},
                      {"name", a.name},
                      {"forum", a.forum},
                      {"chain", chain(a.chain)},
                      {"on_call", chain(a.on_call)},
                      {"repeat", a.repeat},
                      {"calendar", a.calendar}});
  return assets;
}

}  // namespace

Api::ReaderLease Api::Reader() {
  const size_t n = readers_.size();
  const size_t start = next_reader_.fetch_add(1) % n;
  for (size_t i = 0; i < n; ++i) {
    std::unique_lock lock(reader_mus_[(start + i) % n], std::try_to_lock);
    if (lock.owns_lock()) return ReaderLease(std::move(lock), *readers_[(start + i) % n]);
  }
  return ReaderLease(std::unique_lock(reader_mus_[start]), *readers_[start]);
}

std::string ApiRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

void Api::Handle(const ApiRequest& request, Respond respond) {
  const auto started = std::chrono::steady_clock::now();
  ++in_flight_;
  // Every answer passes here: count it, time it, and release the in-flight slot.
  Respond finish = [this, started, method = request.method,
                    respond = std::move(respond)](ApiResponse response) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.ObserveRequest(method, response.route.empty() ? "unmatched" : response.route,
                            response.status, seconds);
    respond(std::move(response));
    --in_flight_;
  };
  if (draining_) {
    ApiResponse r = ErrorResponse(503, "unavailable", "tierdesk is shutting down");
    r.headers.emplace_back("Retry-After", "5");
    finish(std::move(r));
    return;
  }
  Route(request, SplitPath(request.path), finish);
}

void Api::Route(const ApiRequest& request, const std::vector<std::string>& parts,
                Respond& respond) {
  const std::string& m = request.method;
  auto answer = [&](ApiResponse r, const char* route) {
    r.route = route;
    respond(std::move(r));
  };
  if (parts.size() == 1 && m == "GET") {
    if (parts[0] == "healthz") return answer({200, R"({"status":"ok"})"}, "/healthz");
    if (parts[0] == "readyz")
      return answer(engine_.running()
                        ? ApiResponse{200, R"({"status":"ready"})"}
                        : ErrorResponse(503, "unavailable", "the engine is not running"),
                    "/readyz");
    if (parts[0] == "metrics") return answer(MetricsView(), "/metrics");
  }
  if (parts.size() == 2 && parts[0] == "l" && (m == "GET" || m == "POST")) {
    if (!limiter_.Allow("addr:" + request.remote, std::chrono::steady_clock::now()))
      return answer(ErrorResponse(429, "rate_limited", "too many requests; slow down"), "/l/{token}");
    auto routed = [respond](ApiResponse r) mutable {
      r.route = "/l/{token}";
      respond(std::move(r));
    };
    return HandleLink(request, parts[1], std::move(routed));
  }
  if (parts.size() == 2 && m == "GET" && parts[0] == "api" && parts[1] == "openapi.json")
    return answer({200, std::string(OpenApiDocument())}, "/api/openapi.json");
  if (parts.size() < 3 || parts[0] != "api" || parts[1] != "v1")
    return answer(ErrorResponse(404, "not_found", "no such route: " + request.path), "");

  // Everything under /api/v1 needs credentials, and each caller gets its fair share.
  Result<Principal> who;
  {
    auto reader = Reader();
    who = Authenticate(request.Header("authorization"), request.Header("cookie"), *reader, P(),
                       clock_.Now());
  }
  double wait = 0;
  if (!limiter_.Allow(who ? "actor:" + who->actor : "addr:" + request.remote,
                      std::chrono::steady_clock::now(), &wait)) {
    ApiResponse r = ErrorResponse(429, "rate_limited", "too many requests; slow down");
    r.headers.emplace_back("Retry-After", std::to_string(int(wait) + 1));
    return answer(std::move(r), "/api/v1");
  }
  const bool write = m == "POST";
  if (write && parts.size() == 3 && parts[2] == "login") {
    // The one route without credentials (rate-limited by address above).
    if (request.Header("content-type").rfind("application/json", 0) != 0)
      return answer(ErrorResponse(415, "unsupported_media_type",
                                  "send the body as application/json", "Content-Type"),
                    "/api/v1/login");
    return answer(LogIn(request), "/api/v1/login");
  }
  if (!who) {
    if (who.error().code != ErrorCode::kPermissionDenied)
      return answer(ErrorResponse(who.error()), "/api/v1");
    ApiResponse r = ErrorResponse(401, "unauthenticated", who.error().message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return answer(std::move(r), "/api/v1");
  }
  if (write) {
    if (who->read_only)
      return answer(ErrorResponse(403, "permission_denied", "this token is read-only"), "/api/v1");
    // A browser session's writes must prove they come from our pages, not another site's.
    if (who->by_session() && request.Header("x-csrf-token") != who->csrf_token)
      return answer(ErrorResponse(403, "csrf", "send the session's CSRF token in X-CSRF-Token",
                                  "X-CSRF-Token"),
                    "/api/v1");
    if (request.body.size() > options_.max_body_bytes)
      return answer(ErrorResponse(413, "payload_too_large",
                                  "request bodies are limited to " +
                                      std::to_string(options_.max_body_bytes) + " bytes"),
                    "/api/v1");
    if (!request.body.empty() && request.Header("content-type").rfind("application/json", 0) != 0)
      return answer(ErrorResponse(415, "unsupported_media_type",
                                  "send the body as application/json", "Content-Type"),
                    "/api/v1");
  }
  const std::string& collection = parts[2];
  if (collection == "logout" && parts.size() == 3 && write)
    return answer(LogOut(*who), "/api/v1/logout");
  if (collection == "procedure" && parts.size() == 4 && parts[3] == "reload" && write) {
    auto routed = [respond](ApiResponse r) mutable {
      r.route = "/api/v1/procedure/reload";
      respond(std::move(r));
    };
    return ReloadProcedure(*who, std::move(routed));
  }
  if ((collection == "people" || collection == "assets") && parts.size() == 3 && m == "GET") {
    const char* route = collection == "people" ? "/api/v1/people" : "/api/v1/assets";
    if (who->is_client())
      return answer(ErrorResponse(403, "permission_denied", "the staff directory is for staff"),
                    route);
    const json::Json list = collection == "people" ? PeopleJson(P()) : AssetsJson(P());
    json::Json body = json::Json::object();
    body[collection] = list;
    return answer(Json(200, body), route);
  }
  if (collection == "procedure" && parts.size() == 3 && m == "GET")
    return answer(who->is_client()
                      ? ErrorResponse(403, "permission_denied",
                                      "the procedure and staff directory are for staff")
                      : ProcedureView(),
                  "/api/v1/procedure");
  if (collection == "outbox" && parts.size() == 4 && parts[3] == "dead" && m == "GET")
    return answer(DeadLetters(*who), "/api/v1/outbox/dead");
  if (collection == "clock" && parts.size() == 3) {
    if (m == "GET") return answer(ClockView(), "/api/v1/clock");
    if (m == "POST") {
      auto routed = [respond](ApiResponse r) mutable {
        r.route = "/api/v1/clock";
        respond(std::move(r));
      };
      return MoveClock(request, *who, std::move(routed));
    }
  }
  if (collection == "tickets") {
    if (parts.size() == 3 && m == "GET")
      return answer(ListTickets(request, *who), "/api/v1/tickets");
    if (parts.size() == 3 && m == "POST") {
      auto routed = [respond](ApiResponse r) mutable {
        r.route = "/api/v1/tickets";
        respond(std::move(r));
      };
      return CreateTicket(request, *who, std::move(routed));
    }
    if (parts.size() == 4 && m == "GET")
      return answer(GetTicket(*who, parts[3]), "/api/v1/tickets/{ref}");
    if (parts.size() == 5 && m == "POST") {
      auto routed = [respond](ApiResponse r) mutable {
        r.route = "/api/v1/tickets/{ref}/{command}";
        respond(std::move(r));
      };
      return TicketCommand(request, *who, parts[3], parts[4], std::move(routed));
    }
    if (parts.size() <= 5)
      return answer(ErrorResponse(405, "method_not_allowed", m + " is not allowed here"),
                    "/api/v1/tickets");
  }
  answer(ErrorResponse(404, "not_found", "no such route: " + request.path), "");
}

namespace {

// Parses a JSON object body; nullopt with the response to send when it is not one.
std::optional<json::Json> ParseBody(const std::string& body, ApiResponse& error) {
  json::Json j = json::Json::parse(body.empty() ? "{}" : body, nullptr, false);
  if (j.is_discarded()) {
    error = ErrorResponse(400, "invalid_json", "the body is not valid JSON");
    return std::nullopt;
  }
  if (!j.is_object()) {
    error = ErrorResponse(400, "invalid_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return j;
}

// Fields that come from the URL, the credentials or the headers, never from the body.
std::optional<ApiResponse> ReservedFieldIn(const json::Json& body) {
  for (const char* reserved : {"actor", "cmd", "ticket", "at", "expect_error", "idempotency_key"})
    if (body.contains(reserved))
      return ErrorResponse(422, "invalid_argument",
                           std::string("'") + reserved + "' may not be set in the body", reserved);
  return std::nullopt;
}

}  // namespace

void Api::CreateTicket(const ApiRequest& request, const Principal& who, Respond respond) {
  ApiResponse error;
  auto body = ParseBody(request.body, error);
  if (!body) return respond(std::move(error));
  if (auto reserved = ReservedFieldIn(*body)) return respond(std::move(*reserved));
  if (who.is_client()) {
    if (body->contains("client_id") && (*body)["client_id"] != who.client_id)
      return respond(ErrorResponse(403, "permission_denied",
                                   "a client may only open requests for themselves", "client_id"));
    (*body)["client_id"] = who.client_id;
  }
  (*body)["cmd"] = "create";
  (*body)["actor"] = who.actor;
  auto command = json::CommandFromJson(*body);
  if (!command) return respond(ErrorResponse(command.error()));
  command->idempotency_key = request.Header("idempotency-key");
  Submit(std::move(*command), who, 201, std::move(respond));
}

void Api::TicketCommand(const ApiRequest& request, const Principal& who, const std::string& ref,
                        const std::string& name, Respond respond) {
  auto id = ParseTicketRef(ref);
  if (!id) return respond(ErrorResponse(404, "not_found", "no ticket " + ref, "ticket"));
  if (name == "create" || name == "clock_due")
    return respond(ErrorResponse(404, "not_found", "no command '" + name + "'"));
  if (who.is_client()) {
    if (!ClientMaySend(name))
      return respond(
          ErrorResponse(403, "permission_denied",
                        "clients may only reply, approve, sign off, reopen or add notes"));
    auto reader = Reader();
    auto ticket = reader->Load(*id);
    // Another client's ticket does not exist as far as this client can tell.
    if (!ticket || ticket->registration.client_id != who.client_id)
      return respond(ticket || ticket.error().code == ErrorCode::kNotFound
                         ? ErrorResponse(404, "not_found", "no ticket " + ref, "ticket")
                         : ErrorResponse(ticket.error()));
  }
  ApiResponse error;
  auto body = ParseBody(request.body, error);
  if (!body) return respond(std::move(error));
  if (auto reserved = ReservedFieldIn(*body)) return respond(std::move(*reserved));
  (*body)["cmd"] = name;
  (*body)["actor"] = who.actor;
  (*body)["ticket"] = TicketRef(*id);
  auto command = json::CommandFromJson(*body);
  if (!command) {
    if (command.error().field == "cmd")
      return respond(ErrorResponse(404, "not_found", command.error().message, "command"));
    return respond(ErrorResponse(command.error()));
  }
  command->idempotency_key = request.Header("idempotency-key");
  Submit(std::move(*command), who, 200, std::move(respond));
}

void Api::Submit(Command command, const Principal& who, int success_status, Respond respond) {
  const bool for_client = who.is_client();
  engine_.Submit(std::move(command), [this, for_client, success_status,
                                      respond = std::move(respond)](Result<service::Outcome> r) {
    if (!r) return respond(ErrorResponse(r.error()));
    // The ticket as it is now, and the events this command caused (none for a replayed
    // idempotent request, which changed nothing).
    json::Json view = TicketView(r->ticket, P(), r->at, for_client);
    view["events"] = json::Json::array();
    for (const Event& e : r->events)
      if (!for_client || VisibleToClient(e))
        view["events"].push_back(json::EventToJson(e, P().zone));
    ApiResponse response = Json(success_status, view);
    response.headers.emplace_back("Location", "/api/v1/tickets/" + TicketRef(r->ticket.id));
    if (r->repeated) response.headers.emplace_back("Idempotent-Replayed", "true");
    respond(std::move(response));
  });
}

ApiResponse Api::GetTicket(const Principal& who, const std::string& ref) {
  auto id = ParseTicketRef(ref);
  if (!id) return ErrorResponse(404, "not_found", "no ticket " + ref, "ticket");
  auto reader = Reader();
  auto ticket = reader->Load(*id);
  if (!ticket) return ErrorResponse(ticket.error());
  if (who.is_client() && ticket->registration.client_id != who.client_id)
    return ErrorResponse(404, "not_found", "no ticket " + ref, "ticket");
  auto events = reader->Events(*id);
  if (!events) return ErrorResponse(events.error());
  return Json(200, TicketView(*ticket, P(), clock_.Now(), who.is_client(), &*events));
}

ApiResponse Api::ListTickets(const ApiRequest& request, const Principal& who) {
  auto query = ParseQuery(request.query);
  service::TicketFilter filter;
  filter.limit = 50;
  filter.open_only = true;  // a queue is of open tickets unless open=false asks for all
  for (const auto& [key, value] : query) {
    if (key == "tier") {
      if (P().FindTier(value) == nullptr)
        return ErrorResponse(422, "invalid_argument", "unknown tier '" + value + "'", "tier");
      filter.tier = value;
    } else if (key == "stage") {
      filter.stage = ParseStage(value);
      if (!filter.stage)
        return ErrorResponse(422, "invalid_argument", "unknown stage '" + value + "'", "stage");
    } else if (key == "assignee") {
      filter.assignee = value == "me" ? who.actor : value;
    } else if (key == "open") {
      if (value != "true" && value != "false")
        return ErrorResponse(422, "invalid_argument", "open must be true or false", "open");
      filter.open_only = value == "true";
    } else if (key == "limit") {
      int limit = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1 || limit > 200)
        return ErrorResponse(422, "invalid_argument", "limit must be 1 to 200", "limit");
      filter.limit = limit;
    } else if (key == "asset") {
      auto colon = value.find(':');
      if (colon == std::string::npos ||
          P().FindAsset(value.substr(0, colon), value.substr(colon + 1)) == nullptr)
        return ErrorResponse(422, "invalid_argument", "unknown asset '" + value + "' (kind:id)",
                             "asset");
      filter.asset = value;
    } else if (key == "breaching_within") {
      continue;  // handled below
    } else if (key == "cursor") {
      filter.after = DecodeCursor(value);
      if (!filter.after)
        return ErrorResponse(422, "invalid_argument", "malformed cursor", "cursor");
    } else {
      return ErrorResponse(422, "invalid_argument", "unknown query parameter '" + key + "'", key);
    }
  }
  if (who.is_client()) filter.client_id = who.client_id;
  if (auto within = query.find("breaching_within"); within != query.end())
    return BreachingSoon(who, within->second, filter.limit,
                         std::any_of(query.begin(), query.end(), [](const auto& kv) {
                           return kv.first != "breaching_within" && kv.first != "limit";
                         }));
  auto reader = Reader();
  auto tickets = reader->ListTicketSummaries(filter);
  if (!tickets) return ErrorResponse(tickets.error());
  json::Json items = json::Json::array();
  for (const auto& t : *tickets) items.push_back(SummaryView(t, P()));
  json::Json body = json::Json::object();
  body["tickets"] = std::move(items);
  body["next_cursor"] = int(tickets->size()) == filter.limit
                            ? json::Json(EncodeCursor(tickets->back()))
                            : json::Json(nullptr);
  return Json(200, body);
}

ApiResponse Api::BreachingSoon(const Principal& who, const std::string& window, int limit,
                               bool other_filters) {
  if (who.is_client())
    return ErrorResponse(403, "permission_denied", "deadlines are for staff", "breaching_within");
  if (other_filters)
    return ErrorResponse(422, "invalid_argument", "breaching_within combines only with limit",
                         "breaching_within");
  auto d = ParseFineDuration(window);
  if (!d) return ErrorResponse(422, "invalid_argument", d.error().message, "breaching_within");
  auto reader = Reader();
  auto due = reader->ListBreachingSoon(clock_.Now() + *d, limit);
  if (!due) return ErrorResponse(due.error());
  json::Json items = json::Json::array();
  for (const auto& t : *due) {
    json::Json item = SummaryView(t.summary, P());
    item["clock"] = t.clock;
    item["due"] = FormatTimestamp(t.due, P().zone);
    items.push_back(std::move(item));
  }
  json::Json body = json::Json::object();
  body["tickets"] = std::move(items);
  return Json(200, body);
}

void Api::ReloadProcedure(const Principal& who, Respond respond) {
  const bool may = who.person != nullptr &&
                   (who.person->roles.count("admin") || who.person->roles.count("it_manager") ||
                    who.person->roles.count("it_head"));
  if (!may)
    return respond(
        ErrorResponse(403, "permission_denied",
                      "reloading the procedure needs the admin, it_manager or it_head role"));
  if (!loader_)
    return respond(ErrorResponse(409, "failed_precondition", "this server cannot reload"));
  auto next = loader_();
  if (!next) return respond(ErrorResponse(next.error()));
  // Open tickets must still have a tier to be in.
  std::map<std::string, int64_t> open;
  {
    auto reader = Reader();
    auto counts = reader->CountOpenTicketsByTier();
    if (!counts) return respond(ErrorResponse(counts.error()));
    open = std::move(*counts);
  }
  for (const auto& [tier, n] : open)
    if ((*next)->FindTier(tier) == nullptr)
      return respond(ErrorResponse(409, "failed_precondition",
                                   "the new procedure drops tier '" + tier + "', which has " +
                                       std::to_string(n) + " open tickets"));
  const core::Procedure* procedure = *next;
  engine_.ReplaceProcedure(*procedure, [this, procedure, respond = std::move(respond)]() mutable {
    procedure_ = procedure;
    respond(ProcedureView());
  });
}

ApiResponse Api::ProcedureView() {
  const core::Procedure& p = P();
  json::Json tiers = json::Json::array();
  for (const auto& t : p.tiers)
    tiers.push_back({{"id", t.id},
                     {"name", t.name},
                     {"calendar", t.calendar},
                     {"routing", t.routing_kind},
                     {"qc", t.qc},
                     {"handoff_to", t.handoff_to}});
  return Json(200, {{"id", p.id},
                    {"name", p.name},
                    {"time_zone", p.time_zone},
                    {"tiers", tiers},
                    {"people", PeopleJson(p)},
                    {"assets", AssetsJson(p)}});
}

ApiResponse Api::LogIn(const ApiRequest& request) {
  ApiResponse error;
  auto body = ParseBody(request.body, error);
  if (!body) return error;
  for (const char* field : {"login", "password"})
    if (!body->contains(field) || !(*body)[field].is_string())
      return ErrorResponse(422, "invalid_argument", std::string("missing '") + field + "'", field);
  Result<IssuedSession> session;
  {
    auto reader = Reader();
    session = Login((*body)["login"].get<std::string>(), (*body)["password"].get<std::string>(),
                    *reader, P(), clock_.Now(), options_.session_ttl);
  }
  if (!session) {
    if (session.error().code == ErrorCode::kPermissionDenied)
      return ErrorResponse(401, "unauthenticated", session.error().message);
    return ErrorResponse(session.error());
  }
  ApiResponse r =
      Json(200, {{"actor", session->record.actor},
                 {"csrf_token", session->record.csrf_token},
                 {"expires_at", FormatTimestamp(session->record.expires_at, P().zone)}});
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + session->cookie_secret +
                                           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                           std::to_string(options_.session_ttl.count()) +
                                           (options_.secure_cookies ? "; Secure" : ""));
  return r;
}

ApiResponse Api::LogOut(const Principal& who) {
  if (!who.by_session())
    return ErrorResponse(409, "failed_precondition", "only a browser session logs out");
  {
    auto reader = Reader();
    if (auto s = reader->DeleteSession(who.session_hash); !s) return ErrorResponse(s.error());
  }
  ApiResponse r = Json(200, {{"logged_out", true}});
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                           "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return r;
}

ApiResponse Api::DeadLetters(const Principal& who) {
  if (who.is_client()) return ErrorResponse(403, "permission_denied", "dead letters are for staff");
  auto reader = Reader();
  auto dead = reader->DeadLetters(200);
  if (!dead) return ErrorResponse(dead.error());
  json::Json items = json::Json::array();
  for (const auto& d : *dead)
    items.push_back({{"id", d.id},
                     {"ticket", TicketRef(d.effect.ticket)},
                     {"kind", EffectKindName(d.effect.kind)},
                     {"to", d.effect.to},
                     {"template", d.effect.template_name},
                     {"attempts", d.attempts},
                     {"last_error", d.last_error},
                     {"created_at", FormatTimestamp(d.created_at, P().zone)},
                     {"dead_at", FormatTimestamp(*d.dead_at, P().zone)}});
  json::Json body = json::Json::object();
  body["dead_letters"] = std::move(items);
  return Json(200, body);
}

ApiResponse Api::ClockView() {
  return Json(200, {{"now", FormatTimestamp(clock_.Now(), P().zone)},
                    {"simulated", simulated_ != nullptr}});
}

void Api::MoveClock(const ApiRequest& request, const Principal& who, Respond respond) {
  if (who.is_client())
    return respond(ErrorResponse(403, "permission_denied", "only staff move a sandbox's clock"));
  if (simulated_ == nullptr)
    return respond(ErrorResponse(409, "failed_precondition",
                                 "this server runs on the system clock; only a sandbox started "
                                 "with --simulate-from can move its clock"));
  ApiResponse error;
  auto body = ParseBody(request.body, error);
  if (!body) return respond(std::move(error));
  Timestamp target = clock_.Now();
  if (body->contains("advance") && (*body)["advance"].is_string()) {
    auto d = ParseDuration((*body)["advance"].get<std::string>());
    if (!d) return respond(ErrorResponse(422, "invalid_argument", d.error().message, "advance"));
    target += *d;
  } else if (body->contains("to") && (*body)["to"].is_string()) {
    auto t = ParseTimestamp((*body)["to"].get<std::string>());
    if (!t) return respond(ErrorResponse(422, "invalid_argument", t.error().message, "to"));
    if (*t < target)
      return respond(ErrorResponse(422, "invalid_argument", "the clock never runs back", "to"));
    target = *t;
  } else {
    return respond(ErrorResponse(422, "invalid_argument",
                                 "give \"advance\" (a duration) or \"to\" (an instant)",
                                 "advance"));
  }
  simulated_->AdvanceTo(target);
  // Answer once every deadline due by the new time has fired, so callers see its effects.
  engine_.AfterCatchingUp([this, respond = std::move(respond)]() mutable { respond(ClockView()); });
}

ApiResponse Api::MetricsView() {
  std::map<std::string, int64_t> open;
  int64_t backlog = 0;
  {
    auto reader = Reader();
    if (auto counts = reader->CountOpenTicketsByTier()) open = std::move(*counts);
    if (auto b = reader->OutboxBacklog()) backlog = *b;
  }
  ApiResponse r{200, metrics_.Render(engine_.Stats(), open, backlog)};
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

}  // namespace tierdesk::http
