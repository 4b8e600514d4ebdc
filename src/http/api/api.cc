#include "http/api/api.h"

#include <set>

#include "common/utf8.h"
#include "http/api/api_util.h"
#include "http/transport/security_headers.h"
#include "http/pages/static_site.h"
#include "http/api/uploads.h"

namespace tierdesk::http {

namespace {

// Text from outside reaches JSON output (errors quote it) and the store: it must be UTF-8.
std::optional<ApiResponse> BadEncoding(const ApiRequest& request) {
  if (!IsValidUtf8(request.path) || !IsValidUtf8(request.query))
    return ErrorResponse(Refusal::kInvalidEncoding, "the request target is not UTF-8", "path");
  for (const auto& [name, value] : request.headers)
    if (!IsValidUtf8(name) || !IsValidUtf8(value))
      return ErrorResponse(Refusal::kInvalidEncoding, "a header is not UTF-8",
                           IsValidUtf8(name) ? name : "headers");
  return std::nullopt;
}

// The media types a route's body may have, as a 415 names them.
const char* MediaTypesOf(RouteBody body) {
  switch (body) {
    case RouteBody::kMail:
      return "message/rfc822";
    case RouteBody::kProcedureText:
      return "application/toml or text/plain";
    case RouteBody::kUpload:
      return kUploadMediaTypes;
    case RouteBody::kJson:
      break;
  }
  return "application/json";
}

bool AcceptsMediaType(RouteBody body, std::string_view content_type) {
  if (body == RouteBody::kProcedureText)
    return IsMediaType(content_type, "application/toml") || IsMediaType(content_type, "text/plain");
  if (body == RouteBody::kUpload) return UploadMediaType(content_type).has_value();
  return IsMediaType(content_type, MediaTypesOf(body));
}

// The largest body a route takes (the transport refuses more than the largest of these).
size_t BodyLimit(RouteBody body, const RequestLimits& limits) {
  switch (body) {
    case RouteBody::kMail:
      return limits.max_mail_bytes;
    case RouteBody::kUpload:
      return limits.max_upload_bytes;
    case RouteBody::kJson:
    case RouteBody::kProcedureText:
      break;
  }
  return limits.max_body_bytes;
}

// `/` when no site is configured: the pages are a separate build.
ApiResponse PagesNotBuilt() {
  ApiResponse r{404,
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>tierdesk</title>"
                "</head><body><h1>tierdesk</h1><p>The web pages are not built. Build them with "
                "<code>bash scripts/build-web.sh</code> and restart the server (or give it "
                "<code>--web-root DIR</code>). The API is at <a href=\"/api/openapi.json\">"
                "/api/openapi.json</a>.</p></body></html>",
                "text/html; charset=utf-8"};
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace

Api::Api(service::Engine& engine, std::vector<service::Store*> readers,
         const core::Procedure& procedure, const Clock& clock, Metrics& metrics, ApiOptions options,
         VirtualClock* simulated)
    : options_(std::move(options)),
      clock_(clock),
      metrics_(metrics),
      readers_(std::move(readers)),
      procedure_(procedure),
      limiter_(options_.requests_per_second, options_.burst),
      uploads_(readers_, clock, options_.limits),
      tickets_(engine, readers_, procedure_, clock, options_.limits, uploads_, options_.link_key),
      tokens_(readers_, procedure_, clock, options_.limits, ends_),
      clients_(readers_, options_.limits),
      articles_(readers_, procedure_, clock, options_.limits, uploads_),
      questionnaires_(procedure_, options_.limits),
      procedure_routes_(engine, readers_, procedure_, clock, ends_),
      mail_(readers_, procedure_),
      operations_(engine, readers_, procedure_, clock, simulated, metrics, options_),
      streams_(readers_, procedure_, options_.limits),
      links_(engine, readers_, clock, options_.limits, options_.link_key),
      sessions_(readers_, procedure_, clock, options_, ends_) {}

void Api::SetStreamHub(StreamHub* hub) {
  streams_.SetStreamHub(hub);
  ends_.SetStreamHub(hub);
}

size_t Api::BodyLimitFor(std::string_view method, std::string_view target) const {
  const RouteMatch match =
      MatchRoute(Routes(), method, PathSegments(target.substr(0, target.find('?'))));
  const RouteBody body = match.index >= 0 ? Routes()[size_t(match.index)].body : RouteBody::kJson;
  return BodyLimit(body, options_.limits);
}

std::string ApiRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

void Api::Handle(ApiRequest request, Respond respond) {
  const auto started = std::chrono::steady_clock::now();
  request.remote =
      ClientAddress(request.remote, request.Header("x-forwarded-for"), options_.trusted_proxies);
  ++in_flight_;
  // Every answer passes here, exactly once: count it, time it, and release the in-flight slot.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Respond finish = [this, started, answered, method = request.method,
                    respond = std::move(respond)](ApiResponse response) {
    if (answered->exchange(true)) return;
    AddSecurityHeaders(response);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.ObserveRequest(method, response.route.empty() ? "unmatched" : response.route,
                            response.status, seconds);
    respond(std::move(response));
    --in_flight_;
  };
  if (draining_) {
    ApiResponse r = ErrorResponse(Refusal::kUnavailable, "tierdesk is shutting down");
    r.headers.emplace_back("Retry-After", "5");
    return finish(std::move(r));
  }
  if (auto bad = BadEncoding(request)) return finish(std::move(*bad));
  try {
    Route(request, finish);
  } catch (const std::exception& e) {
    // A handler's bug must cost one request, never the process or the in-flight count.
    finish(ErrorResponse(Refusal::kInternal, std::string("the request failed: ") + e.what()));
  }
}

std::optional<ApiResponse> Api::CheckCaller(const ApiRequest& request, const RouteInfo* route,
                                            std::optional<Principal>& caller) {
  auto refuse = [](ApiResponse r, std::string_view name) {
    r.route = name;
    return std::optional<ApiResponse>(std::move(r));
  };
  // Each caller gets its fair share: credentials are read even for the login, to tell callers
  // apart (a caller without them is known by address).
  Result<Principal> who;
  {
    std::optional<ReaderPool::Lease> reader;  // only when the credential cache cannot answer
    who = Authenticate(
        request.Header("authorization"), request.Header("cookie"),
        [&]() -> service::Store& { return *reader.emplace(readers_.Borrow()); }, *procedure_,
        clock_.Now(), credentials_, std::chrono::steady_clock::now());
  }
  double wait = 0;
  if (!limiter_.Allow(who ? "actor:" + who->actor : "addr:" + CallerNetwork(request.remote),
                      std::chrono::steady_clock::now(), &wait)) {
    ApiResponse r = ErrorResponse(Refusal::kRateLimited, "too many requests; slow down");
    r.headers.emplace_back("Retry-After", std::to_string(int(wait) + 1));
    return refuse(std::move(r), "/api/v1");
  }
  if (route && route->access == RouteAccess::kLogin) {
    if (!IsMediaType(request.Header("content-type"), "application/json"))
      return refuse(ErrorResponse(Refusal::kUnsupportedMediaType,
                                  "send the body as application/json", "Content-Type"),
                    route->name);
    if (request.body.size() > options_.limits.max_body_bytes)
      return refuse(BodyTooLarge(options_.limits.max_body_bytes), route->name);
    return std::nullopt;
  }
  if (!who) {
    if (who.error().code != ErrorCode::kPermissionDenied)
      return refuse(ErrorResponse(who.error()), "/api/v1");
    ApiResponse r = ErrorResponse(Refusal::kUnauthenticated, who.error().message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return refuse(std::move(r), "/api/v1");
  }
  // Received mail comes whole, as message/rfc822; a procedure file as TOML; a file to attach as
  // itself (an image, a PDF, text); the rest is JSON.
  const RouteBody body = route ? route->body : RouteBody::kJson;
  const bool mail = body == RouteBody::kMail;
  if (request.method == "POST") {
    if (who->read_only)
      return refuse(ErrorResponse(Refusal::kPermissionDenied, "this token is read-only"),
                    "/api/v1");
    // A browser session's writes must prove they come from our pages, not another site's.
    if (who->by_session() && request.Header("x-csrf-token") != who->csrf_token)
      return refuse(ErrorResponse(Refusal::kCsrf, "send the session's CSRF token in X-CSRF-Token",
                                  "X-CSRF-Token"),
                    "/api/v1");
    const size_t limit = BodyLimit(body, options_.limits);
    if (request.body.size() > limit) return refuse(BodyTooLarge(limit), "/api/v1");
    if (!request.body.empty() && !AcceptsMediaType(body, request.Header("content-type")))
      return refuse(
          ErrorResponse(Refusal::kUnsupportedMediaType,
                        std::string("send the body as ") + MediaTypesOf(body), "Content-Type"),
          "/api/v1");
  }
  // The gateway's token hands in mail and does nothing else.
  if (who->mail_gateway && !mail)
    return refuse(ErrorResponse(Refusal::kPermissionDenied, "the mail gateway only hands in mail"),
                  "/api/v1");
  caller = std::move(*who);
  return std::nullopt;
}

void Api::Route(const ApiRequest& request, Respond& respond) {
  const std::vector<std::string> segments = PathSegments(request.path);
  RouteMatch match = MatchRoute(Routes(), request.method, segments);
  const RouteEntry* entry = match.index >= 0 ? &Table()[match.index] : nullptr;
  auto answer = [&](ApiResponse r, std::string_view name) {
    r.route = name;
    respond(std::move(r));
  };
  // A request no entry takes is checked like its neighbours before it hears 404 or 405: under
  // /api/v1 only a caller with credentials learns which paths exist.
  const bool under_api_v1 = segments.size() >= 3 && segments[0] == "api" && segments[1] == "v1";
  const RouteAccess access = entry          ? entry->info.access
                             : under_api_v1 ? RouteAccess::kCaller
                                            : RouteAccess::kOpen;
  std::optional<Principal> who;
  if (access == RouteAccess::kByAddress &&
      !limiter_.Allow("addr:" + CallerNetwork(request.remote), std::chrono::steady_clock::now()))
    return answer(ErrorResponse(Refusal::kRateLimited, "too many requests; slow down"),
                  entry->info.name);
  if (access == RouteAccess::kLogin || access == RouteAccess::kCaller)
    if (auto refused = CheckCaller(request, entry ? &entry->info : nullptr, who))
      return respond(std::move(*refused));
  if (entry) {
    Respond routed = [respond, name = entry->info.name](ApiResponse r) {
      r.route = name;
      respond(std::move(r));
    };
    const RouteCall call{request, who ? &*who : nullptr, match.params, entry->info};
    return entry->handler(*this, call, std::move(routed));
  }
  if (match.path_index >= 0) {
    ApiResponse r =
        ErrorResponse(Refusal::kMethodNotAllowed, request.method + " is not allowed here");
    r.headers.emplace_back("Allow", match.allowed);
    return answer(std::move(r), Table()[match.path_index].info.name);
  }
  if (auto page = WebPage(request, segments)) return answer(std::move(*page), "/{page}");
  answer(ErrorResponse(Refusal::kNotFound, "no such route: " + request.path), "");
}

std::optional<ApiResponse> Api::WebPage(const ApiRequest& request,
                                        const std::vector<std::string>& segments) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  // The API's own paths never fall back to a page: a mistyped call hears a JSON 404.
  static const std::set<std::string_view> kApiPaths = {"api", "l", "healthz", "readyz", "metrics"};
  if (!segments.empty() && kApiPaths.count(segments[0])) return std::nullopt;
  if (site_) return site_->Answer(request.path, request.Header("if-none-match"));
  if (segments.empty()) return PagesNotBuilt();
  return std::nullopt;
}

}  // namespace tierdesk::http
