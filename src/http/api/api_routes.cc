// The route table: every operation the Api serves, with the checks it needs and the resource
// whose handler answers it. HttpApi.OpenApiDocumentMatchesTheServedRoutes holds this table and
// openapi.json equal.
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
    api.links_.Handle(c.request, c.params[0], std::move(respond));
  };
  constexpr RouteHandler directory = [](Api& api, const RouteCall& c, Respond respond) {
    respond(api.procedure_routes_.Directory(*c.who, c.route.pattern == "/api/v1/people"));
  };
  // A ladder command: the pattern's last segment names it.
  constexpr RouteHandler command = [](Api& api, const RouteCall& c, Respond respond) {
    const std::string_view name = c.route.pattern.substr(c.route.pattern.rfind('/') + 1);
    api.tickets_.SendCommand(c.request, *c.who, c.params[0], std::string(name), std::move(respond));
  };
  // An article's workflow step: the pattern's last segment names it.
  constexpr RouteHandler article_change = [](Api& api, const RouteCall& c, Respond respond) {
    const std::string_view name = c.route.pattern.substr(c.route.pattern.rfind('/') + 1);
    respond(api.articles_.Change(c.request, *c.who, c.params[0], std::string(name)));
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
          [](Api& api, const RouteCall&, Respond respond) { respond(api.operations_.Ready()); },
          A::kOpen),
      entry(
          "GET", "/metrics",
          [](Api& api, const RouteCall& c, Respond respond) {
            respond(api.operations_.MetricsView(c.request));
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
            api.sessions_.LogIn(c.request, std::move(respond));
          },
          A::kLogin),
      entry("POST", "/api/v1/logout",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.sessions_.LogOut(*c.who));
            }),
      entry("GET", "/api/v1/people", directory),
      entry("GET", "/api/v1/assets", directory),
      entry("GET", "/api/v1/assets/{key}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.procedure_routes_.Asset(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/procedure",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.procedure_routes_.View(*c.who));
            }),
      entry("GET", "/api/v1/intake",
            [](Api& api, const RouteCall&, Respond respond) {
              respond(api.procedure_routes_.Intake());
            }),
      entry("GET", "/api/v1/session",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.sessions_.Session(*c.who));
            }),
      entry("POST", "/api/v1/procedure/reload",
            [](Api& api, const RouteCall& c, Respond respond) {
              api.procedure_routes_.Reload(*c.who, std::move(respond));
            }),
      entry(
          "POST", "/api/v1/procedure/validate",
          [](Api& api, const RouteCall& c, Respond respond) {
            respond(api.procedure_routes_.Validate(c.request, *c.who));
          },
          A::kCaller, RouteBody::kProcedureText),
      entry(
          "POST", "/api/v1/procedure",
          [](Api& api, const RouteCall& c, Respond respond) {
            api.procedure_routes_.Upload(c.request, *c.who, std::move(respond));
          },
          A::kCaller, RouteBody::kProcedureText),
      entry(
          "GET", "/api/v1/tokens",
          [](Api& api, const RouteCall& c, Respond respond) { respond(api.tokens_.List(*c.who)); }),
      entry("POST", "/api/v1/tokens",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.tokens_.Create(c.request, *c.who));
            }),
      entry("POST", "/api/v1/tokens/{id}/revoke",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.tokens_.Revoke(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/articles",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.articles_.List(c.request, *c.who));
            }),
      entry("POST", "/api/v1/articles",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.articles_.Create(c.request, *c.who));
            }),
      entry("GET", "/api/v1/articles/{ref}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.articles_.Get(*c.who, c.params[0]));
            }),
      entry("POST", "/api/v1/articles/{ref}/edit", article_change),
      entry("POST", "/api/v1/articles/{ref}/submit", article_change),
      entry("POST", "/api/v1/articles/{ref}/send_back", article_change),
      entry("POST", "/api/v1/articles/{ref}/publish", article_change),
      entry("POST", "/api/v1/articles/{ref}/archive", article_change),
      entry("POST", "/api/v1/articles/{ref}/visibility", article_change),
      entry("POST", "/api/v1/articles/{ref}/subjects", article_change),
      entry("GET", "/api/v1/articles/{ref}/files/{sha256}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.articles_.File(*c.who, c.params[0], c.params[1]));
            }),
      entry("GET", "/api/v1/clients",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.clients_.Search(c.request, *c.who));
            }),
      entry("POST", "/api/v1/clients",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.clients_.Add(c.request, *c.who));
            }),
      entry("GET", "/api/v1/questionnaires",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.questionnaires_.List(c.request, *c.who));
            }),
      entry("POST", "/api/v1/questionnaires/{id}/walk",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.questionnaires_.Walk(c.request, *c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/clock",
            [](Api& api, const RouteCall&, Respond respond) {
              respond(api.operations_.ClockView());
            }),
      entry("POST", "/api/v1/clock",
            [](Api& api, const RouteCall& c, Respond respond) {
              api.operations_.MoveClock(c.request, *c.who, std::move(respond));
            }),
      entry("GET", "/api/v1/outbox/dead",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.operations_.DeadLetters(*c.who));
            }),
      entry(
          "POST", "/api/v1/mail/inbound",
          [](Api& api, const RouteCall& c,
             Respond respond) { api.mail_.Inbound(c.request, *c.who, std::move(respond)); },
          A::kCaller, RouteBody::kMail),
      entry("GET", "/api/v1/mail/refused",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.mail_.Refused(*c.who, ""));
            }),
      entry("GET", "/api/v1/mail/refused/{id}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.mail_.Refused(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/tickets",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.tickets_.List(c.request, *c.who));
            }),
      entry("POST", "/api/v1/tickets",
            [](Api& api, const RouteCall& c, Respond respond) {
              api.tickets_.Create(c.request, *c.who, std::move(respond));
            }),
      entry("GET", "/api/v1/tickets/{ref}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.tickets_.Get(*c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/tickets/{ref}/timeline",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.tickets_.Timeline(c.request, *c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/stream",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.streams_.Open(c.request, *c.who));
            }),
      entry("POST", "/api/v1/tickets/{ref}/presence",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.streams_.MarkPresence(c.request, *c.who, c.params[0]));
            }),
      entry("GET", "/api/v1/tickets/{ref}/attachments/{sha256}",
            [](Api& api, const RouteCall& c, Respond respond) {
              respond(api.tickets_.AttachmentFile(*c.who, c.params[0], c.params[1]));
            }),
      entry(
          "POST", "/api/v1/uploads",
          [](Api& api, const RouteCall& c,
             Respond respond) { respond(api.uploads_.Upload(c.request, *c.who)); },
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
