#pragma once

#include <atomic>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "core/procedure.h"
#include "http/api/api_options.h"
#include "http/api/articles_resource.h"
#include "http/api/clients_resource.h"
#include "http/api/exchange.h"
#include "http/api/mail_resource.h"
#include "http/api/metrics.h"
#include "http/api/operations_resource.h"
#include "http/api/procedure_in_force.h"
#include "http/api/procedure_resource.h"
#include "http/api/questionnaires_resource.h"
#include "http/api/rate_limiter.h"
#include "http/api/reader_pool.h"
#include "http/api/routes.h"
#include "http/api/tickets_resource.h"
#include "http/api/tokens_resource.h"
#include "http/api/uploads_resource.h"
#include "http/auth/auth.h"
#include "http/auth/credential_cache.h"
#include "http/auth/credential_ends.h"
#include "http/auth/sessions_resource.h"
#include "http/live/streams_resource.h"
#include "http/pages/link_pages.h"
#include "service/engine.h"

namespace tierdesk::http {

class StaticSite;
class StreamHub;

// The REST API (/api/v1, /healthz, /readyz, /metrics), the mailed links' pages (/l/) and the
// web pages (everything else, from a StaticSite). The Api owns the route table and the checks
// every request passes (encoding, rate, credentials, CSRF, body size and type); each route's
// handler belongs to a resource that is given only what it uses (tickets, uploads, tokens,
// sessions, the procedure, mail, operations, live streams, link pages). Handlers only
// translate: parse, check who may do what, hand commands to the Engine, map results and errors
// to HTTP. Thread-safe: called from every HTTP worker thread.
class Api {
 public:
  using Respond = http::Respond;

  // `simulated` is the engine's clock when it is virtual (a training or test sandbox whose
  // time staff move over /api/v1/clock); null in production.
  // `readers` are connections for queries, used one request at a time each (at least one).
  Api(service::Engine& engine, std::vector<service::Store*> readers,
      const core::Procedure& procedure, const Clock& clock, Metrics& metrics,
      ApiOptions options = {}, VirtualClock* simulated = nullptr);

  // Answers through `respond`, exactly once, possibly on another thread (writes are answered
  // when they are durable). `request.remote` is the peer's address; behind a trusted proxy the
  // caller's is taken from X-Forwarded-For (ApiOptions::trusted_proxies).
  void Handle(ApiRequest request, Respond respond);

  using ProcedureLoader = http::ProcedureLoader;
  using ProcedureProblem = http::ProcedureProblem;
  using ProcedureCheck = http::ProcedureCheck;
  using ProcedureChecker = http::ProcedureChecker;
  using ProcedureWriter = http::ProcedureWriter;
  using MailIntakeFn = MailResource::Intake;
  // What the procedure routes and mail intake need from serve (procedure_resource.h,
  // mail_resource.h); without them those routes answer 409 or 503.
  void SetProcedureLoader(ProcedureLoader loader) {
    procedure_routes_.SetLoader(std::move(loader));
  }
  void SetProcedureFile(ProcedureChecker check, ProcedureWriter write) {
    procedure_routes_.SetFile(std::move(check), std::move(write));
  }
  void SetMailIntake(MailIntakeFn intake) { mail_.SetIntake(std::move(intake)); }

  // Live updates (GET /api/v1/stream) and presence; without a hub they answer 503.
  void SetStreamHub(StreamHub* hub);

  // The built web pages, answered for GET and HEAD outside the API's paths; without them, `/`
  // says how to build them. Set before serving; the site must outlive the Api.
  void SetStaticSite(const StaticSite* site) { site_ = site; }

  // The route table (api_routes.cc): each entry's method, pattern, metrics name and checks.
  static std::span<const RouteInfo> Routes();
  // The largest body the route `method` `target` (a request target, query included) takes: what
  // the transport lets a request bring before it is buffered. A path no route takes gets the
  // JSON limit. Thread-safe.
  size_t BodyLimitFor(std::string_view method, std::string_view target) const;

  // While draining (shutdown), new requests get 503; requests already in flight finish.
  void SetDraining(bool draining) { draining_ = draining; }
  size_t InFlight() const { return in_flight_.load(); }

 private:
  // What a route's handler gets once the checks of its RouteAccess passed.
  struct RouteCall {
    const ApiRequest& request;
    const Principal* who;                    // the caller; null on routes that take no credentials
    const std::vector<std::string>& params;  // the pattern's {parameters}, in order
    const RouteInfo& route;
  };
  using RouteHandler = void (*)(Api& api, const RouteCall& call, Respond respond);
  struct RouteEntry {
    RouteInfo info;
    RouteHandler handler;
  };
  static std::span<const RouteEntry> Table();
  // Finds the request's entry, runs the checks its RouteAccess asks for, then its handler;
  // 405 for a known path with another method; else a page of the site, or 404.
  void Route(const ApiRequest& request, Respond& respond);
  // The checks of RouteAccess::kLogin and kCaller, in their order (`route` null: no entry takes
  // the request): the refusal to send, else nothing, with `caller` set for kCaller.
  std::optional<ApiResponse> CheckCaller(const ApiRequest& request, const RouteInfo* route,
                                         std::optional<Principal>& caller);
  // GET and HEAD outside the API's paths: the StaticSite's answer (nullopt: none).
  std::optional<ApiResponse> WebPage(const ApiRequest& request,
                                     const std::vector<std::string>& segments) const;

  // First: the resources below hold references into it.
  const ApiOptions options_;
  const Clock& clock_;
  Metrics& metrics_;
  ReaderPool readers_;
  ProcedureInForce procedure_;
  // Callers' tokens and sessions recently read; forgotten on revocation and logout here.
  CredentialCache credentials_;
  CredentialEnds ends_{credentials_};
  RateLimiter limiter_;
  const StaticSite* site_ = nullptr;
  std::atomic<bool> draining_{false};
  std::atomic<size_t> in_flight_{0};

  UploadsResource uploads_;
  TicketsResource tickets_;
  TokensResource tokens_;
  ClientsResource clients_;
  ArticlesResource articles_;
  QuestionnairesResource questionnaires_;
  ProcedureResource procedure_routes_;
  MailResource mail_;
  OperationsResource operations_;
  StreamsResource streams_;
  LinkPages links_;
  // Last: its password threads are joined first on destruction, while what they use still lives.
  SessionsResource sessions_;
};

}  // namespace tierdesk::http
