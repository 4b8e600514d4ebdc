#include "http/api.h"

#include "common/utf8.h"
#include "http/api_util.h"
#include "http/openapi.h"

namespace tierdesk::http {

namespace {

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

// Text from outside reaches JSON output (errors quote it) and the store: it must be UTF-8.
std::optional<ApiResponse> BadEncoding(const ApiRequest& request) {
  if (!IsValidUtf8(request.path) || !IsValidUtf8(request.query))
    return ErrorResponse(400, "invalid_encoding", "the request target is not UTF-8", "path");
  for (const auto& [name, value] : request.headers)
    if (!IsValidUtf8(name) || !IsValidUtf8(value))
      return ErrorResponse(400, "invalid_encoding", "a header is not UTF-8",
                           IsValidUtf8(name) ? name : "headers");
  return std::nullopt;
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
  // Every answer passes here, exactly once: count it, time it, and release the in-flight slot.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Respond finish = [this, started, answered, method = request.method,
                    respond = std::move(respond)](ApiResponse response) {
    if (answered->exchange(true)) return;
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
    return finish(std::move(r));
  }
  if (auto bad = BadEncoding(request)) return finish(std::move(*bad));
  try {
    Route(request, SplitPath(request.path), finish);
  } catch (const std::exception& e) {
    // A handler's bug must cost one request, never the process or the in-flight count.
    finish(ErrorResponse(500, "internal", std::string("the request failed: ") + e.what()));
  }
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
    if (parts[0] == "metrics") return answer(MetricsView(request), "/metrics");
  }
  if (parts.size() == 2 && parts[0] == "l" && (m == "GET" || m == "POST")) {
    if (!limiter_.Allow("addr:" + request.remote, std::chrono::steady_clock::now()))
      return answer(ErrorResponse(429, "rate_limited", "too many requests; slow down"),
                    "/l/{token}");
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
    if (!IsMediaType(request.Header("content-type"), "application/json"))
      return answer(ErrorResponse(415, "unsupported_media_type",
                                  "send the body as application/json", "Content-Type"),
                    "/api/v1/login");
    if (request.body.size() > options_.limits.max_body_bytes)
      return answer(BodyTooLarge(options_.limits.max_body_bytes), "/api/v1/login");
    auto routed = [respond](ApiResponse r) mutable {
      r.route = "/api/v1/login";
      respond(std::move(r));
    };
    return LogIn(request, std::move(routed));
  }
  if (!who) {
    if (who.error().code != ErrorCode::kPermissionDenied)
      return answer(ErrorResponse(who.error()), "/api/v1");
    ApiResponse r = ErrorResponse(401, "unauthenticated", who.error().message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return answer(std::move(r), "/api/v1");
  }
  // Received mail comes whole, as message/rfc822; everything else is JSON.
  const bool mail_inbound =
      write && parts.size() == 4 && parts[2] == "mail" && parts[3] == "inbound";
  if (write) {
    if (who->read_only)
      return answer(ErrorResponse(403, "permission_denied", "this token is read-only"), "/api/v1");
    // A browser session's writes must prove they come from our pages, not another site's.
    if (who->by_session() && request.Header("x-csrf-token") != who->csrf_token)
      return answer(ErrorResponse(403, "csrf", "send the session's CSRF token in X-CSRF-Token",
                                  "X-CSRF-Token"),
                    "/api/v1");
    const size_t limit =
        mail_inbound ? options_.limits.max_mail_bytes : options_.limits.max_body_bytes;
    if (request.body.size() > limit) return answer(BodyTooLarge(limit), "/api/v1");
    const char* type = mail_inbound ? "message/rfc822" : "application/json";
    if (!request.body.empty() && !IsMediaType(request.Header("content-type"), type))
      return answer(ErrorResponse(415, "unsupported_media_type",
                                  std::string("send the body as ") + type, "Content-Type"),
                    "/api/v1");
  }
  // The gateway's token hands in mail and does nothing else.
  if (who->mail_gateway && !mail_inbound)
    return answer(ErrorResponse(403, "permission_denied", "the mail gateway only hands in mail"),
                  "/api/v1");
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
  if (collection == "session" && parts.size() == 3 && m == "GET")
    return answer(SessionView(*who), "/api/v1/session");
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
  if (mail_inbound) {
    auto routed = [respond](ApiResponse r) mutable {
      r.route = "/api/v1/mail/inbound";
      respond(std::move(r));
    };
    return InboundMail(request, *who, std::move(routed));
  }
  if (collection == "mail" && parts.size() >= 4 && parts.size() <= 5 && parts[3] == "refused" &&
      m == "GET")
    return answer(RefusedMail(*who, parts.size() == 5 ? parts[4] : ""),
                  parts.size() == 5 ? "/api/v1/mail/refused/{id}" : "/api/v1/mail/refused");
  if (collection == "tickets" && parts.size() == 6 && parts[4] == "attachments" && m == "GET")
    return answer(AttachmentFile(*who, parts[3], parts[5]),
                  "/api/v1/tickets/{ref}/attachments/{sha256}");
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

}  // namespace tierdesk::http
