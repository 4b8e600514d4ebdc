// The route table: every operation the Api serves, with the checks it needs and its handler.
// The handlers' bodies are in api_tickets.cc, api_admin.cc, api_procedure.cc, api_tokens.cc,
// api_mail.cc, api_uploads.cc and link_pages.cc; HttpApi.OpenApiDocumentMatchesTheServedRoutes
// holds this table and openapi.json equal.
#include "http/api/api.h"
#include "http/api/api_util.h"
#include "http/openapi.h"

namespace tierdesk::http {

std::span<const Api::RouteEntry> Api::Table() {
  using A = RouteAccess;
  // The metrics name of each entry is its pattern.
  constexpr auto entry = [](std::string_view method, std::string_view pattern, RouteHandler handler,
                            RouteAccess access = RouteAccess::kCaller,
                            RouteBody body = RouteBody::kJson) {
    return RouteEntry{{method, pattern, pattern, access, body}, handler};
  };
  constexpr RouteHandler link = [](Api& api, const RouteCall& c, Respond respond) {
    api.HandleLink(c.request, c.params[0], std::move(respond));
  };
  constexpr RouteHandler directory = [](Api& api, const RouteCall& c, Respond respond) {
    const bool people = c.route.pattern == "/api/v1/people";
    if (c.who->is_client())
      return respond(ErrorResponse(Refusal::kPermissionDenied, "the staff directory is for staff"));
    json::Json body = json::Json::object();
    body[people ? "people" : "assets"] = people ? PeopleJson(api.P()) : AssetsJson(api.P());
    respond(Json(200, body));
  };
  // A ladder command: the pattern's last segment names it.
  constexpr RouteHandler command = [](Api& api, const RouteCall& c, Respond respond) {
    const std::string_view name = c.route.pattern.substr(c.route.pattern.rfind('/') + 1);
    api.TicketCommand(c.request, *c.who, c.params[0], std::string(name), std::move(respond));
  };
  // Documented in openapi.json, path by path and method by method (a test holds them equal).
  static constexpr RouteEntry kFixed[] = {
      entry(
          "GET", "/healthz",
          [](Api&, const RouteCall&, Respond respond) {
            respond({200, R"({"status":"ok"})"});
          },
          A::kOpen),
      entry(
          "GET", "/readyz",
          [](Api& api, const RouteCall&, Respond respond) {
            if (!api.engine_.running())
              return respond(ErrorResponse(Refusal::kUnavailable, "the engine is not running"));
            // Ready only while the database answers (a read of the log's head): a balancer
            // stops sending requests to a node that cannot reach it.
            if (auto head = api.Reader()->LastEventSeq(); !head)
              return respond(
                  ErrorResponse(Refusal::kUnavailable, "the database: " + head.error().message));
            respond({200, R"({"status":"ready"})"});
          },
          A::kOpen),
      entry(
          "GET", "/metrics",
          [](Api& api, const RouteCall& c, Respond respond) {
            respond(api.MetricsView(c.request));
          },
          A::kOpen),
      entry(
          "GET", "/api/openapi.json",
          [](Api&, const RouteCall&, Respond respond) {
            respond({200, std::string(OpenApiDocument())});
          },
          A::kOpen),
      entry("GET", "/l/{token}", link, A::kByAddress),
      entry("POST", "/l/{token}", link, A::kByAddress),
      entry(
          "POST", "/api/v1/login",
          [](Api& api, const RouteCall& c, Respond respond) {
            api.LogIn(c.request, std::move(respond));
          },
          A::kLogin),
      entry("POST", "/api/v1/logout",
            [](Api& api, const RouteCall& c, Respond respond) { respond(api.LogOut(*c.who)); }),
      entry("GET", "/api/v1/people", directory),
      entry("GET", "/api/v1/assets", directory),
      entry("GET", "/api/v1/procedure",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(c.who->is_client()
                          ? ErrorResponse(Refusal::kPermissionDenied,
                                          "the procedure and staff directory are for staff")
                          : api.ProcedureView());
            }),
      entry(
          "GET", "/api/v1/session",
          [](Api& api, const RouteCall& c, Respond respond) { respond(api.SessionView(*c.who)); }),
      entry("POST", "/api/v1/procedure/reload",
            [](Api& api, const RouteCall& c, Respond respond) {
              api.ReloadProcedure(*c.who, std::move(respond));
            }),
      entry(
          "POST", "/api/v1/procedure/validate",
          [](Api& api, const RouteCall& c, Respond respond) {
            respond(api.ValidateProcedure(c.request, *c.who));
          },
          A::kCaller, RouteBody::kProcedureText),
      entry(
          "POST", "/api/v1/procedure",
          [](Api& api, const RouteCall& c, Respond respond) {
            api.UploadProcedure(c.request, *c.who, std::move(respond));
          },
          A::kCaller, RouteBody::kProcedureText),
      entry("GET", "/api/v1/tokens",
            [](Api& api, const RouteCall& c, Respond respond) { respond(api.ListTokens(*c.who)); }),
      entry("POST", "/api/v1/tokens",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.CreateToken(c.request, *c.who));
            }),
      entry("POST", "/api/v1/tokens/{id}/revoke",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.RevokeToken(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/clock",
            [](Api& api, const RouteCall&, Respond respond) { respond(api.ClockView()); }),
      entry("POST", "/api/v1/clock",
            [](Api& api, const RouteCall& c, Respond respond) {
              api.MoveClock(c.request, *c.who, std::move(respond));
            }),
      entry(
          "GET", "/api/v1/outbox/dead",
          [](Api& api, const RouteCall& c, Respond respond) { respond(api.DeadLetters(*c.who)); }),
      entry(
          "POST", "/api/v1/mail/inbound",
          [](Api& api, const RouteCall& c, Respond respond) {
            api.InboundMail(c.request, *c.who, std::move(respond));
          },
          A::kCaller, RouteBody::kMail),
      entry("GET", "/api/v1/mail/refused",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.RefusedMail(*c.who, ""));
            }),
      entry("GET", "/api/v1/mail/refused/{id}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.RefusedMail(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/tickets",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.ListTickets(c.request, *c.who));
            }),
      entry("POST", "/api/v1/tickets",
            [](Api& api, const RouteCall& c, Respond respond) {
              api.CreateTicket(c.request, *c.who, std::move(respond));
            }),
      entry("GET", "/api/v1/tickets/{ref}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.GetTicket(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/tickets/{ref}/timeline",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.GetTimeline(c.request, *c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/stream",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.OpenStream(c.request, *c.who));
            }),
      entry("POST", "/api/v1/tickets/{ref}/presence",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.MarkPresence(c.request, *c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/tickets/{ref}/attachments/{sha256}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.AttachmentFile(*c.who, c.params[0], c.params[1]));
            }),
      entry(
          "POST", "/api/v1/uploads",
          [](Api& api, const RouteCall& c, Respond respond) {
            respond(api.Upload(c.request, *c.who));
          },
          A::kCaller, RouteBody::kUpload),
  };
  // Then one route per ticket command of the core's catalogue, POST /api/v1/tickets/{ref}/<name>.
  static const std::vector<std::string> kCommandPatterns = [] {
    std::vector<std::string> patterns;
    for (core::CommandKind kind : core::TicketCommands())
      patterns.push_back(std::string("/api/v1/tickets/{ref}/") + core::CommandKindName(kind));
    return patterns;
  }();
  static const std::vector<RouteEntry> kTable = [&] {
    std::vector<RouteEntry> table(std::begin(kFixed), std::end(kFixed));
    for (const std::string& pattern : kCommandPatterns)
      table.push_back(entry("POST", pattern, command));
    return table;
  }();
  return kTable;
}

std::span<const RouteInfo> Api::Routes() {
  static const std::vector<RouteInfo> routes = [] {
    std::vector<RouteInfo> infos;
    for (const RouteEntry& e : Table()) infos.push_back(e.info);
    return infos;
  }();
  return routes;
}

}  // namespace tierdesk::http
